/**
 * Command line: flags -> answers (preset or wizard) -> resolve -> plan -> render -> write.
 * Exit codes (contract §1): 0 ok, 2 bad input, 1 unexpected failure, 130 cancelled.
 */
import { parseCommandLine } from './flags.js';
import { InternalError, UserError, oneLine, quote } from './errors.js';
import { TOOL_NAME, TOOL_VERSION } from './generated/meta.js';
import { applySet, loadPreset, type LoadedPreset } from './preset/load.js';
import { validatePreset } from './preset/validate.js';
import { chooseCredentials, readCaBundle } from './preset/files.js';
import { KNOWN_RELEASES, latestPerMinor } from './catalog/index.js';
import { HELP } from './help.js';
import { installedKind, resolve } from './resolve/index.js';
import { buildPlan, type Plan } from './plan/index.js';
import { renderPlan, type RenderedFile } from './render/index.js';
import { explainFiles, filterExplanations, formatExplanations } from './explain.js';
import { checkOutDir, cleanupStaging, writeOutput, type WriteResult } from './write.js';
import { readProcessStdin, type StdinReader } from './input.js';
import { CHECKSUMS_FILE } from './checksums.js';
// No prompt library behind this import (ask.ts loads Inquirer lazily): only the Ctrl+C test.
import { isCancel } from './wizard/ask.js';

export { HELP };

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: StdinReader;
  stdinIsTTY: boolean;
  /** The wizard needs a terminal on both sides; absent means "same as stdin". */
  stdoutIsTTY?: boolean;
}

const defaultIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readStdin: readProcessStdin,
  // Getters: the streams are only looked at when the wizard might run.
  get stdinIsTTY() {
    return Boolean(process.stdin.isTTY);
  },
  get stdoutIsTTY() {
    return Boolean(process.stdout.isTTY);
  },
};

interface Flags {
  preset?: string;
  out: string;
  set: string[];
  force: boolean;
  dryRun: boolean;
  /** --explain KEY: why the values whose key path mentions KEY are set (implies --dry-run). */
  explain?: string;
  yes: boolean;
  edit: boolean;
  help: boolean;
  version: boolean;
}

export function parseFlags(argv: string[]): Flags {
  const parsed = parseCommandLine(
    argv,
    {
      preset: { type: 'string', short: 'p' },
      out: { type: 'string', short: 'o' },
      set: { type: 'string', multiple: true },
      force: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      explain: { type: 'string' },
      yes: { type: 'boolean', short: 'y' },
      edit: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
    false,
    '--help',
  );
  const v = parsed.values;
  if (v.out === '') throw new UserError('--out', 'is empty', 'give a folder path');
  return {
    preset: v.preset,
    out: v.out ?? 'kserve-config',
    set: v.set ?? [],
    force: v.force ?? false,
    dryRun: (v['dry-run'] ?? false) || v.explain !== undefined,
    explain: v.explain,
    yes: v.yes ?? false,
    edit: v.edit ?? false,
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

export function describePlan(plan: Plan, outDir: string, files: readonly RenderedFile[], explain?: string): string {
  const all = explainFiles(files, new Map(plan.files.map((f) => [f.path, f.why])));
  if (explain !== undefined) {
    const matches = filterExplanations(all, explain);
    if (matches.length === 0) {
      throw new UserError('--explain', `no generated value matches ${quote(explain)}`, 'try a key such as deploymentMode, localGateway, domain or registries-skipping-tag-resolving');
    }
    return `Why these values are set (nothing written):\n${formatExplanations(matches)}`;
  }
  const lines = [`Would write ${plan.files.length} files to ${outDir}/ (nothing written: --dry-run):`];
  for (const f of plan.files) lines.push(`  ${f.path}${f.mode === 0o600 ? ' (mode 0600)' : ''}\n      ${f.why}`);
  lines.push('', 'Values and why they are set (`--explain KEY` shows one):');
  return `${lines.join('\n')}\n${formatExplanations(all)}`;
}

/** "a, b and 3 more" */
function listed(paths: readonly string[]): string {
  return paths.length > 4 ? `${paths.slice(0, 4).join(', ')} and ${paths.length - 4} more` : paths.join(', ');
}

/** What a --force run kept that may be stale: edited files an earlier run wrote, or files of unknown origin. */
function forceWarnings(w: WriteResult): string[] {
  const out: string[] = [];
  const applied = (paths: readonly string[]) => (paths.some((p) => p.startsWith('manifests/')) ? ' (`kubectl apply -f manifests/` would apply them; `-k` would not)' : '');
  if (w.changed.length) {
    out.push(`--force kept ${listed(w.changed)}: an earlier run wrote ${w.changed.length === 1 ? 'it' : 'them'} and ${w.changed.length === 1 ? 'it was' : 'they were'} changed since, but this configuration does not write ${w.changed.length === 1 ? 'it' : 'them'}${applied(w.changed)}; delete what you do not need`);
  }
  if (w.unknownOrigin) {
    out.push(`--force kept ${listed(w.kept)}: this configuration does not write ${w.kept.length === 1 ? 'it' : 'them'}, and the folder has no ${CHECKSUMS_FILE} to tell an earlier run's files from yours${applied(w.kept)}`);
  }
  return out;
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  // The sub-commands load only when asked for, like the wizard.
  if (argv[0] === 'check') return (await import('./check/index.js')).runCheck(argv.slice(1), io);
  if (argv[0] === 'upgrade') return (await import('./upgrade/index.js')).runUpgrade(argv.slice(1), io);
  try {
    const flags = parseFlags(argv);
    if (flags.help || flags.version) {
      io.stdout(flags.help ? HELP : `${TOOL_VERSION}\n`);
      return 0;
    }
    return await generate(flags, io);
  } catch (err) {
    cleanupStaging();
    if (isCancel(err)) {
      // Ctrl+C in a prompt (or the review declined): nothing has been written.
      io.stderr('Cancelled\n');
      return 130;
    }
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

type Wizard = import('./wizard/index.js').InteractiveResult;

/** The answers: a preset, the defaults (--yes), or the wizard (which may also pick --out and --force). */
async function collectAnswers(flags: Flags, io: Io): Promise<{ answers: LoadedPreset; wizard?: Wizard }> {
  if (flags.edit && flags.preset === undefined) {
    throw new UserError('--edit', 'needs --preset FILE to pre-fill the questions from', 'pass --preset FILE --edit, or leave out --edit to start from the defaults');
  }
  if (flags.yes || (flags.preset !== undefined && !flags.edit)) {
    return { answers: flags.preset !== undefined ? await loadPreset(flags.preset, flags.set, io.readStdin) : defaultAnswers(flags.set) };
  }
  if (!io.stdinIsTTY || !(io.stdoutIsTTY ?? io.stdinIsTTY)) {
    if (flags.edit) throw new UserError('--edit', 'needs a terminal to ask the questions on', 'run it in a terminal, or leave out --edit to generate from the preset as it is');
    throw new UserError('--preset', 'no preset given and no terminal to ask questions on', 'pass --preset FILE (see presets/) or --yes for the defaults');
  }
  // The wizard (and Inquirer) load only here, so preset runs never pay for them.
  const { runInteractive } = await import('./wizard/index.js');
  const initial = flags.preset !== undefined ? await loadPreset(flags.preset, flags.set, io.readStdin) : undefined;
  const wizard = await runInteractive({ initial, sets: flags.set, out: flags.out, force: flags.force, dryRun: flags.dryRun });
  flags.out = wizard.out;
  flags.force ||= wizard.force;
  return { answers: wizard.answers, wizard };
}

/** answers -> resolve -> plan -> render -> write (or describe, for --dry-run). */
async function generate(flags: Flags, io: Io): Promise<number> {
  const { answers, wizard } = await collectAnswers(flags, io);
  // The edge reads what the preset points at (CA file) and the credentials; resolve() stays pure.
  // Credentials typed into the wizard's masked prompt go only into the Secret, like those from the environment.
  const { credentials, kept: keptCredentials } = chooseCredentials(answers.preset, flags.out, process.env, { typed: wizard?.credentials, source: wizard?.credentialSource });
  const resolved = resolve(answers.preset, { caBundle: readCaBundle(answers.preset, answers.baseDir), credentials });
  const plan = buildPlan(resolved);
  if (!flags.dryRun) for (const w of checkOutDir(flags.out, { force: flags.force })) io.stderr(`warning: ${oneLine(w)}\n`);
  const files = renderPlan(plan);
  // The wizard's review has shown them already.
  if (!wizard) for (const w of plan.warnings) io.stderr(`warning: ${oneLine(w)}\n`);
  if (flags.dryRun) {
    io.stdout(describePlan(plan, flags.out, files, flags.explain));
    return 0;
  }
  const written = await writeOutput(flags.out, files, { force: flags.force });
  for (const w of [...written.warnings, ...forceWarnings(written)]) io.stderr(`warning: ${oneLine(w)}\n`);
  io.stdout(
    `Wrote ${files.length} files to ${flags.out}/ for KServe ${resolved.release.version} (${installedKind(resolved)}, ${resolved.provider}).\n` +
      `Next: follow ${flags.out}/INSTALL.md step by step.\n`,
  );
  if (written.removed.length) io.stdout(`Removed ${listed(written.removed)}: an earlier run wrote them, and this configuration does not.\n`);
  if (keptCredentials) io.stdout(`Kept the S3 credentials of ${keptCredentials} (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY to write others).\n`);
  if (wizard) io.stdout(wizard.summary());
  return 0;
}
