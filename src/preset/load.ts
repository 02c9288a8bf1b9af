/**
 * Reads a preset (file or stdin), applies --set overrides and validates it.
 * The only stage besides write.ts that touches the outside world: everything after it is pure.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { UserError, quote } from '../errors.js';
import { MB, readInput, type InputSpec, type StdinReader } from '../input.js';
import { YamlLimitError, loadUserYaml, parseYaml } from '../yaml-input.js';
import type { Preset } from './schema.js';
import { closest, keysAt, schemaAt, validatePreset } from './validate.js';

/** Presets are a few KB; anything past this is a mistake (or an attack) and is refused before parsing. */
export const MAX_PRESET_BYTES = 1 * MB;

export interface LoadedPreset {
  preset: Preset;
  /** Directory relative paths in the preset (storage.caBundle.file) are resolved against. */
  baseDir: string;
}

export async function readPresetText(file: string, readStdin: StdinReader): Promise<string> {
  const spec: InputSpec = {
    where: '--preset',
    maxBytes: MAX_PRESET_BYTES,
    tooLarge: () => new UserError('--preset', `larger than ${MAX_PRESET_BYTES / MB} MB`, 'pass the preset file itself: a preset is a few KB'),
    unreadable: (code) =>
      new UserError('--preset', `cannot read ${quote(file)} (${code})`, code === 'ENOENT' ? 'check the path; shipped presets are in presets/' : 'check the file permissions'),
  };
  // stat(2) never blocks, even on a FIFO: a folder gets its own message before anything is opened.
  if (file !== '-' && statSync(file, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UserError('--preset', `${quote(file)} is a directory`, 'pass a preset YAML file, e.g. presets/serverless-istio.yaml');
  }
  return readInput(file, spec, readStdin);
}

/** `numberTexts` receives how numbers were written, for messages such as 'got number 0.20'. */
export function parsePresetYaml(text: string, source: string, numberTexts?: Map<number, string>): unknown {
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

export async function loadPreset(file: string, sets: readonly string[], readStdin: StdinReader): Promise<LoadedPreset> {
  const source = file === '-' ? '<stdin>' : file;
  const numberTexts = new Map<number, string>();
  const raw = parsePresetYaml(await readPresetText(file, readStdin), source, numberTexts) as Record<string, unknown>;
  for (const s of sets) applySet(raw, s);
  return { preset: validatePreset(raw, numberTexts), baseDir: file === '-' ? process.cwd() : path.dirname(path.resolve(file)) };
}
