/**
 * Test support: "install on paper". A generated folder is written to a temporary directory and
 * its INSTALL.md is followed with the real tools, in order, without a cluster:
 *   - every `helm install/upgrade` of a vendored chart runs as `helm template` with the same release,
 *     namespace, -f files and --set flags, against the real chart of the version the line names,
 *     with --kube-version (the tested Kubernetes) and --api-versions (the CRDs earlier steps installed),
 *     under each Helm of HELMS;
 *   - `kubectl apply -k manifests/` runs as `kubectl kustomize manifests/`; `kubectl apply -f` of a
 *     file in the folder reads it; `kubectl patch ... --patch-file` is applied by kubectl itself
 *     (`--local`) to the object a chart rendered;
 *   - every values key of every -f file is checked to reach the rendered output (valuesCoverage).
 * The result is the set of objects the cluster would hold, per Helm version, plus every failure.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import {
  BUILT_IN_KIND_APIS,
  KNATIVE_SERVING_APIS,
  apiVersionsAfter,
  appliedFile,
  chartMeta,
  chartSource,
  installCommands,
  type ChartSource,
  type HelmInstall,
  type InstallCommand,
} from './install-steps.js';
import { HELM4, HELMS, KUBECTL, run, toolPath, type RunResult, type ToolSpec } from './tools.js';

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
}

/** One object the install creates, and where it came from. */
export interface Placed {
  obj: K8sObject;
  /** "helm <release>" (with the chart folder), "manifests/...", "secrets/...". */
  from: string;
  /** For helm-rendered objects: the release namespace (helm template leaves metadata.namespace to the chart). */
  releaseNamespace?: string;
  /** The object as the chart rendered it, when a `kubectl patch` step changed it. */
  beforePatch?: K8sObject;
}

export interface HelmRun {
  helm: string;
  install: HelmInstall;
  source: Extract<ChartSource, { dir: string }>;
  code: number;
  stderr: string;
  objects: K8sObject[];
}

export interface Paper {
  dir: string;
  commands: InstallCommand[];
  /** Helm lines that map to no vendored chart, with which chart it is. */
  skipped: { install: HelmInstall; chart: string }[];
  runs: HelmRun[];
  /** Objects after every step, per Helm version. */
  objects: Map<string, Placed[]>;
  /** Failures of kubectl steps and chart checks (not of Helm renders: those are in runs). */
  failures: string[];
  /** Values keys written to a -f file that no rendered object reflects. */
  unusedValues: { file: string; chart: string; key: string }[];
  /** `kubectl set image` lines (Knative installed from release YAML, offline). */
  setImages: string[];
  /** Namespaces whose objects come from a manifest that is not vendored (LWS): patches there are not applied. */
  notVendoredNamespaces: Set<string>;
}

const ROOT = mkdtempSync(path.join(os.tmpdir(), 'ckc-paper-'));
export const PAPER_ROOT = ROOT;
let folders = 0;

/** Writes the generated files and follows INSTALL.md with every Helm of HELMS. */
export async function installOnPaper(files: Map<string, string>, kubeVersion: string, istioVersion: string): Promise<Paper> {
  const dir = path.join(ROOT, String(folders++));
  for (const [p, content] of files) {
    mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    writeFileSync(path.join(dir, p), content);
  }
  const install = files.get('INSTALL.md')!;
  const commands = installCommands(install);
  const paper: Paper = { dir, commands, skipped: [], runs: [], objects: new Map(), failures: [], unusedValues: [], setImages: [], notVendoredNamespaces: new Set() };
  for (const helm of HELMS) paper.objects.set(helm.version, []);

  // Knative installed from its release YAML is a precondition of such a folder, so its APIs exist from the start.
  const apis = new Set<string>([...BUILT_IN_KIND_APIS, ...(/^## \d+\. Knative Serving \(already installed\)/m.test(install) ? KNATIVE_SERVING_APIS : [])]);
  const pending: Promise<void>[] = [];
  for (const c of commands) {
    if (c.tool === 'helm') {
      const source = chartSource(c);
      if ('notVendored' in source) {
        paper.skipped.push({ install: c, chart: source.notVendored });
      } else {
        const meta = chartMeta(source.dir);
        if (meta.name !== source.name || meta.version !== source.version) {
          paper.failures.push(`${c.line}: ${source.dir} is chart ${meta.name} ${meta.version}, not ${source.name} ${source.version}`);
        }
        const args = templateArgs(c, source.dir, kubeVersion, [...apis]);
        for (const helm of HELMS) pending.push(render(paper, helm, c, source, args));
        if (c.valuesFiles.length) pending.push(valuesCoverage(paper, c, source, args));
      }
      for (const api of apiVersionsAfter(c, source, istioVersion)) apis.add(api);
      continue;
    }
    for (const api of apiVersionsAfter(c, null, istioVersion)) apis.add(api);
    await kubectlStep(paper, c, files, apis);
  }
  await Promise.all(pending);
  resolveOwnership(paper);
  // Patches apply to what the charts rendered: after every render, in INSTALL.md order.
  for (const c of commands) {
    if (c.tool === 'kubectl' && c.argv[0] === 'patch') await applyPatch(paper, c);
  }
  paper.setImages = setImageLines(install);
  return paper;
}

function templateArgs(c: HelmInstall, chartDir: string, kubeVersion: string, apis: string[]): string[] {
  return [
    'template',
    c.release,
    chartDir,
    '--namespace',
    c.namespace,
    ...c.valuesFiles.flatMap((f) => ['--values', f]),
    ...c.sets.flatMap((s) => ['--set', s]),
    ...(c.skipSchemaValidation ? ['--skip-schema-validation'] : []),
    '--kube-version',
    kubeVersion,
    ...apis.sort().flatMap((a) => ['--api-versions', a]),
  ];
}

async function render(paper: Paper, helm: ToolSpec, install: HelmInstall, source: { dir: string; name: string; version: string }, args: string[]): Promise<void> {
  const r = await template(toolPath(helm), args, paper.dir);
  let objects: K8sObject[] = [];
  let stderr = r.stderr;
  if (r.code === 0) {
    try {
      objects = parseObjects(r.stdout);
    } catch (err) {
      stderr = `output is not YAML: ${(err as Error).message}`;
    }
  }
  paper.runs.push({ helm: helm.version, install, source, code: stderr === r.stderr ? r.code : 1, stderr, objects });
  paper.objects.get(helm.version)!.push(...objects.map((obj) => ({ obj, from: `helm ${install.release}`, releaseNamespace: install.namespace })));
}

/**
 * Renders are pure functions of the chart, the flags and the values files' data (not their
 * comments): configurations that share them (Kong's values on every KServe version, an Istio
 * gateway without values, values files that differ in comments only) render once.
 */
const renders = new Map<string, Promise<RunResult>>();

function template(bin: string, args: string[], cwd: string): Promise<RunResult> {
  const data = (file: string) => JSON.stringify(yaml.load(readFileSync(path.join(cwd, file), 'utf8')));
  const key = createHash('sha256')
    .update(JSON.stringify([bin, args.map((a, i) => (args[i - 1] === '--values' ? data(a) : a))]))
    .digest('hex');
  let r = renders.get(key);
  if (!r) renders.set(key, (r = run(bin, args, cwd)));
  return r;
}

/** Certificates and keys a chart generates on every render (Kong's webhook CA), blanked so two renders compare equal. */
export function withoutGeneratedKeys(text: string): string {
  return text.replace(/[A-Za-z0-9+/]{200,}={0,2}/g, '<generated>');
}

export function parseObjects(text: string): K8sObject[] {
  return (yaml.loadAll(text) as unknown[]).filter((d): d is K8sObject => d !== null && typeof d === 'object' && 'kind' in (d as object));
}

async function kubectlStep(paper: Paper, c: Extract<InstallCommand, { tool: 'kubectl' }>, files: Map<string, string>, apis: Set<string>): Promise<void> {
  const [verb, ...rest] = c.argv;
  if (verb !== 'apply') return;
  const applied = appliedFile(c);
  if (applied) {
    if (applied.notVendoredNamespace) paper.notVendoredNamespaces.add(applied.notVendoredNamespace);
    const objects = applied.objects as K8sObject[];
    for (const list of paper.objects.values()) list.push(...objects.map((obj) => ({ obj, from: `kubectl ${applied.source}` })));
    return;
  }
  const k = rest.indexOf('-k');
  if (k >= 0) {
    const target = rest[k + 1]!;
    const r = await run(toolPath(KUBECTL), ['kustomize', target], paper.dir);
    if (r.code !== 0) {
      paper.failures.push(`kubectl kustomize ${target}: ${firstLine(r.stderr)}`);
      return;
    }
    const objects = parseObjects(r.stdout);
    for (const list of paper.objects.values()) list.push(...objects.map((obj) => ({ obj, from: target })));
    if (objects.some((o) => o.kind === 'KnativeServing')) KNATIVE_SERVING_APIS.forEach((a) => apis.add(a));
    return;
  }
  const f = rest.indexOf('-f');
  const file = f >= 0 ? rest[f + 1]! : '';
  if (files.has(file)) {
    const objects = parseObjects(files.get(file)!);
    for (const list of paper.objects.values()) list.push(...objects.map((obj) => ({ obj, from: file })));
  }
}

/** `kubectl patch KIND NAME [-n NS] --type merge --patch-file FILE`, applied by kubectl --local to the rendered object. */
async function applyPatch(paper: Paper, c: Extract<InstallCommand, { tool: 'kubectl' }>): Promise<void> {
  const [, kind, name] = c.argv;
  const ns = c.argv[c.argv.indexOf('-n') + 1];
  const namespaced = c.argv.includes('-n');
  if (namespaced && paper.notVendoredNamespaces.has(ns!)) return;
  for (const [helm, list] of paper.objects) {
    const target = list.find(
      (p) => p.obj.kind.toLowerCase() === kind && p.obj.metadata.name === name && (!namespaced || (p.obj.metadata.namespace ?? p.releaseNamespace) === ns),
    );
    if (!target) {
      paper.failures.push(`${c.line}: no ${kind} ${name}${namespaced ? ` in ${ns}` : ''} is installed by an earlier step (${helm})`);
      continue;
    }
    const file = path.join(paper.dir, `.patch-target-${helm}.yaml`);
    writeFileSync(file, yaml.dump(target.obj));
    const flags = c.argv.slice(3).filter((a, i, all) => a !== '-n' && all[i - 1] !== '-n');
    const r = await run(toolPath(KUBECTL), ['patch', '--local', '-f', file, ...flags, '-o', 'yaml'], paper.dir);
    if (r.code !== 0) {
      paper.failures.push(`${c.line}: ${firstLine(r.stderr)}`);
      continue;
    }
    target.beforePatch ??= target.obj;
    target.obj = parseObjects(r.stdout)[0]!;
    target.from += ` + ${c.argv[c.argv.indexOf('--patch-file') + 1]}`;
  }
}

/** Kinds without a namespace: their identity is kind and name. */
const CLUSTER_SCOPED = new Set([
  'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'GatewayClass', 'Namespace', 'ClusterStorageContainer', 'ClusterServingRuntime', 'IngressClass', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'PriorityClass',
]);

/** "Kind namespace/name" of an object as the cluster keys it. */
export function identity(p: Placed): string {
  const ns = CLUSTER_SCOPED.has(p.obj.kind) ? '' : `${p.obj.metadata.namespace ?? p.releaseNamespace ?? 'default'}/`;
  return `${p.obj.kind} ${ns}${p.obj.metadata.name}`;
}

/**
 * Who owns each object once every step ran: a release installed with --take-ownership replaces what
 * earlier steps created under the same identity, and so does a release that `kubectl annotate
 * meta.helm.sh/release-name=` handed objects to (Helm adopts them). Any object still created by two
 * steps is a failure: the second `helm install` would stop at it ("exists and cannot be imported").
 */
function resolveOwnership(paper: Paper): void {
  const takers = new Map<string, Set<string> | 'all'>();
  for (const c of paper.commands) {
    if (c.tool === 'helm' && c.takeOwnership) takers.set(`helm ${c.release}`, 'all');
    if (c.tool === 'kubectl' && c.argv[0] === 'annotate') {
      const release = c.argv.find((a) => a.startsWith('meta.helm.sh/release-name='))?.split('=')[1];
      const kind = c.argv[1]!;
      const names = c.argv.slice(2).filter((a) => !a.startsWith('-') && !a.includes('='));
      if (release && kind === 'crd') takers.set(`helm ${release}`, new Set(names.map((n) => `CustomResourceDefinition ${n}`)));
    }
  }
  for (const [helm, list] of paper.objects) {
    for (const [taker, which] of takers) {
      const taken = new Set(list.filter((p) => p.from === taker).map(identity).filter((id) => which === 'all' || which.has(id)));
      for (let i = list.length - 1; i >= 0; i--) if (list[i]!.from !== taker && taken.has(identity(list[i]!))) list.splice(i, 1);
    }
    const seen = new Map<string, string>();
    for (const p of list) {
      const id = identity(p);
      const first = seen.get(id);
      if (first !== undefined && first !== p.from) paper.failures.push(`[${helm}] ${id} is created by two steps: ${first} and ${p.from}`);
      else seen.set(id, p.from);
    }
  }
}

function setImageLines(install: string): string[] {
  return [...install.matchAll(/^kubectl set image \S+ -n \S+ \S+=(\S+)$/gm)].map((m) => m[1]!);
}

export function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

/**
 * Does each key of each -f file reach the rendered output? Strings and numbers are replaced by
 * unique sentinels in one render, which must then appear in it; booleans are flipped one at a
 * time, which must change it. A replacement that makes the chart fail proves the chart reads that
 * key; failures are narrowed down by halving. Runs with Helm 4 only (the chart decides, not Helm).
 * Which keys a chart reads depends on the keys set (and booleans, which switch templates on and
 * off), not on the strings and numbers: files that agree on those share one answer.
 */
async function valuesCoverage(paper: Paper, install: HelmInstall, source: { dir: string }, args: string[]): Promise<void> {
  const docs = install.valuesFiles.map((file) => yaml.load(readFile(paper, file)) as unknown);
  for (const [i, file] of install.valuesFiles.entries()) {
    const signature = JSON.stringify([source.dir, install.sets, i, docs.map((d) => leafValues(d).map(([k, v]) => [k, typeof v === 'boolean' ? v : typeof v]))]);
    let unused = coverage.get(signature);
    if (!unused) coverage.set(signature, (unused = unusedKeys(paper, file, docs[i], args)));
    const chart = path.relative(path.dirname(path.dirname(source.dir)), source.dir);
    for (const key of await unused) paper.unusedValues.push({ file, chart, key });
  }
}

const coverage = new Map<string, Promise<string[]>>();

async function unusedKeys(paper: Paper, file: string, doc: unknown, args: string[]): Promise<string[]> {
  const helm = toolPath(HELM4);
  const baseline = await template(helm, args, paper.dir);
  if (baseline.code !== 0) return []; // reported by render()
  const leaves = leafValues(doc);
  const used = new Set<string>();
  let n = 0;
  const mutated = async (mutations: Map<string, unknown>): Promise<{ ok: boolean; out: string }> => {
    const copy = structuredClone(doc);
    for (const [key, value] of mutations) setLeaf(copy, key, value);
    const name = `.coverage-${path.basename(file, '.yaml')}-${n++}.yaml`;
    writeFileSync(path.join(paper.dir, name), yaml.dump(copy));
    const r = await template(helm, args.map((a) => (a === file ? name : a)), paper.dir);
    return { ok: r.code === 0, out: r.stdout };
  };
  const sentinels = new Map<string, unknown>();
  leaves.forEach(([key, value], i) => {
    if (typeof value === 'string') sentinels.set(key, `s3nt${i}q`);
    else if (typeof value === 'number') sentinels.set(key, 47000 + i);
  });
  const probe = async (keys: string[]): Promise<void> => {
    if (keys.length === 0) return;
    const r = await mutated(new Map(keys.map((k) => [k, sentinels.get(k)])));
    if (r.ok) {
      for (const k of keys) if (r.out.includes(String(sentinels.get(k)))) used.add(k);
      return;
    }
    if (keys.length === 1) {
      used.add(keys[0]!); // the chart failed on this value alone: it reads it
      return;
    }
    const half = Math.ceil(keys.length / 2);
    await Promise.all([probe(keys.slice(0, half)), probe(keys.slice(half))]);
  };
  const booleans = leaves.filter(([, v]) => typeof v === 'boolean');
  await Promise.all([
    probe([...sentinels.keys()]),
    ...booleans.map(async ([key, value]) => {
      // Whether flipping a boolean changes the output depends on the other booleans, not on strings.
      const flipKey = JSON.stringify([args.filter((a) => !a.endsWith('.yaml')), file, booleans, key]);
      let changes = flips.get(flipKey);
      if (!changes) {
        changes = mutated(new Map([[key, !value]])).then((r) => !r.ok || withoutGeneratedKeys(r.out) !== withoutGeneratedKeys(baseline.stdout));
        flips.set(flipKey, changes);
      }
      if (await changes) used.add(key);
    }),
  ]);
  return leaves.map(([key]) => key).filter((key) => !used.has(key));
}

const flips = new Map<string, Promise<boolean>>();

function readFile(paper: Paper, file: string): string {
  return readFileSync(path.join(paper.dir, file), 'utf8');
}

/** [dotted path, value] of every scalar leaf; list items are addressed by index ("ports.1.port"). */
export function leafValues(value: unknown, prefix = ''): [string, unknown][] {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value as object);
    return entries.flatMap(([k, v]) => leafValues(v, prefix ? `${prefix}.${k}` : k));
  }
  return [[prefix, value]];
}

function setLeaf(tree: unknown, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let node = tree as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
  node[keys[keys.length - 1]!] = value;
}
