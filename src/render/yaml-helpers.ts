/**
 * The only ways a value may enter a YAML template (Helm's `quote` and `toYaml | nindent`):
 *   {{yaml value}}              scalar -> one-line JSON text, a valid YAML double-quoted scalar, so
 *                               newlines, ": ", "#", "{{", YAML 1.1 booleans and octal-looking numbers
 *                               can never change the document's structure or a value's type;
 *   {{yaml value nindent=N}}    collection -> newline + block YAML indented by N spaces;
 *   {{yaml map indent=N}}       a mapping's entries as block YAML indented by N spaces, on lines of
 *                               their own (to add keys to a mapping the template already opened).
 * A collection without nindent is refused: splicing block YAML inline is how indentation breaks.
 */
// Keys that stay plain: no reader could take them for anything but the same text (see yamlKey).
const PLAIN_KEY_TEXT = '[A-Za-z_][A-Za-z0-9_-]*(?:[./][A-Za-z0-9_-]+)*';
// YAML 1.1 booleans and null in any letter case, spelled out ("[Oo][Nn]"): a case-insensitive flag
// makes V8 fold cases through ICU when it compiles the expression, a cost every run pays (issue 9).
const YAML11_WORDS_TEXT = 'y|n|yes|no|on|off|true|false|null'.replace(/[a-z]/g, (c) => `[${c.toUpperCase()}${c}]`);

export function yamlScalar(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`cannot write ${value} into YAML`);
    return JSON.stringify(value);
  }
  throw new Error(`{{yaml}} got a ${Array.isArray(value) ? 'list' : typeof value}; collections need nindent=N`);
}

export function yamlBlock(value: unknown, nindent: number): string {
  if (value === null || typeof value !== 'object') return ` ${yamlScalar(value)}`;
  return emitCollection(value as object, nindent);
}

/*
 * A small block-YAML emitter (instead of js-yaml's dump): every string is a JSON-quoted scalar, so
 * the rules that make {{yaml}} safe hold at every depth; multi-line text becomes a literal block so
 * PEM bundles and embedded YAML stay readable. It is linear in the output, which matters for 1,000
 * serving namespaces (issue 9); the render step parses everything back, and the fuzz tests check
 * that every value reads back exactly.
 *
 * Text is built with `+`, not joins: a nested collection's text (3,000 gateway hosts) then becomes
 * part of each enclosing level without being copied again, and is copied once, when the file is
 * first read as a whole.
 *
 * `lead` (mappings only) is what goes before the first entry instead of a line break and the
 * indentation: " " when the mapping starts on a list item's dash line ("- name: x").
 */
function emitCollection(value: object, indent: number, lead?: string): string {
  const pad = ' '.repeat(indent);
  const next = `\n${pad}`;
  if (Array.isArray(value)) {
    // Empty collections stay on the key's line ("key: []"), as Helm's toYaml writes them.
    if (value.length === 0) return ' []';
    const list = stringList(value, pad);
    if (list !== undefined) return list;
    let out = '';
    for (let i = 0; i < value.length; i++) out += `${next}-${emitItem(value[i], indent + 2)}`;
    return out;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return ' {}';
  const map = keys.length >= 8 ? stringMap(value, keys, pad, lead ?? next) : undefined;
  if (map !== undefined) return map;
  let out = '';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    out += `${i === 0 && lead !== undefined ? lead : next}${yamlKey(key)}:${emitValue((value as Record<string, unknown>)[key], indent + 2)}`;
  }
  return out;
}

/*
 * One-step paths for long lists and mappings of plain strings (3,000 gateway hosts, 500 image
 * digests: issue 9). They write exactly what the general path writes, with joins and a few regular
 * expressions over the joined text instead of calls per item; anything else is left to the general
 * path (undefined). A string of printable ASCII without quote or backslash is its own JSON text.
 */
const BARE = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
// Keys one per line, each a plain key: the pattern of one key leaves nothing to backtrack over, so
// the search is linear. (A key holding a line break would pass as two; stringMap counts the lines.)
const PLAIN_KEY_LINES = new RegExp(`^${PLAIN_KEY_TEXT}(?:\\n${PLAIN_KEY_TEXT})*$`);
const YAML11_KEY_LINE = new RegExp(`^(?:${YAML11_WORDS_TEXT})$`, 'm');
const LINE_BREAKS = /\n/g;

const isString = (item: unknown): item is string => typeof item === 'string';
/**
 * Array.every, not a loop: V8 compiles a loop that runs 3,000 times once more, optimised, in the
 * middle of the run (on-stack replacement), which costs more than the loop itself (issue 9).
 */
function allStrings(items: unknown[]): items is string[] {
  return items.every(isString);
}

function stringList(items: unknown[], pad: string): string | undefined {
  if (!allStrings(items) || !BARE.test(items.join(''))) return undefined;
  return `\n${pad}- "${items.join(`"\n${pad}- "`)}"`;
}

/** Entries `key: "text"`, one per line, when every key is plain and every text bare. */
function stringMap(value: object, keys: string[], pad: string, lead: string): string | undefined {
  // Object.values lists them in the order of Object.keys (which the caller has already taken: each
  // listing of 500 keys sorts them again, issue 9).
  const texts = Object.values(value);
  if (!allStrings(texts) || !BARE.test(texts.join(''))) return undefined;
  const keyLines = keys.join('\n');
  if (!PLAIN_KEY_LINES.test(keyLines) || YAML11_KEY_LINE.test(keyLines) || (keyLines.match(LINE_BREAKS)?.length ?? 0) !== keys.length - 1) return undefined;
  const lines = new Array<string>(keys.length);
  for (let i = 0; i < keys.length; i++) lines[i] = `${keys[i]}: "${texts[i]}`;
  return `${lead}${lines.join(`"\n${pad}`)}"`;
}

function emitValue(value: unknown, indent: number): string {
  if (typeof value === 'string' && value.includes('\n')) return literalBlock(value, indent);
  if (value === null || typeof value !== 'object') return ` ${yamlScalar(value)}`;
  return emitCollection(value, indent);
}

/** A list item: a mapping starts on the dash's line ("- name: x"), its other keys align under it. */
function emitItem(item: unknown, indent: number): string {
  if (item !== null && typeof item === 'object' && !Array.isArray(item) && Object.keys(item).length > 0) {
    return emitCollection(item, indent, ' ');
  }
  return emitValue(item, indent);
}

/**
 * Multi-line text as a "|" or "|-" block, when every line can be written as it is; else JSON-quoted.
 * Two blank lines in a row, or blank lines at the end (which need "|+"), are quoted too: rendering
 * collapses 3+ line breaks left by conditional blocks (render/index.ts), and a "|+" block would
 * also take in any blank line the template has after it.
 */
function literalBlock(text: string, indent: number): string {
  const awkward =
    /[\r\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]|[ \t]\n|[ \t]$|\n\n\n|\n\n$/.test(text) || /^[ \t\n]/.test(text);
  if (awkward) return ` ${JSON.stringify(text)}`;
  const clip = text.endsWith('\n');
  const body = clip ? text.slice(0, -1) : text;
  const pad = ' '.repeat(indent);
  const lines = body.split('\n').map((l) => (l === '' ? '' : pad + l));
  return ` |${clip ? '' : '-'}\n${lines.join('\n')}`;
}

/** Keys stay plain when they cannot be read as anything but the same text; others are JSON-quoted. */
const PLAIN_KEY = new RegExp(`^${PLAIN_KEY_TEXT}$`);
const YAML11_WORDS = new RegExp(`^(?:${YAML11_WORDS_TEXT})$`);
function yamlKey(key: string): string {
  return PLAIN_KEY.test(key) && !YAML11_WORDS.test(key) ? key : JSON.stringify(key);
}

/** A string as a plain word when no YAML reader could take it for anything else, else JSON-quoted. */
export function yamlWord(value: string): string {
  return yamlKey(value);
}

export function yamlEntries(value: unknown, indent: number): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error('{{yaml x indent=N}} needs a mapping');
  }
  if (Object.keys(value).length === 0) return '';
  return emitCollection(value, indent, ' '.repeat(indent));
}
