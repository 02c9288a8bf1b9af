/**
 * Issue 11: `create-kserve-config check PATH...`.
 * Every shipped preset's generated folder must check clean; each rule is shown to fire on a broken
 * variant (a generated folder edited, or `kubectl get -o yaml`-style cluster state) with the right
 * key, both values and a fix; then the report formats and exit codes, in-process and spawned.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import yaml from 'js-yaml';
import { main } from '../src/cli.js';
import { runCheck } from '../src/check/index.js';
import { GENERIC_SCOPE, checkCommands } from '../src/check/collect.js';
import { RULES, imageRegistry } from '../src/check/rules.js';
import { REPO_ROOT, runCli, tempDir } from './support/cli.js';
import { generate, loadShippedPreset, shippedPresetNames } from './support/generate.js';

type Doc = Record<string, any>;
interface JsonPlace {
  object: string;
  file: string;
  key: string;
  actual: string;
}
interface JsonFinding extends JsonPlace {
  rule: string;
  severity: 'error' | 'warning';
  places: JsonPlace[];
  expected: string;
  expectedFrom: string | null;
  fix: string;
}
interface JsonUnchecked {
  rules: string[];
  reason: string;
  collect: string[];
}
interface JsonReport {
  ok: boolean;
  errors: number;
  warnings: number;
  kserveVersion: { version: string; from: string } | null;
  inputs: { files: string[]; objects: number };
  findings: JsonFinding[];
  unchecked: JsonUnchecked[];
}

const quietIo = { stdout: () => {}, stderr: () => {}, readStdin: () => '', stdinIsTTY: false };

/** Runs `check` in-process. */
async function check(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCheck(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: () => stdin });
  return { code, stdout, stderr };
}

async function checkJson(args: string[]): Promise<{ code: number; report: JsonReport }> {
  const r = await check([...args, '--format', 'json']);
  assert.is(r.stderr, '', 'nothing on stderr');
  return { code: r.code, report: JSON.parse(r.stdout) as JsonReport };
}

/** Writes path -> content (or YAML objects, dumped) into a fresh folder. */
function writeTree(files: Map<string, string> | Record<string, string | Doc | Doc[]>): string {
  const dir = tempDir();
  const entries = files instanceof Map ? [...files] : Object.entries(files);
  for (const [p, content] of entries) {
    mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    const text = typeof content === 'string' ? content : (Array.isArray(content) ? content : [content]).map((d) => yaml.dump(d, { lineWidth: -1 })).join('---\n');
    writeFileSync(path.join(dir, p), text);
  }
  return dir;
}

/** Edits the first YAML document of a generated file, keeping its comment header (which names chart, version and namespace). */
function editYaml(files: Map<string, string>, file: string, edit: (doc: Doc) => void): Map<string, string> {
  const out = new Map(files);
  const text = files.get(file);
  assert.ok(text !== undefined, `${file} is generated (have: ${[...files.keys()].join(', ')})`);
  const header = text.split('\n').filter((l, i, all) => all.slice(0, i + 1).every((x) => x.startsWith('#'))).join('\n');
  const doc = yaml.load(text) as Doc;
  edit(doc);
  out.set(file, `${header}\n${yaml.dump(doc, { lineWidth: -1 })}`);
  return out;
}

/** The finding of `rule` with a place at `key` (of `object`, if given), seen from that place (its object, file, key and actual). */
function findingAt(report: JsonReport, rule: string, key: string, object?: string): JsonFinding {
  const at = (p: JsonPlace) => p.key === key && (object === undefined || p.object === object);
  const f = report.findings.find((x) => x.rule === rule && x.places.some(at));
  assert.ok(f, `expected ${rule} at ${key}; got ${JSON.stringify(report.findings.map((x) => [x.rule, x.places.map((p) => [p.object, p.key, p.actual])]))}`);
  return { ...f!, ...f!.places.find(at)! };
}

/** A finding's places as [object, key, actual], the order the report lists them in. */
const placesOf = (f: JsonFinding) => f.places.map((p) => [p.object, p.key, p.actual]);

/** Asserts one finding: rule, key, both values, a fix (mentioning `fixMentions`), and exit 1 for errors. */
async function expectFinding(
  dirOrArgs: string | string[],
  want: { rule: keyof typeof RULES; key: string; actual: string; expected: string; severity?: 'error' | 'warning'; fixMentions?: string[]; object?: string },
): Promise<JsonFinding> {
  const { code, report } = await checkJson(typeof dirOrArgs === 'string' ? [dirOrArgs] : dirOrArgs);
  const f = findingAt(report, want.rule, want.key, want.object);
  assert.is(f.actual, want.actual, `${want.rule} actual`);
  assert.is(f.expected, want.expected, `${want.rule} expected`);
  assert.is(f.severity, want.severity ?? 'error');
  if (want.object) assert.is(f.object, want.object);
  assert.ok(f.fix.length > 30, `${want.rule} has a fix: ${f.fix}`);
  for (const m of want.fixMentions ?? []) assert.ok(f.fix.includes(m), `fix mentions ${m}: ${f.fix}`);
  assert.is(code, report.errors > 0 ? 1 : 0, 'exit code follows the errors');
  if ((want.severity ?? 'error') === 'error') assert.is(code, 1);
  return f;
}

// ---------------------------------------------------------------------------------------------
// Every shipped preset, generated in-process by the real CLI, checks clean

const SWEEP_VERSIONS = ['0.11.2', '0.14.1', '0.15.2', '0.16.0', '0.20.0'];

test('every shipped preset, on every golden release and both Knative install styles, checks clean', async () => {
  let checked = 0;
  for (const name of shippedPresetNames()) {
    const preset = path.join(REPO_ROOT, 'presets', `${name}.yaml`);
    for (const version of ['', ...SWEEP_VERSIONS]) {
      for (const install of ['operator', 'manifests']) {
        const out = path.join(tempDir(), 'out');
        const args = ['--preset', preset, '--out', out, '--set', `knative.install=${install}`, ...(version ? ['--set', `kserve.version=${version}`] : [])];
        let err = '';
        const code = await main(args, { ...quietIo, stderr: (t) => (err += t) });
        if (code === 2 && version !== '') {
          // The preset does not apply to that release (a CA bundle before 0.12): nothing to check.
          assert.match(err, /^error: \S+: /);
          continue;
        }
        assert.is(code, 0, `${name} ${version || '(preset version)'} ${install}: ${err}`);
        const { code: checkCode, report } = await checkJson([out]);
        assert.equal(report.findings, [], `${name} ${version || '(preset version)'} ${install}: ${JSON.stringify(report.findings, null, 1)}`);
        assert.is(checkCode, 0);
        assert.ok(report.kserveVersion !== null, 'the version is read from the values header');
        checked++;
      }
    }
  }
  assert.ok(checked >= shippedPresetNames().length * 8, `checked ${checked} folders`);
});

test('generated folders beyond the presets check clean: custom names, selectors, namespaces, modes, offline', async () => {
  const variants: string[][] = [
    // Knative from release YAML re-applies its own local Gateway with the new selector, without the ingress one.
    ['knative.install=manifests', 'ingress.istio.localGatewaySelector.istio=team-gw'],
    ['knative.install=manifests', 'ingress.istio.servingNamespaces=[team-a,team-b]'],
    // The operator's knative-local-gateway gets the namespaces through the KnativeServing servers override.
    ['ingress.istio.servingNamespaces=[team-a,team-b]'],
    ['ingress.istio.ingressGateway=edge/public-gw', 'ingress.istio.ingressGatewayService=public-gw.edge.svc.cluster.local', 'ingress.istio.ingressGatewaySelector.app=public-gw'],
    ['ingress.istio.localGateway=mesh/private-gw', 'ingress.istio.localGatewayService=private-gw.mesh.svc.cluster.local', 'ingress.istio.localGatewaySelector.app=private-gw', 'ingress.istio.servingNamespaces=[team-a]'],
    ['deploymentMode=RawDeployment', 'kserve.namespace=ml'],
    ['offline.enabled=true', 'offline.registry=registry.internal:5000/mirror', 'knative.install=manifests'],
    ['offline.enabled=true', 'offline.registry=registry.internal:5000', 'ingress.provider=kong', 'deploymentMode=RawDeployment'],
  ];
  for (const version of ['0.13.1', '0.17.1']) {
    for (const sets of variants) {
      const { code, report } = await checkJson([writeTree(generate({ kserve: { version } }, sets).files)]);
      assert.equal(report.findings, [], `${version} ${sets.join(' ')}`);
      assert.is(code, 0);
    }
  }
});

// ---------------------------------------------------------------------------------------------
// Broken generated folders: one edit each

const CUSTOM = loadShippedPreset('serverless-istio-custom-local-gateway');
const KONG = loadShippedPreset('raw-kong');
const at = (preset: Record<string, unknown>, version: string) => ({ ...structuredClone(preset), kserve: { version } });
const customFiles = () => generate(at(CUSTOM, '0.15.2')).files;
const kongFiles = () => generate(at(KONG, '0.15.2')).files;
const VALUES = 'helm/kserve.values.yaml';

/** The generated manifest holding `<kind> <name>` (numbering may change as other objects are added). */
function manifest(files: Map<string, string>, kind: string, name: string): string {
  const p = [...files.keys()].find((f) => f.startsWith('manifests/') && f.endsWith(`-${kind.toLowerCase()}-${name}.yaml`));
  assert.ok(p, `a manifest for ${kind} ${name} among ${[...files.keys()].join(', ')}`);
  return p!;
}

test('local-gateway-mismatch: KServe values name another local gateway than KnativeServing', async () => {
  const files = editYaml(customFiles(), VALUES, (d) => (d.kserve.controller.gateway.localGateway.gateway = 'istio-system/team-gateway'));
  const f = await expectFinding(writeTree(files), {
    rule: 'local-gateway-mismatch',
    key: 'kserve.controller.gateway.localGateway.gateway',
    actual: 'istio-system/team-gateway',
    expected: 'istio-system/custom-local-gateway',
    object: 'Helm values (kserve chart)',
    fixMentions: ['504'],
  });
  assert.is(f.expectedFrom, 'KnativeServing knative-serving/knative-serving spec.config.istio.local-gateways[0]');
  assert.ok(f.file.endsWith(path.join('helm', 'kserve.values.yaml')));
});

test('local-gateway-mismatch: KnativeServing names another local gateway Service than KServe', async () => {
  const files = customFiles();
  const ks = manifest(files, 'KnativeServing', 'knative-serving');
  const edited = editYaml(files, ks, (d) => {
    d.spec.config.istio['local-gateways'] = d.spec.config.istio['local-gateways'].replace('istio-system.svc', 'gateways.svc');
  });
  await expectFinding(writeTree(edited), {
    rule: 'local-gateway-mismatch',
    key: 'kserve.controller.gateway.localGateway.gatewayService',
    actual: 'custom-local-gateway.istio-system.svc.cluster.local',
    expected: 'custom-local-gateway.gateways.svc.cluster.local',
  });
});

test('ingress-gateway-mismatch: KServe routes external traffic through a gateway Knative does not use', async () => {
  const files = editYaml(customFiles(), VALUES, (d) => (d.kserve.controller.gateway.ingressGateway.gateway = 'istio-system/public-gateway'));
  await expectFinding(writeTree(files), {
    rule: 'ingress-gateway-mismatch',
    key: 'kserve.controller.gateway.ingressGateway.gateway',
    actual: 'istio-system/public-gateway',
    expected: 'knative-serving/knative-ingress-gateway',
  });
});

test('istio-gateway-missing: the custom local gateway has no Istio Gateway', async () => {
  const files = customFiles();
  files.delete(manifest(files, 'Gateway', 'custom-local-gateway'));
  const f = await expectFinding(writeTree(files), {
    rule: 'istio-gateway-missing',
    key: 'kserve.controller.gateway.localGateway.gateway',
    actual: 'istio-system/custom-local-gateway',
    expected: 'an Istio Gateway (networking.istio.io) of that namespace/name',
    fixMentions: ['kubectl get gateways.networking.istio.io -A -o yaml'],
  });
  assert.ok(f.fix.includes('apply the Istio Gateway istio-system/custom-local-gateway'));
  // Knative names it too: reported there as well, with Knative's key.
  findingAt((await checkJson([writeTree(files)])).report, 'istio-gateway-missing', 'spec.config.istio.local-gateways[0]');
});

test("local-gateway-hosts: the local gateway's hosts miss a form of the serving namespace", async () => {
  const files = customFiles();
  const gw = manifest(files, 'Gateway', 'custom-local-gateway');
  const edited = editYaml(files, gw, (d) => (d.spec.servers[0].hosts = ['*.online-serving', '*.online-serving.svc.cluster.local']));
  const f = await expectFinding(writeTree(edited), {
    rule: 'local-gateway-hosts',
    key: 'spec.servers[0].hosts',
    actual: '*.online-serving, *.online-serving.svc.cluster.local',
    expected: '*.online-serving.svc',
    object: 'Gateway istio-system/custom-local-gateway',
  });
  assert.match(f.expectedFrom ?? '', /^namespace online-serving \(.*kserve-config\.yaml ingress\.istio\.servingNamespaces\)$/);
});

test("local-gateway-hosts: the operator's knative-local-gateway, whose hosts the KnativeServing servers override sets", async () => {
  const files = generate({ kserve: { version: '0.15.2' } }, ['ingress.istio.servingNamespaces=[team-a,team-b]']).files;
  const cr = manifest(files, 'KnativeServing', 'knative-serving');
  const edited = editYaml(files, cr, (d) => (d.spec.ingress.istio['knative-local-gateway'].servers[0].hosts = ['*.team-a', '*.team-a.svc', '*.team-a.svc.cluster.local']));
  await expectFinding(writeTree(edited), {
    rule: 'local-gateway-hosts',
    key: 'spec.ingress.istio.knative-local-gateway.servers[0].hosts',
    actual: '*.team-a, *.team-a.svc, *.team-a.svc.cluster.local',
    expected: '*.team-b, *.team-b.svc, *.team-b.svc.cluster.local',
    object: "KnativeServing knative-serving/knative-serving (the operator's Gateway knative-serving/knative-local-gateway)",
  });
});

test('gateway-selector-unmatched: the Istio Gateway and the KnativeServing override select pods nobody runs', async () => {
  const files = customFiles();
  let edited = editYaml(files, manifest(files, 'Gateway', 'custom-local-gateway'), (d) => (d.spec.selector = { istio: 'custom-local-gatewai' }));
  edited = editYaml(edited, manifest(files, 'KnativeServing', 'knative-serving'), (d) => (d.spec.ingress.istio['knative-local-gateway'].selector = { app: 'local-gw' }));
  const dir = writeTree(edited);
  const f = await expectFinding(dir, {
    rule: 'gateway-selector-unmatched',
    key: 'spec.selector',
    actual: 'istio=custom-local-gatewai',
    expected: 'app=custom-local-gateway,istio=custom-local-gateway',
  });
  assert.match(f.expectedFrom ?? '', /^istio\/gateway chart values \S+istio-gateway\.values\.yaml: the pods behind custom-local-gateway\.istio-system\.svc\.cluster\.local$/);
  await expectFinding(dir, {
    rule: 'gateway-selector-unmatched',
    key: 'spec.ingress.istio.knative-local-gateway.selector',
    actual: 'app=local-gw',
    expected: 'app=custom-local-gateway,istio=custom-local-gateway',
  });
});

test('config-istio-format: legacy keys mixed with lists, and lists on a Knative older than 1.14', async () => {
  const files = customFiles();
  const ks = manifest(files, 'KnativeServing', 'knative-serving');
  const mixed = editYaml(files, ks, (d) => (d.spec.config.istio['local-gateway.istio-system.custom-local-gateway'] = 'custom-local-gateway.istio-system.svc.cluster.local'));
  await expectFinding(writeTree(mixed), {
    rule: 'config-istio-format',
    key: 'spec.config.istio',
    actual: 'legacy gateway.*/local-gateway.* keys and external-gateways/local-gateways lists',
    expected: 'one format only',
    fixMentions: ['can not be defined simultaneously'],
  });
  const old = editYaml(files, ks, (d) => (d.spec.version = '1.13.1'));
  const f = await expectFinding(writeTree(old), {
    rule: 'config-istio-format',
    key: 'spec.config.istio.local-gateways',
    actual: 'a gateway list on Knative 1.13.1',
    expected: 'legacy keys gateway.<namespace>.<name> / local-gateway.<namespace>.<name>',
    fixMentions: ['local-gateway.istio-system.custom-local-gateway: "custom-local-gateway.istio-system.svc.cluster.local"'],
  });
  assert.is(f.expectedFrom, 'KnativeServing knative-serving/knative-serving spec.version');
});

test('gateway-api-gateway-missing: enableGatewayApi with a kserveGateway that names no Gateway', async () => {
  const files = editYaml(kongFiles(), VALUES, (d) => (d.kserve.controller.gateway.ingressGateway.kserveGateway = 'kserve/kong-gateway'));
  await expectFinding(writeTree(files), {
    rule: 'gateway-api-gateway-missing',
    key: 'kserve.controller.gateway.ingressGateway.kserveGateway',
    actual: 'kserve/kong-gateway',
    expected: 'one of kserve/kserve-ingress-gateway',
    fixMentions: ['HTTPRoute'],
  });
});

test('gatewayclass-missing: a Gateway whose class has no GatewayClass, and the chart Gateway of class envoy', async () => {
  const files = kongFiles();
  const edited = editYaml(files, manifest(files, 'Gateway', 'kserve-ingress-gateway'), (d) => (d.spec.gatewayClassName = 'kong-internal'));
  await expectFinding(writeTree(edited), {
    rule: 'gatewayclass-missing',
    key: 'spec.gatewayClassName',
    actual: 'kong-internal',
    expected: 'one of kong',
    object: 'Gateway kserve/kserve-ingress-gateway',
    fixMentions: ['konghq.com/gatewayclass-unmanaged'],
  });
  const chart = editYaml(files, VALUES, (d) => (d.kserve.controller.gateway.ingressGateway.createGateway = true));
  await expectFinding(writeTree(chart), {
    rule: 'gatewayclass-missing',
    key: 'spec.gatewayClassName',
    actual: 'envoy',
    expected: 'one of kong',
    object: 'Gateway kserve/kserve-ingress-gateway (created by the KServe chart)',
    fixMentions: ['kserve.controller.gateway.ingressGateway.createGateway'],
  });
});

/** `kubectl get crd <name> -o yaml` of a Gateway API CRD, trimmed to what check reads. */
const gatewayApiCrd = (resource: string, version: string) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: {
    annotations: { 'api-approved.kubernetes.io': 'https://github.com/kubernetes-sigs/gateway-api/pull/2997', 'gateway.networking.k8s.io/bundle-version': version, 'gateway.networking.k8s.io/channel': 'standard' },
    creationTimestamp: '2026-11-20T09:02:11Z',
    generation: 1,
    name: `${resource}.gateway.networking.k8s.io`,
    resourceVersion: '1021',
    uid: '0b7e4c1a-5f7d-4e8b-9a51-6c2d3e4f5a60',
  },
  spec: { group: 'gateway.networking.k8s.io', names: { kind: resource === 'gateways' ? 'Gateway' : 'HTTPRoute', plural: resource }, scope: 'Namespaced' },
});

test('gateway-api-version: spec.infrastructure on v1.1 CRDs (error), and with the version unknown (not checked)', async () => {
  const files = kongFiles();
  const edited = editYaml(files, manifest(files, 'Gateway', 'kserve-ingress-gateway'), (d) => (d.spec.infrastructure = { labels: { team: 'ml-platform' } }));
  const withCrds = new Map(edited);
  withCrds.set('cluster-state/gateway-api-crds.yaml', yaml.dump({ apiVersion: 'v1', items: [gatewayApiCrd('gateways', 'v1.1.0'), gatewayApiCrd('httproutes', 'v1.1.0')], kind: 'List', metadata: { resourceVersion: '' } }));
  const dir = writeTree(withCrds);
  const f = await expectFinding(dir, {
    rule: 'gateway-api-version',
    key: 'spec.infrastructure',
    actual: 'Gateway API v1.1.0 (standard CRDs)',
    expected: 'Gateway API v1.2.0 or newer (standard CRDs)',
    fixMentions: ['v1.2.1/standard-install.yaml'],
  });
  assert.is(f.expectedFrom, 'CustomResourceDefinition gateways.gateway.networking.k8s.io metadata.annotations.gateway.networking.k8s.io/bundle-version');
  // KServe's own HTTPRoutes set timeouts: the CRDs are too old for enableGatewayApi as such.
  await expectFinding(dir, {
    rule: 'gateway-api-version',
    key: 'metadata.annotations.gateway.networking.k8s.io/bundle-version',
    actual: 'v1.1.0',
    expected: 'v1.2.0 or newer',
    object: 'CustomResourceDefinition httproutes.gateway.networking.k8s.io',
    fixMentions: ['disableHTTPRouteTimeout'],
  });
  // Without the CRDs the version is unknown: not checked (and said so), which alone exits 0. A generated
  // folder says which CRDs its INSTALL.md installs (kserve-config.yaml), so the folder is left without it.
  const withoutPreset = new Map([...edited].filter(([p]) => p !== 'kserve-config.yaml'));
  const unknown = await checkJson([writeTree(withoutPreset)]);
  assert.equal(unknown.report.findings.filter((x) => x.rule === 'gateway-api-version'), []);
  const u = unknown.report.unchecked.find((x) => x.rules.includes('gateway-api-version'));
  assert.ok(u, JSON.stringify(unknown.report.unchecked));
  assert.equal(u!.collect, ['kubectl get crd gateways.gateway.networking.k8s.io httproutes.gateway.networking.k8s.io -o yaml > cluster-state/gateway-api-crds.yaml']);
  assert.is(unknown.code, 0, 'what cannot be checked does not fail the run');
});

// ---------------------------------------------------------------------------------------------
// Cluster state as `kubectl get ... -o yaml` prints it

let uid = 0;
const meta = (name: string, namespace?: string, extra: Doc = {}): Doc => ({
  ...extra,
  creationTimestamp: '2026-11-20T09:14:03Z',
  name,
  ...(namespace ? { namespace } : {}),
  resourceVersion: String(48213 + uid),
  uid: `3f0c2a51-8d7e-4c8a-9b1e-${String(++uid).padStart(12, '0')}`,
});
const list = (items: Doc[]): Doc => ({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } });
const HELM = { annotations: { 'meta.helm.sh/release-name': 'kserve', 'meta.helm.sh/release-namespace': 'kserve' }, labels: { 'app.kubernetes.io/managed-by': 'Helm' } };

function inferenceserviceConfig(over: { ingress?: Doc; deploy?: string; storage?: Doc; raw?: Record<string, string> } = {}): Doc {
  const ingress = {
    enableGatewayApi: false,
    kserveIngressGateway: 'kserve/kserve-ingress-gateway',
    ingressGateway: 'knative-serving/knative-ingress-gateway',
    localGateway: 'istio-system/custom-local-gateway',
    localGatewayService: 'custom-local-gateway.istio-system.svc.cluster.local',
    ingressDomain: 'example.com',
    ingressClassName: 'istio',
    domainTemplate: '{{ .Name }}-{{ .Namespace }}.{{ .IngressDomain }}',
    urlScheme: 'http',
    disableIstioVirtualHost: false,
    disableIngressCreation: false,
    ...over.ingress,
  };
  const storage = { image: 'kserve/storage-initializer:v0.15.2', memoryRequest: '100Mi', caBundleConfigMapName: '', caBundleVolumeMountPath: '/etc/ssl/custom-certs', ...over.storage };
  return {
    apiVersion: 'v1',
    data: {
      agent: JSON.stringify({ image: 'kserve/agent:v0.15.2', memoryRequest: '100Mi' }, null, 4),
      deploy: JSON.stringify({ defaultDeploymentMode: over.deploy ?? 'Serverless' }, null, 2),
      ingress: JSON.stringify(ingress, null, 4),
      storageInitializer: JSON.stringify(storage, null, 4),
      ...over.raw,
    },
    kind: 'ConfigMap',
    metadata: meta('inferenceservice-config', 'kserve', HELM),
  };
}

/** A Deployment as `kubectl get -o yaml` prints it; gateways run container istio-proxy (image "auto", injected). */
const deployment = (name: string, namespace: string, labels: Record<string, string>, image: string, container = name === 'kserve-controller-manager' ? 'manager' : 'istio-proxy'): Doc => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: meta(name, namespace, { labels }),
  spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ image, name: container }] } } },
});
const service = (name: string, namespace: string, selector: Record<string, string>): Doc => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: meta(name, namespace),
  spec: { ports: [{ name: 'http2', port: 80, protocol: 'TCP', targetPort: 8081 }], selector, type: 'ClusterIP' },
});
const istioGateway = (name: string, namespace: string, selector: Record<string, string>, port: number, hosts: string[]): Doc => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'Gateway',
  metadata: meta(name, namespace),
  spec: { selector, servers: [{ hosts, port: { name: 'http', number: port, protocol: 'HTTP' } }] },
});
const isvc = (name: string, namespace: string, annotations?: Record<string, string>, predictor: Doc = { model: { modelFormat: { name: 'sklearn' }, storageUri: 'gs://kfserving-examples/models/sklearn/1.0/model' } }): Doc => ({
  apiVersion: 'serving.kserve.io/v1beta1',
  kind: 'InferenceService',
  metadata: meta(name, namespace, annotations ? { annotations } : {}),
  spec: { predictor },
});

/**
 * A consistent KServe 0.15.2 cluster with the custom local gateway istio-system/custom-local-gateway
 * (what presets/serverless-istio-custom-local-gateway.yaml installs), one file per INSTALL.md command.
 */
function cluster(): Record<string, Doc> {
  const customLabels = { app: 'custom-local-gateway', istio: 'custom-local-gateway' };
  return {
    'kserve-configmaps.yaml': list([
      inferenceserviceConfig(),
      { apiVersion: 'v1', data: { 'ca.crt': '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' }, kind: 'ConfigMap', metadata: meta('kube-root-ca.crt', 'kserve') },
    ]),
    'kserve-controller.yaml': deployment('kserve-controller-manager', 'kserve', { 'control-plane': 'kserve-controller-manager' }, 'kserve/kserve-controller:v0.15.2'),
    'knativeserving.yaml': list([
      {
        apiVersion: 'operator.knative.dev/v1beta1',
        kind: 'KnativeServing',
        metadata: meta('knative-serving', 'knative-serving', { generation: 2 }),
        spec: {
          config: {
            domain: { 'example.com': '' },
            istio: {
              'external-gateways': '- name: knative-ingress-gateway\n  namespace: knative-serving\n  service: istio-ingressgateway.istio-system.svc.cluster.local\n',
              'local-gateways': '- name: custom-local-gateway\n  namespace: istio-system\n  service: custom-local-gateway.istio-system.svc.cluster.local\n',
            },
          },
          ingress: { istio: { enabled: true, 'knative-local-gateway': { selector: { istio: 'custom-local-gateway' } } } },
          version: '1.15.2',
        },
        status: { conditions: [{ lastTransitionTime: '2026-11-20T09:20:41Z', status: 'True', type: 'Ready' }], version: '1.15.2' },
      },
    ]),
    'knative-configmaps.yaml': list([
      {
        apiVersion: 'v1',
        data: {
          _example: '# (example block elided)\n',
          'external-gateways': '- name: knative-ingress-gateway\n  namespace: knative-serving\n  service: istio-ingressgateway.istio-system.svc.cluster.local\n',
          'local-gateways': '- name: custom-local-gateway\n  namespace: istio-system\n  service: custom-local-gateway.istio-system.svc.cluster.local\n',
        },
        kind: 'ConfigMap',
        metadata: meta('config-istio', 'knative-serving', { labels: { 'app.kubernetes.io/component': 'net-istio', 'app.kubernetes.io/name': 'knative-serving', 'app.kubernetes.io/version': '1.15.1' } }),
      },
      {
        apiVersion: 'v1',
        data: { _example: '# (example block elided)\n', 'queue-sidecar-image': 'gcr.io/knative-releases/knative.dev/serving/cmd/queue@sha256:6f1d1bb6c1a0c5e6a9d6e4b5f0f0e1b2c3d4e5f60718293a4b5c6d7e8f901234' },
        kind: 'ConfigMap',
        metadata: meta('config-deployment', 'knative-serving', { labels: { 'app.kubernetes.io/name': 'knative-serving', 'app.kubernetes.io/version': '1.15.2' } }),
      },
    ]),
    'istio-gateways.yaml': list([
      istioGateway('knative-ingress-gateway', 'knative-serving', { istio: 'ingressgateway' }, 80, ['*']),
      istioGateway('knative-local-gateway', 'knative-serving', { istio: 'custom-local-gateway' }, 8081, ['*']),
      istioGateway('custom-local-gateway', 'istio-system', { istio: 'custom-local-gateway' }, 8081, ['*.online-serving', '*.online-serving.svc', '*.online-serving.svc.cluster.local']),
    ]),
    'gateway-pods.yaml': list([
      deployment('istio-ingressgateway', 'istio-system', { app: 'istio-ingressgateway', istio: 'ingressgateway' }, 'auto'),
      deployment('custom-local-gateway', 'istio-system', customLabels, 'auto'),
      service('istio-ingressgateway', 'istio-system', { app: 'istio-ingressgateway', istio: 'ingressgateway' }),
      service('knative-local-gateway', 'istio-system', { istio: 'custom-local-gateway' }),
      service('custom-local-gateway', 'istio-system', customLabels),
    ]),
    'inferenceservices.yaml': list([isvc('sklearn-iris', 'online-serving')]),
  };
}

/** Cluster state saved under cluster-state/ (INSTALL.md's flow), as file entries to add to a folder. */
function clusterStateFiles(state: Record<string, Doc> = cluster()): [string, string][] {
  return Object.entries(state).map(([p, d]) => [`cluster-state/${p}`, yaml.dump(d)]);
}

test('a consistent cluster checks clean, alone and together with the folder that installed it', async () => {
  const state = writeTree(cluster());
  const alone = await checkJson([state]);
  assert.equal(alone.report.findings, []);
  assert.is(alone.code, 0);
  assert.equal(alone.report.kserveVersion, { version: '0.15.2', from: 'Deployment kserve/kserve-controller-manager image kserve/kserve-controller:v0.15.2' });
  // INSTALL.md's flow: cluster-state/ inside the generated folder, `check .`
  const folder = writeTree(new Map([...customFiles(), ...clusterStateFiles()]));
  const both = await checkJson([folder]);
  assert.equal(both.report.findings, []);
  assert.is(both.code, 0);
  assert.ok(both.report.inputs.files.some((f) => f.includes('cluster-state')), 'cluster-state/ is read');
});

test('local-gateway-hosts: an InferenceService in a namespace the local gateway does not serve', async () => {
  const state = cluster();
  state['inferenceservices.yaml']!.items.push(isvc('fraud', 'team-b'));
  const f = await expectFinding(writeTree(state), {
    rule: 'local-gateway-hosts',
    key: 'spec.servers[0].hosts',
    actual: '*.online-serving, *.online-serving.svc, *.online-serving.svc.cluster.local',
    expected: '*.team-b, *.team-b.svc, *.team-b.svc.cluster.local',
    object: 'Gateway istio-system/custom-local-gateway',
  });
  assert.is(f.expectedFrom, 'namespace team-b (InferenceService team-b/fraud)');
});

test('local-gateway-mismatch and istio-gateway-missing from live ConfigMaps: config-istio still on the defaults', async () => {
  const state = cluster();
  const cms = state['knative-configmaps.yaml']!.items as Doc[];
  cms[0]!.data = { _example: '# (example block elided)\n' };
  state['istio-gateways.yaml']!.items = (state['istio-gateways.yaml']!.items as Doc[]).filter((g) => g.metadata.name !== 'custom-local-gateway');
  const dir = writeTree(state);
  // Gateway and Service both differ from Knative's default: one finding, both keys.
  const f = await expectFinding(dir, {
    rule: 'local-gateway-mismatch',
    key: 'data.ingress.localGateway',
    actual: 'istio-system/custom-local-gateway',
    expected: 'knative-serving/knative-local-gateway (Service knative-local-gateway.istio-system.svc.cluster.local)',
    object: 'ConfigMap kserve/inferenceservice-config',
    fixMentions: ['add local-gateway.istio-system.custom-local-gateway: "custom-local-gateway.istio-system.svc.cluster.local" to ConfigMap knative-serving/config-istio data'],
  });
  assert.equal(f.places.map((p) => p.key), ['data.ingress.localGateway', 'data.ingress.localGatewayService']);
  assert.is(f.expectedFrom, "ConfigMap knative-serving/config-istio data (no local-gateway key: net-istio's default)");
  await expectFinding(dir, {
    rule: 'istio-gateway-missing',
    key: 'data.ingress.localGateway',
    actual: 'istio-system/custom-local-gateway',
    expected: 'one of knative-serving/knative-ingress-gateway, knative-serving/knative-local-gateway',
  });
});

test('deployment-mode-spelling: Standard on 0.15, a legacy annotation on 0.16.0; Knative on an unknown version is not checked', async () => {
  const state = cluster();
  (state['kserve-configmaps.yaml']!.items as Doc[])[0] = inferenceserviceConfig({ deploy: 'Standard' });
  await expectFinding(writeTree(state), {
    rule: 'deployment-mode-spelling',
    key: 'data.deploy.defaultDeploymentMode',
    actual: 'Standard',
    expected: 'RawDeployment',
    fixMentions: ['invalid deployment mode'],
  });

  const v016 = cluster();
  v016['kserve-controller.yaml'] = deployment('kserve-controller-manager', 'kserve', { 'control-plane': 'kserve-controller-manager' }, 'kserve/kserve-controller:v0.16.0');
  v016['inferenceservices.yaml']!.items.push(isvc('raw-model', 'online-serving', { 'serving.kserve.io/deploymentMode': 'RawDeployment' }));
  const f = await expectFinding(writeTree(v016), {
    rule: 'deployment-mode-spelling',
    key: 'metadata.annotations.serving.kserve.io/deploymentMode',
    actual: 'RawDeployment',
    expected: 'Standard',
    object: 'InferenceService online-serving/raw-model',
  });
  assert.match(f.expectedFrom ?? '', /^KServe 0\.16\.0 /);

  // Knative is right from 0.16 and wrong before: without the version, not checked, with the command that tells.
  const unknown = await checkJson([writeTree({ 'cm.yaml': inferenceserviceConfig({ deploy: 'Knative' }) })]);
  assert.equal(unknown.report.findings.filter((x) => x.rule === 'deployment-mode-spelling'), []);
  const u = unknown.report.unchecked.find((x) => x.rules.includes('deployment-mode-spelling'));
  assert.ok(u, JSON.stringify(unknown.report.unchecked));
  assert.match(u!.reason, /^Knative is a mode spelling only KServe 0\.16\.0-rc0 and later accept/);
  assert.equal(u!.collect, ['kubectl get deployment kserve-controller-manager -n kserve -o yaml > cluster-state/kserve-controller.yaml']);
  assert.is(unknown.code, 0);
  const typo = { 'cm.yaml': inferenceserviceConfig({ deploy: 'serverless' }) };
  await expectFinding(writeTree(typo), {
    rule: 'deployment-mode-spelling',
    key: 'data.deploy.defaultDeploymentMode',
    actual: 'serverless',
    expected: 'Serverless, RawDeployment or ModelMesh (or Knative, Standard from KServe 0.16)',
  });
});

test('ca-bundle-configmap-missing and ca-bundle-key-missing', async () => {
  const state = cluster();
  (state['kserve-configmaps.yaml']!.items as Doc[])[0] = inferenceserviceConfig({ storage: { caBundleConfigMapName: 'kserve-ca-bundle' } });
  await expectFinding(writeTree(state), {
    rule: 'ca-bundle-configmap-missing',
    key: 'data.storageInitializer.caBundleConfigMapName',
    actual: 'kserve-ca-bundle',
    expected: 'a ConfigMap in namespace kserve with key cabundle.crt',
    fixMentions: ['kubectl create configmap kserve-ca-bundle -n kserve --from-file=cabundle.crt='],
  });
  (state['kserve-configmaps.yaml']!.items as Doc[]).push({
    apiVersion: 'v1',
    data: { 'ca.crt': '-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n' },
    kind: 'ConfigMap',
    metadata: meta('kserve-ca-bundle', 'kserve'),
  });
  const f = await expectFinding(writeTree(state), {
    rule: 'ca-bundle-key-missing',
    key: 'data.cabundle.crt',
    actual: 'keys ca.crt',
    expected: 'cabundle.crt',
    object: 'ConfigMap kserve/kserve-ca-bundle',
  });
  assert.is(f.expectedFrom, 'ConfigMap kserve/inferenceservice-config data.storageInitializer.caBundleConfigMapName');
});

test('offline-image-registry: images outside registries-skipping-tag-resolving once a mirror is listed', async () => {
  const state = cluster();
  const cms = state['knative-configmaps.yaml']!.items as Doc[];
  cms[1]!.data['registries-skipping-tag-resolving'] = 'kind.local,ko.local,dev.local,registry.internal:5000,docker.io';
  cms[1]!.data['queue-sidecar-image'] = 'registry.internal:5000/knative-releases/knative.dev/serving/cmd/queue:v1.15.2';
  state['kserve-controller.yaml'] = deployment('kserve-controller-manager', 'kserve', { 'control-plane': 'kserve-controller-manager' }, 'registry.internal:5000/kserve/kserve-controller:v0.15.2');
  (state['kserve-configmaps.yaml']!.items as Doc[])[0] = inferenceserviceConfig({ storage: { image: 'registry.internal:5000/kserve/storage-initializer:v0.15.2' }, raw: { agent: '{"image": "registry.internal:5000/kserve/agent:v0.15.2"}' } });
  state['inferenceservices.yaml']!.items.push(
    isvc('triton', 'online-serving', undefined, { containers: [{ name: 'kserve-container', image: 'nvcr.io/nvidia/tritonserver:24.01-py3' }] }),
    isvc('custom', 'online-serving', undefined, { containers: [{ name: 'kserve-container', image: 'python:3.11-slim' }] }),
  );
  const dir = writeTree(state);
  const f = await expectFinding(dir, {
    rule: 'offline-image-registry',
    key: 'spec.predictor.containers[0].image',
    actual: 'nvcr.io (nvcr.io/nvidia/tritonserver:24.01-py3)',
    expected: 'kind.local, ko.local, dev.local, registry.internal:5000, docker.io',
    object: 'InferenceService online-serving/triton',
    fixMentions: ['mirror nvcr.io/nvidia/tritonserver:24.01-py3 to registry.internal:5000', 'add nvcr.io to registries-skipping-tag-resolving'],
  });
  assert.is(f.expectedFrom, 'ConfigMap knative-serving/config-deployment data.registries-skipping-tag-resolving');
  // Docker Hub images are index.docker.io to Knative: "docker.io" in the list does not cover them.
  const hub = (await checkJson([dir])).report.findings.find((x) => x.object === 'InferenceService online-serving/custom');
  assert.ok(hub, 'the Docker Hub image is reported');
  assert.is(hub!.actual, 'index.docker.io (python:3.11-slim)');
  assert.ok(hub!.fix.includes('"docker.io" in the list does not match'), hub!.fix);
  assert.is((await checkJson([dir])).report.findings.length, 2, `the mirrored images pass: ${JSON.stringify((await checkJson([dir])).report.findings, null, 1)}`);
});

test('offline-image-registry: a mirrored KnativeServing without queue-sidecar-image, and --offline-registry', async () => {
  const state = cluster();
  const ks = (state['knativeserving.yaml']!.items as Doc[])[0]!;
  ks.spec.registry = { default: 'registry.internal:5000/knative-releases/knative.dev/serving/cmd/${NAME}:v1.15.2' };
  ks.spec.config.deployment = { 'registries-skipping-tag-resolving': 'kind.local,ko.local,dev.local,registry.internal:5000' };
  delete state['knative-configmaps.yaml']; // only the CR: what a generated folder holds
  state['kserve-controller.yaml'] = deployment('kserve-controller-manager', 'kserve', { 'control-plane': 'kserve-controller-manager' }, 'registry.internal:5000/kserve/kserve-controller:v0.15.2');
  (state['kserve-configmaps.yaml']!.items as Doc[])[0] = inferenceserviceConfig({ storage: { image: 'registry.internal:5000/kserve/storage-initializer:v0.15.2' }, raw: { agent: '{"image": "registry.internal:5000/kserve/agent:v0.15.2"}' } });
  await expectFinding(writeTree(state), {
    rule: 'offline-image-registry',
    key: 'spec.config.deployment.queue-sidecar-image',
    actual: "gcr.io (unset: Knative's default queue-proxy image)",
    expected: 'kind.local, ko.local, dev.local, registry.internal:5000',
    object: 'KnativeServing knative-serving/knative-serving',
    fixMentions: ['spec.registry does not reach it'],
  });
  // Online generated folder + an image from Docker Hub, checked against a mirror given on the command line.
  const folder = writeTree(new Map([...generate(at(loadShippedPreset('serverless-istio'), '0.15.2')).files, ['cluster-state/isvc.yaml', yaml.dump(list([isvc('iris', 'kserve-test', undefined, { containers: [{ name: 'c', image: 'kserve/sklearnserver:v0.15.2' }] })]))]]));
  assert.is((await check([folder])).code, 0, 'online: any registry is fine');
  await expectFinding([folder, '--offline-registry', 'registry.internal:5000/mirror'], {
    rule: 'offline-image-registry',
    key: 'spec.predictor.containers[0].image',
    actual: 'index.docker.io (kserve/sklearnserver:v0.15.2)',
    expected: 'registry.internal:5000, kind.local, ko.local, dev.local',
  });
});

// ---------------------------------------------------------------------------------------------
// Issue 22: what check used to miss, one finding per misconfiguration, partial input

/** A KServe 0.15.2 cluster whose every KServe and Knative image comes from the mirror registry.internal:5000. */
function mirroredCluster(): Record<string, Doc> {
  const state = cluster();
  const mirror = 'registry.internal:5000';
  state['kserve-controller.yaml'] = deployment('kserve-controller-manager', 'kserve', { 'control-plane': 'kserve-controller-manager' }, `${mirror}/kserve/kserve-controller:v0.15.2`);
  (state['kserve-configmaps.yaml']!.items as Doc[])[0] = inferenceserviceConfig({ storage: { image: `${mirror}/kserve/storage-initializer:v0.15.2` }, raw: { agent: `{"image": "${mirror}/kserve/agent:v0.15.2"}` } });
  const ks = (state['knativeserving.yaml']!.items as Doc[])[0]!;
  ks.spec.registry = { default: `${mirror}/knative-releases/knative.dev/serving/cmd/\${NAME}:v1.15.2` };
  const cms = state['knative-configmaps.yaml']!.items as Doc[];
  cms[1]!.data['queue-sidecar-image'] = `${mirror}/knative-releases/knative.dev/serving/cmd/queue:v1.15.2`;
  return state;
}

test('offline-tag-resolving: every image from a mirror that registries-skipping-tag-resolving lacks (inferred; --offline-registry does not hide it)', async () => {
  const dir = writeTree(mirroredCluster());
  const want = {
    rule: 'offline-tag-resolving' as const,
    key: 'data.registries-skipping-tag-resolving',
    actual: "(unset: Knative's default kind.local,ko.local,dev.local)",
    expected: 'a list with registry.internal:5000',
    object: 'ConfigMap knative-serving/config-deployment',
    fixMentions: ['add registry.internal:5000 to data.registries-skipping-tag-resolving (with the Knative Operator, set it in the KnativeServing', 'failed to resolve image to digest'],
  };
  const f = await expectFinding(dir, want);
  assert.match(f.expectedFrom ?? '', /^every KServe and Knative image in the input comes from a registry they are not published to \(e\.g\. /);
  // The mirror is the misconfiguration: one finding, not one per mirrored image. The KnativeServing
  // leaves the key unset, which does not touch the cluster's ConfigMap: not a place.
  const { report } = await checkJson([dir]);
  assert.equal(report.findings.map((x) => [x.rule, x.places.length]), [['offline-tag-resolving', 1]]);
  // Naming the mirror on the command line used to count it as listed.
  const flagged = await expectFinding([dir, '--offline-registry', 'registry.internal:5000'], want);
  assert.is(flagged.expectedFrom, '--offline-registry');
  // Listed: clean.
  const fixed = mirroredCluster();
  (fixed['knative-configmaps.yaml']!.items as Doc[])[1]!.data['registries-skipping-tag-resolving'] = 'kind.local,ko.local,dev.local,registry.internal:5000';
  for (const args of [[writeTree(fixed)], [writeTree(fixed), '--offline-registry', 'registry.internal:5000']]) {
    const clean = await checkJson(args);
    assert.equal(clean.report.findings, [], args.join(' '));
    assert.is(clean.code, 0);
  }
  // Online (images from their public registries): nothing to say.
  assert.equal((await checkJson([writeTree(cluster())])).report.findings, []);
});

test('offline-tag-resolving: a generated offline folder whose KnativeServing no longer lists the mirror, with and without its kserve-config.yaml', async () => {
  const files = generate(at(loadShippedPreset('offline-serverless'), '0.15.2')).files;
  assert.equal((await checkJson([writeTree(files)])).report.findings, [], 'as generated: clean');
  const edited = editYaml(files, manifest(files, 'KnativeServing', 'knative-serving'), (d) => (d.spec.config.deployment['registries-skipping-tag-resolving'] = 'kind.local,ko.local,dev.local'));
  const want = {
    rule: 'offline-tag-resolving' as const,
    key: 'spec.config.deployment.registries-skipping-tag-resolving',
    actual: 'kind.local,ko.local,dev.local',
    expected: 'a list with registry.example.internal:5000',
    object: 'KnativeServing knative-serving/knative-serving',
    fixMentions: ['add registry.example.internal:5000 to spec.config.deployment.registries-skipping-tag-resolving: '],
  };
  const f = await expectFinding(writeTree(edited), want);
  assert.match(f.expectedFrom ?? '', /kserve-config\.yaml offline\.registry$/);
  const bare = new Map(edited);
  bare.delete('kserve-config.yaml');
  const g = await expectFinding(writeTree(bare), want);
  assert.match(g.expectedFrom ?? '', /^every KServe and Knative image in the input comes from a registry they are not published to/);
});

test('version-drift: a folder for KServe 0.15.2 checked against a cluster running 0.14.1 and Knative 1.13', async () => {
  const state = cluster();
  state['kserve-controller.yaml'] = deployment('kserve-controller-manager', 'kserve', { 'control-plane': 'kserve-controller-manager' }, 'kserve/kserve-controller:v0.14.1');
  const ks = (state['knativeserving.yaml']!.items as Doc[])[0]!;
  ks.spec.version = '1.13.1';
  ks.status.version = '1.13.1';
  for (const cm of state['knative-configmaps.yaml']!.items as Doc[]) cm.metadata.labels['app.kubernetes.io/version'] = cm.metadata.name === 'config-istio' ? '1.13.0' : '1.13.1';
  const { code, report } = await checkJson([writeTree(new Map([...customFiles(), ...clusterStateFiles(state)]))]);
  assert.is(code, 1);
  const kserve = findingAt(report, 'version-drift', 'spec.template.spec.containers[0].image');
  assert.is(kserve.object, 'Deployment kserve/kserve-controller-manager');
  assert.is(kserve.actual, 'kserve/kserve-controller:v0.14.1');
  assert.is(kserve.expected, 'KServe 0.15.2');
  assert.match(kserve.expectedFrom ?? '', /the header of \S+kserve\.values\.yaml; \S+kserve-config\.yaml kserve\.version$/);
  assert.ok(kserve.fix.includes('--set kserve.version=0.14.1'), kserve.fix);
  const knative = findingAt(report, 'version-drift', 'status.version');
  assert.is(knative.expected, 'Knative Serving 1.15 (1.15.2)');
  assert.equal(
    placesOf(knative),
    [
      ['ConfigMap knative-serving/config-deployment', 'metadata.labels.app.kubernetes.io/version', '1.13.1'],
      ['ConfigMap knative-serving/config-istio', 'metadata.labels.app.kubernetes.io/version', '1.13.0'],
      ['KnativeServing knative-serving/knative-serving', 'status.version', '1.13.1'],
    ],
  );
  assert.match(knative.expectedFrom ?? '', /knativeserving-knative-serving\.yaml spec\.version/);
  assert.is(report.findings.filter((f) => f.rule === 'version-drift').length, 2);
  // The running versions alone drift from nothing.
  assert.equal((await checkJson([writeTree(state)])).report.findings.filter((f) => f.rule === 'version-drift'), []);
  // The same versions: no drift (Knative by minor: net-istio's patch numbers are its own).
  assert.equal((await checkJson([writeTree(new Map([...customFiles(), ...clusterStateFiles()]))])).report.findings, []);
});

test('gateway-selector-unmatched: the ingress gateway Deployment deleted (or scaled to zero) while its Service stays; only gateway pods are candidates', async () => {
  const withoutGateway = (change: (gateway: Doc) => Doc | undefined) => {
    const state = cluster();
    const items = state['gateway-pods.yaml']!.items as Doc[];
    const gateway = items.find((o) => o.kind === 'Deployment' && o.metadata.name === 'istio-ingressgateway')!;
    const changed = change(gateway);
    state['gateway-pods.yaml']!.items = [
      ...items.filter((o) => o !== gateway),
      ...(changed ? [changed] : []),
      deployment('istiod', 'istio-system', { app: 'istiod', istio: 'pilot' }, 'docker.io/istio/pilot:1.23.2', 'discovery'),
    ];
    return state;
  };
  const deleted = withoutGateway(() => undefined);
  const scaledDown = withoutGateway((g) => ({ ...g, spec: { ...g.spec, replicas: 0 } }));
  for (const dir of [writeTree(deleted), writeTree(scaledDown), writeTree(new Map([...customFiles(), ...clusterStateFiles(deleted)]))]) {
    const f = await expectFinding(dir, {
      rule: 'gateway-selector-unmatched',
      key: 'spec.selector',
      actual: 'istio=ingressgateway',
      expected: 'running gateway pods with app=istio-ingressgateway,istio=ingressgateway',
      object: 'Gateway knative-serving/knative-ingress-gateway',
      fixMentions: ['helm install istio-ingressgateway istio/gateway -n istio-system', '(app=custom-local-gateway,istio=custom-local-gateway)'],
    });
    assert.is(f.expectedFrom, 'Service istio-system/istio-ingressgateway spec.selector');
    assert.not.match(f.fix, /istiod|pilot|control-plane/);
  }
  // Without the Service either: the gateway pods that run are the candidates, not istiod, not the KServe controller.
  const bare = withoutGateway(() => undefined);
  bare['gateway-pods.yaml']!.items = (bare['gateway-pods.yaml']!.items as Doc[]).filter((o) => !(o.kind === 'Service' && o.metadata.name === 'istio-ingressgateway'));
  bare['kserve-controller.yaml']!.metadata.namespace = 'istio-system';
  await expectFinding(writeTree(bare), {
    rule: 'gateway-selector-unmatched',
    key: 'spec.selector',
    actual: 'istio=ingressgateway',
    expected: 'app=custom-local-gateway,istio=custom-local-gateway',
    object: 'Gateway knative-serving/knative-ingress-gateway',
  });
});

test('one misconfiguration is one finding: KServe (values and live ConfigMap) names another local gateway than Knative (KnativeServing and config-istio)', async () => {
  const files = editYaml(customFiles(), VALUES, (d) => {
    d.kserve.controller.gateway.localGateway.gateway = 'knative-serving/knative-local-gateway';
    d.kserve.controller.gateway.localGateway.gatewayService = 'knative-local-gateway.istio-system.svc.cluster.local';
  });
  const state = cluster();
  (state['kserve-configmaps.yaml']!.items as Doc[])[0] = inferenceserviceConfig({ ingress: { localGateway: 'knative-serving/knative-local-gateway', localGatewayService: 'knative-local-gateway.istio-system.svc.cluster.local' } });
  const dir = writeTree(new Map([...files, ...clusterStateFiles(state)]));
  const { code, report } = await checkJson([dir]);
  assert.is(code, 1);
  assert.is(report.findings.length, 1, JSON.stringify(report.findings.map((f) => [f.rule, f.places.map((p) => p.key)])));
  const f = report.findings[0]!;
  assert.is(f.rule, 'local-gateway-mismatch');
  assert.equal(
    placesOf(f),
    [
      ['ConfigMap kserve/inferenceservice-config', 'data.ingress.localGateway', 'knative-serving/knative-local-gateway'],
      ['ConfigMap kserve/inferenceservice-config', 'data.ingress.localGatewayService', 'knative-local-gateway.istio-system.svc.cluster.local'],
      ['Helm values (kserve chart)', 'kserve.controller.gateway.localGateway.gateway', 'knative-serving/knative-local-gateway'],
      ['Helm values (kserve chart)', 'kserve.controller.gateway.localGateway.gatewayService', 'knative-local-gateway.istio-system.svc.cluster.local'],
    ],
  );
  assert.is(f.expected, 'istio-system/custom-local-gateway (Service custom-local-gateway.istio-system.svc.cluster.local)');
  assert.is(f.expectedFrom, 'ConfigMap knative-serving/config-istio data.local-gateways[0]; KnativeServing knative-serving/knative-serving spec.config.istio.local-gateways[0]');
  assert.ok(f.fix.includes('set name: knative-local-gateway, namespace: knative-serving, service: knative-local-gateway.istio-system.svc.cluster.local in ConfigMap knative-serving/config-istio data.local-gateways[0]'), f.fix);
  const text = (await check([dir])).stdout;
  assert.is(text.match(/^error /gm)?.length, 1, text);
  assert.match(text, /\n {2}key {7}data\.ingress\.localGatewayService\n {2}actual {4}knative-local-gateway\.istio-system\.svc\.cluster\.local\n {2}also {6}Helm values \(kserve chart\)\n {2}file {6}\S+kserve\.values\.yaml\n/);
});

test('local-gateway-mismatch with config-istio in the legacy format: the fix renames the key, which names the gateway', async () => {
  const state = cluster();
  const legacy = { 'local-gateway.istio-system.custom-local-gateway': 'custom-local-gateway.istio-system.svc.cluster.local', 'gateway.knative-serving.knative-ingress-gateway': 'istio-ingressgateway.istio-system.svc.cluster.local' };
  (state['knativeserving.yaml']!.items as Doc[])[0]!.spec.config.istio = { ...legacy };
  (state['knative-configmaps.yaml']!.items as Doc[])[0]!.data = { _example: '# (example block elided)\n', ...legacy };
  (state['kserve-configmaps.yaml']!.items as Doc[])[0] = inferenceserviceConfig({ ingress: { localGateway: 'istio-system/team-gateway' } });
  state['istio-gateways.yaml']!.items.push(istioGateway('team-gateway', 'istio-system', { istio: 'custom-local-gateway' }, 8081, ['*']));
  const f = await expectFinding(writeTree(state), {
    rule: 'local-gateway-mismatch',
    key: 'data.ingress.localGateway',
    actual: 'istio-system/team-gateway',
    expected: 'istio-system/custom-local-gateway',
    fixMentions: [
      'set data.ingress.localGateway to "istio-system/custom-local-gateway"',
      'rename the key data.local-gateway.istio-system.custom-local-gateway of ConfigMap knative-serving/config-istio to data.local-gateway.istio-system.team-gateway (the key names the gateway, its value the Service)',
      'rename the key spec.config.istio.local-gateway.istio-system.custom-local-gateway of KnativeServing knative-serving/knative-serving to spec.config.istio.local-gateway.istio-system.team-gateway',
    ],
  });
  assert.equal(f.places.length, 1, 'the Service agrees: only the gateway key');
  assert.not.match(f.fix, /set \S*local-gateway\.istio-system\.custom-local-gateway to/);
});

test('partial input: rules that lack their input are listed as not checked, with the command; exit 0 when everything checkable agrees', async () => {
  // What README's by-hand list used to collect: no controller, no gateway pods, no InferenceServices.
  const state = cluster();
  delete state['kserve-controller.yaml'];
  delete state['gateway-pods.yaml'];
  delete state['inferenceservices.yaml'];
  const { code, report } = await checkJson([writeTree(state)]);
  assert.equal(report.findings, []);
  assert.is(code, 0);
  const byRule = (rule: string) => report.unchecked.find((u) => u.rules.includes(rule));
  assert.equal(byRule('gateway-selector-unmatched')?.collect, ['kubectl get deployments,daemonsets,statefulsets,services -n istio-system -o yaml > cluster-state/gateway-pods.yaml']);
  assert.equal(byRule('local-gateway-hosts')?.collect, ['kubectl get inferenceservices -A -o yaml > cluster-state/inferenceservices.yaml']);
  // Missing Istio Gateways are judged the same way as missing pods: not checked, rather than an error.
  const noGateways = cluster();
  delete noGateways['istio-gateways.yaml'];
  const partial = await checkJson([writeTree(noGateways)]);
  assert.equal(partial.report.findings, []);
  assert.is(partial.code, 0);
  assert.equal(partial.report.unchecked.find((u) => u.rules.includes('istio-gateway-missing'))?.collect, ['kubectl get gateways.networking.istio.io -A -o yaml > cluster-state/istio-gateways.yaml']);
  // What the input does show is still checked: a wrong gateway in the same partial input fails.
  (state['kserve-configmaps.yaml']!.items as Doc[])[0] = inferenceserviceConfig({ ingress: { ingressGateway: 'knative-serving/public-gateway' } });
  assert.is((await checkJson([writeTree(state)])).code, 1);
  // Every command a hint names is one INSTALL.md gives.
  const install = generate(at(CUSTOM, '0.15.2')).files.get('INSTALL.md')!;
  for (const u of [...report.unchecked, ...partial.report.unchecked]) for (const c of u.collect) assert.ok(install.includes(c), c);
});

test("INSTALL.md's, README's and --help's kubectl lists are exactly the commands check reads (src/check/collect.ts)", async () => {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Check a cluster or a folder'), readme.indexOf('## Scenario guides'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!.split('\n');
  assert.equal(block.filter((l) => l.startsWith('kubectl ') || l.startsWith('# ')), checkCommands(GENERIC_SCOPE));
  assert.ok(block.includes(`mkdir -p ${GENERIC_SCOPE.dir}`));
  const help = (await check(['--help'])).stdout;
  for (const c of checkCommands(GENERIC_SCOPE)) assert.ok(help.includes(`\n  ${c}\n`), c);
  // INSTALL.md: the files its commands write are those of a complete cluster-state, and with them nothing is left unchecked.
  const commands = (files: Map<string, string>) => {
    const install = files.get('INSTALL.md')!;
    const step = install.slice(install.indexOf('### Check the layers agree'));
    return /```sh\n([\s\S]*?)```/.exec(step)![1]!.split('\n').filter((l) => l.startsWith('kubectl '));
  };
  const custom = commands(customFiles());
  assert.equal(custom.map((c) => c.replace(/^.* > cluster-state\//, '')).sort(), Object.keys(cluster()).sort());
  assert.equal((await checkJson([writeTree(new Map([...customFiles(), ...clusterStateFiles()]))])).report.unchecked, []);
  const kong = commands(kongFiles()).join('\n');
  assert.match(kong, /gateway-api-crds\.yaml/);
  assert.not.match(kong, /knative|istio/);
  const mesh = commands(generate({ kserve: { version: '0.15.2' } }, ['ingress.istio.localGateway=mesh/private-gw', 'ingress.istio.localGatewayService=private-gw.mesh.svc.cluster.local', 'ingress.istio.localGatewaySelector.app=private-gw']).files);
  assert.ok(mesh.includes('kubectl get deployments,daemonsets,statefulsets,services -n mesh -o yaml > cluster-state/gateway-pods-mesh.yaml'), mesh.join('\n'));
});

test('kserve-config-invalid: a section of inferenceservice-config that is not JSON', async () => {
  const state = cluster();
  (state['kserve-configmaps.yaml']!.items as Doc[])[0] = inferenceserviceConfig({ raw: { ingress: '{\n  "ingressGateway": "knative-serving/knative-ingress-gateway",\n}' } });
  const { report } = await checkJson([writeTree(state)]);
  const f = findingAt(report, 'kserve-config-invalid', 'data.ingress');
  assert.match(f.actual, /^invalid JSON \(/);
  assert.is(f.expected, 'a JSON object');
  assert.ok(f.fix.includes('kubectl edit configmap inferenceservice-config -n kserve'));
});

test('every rule has a broken variant above', async () => {
  // The Gateway API and LLM rules (rules-gateway-api.ts, rules-llm.ts) are shown broken in their own test files.
  const source = ['check.test.ts', 'check-gateway-api.test.ts', 'check-llm.test.ts'].map((f) => readFileSync(path.join(REPO_ROOT, 'test', f), 'utf8')).join('\n');
  for (const rule of Object.keys(RULES)) assert.ok(source.includes(`rule: '${rule}'`) || source.includes(`'${rule}', '`), `a test for ${rule}`);
});

// ---------------------------------------------------------------------------------------------
// Input forms, report formats, exit codes

test('input: multi-document YAML, kubectl JSON, stdin, duplicated paths read once', async () => {
  const state = cluster();
  const docs = [...(state['istio-gateways.yaml']!.items as Doc[]), (state['kserve-configmaps.yaml']!.items as Doc[])[0]!];
  const multi = writeTree({ 'multi.yaml': docs });
  const json = path.join(tempDir(), 'state.json');
  writeFileSync(json, JSON.stringify(list(docs), null, 4));
  for (const input of [path.join(multi, 'multi.yaml'), json]) {
    const { code, report } = await checkJson([input]);
    assert.is(code, 0, JSON.stringify(report.findings));
    assert.is(report.inputs.objects, 4);
  }
  const stdin = await check(['-', '--format', 'json'], yaml.dump(list(docs)));
  assert.is(stdin.code, 0);
  assert.equal((JSON.parse(stdin.stdout) as JsonReport).inputs.files, ['<stdin>']);
  const twice = await checkJson([multi, path.join(multi, 'multi.yaml')]);
  assert.is(twice.report.inputs.files.length, 1);
});

test('json report: stable shape for CI', async () => {
  const files = editYaml(customFiles(), VALUES, (d) => (d.kserve.controller.gateway.localGateway.gateway = 'istio-system/team-gateway'));
  const { code, report } = await checkJson([writeTree(files)]);
  assert.is(code, 1);
  assert.equal(Object.keys(report), ['ok', 'errors', 'warnings', 'kserveVersion', 'inputs', 'findings', 'unchecked']);
  assert.is(report.ok, false);
  assert.is(report.errors, report.findings.filter((f) => f.severity === 'error').length);
  assert.equal(report.kserveVersion!.version, '0.15.2');
  for (const f of report.findings) {
    assert.equal(Object.keys(f), ['rule', 'severity', 'object', 'file', 'key', 'actual', 'places', 'expected', 'expectedFrom', 'fix']);
    assert.ok(f.rule in RULES, f.rule);
    // object/file/key/actual repeat the first place, for readers of one object per finding.
    assert.equal({ object: f.object, file: f.file, key: f.key, actual: f.actual }, f.places[0]);
    for (const p of f.places) assert.equal(Object.keys(p), ['object', 'file', 'key', 'actual']);
  }
  // A folder alone: the versions the cluster runs are not in it.
  assert.equal(report.unchecked.map((u) => u.rules), [['version-drift'], ['version-drift']]);
  for (const u of report.unchecked) {
    assert.equal(Object.keys(u), ['rules', 'reason', 'collect']);
    for (const c of u.collect) assert.match(c, /^kubectl get .* -o yaml > cluster-state\/\S+\.yaml$/);
  }
});

test('text report: each finding with object, key, both values and fix, then what was read', async () => {
  const files = editYaml(customFiles(), VALUES, (d) => (d.kserve.controller.gateway.localGateway.gateway = 'istio-system/team-gateway'));
  const r = await check([writeTree(files)]);
  assert.is(r.code, 1);
  assert.match(r.stdout, /^error local-gateway-mismatch: Helm values \(kserve chart\)\n {2}file {6}\S+kserve\.values\.yaml\n {2}key {7}kserve\.controller\.gateway\.localGateway\.gateway\n {2}actual {4}istio-system\/team-gateway\n {2}expected {2}istio-system\/custom-local-gateway\n {12}\(from KnativeServing knative-serving\/knative-serving spec\.config\.istio\.local-gateways\[0\]\)\n {2}fix {7}\S/m);
  assert.match(r.stdout, /Read \d+ files \(\d+ objects\): 1 KServe configuration, 1 Knative gateway configuration, 1 Istio Gateway, /);
  assert.match(r.stdout, /\n\d+ errors?, 0 warnings\. 1 rule not checked \(see above\)\.\n$/);
  assert.match(
    r.stdout,
    /\nNot checked \(the input lacks what these rules need; collect it and run check again\):\n {2}version-drift: the KServe version the cluster runs is not in the input .*\n {4}kubectl get deployment kserve-controller-manager -n kserve -o yaml > cluster-state\/kserve-controller\.yaml\n/,
  );
  const ok = await check([writeTree(customFiles())]);
  assert.is(ok.code, 0);
  assert.match(ok.stdout, /KServe 0\.15\.2 \(from the header of \S+kserve\.values\.yaml\)\.\nNo inconsistencies found in what the input shows; 1 rule not checked \(see above\)\.\n$/);
  const complete = await check([writeTree(new Map([...customFiles(), ...clusterStateFiles()]))]);
  assert.is(complete.code, 0, complete.stdout);
  assert.match(complete.stdout, /\nNo inconsistencies found\.\n$/);
  assert.not.match(complete.stdout, /Not checked/);
});

test('unreadable input exits 2 with one error line: missing path, invalid YAML, empty file, no YAML, nothing recognisable, bad flags', async () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'bad.yaml'), 'kind: ConfigMap\nmetadata:\n  name: x\n   namespace: y\n');
  writeFileSync(path.join(dir, 'empty.yaml'), '# kubectl failed\n');
  writeFileSync(path.join(dir, 'notes.txt'), 'hello');
  writeFileSync(path.join(dir, 'other.yaml'), 'just: a mapping\n');
  mkdirSync(path.join(dir, 'noyaml'));
  const cases: [string[], RegExp][] = [
    [[path.join(dir, 'missing')], /^error: \S+missing: no such file or folder — /],
    [[path.join(dir, 'bad.yaml')], /^error: \S+bad\.yaml: invalid YAML at line 4, column \d+: .+ — /],
    [[path.join(dir, 'empty.yaml')], /^error: \S+empty\.yaml: is empty — the command that wrote it probably failed/],
    [[path.join(dir, 'noyaml')], /^error: \S+noyaml: holds no \.yaml, \.yml or \.json files — /],
    [[path.join(dir, 'other.yaml')], /^error: \S+other\.yaml: holds no Kubernetes objects or Helm values — /],
    [[], /^error: check: no input given — /],
    [['--format', 'xml', dir], /^error: --format: "xml" is not a report format — use --format text or --format json/],
    [['--bogus', dir], /^error: --bogus: /],
  ];
  for (const [args, line] of cases) {
    const r = await check(args);
    assert.is(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.is(r.stdout, '');
    assert.match(r.stderr, line);
    assert.is(r.stderr.split('\n').length, 2, `one line: ${r.stderr}`);
  }
});

test('help lists every rule; the main CLI routes `check` and mentions it', async () => {
  const r = await check(['--help']);
  assert.is(r.code, 0);
  for (const rule of Object.keys(RULES)) assert.ok(r.stdout.includes(rule), rule);
  let out = '';
  assert.is(await main(['check', '--help'], { ...quietIo, stdout: (t) => (out += t) }), 0);
  assert.ok(out.startsWith('Usage: create-kserve-config check PATH...'));
});

test('image registries as Knative compares them', async () => {
  assert.is(imageRegistry('python:3.11'), 'index.docker.io');
  assert.is(imageRegistry('kserve/sklearnserver:v0.15.2'), 'index.docker.io');
  assert.is(imageRegistry('docker.io/library/python'), 'index.docker.io');
  assert.is(imageRegistry('localhost/x'), 'localhost');
  assert.is(imageRegistry('registry.internal:5000/a/b@sha256:00'), 'registry.internal:5000');
  assert.is(imageRegistry('GCR.io/x'), 'gcr.io');
  assert.is(imageRegistry('auto'), undefined);
  assert.is(imageRegistry('ko://knative.dev/serving/cmd/queue'), undefined);
});

test('spawned CLI: exit 0 on a generated folder, 1 on a broken one, 2 on unreadable input, stdin', async () => {
  const good = writeTree(kongFiles());
  const ok = runCli(['check', good]);
  assert.is(ok.code, 0, ok.stderr);
  // A folder alone: consistent; the KServe version the cluster runs and its Gateway API CRDs are not in it.
  assert.ok(ok.stdout.endsWith('No inconsistencies found in what the input shows; 2 rules not checked (see above).\n'), ok.stdout);
  assert.match(ok.stdout, /\n {2}version-drift: .*\n.*\n {2}gateway-api-version: /);
  const broken = writeTree(editYaml(kongFiles(), VALUES, (d) => (d.kserve.controller.gateway.ingressGateway.kserveGateway = 'kserve/kong-gateway')));
  const bad = runCli(['check', '--format', 'json', broken]);
  assert.is(bad.code, 1, bad.stderr);
  assert.is((JSON.parse(bad.stdout) as JsonReport).findings[0]!.rule, 'gateway-api-gateway-missing');
  const missing = runCli(['check', 'no-such-dir']);
  assert.is(missing.code, 2);
  assert.is(missing.stderr, 'error: no-such-dir: no such file or folder — check the path; save cluster state with `kubectl get ... -o yaml > FILE`, or pass a folder written by create-kserve-config\n');
  const stdin = runCli(['check', '-'], { input: yaml.dump(cluster()['istio-gateways.yaml']) });
  assert.is(stdin.code, 0, stdin.stderr);
});

test('json report: a folder\'s files in code-point order, whatever the locale', () => {
  const dir = tempDir();
  const names = ['a.yaml', 'B.yaml', '_c.yaml', 'Z.yaml', 'é.yaml', '10.yaml', '9.yaml'];
  for (const name of names) writeFileSync(path.join(dir, name), yaml.dump({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: name.split('.')[0], namespace: 'x' } }));
  const expected = [...names].sort().map((n) => path.join(dir, n)); // Array.prototype.sort: UTF-16 code units
  assert.equal(expected.map((f) => path.basename(f)), ['10.yaml', '9.yaml', 'B.yaml', 'Z.yaml', '_c.yaml', 'a.yaml', 'é.yaml']);
  for (const locale of ['C', 'en_US.UTF-8', 'sv_SE.UTF-8', 'de_DE.UTF-8']) {
    const r = runCli(['check', dir, '--format', 'json'], { env: { LC_ALL: locale, LANG: locale } });
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    assert.equal((JSON.parse(r.stdout) as JsonReport).inputs.files, expected, locale);
  }
});

test.run();
