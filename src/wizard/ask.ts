/**
 * The seam between the wizard's flow and the terminal. flow.ts only talks to an `Ask`, so tests
 * drive it with canned answers and the CLI drives it with Inquirer (`inquirerAsk`).
 *
 * Start-up: nothing here imports @inquirer at module load. `inquirerAsk()` loads the prompts with
 * `await import()` the first time a question is asked, so a --preset or --yes run never evaluates
 * them (scripts/build.ts fails the build if anything outside src/wizard/ imports them statically).
 */
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { wrapAnsi } from 'fast-wrap-ansi';

export interface Choice<T> {
  name: string;
  value: T;
  /** One line: what choosing this leads to. Shown under the list for the highlighted choice. */
  description?: string;
  /** true, or the reason it cannot be chosen (shown next to it). */
  disabled?: boolean | string;
}

interface Question {
  /** Stable id: the preset key the answer goes to (e.g. "ingress.istio.localGateway") or "wizard.<name>". */
  id: string;
  message: string;
  /** What the answer leads to (which files or settings it ends up in), shown above the prompt. */
  description?: string;
}

export type Validate = (value: string) => true | string;

export interface SelectQuestion<T> extends Question {
  choices: Choice<T>[];
  default?: T;
  pageSize?: number;
}

export interface InputQuestion extends Question {
  default?: string;
  /** Put the default into the line for editing (instead of showing it in parentheses). */
  prefill?: boolean;
  /** Checked as the user types (the problem is shown under the line) and again on Enter. */
  validate?: Validate;
}

export interface ConfirmQuestion extends Question {
  default?: boolean;
}

export interface PasswordQuestion extends Question {
  validate?: Validate;
}

export interface Ask {
  select<T>(q: SelectQuestion<T>): Promise<T>;
  input(q: InputQuestion): Promise<string>;
  confirm(q: ConfirmQuestion): Promise<boolean>;
  /** Masked: what is typed is never echoed (only a "*" per character) and cannot be revealed. */
  password(q: PasswordQuestion): Promise<string>;
  /** A line of explanation between questions (e.g. why a question is skipped). */
  note(text: string): void;
}

export interface InquirerAskOptions {
  input?: Readable;
  output?: Writable;
  /** NO_COLOR (https://no-color.org): plain text, no ANSI colours or styles. */
  noColor?: boolean;
}

type Prompts = typeof import('./prompts.js');

const plain = (text: string): string => text;

/**
 * A theme without colours or text styles, for NO_COLOR. Inquirer colours through util.styleText,
 * which honours NO_COLOR only on newer Node releases (and evaluates its prefix colours at load
 * time), so the wizard passes this theme itself. Deep-merged over each prompt's own theme.
 */
export function plainTheme(): Record<string, unknown> {
  return {
    prefix: { idle: '?', done: '\u2714' },
    spinner: { interval: 80, frames: ['-', '\\', '|', '/'] },
    style: {
      answer: plain,
      message: plain,
      error: (text: string) => `> ${text}`,
      defaultAnswer: (text: string) => `(${text})`,
      help: plain,
      highlight: plain,
      key: (text: string) => `<${text}>`,
      disabled: plain,
      description: plain,
      keysHelpTip: (keys: [string, string][]) => keys.map(([key, action]) => `${key} ${action}`).join(' \u2022 '),
    },
  };
}

/** Inquirer's config for each kind of question (pure: the prompts-validator tests render these). */
export function selectConfig<T>(q: SelectQuestion<T>, noColor: boolean) {
  return {
    message: q.message,
    choices: q.choices.map((c) => ({
      name: c.name,
      value: c.value,
      ...(c.description === undefined ? {} : { description: c.description }),
      ...(c.disabled === undefined || c.disabled === false ? {} : { disabled: c.disabled === true ? '(not available)' : `(${c.disabled})` }),
    })),
    ...(q.default === undefined ? {} : { default: q.default }),
    pageSize: q.pageSize ?? Math.min(q.choices.length, 12),
    loop: false,
    ...(noColor ? { theme: plainTheme() } : {}),
  };
}

export function inputConfig(q: InputQuestion, noColor: boolean) {
  return {
    message: q.message,
    ...(q.default === undefined || q.default === '' ? {} : { default: q.default }),
    prefill: q.prefill ? ('editable' as const) : ('tab' as const),
    ...(q.validate ? { validate: q.validate } : {}),
    ...(noColor ? { theme: plainTheme() } : {}),
  };
}

export function confirmConfig(q: ConfirmQuestion, noColor: boolean) {
  return { message: q.message, default: q.default ?? false, ...(noColor ? { theme: plainTheme() } : {}) };
}

export function passwordConfig(q: PasswordQuestion, noColor: boolean) {
  return {
    message: q.message,
    // A star per character, so the user sees how much was typed; ctrl+t must not reveal it.
    mask: '*',
    toggleMask: false,
    ...(q.validate ? { validate: q.validate } : {}),
    ...(noColor ? { theme: plainTheme() } : {}),
  };
}

/** The real terminal: Inquirer prompts on `input`/`output` (stdin/stdout by default). */
export function inquirerAsk(options: InquirerAskOptions = {}): Ask {
  const noColor = options.noColor ?? isNoColor(process.env);
  let loaded: Promise<Prompts> | undefined;
  // Loaded on the first question only: a run that never asks never pays for Inquirer.
  const load = () => (loaded ??= import('./prompts.js'));
  const out = () => options.output ?? process.stdout;
  /**
   * Inquirer ends the output stream it is given when a prompt is done. process.stdout ignores
   * that; an injected stream would be closed after the first question, so each prompt gets a
   * proxy that forwards to it without ending it.
   */
  const context = () => {
    if (!options.output) return options.input ? { input: options.input } : {};
    const proxy = new PassThrough();
    proxy.pipe(options.output, { end: false });
    return { ...(options.input ? { input: options.input } : {}), output: proxy };
  };
  // Notes and descriptions wrap at word boundaries to the terminal's width (80 columns off a terminal).
  const say = (text: string, indent = '') => {
    const stream = out() as Writable & { columns?: number };
    const width = Math.max(40, (stream.columns ?? 80) - 1 - indent.length);
    out().write(`${wrapAnsi(text, width, { trim: false }).replace(/^/gm, indent)}\n`);
  };
  const describe = (q: Question) => {
    if (q.description) say(q.description, '  ');
  };
  return {
    async select<T>(q: SelectQuestion<T>): Promise<T> {
      describe(q);
      const prompts = await load();
      return (await prompts.select(selectConfig(q, noColor) as Parameters<Prompts['select']>[0], context())) as T;
    },
    async input(q) {
      describe(q);
      const prompts = await load();
      return prompts.liveInput(inputConfig(q, noColor), context());
    },
    async confirm(q) {
      describe(q);
      const prompts = await load();
      return prompts.confirm(confirmConfig(q, noColor), context());
    },
    async password(q) {
      describe(q);
      const prompts = await load();
      return prompts.password(passwordConfig(q, noColor), context());
    },
    note(text) {
      say(text);
    },
  };
}

/** no-color.org: any non-empty NO_COLOR turns colours off. */
export function isNoColor(env: NodeJS.ProcessEnv): boolean {
  return (env.NO_COLOR ?? '') !== '';
}

/**
 * A cancelled wizard: Ctrl+C in a prompt (Inquirer's ExitPromptError), an abort (AbortPromptError)
 * or the review declined (index.ts's WizardCancelled). Matched by name: a bundle may hold two
 * copies of Inquirer's error classes, so instanceof is not reliable.
 */
export function isCancel(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name;
  return name === 'ExitPromptError' || name === 'AbortPromptError' || name === 'WizardCancelled';
}
