/**
 * Test support: the commands of a generated INSTALL.md, read the way an operator follows it: the
 * numbered steps in order, each ```sh block's helm and kubectl lines. Helm install/upgrade lines
 * are parsed into release, chart, namespace, -f files and --set flags so a test can run each as
 * `helm template`; chart references map to the real chart sources in ../shared/reference/charts.
 *
 * The lines are the tool's own output, which never quotes: a quote in a line this module parses
 * is an error rather than something to interpret, so the parser cannot silently disagree with a shell.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import yaml from 'js-yaml';
import { REFERENCE_DIR } from './crd.js';

export const CHARTS_DIR = path.join(REFERENCE_DIR, 'charts');

export interface HelmInstall {
  tool: 'helm';
  /** "## N. Title" of the step. */
  step: string;
  line: string;
  release: string;
  chart: string;
  /** --version, or null (a URL or a local .tgz names its version itself). */
  version: string | null;
  namespace: string;
  valuesFiles: string[];
  sets: string[];
  skipSchemaValidation: boolean;
  /** --take-ownership: the release takes over objects another release or kubectl created. */
  takeOwnership: boolean;
  /** For a chart folder an earlier `helm pull --untar` unpacked: the reference and version it pulled. */
  pulled: { ref: string; version: string } | null;
}

export interface KubectlCommand {
  tool: 'kubectl';
  step: string;
  line: string;
  argv: string[];
}

export type InstallCommand = HelmInstall | KubectlCommand;

/** helm and kubectl lines of the numbered steps ("## 3. Istio"), in order. */
export function installCommands(markdown: string): InstallCommand[] {
  const out: InstallCommand[] = [];
  let step: string | null = null;
  let inSh = false;
  let pending = '';
  const unpacked = new Map<string, { ref: string; version: string }>();
  for (const raw of markdown.split('\n')) {
    if (raw.startsWith('## ')) {
      step = /^## \d+\. /.test(raw) ? raw.slice(3) : null;
      continue;
    }
    if (/^```/.test(raw)) {
      inSh = !inSh && raw === '```sh';
      continue;
    }
    if (!inSh || step === null) continue;
    const line = pending + raw;
    if (line.endsWith('\\')) {
      pending = line.slice(0, -1);
      continue;
    }
    pending = '';
    const pull = line.match(/^helm pull (\S+) --version (\S+) --untar --untardir (\S+)$/);
    if (pull) unpacked.set(`${pull[3]!}/${pull[1]!.split('/').pop()!}`, { ref: pull[1]!, version: pull[2]! });
    if (/^helm (install|upgrade) /.test(line)) {
      const h = parseHelm(line, step);
      h.pulled = unpacked.get(h.chart.replace(/\/$/, '')) ?? null;
      out.push(h);
    }
    else if (/^kubectl (apply|patch|label|annotate) /.test(line)) out.push({ tool: 'kubectl', step, line, argv: words(line).slice(1) });
  }
  return out;
}

function words(line: string): string[] {
  if (/['"`$;|&<>]/.test(line)) throw new Error(`INSTALL.md line has shell syntax this parser does not interpret: ${line}`);
  return line.trim().split(/\s+/);
}

const VALUE_FLAGS = new Set(['-n', '--namespace', '-f', '--values', '--set', '--version', '--timeout']);
const SWITCHES = new Set(['--create-namespace', '--wait', '--skip-schema-validation', '--install', '--skip-crds', '--take-ownership']);

function parseHelm(line: string, step: string): HelmInstall {
  const argv = words(line).slice(2); // after "helm install|upgrade"
  const positional: string[] = [];
  const h: HelmInstall = { tool: 'helm', step, line, release: '', chart: '', version: null, namespace: 'default', valuesFiles: [], sets: [], skipSchemaValidation: false, takeOwnership: false, pulled: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (SWITCHES.has(a)) {
      if (a === '--skip-schema-validation') h.skipSchemaValidation = true;
      if (a === '--take-ownership') h.takeOwnership = true;
      continue;
    }
    if (VALUE_FLAGS.has(a)) {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} without a value: ${line}`);
      if (a === '-n' || a === '--namespace') h.namespace = v;
      else if (a === '-f' || a === '--values') h.valuesFiles.push(v);
      else if (a === '--set') h.sets.push(v);
      else if (a === '--version') h.version = v;
      continue;
    }
    if (a.startsWith('-')) throw new Error(`helm flag ${a} is unknown to this parser: ${line}`);
    positional.push(a);
  }
  if (positional.length !== 2) throw new Error(`expected RELEASE CHART: ${line}`);
  [h.release, h.chart] = positional as [string, string];
  return h;
}

/** A chart INSTALL.md installs, as a folder of the real chart sources, or a chart that is not vendored. */
export type ChartSource =
  | { dir: string; name: string; version: string }
  | { notVendored: 'cert-manager' | 'istio/base' | 'istio/istiod' | 'kserve-crd' | 'llmisvc-crd' };

/**
 * Where the chart of an install line is in ../shared/reference/charts. Online references (OCI,
 * repo/name --version, GitHub release assets) and the offline copies (charts/<file>.tgz that the
 * mirror step pulls) map to the same folder. An unknown reference is an error.
 */
export function chartSource(h: HelmInstall): ChartSource {
  const ref = h.chart;
  const kserve = (name: string, tag: string): ChartSource =>
    name === 'kserve-crd'
      ? { notVendored: 'kserve-crd' }
      : /^(kserve-)?llmisvc-crd$/.test(name)
        ? { notVendored: 'llmisvc-crd' }
        : local(`kserve/${tag}/${name === 'kserve' ? 'kserve-resources' : name}`, name, tag);
  let m: RegExpMatchArray | null;
  if ((m = ref.match(/^oci:\/\/ghcr\.io\/kserve\/charts\/([a-z-]+)$/)) && h.version) return kserve(m[1]!, h.version);
  if ((m = ref.match(/^https:\/\/github\.com\/kserve\/kserve\/releases\/download\/(v[^/]+)\/helm-chart-([a-z-]+)-\1\.tgz$/))) return kserve(m[2]!, m[1]!);
  if ((m = ref.match(/^charts\/(?:helm-chart-)?(kserve(?:-crd|-resources|-runtime-configs|-llmisvc-crd|-llmisvc-resources)?|llmisvc-crd|llmisvc-resources)-(v\d[^/]*)\.tgz$/))) return kserve(m[1]!, m[2]!);
  // Envoy AI Gateway's chart and CRD chart (KServe's LLM stack), online and as the copies the mirror step pulls.
  if ((m = ref.match(/^(?:oci:\/\/docker\.io\/envoyproxy\/(ai-gateway-helm|ai-gateway-crds-helm)|charts\/(ai-gateway-helm|ai-gateway-crds-helm)-(v\d[^/]*)\.tgz)$/))) {
    const chart = m[1] ?? m[2]!;
    const version = h.version ?? m[3]!;
    return local(`envoy-ai-gateway/${version}/${chart}`, chart, version);
  }
  if ((m = ref.match(/^(?:istio\/(base|istiod|gateway)|charts\/(base|istiod|gateway)-(\d[^/]*)\.tgz)$/))) {
    const chart = m[1] ?? m[2]!;
    const version = h.version ?? m[3]!;
    return chart === 'gateway' ? local(`istio-gateway/${version}/gateway`, 'gateway', version) : { notVendored: `istio/${chart}` as 'istio/base' };
  }
  if ((m = ref.match(/^(?:kong\/ingress|charts\/ingress-(\d[^/]*)\.tgz)$/))) {
    const version = h.version ?? m[1]!;
    return local(`kong/${version}/ingress`, 'ingress', version);
  }
  if ((m = ref.match(/^(?:https:\/\/github\.com\/knative\/operator\/releases\/download\/knative-v[^/]+\/|charts\/)knative-operator-v(\d[^/]*)\.tgz$/))) {
    return local(`knative-operator/${m[1]!}/knative-operator`, 'knative-operator', m[1]!);
  }
  // Envoy Gateway's chart, unpacked by `helm pull --untar` (online and offline) so its own CRDs can be applied apart.
  if (h.pulled?.ref === 'oci://docker.io/envoyproxy/gateway-helm') {
    return local(`envoy-gateway/${h.pulled.version}/gateway-helm`, 'gateway-helm', h.pulled.version);
  }
  if (/^charts\/cert-manager-v[^/]+\.tgz$/.test(ref)) return { notVendored: 'cert-manager' };
  throw new Error(`no rule maps chart ${ref} to ../shared/reference/charts: ${h.line}`);
}

function local(rel: string, name: string, version: string): ChartSource {
  return { dir: path.join(CHARTS_DIR, rel), name, version };
}

/** Chart.yaml name and version, to check a mapped folder is the chart INSTALL.md asks for. */
export function chartMeta(dir: string): { name: string; version: string } {
  const meta = yaml.load(readFileSync(path.join(dir, 'Chart.yaml'), 'utf8')) as { name: string; version: string };
  return { name: String(meta.name).trim(), version: String(meta.version) };
}

/**
 * API versions a step makes available to the steps after it (Helm's --api-versions), keyed by what
 * the line installs. Built-in Kubernetes APIs are Helm's own defaults; only CRD-backed ones are listed.
 */
export function apiVersionsAfter(c: InstallCommand, source: ChartSource | null, istioVersion: string): string[] {
  const istioV1 = Number(istioVersion.split('.')[1]) >= 22 ? ['networking.istio.io/v1', 'security.istio.io/v1'] : [];
  if (c.tool === 'helm') {
    if (!source) return [];
    if ('notVendored' in source) {
      switch (source.notVendored) {
        case 'cert-manager':
          return CERT_MANAGER_APIS;
        case 'istio/base':
          return ['networking.istio.io/v1alpha3', 'networking.istio.io/v1beta1', 'security.istio.io/v1beta1', ...istioV1];
        case 'kserve-crd':
          return ['serving.kserve.io/v1alpha1', 'serving.kserve.io/v1beta1'];
        case 'llmisvc-crd':
          // LLMInferenceService(Config): v1alpha1, plus v1alpha2 from kserve-llmisvc-crd (0.17).
          return c.chart.includes('kserve-llmisvc-crd') ? ['serving.kserve.io/v1alpha1', 'serving.kserve.io/v1alpha2'] : ['serving.kserve.io/v1alpha1'];
        default:
          return [];
      }
    }
    if (source.name === 'knative-operator') return ['operator.knative.dev/v1beta1'];
    if (source.name === 'ingress') return ['configuration.konghq.com/v1', 'configuration.konghq.com/v1beta1'];
    if (source.name === 'ai-gateway-crds-helm') return ['aigateway.envoyproxy.io/v1alpha1'];
    return [];
  }
  const line = c.line;
  if (/cert-manager\.yaml$/.test(line)) return CERT_MANAGER_APIS;
  if (/standard-install\.yaml$/.test(line)) return ['gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1beta1'];
  // Envoy Gateway's own CRDs, applied from the unpacked chart (its Gateway API copies are not applied).
  if (/gateway-helm\/\S*crds\/generated\/?$/.test(line)) return ['gateway.envoyproxy.io/v1alpha1'];
  const applied = appliedFile(c);
  if (applied) return crdApiVersions(applied.objects);
  return [];
}

/** The served group/versions of the CRDs among `objects`. */
export function crdApiVersions(objects: unknown[]): string[] {
  return objects.flatMap((o) => {
    const crd = o as { kind?: string; spec?: { group: string; versions: { name: string; served: boolean }[] } };
    return crd.kind === 'CustomResourceDefinition' ? crd.spec!.versions.filter((v) => v.served).map((v) => `${crd.spec!.group}/${v.name}`) : [];
  });
}

/**
 * The release files of the LLM stack a `kubectl apply -f` names (online URLs or the offline copies in
 * charts/), read from their vendored copies: KServe's inference extension CRD set, Gateway API Inference
 * Extension's manifest, LeaderWorkerSet's manifest (only its CRD is vendored) and Envoy AI Gateway's RBAC.
 * null for any other line.
 */
export function appliedFile(c: InstallCommand): { source: string; objects: unknown[]; notVendoredNamespace?: string } | null {
  if (c.tool !== 'kubectl' || c.argv[0] !== 'apply') return null;
  const f = c.argv.indexOf('-f');
  const target = f >= 0 ? c.argv[f + 1]! : '';
  let m: RegExpMatchArray | null;
  const read = (rel: string) => {
    const file = path.join(REFERENCE_DIR, rel);
    const text = rel.endsWith('.gz') ? gunzipSync(readFileSync(file)).toString('utf8') : readFileSync(file, 'utf8');
    return (yaml.loadAll(text) as unknown[]).filter((d) => d !== null && typeof d === 'object');
  };
  const kserveTag = (tag: string) => (readdirSync(path.join(REFERENCE_DIR, 'crds', 'kserve')).includes(tag) ? tag : null);
  if ((m = target.match(/(?:kserve\/kserve\/|inference-extension-kserve-)(v\d[^/]*?)(?:\/config\/llmisvc\/gateway-inference-extension|)\.yaml$/))) {
    const tag = kserveTag(m[1]!);
    if (tag) return { source: `crds/kserve/${tag}/gateway-inference-extension.yaml`, objects: read(`crds/kserve/${tag}/gateway-inference-extension.yaml`) };
  }
  if ((m = target.match(/(?:gateway-api-inference-extension\/releases\/download\/|inference-extension-)(v\d[^/]*?)(?:\/manifests)?\.yaml$/))) {
    const dir = `crds/gateway-api-inference-extension/${m[1]!}`;
    return { source: dir, objects: readdirSync(path.join(REFERENCE_DIR, dir)).sort().flatMap((f) => read(`${dir}/${f}`)) };
  }
  if ((m = target.match(/(?:lws\/releases\/download\/|lws-)(v\d[^/]*?)(?:\/|-)manifests\.yaml$/))) {
    const file = `crds/lws/${m[1]!}/leaderworkerset.x-k8s.io_leaderworkersets.yaml.gz`;
    // Only the CRD is vendored: the controller's objects in lws-system are not on paper.
    return { source: file, objects: read(file), notVendoredNamespace: 'lws-system' };
  }
  if ((m = target.match(/(?:envoyproxy\/ai-gateway\/|ai-gateway-)(v\d[^/]*?)(?:\/manifests\/envoy-gateway-config\/|-)rbac\.yaml$/))) {
    const file = `charts/envoy-ai-gateway/${m[1]!}/manifests/envoy-gateway-config/rbac.yaml`;
    return { source: file, objects: read(file) };
  }
  return null;
}

/**
 * A cluster's discovery also lists "group/version/Kind" entries, which `helm template`'s defaults
 * lack; Kong's chart creates its IngressClass only when networking.k8s.io/v1/IngressClass is listed.
 * These Kinds exist on every Kubernetes the catalog names (1.27 and later).
 */
export const BUILT_IN_KIND_APIS = ['networking.k8s.io/v1/IngressClass', 'apiextensions.k8s.io/v1/CustomResourceDefinition'];

const CERT_MANAGER_APIS = ['cert-manager.io/v1', 'acme.cert-manager.io/v1'];

/** Knative Serving's APIs, present once the operator reconciled a KnativeServing or Serving was installed from YAML. */
export const KNATIVE_SERVING_APIS = [
  'serving.knative.dev/v1',
  'networking.internal.knative.dev/v1alpha1',
  'autoscaling.internal.knative.dev/v1alpha1',
  'caching.internal.knative.dev/v1alpha1',
];
