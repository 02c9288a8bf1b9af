/**
 * Test support: validate Kubernetes objects against the OpenAPI v3 schema of a
 * real CustomResourceDefinition file, the way kube-apiserver does with
 * `fieldValidation=Strict` (the kubectl default since 1.27):
 *
 *   1. unknown fields are errors (instead of being silently pruned);
 *   2. non-nullable `null`s without a default are dropped, then `default`s are
 *      applied (both happen before validation on the server, and both matter:
 *      e.g. Gateway API `addresses[].type` defaults to "IPAddress" and a
 *      `oneOf` on that type only works once the default is filled in);
 *   3. value validations (type, enum, pattern, min/max..., allOf/anyOf/oneOf/not,
 *      x-kubernetes-list-type uniqueness) are checked.
 *
 * Not checked: CEL rules (`x-kubernetes-validations`), most string `format`s,
 * and ObjectMeta beyond the small subset our generated manifests use.
 * Everything here works on plain JS values as produced by js-yaml/JSON.parse.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import yaml from 'js-yaml';

/** This file lives at <repo>/test/support/crd.ts. */
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Shared, read-only reference material (CRDs etc.) that sits next to the repo. */
export const REFERENCE_DIR: string = path.resolve(REPO_ROOT, '../shared/reference');

export interface CrdInfo {
  group: string;
  kind: string;
  /** Served versions only: these are the ones an apiVersion may name. */
  versions: string[];
  /** Absolute path of the CRD file. */
  file: string;
}

/**
 * The subset of the OpenAPI v3 / structural-schema vocabulary used by CRDs.
 * CRD schemas were already validated by their authors' tooling (and would be
 * by the API server), so we trust the shape after a top-level object check.
 */
interface Schema {
  type?: string;
  format?: string;
  nullable?: boolean;
  default?: unknown;
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  minimum?: number;
  maximum?: number;
  // OpenAPI 3.0 (unlike later JSON Schema drafts) uses booleans here.
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  not?: Schema;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
}

interface LoadedCrd extends CrdInfo {
  schemaFor(version: string): object | undefined;
  /** Schemas of every version in the file, served or not. */
  schemas: Map<string, Schema>;
}

type JsonObject = Record<string, unknown>;

function isRecord(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

// ---------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------

// Parsing the KServe CRDs (1-2 MB) costs tens of milliseconds; tests validate
// many objects against the same few files, so parse each file once.
const cache = new Map<string, LoadedCrd>();

/**
 * Paths may be absolute, `file:` URLs, or relative to REFERENCE_DIR (e.g.
 * "crds/gateway-api/v1.2.1/standard/gateway.networking.k8s.io_gateways.yaml"),
 * so that tests do not depend on the current working directory.
 */
function resolveCrdPath(file: string): string {
  if (file.startsWith('file:')) return fileURLToPath(file);
  return path.resolve(REFERENCE_DIR, file);
}

export function loadCrd(file: string): CrdInfo & { schemaFor(version: string): object | undefined } {
  return loadCrdInternal(file);
}

function loadCrdInternal(file: string): LoadedCrd {
  const abs = resolveCrdPath(file);
  const cached = cache.get(abs);
  if (cached) return cached;

  // Some sources concatenate several documents (e.g. Istio's crd-all), so use
  // loadAll and pick the CRD rather than assuming it is the only document.
  // Files over 1 MB are vendored gzip'd (crds/SOURCES.yaml); gunzip gives the upstream bytes.
  const text = abs.endsWith('.gz') ? gunzipSync(fs.readFileSync(abs)).toString('utf8') : fs.readFileSync(abs, 'utf8');
  const docs = yaml.loadAll(text);
  const crd = docs.find((d): d is JsonObject => isRecord(d) && d.kind === 'CustomResourceDefinition');
  if (!crd) throw new Error(`${abs}: no CustomResourceDefinition document found`);

  const spec = crd.spec;
  if (!isRecord(spec) || typeof spec.group !== 'string' || !isRecord(spec.names) ||
      typeof spec.names.kind !== 'string' || !Array.isArray(spec.versions)) {
    throw new Error(`${abs}: CRD lacks spec.group, spec.names.kind or spec.versions`);
  }
  // apiextensions.k8s.io/v1beta1 CRDs kept one schema for all versions in
  // spec.validation; none of our files use it, but it costs nothing to honour.
  const sharedSchema = isRecord(spec.validation) ? spec.validation.openAPIV3Schema : undefined;

  const schemas = new Map<string, Schema>();
  const served: string[] = [];
  for (const v of spec.versions) {
    if (!isRecord(v) || typeof v.name !== 'string') continue;
    if (v.served === true) served.push(v.name);
    const own = isRecord(v.schema) ? v.schema.openAPIV3Schema : undefined;
    const schema = own ?? sharedSchema;
    if (isRecord(schema)) schemas.set(v.name, schema as Schema);
  }

  const loaded: LoadedCrd = {
    group: spec.group,
    kind: spec.names.kind,
    versions: served,
    file: abs,
    schemas,
    schemaFor: (version: string) => schemas.get(version),
  };
  cache.set(abs, loaded);
  return loaded;
}

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

/**
 * Deep copy into plain JSON values. We mutate the copy (defaulting), and
 * js-yaml turns unquoted timestamps into Date objects whereas kubectl sends
 * them to the server as strings, so Dates become RFC 3339 strings here.
 */
function toJson(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(toJson);
  if (isRecord(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = toJson(x);
    return out;
  }
  return v;
}

/** JSON with sorted keys, for equality and duplicate detection. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isRecord(v)) {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'undefined';
}

// Keys that read unambiguously after a dot; anything else (e.g. the domain
// "example.com" used as a map key) is shown in brackets like k8s field paths.
const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

function childPath(parent: string, key: string): string {
  if (PLAIN_KEY.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}

function show(p: string): string {
  return p || '(root)';
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'string') return `string ${JSON.stringify(v)}`;
  return `${typeof v} ${String(v)}`;
}

function typeMatches(v: unknown, type: string): boolean {
  switch (type) {
    case 'object': return isRecord(v);
    case 'array': return Array.isArray(v);
    case 'string': return typeof v === 'string';
    // Go decodes JSON numbers as float64 and accepts integral ones for
    // `integer`; JS numbers behave the same way.
    case 'integer': return typeof v === 'number' && Number.isInteger(v);
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'boolean': return typeof v === 'boolean';
    default: return true; // unknown type keyword: do not invent errors
  }
}

// Patterns are Go RE2 syntax. The common subset compiles in JS; `(?i)` is
// mapped to the `i` flag, and anything JS rejects is skipped (null) rather
// than reported, since that would be a limitation of this checker, not a
// problem in the object.
const regexCache = new Map<string, RegExp | null>();

function compilePattern(pattern: string): RegExp | null {
  const hit = regexCache.get(pattern);
  if (hit !== undefined) return hit;
  let source = pattern;
  let flags = '';
  if (source.startsWith('(?i)')) {
    source = source.slice(4);
    flags = 'i';
  }
  let re: RegExp | null = null;
  // `u` first: RE2 matches code points, as JS does only in unicode mode.
  for (const f of [`${flags}u`, flags]) {
    try {
      re = new RegExp(source, f);
      break;
    } catch {
      // try the next flag set
    }
  }
  regexCache.set(pattern, re);
  return re;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Formats the API server checks on strings; unknown formats pass. */
function formatError(format: string, v: string): string | undefined {
  switch (format) {
    case 'ipv4': return net.isIPv4(v) ? undefined : 'must be an IPv4 address';
    case 'ipv6': return net.isIPv6(v) ? undefined : 'must be an IPv6 address';
    case 'date-time': return RFC3339.test(v) ? undefined : 'must be an RFC 3339 date-time';
    case 'byte': return BASE64.test(v) ? undefined : 'must be base64-encoded';
    default: return undefined;
  }
}

// ---------------------------------------------------------------------------
// Metadata
// ---------------------------------------------------------------------------

// Deliberately narrower than ObjectMeta: generated manifests should only ever
// set these, so anything else (a typo such as `label:`, or server-owned fields
// like uid/resourceVersion) is reported.
const METADATA_KEYS = ['name', 'generateName', 'namespace', 'labels', 'annotations'];

function checkMetadata(meta: unknown, p: string, requireName: boolean, errors: string[]): void {
  if (!isRecord(meta)) {
    errors.push(`${p}: must be an object, got ${describe(meta)}`);
    return;
  }
  for (const [k, v] of Object.entries(meta)) {
    const kp = childPath(p, k);
    if (!METADATA_KEYS.includes(k)) {
      errors.push(`${kp}: unknown field (allowed: ${METADATA_KEYS.join(', ')})`);
    } else if (k === 'labels' || k === 'annotations') {
      if (!isRecord(v)) {
        errors.push(`${kp}: must be a map of strings, got ${describe(v)}`);
        continue;
      }
      for (const [lk, lv] of Object.entries(v)) {
        if (typeof lv !== 'string') errors.push(`${childPath(kp, lk)}: must be of type string, got ${describe(lv)}`);
      }
    } else if (typeof v !== 'string' || v === '') {
      errors.push(`${kp}: must be a non-empty string, got ${describe(v)}`);
    }
  }
  // The server accepts generateName instead of name on create.
  if (requireName && meta.name === undefined && meta.generateName === undefined) {
    errors.push(`${childPath(p, 'name')}: required field missing`);
  }
}

// ---------------------------------------------------------------------------
// Null pruning and defaulting (mirrors apiextensions-apiserver's
// PruneNonNullableNullsWithoutDefaults followed by Default)
// ---------------------------------------------------------------------------

function fieldSchema(s: Schema, key: string): Schema | undefined {
  if (s.properties && Object.hasOwn(s.properties, key)) return s.properties[key];
  return typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
}

/**
 * Only the structural part of the schema (properties / additionalProperties /
 * items) takes part: defaults inside allOf/anyOf/... are not allowed by the
 * API server, so branches are ignored here.
 */
function normalize(value: unknown, s: Schema | undefined): void {
  if (!s) return;
  if (Array.isArray(value)) {
    const items = s.items;
    if (!items) return;
    for (let i = 0; i < value.length; i++) {
      if (value[i] === null && !items.nullable && items.default !== undefined) value[i] = toJson(items.default);
      normalize(value[i], items);
    }
    return;
  }
  if (!isRecord(value)) return;

  for (const [k, v] of Object.entries(value)) {
    const sub = fieldSchema(s, k);
    // `foo: null` (e.g. an empty YAML key) is dropped by the server when the
    // field is neither nullable nor defaulted, so it is not an error...
    if (v === null && sub && !sub.nullable && sub.default === undefined) delete value[k];
  }
  for (const [k, sub] of Object.entries(s.properties ?? {})) {
    if (sub.default === undefined) continue;
    // ...and is replaced by the default when there is one.
    if (!Object.hasOwn(value, k) || (value[k] === null && !sub.nullable)) value[k] = toJson(sub.default);
  }
  for (const k of Object.keys(value)) {
    const sub = fieldSchema(s, k);
    if (!sub) continue;
    if (value[k] === null && !sub.nullable && sub.default !== undefined) value[k] = toJson(sub.default);
    normalize(value[k], sub);
  }
}

// ---------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------

/**
 * Validate `value` against `s`, appending readable errors.
 *
 * `branch` is true inside allOf/anyOf/oneOf/not. Structural schemas only allow
 * value validations there: which fields exist is decided by the structural
 * (top-level) properties alone, so branches never report unknown fields and
 * never see defaults; they do check `required`, enums, patterns, etc.
 */
function validateNode(value: unknown, s: Schema, p: string, errors: string[], branch: boolean): void {
  const intOrString = s['x-kubernetes-int-or-string'] === true;

  if (value === null) {
    // Nulls in object fields were pruned/defaulted already; what is left is
    // either explicitly nullable or an error (e.g. a null list item).
    if (!s.nullable && (s.type !== undefined || intOrString)) {
      errors.push(`${show(p)}: must not be null${s.type ? ` (expected ${s.type})` : ''}`);
    }
    return;
  }

  if (intOrString) {
    if (!(typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)))) {
      errors.push(`${show(p)}: must be an integer or a string, got ${describe(value)}`);
      return;
    }
  } else if (s.type !== undefined && !typeMatches(value, s.type)) {
    errors.push(`${show(p)}: must be of type ${s.type}, got ${describe(value)}`);
    // Further checks would only produce noise about the wrong-typed value.
    return;
  }

  if (s.enum && !s.enum.some((e) => canonical(e) === canonical(value))) {
    errors.push(`${show(p)}: must be one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}, got ${JSON.stringify(value)}`);
  }

  if (typeof value === 'string') validateString(value, s, p, errors);
  else if (typeof value === 'number') validateNumber(value, s, p, errors);
  else if (Array.isArray(value)) validateArray(value, s, p, errors, branch);
  else if (isRecord(value)) validateObject(value, s, p, errors, branch);

  validateCombinators(value, s, p, errors);
}

function validateString(v: string, s: Schema, p: string, errors: string[]): void {
  // Lengths count code points, as Go's utf8.RuneCountInString does.
  const len = [...v].length;
  if (s.minLength !== undefined && len < s.minLength) {
    errors.push(`${show(p)}: must be at least ${s.minLength} characters long, got ${len}`);
  }
  if (s.maxLength !== undefined && len > s.maxLength) {
    errors.push(`${show(p)}: must be at most ${s.maxLength} characters long, got ${len}`);
  }
  if (s.pattern !== undefined) {
    const re = compilePattern(s.pattern);
    if (re && !re.test(v)) errors.push(`${show(p)}: ${JSON.stringify(v)} must match pattern ${s.pattern}`);
  }
  if (s.format !== undefined) {
    const err = formatError(s.format, v);
    if (err) errors.push(`${show(p)}: ${JSON.stringify(v)} ${err}`);
  }
}

function validateNumber(v: number, s: Schema, p: string, errors: string[]): void {
  if (s.minimum !== undefined) {
    if (s.exclusiveMinimum ? v <= s.minimum : v < s.minimum) {
      errors.push(`${show(p)}: must be ${s.exclusiveMinimum ? '>' : '>='} ${s.minimum}, got ${v}`);
    }
  }
  if (s.maximum !== undefined) {
    if (s.exclusiveMaximum ? v >= s.maximum : v > s.maximum) {
      errors.push(`${show(p)}: must be ${s.exclusiveMaximum ? '<' : '<='} ${s.maximum}, got ${v}`);
    }
  }
  if (s.multipleOf !== undefined && s.multipleOf > 0 && !Number.isInteger(v / s.multipleOf)) {
    errors.push(`${show(p)}: must be a multiple of ${s.multipleOf}, got ${v}`);
  }
}

function validateArray(v: unknown[], s: Schema, p: string, errors: string[], branch: boolean): void {
  if (s.minItems !== undefined && v.length < s.minItems) {
    errors.push(`${show(p)}: must have at least ${s.minItems} item(s), got ${v.length}`);
  }
  if (s.maxItems !== undefined && v.length > s.maxItems) {
    errors.push(`${show(p)}: must have at most ${s.maxItems} item(s), got ${v.length}`);
  }
  const items = s.items;
  if (items) v.forEach((item, i) => validateNode(item, items, `${p}[${i}]`, errors, branch));
  if (branch) return;

  // The server rejects duplicates in list-type set/map lists (they would be
  // merged away by server-side apply otherwise).
  const listType = s['x-kubernetes-list-type'];
  const mapKeys = s['x-kubernetes-list-map-keys'];
  if (listType === 'set' || (listType === 'map' && mapKeys && mapKeys.length > 0)) {
    const seen = new Map<string, number>();
    v.forEach((item, i) => {
      const key = listType === 'set' || !isRecord(item)
        ? canonical(item)
        : (mapKeys ?? []).map((k) => `${k}=${canonical(item[k])}`).join(', ');
      const first = seen.get(key);
      if (first === undefined) seen.set(key, i);
      else errors.push(`${p}[${i}]: duplicate entry (${key}), same as ${p}[${first}]`);
    });
  }
}

function validateObject(v: JsonObject, s: Schema, p: string, errors: string[], branch: boolean): void {
  const count = Object.keys(v).length;
  if (s.minProperties !== undefined && count < s.minProperties) {
    errors.push(`${show(p)}: must have at least ${s.minProperties} entries, got ${count}`);
  }
  if (s.maxProperties !== undefined && count > s.maxProperties) {
    errors.push(`${show(p)}: must have at most ${s.maxProperties} entries, got ${count}`);
  }
  for (const r of s.required ?? []) {
    if (!Object.hasOwn(v, r)) errors.push(`${childPath(p, r)}: required field missing`);
  }

  const props = s.properties ?? {};
  const additional = s.additionalProperties;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = s['x-kubernetes-embedded-resource'] === true;

  if (embedded && !branch) {
    // An embedded resource implicitly declares apiVersion/kind/metadata.
    for (const k of ['apiVersion', 'kind']) {
      if (Object.hasOwn(props, k)) continue;
      if (typeof v[k] !== 'string' || v[k] === '') errors.push(`${childPath(p, k)}: must be a non-empty string`);
    }
    if (!Object.hasOwn(props, 'metadata') && v.metadata !== undefined) {
      checkMetadata(v.metadata, childPath(p, 'metadata'), false, errors);
    }
  }

  for (const [k, child] of Object.entries(v)) {
    const cp = childPath(p, k);
    if (Object.hasOwn(props, k)) {
      const sub = props[k];
      if (sub) validateNode(child, sub, cp, errors, branch);
    } else if (typeof additional === 'object') {
      validateNode(child, additional, cp, errors, branch);
    } else if (branch || additional === true || preserve) {
      // Allowed (and not validated): branches do not decide which fields
      // exist, and the other two explicitly permit arbitrary fields.
    } else if (embedded && (k === 'apiVersion' || k === 'kind' || k === 'metadata')) {
      // Checked above.
    } else {
      // `type: object` with no properties/additionalProperties and no
      // preserve-unknown-fields prunes everything, so strict mode rejects it.
      errors.push(`${cp}: unknown field`);
    }
  }
}

function validateCombinators(value: unknown, s: Schema, p: string, errors: string[]): void {
  for (const sub of s.allOf ?? []) validateNode(value, sub, p, errors, true);

  const branchErrors = (sub: Schema): string[] => {
    const errs: string[] = [];
    validateNode(value, sub, p, errs, true);
    return errs;
  };

  if (s.anyOf) {
    const results = s.anyOf.map(branchErrors);
    if (!results.some((r) => r.length === 0)) {
      errors.push(`${show(p)}: must match at least one anyOf alternative: ${results.map((r) => `[${r.join('; ')}]`).join(' or ')}`);
    }
  }
  if (s.oneOf) {
    const results = s.oneOf.map(branchErrors);
    const matched = results.filter((r) => r.length === 0).length;
    if (matched === 0) {
      errors.push(`${show(p)}: must match exactly one oneOf alternative, matched none: ${results.map((r) => `[${r.join('; ')}]`).join(' or ')}`);
    } else if (matched > 1) {
      // Typical CRD use: "at most one of these fields may be set".
      errors.push(`${show(p)}: must match exactly one oneOf alternative, matched ${matched} (are mutually exclusive fields set together?)`);
    }
  }
  if (s.not && branchErrors(s.not).length === 0) {
    errors.push(`${show(p)}: must not match the "not" schema ${canonical(s.not)}`);
  }
}

// ---------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------

const ROOT_KEYS = ['apiVersion', 'kind', 'metadata'];

/**
 * Validate a whole object (apiVersion, kind, metadata and everything else)
 * against the CRD in `crdFile` (absolute, file: URL, or relative to
 * REFERENCE_DIR). Returns [] when valid, otherwise one message per problem,
 * each prefixed with the field path, e.g. "spec.listeners[0].port: must be <= 65535, got 70000".
 */
export function validateAgainstCrd(obj: unknown, crdFile: string): string[] {
  const crd = loadCrdInternal(crdFile);
  if (!isRecord(obj)) return [`(root): must be an object, got ${describe(obj)}`];
  const errors: string[] = [];
  const value = toJson(obj) as JsonObject;

  let schema: Schema | undefined;
  const apiVersion = value.apiVersion;
  if (typeof apiVersion !== 'string') {
    errors.push(`apiVersion: must be a string "<group>/<version>", got ${describe(apiVersion)}`);
  } else {
    const slash = apiVersion.lastIndexOf('/');
    const group = slash >= 0 ? apiVersion.slice(0, slash) : '';
    const version = apiVersion.slice(slash + 1);
    if (group !== crd.group) {
      errors.push(`apiVersion: group of "${apiVersion}" must be "${crd.group}"`);
    } else if (!crd.versions.includes(version)) {
      const why = crd.schemas.has(version) ? 'is defined but not served' : 'is not defined';
      errors.push(`apiVersion: version "${version}" ${why} by ${path.basename(crd.file)} (served: ${crd.versions.join(', ')})`);
    } else {
      schema = crd.schemas.get(version);
      if (!schema) errors.push(`apiVersion: ${path.basename(crd.file)} has no schema for served version "${version}"`);
    }
  }

  if (value.kind !== crd.kind) errors.push(`kind: must be "${crd.kind}", got ${describe(value.kind)}`);
  checkMetadata(value.metadata, 'metadata', true, errors);

  if (schema) {
    // apiVersion/kind/metadata were handled above with our own rules (the
    // CRD's `metadata: {type: object}` would otherwise reject every field),
    // so validate the remaining fields against the root schema without them.
    const rest: JsonObject = {};
    for (const [k, v] of Object.entries(value)) if (!ROOT_KEYS.includes(k)) rest[k] = v;
    const props: Record<string, Schema> = {};
    for (const [k, v] of Object.entries(schema.properties ?? {})) if (!ROOT_KEYS.includes(k)) props[k] = v;
    const rootSchema: Schema = {
      ...schema,
      properties: props,
      required: (schema.required ?? []).filter((k) => !ROOT_KEYS.includes(k)),
    };
    normalize(rest, rootSchema);
    validateNode(rest, rootSchema, '', errors, false);
  }
  return errors;
}
