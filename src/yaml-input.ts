/**
 * YAML a user hands in (a preset, the files `check` reads). The fast reader (render/yaml-reader.ts)
 * takes block YAML of the plain kind this tool writes, kserve-config.yaml among it, and reads
 * exactly what js-yaml reads; everything else goes to js-yaml, which rejects duplicate keys and tab
 * indentation, as we want. Why both: js-yaml costs about 20 ms on a first run for a preset with
 * 1,000 serving namespaces and 500 digests, more than generating the whole folder (issue 9).
 * A syntax error becomes one UserError line naming the file and the position.
 */
import yaml from 'js-yaml';
import { UserError } from './errors.js';
import { readBlockYaml } from './render/yaml-reader.js';

/** The non-empty documents of `text`; `fix` is what the error line tells the user to do. */
export function loadUserYaml(text: string, source: string, fix: string): unknown[] {
  let fast: unknown[] | undefined;
  try {
    fast = readBlockYaml(text);
  } catch {
    // Whatever the reader cannot handle (it declines all it does not know) is js-yaml's to report.
  }
  if (fast !== undefined) return fast;
  let docs: unknown[];
  try {
    docs = yaml.loadAll(text, undefined, { filename: source });
  } catch (err) {
    const e = err as { reason?: string; mark?: { line: number; column: number } };
    const at = e.mark ? ` at line ${e.mark.line + 1}, column ${e.mark.column + 1}` : '';
    throw new UserError(source, `invalid YAML${at}: ${e.reason ?? 'parse error'}`, fix);
  }
  return docs.filter((d) => d !== null && d !== undefined);
}
