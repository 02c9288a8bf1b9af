/**
 * `check` for the LLMInferenceService stack (src/check/rules-llm.ts): generated LLM folders check
 * clean, and each rule fires on a broken variant (an edited folder, or cluster state as
 * `kubectl get -o yaml` prints it) with the key, both values and a fix.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import yaml from 'js-yaml';
import { runCheck } from '../src/check/index.js';
import { writeFiles } from './support/cli.js';
import { generate } from './support/generate.js';

type Doc = Record<string, any>;
interface Finding {
  rule: string;
  severity: string;
  object: string;
  key: string;
  actual: string;
  expected: string;
  fix: string;
}

async function check(dirs: string[]): Promise<{ code: number; findings: Finding[]; unchecked: { rules: string[]; collect: string[] }[] }> {
  let out = '';
  const code = await runCheck([...dirs, '--format', 'json'], { stdout: (t) => (out += t), stderr: (t) => assert.unreachable(t), readStdin: () => '' });
  const report = JSON.parse(out) as { findings: (Omit<Finding, 'object' | 'key' | 'actual'> & { places: { object: string; key: string; actual: string }[] })[]; unchecked: { rules: string[]; collect: string[] }[] };
  return { code, findings: report.findings.flatMap(({ places, ...f }) => places.map((p) => ({ ...f, ...p }))), unchecked: report.unchecked };
}

const writeTree = writeFiles;

/** Cluster state files: each a kubectl List. */
function clusterState(objects: Record<string, Doc[]>): string {
  return writeTree(new Map(Object.entries(objects).map(([file, items]) => [file, yaml.dump({ apiVersion: 'v1', kind: 'List', items })])));
}

/** The one finding of `rule` at `key`, with a fix worth reading. */
function only(findings: Finding[], rule: string, key: string): Finding {
  const hits = findings.filter((f) => f.rule === rule && f.key === key);
  assert.is(hits.length, 1, `one ${rule} at ${key}; got ${JSON.stringify(findings.map((f) => [f.rule, f.key, f.actual]))}`);
  assert.ok(hits[0]!.fix.length > 40, hits[0]!.fix);
  return hits[0]!;
}

const meta = (name: string, namespace?: string) => ({ name, ...(namespace ? { namespace } : {}), uid: `uid-${name}` });
const crd = (name: string): Doc => ({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: meta(name) });
const ingressConfig = (gateway: string): Doc => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: meta('inferenceservice-config', 'kserve'),
  data: { ingress: JSON.stringify({ enableGatewayApi: false, kserveIngressGateway: gateway, ingressGateway: 'knative-serving/knative-ingress-gateway' }), deploy: JSON.stringify({ defaultDeploymentMode: 'Standard' }) },
});
const llmController: Doc = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('llmisvc-controller-manager', 'kserve'), spec: { template: { spec: { containers: [{ name: 'manager', image: 'kserve/llmisvc-controller:v0.20.0' }] } } } };
const gateway = (className: string): Doc => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: meta('kserve-ingress-gateway', 'kserve'),
  spec: { gatewayClassName: className, listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }] },
});
const gatewayClass = (name: string, controllerName: string): Doc => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'GatewayClass',
  metadata: meta(name),
  spec: { controllerName },
  status: { conditions: [{ type: 'Accepted', status: 'True' }] },
});

const llmFolder = (version: string, extra: Record<string, unknown> = {}) =>
  generate({ kserve: { version }, deploymentMode: 'Standard', llm: { enabled: true }, ingress: { provider: 'envoy' }, ...extra }).files;

test('LLM folders check clean: envoy and istio, with and without predictive InferenceServices, online and offline', async () => {
  const cases: Record<string, unknown>[] = [
    {},
    { offline: { enabled: true, registry: 'mirror.local:5000' } },
    { deploymentMode: 'Serverless', ingress: { provider: 'istio', gatewayApi: true } },
    { llm: { enabled: true, predictive: false, multiNode: true }, ingress: { provider: 'istio', gatewayApi: true } },
  ];
  for (const version of ['0.16.0', '0.17.1', '0.19.0', '0.20.0']) {
    for (const extra of cases) {
      if (version === '0.16.0' && (extra.llm as { predictive?: boolean } | undefined)?.predictive === false) continue;
      const { code, findings, unchecked } = await check([writeTree(llmFolder(version, extra))]);
      assert.equal(findings, [], `${version} ${JSON.stringify(extra)}`);
      assert.is(code, 0);
      // The CRDs come from a URL: only the cluster can show them.
      assert.ok(unchecked.some((u) => u.rules.includes('llm-inferencepool-crds')), 'the InferencePool CRDs are not checked from a folder');
    }
  }
});

test('llm-shared-resources: kserve-resources and kserve-llmisvc-resources both render inferenceservice-config', async () => {
  const files = new Map(llmFolder('0.20.0'));
  const values = 'helm/kserve-llmisvc-resources.values.yaml';
  files.set(values, files.get(values)!.replace('createSharedResources: false', 'createSharedResources: true'));
  const { code, findings } = await check([writeTree(files)]);
  assert.is(code, 1);
  const f = only(findings, 'llm-shared-resources', 'kserve.createSharedResources');
  assert.is(f.expected, 'false');
  assert.match(f.fix, 'exists and cannot be imported');
});

test('llm-gateway-inferencepool: Envoy Gateway without Envoy AI Gateway\'s backendResources, and a Kong class', async () => {
  const files = new Map(llmFolder('0.19.0'));
  const values = 'helm/envoy-gateway.values.yaml';
  const doc = yaml.load(files.get(values)!) as Doc;
  delete doc.config.envoyGateway.extensionManager.backendResources;
  files.set(values, `# Helm values for Envoy Gateway's gateway-helm chart v1.7.0\n${yaml.dump(doc)}`);
  const { findings } = await check([writeTree(files)]);
  const f = only(findings, 'llm-gateway-inferencepool', 'config.envoyGateway.extensionManager.backendResources');
  assert.is(f.actual, '(none)');

  const kong = clusterState({
    'kserve-configmaps.yaml': [ingressConfig('kserve/kserve-ingress-gateway')],
    'llmisvc-controller.yaml': [llmController],
    'gateway-api.yaml': [gateway('kong'), gatewayClass('kong', 'konghq.com/kic-gateway-controller')],
  });
  const k = only((await check([kong])).findings, 'llm-gateway-inferencepool', 'spec.gatewayClassName');
  assert.match(k.fix, 'Kong has no InferencePool');
});

test('llm-istiod-inference-extension: istiod without ENABLE_GATEWAY_API_INFERENCE_EXTENSION; not checked without istiod', async () => {
  const istiod = (env: Doc[]): Doc => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('istiod', 'istio-system'), spec: { template: { spec: { containers: [{ name: 'discovery', env }] } } } });
  const state = (env: Doc[] | null) =>
    clusterState({
      'kserve-configmaps.yaml': [ingressConfig('kserve/kserve-ingress-gateway')],
      'llmisvc-controller.yaml': [llmController],
      'gateway-api.yaml': [gateway('istio'), gatewayClass('istio', 'istio.io/gateway-controller')],
      ...(env ? { 'istiod.yaml': [istiod(env)] } : {}),
    });
  const off = await check([state([{ name: 'PILOT_TRACE_SAMPLING', value: '1' }])]);
  const f = only(off.findings, 'llm-istiod-inference-extension', 'spec.template.spec.containers[discovery].env.ENABLE_GATEWAY_API_INFERENCE_EXTENSION');
  assert.is(f.actual, '(unset: false)');
  assert.is(f.expected, 'true');
  assert.match(f.fix, 'pilot.env.ENABLE_GATEWAY_API_INFERENCE_EXTENSION=true');
  const on = await check([state([{ name: 'ENABLE_GATEWAY_API_INFERENCE_EXTENSION', value: 'true' }])]);
  assert.not.ok(on.findings.some((x) => x.rule === 'llm-istiod-inference-extension'));
  const none = await check([state(null)]);
  assert.ok(none.unchecked.some((u) => u.rules.includes('llm-istiod-inference-extension') && u.collect.some((c) => c.includes('deployment istiod'))));
});

test('llm-inferencepool-crds: the x-k8s.io InferencePool missing (GIE v1.5 own CRDs), both present is clean', async () => {
  const state = (names: string[]) => clusterState({ 'kserve-configmaps.yaml': [ingressConfig('kserve/kserve-ingress-gateway')], 'llmisvc-controller.yaml': [llmController], 'inference-extension-crds.yaml': names.map(crd) });
  const { findings } = await check([state(['inferencepools.inference.networking.k8s.io'])]);
  const f = only(findings, 'llm-inferencepool-crds', 'metadata.name');
  assert.is(f.object, 'CustomResourceDefinition inferencepools.inference.networking.x-k8s.io');
  assert.is(f.actual, 'not installed');
  const both = await check([state(['inferencepools.inference.networking.k8s.io', 'inferencepools.inference.networking.x-k8s.io'])]);
  assert.not.ok(both.findings.some((x) => x.rule === 'llm-inferencepool-crds'));
});

test('llm-gateway-missing: kserveIngressGateway names a Gateway nobody created (enableGatewayApi false: the LLM controller reads it anyway)', async () => {
  const state = clusterState({
    'kserve-configmaps.yaml': [ingressConfig('kserve/llm-gateway')],
    'llmisvc-controller.yaml': [llmController],
    'gateway-api.yaml': [gateway('envoy'), gatewayClass('envoy', 'gateway.envoyproxy.io/gatewayclass-controller')],
  });
  const { code, findings } = await check([state]);
  assert.is(code, 1);
  const f = only(findings, 'llm-gateway-missing', 'data.ingress.kserveIngressGateway');
  assert.is(f.actual, 'kserve/llm-gateway');
});

test.run();
