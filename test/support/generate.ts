/**
 * Test support: run the pipeline in-process (preset object -> rendered files) and read the real
 * upstream reference data in ../shared/reference (never copied into this repo).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import semver from 'semver';
import { KNOWN_RELEASES } from '../../src/catalog/index.js';
import { buildPlan, type Plan } from '../../src/plan/index.js';
import { applySet } from '../../src/preset/load.js';
import { validatePreset } from '../../src/preset/validate.js';
import { readCaBundle, type Credentials } from '../../src/preset/files.js';
import { renderPlan } from '../../src/render/index.js';
import { resolve } from '../../src/resolve/index.js';
import { REFERENCE_DIR } from './crd.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export { REFERENCE_DIR };

export interface Generated {
  plan: Plan;
  files: Map<string, string>;
  /** Parsed YAML documents of every .yaml file. */
  docs: Map<string, unknown[]>;
}

/** The releases every shipped preset has golden files for (test/golden/<preset>/<version>/). */
export const GOLDEN_VERSIONS = ['0.11.2', '0.14.1', '0.15.2', '0.16.0', '0.20.0'];

export function loadShippedPreset(name: string): Record<string, unknown> {
  return yaml.load(readFileSync(path.join(REPO_ROOT, 'presets', `${name}.yaml`), 'utf8')) as Record<string, unknown>;
}

export function shippedPresetNames(): string[] {
  return readdirSync(path.join(REPO_ROOT, 'presets'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.replace(/\.yaml$/, ''))
    .sort();
}

export interface GenerateOptions {
  /** Folder relative preset paths resolve against (default: presets/, like the shipped presets). */
  baseDir?: string;
  credentials?: Credentials;
}

/** Runs preset -> files in-process, after applying `--set`-style overrides, like the CLI does. */
export function generate(preset: Record<string, unknown>, sets: string[] = [], opts: GenerateOptions = {}): Generated {
  const raw = structuredClone(preset);
  for (const s of sets) applySet(raw, s);
  const validated = validatePreset(raw);
  const caBundle = readCaBundle(validated, opts.baseDir ?? path.join(REPO_ROOT, 'presets'), REPO_ROOT);
  const plan = buildPlan(resolve(validated, { caBundle, credentials: opts.credentials }));
  const rendered = renderPlan(plan);
  const files = new Map(rendered.map((f) => [f.path, f.content]));
  const docs = new Map<string, unknown[]>();
  for (const [p, content] of files) {
    if (p.endsWith('.yaml')) docs.set(p, yaml.loadAll(content).filter((d) => d != null));
  }
  return { plan, files, docs };
}

/** Tags whose chart values.yaml and inferenceservice-config are saved in ../shared/reference/kserve. */
export const SAVED_TAGS = ['0.11.2', '0.12.1', '0.13.1', '0.14.1', '0.15.0-rc0', '0.15.2', '0.16.0', '0.17.1', '0.18.1', '0.19.0', '0.20.0'];

/**
 * The saved tag that stands for a release: itself when saved, else the oldest saved tag of the same
 * minor line that is not older than it (so 0.15.0-rc1 maps to 0.15.2, not 0.15.0-rc0), else the
 * newest of that line.
 */
export function nearestSavedTag(version: string): string {
  if (SAVED_TAGS.includes(version)) return version;
  const minor = `${semver.major(version)}.${semver.minor(version)}.`;
  const line = SAVED_TAGS.filter((t) => t.startsWith(minor));
  const newer = line.filter((t) => semver.gte(t, version));
  return newer[0] ?? line[line.length - 1]!;
}

const valuesCache = new Map<string, unknown>();
export function referenceValues(tag: string, chartDir: string): unknown {
  const key = `${tag}/${chartDir}`;
  if (!valuesCache.has(key)) {
    valuesCache.set(key, yaml.load(readFileSync(path.join(REFERENCE_DIR, 'kserve', `v${tag}`, chartDir, 'values.yaml'), 'utf8')));
  }
  return valuesCache.get(key);
}

/** Does `dotted` name a key of the values tree (a leaf, or a map the chart leaves open)? */
export function hasValuesKey(values: unknown, dotted: string): boolean {
  let node = values;
  for (const k of dotted.split('.')) {
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !(k in (node as object))) return false;
    node = (node as Record<string, unknown>)[k];
  }
  return true;
}

export const ALL_RELEASES: readonly string[] = KNOWN_RELEASES;

export interface Scenario {
  name: string;
  preset: Record<string, unknown>;
  /** The preset key a deliberate user error names (e.g. a CA bundle on KServe 0.11), if any. */
  expectError?: string;
}

/** Generates a scenario; for one that must be refused, asserts the UserError and returns null. */
export function generateScenario(s: Scenario): Generated | null {
  if (!s.expectError) return generate(s.preset);
  try {
    generate(s.preset);
  } catch (err) {
    if (err instanceof UserError && err.where === s.expectError) return null;
    throw err;
  }
  throw new Error(`${s.name}: expected a user error at ${s.expectError}`);
}

/**
 * The scenario matrix: every known release x every mode/ingress combination that release supports,
 * plus every shipped preset on every release. Each must generate, and its output must pass the
 * reference and schema checks.
 */
export function scenarioMatrix(releases: readonly string[] = ALL_RELEASES): Scenario[] {
  const out: Scenario[] = [];
  const base = (version: string, extra: Record<string, unknown>) => ({ kserve: { version }, ...extra });
  for (const version of releases) {
    const features = resolveFeatures(version);
    out.push({ name: `${version} knative/istio`, preset: base(version, {}) });
    out.push({ name: `${version} standard/istio`, preset: base(version, { deploymentMode: 'RawDeployment' }) });
    out.push({ name: `${version} knative/manifests`, preset: base(version, { knative: { install: 'manifests' } }) });
    if (features.modelMesh) out.push({ name: `${version} modelmesh`, preset: base(version, { deploymentMode: 'ModelMesh' }) });
    if (features.llmInferenceService) {
      const mirror = { enabled: true, registry: 'registry.example.internal:5000', imagePullSecrets: ['pull'] };
      out.push({ name: `${version} llm envoy standard offline`, preset: base(version, { deploymentMode: 'Standard', llm: { enabled: true, multiNode: true }, ingress: { provider: 'envoy' }, offline: mirror }) });
      out.push({ name: `${version} llm knative, istio gateway api`, preset: base(version, { llm: { enabled: true }, ingress: { provider: 'istio', gatewayApi: true } }) });
      if (features.llmisvcSplitCharts) {
        out.push({ name: `${version} llm only, istio offline`, preset: base(version, { llm: { enabled: true, predictive: false }, ingress: { provider: 'istio', gatewayApi: true }, offline: mirror }) });
      }
    }
    for (const name of shippedPresetNames()) {
      const preset = loadShippedPreset(name);
      (preset.kserve as Record<string, unknown>).version = version;
      out.push({ name: `${version} preset ${name}`, preset, expectError: expectedError(preset, features) });
    }
  }
  return out;
}

import { featuresOf } from '../../src/catalog/index.js';
import { UserError } from '../../src/errors.js';

/** Shipped presets ask for things some releases cannot do; those must be refused, by key. */
function expectedError(preset: Record<string, unknown>, features: ReturnType<typeof featuresOf>): string | undefined {
  if ((preset.llm as { enabled?: boolean } | undefined)?.enabled && !features.llmInferenceService) return 'llm.enabled';
  const ingress = preset.ingress as { provider?: string; gatewayApi?: boolean } | undefined;
  if (!features.gatewayApi && (ingress?.provider === 'envoy' || ingress?.provider === 'gatewayclass')) return 'ingress.provider';
  if (!features.gatewayApi && ingress?.provider === 'istio' && ingress.gatewayApi) return 'ingress.gatewayApi';
  const storage = preset.storage as { caBundle?: { file?: string }; storageConfig?: { enabled?: boolean; embedCertificate?: boolean } } | undefined;
  if (storage?.caBundle?.file && !features.caBundleConfigMap) return 'storage.caBundle.file';
  if (storage?.storageConfig?.enabled && storage.storageConfig.embedCertificate && !features.storageSpecCaBundleField) {
    return 'storage.storageConfig.embedCertificate';
  }
  return undefined;
}
function resolveFeatures(version: string) {
  return featuresOf(version);
}
