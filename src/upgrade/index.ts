/**
 * `create-kserve-config upgrade FOLDER --to VERSION [--out DIR] [--dry-run] [--format text|json]`
 * (contract v2 §3): the configuration for VERSION, from FOLDER's kserve-config.yaml, plus UPGRADE.md,
 * the ordered steps from what FOLDER describes to it. Exit codes as for generate.
 */
import path from 'node:path';
import { parseCommandLine } from '../flags.js';
import { UserError, oneLine, quote } from '../errors.js';
import { TOOL_NAME } from '../generated/meta.js';
import { renderTemplate } from '../render/engine.js';
import { parseYamlDocuments } from '../render/validate.js';
import type { RenderedFile } from '../render/index.js';
import { checkOutDir, cleanupStaging, writeOutput } from '../write.js';
import { editedFiles, loadSides } from './sides.js';
import { buildSteps } from './steps/index.js';
import { markdownContext, toJson, toText, type UpgradeResult } from './report.js';
import type { UpgradeContext } from './types.js';
import { diffValues } from './values-diff.js';

const UPGRADE_HELP = `Usage: ${TOOL_NAME} upgrade FOLDER --to VERSION [--out DIR] [--force] [--dry-run] [--format text|json]

Plans the upgrade of the install FOLDER describes (a folder ${TOOL_NAME} wrote; its kserve-config.yaml
says what is installed) to KServe VERSION. Writes, to --out (default FOLDER-VERSION), the complete
configuration for VERSION (the same answers, re-resolved) and UPGRADE.md: every step in order, with
the exact commands, a check and a rollback for each, and the Helm values diff per chart.

Options:
  --to VERSION          the KServe release to upgrade to, e.g. 0.20.0
  --out DIR             output folder (default FOLDER-VERSION); never FOLDER itself
  --force               write into a non-empty --out: files this tool writes are replaced
  --dry-run             list the steps and the values changes; write nothing
  --format text|json    json: the plan on stdout (from, to, steps, values, files)
  -h, --help            show this help

Exit codes: 0 done, 2 bad input, 1 unexpected failure.
`;

interface UpgradeIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

interface UpgradeFlags {
  folder: string;
  to: string;
  out: string;
  force: boolean;
  dryRun: boolean;
  format: 'text' | 'json';
}

function parseUpgradeFlags(argv: string[]): UpgradeFlags | 'help' {
  const parsed = parseCommandLine(
    argv,
    {
      to: { type: 'string' },
      out: { type: 'string', short: 'o' },
      force: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      format: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
    `\`${TOOL_NAME} upgrade --help\``,
  );
  const v = parsed.values;
  if (v.help) return 'help';
  const [folder, ...extra] = parsed.positionals;
  if (folder === undefined) throw new UserError('upgrade', 'no FOLDER given', 'pass the folder create-kserve-config wrote for the running install, e.g. `upgrade kserve-config --to 0.20.0`');
  if (extra.length) throw new UserError('upgrade', `one FOLDER expected, got ${parsed.positionals.length}: ${quote(parsed.positionals.join(' '))}`, 'pass exactly one folder');
  if (v.to === undefined || v.to === '') throw new UserError('--to', 'is required', 'name the KServe release to upgrade to, e.g. --to 0.20.0');
  const format = v.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UserError('--format', `${quote(format)} is not an output format`, 'use --format text or --format json');
  if (v.out === '') throw new UserError('--out', 'is empty', 'give a folder path');
  const out = v.out ?? defaultOut(folder, v.to);
  if (path.resolve(out) === path.resolve(folder)) {
    throw new UserError('--out', `${quote(out)} is FOLDER itself`, 'write the new configuration next to it (the default is FOLDER-VERSION): FOLDER describes what runs until the upgrade is done');
  }
  return { folder, to: v.to, out, force: v.force ?? false, dryRun: v['dry-run'] ?? false, format };
}

const defaultOut = (folder: string, to: string) => `${folder.replace(/[\\/]+$/, '')}-${to.replace(/^v/, '')}`;

/** Plans the upgrade: both sides, the steps, the values diff and every file to write into `out`. */
export async function planUpgrade(folder: string, to: string, out = defaultOut(folder, to)): Promise<UpgradeResult & { files: RenderedFile[] }> {
  const sides = await loadSides(folder, to);
  // UPGRADE.md lives in `out` and its commands run there: FOLDER is named relative to it.
  const fromOut = path.relative(path.resolve(out), path.resolve(folder)).split(path.sep).join('/');
  const ctx: UpgradeContext = { folder: fromOut, ...sides, edited: editedFiles(folder, sides.from), extraFiles: new Map(), extraImages: new Set(), extraPulls: [] };
  const steps = buildSteps(ctx);
  const values = diffValues(ctx.from, ctx.to);
  const result = { ctx, steps, values };
  const extra = [...ctx.extraFiles.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
  for (const f of extra) if (f.path.endsWith('.yaml')) parseYamlDocuments(f);
  const markdown = `${renderTemplate('UPGRADE.md', markdownContext(result)).replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
  const files: RenderedFile[] = [
    ...ctx.to.files,
    ...extra.map((f) => ({ path: f.path, content: f.content, mode: 0o644 })),
    { path: 'UPGRADE.md', content: markdown, mode: 0o644 },
  ];
  return { ...result, files };
}

export async function runUpgrade(argv: string[], io: UpgradeIo): Promise<number> {
  try {
    const flags = parseUpgradeFlags(argv);
    if (flags === 'help') {
      io.stdout(UPGRADE_HELP);
      return 0;
    }
    if (!flags.dryRun) for (const w of checkOutDir(flags.out, { force: flags.force })) io.stderr(`warning: ${oneLine(w)}\n`);
    const plan = await planUpgrade(flags.folder, flags.to, flags.out);
    for (const w of plan.ctx.to.plan.warnings) io.stderr(`warning: ${oneLine(w)}\n`);
    if (plan.ctx.edited.length) {
      io.stderr(`warning: ${oneLine(`${plan.ctx.edited.join(', ')} in ${flags.folder} differ from what its kserve-config.yaml generates: the plan and the new folder do not carry those edits over (UPGRADE.md step 1 says so)`)}\n`);
    }
    if (!flags.dryRun) {
      const { warnings } = await writeOutput(flags.out, plan.files, { force: flags.force });
      for (const w of warnings) io.stderr(`warning: ${oneLine(w)}\n`);
    }
    io.stdout(flags.format === 'json' ? toJson(plan) : toText(plan, flags.out, !flags.dryRun));
    return 0;
  } catch (err) {
    cleanupStaging();
    if (err instanceof UserError) {
      io.stderr(`${err.line()}\n`);
      return 2;
    }
    io.stderr(`error: internal: ${oneLine(String((err as Error)?.message ?? err))} — this is a bug in ${TOOL_NAME}; please report it with your folder's kserve-config.yaml\n`);
    if (process.env.CREATE_KSERVE_CONFIG_DEBUG) io.stderr(`${(err as Error)?.stack ?? ''}\n`);
    return 1;
  }
}
