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
import yaml from 'js-yaml';

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
  const isEmpty = Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
  // Empty collections stay on the key's line ("key: []"), as Helm's toYaml writes them.
  if (isEmpty) return Array.isArray(value) ? ' []' : ' {}';
  const text = yaml.dump(value, { lineWidth: -1, noRefs: true, quotingType: '"', sortKeys: false });
  const pad = ' '.repeat(nindent);
  return `\n${text
    .trimEnd()
    .split('\n')
    .map((line) => pad + line)
    .join('\n')}`;
}

export function yamlEntries(value: unknown, indent: number): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error('{{yaml x indent=N}} needs a mapping');
  }
  if (Object.keys(value).length === 0) return '';
  return yamlBlock(value, indent).replace(/^\n/, '');
}
