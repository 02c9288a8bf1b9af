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
import { yamlWord } from '../yaml-word.js';

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
 * PEM bundles and embedded YAML stay readable. The render step parses everything back, and the
 * fuzz tests check that every value reads back exactly.
 *
 * `lead` (mappings only) is what goes before the first entry instead of a line break and the
 * indentation: " " when the mapping starts on a list item's dash line ("- name: x").
 */
function emitCollection(value: object, indent: number, lead?: string): string {
  const next = `\n${' '.repeat(indent)}`;
  if (Array.isArray(value)) {
    // Empty collections stay on the key's line ("key: []"), as Helm's toYaml writes them.
    if (value.length === 0) return ' []';
    return value.map((item) => `${next}-${emitItem(item, indent + 2)}`).join('');
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return ' {}';
  return entries.map(([key, v], i) => `${i === 0 && lead !== undefined ? lead : next}${yamlWord(key)}:${emitValue(v, indent + 2)}`).join('');
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

export function yamlEntries(value: unknown, indent: number): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error('{{yaml x indent=N}} needs a mapping');
  }
  if (Object.keys(value).length === 0) return '';
  return emitCollection(value, indent, ' '.repeat(indent));
}
