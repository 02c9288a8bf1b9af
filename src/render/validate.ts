/**
 * Validation of rendered output, run before anything is written. It re-reads every YAML file the
 * way kubectl and Helm will and checks what this tool promises:
 *   - every file parses (no duplicate keys, one or more documents as expected);
 *   - Helm values only use keys the chosen version's chart has (catalog/values-keys.ts);
 *   - manifests are well-formed Kubernetes objects named like their file, KnativeServing config
 *     values are strings, and kustomization.yaml lists exactly the manifests;
 *   - kserve-config.yaml reads back as the preset it came from (so it reproduces the folder).
 * Any failure is a bug in this tool, reported as InternalError.
 */
import yaml from 'js-yaml';
import { satisfies } from '../catalog/index.js';
import { valuesKeyRange } from '../catalog/values-keys.js';
import { InternalError } from '../errors.js';
import type { Plan, PlannedFile } from '../plan/index.js';
import { isDeepStrictEqual } from 'node:util';
import { checkGatewayAgreement } from './consistency.js';

interface Rendered {
  path: string;
  content: string;
}

export function parseYamlDocuments(file: Rendered): unknown[] {
  try {
    return yaml.loadAll(file.content, undefined, { filename: file.path }).filter((d) => d !== null && d !== undefined);
  } catch (err) {
    throw new InternalError(`generated ${file.path} is not valid YAML: ${(err as Error).message}`);
  }
}

export function leafPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  const entries = Object.entries(value as Record<string, unknown>);
  // An empty mapping is itself a value (e.g. "labels: {}").
  if (entries.length === 0) return [prefix];
  return entries.flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
}

type Fail = (why: string) => never;

export function validateRendered(plan: Plan, files: Rendered[]): void {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const allDocs = new Map<string, unknown[]>();
  for (const planned of plan.files) {
    const file = byPath.get(planned.path)!;
    if (planned.kind === 'markdown' || planned.kind === 'checksums') continue;
    if (planned.kind === 'images') {
      checkImageList(plan, file);
      continue;
    }
    if (planned.kind === 'pem') {
      if (!file.content.startsWith('-----BEGIN CERTIFICATE-----')) throw new InternalError(`generated ${file.path} is not a PEM bundle`);
      continue;
    }
    const docs = parseYamlDocuments(file);
    allDocs.set(planned.path, docs);
    const fail: Fail = (why) => {
      throw new InternalError(`generated ${file.path}: ${why}`);
    };
    switch (planned.kind) {
      case 'helm-values':
        checkValuesKeys(plan, planned, docs, fail);
        break;
      case 'patch':
        checkPatch(docs[0], fail);
        break;
      case 'secret':
      case 'example':
      case 'manifest':
        checkObject(planned, docs, fail);
        break;
      case 'kustomization': {
        const resources = (docs[0] as { resources?: unknown }).resources;
        const expected = plan.files.filter((f) => f.kind === 'manifest').map((f) => f.path.replace(/^manifests\//, ''));
        if (!isDeepStrictEqual(resources, expected)) fail('resources do not list exactly the manifests');
        break;
      }
      case 'preset':
        // Reading the file back gives the preset itself, and validation is idempotent (tested in
        // test/preset.test.ts and by the fuzzer), so --preset kserve-config.yaml reproduces the folder.
        // Compared as JSON text, so key order counts too.
        if (JSON.stringify(docs[0]) !== JSON.stringify(plan.context.preset)) fail('does not reproduce the preset');
        break;
    }
  }
  checkGatewayAgreement(plan, allDocs);
}

/** Only keys the chart of this version has (catalog/values-keys.ts). */
function checkValuesKeys(plan: Plan, planned: PlannedFile, docs: unknown[], fail: Fail): void {
  const version = plan.context.release.version;
  if (docs.length !== 1) fail('a values file must hold exactly one YAML document');
  for (const key of leafPaths(docs[0])) {
    const range = valuesKeyRange(planned.chart!.keys, key);
    if (range === undefined) fail(`key ${key} is not in the values-key catalog`);
    if (range !== '*' && !satisfies(version, range!)) fail(`key ${key} does not exist in the ${planned.chart!.name} chart ${version}`);
  }
}

/** The three kinds of patch this tool writes: a JSON patch of images, pull secrets for ServiceAccounts, the rollout default. */
function checkPatch(doc: unknown, fail: Fail): void {
  if (Array.isArray(doc)) {
    // A JSON patch (kubectl patch --type json): replace operations with string values.
    const ops = doc as { op?: unknown; path?: unknown; value?: unknown }[];
    if (ops.length === 0 || ops.some((o) => o.op !== 'replace' || typeof o.path !== 'string' || typeof o.value !== 'string')) {
      fail('a JSON patch must list replace operations with a path and a string value');
    }
    return;
  }
  if ('imagePullSecrets' in (doc as object)) {
    const refs = (doc as { imagePullSecrets?: unknown }).imagePullSecrets;
    if (!Array.isArray(refs) || refs.length === 0 || refs.some((r) => typeof (r as { name?: unknown })?.name !== 'string')) fail('imagePullSecrets must list {name} references');
    return;
  }
  try {
    JSON.parse(String((doc as { data?: { deploy?: unknown } }).data?.deploy));
  } catch {
    fail('data.deploy must be a JSON string');
  }
}

/** One Kubernetes object per file, the one the plan names. */
function checkObject(planned: PlannedFile, docs: unknown[], fail: Fail): void {
  if (docs.length !== 1) fail('a manifest file must hold exactly one object');
  const obj = docs[0] as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') fail('apiVersion and kind must be strings');
  if (obj.kind !== planned.object!.kind || obj.metadata?.name !== planned.object!.name) {
    fail(`holds ${String(obj.kind)}/${String(obj.metadata?.name)}, expected ${planned.object!.kind}/${planned.object!.name}`);
  }
  if ((obj.metadata?.namespace ?? undefined) !== planned.object!.namespace) fail('namespace differs from the plan');
  if (obj.kind === 'KnativeServing') checkAllStrings((obj as { spec?: { config?: unknown } }).spec?.config, 'spec.config', fail);
}

/** The Knative Operator's spec.config is map[string]map[string]string: a number or boolean is rejected. */
function checkAllStrings(config: unknown, where: string, fail: (why: string) => void): void {
  if (config === undefined) return;
  if (typeof config !== 'object' || config === null) return fail(`${where} must be a mapping`);
  for (const [cm, data] of Object.entries(config)) {
    if (typeof data !== 'object' || data === null) fail(`${where}.${cm} must be a mapping`);
    for (const [k, v] of Object.entries(data as object)) {
      if (typeof v !== 'string') fail(`${where}.${cm}.${k} must be a string`);
    }
  }
}

/** images.txt: one "SOURCE_REF MIRROR_REF" pair per line, exactly the planned images. */
function checkImageList(plan: Plan, file: Rendered): void {
  const lines = file.content.trimEnd().split('\n');
  const expected = (plan.context.offline?.images ?? []).map((i) => `${i.source} ${i.mirror}`);
  if (!isDeepStrictEqual(lines, expected) || lines.some((l) => !/^\S+ \S+$/.test(l))) {
    throw new InternalError(`generated ${file.path} does not list exactly the mirrored images`);
  }
}
