/**
 * Command line: flags -> answers (preset or wizard) -> resolve -> plan -> render -> write.
 * Exit codes (contract §1): 0 ok, 2 bad input, 1 unexpected failure, 130 cancelled.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { InternalError, UserError, oneLine } from './errors.js';
import { TOOL_NAME, TOOL_VERSION } from './generated/meta.js';
import { applySet, loadPreset, type LoadedPreset } from './preset/load.js';
import { validatePreset } from './preset/validate.js';
import { KNOWN_RELEASES, SUPPORTED_RANGE, latestPerMinor } from './catalog/index.js';
import { resolve } from './resolve.js';
import { buildPlan, type Plan } from './plan.js';
import { renderPlan } from './render/index.js';
import { checkOutDir, cleanupStaging, writeOutput } from './write.js';

export const HELP = `${TOOL_NAME} ${TOOL_VERSION}
Generate coordinated, version-correct KServe Helm values, Knative/Istio/Gateway API manifests and an
INSTALL.md for KServe ${SUPPORTED_RANGE}.

Usage:
  npx ${TOOL_NAME}                                 interactive wizard (needs a terminal)
  ${TOOL_NAME} --preset FILE [--out DIR] [--set PATH=VALUE ...] [--force] [--dry-run]
  ${TOOL_NAME} --yes [--set PATH=VALUE ...]        defaults for the newest KServe, no questions
  ${TOOL_NAME} --help | --version

Options:
  --preset FILE      read answers from a preset YAML file ("-" reads stdin); see presets/
  --out DIR          output folder (default ./kserve-config)
  --set PATH=VALUE   override one preset key, e.g. --set kserve.version=0.16.0 (repeatable)
  --force            write into a non-empty folder: files this tool writes are replaced, others kept
  --dry-run          validate and list the files that would be written, and why; write nothing
  -y, --yes          accept every default without asking
  -h, --help         show this help
  -v, --version      print the version

Exit codes: 0 done, 2 bad input, 1 unexpected failure, 130 cancelled.
`;

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => string;
  stdinIsTTY: boolean;
}

const defaultIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readStdin: () => readFileSync(0, 'utf8'),
  stdinIsTTY: Boolean(process.stdin.isTTY),
};

interface Flags {
  preset?: string;
  out: string;
  set: string[];
  force: boolean;
  dryRun: boolean;
  yes: boolean;
  help: boolean;
  version: boolean;
}

export function parseFlags(argv: string[]): Flags {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        preset: { type: 'string', short: 'p' },
        out: { type: 'string', short: 'o' },
        set: { type: 'string', multiple: true },
        force: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        yes: { type: 'boolean', short: 'y' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (err) {
    const message = (err as Error).message;
    const flag = /'(-[^' ]+)/.exec(message)?.[1] ?? 'command line';
    throw new UserError(flag, oneLine(message.replace(/\. To specify.*$/s, '')), 'see --help for the flags');
  }
  const v = parsed.values;
  if (v.out === '') throw new UserError('--out', 'is empty', 'give a folder path');
  return {
    preset: v.preset,
    out: v.out ?? 'kserve-config',
    set: v.set ?? [],
    force: v.force ?? false,
    dryRun: v['dry-run'] ?? false,
    yes: v.yes ?? false,
    help: v.help ?? false,
    version: v.version ?? false,
  };
}

/** Answers for --yes: every default, on the newest KServe release. */
function defaultAnswers(sets: string[]): LoadedPreset {
  const raw: Record<string, unknown> = { kserve: { version: latestPerMinor()[0] ?? KNOWN_RELEASES[KNOWN_RELEASES.length - 1] } };
  for (const s of sets) applySet(raw, s);
  return { preset: validatePreset(raw), baseDir: process.cwd() };
}

export function describePlan(plan: Plan, outDir: string): string {
  const lines = [`Would write ${plan.files.length} files to ${outDir}/ (nothing written: --dry-run):`];
  for (const f of plan.files) lines.push(`  ${f.path}${f.mode === 0o600 ? ' (mode 0600)' : ''}\n      ${f.why}`);
  return `${lines.join('\n')}\n`;
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  try {
    const flags = parseFlags(argv);
    if (flags.help) {
      io.stdout(HELP);
      return 0;
    }
    if (flags.version) {
      io.stdout(`${TOOL_VERSION}\n`);
      return 0;
    }
    let answers: LoadedPreset;
    if (flags.preset !== undefined) {
      answers = loadPreset(flags.preset, flags.set, io.readStdin);
    } else if (flags.yes) {
      answers = defaultAnswers(flags.set);
    } else if (!io.stdinIsTTY) {
      throw new UserError('--preset', 'no preset given and no terminal to ask questions on', 'pass --preset FILE (see presets/) or --yes for the defaults');
    } else {
      throw new UserError('--preset', 'the interactive wizard is not available in this version', 'pass --preset FILE (see presets/) or --yes for the defaults');
    }
    const resolved = resolve(answers.preset);
    const plan = buildPlan(resolved);
    if (!flags.dryRun) checkOutDir(flags.out, { force: flags.force });
    const files = renderPlan(plan);
    for (const w of plan.warnings) io.stderr(`warning: ${oneLine(w)}\n`);
    if (flags.dryRun) {
      io.stdout(describePlan(plan, flags.out));
      return 0;
    }
    writeOutput(flags.out, files, { force: flags.force });
    io.stdout(
      `Wrote ${files.length} files to ${flags.out}/ for KServe ${resolved.release.version} (${resolved.modeName}, ${resolved.provider}).\n` +
        `Next: follow ${flags.out}/INSTALL.md step by step.\n`,
    );
    return 0;
  } catch (err) {
    cleanupStaging();
    if (err instanceof UserError) {
      io.stderr(`${err.line()}\n`);
      return 2;
    }
    const message = err instanceof InternalError ? err.message : String((err as Error)?.message ?? err);
    io.stderr(`error: internal: ${oneLine(message)} — this is a bug in ${TOOL_NAME}; please report it with your preset\n`);
    if (process.env.CREATE_KSERVE_CONFIG_DEBUG) io.stderr(`${(err as Error)?.stack ?? ''}\n`);
    return 1;
  }
}
