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
 */
function emitCollection(value: object, indent: number): string {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    // Empty collections stay on the key's line ("key: []"), as Helm's toYaml writes them.
    if (value.length === 0) return ' []';
    const list = stringList(value, pad);
    if (list !== undefined) return list;
    return value.map((item) => `\n${pad}-${emitItem(item, indent + 2)}`).join('');
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return ' {}';
  return entries.map(([k, v]) => `\n${pad}${yamlKey(k)}:${emitValue(v, indent + 2)}`).join('');
}

/**
 * A list of plain one-line strings, the same text the general path below writes (each item
 * JSON-quoted), made by two joins instead of a call per item: 3,000 gateway hosts are a supported
 * size (issue 9). The JSON text of the list equals the joined items in quotes exactly when every
 * item is a string that JSON writes without escapes (no quote, backslash, control character, line
 * break or lone surrogate); undefined otherwise, and the general path handles the list.
 */
function stringList(items: unknown[], pad: string): string | undefined {
  const joined = items.join('","');
  if (JSON.stringify(items) !== `["${joined}"]`) return undefined;
  return `\n${pad}- "${items.join(`"\n${pad}- "`)}"`;
}

function emitValue(value: unknown, indent: number): string {
  if (typeof value === 'string' && value.includes('\n')) return literalBlock(value, indent);
  if (value === null || typeof value !== 'object') return ` ${yamlScalar(value)}`;
  return emitCollection(value, indent);
}

/** A list item: a mapping starts on the dash's line ("- name: x"), its other keys align under it. */
function emitItem(item: unknown, indent: number): string {
  if (item !== null && typeof item === 'object' && !Array.isArray(item) && Object.keys(item).length > 0) {
    return ` ${emitCollection(item, indent).slice(indent + 1)}`;
  }
  return emitValue(item, indent);
}

/** Multi-line text as "|" / "|-" / "|+", when every line can be written as it is; else JSON-quoted. */
function literalBlock(text: string, indent: number): string {
  const awkward = /[\r\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]|[ \t]\n|[ \t]$/.test(text) || /^[ \t\n]/.test(text);
  if (awkward) return ` ${JSON.stringify(text)}`;
  const trailing = /\n*$/.exec(text)![0].length;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const body = trailing === 0 ? text : text.slice(0, text.length - trailing);
  const pad = ' '.repeat(indent);
  const lines = body.split('\n').map((l) => (l === '' ? '' : pad + l));
  // "|+" keeps the trailing newlines: they are written as empty lines.
  const extra = chomp === '+' ? '\n'.repeat(trailing - 1) : '';
  return ` |${chomp}\n${lines.join('\n')}${extra}`;
}

/** Keys stay plain when they cannot be read as anything but the same text; others are JSON-quoted. */
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*([./][A-Za-z0-9_-]+)*$/;
const YAML11_WORDS = /^(y|n|yes|no|on|off|true|false|null)$/i;
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
  return emitCollection(value, indent).replace(/^\n/, '');
}
