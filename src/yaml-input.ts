/**
 * YAML a user hands in (a preset, the files `check` reads), read with js-yaml, which rejects
 * duplicate keys and tab indentation, as we want. A syntax error becomes one UserError line naming
 * the file and the position.
 */
import yaml from 'js-yaml';
import { UserError } from './errors.js';

/** The non-empty documents of `text`; `fix` is what the error line tells the user to do. */
export function loadUserYaml(text: string, source: string, fix: string): unknown[] {
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
