/**
 * Validates a parsed preset against PresetSchema and fills in defaults.
 * It interprets the schema object itself (no code generation, nothing compiled at start-up), so the
 * schema stays the single source of truth, and every failure becomes one UserError naming the key
 * path, what is wrong and how to fix it.
 */
import { UserError, quote } from '../errors.js';
// The schema of schema.ts as plain data (scripts/gen.ts), so TypeBox stays out of the bundle.
import { PRESET_SCHEMA as PresetSchema } from '../generated/preset-schema.js';
import type { AnySchema, Preset } from './schema.js';
import { checkKongAliases, fillKongAliases } from './aliases.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** How the preset file wrote its numbers ("0.20" for 0.2), while validatePreset runs; see describe(). */
let numberTexts: ReadonlyMap<number, string> | undefined;

/** `writtenNumbers`: the source text of numbers JavaScript prints differently (yaml-input.ts). */
export function validatePreset(input: unknown, writtenNumbers?: ReadonlyMap<number, string>): Preset {
  if (input === undefined || input === null) input = {};
  numberTexts = writtenNumbers;
  try {
    const aliases = checkKongAliases(input);
    const preset = check(PresetSchema as AnySchema, input, '') as unknown as Preset;
    fillKongAliases(preset, aliases);
    return preset;
  } finally {
    numberTexts = undefined;
  }
}

/** The schema node at a dotted path (used by --set to know what type a value should have). */
export function schemaAt(path: string): AnySchema | undefined {
  let node: AnySchema | undefined = PresetSchema as AnySchema;
  if (path === '') return node;
  for (const key of path.split('.')) {
    const props = node?.properties as Record<string, AnySchema> | undefined;
    const free = node?.patternProperties as Record<string, AnySchema> | undefined;
    // A free-key map (labels, digests): every key has the map's value schema.
    node = props ? (Object.hasOwn(props, key) ? props[key] : undefined) : free ? Object.values(free)[0] : undefined;
  }
  return node;
}

/** Valid keys at a dotted parent path ('' = top level), for --set error messages. */
export function keysAt(path: string): string[] {
  const node = schemaAt(path);
  return Object.keys((node?.properties as object | undefined) ?? {});
}

function check(schema: AnySchema, value: unknown, path: string): Json {
  const where = path || 'preset';
  if (value === null || value === undefined) {
    if ('default' in schema) return structuredClone(schema.default as Json);
    if (schema.type === 'object') value = {};
    else throw new UserError(where, 'is missing', `add it${examples(schema)}`);
  }
  switch (schema.type) {
    case 'object':
      return checkObject(schema, value, path);
    case 'array':
      return checkArray(schema, value, path);
    case 'string':
      return checkString(schema, value, path);
    case 'integer':
      return checkInteger(schema, value, path);
    case 'boolean':
      if (typeof value !== 'boolean') {
        throw new UserError(where, `must be true or false, got ${describe(value)}`, 'write true or false (unquoted)');
      }
      return value;
    default:
      throw new Error(`schema node at ${where} has unsupported type ${String(schema.type)}`);
  }
}

function checkObject(schema: AnySchema, value: unknown, path: string): Json {
  const where = path || 'preset';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UserError(where, `must be a mapping of keys, got ${describe(value)}`, mappingFix(schema));
  }
  const input = value as Record<string, unknown>;
  const out: Record<string, Json> = {};
  const props = schema.properties as Record<string, AnySchema> | undefined;
  const patternProps = schema.patternProperties as Record<string, AnySchema> | undefined;

  if (props) {
    for (const key of Object.keys(input)) {
      if (!Object.hasOwn(props, key)) {
        const valid = Object.keys(props);
        const guess = closest(key, valid);
        throw new UserError(
          join(path, key),
          'unknown key',
          guess ? `did you mean "${guess}"? (valid here: ${valid.join(', ')})` : `remove it; valid keys here: ${valid.join(', ')}`,
        );
      }
    }
    const required = new Set((schema.required as string[] | undefined) ?? []);
    for (const [key, child] of Object.entries(props)) {
      // An optional section (llm) stays out when the input leaves it out, so validation is idempotent.
      if (input[key] === undefined && !required.has(key)) continue;
      if (input[key] === undefined && required.has(key) && !('default' in child) && child.type !== 'object') {
        throw new UserError(join(path, key), 'is missing', `add it${examples(child)}`);
      }
      out[key] = check(child, input[key], join(path, key));
    }
    return out;
  }

  if (patternProps) {
    // A map with free keys (labels, image digests): both keys and values are checked.
    const [keyPattern, valueSchema] = Object.entries(patternProps)[0]!;
    const keyRe = new RegExp(keyPattern);
    const keys = Object.keys(input).sort();
    for (const key of keys) {
      if (!keyRe.test(key)) {
        throw new UserError(join(path, key), `${quote(key)} is not a valid key here`, String(schema['x-fix'] ?? 'fix the key'));
      }
      out[key] = check(valueSchema, input[key], join(path, key));
    }
    return out;
  }
  throw new Error(`schema node at ${where} is an object without properties`);
}

function checkArray(schema: AnySchema, value: unknown, path: string): Json {
  if (!Array.isArray(value)) {
    throw new UserError(path, `must be a list, got ${describe(value)}`, 'write a YAML list, e.g. [a, b] or "- a" lines');
  }
  const items = schema.items as AnySchema;
  const out = value.map((item, i) => {
    if (item === null || item === undefined) {
      throw new UserError(`${path}[${i}]`, 'is empty', 'remove the empty list entry');
    }
    return check(items, item, `${path}[${i}]`);
  });
  if (schema.uniqueItems) {
    const seen = new Set<string>();
    out.forEach((item, i) => {
      const k = JSON.stringify(item);
      if (seen.has(k)) throw new UserError(`${path}[${i}]`, `${quote(item)} is listed twice`, 'remove the duplicate');
      seen.add(k);
    });
  }
  return out;
}

function checkString(schema: AnySchema, value: unknown, path: string): Json {
  if (typeof value !== 'string') {
    const hint = typeof value === 'number' || typeof value === 'boolean' ? quoteHint(schema, value, path) : `write a quoted string${examples(schema, ' such as ')}`;
    throw new UserError(path, `must be a string, got ${describe(value)}`, hint);
  }
  const allowed = schema.enum as string[] | undefined;
  if (allowed && !allowed.includes(value)) {
    const guess = closest(value, allowed);
    throw new UserError(
      path,
      `${quote(value)} is not one of ${allowed.join(', ')}`,
      guess ? `did you mean "${guess}"?` : `use one of ${allowed.join(', ')}`,
    );
  }
  const fix = String(schema['x-fix'] ?? 'fix the value');
  if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) {
    throw new UserError(path, `is ${value.length} characters long, at most ${schema.maxLength} are allowed`, fix);
  }
  if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern).test(value)) {
    throw new UserError(path, `${quote(value)} is not valid here`, fix);
  }
  return value;
}

function checkInteger(schema: AnySchema, value: unknown, path: string): Json {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new UserError(path, `must be a whole number, got ${describe(value)}`, 'write a number without quotes, e.g. 80');
  }
  const min = schema.minimum as number | undefined;
  const max = schema.maximum as number | undefined;
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
    throw new UserError(path, `${value} is out of range`, `use a number from ${min} to ${max}`);
  }
  return value;
}

/**
 * For a number or boolean where text belongs: quoting what was written is the fix when that text
 * is valid here (`version: 0.20` for a "0.20" key); otherwise say what the key takes as well.
 */
function quoteHint(schema: AnySchema, value: number | boolean, path: string): string {
  const text = written(value);
  try {
    checkString(schema, text, path);
    return `quote it: ${JSON.stringify(text)}`;
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    return `YAML reads ${text} as a ${typeof value}, and ${JSON.stringify(text)} is not valid here either: ${err.fix}`;
  }
}

/** A scalar as the file wrote it (0.20 stays 0.20, not 0.2). */
function written(value: number | boolean): string {
  return (typeof value === 'number' ? numberTexts?.get(value) : undefined) ?? String(value);
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'nothing';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return `number ${written(value)}`;
  return `${typeof value} ${quote(value)}`;
}

function examples(schema: AnySchema, lead = ', e.g. '): string {
  const ex = schema.examples as unknown[] | undefined;
  return ex?.length ? `${lead}${JSON.stringify(ex[0])}` : '';
}

function mappingFix(schema: AnySchema): string {
  const keys = Object.keys((schema.properties as object | undefined) ?? {});
  return keys.length ? `write a mapping with keys ${keys.join(', ')}` : 'write a mapping of key: value pairs';
}

/** The candidate within a small edit distance of `word` (case-insensitive), for "did you mean". */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const w = word.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return bestDistance <= limit ? best : undefined;
}

/** Levenshtein distance; Infinity when the lengths differ by more than 8 (never a near miss). */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 8) return Infinity;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * Checks one value against the schema node at a dotted path (e.g. "ingress.istio.localGateway"),
 * with the same interpreter validatePreset uses, so the wizard's as-you-type validation and a preset
 * file can never disagree. Returns true, or "<problem> — <fix>" for a prompt to show.
 */
export function checkField(path: string, value: unknown): true | string {
  const schema = schemaAt(path);
  if (schema === undefined) throw new Error(`checkField: no preset key ${path}`);
  try {
    check(schema, value, path);
    return true;
  } catch (err) {
    if (err instanceof UserError) return `${err.problem} — ${err.fix}`;
    throw err;
  }
}
