/**
 * Every YAML text a user hands in goes through here: presets, --set values, the files `check`
 * reads and the YAML held inside their ConfigMaps. js-yaml reads it (duplicate keys and tab
 * indentation are errors, as we want), with limits js-yaml does not have, so hostile input ends in
 * one error line instead of a stack overflow or gigabytes of memory:
 *   - nesting: at most MAX_DEPTH levels. js-yaml recurses per level and overflows the stack near
 *     2,000; the deepest real input (the v0.20 InferenceService CRD) nests 35.
 *   - expansion: the documents as their readers see them, every alias (*name) followed, may hold
 *     at most expansionLimit(text) units (a value is 1, a string or key adds its length): 10 M, or
 *     twice the text for a bigger input. A self-referencing alias expands forever and is refused.
 *   - building: merge keys (<<: *name) copy a mapping's entries while parsing, so parsing may
 *     build at most buildLimit(text) entries of mappings and lists: what the text could hold
 *     written out (an entry takes at least two characters), plus 100,000 for ordinary merges.
 * A syntax error becomes one UserError line naming the file and the position.
 */
import yaml from 'js-yaml';
import { UserError } from './errors.js';

const MAX_DEPTH = 100;
const MIN_EXPANSION_LIMIT = 10_000_000;

/** A limit this module enforces, shaped like js-yaml's errors (`reason`, optional `mark`). */
export class YamlLimitError extends Error {
  constructor(
    readonly reason: string,
    readonly fix: string,
    readonly mark?: { line: number; column: number },
  ) {
    super(reason);
    this.name = 'YamlLimitError';
  }
}

function expansionLimit(text: string): number {
  return Math.max(MIN_EXPANSION_LIMIT, 2 * text.length);
}

function buildLimit(text: string): number {
  return 100_000 + Math.floor(text.length / 2);
}

/**
 * The documents of `text`, null ones included, within the limits above. Throws js-yaml's
 * YAMLException for bad syntax and YamlLimitError for a limit. `numberTexts`, when given, receives
 * the source text of every number written differently from how JavaScript prints it ("0.20" for
 * 0.2), so messages can quote what the user wrote.
 */
export function parseYaml(text: string, filename?: string, numberTexts?: Map<number, string>): unknown[] {
  const docs = yaml.loadAll(text, undefined, { filename, listener: parseWatcher(text, buildLimit(text), numberTexts) });
  const measure = expandedMeasure(expansionLimit(text));
  for (const doc of docs) measure(doc);
  return docs;
}

/** Holds data parsed another way (JSON.parse of a ConfigMap value) to the same depth and size limits. */
export function checkParsedLimits(value: unknown, text: string): void {
  expandedMeasure(expansionLimit(text))(value);
}

/** The non-empty documents of `text`; `fix` is what the error line tells the user to do about bad syntax. */
export function loadUserYaml(text: string, source: string, fix: string, numberTexts?: Map<number, string>): unknown[] {
  let docs: unknown[];
  try {
    docs = parseYaml(text, source, numberTexts);
  } catch (err) {
    if (err instanceof YamlLimitError) throw new UserError(source, `${err.reason}${at(err.mark)}`, err.fix);
    if (err instanceof RangeError) throw new UserError(source, 'is nested too deeply to read', DEPTH_FIX);
    const e = err as { reason?: string; mark?: { line: number; column: number } };
    throw new UserError(source, `invalid YAML${at(e.mark)}: ${e.reason ?? 'parse error'}`, fix);
  }
  return docs.filter((d) => d !== null && d !== undefined);
}

const at = (mark?: { line: number; column: number }) => (mark ? ` at line ${mark.line + 1}, column ${mark.column + 1}` : '');

const DEPTH_FIX = 'remove the extra nesting: real configuration nests far less';
const EXPANSION_FIX = 'write the repeated parts out, or use fewer aliases (*name) and merge keys (<<)';

/** js-yaml's node events: enforces the depth and build limits, and records number texts. */
function parseWatcher(text: string, limit: number, numberTexts?: Map<number, string>) {
  let depth = 0;
  let built = 0;
  let lastCounted: unknown;
  const starts: number[] = [];
  return (event: 'open' | 'close', state: { position: number; line: number; lineStart: number; kind: string | null; result: unknown }) => {
    if (event === 'open') {
      starts.push(state.position);
      // +2: js-yaml opens the root node twice, and a scalar counts as a level here, not in `measure`.
      if (++depth > MAX_DEPTH + 2) {
        throw new YamlLimitError(`is nested more than ${MAX_DEPTH} levels deep`, DEPTH_FIX, { line: state.line, column: state.position - state.lineStart });
      }
      return;
    }
    depth--;
    const start = starts.pop() ?? state.position;
    const value = state.result;
    if (typeof value === 'number' && numberTexts && state.kind === 'scalar') {
      const written = /\S+$/.exec(text.slice(start, state.position).trimEnd())?.[0];
      if (written !== undefined && written !== String(value)) numberTexts.set(value, written);
    }
    // What parsing allocates: entries of every mapping and list as built (merge keys copy entries).
    if (value !== lastCounted && (state.kind === 'mapping' || state.kind === 'sequence')) {
      lastCounted = value;
      built += Array.isArray(value) ? value.length : Object.keys(value as object).length;
      if (built > limit) throw new YamlLimitError(`builds more than ${limit.toLocaleString('en-US')} entries while it is read (merge keys?)`, EXPANSION_FIX);
    }
  };
}

interface Measure {
  size: number;
  /** Levels of mappings and lists, this one included; 0 for a scalar. */
  height: number;
}

/**
 * Measures documents with every alias followed, each shared node once (so a billion-laughs
 * document costs as much as its text), and throws once their total size passes `limit`. A node is
 * null in `sizes` while it is being measured: meeting it again means it contains itself.
 */
function expandedMeasure(limit: number): (doc: unknown) => void {
  const sizes = new Map<object, Measure | null>();
  let total = 0;
  const tooBig = () => new YamlLimitError(`expands to more than ${limit.toLocaleString('en-US')} values and characters through its aliases`, EXPANSION_FIX);
  const measure = (value: unknown, depth: number): Measure => {
    if (value === null || typeof value !== 'object') return { size: typeof value === 'string' ? 1 + value.length : 1, height: 0 };
    const known = sizes.get(value);
    if (known === null) throw new YamlLimitError('has an alias that refers to a node containing it, so it never ends', 'point each alias (*name) at a node outside itself');
    if (known !== undefined) {
      if (depth + known.height > MAX_DEPTH) throw new YamlLimitError(`is nested more than ${MAX_DEPTH} levels deep once its aliases are expanded`, EXPANSION_FIX);
      if (total + known.size > limit) throw tooBig();
      return known;
    }
    if (depth >= MAX_DEPTH) throw new YamlLimitError(`is nested more than ${MAX_DEPTH} levels deep`, DEPTH_FIX);
    sizes.set(value, null);
    let size = 1;
    let height = 0;
    const isList = Array.isArray(value);
    for (const key of Object.keys(value)) {
      const child = measure((value as Record<string, unknown>)[key], depth + 1);
      size += child.size + (isList ? 0 : key.length);
      height = Math.max(height, child.height);
      if (total + size > limit) throw tooBig();
    }
    const result = { size, height: height + 1 };
    sizes.set(value, result);
    return result;
  };
  return (doc) => {
    total += measure(doc, 0).size;
  };
}
