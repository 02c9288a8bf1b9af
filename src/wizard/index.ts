/**
 * The interactive wizard as the CLI runs it (src/cli.ts loads this module with `await import()`):
 * the output folder first -> the questions (flow.ts) -> the same validation a preset file gets ->
 * a review of the answers and of the files that will be written and why -> write, change an
 * answer (replay.ts) or cancel. Then the CLI's normal path renders and writes, and prints
 * `summary()`: the first commands of INSTALL.md and how to repeat the run without questions.
 *
 * Nothing is written here: Ctrl+C at any question (ExitPromptError) leaves the disk untouched.
 */
import path from 'node:path';
import { UserError, oneLine } from '../errors.js';
import { TOOL_NAME, TOOL_VERSION } from '../generated/meta.js';
import { buildPlan, type Plan } from '../plan/index.js';
import { chooseCredentials, keptCredentials, readCaBundle, readCredentials, type Credentials } from '../preset/files.js';
import { applySet, type LoadedPreset } from '../preset/load.js';
import type { Preset } from '../preset/schema.js';
import { validatePreset } from '../preset/validate.js';
import { installedKind, resolve } from '../resolve/index.js';
import { outDirState } from '../write.js';
import { inquirerAsk, type Ask } from './ask.js';
import { runWizard, type CredentialSource, type WizardResult } from './flow.js';
import { PROVIDER_NAMES } from './gateway-api.js';
import { replayingAsk, type Answer } from './replay.js';

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
  /** The user chose to overwrite a folder with files in it (or passed --force). */
  force: boolean;
  /** Typed into the masked prompts: for the storage-config Secret only, never printed or kept in kserve-config.yaml. */
  credentials?: Credentials;
  credentialSource?: CredentialSource;
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
  ask.note(`${TOOL_NAME} ${TOOL_VERSION}: a few questions, then a review of the answers and files before anything is written.`);
  ask.note('Enter takes the answer shown; Ctrl+C cancels at any point.');
  const folder = await askOutputFolder(ask, options.out, options.force, cwd);
  let initial = options.initial ? rebase(options.initial, cwd) : fromSets(options.sets ?? []);
  let previous = new Map<string, Answer>();
  let change: string | undefined;
  const shownNotes = new Set<string>();
  for (;;) {
    const run = replayingAsk(ask, previous, change, shownNotes);
    const result = await runWizard(run.ask, {
      initial,
      envCredentials: readCredentials(env) !== undefined,
      keptCredentials: (secretName) => keptCredentialsFile(path.resolve(cwd, folder.out), secretName),
      checkCaFile: (file) => checkCaFile(file, cwd),
    });
    previous = run.answers;
    initial = result.preset;
    const reviewed = review(ask, result, previous, folder.out, { cwd, env });
    const next = await askReviewAction(ask, previous, reviewed.plan?.files.length, folder.out, options.dryRun === true);
    if (next.action === 'cancel') throw reviewed.error ?? new WizardCancelled();
    if (next.action === 'change') {
      change = next.id;
      continue;
    }
    const { answers, plan } = reviewed as Required<Pick<Reviewed, 'answers' | 'plan'>>;
    return {
      answers,
      out: folder.out,
      force: folder.overwrite,
      ...(result.credentials ? { credentials: result.credentials } : {}),
      ...(result.credentialSource ? { credentialSource: result.credentialSource } : {}),
      summary: () => summary(plan.firstCommands, folder.out),
    };
  }
}

/**
 * The output folder comes first, so a taken folder is settled before any other question: a folder
 * with files in it can be overwritten (the files this tool writes are replaced, the others kept),
 * or another one chosen.
 */
async function askOutputFolder(ask: Ask, suggested: string, force: boolean, cwd: string): Promise<{ out: string; overwrite: boolean }> {
  let initial = suggested;
  for (;;) {
    const out = await ask.input({
      id: 'wizard.out',
      message: 'Output folder',
      description: 'INSTALL.md, kserve-config.yaml, helm/, manifests/ and the rest are written there',
      default: initial,
      validate: (v) => {
        if (v.trim() === '') return 'is empty — give a folder path';
        const state = outDirState(path.resolve(cwd, v));
        if (state === 'link') return 'is a symbolic link — give the folder it points to';
        return state === 'not-a-folder' ? 'exists and is not a folder — choose a folder path' : true;
      },
    });
    if (force || outDirState(path.resolve(cwd, out)) !== 'not-empty') return { out, overwrite: force };
    const choice = await ask.select<'overwrite' | 'other' | 'cancel'>({
      id: 'wizard.outExisting',
      message: `${out} is not empty. What now?`,
      default: 'overwrite',
      choices: [
        { name: `Overwrite ${out}`, value: 'overwrite', description: 'The files this tool writes are replaced; files of yours in it are kept (like --force)' },
        { name: 'Choose another folder', value: 'other', description: 'Back to the folder question' },
        { name: 'Cancel', value: 'cancel', description: 'Stop here; nothing is written' },
      ],
    });
    if (choice === 'cancel') throw new WizardCancelled();
    if (choice === 'overwrite') return { out, overwrite: true };
    initial = out;
  }
}

interface Reviewed {
  answers?: LoadedPreset;
  plan?: Plan;
  /** Why these answers cannot be written (e.g. a digest for an image this install does not pull). */
  error?: UserError;
}

/** The same checks a preset file goes through and the same pipeline the CLI runs, shown for review. */
function review(ask: Ask, result: WizardResult, answers: ReadonlyMap<string, Answer>, out: string, io: { cwd: string; env: NodeJS.ProcessEnv }): Reviewed {
  ask.note('');
  ask.note('Review. Your answers:');
  for (const a of answers.values()) ask.note(`  ${a.message}: ${a.shown}`);
  try {
    const preset = validatePreset(absoluteCaPath(result.preset, io.cwd));
    const caBundle = readCaBundle(preset, io.cwd, io.cwd);
    const { credentials } = chooseCredentials(preset, path.resolve(io.cwd, out), io.env, { typed: result.credentials, source: result.credentialSource });
    const resolved = resolve(preset, { caBundle, credentials });
    const plan = buildPlan(resolved);
    const kind = resolved.predictive ? `${installedKind(resolved)} mode` : installedKind(resolved);
    ask.note(`KServe ${resolved.release.version}, ${kind}, ${PROVIDER_NAMES[resolved.provider]}. ${plan.files.length} files go to ${out}/:`);
    for (const f of plan.files) ask.note(`  ${f.path}${f.mode === 0o600 ? ' (mode 0600)' : ''}\n      ${f.why}`);
    for (const w of plan.warnings) ask.note(`warning: ${oneLine(w)}`);
    return { answers: { preset, baseDir: io.cwd }, plan };
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    ask.note(err.line());
    return { error: err };
  }
}

type ReviewAction = { action: 'write' | 'cancel' } | { action: 'change'; id: string };

async function askReviewAction(ask: Ask, answers: ReadonlyMap<string, Answer>, fileCount: number | undefined, out: string, dryRun: boolean): Promise<ReviewAction> {
  const write = dryRun ? 'Continue (--dry-run: nothing is written)' : `Write these ${fileCount} files to ${out}/`;
  const action = await ask.select<'write' | 'change' | 'cancel'>({
    id: 'wizard.review',
    message: fileCount === undefined ? 'These answers cannot be written as they are' : 'Write the files?',
    default: fileCount === undefined ? 'change' : 'write',
    choices: [
      { name: write, value: 'write', description: 'Then INSTALL.md in that folder tells you what to run', ...(fileCount === undefined ? { disabled: 'fix the answer named above first' } : {}) },
      { name: 'Change an answer', value: 'change', description: 'Pick a question; only it (and what it makes new) is asked again' },
      { name: 'Cancel', value: 'cancel', description: 'Nothing is written' },
    ],
  });
  if (action !== 'change') return { action };
  const id = await ask.select<string>({
    id: 'wizard.change',
    message: 'Which answer?',
    choices: [...answers.values()].map((a) => ({ name: `${a.message}: ${a.shown}`, value: a.id })),
    pageSize: 15,
  });
  return { action: 'change', id };
}

/** Where the folder keeps real credentials for this Secret, when the wizard can offer to keep them. */
function keptCredentialsFile(outDir: string, secretName: string): string | undefined {
  const kept = keptCredentials(outDir, secretName);
  return kept && 'file' in kept ? kept.file : undefined; // Secrets that disagree: nothing to offer; the review says why
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
    `Re-run without questions: ${TOOL_NAME} --preset ${shellQuote(`${out.replace(/\/+$/, '')}/kserve-config.yaml`)} --out ${dir} --force`,
  ];
  return `${lines.join('\n')}\n`;
}
