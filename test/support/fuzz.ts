/**
 * Fuzzing support (issue 10): every free-text preset field, fed with random and adversarial strings.
 *
 * A case is one field of one base preset, with one "atom" (the fuzzed text) put into that field
 * through one of the field's wrappers (e.g. the atom as the namespace half of "<ns>/<name>"). The
 * pipeline runs in-process (generate(): validate -> resolve -> plan -> render with its own
 * parse-back validation). The outcome is
 *   - rejected: a UserError, whose line() is one line without control characters;
 *   - accepted: every YAML file parses, identically under YAML 1.1 (what Helm, kubectl and Knative
 *     read with: `on`, `0755`, `1e3` must never reach them as plain scalars), kserve-config.yaml reads
 *     the value back exactly, and (strict cases) the output has exactly the structure of the output
 *     for a sentinel value, with the sentinel replaced by the atom: same files, same keys, same
 *     list lengths, the value exactly where the sentinel was and nowhere else;
 *   - failure: anything else (another exception, a mismatch).
 * Cases whose atom coincides with a name the output already uses (e.g. kserve.namespace =
 * "knative-serving") legitimately change the structure; they get every check except the
 * structural comparison ("accepted, loose").
 *
 * Used by test/fuzz.test.ts (a few hundred cases) and scripts/fuzz.ts (thousands).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import yaml from 'js-yaml';
import { UserError } from '../../src/errors.js';
import { validatePreset } from '../../src/preset/validate.js';
import type { Credentials } from '../../src/preset/files.js';
import { CLI_PATH, listFiles } from './cli.js';
import { REPO_ROOT, generate, loadShippedPreset, type Generated } from './generate.js';

type Obj = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// YAML 1.1 as Go reads it: Helm, kubectl and Knative (sigs.k8s.io/yaml over go-yaml v2) resolve
// plain scalars such as `on`, `y`, `0755` (octal!), `1e3` and `2001-12-14` to non-strings, where
// js-yaml (YAML 1.2 core) reads text or another number. goResolve() mirrors go-yaml v2's resolve().

const GO_MAP = new Map<string, unknown>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE'].map((k) => [k, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE'].map((k) => [k, false] as const),
  ...['', '~', 'null', 'Null', 'NULL'].map((k) => [k, null] as const),
  ...['.nan', '.NaN', '.NAN'].map((k) => [k, NaN] as const),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((k) => [k, Infinity] as const),
  ...['-.inf', '-.Inf', '-.INF'].map((k) => [k, -Infinity] as const),
  ['<<', '<<merge>>'],
]);
const GO_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
// strconv.ParseInt(s, 0, 64): sign, then 0x / 0o / 0b / leading-0 octal / decimal.
const GO_INT = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
const GO_TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]+)?(Z|[-+][0-9]{1,2}:[0-9]{2})?)?$/;

function goInt(text: string): number {
  const sign = text.startsWith('-') ? -1 : 1;
  const u = text.replace(/^[-+]/, '');
  if (/^0[xX]/.test(u)) return sign * parseInt(u.slice(2), 16);
  if (/^0[oO]/.test(u)) return sign * parseInt(u.slice(2), 8);
  if (/^0[bB]/.test(u)) return sign * parseInt(u.slice(2), 2);
  if (u.length > 1 && u.startsWith('0')) return sign * parseInt(u, 8);
  return sign * parseInt(u, 10);
}

/** What go-yaml v2 makes of a plain scalar, or undefined when it stays a string. */
export function goResolve(text: string): { value: unknown } | undefined {
  if (GO_MAP.has(text)) return { value: GO_MAP.get(text) };
  const first = text[0] ?? '';
  if (first === '.') {
    return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(text) ? { value: Number(text) } : undefined;
  }
  if (!/[-+0-9]/.test(first)) return undefined;
  if (GO_TIMESTAMP.test(text)) return { value: `timestamp(${text})` };
  const plain = text.replace(/_/g, '');
  if (GO_INT.test(plain)) return { value: goInt(plain) };
  if (GO_FLOAT.test(plain)) return { value: Number(plain) };
  return undefined;
}

const GO_YAML_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    new yaml.Type('tag:yaml.org,2002:go-resolved', {
      kind: 'scalar',
      resolve: (d: string | null) => goResolve(d ?? '') !== undefined,
      construct: (d: string | null) => goResolve(d ?? '')!.value,
    }),
  ],
});

/** Canonical text of a parsed value: sorted keys, NaN/Infinity/Date kept distinct from strings. */
function canon(v: unknown): string {
  if (v instanceof Date) return `date(${v.toISOString()})`;
  if (typeof v === 'number' && !Number.isFinite(v)) return `num(${String(v)})`;
  if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canon((v as Obj)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'undefined';
}

/** Where a YAML text reads differently under YAML 1.1 than under js-yaml's 1.2 core schema ([] = nowhere). */
export function yaml11Differences(text: string, where: string): string[] {
  let core: unknown[];
  let old: unknown[];
  try {
    core = yaml.loadAll(text);
  } catch (err) {
    return [`${where}: does not parse: ${(err as Error).message.split('\n')[0]}`];
  }
  try {
    old = yaml.loadAll(text, undefined, { schema: GO_YAML_SCHEMA });
  } catch (err) {
    return [`${where}: does not parse as YAML 1.1: ${(err as Error).message.split('\n')[0]}`];
  }
  const out: string[] = [];
  const walk = (a: unknown, b: unknown, p: string) => {
    if (canon(a) === canon(b)) {
      // Strings holding YAML (Knative's config-istio gateway lists) are parsed by Go too.
      if (typeof a === 'string' && a.includes('\n') && /^\s*(- |[\w.-]+: )/m.test(a)) out.push(...yaml11Differences(a, `${p} (embedded YAML)`));
      if (a !== null && typeof a === 'object' && b !== null && typeof b === 'object') {
        if (Array.isArray(a)) a.forEach((x, i) => walk(x, (b as unknown[])[i], `${p}[${i}]`));
        else for (const k of Object.keys(a)) walk((a as Obj)[k], (b as Obj)[k], `${p}.${k}`);
      }
      return;
    }
    if (a !== null && typeof a === 'object' && b !== null && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
      if (Array.isArray(a)) {
        const bb = b as unknown[];
        if (a.length !== bb.length) out.push(`${p}: ${a.length} items under YAML 1.2, ${bb.length} under YAML 1.1`);
        else a.forEach((x, i) => walk(x, bb[i], `${p}[${i}]`));
        return;
      }
      const ka = Object.keys(a).sort();
      const kb = Object.keys(b).sort();
      if (canon(ka) !== canon(kb)) {
        out.push(`${p}: keys ${JSON.stringify(ka)} under YAML 1.2 are ${JSON.stringify(kb)} under YAML 1.1`);
        return;
      }
      for (const k of ka) walk((a as Obj)[k], (b as Obj)[k], `${p}.${k}`);
      return;
    }
    out.push(`${p}: ${canon(a)} under YAML 1.2 is ${canon(b)} under YAML 1.1 (Helm/kubectl/Knative)`);
  };
  core.forEach((d, i) => walk(d, old[i], `${where}#${i}`));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Base presets and fields

const BASES: Record<string, () => Obj> = {
  'custom-local@0.15.2': () => loadShippedPreset('serverless-istio-custom-local-gateway'),
  'custom-local@0.20.0': () => withVersion(loadShippedPreset('serverless-istio-custom-local-gateway'), '0.20.0'),
  'custom-local-manifests@0.13.1': () => {
    const p = withVersion(loadShippedPreset('serverless-istio-custom-local-gateway'), '0.13.1');
    p.knative = { install: 'manifests' };
    return p;
  },
  'raw-istio@0.20.0': () => ({ kserve: { version: '0.20.0' }, deploymentMode: 'Standard' }),
  'offline@0.15.2': () => loadShippedPreset('offline-serverless'),
  'offline@0.20.0': () => withVersion(loadShippedPreset('offline-serverless'), '0.20.0'),
  'offline-kong@0.20.0': () => {
    const p = withVersion(loadShippedPreset('offline-serverless'), '0.20.0');
    p.deploymentMode = 'Standard';
    p.ingress = { provider: 'kong' };
    return p;
  },
  'kong@0.15.2': () => loadShippedPreset('raw-kong'),
  'kong@0.20.0': () => withVersion(loadShippedPreset('raw-kong'), '0.20.0'),
  'kong@0.14.1': () => withVersion(loadShippedPreset('raw-kong'), '0.14.1'),
  's3@0.15.2': () => loadShippedPreset('private-ca-s3'),
  's3@0.20.0': () => withVersion(loadShippedPreset('private-ca-s3'), '0.20.0'),
  's3-no-ca@0.20.0': () => {
    const p = withVersion(loadShippedPreset('private-ca-s3'), '0.20.0');
    p.storage = { storageConfig: { enabled: true, s3: { endpoint: 'minio.storage.svc:9000', region: 'us-east-1', bucket: 'models' } } };
    return p;
  },
};

function withVersion(p: Obj, version: string): Obj {
  (p.kserve as Obj).version = version;
  return p;
}

type AtomKind =
  | 'label'
  | 'subdomain'
  | 'labelKey'
  | 'labelValue'
  | 'registry'
  | 'image'
  | 'hex'
  | 'path'
  | 'text'
  | 'version'
  | 'knativeVersion'
  | 'intOrPercent'
  | 'seconds';

export interface Field {
  /** Preset path of the field (or of the map / list it is a key or item of). */
  path: string;
  /** How the value goes in: the leaf itself, a key or value of a one-entry map, the item of a one-item list, or an env credential. */
  shape: 'value' | 'key' | 'mapValue' | 'item' | 'credential';
  /** The other half of a one-entry map. */
  fixed?: string;
  bases: string[];
  /** Field value from the atom; the sentinel must be valid in every wrapper. */
  wraps: ((atom: string) => string)[];
  atoms: AtomKind;
  sentinel: string;
  /** false: the value changes behaviour, not just names, so only the non-structural checks apply. */
  strict?: boolean | ((atom: string, wrap: number) => boolean);
}

const id = (a: string) => a;
const SERVERLESS = ['custom-local@0.15.2', 'custom-local@0.20.0', 'custom-local-manifests@0.13.1'];
const OFFLINE = ['offline@0.15.2', 'offline@0.20.0', 'offline-kong@0.20.0'];
const KONG = ['kong@0.15.2', 'kong@0.20.0', 'kong@0.14.1'];
const S3 = ['s3@0.15.2', 's3@0.20.0', 's3-no-ca@0.20.0'];
const S = 'qqsentinelqq';
const HEX_SENTINEL = 'abcdef0123456789'.repeat(4);

export const FIELDS: Field[] = [
  { path: 'ingress.domain', shape: 'value', bases: [...SERVERLESS, 'raw-istio@0.20.0', 'kong@0.20.0'], wraps: [id, (a) => `${a}.example.com`, (a) => `models.${a}`], atoms: 'subdomain', sentinel: S },
  { path: 'kserve.namespace', shape: 'value', bases: [...SERVERLESS, 'kong@0.20.0', 's3@0.20.0', 'offline@0.20.0'], wraps: [id], atoms: 'label', sentinel: S },
  { path: 'ingress.istio.localGateway', shape: 'value', bases: SERVERLESS, wraps: [(a) => `${a}/custom-local-gateway`, (a) => `istio-system/${a}`], atoms: 'label', sentinel: S },
  { path: 'ingress.istio.ingressGateway', shape: 'value', bases: SERVERLESS, wraps: [(a) => `${a}/my-ingress-gateway`, (a) => `istio-system/${a}`], atoms: 'label', sentinel: S },
  {
    path: 'ingress.istio.localGatewayService',
    shape: 'value',
    bases: SERVERLESS,
    wraps: [(a) => `${a}.istio-system.svc.cluster.local`, (a) => `custom-local-gateway.${a}.svc.cluster.local`, id],
    atoms: 'subdomain',
    sentinel: S,
    // The host is split into <service>.<namespace>: an atom with dots moves the split.
    strict: (a, w) => w !== 2 && !a.includes('.'),
  },
  {
    path: 'ingress.istio.ingressGatewayService',
    shape: 'value',
    bases: SERVERLESS,
    wraps: [(a) => `${a}.istio-system.svc.cluster.local`, (a) => `istio-ingressgateway.${a}.svc.cluster.local`, id],
    atoms: 'subdomain',
    sentinel: S,
    strict: (a, w) => w !== 2 && !a.includes('.'),
  },
  { path: 'ingress.istio.localGatewaySelector', shape: 'key', fixed: 'custom-local-gateway', bases: SERVERLESS, wraps: [id, (a) => `example.com/${a}`, (a) => `${a}/app`], atoms: 'labelKey', sentinel: S },
  { path: 'ingress.istio.localGatewaySelector', shape: 'mapValue', fixed: 'istio', bases: SERVERLESS, wraps: [id, (a) => `gw-${a}`], atoms: 'labelValue', sentinel: S },
  { path: 'ingress.istio.ingressGatewaySelector', shape: 'key', fixed: 'my-ingress', bases: SERVERLESS, wraps: [id, (a) => `example.com/${a}`], atoms: 'labelKey', sentinel: S },
  { path: 'ingress.istio.ingressGatewaySelector', shape: 'mapValue', fixed: 'app', bases: SERVERLESS, wraps: [id], atoms: 'labelValue', sentinel: S },
  { path: 'ingress.istio.servingNamespaces', shape: 'item', bases: [...SERVERLESS, 's3@0.20.0'], wraps: [id], atoms: 'label', sentinel: S },
  { path: 'ingress.kong.gateway', shape: 'value', bases: KONG, wraps: [(a) => `${a}/kserve-ingress-gateway`, (a) => `kserve/${a}`], atoms: 'label', sentinel: S },
  { path: 'ingress.kong.gatewayClassName', shape: 'value', bases: KONG, wraps: [id], atoms: 'subdomain', sentinel: S },
  { path: 'ingress.kong.controllerName', shape: 'value', bases: KONG, wraps: [(a) => `konghq.com/${a}`, (a) => `${a}/kic-gateway-controller`], atoms: 'text', sentinel: S },
  { path: 'ingress.kong.listenerName', shape: 'value', bases: KONG, wraps: [id], atoms: 'label', sentinel: S },
  {
    path: 'offline.registry',
    shape: 'value',
    bases: OFFLINE,
    wraps: [id, (a) => `${a}:5000`, (a) => `registry.example.internal:5000/${a}`],
    atoms: 'registry',
    sentinel: S,
    // The mirror host (up to the first "/") goes into Knative's skip list on its own.
    strict: (a, w) => w === 2 || !a.includes('/'),
  },
  { path: 'offline.skipTagResolving', shape: 'item', bases: OFFLINE, wraps: [id, (a) => `${a}:5000`], atoms: 'registry', sentinel: S },
  { path: 'offline.imagePullSecrets', shape: 'item', bases: OFFLINE, wraps: [id], atoms: 'subdomain', sentinel: S },
  { path: 'offline.imageDigests', shape: 'mapValue', fixed: 'kserve/kserve-controller', bases: OFFLINE, wraps: [(a) => `sha256:${a}`, id], atoms: 'hex', sentinel: HEX_SENTINEL, strict: (_a, w) => w === 0 },
  // Which image a digest pins changes the output: robustness checks only.
  { path: 'offline.imageDigests', shape: 'key', fixed: `sha256:${HEX_SENTINEL}`, bases: OFFLINE, wraps: [id], atoms: 'image', sentinel: 'kserve/kserve-controller', strict: false },
  { path: 'storage.caBundle.configMapName', shape: 'value', bases: ['s3@0.15.2', 's3@0.20.0'], wraps: [id], atoms: 'label', sentinel: S },
  { path: 'storage.caBundle.mountPath', shape: 'value', bases: ['s3@0.15.2', 's3@0.20.0'], wraps: [(a) => `/etc/${a}`, id], atoms: 'path', sentinel: S, strict: (_a, w) => w === 0 },
  { path: 'storage.storageConfig.secretName', shape: 'value', bases: S3, wraps: [id], atoms: 'subdomain', sentinel: S },
  { path: 'storage.storageConfig.namespaces', shape: 'item', bases: S3, wraps: [id], atoms: 'label', sentinel: S },
  { path: 'storage.storageConfig.s3.endpoint', shape: 'value', bases: S3, wraps: [id, (a) => `${a}:9000`, (a) => `minio.${a}.svc:9000`], atoms: 'registry', sentinel: S },
  { path: 'storage.storageConfig.s3.bucket', shape: 'value', bases: S3, wraps: [id], atoms: 'subdomain', sentinel: S },
  { path: 'storage.storageConfig.s3.region', shape: 'value', bases: S3, wraps: [id], atoms: 'label', sentinel: S },
  { path: 'accessKeyId', shape: 'credential', bases: S3, wraps: [id], atoms: 'text', sentinel: S },
  { path: 'secretAccessKey', shape: 'credential', bases: S3, wraps: [id], atoms: 'text', sentinel: S },
  // Values that select behaviour: robustness and read-back only.
  { path: 'kserve.version', shape: 'value', bases: ['custom-local@0.15.2', 'kong@0.20.0', 'offline@0.20.0', 's3@0.20.0'], wraps: [id, (a) => `v${a}`], atoms: 'version', sentinel: '0.15.2', strict: false },
  { path: 'knative.version', shape: 'value', bases: ['custom-local@0.15.2', 'offline@0.20.0'], wraps: [id], atoms: 'knativeVersion', sentinel: '', strict: false },
  { path: 'deployment.strategy.maxSurge', shape: 'value', bases: ['kong@0.20.0', 'kong@0.15.2'], wraps: [id], atoms: 'intOrPercent', sentinel: '1', strict: false },
  { path: 'deployment.strategy.maxUnavailable', shape: 'value', bases: ['kong@0.20.0'], wraps: [id], atoms: 'intOrPercent', sentinel: '0', strict: false },
  { path: 'deployment.progressDeadline', shape: 'value', bases: ['custom-local@0.20.0', 'offline@0.15.2'], wraps: [id], atoms: 'seconds', sentinel: '600s', strict: false },
];

export function fieldName(f: Field): string {
  return f.shape === 'credential' ? `env.${f.path}` : `${f.path}${f.shape === 'key' ? '{key}' : f.shape === 'mapValue' ? `.${f.fixed}` : f.shape === 'item' ? '[0]' : ''}`;
}

// ---------------------------------------------------------------------------------------------
// Atoms

/** Strings YAML 1.1 or 1.2 read as something other than text. */
export const YAML_SPECIALS = [
  'on', 'off', 'yes', 'no', 'y', 'n', 'Y', 'N', 'NO', 'On', 'OFF', 'true', 'false', 'True', 'FALSE',
  'null', 'Null', 'NULL', '~', '0755', '0o755', '0x1f', '0b101', '1e3', '12e03', '1e-3', '1_000', '1:20',
  '190:20:30', '-1', '+1', '.inf', '-.inf', '.nan', '.5', '1.5', '0.', '123', '007', '0', '2001-12-14',
  '2001-12-14t21:59:43.10-05:00', '<<', '=',
];

/** Text that breaks naive templating: structure, comments, Handlebars, quoting, control and odd unicode. */
export const INJECTIONS = [
  '', ' ', ': ', 'a: b', 'a:b', '#', ' #c', 'a #c', '{{', '}}', '{{yaml preset}}', '{{{x}}}', '{{> partial}}',
  '"', "'", '\\', '\\n', '\n', '\r', '\r\n', '\t', 'a\nb: c', 'a\n  b: c', '\n---\nkind: Secret', '- a', '[a]',
  '{a: b}', '[', '{', ']', '}', ',', '&a', '*a', '!!str', '!!binary x', '!x', '%YAML 1.1', '---', '...', '|',
  '>', '|-\n  x', '@', '`', '%', '?', '${NAME}', '$(id)', '`id`', ';rm -rf /', '&&', '<script>', 'é', 'ß',
  'İ', 'ı', '\u212a', '😀', '\u0000', '\u0007', '\u001b[31m', '\u2028', '\u2029', '\u0085', '\ufeff',
  '\u00a0', '\ud800', '/', '//', '..', '../..', '.', '-', '_', 'A', 'a'.repeat(63), 'a'.repeat(64),
  'a'.repeat(253), 'a'.repeat(254), 'a'.repeat(10 * 1024),
];

const SIGNIFICANT = [...'abc019-._:/#{}[]"\'\\ \n\t,&*!|>%@`?$=~+', '\u00e9', '\u2028', '\u0000', '\u{1F600}'];

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/;
const VALID: Record<AtomKind, fc.Arbitrary<string>> = {
  label: fc.stringMatching(DNS_LABEL),
  subdomain: fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,8}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,8}[a-z0-9])?){0,3}$/),
  labelKey: fc.stringMatching(/^([a-z0-9]([-a-z0-9]{0,6}[a-z0-9])?(\.[a-z0-9]{1,6}){0,2}\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,10}[A-Za-z0-9])?$/),
  labelValue: fc.stringMatching(/^(([A-Za-z0-9][-A-Za-z0-9_.]{0,12})?[A-Za-z0-9])?$/),
  registry: fc.stringMatching(/^[a-z0-9]([-a-z0-9.]{0,10}[a-z0-9])?(:[0-9]{1,5})?(\/[a-z0-9]{1,6}([._-][a-z0-9]{1,4})?){0,2}$/),
  image: fc.constantFrom(
    'kserve/kserve-controller', 'docker.io/kserve/kserve-controller', 'kserve/storage-initializer', 'kserve/agent',
    'gcr.io/knative-releases/knative.dev/serving/cmd/queue', 'quay.io/jetstack/cert-manager-controller', 'kserve/nope',
    'docker.io/library/kong', 'kong/kubernetes-ingress-controller', 'istio/proxyv2', 'docker.io/istio/pilot',
  ),
  hex: fc.stringMatching(/^[a-f0-9]{64}$/),
  path: fc.stringMatching(/^[A-Za-z0-9._-]{1,12}(\/[A-Za-z0-9._-]{1,8}){0,2}$/),
  text: fc.oneof(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 }), fc.stringMatching(/^AKIA[A-Z0-9]{16}$/), fc.stringMatching(/^[A-Za-z0-9/+]{40}$/)),
  version: fc.oneof(
    fc.constantFrom('0.11.2', '0.12.1', '0.13.1', '0.14.1', '0.15.0-rc0', '0.15.2', '0.16.0', '0.17.1', '0.19.0', '0.20.0', '0.20.0-rc1', '0.10.0', '0.21.0', '0.15.9', '1.0.0'),
    fc.stringMatching(/^[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{1,2}(-rc[0-9])?$/),
  ),
  knativeVersion: fc.oneof(fc.constantFrom('1.15.2', '1.21.1', '1.10.2', '1.9.0', 'v1.13', '1.13', '0.26.0'), fc.stringMatching(/^v?[0-9]{1,2}\.[0-9]{1,2}(\.[0-9]{1,2})?$/)),
  intOrPercent: fc.stringMatching(/^[0-9]{1,3}%?$/),
  seconds: fc.stringMatching(/^[0-9]{1,5}s$/),
};

function atomArbitrary(kind: AtomKind): fc.Arbitrary<string> {
  const valid = VALID[kind];
  const special = fc.constantFrom(...YAML_SPECIALS);
  const injection = fc.constantFrom(...INJECTIONS);
  // A valid value with something hostile spliced in.
  const mutated = fc
    .tuple(valid, fc.oneof(special, injection, fc.constantFrom(...SIGNIFICANT)), fc.nat())
    .map(([v, ins, at]) => v.slice(0, at % (v.length + 1)) + ins + v.slice(at % (v.length + 1)));
  const huge = fc.tuple(fc.oneof(valid, fc.constantFrom('a', 'a-', '0', ' ', '\n', 'é')), fc.integer({ min: 1024, max: 10 * 1024 })).map(([v, n]) => (v || 'a').repeat(Math.ceil(n / Math.max(1, (v || 'a').length))).slice(0, n));
  return fc.oneof(
    { weight: 6, arbitrary: valid },
    { weight: 3, arbitrary: special },
    { weight: 3, arbitrary: injection },
    { weight: 4, arbitrary: mutated },
    { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom(...SIGNIFICANT), maxLength: 24 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 16 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 16 }) },
    { weight: 1, arbitrary: huge },
  );
}

export interface FuzzCase {
  field: Field;
  base: string;
  wrap: number;
  atom: string;
}

export function caseArbitrary(fields: readonly Field[] = FIELDS): fc.Arbitrary<FuzzCase> {
  return fc.oneof(
    ...fields.map((field) =>
      fc.record({
        field: fc.constant(field),
        base: fc.constantFrom(...field.bases),
        wrap: fc.nat({ max: field.wraps.length - 1 }),
        atom: atomArbitrary(field.atoms),
      }),
    ),
  );
}

/** JSON text with every character a terminal could hide or act on escaped too. */
export function show(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\u009f\u00a0\u2028\u2029\ufeff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function describeCase(c: FuzzCase): string {
  const shown = c.atom.length > 120 ? `${show(c.atom.slice(0, 60))}...(${c.atom.length} chars)` : show(c.atom);
  return `${fieldName(c.field)} = ${JSON.stringify(c.field.wraps[c.wrap]!('\u0001')).replace('\\u0001', '<atom>')} with atom ${shown} on ${c.base}`;
}

// ---------------------------------------------------------------------------------------------
// Running a case

const FIXED_CREDENTIALS: Credentials = { accessKeyId: 'AKIAFUZZFIXEDKEYID00', secretAccessKey: 'fuzz/Fixed+Secret/Access/Key/0123456789ab' };

function getPath(o: unknown, p: string): unknown {
  return p.split('.').reduce<unknown>((n, k) => (n !== null && typeof n === 'object' ? (n as Obj)[k] : undefined), o);
}

function setPath(o: Obj, p: string, value: unknown): void {
  const keys = p.split('.');
  let node = o;
  for (const k of keys.slice(0, -1)) {
    if (node[k] === null || typeof node[k] !== 'object') node[k] = {};
    node = node[k] as Obj;
  }
  node[keys[keys.length - 1]!] = value;
}

/** The preset (and credentials) for a field value. */
export function buildInput(field: Field, base: string, value: string): { preset: Obj; credentials: Credentials } {
  const preset = BASES[base]!();
  let credentials = { ...FIXED_CREDENTIALS };
  switch (field.shape) {
    case 'value':
      setPath(preset, field.path, value);
      break;
    case 'key':
      setPath(preset, field.path, { [value]: field.fixed });
      break;
    case 'mapValue':
      setPath(preset, field.path, { [field.fixed!]: value });
      break;
    case 'item':
      setPath(preset, field.path, [value]);
      break;
    case 'credential':
      credentials = { ...credentials, [field.path]: value };
      break;
  }
  return { preset, credentials };
}

/** The field's value as kserve-config.yaml reads back, in the same shape it went in. */
function readBack(field: Field, written: unknown): unknown {
  return getPath(written, field.path);
}

function expectedReadBack(field: Field, value: string): unknown {
  switch (field.shape) {
    case 'key':
      return { [value]: field.fixed };
    case 'mapValue':
      return { [field.fixed!]: value };
    case 'item':
      return [value];
    default:
      return value;
  }
}

export type Outcome =
  | { kind: 'rejected'; line: string }
  | { kind: 'accepted'; strict: boolean }
  | { kind: 'failure'; message: string }
  | { kind: 'known-bug'; bug: string; message: string };

/**
 * Bugs found by fuzzing in code this suite does not own, reported and tracked in
 * test/fuzz.test.ts (test.skip, "BUG:"). A case matching one is counted apart, not as a failure;
 * remove the entry once the bug is fixed. Each predicate is as narrow as the bug.
 */
/**
 * Bugs the fuzzer reproduces in code it does not own, recognised so a run can count them apart.
 * Empty: the four it found (config-istio lists built by concatenation, knative.version with a
 * leading zero, raw control characters and unbounded keys in error lines) are fixed, and their
 * regression tests run in test/fuzz.test.ts.
 */
export const KNOWN_BUGS: { id: string; matches: (c: FuzzCase, message: string) => boolean }[] = [];

export function knownBug(c: FuzzCase, message: string): string | undefined {
  return KNOWN_BUGS.find((b) => b.matches(c, message))?.id;
}

function run(c: FuzzCase, value: string): { g?: Generated; error?: unknown } {
  const { preset, credentials } = buildInput(c.field, c.base, value);
  try {
    return { g: generate(preset, [], { credentials }) };
  } catch (error) {
    return { error };
  }
}

const baselines = new Map<string, Generated>();
const specialNames = new Map<string, Set<string>>();

function baseline(c: FuzzCase): Generated {
  const key = `${fieldName(c.field)}|${c.base}|${c.wrap}`;
  let g = baselines.get(key);
  if (!g) {
    const r = run(c, c.field.wraps[c.wrap]!(c.field.sentinel));
    if (!r.g) throw new Error(`fuzz setup: the sentinel for ${key} does not generate: ${String((r.error as Error)?.message ?? r.error)}`);
    g = r.g;
    baselines.set(key, g);
  }
  return g;
}

/** Every string and key of the baseline output, whole and split at separators: names the output already uses. */
function namesIn(c: FuzzCase, g: Generated): Set<string> {
  const key = `${c.base}`;
  let names = specialNames.get(key);
  if (!names) {
    names = new Set(['', 'default', 'istio-system', 'kserve-test', 'kserve', 'kong', 'knative-serving', 'knative-operator', 'cert-manager']);
    const add = (s: string) => {
      names!.add(s);
      for (const part of s.split(/[/.:,@ =*]+/)) names!.add(part);
    };
    const walk = (v: unknown) => {
      if (typeof v === 'string') add(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v !== null && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          add(k);
          walk(x);
        }
      }
    };
    for (const docs of g.docs.values()) walk(docs);
    for (const p of g.files.keys()) add(p);
    specialNames.set(key, names);
  }
  return names;
}

/** Replaces the sentinel in every string of `v` (keys too), so a baseline predicts a fuzzed output. */
function substitute(text: string, from: string, to: string): string {
  return text.split(from).join(to);
}

function tryJson(s: string): unknown {
  const t = s.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return undefined;
  try {
    return JSON.parse(t);
  } catch {
    return undefined;
  }
}

/** Where `actual` is not `expected` with `from` replaced by `to` in every string and key ([] = nowhere). */
export function substitutedDifferences(expected: unknown, actual: unknown, from: string, to: string): string[] {
  const out: string[] = [];
  compareSubstituted(expected, actual, from, to, '', out);
  return out;
}

function tryEmbeddedYaml(text: string): unknown {
  if (!text.includes('\n') || !/^\s*(- |[\w.-]+: )/m.test(text)) return undefined;
  try {
    const doc = yaml.load(text);
    return doc !== null && typeof doc === 'object' ? doc : undefined;
  } catch {
    return undefined;
  }
}

/** Structural comparison: `actual` must be `expected` with `from` replaced by `to` in every string and key. */
function compareSubstituted(expected: unknown, actual: unknown, from: string, to: string, p: string, out: string[]): void {
  if (out.length > 3) return;
  if (typeof expected === 'string') {
    if (typeof actual !== 'string') {
      out.push(`${p}: expected a string, got ${canon(actual)}`);
      return;
    }
    const ej = tryJson(expected);
    const aj = tryJson(actual);
    if (ej !== undefined && aj !== undefined) {
      compareSubstituted(ej, aj, from, to, `${p}(json)`, out);
      return;
    }
    // YAML held in a string (config-istio gateway lists): compare what it means, not its quoting.
    const ey = tryEmbeddedYaml(expected);
    const ay = tryEmbeddedYaml(actual);
    if (ey !== undefined && ay !== undefined) {
      compareSubstituted(ey, ay, from, to, `${p}(yaml)`, out);
      return;
    }
    const want = substitute(expected, from, to);
    if (want !== actual) out.push(`${p}: expected ${JSON.stringify(want).slice(0, 300)}, got ${JSON.stringify(actual).slice(0, 300)}`);
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      out.push(`${p}: expected a list of ${expected.length}, got ${canon(actual).slice(0, 200)}`);
      return;
    }
    expected.forEach((e, i) => compareSubstituted(e, actual[i], from, to, `${p}[${i}]`, out));
    return;
  }
  if (expected !== null && typeof expected === 'object' && !(expected instanceof Date)) {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      out.push(`${p}: expected a mapping, got ${canon(actual).slice(0, 200)}`);
      return;
    }
    const map = new Map(Object.keys(expected).map((k) => [substitute(k, from, to), k]));
    const actualKeys = Object.keys(actual);
    const extra = actualKeys.filter((k) => !map.has(k));
    const missing = [...map.keys()].filter((k) => !actualKeys.includes(k));
    if (extra.length || missing.length) {
      out.push(`${p}: extra keys ${JSON.stringify(extra).slice(0, 200)}, missing keys ${JSON.stringify(missing).slice(0, 200)}`);
      return;
    }
    for (const [k, orig] of map) compareSubstituted((expected as Obj)[orig], (actual as Obj)[k], from, to, `${p}.${k}`, out);
    return;
  }
  if (canon(expected) !== canon(actual)) out.push(`${p}: expected ${canon(expected)}, got ${canon(actual)}`);
}

/** Line breaks and terminal control characters (a tab is harmless). */
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/;

/** Runs one case in-process and classifies it. Never throws. */
export function checkCase(c: FuzzCase): Outcome {
  const outcome = classify(c);
  if (outcome.kind === 'failure') {
    const bug = knownBug(c, outcome.message);
    if (bug) return { kind: 'known-bug', bug, message: outcome.message };
  }
  return outcome;
}

function classify(c: FuzzCase): Outcome {
  const value = c.field.wraps[c.wrap]!(c.atom);
  const fail = (message: string): Outcome => ({ kind: 'failure', message: `${describeCase(c)}: ${message}` });
  const r = run(c, value);
  if (!r.g) {
    const err = r.error;
    if (err instanceof UserError) {
      const line = err.line();
      if (CONTROL.test(line)) return fail(`the error line has control or line-breaking characters: ${show(line).slice(0, 300)}`);
      if (!/^error: .+: .+ — .+/s.test(line)) return fail(`the error line is not "error: <where>: <what> — <fix>": ${JSON.stringify(line).slice(0, 300)}`);
      if (line.length > 2000) return fail(`the error line is ${line.length} characters long`);
      return { kind: 'rejected', line };
    }
    return fail(`${(err as Error)?.name ?? 'throw'}: ${String((err as Error)?.message ?? err).slice(0, 500)}`);
  }
  const g = r.g;
  const problems: string[] = [];
  // Every YAML file parses the same under YAML 1.1 as under 1.2.
  for (const [p, content] of g.files) {
    if (p.endsWith('.yaml')) problems.push(...yaml11Differences(content, p));
  }
  if (problems.length) return fail(problems.slice(0, 3).join('; '));
  // kserve-config.yaml reads the value back exactly.
  if (c.field.shape === 'credential') {
    for (const [p, docs] of g.docs) {
      if (!p.startsWith('secrets/')) continue;
      const entry = JSON.parse(String(getPath(docs[0], 'stringData.default'))) as Obj;
      const key = c.field.path === 'accessKeyId' ? 'access_key_id' : 'secret_access_key';
      if (entry[key] !== value) return fail(`${p}: ${key} reads back as ${JSON.stringify(entry[key]).slice(0, 200)}`);
    }
  } else {
    const written = g.docs.get('kserve-config.yaml')?.[0];
    const back = readBack(c.field, written);
    if (canon(back) !== canon(expectedReadBack(c.field, value))) {
      return fail(`kserve-config.yaml reads back ${canon(back).slice(0, 300)}`);
    }
    // Validation is idempotent on what it wrote, so --preset kserve-config.yaml reproduces the folder
    // (render/validate.ts relies on this instead of validating the file again on every run).
    if (!isDeepStrictEqual(validatePreset(structuredClone(written)), written)) return fail('kserve-config.yaml does not validate to itself');
  }
  // Structure: the sentinel's output with the sentinel replaced by the atom.
  const strictOpt = c.field.strict ?? true;
  const base = (typeof strictOpt === 'function' ? strictOpt(c.atom, c.wrap) : strictOpt) ? baseline(c) : undefined;
  const strict = base !== undefined && !namesIn(c, base).has(c.atom) && c.atom !== c.field.sentinel;
  if (strict) {
    const from = c.field.sentinel;
    const to = c.atom;
    const expectedFiles = [...base.files.keys()].map((p) => substitute(p, from, to)).sort();
    const actualFiles = [...g.files.keys()].sort();
    if (canon(expectedFiles) !== canon(actualFiles)) return fail(`files ${JSON.stringify(actualFiles)}, expected ${JSON.stringify(expectedFiles)}`);
    const diffs: string[] = [];
    for (const [p, docs] of base.docs) {
      compareSubstituted(docs, g.docs.get(substitute(p, from, to)), from, to, substitute(p, from, to), diffs);
    }
    if (diffs.length) return fail(`output differs from the sentinel's beyond the value: ${diffs.slice(0, 3).join('; ')}`);
  }
  // Credentials appear in the Secret files only.
  if (c.field.shape === 'credential' && c.atom.length >= 6) {
    const everything = [...baseline(c).files.values()].join('\n');
    if (!everything.includes(c.atom)) {
      for (const [p, content] of g.files) {
        if (!p.startsWith('secrets/') && content.includes(c.atom)) return fail(`the credential appears in ${p}`);
      }
    }
  }
  return { kind: 'accepted', strict };
}

// ---------------------------------------------------------------------------------------------
// Spawned-CLI cases: the same inputs through the built binary.

export interface CliOutcome {
  kind: 'rejected' | 'accepted' | 'failure' | 'known-bug';
  message?: string;
}

/** Preset files must point at the CA bundle by absolute path (they live in a temp folder). */
function absolutiseCa(preset: Obj): void {
  const file = getPath(preset, 'storage.caBundle.file');
  if (typeof file === 'string' && file !== '') setPath(preset, 'storage.caBundle.file', path.resolve(REPO_ROOT, 'presets', file));
}

/**
 * Runs a case through dist/cli.cjs (preset file, or --set when the value is a plain string leaf),
 * and checks exit 2 = one error line, no stack trace, nothing written, agreeing with the in-process
 * outcome; exit 0 = exactly the files the in-process run rendered.
 */
export async function checkCaseCli(c: FuzzCase, dir: string, viaSet: boolean): Promise<CliOutcome> {
  const outcome = await classifyCli(c, dir, viaSet);
  if (outcome.kind === 'failure') {
    const bug = knownBug(c, outcome.message!);
    if (bug) return { kind: 'known-bug', message: `${bug}: ${outcome.message}` };
  }
  return outcome;
}

async function classifyCli(c: FuzzCase, dir: string, viaSet: boolean): Promise<CliOutcome> {
  const value = c.field.wraps[c.wrap]!(c.atom);
  const fail = (message: string): CliOutcome => ({ kind: 'failure', message: `${describeCase(c)} (CLI${viaSet ? ', --set' : ''}): ${message}` });
  if (value.includes('\u0000')) return { kind: 'rejected' }; // argv and env cannot carry NUL
  const inProcess = run(c, value);
  mkdirSync(dir, { recursive: true });
  const presetFile = path.join(dir, 'preset.yaml');
  const out = path.join(dir, 'out');
  const args = ['--preset', presetFile, '--out', out];
  const { preset, credentials } = buildInput(c.field, c.base, viaSet ? c.field.wraps[c.wrap]!(c.field.sentinel) : value);
  absolutiseCa(preset);
  writeFileSync(presetFile, yaml.dump(preset, { lineWidth: -1 }));
  if (viaSet) args.push('--set', `${c.field.path}=${value}`);
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey };
  delete env.CREATE_KSERVE_CONFIG_DEBUG;
  const r = await spawnCli(args, env);
  if (/\n\s+at /.test(r.stderr)) return fail(`stack trace on stderr: ${r.stderr.slice(0, 500)}`);
  for (const secret of [credentials.accessKeyId, credentials.secretAccessKey]) {
    if (secret.length >= 6 && (r.stdout.includes(secret) || r.stderr.includes(secret))) return fail('a credential appears on stdout/stderr');
  }
  if (r.code === 2) {
    if (inProcess.g) return fail(`exit 2 but the in-process run accepted it: ${r.stderr}`);
    if (CONTROL.test(r.stderr.slice(0, -1))) return fail(`the error line has control or line-breaking characters: ${show(r.stderr).slice(0, 400)}`);
    if (!/^error: [^\n]+: [^\n]+ — [^\n]+\n$/.test(r.stderr)) return fail(`stderr is not one "error: <where>: <what> — <fix>" line: ${show(r.stderr).slice(0, 400)}`);
    if (r.stderr.length > 2000) return fail(`the error line is ${r.stderr.length} characters long`);
    if (r.stdout !== '') return fail(`stdout on exit 2: ${r.stdout.slice(0, 200)}`);
    if (listFiles(dir).some((f) => f !== 'preset.yaml')) return fail('files were written on exit 2');
    return { kind: 'rejected' };
  }
  if (r.code === 0) {
    if (!inProcess.g) return fail(`exit 0 but the in-process run rejected it: ${String((inProcess.error as Error)?.message)}`);
    if (r.stderr.split('\n').some((l) => l !== '' && !l.startsWith('warning: '))) return fail(`stderr has lines other than warnings: ${r.stderr.slice(0, 400)}`);
    const written = listFiles(out);
    const expected = [...inProcess.g.files.keys()].sort();
    if (canon(written) !== canon(expected)) return fail(`wrote ${JSON.stringify(written)}, in-process rendered ${JSON.stringify(expected)}`);
    for (const f of written) {
      // kserve-config.yaml differs only where the CA file path was made absolute for the temp folder.
      if (readFileSync(path.join(out, f), 'utf8') !== inProcess.g.files.get(f)) return fail(`${f} differs from the in-process rendering`);
    }
    return { kind: 'accepted' };
  }
  // Exit 1 is a bug; the in-process run says which.
  const inProcessOutcome = classify(c);
  return fail(`exit ${r.code}: ${show(r.stderr).slice(0, 500)}${inProcessOutcome.kind === 'failure' ? ` (in-process: ${inProcessOutcome.message})` : ''}`);
}

export function spawnCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** Only plain string leaves can go through --set (keys and list items need a preset file). */
export function canUseSet(c: FuzzCase): boolean {
  return c.field.shape === 'value' && !c.atom.includes('\n');
}

export interface Counts {
  tried: number;
  rejected: number;
  accepted: number;
  acceptedStrict: number;
  knownBugs: number;
  failures: number;
}

export function emptyCounts(): Counts {
  return { tried: 0, rejected: 0, accepted: 0, acceptedStrict: 0, knownBugs: 0, failures: 0 };
}

export function tally(counts: Counts, o: Outcome): void {
  counts.tried++;
  if (o.kind === 'rejected') counts.rejected++;
  else if (o.kind === 'accepted') {
    counts.accepted++;
    if (o.strict) counts.acceptedStrict++;
  } else if (o.kind === 'known-bug') counts.knownBugs++;
  else counts.failures++;
}
