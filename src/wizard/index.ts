/**
 * The interactive wizard as the CLI runs it (src/cli.ts loads this module with `await import()`):
 * questions (flow.ts) -> the same validation a preset file gets -> a review of the files that will
 * be written and why -> confirm. Then the CLI's normal path renders and writes, and prints
 * `summary()`: the next commands from INSTALL.md and how to repeat the run without questions.
 *
 * Nothing is written here: Ctrl+C at any question (ExitPromptError) leaves the disk untouched.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError, oneLine } from '../errors.js';
import { TOOL_NAME, TOOL_VERSION } from '../generated/meta.js';
import { buildPlan } from '../plan/index.js';
import { readCaBundle, readCredentials, type Credentials } from '../preset/files.js';
import { applySet, type LoadedPreset } from '../preset/load.js';
import type { Preset } from '../preset/schema.js';
import { validatePreset } from '../preset/validate.js';
import { resolve } from '../resolve/index.js';
import { inquirerAsk, type Ask, type Validate } from './ask.js';
import { runWizard } from './flow.js';

export interface InteractiveOptions {
  /** Default: Inquirer on stdin/stdout. */
  ask?: Ask;
  /** --preset FILE --edit: every question starts from this preset. */
  initial?: LoadedPreset;
  /** --set overrides; applied to the defaults when there is no preset (a preset already has them). */
  sets?: readonly string[];
  out: string;
  force: boolean;
  /** --dry-run: the review ends with "continue?" since nothing will be written. */
  dryRun?: boolean;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface InteractiveResult {
  /** Validated exactly like a preset file (relative paths are relative to the working folder). */
  answers: LoadedPreset;
  out: string;
  /** Typed into the masked prompts: for the storage-config Secret only, never printed or kept in kserve-config.yaml. */
  credentials?: Credentials;
  /** What to print once the files are written: the first commands of INSTALL.md, and how to run again. */
  summary(): string;
}

/** Thrown when the review is declined: the CLI treats it like Ctrl+C (nothing written, exit 130). */
export class WizardCancelled extends Error {
  constructor() {
    super('declined at the review');
    this.name = 'WizardCancelled';
  }
}

export async function runInteractive(options: InteractiveOptions): Promise<InteractiveResult> {
  const ask = options.ask ?? inquirerAsk();
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  let initial = options.initial ? rebase(options.initial, cwd) : fromSets(options.sets ?? []);
  let out = options.out;
  ask.note(`${TOOL_NAME} ${TOOL_VERSION}: a few questions, then a review of the files before anything is written.`);
  ask.note('Enter takes the answer shown; Ctrl+C cancels at any point.');
  for (;;) {
    const result = await runWizard(ask, {
      initial,
      out,
      envCredentials: readCredentials(env) !== undefined,
      checkCaFile: (file) => checkCaFile(file, cwd),
      checkOutDir: (dir) => checkOutDir(path.resolve(cwd, dir), options.force),
    });
    out = result.out;
    let answers: LoadedPreset;
    let plan;
    try {
      // The same checks a preset file goes through, then the same pipeline the CLI runs.
      const preset = validatePreset(absoluteCaPath(result.preset, cwd));
      answers = { preset, baseDir: cwd };
      const caBundle = readCaBundle(preset, cwd, cwd);
      const resolved = resolve(preset, { caBundle, credentials: result.credentials ?? readCredentials(env) });
      plan = buildPlan(resolved);
      ask.note('');
      ask.note(`Review: KServe ${resolved.release.version}, ${resolved.modeName} mode, ${resolved.provider === 'kong' ? 'Kong' : 'Istio'}. ${plan.files.length} files go to ${out}/:`);
      for (const f of plan.files) ask.note(`  ${f.path}${f.mode === 0o600 ? ' (mode 0600)' : ''}\n      ${f.why}`);
      for (const w of plan.warnings) ask.note(`warning: ${oneLine(w)}`);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      // An answer the version or another answer rules out (e.g. a digest for an image this install does not use).
      ask.note(err.line());
      const retry = await ask.confirm({ id: 'wizard.retry', message: 'Go back and change your answers?', default: true });
      if (!retry) throw err;
      initial = result.preset;
      continue;
    }
    const message = options.dryRun ? 'Continue (--dry-run: nothing is written)?' : `Write these ${plan.files.length} files to ${out}/?`;
    const write = await ask.confirm({ id: 'wizard.confirm', message, default: true });
    if (!write) throw new WizardCancelled();
    return { answers, out, ...(result.credentials ? { credentials: result.credentials } : {}), summary: () => summary(plan.firstCommands, out) };
  }
}

/** Defaults (newest release) plus --set, so `--set kserve.version=0.14.1` pre-selects that version. */
function fromSets(sets: readonly string[]): Record<string, unknown> | undefined {
  if (sets.length === 0) return undefined;
  const raw: Record<string, unknown> = {};
  for (const s of sets) applySet(raw, s);
  return raw;
}

/**
 * A preset's CA path is relative to the preset's folder; the wizard's answers are relative to the
 * working folder (where the user types them), so --edit shows it that way.
 */
function rebase(loaded: LoadedPreset, cwd: string): Record<string, unknown> {
  const preset = structuredClone(loaded.preset) as Preset;
  const file = preset.storage.caBundle.file;
  if (file !== '' && !path.isAbsolute(file)) {
    const abs = path.resolve(loaded.baseDir, file);
    const rel = path.relative(cwd, abs);
    preset.storage.caBundle.file = rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel.split(path.sep).join('/');
  }
  return preset as unknown as Record<string, unknown>;
}

/**
 * The user typed the CA path themselves, so it may point anywhere (like an absolute path in a preset);
 * kserve-config.yaml never keeps it: it points at the copy in certs/.
 */
function absoluteCaPath(raw: Record<string, unknown>, cwd: string): Record<string, unknown> {
  const copy = structuredClone(raw) as { storage?: { caBundle?: { file?: unknown } } };
  const file = copy.storage?.caBundle?.file;
  if (typeof file === 'string' && file !== '') copy.storage!.caBundle!.file = path.resolve(cwd, file);
  return copy as Record<string, unknown>;
}

/** The CA file as typed: exists, is a file, holds PEM certificates and no key (readCaBundle's own checks). */
export function checkCaFile(file: string, cwd: string): true | string {
  try {
    readCaBundle({ storage: { caBundle: { file: path.resolve(cwd, file) } } } as Preset, cwd, cwd);
    return true;
  } catch (err) {
    if (err instanceof UserError) return `${err.problem} — ${err.fix}`;
    throw err;
  }
}

/** Read-only version of write.ts's --out check, for as-you-type validation. */
const checkOutDir = (dir: string, force: boolean): ReturnType<Validate> => {
  let st;
  try {
    st = statSync(dir);
  } catch {
    return true; // created when the files are written
  }
  if (!st.isDirectory()) return 'exists and is not a folder — choose a folder path';
  if (!force && readdirSync(dir).length > 0) {
    return 'is not empty — choose a new folder, or run again with --force to replace the files this tool writes';
  }
  return true;
};

function shellQuote(text: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

function summary(firstCommands: readonly string[], out: string): string {
  const dir = shellQuote(out);
  const lines = [
    '',
    `Start with these (INSTALL.md has every step and its checks):`,
    `  cd ${dir}`,
    ...firstCommands.map((c) => `  ${c}`),
    '',
    `Re-run without questions: npx ${TOOL_NAME} --preset ${shellQuote(`${out.replace(/\/+$/, '')}/kserve-config.yaml`)} --out ${dir} --force`,
  ];
  return `${lines.join('\n')}\n`;
}
