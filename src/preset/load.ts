/**
 * Reads a preset (file or stdin), applies --set overrides and validates it.
 * The only stage besides write.ts that touches the outside world: everything after it is pure.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError, quote } from '../errors.js';
import { YamlLimitError, loadUserYaml, parseYaml } from '../yaml-input.js';
import { pipelinePhase } from '../phases.js';
import type { Preset } from './schema.js';
import { closest, keysAt, schemaAt, validatePreset } from './validate.js';

/** Presets are small; anything bigger is a mistake (or an attack) and is refused before parsing. */
export const MAX_PRESET_BYTES = 1024 * 1024;

export interface LoadedPreset {
  preset: Preset;
  /** Directory relative paths in the preset (storage.caBundle.file) are resolved against. */
  baseDir: string;
}

export function readPresetText(file: string, readStdin: () => string): string {
  if (file === '-') return readStdin();
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw new UserError('--preset', `${quote(file)} is a directory`, 'pass a preset YAML file, e.g. presets/serverless-istio.yaml');
    size = st.size;
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError('--preset', `cannot read ${quote(file)} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, 'check the path; shipped presets are in presets/');
  }
  if (size > MAX_PRESET_BYTES) {
    throw new UserError('--preset', `${quote(file)} is ${size} bytes, more than a preset can be (1 MiB)`, 'pass the preset file, not another file');
  }
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError('--preset', `cannot read ${quote(file)} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, 'check the file permissions');
  }
}

/** `numberTexts` receives how numbers were written, for messages such as 'got number 0.20'. */
export function parsePresetYaml(text: string, source: string, numberTexts?: Map<number, string>): unknown {
  if (text.length > MAX_PRESET_BYTES) {
    throw new UserError(source, 'is larger than a preset can be (1 MiB)', 'pass the preset file, not another file');
  }
  const content = loadUserYaml(text, source, 'fix the YAML syntax (unique keys, spaces not tabs for indentation)', numberTexts);
  if (content.length > 1) throw new UserError(source, 'holds more than one YAML document', 'keep one preset per file (remove the extra "---")');
  const doc = content[0] ?? {};
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new UserError(source, 'is not a mapping of preset keys', 'start the file with keys such as "kserve:" (see presets/serverless-istio.yaml)');
  }
  return doc;
}

/** Applies one `--set a.b.c=VALUE`. VALUE is a YAML scalar, except where the key is a string. */
export function applySet(target: Record<string, unknown>, assignment: string): void {
  const eq = assignment.indexOf('=');
  if (eq <= 0) throw new UserError('--set', `${quote(assignment)} is not PATH=VALUE`, 'write it like --set kserve.version=0.15.2');
  const keyPath = assignment.slice(0, eq);
  const raw = assignment.slice(eq + 1);
  const keys = keyPath.split('.');
  let node: Record<string, unknown> = target;
  let schemaPath = '';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const parent = schemaAt(schemaPath);
    // Free-key maps (labels, digests) take any key; their keys are checked by validatePreset.
    if (parent?.patternProperties === undefined) {
      const known = keysAt(schemaPath);
      if (!known.includes(key)) {
        const guess = closest(key, known);
        const fix = guess ? `did you mean "${guess}"?` : known.length ? `valid keys here: ${known.join(', ')}` : 'this key takes a value, not sub-keys';
        throw new UserError(keys.slice(0, i + 1).join('.'), 'unknown key (from --set)', fix);
      }
    }
    schemaPath = schemaPath ? `${schemaPath}.${key}` : key;
    if (i === keys.length - 1) {
      setOwn(node, key, parseSetValue(raw, schemaAt(schemaPath)?.type as string | undefined, keyPath));
    } else {
      const next = Object.hasOwn(node, key) ? node[key] : undefined;
      if (typeof next !== 'object' || next === null || Array.isArray(next)) setOwn(node, key, {});
      node = node[key] as Record<string, unknown>;
    }
  }
}

/**
 * Sets an own property, as js-yaml does for a key in a file: `node.__proto__ = v` would replace
 * the prototype instead, and the key would vanish before validatePreset could refuse it.
 */
function setOwn(node: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
}

function parseSetValue(raw: string, type: string | undefined, keyPath: string): unknown {
  // "0.20" must stay the text "0.20" for a string key, not the number 0.2.
  if (type === 'string') return raw;
  let docs: unknown[];
  try {
    docs = parseYaml(raw);
  } catch (err) {
    if (err instanceof YamlLimitError) throw new UserError(keyPath, `--set value ${err.reason}`, err.fix);
    throw new UserError(keyPath, `--set value ${quote(raw)} is not valid YAML`, 'quote the value or fix its syntax');
  }
  if (docs.length > 1) throw new UserError(keyPath, `--set value ${quote(raw)} holds more than one YAML document`, 'quote the value or fix its syntax');
  return docs[0];
}

export function loadPreset(file: string, sets: readonly string[], readStdin: () => string): LoadedPreset {
  const source = file === '-' ? '<stdin>' : file;
  const numberTexts = new Map<number, string>();
  const raw = parsePresetYaml(readPresetText(file, readStdin), source, numberTexts) as Record<string, unknown>;
  for (const s of sets) applySet(raw, s);
  pipelinePhase.start = process.hrtime.bigint();
  return { preset: validatePreset(raw, numberTexts), baseDir: file === '-' ? process.cwd() : path.dirname(path.resolve(file)) };
}
