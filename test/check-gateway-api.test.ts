/**
 * `check` for the Gateway API layer (src/check/rules-gateway-api.ts): folders generated for every
 * provider check clean, and each rule fires on a broken variant (an edited folder, or cluster state
 * as `kubectl get -o yaml` prints it) with the key, both values and a fix.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import yaml from 'js-yaml';
import { runCheck } from '../src/check/index.js';
import { writeFiles } from './support/cli.js';
import { generate } from './support/generate.js';

type Doc = Record<string, any>;
interface Place {
  object: string;
  key: string;
  actual: string;
}
interface JsonFinding {
  rule: string;
  severity: 'error' | 'warning';
  places: Place[];
  expected: string;
  expectedFrom: string | null;
  fix: string;
}
/** A finding seen at one of its places. */
type Finding = Omit<JsonFinding, 'places'> & Place;

async function check(dirs: string[]): Promise<{ code: number; findings: Finding[] }> {
  let out = '';
  const code = await runCheck([...dirs, '--format', 'json'], { stdout: (t) => (out += t), stderr: (t) => assert.unreachable(t), readStdin: () => '' });
  const findings = (JSON.parse(out) as { findings: JsonFinding[] }).findings.flatMap(({ places, ...f }) => places.map((p) => ({ ...f, ...p })));
  return { code, findings };
}

const writeTree = writeFiles;

/** Edits the document of a generated file (its comment header, which names chart and version, is kept). */
function edit(files: Map<string, string>, match: RegExp, change: (d: Doc) => void): Map<string, string> {
  const file = [...files.keys()].find((p) => match.test(p));
  assert.ok(file, `a file matching ${match} among ${[...files.keys()].join(', ')}`);
  const text = files.get(file!)!;
  const header = text.split('\n').filter((l, i, all) => all.slice(0, i + 1).every((x) => x.startsWith('#'))).join('\n');
  const doc = yaml.load(text) as Doc;
  change(doc);
  return new Map(files).set(file!, `${header}\n${yaml.dump(doc, { lineWidth: -1 })}`);
}

function only(findings: Finding[], rule: string, key: string): Finding {
  const hits = findings.filter((f) => f.rule === rule && f.key === key);
  assert.is(hits.length, 1, `one ${rule} at ${key}; got ${JSON.stringify(findings.map((f) => [f.rule, f.key, f.actual]))}`);
  assert.ok(hits[0]!.fix.length > 40, hits[0]!.fix);
  return hits[0]!;
}

const folder = (provider: string, version: string, extra: Record<string, unknown> = {}) =>
  generate({ kserve: { version }, deploymentMode: 'Standard', ingress: { provider, ...(provider === 'istio' ? { gatewayApi: true } : {}), ...extra } }).files;
const GATEWAY = /^manifests\/\d+-gateway-/;
const GATEWAYCLASS = /^manifests\/\d+-gatewayclass-/;
const MAIN_VALUES = /^helm\/kserve(-resources)?\.values\.yaml$/;

test('folders for every provider and KServe line 0.15-0.20 check clean (also offline, a custom class, a Gateway elsewhere)', async () => {
  for (const version of ['0.15.0-rc0', '0.15.2', '0.16.0', '0.17.1', '0.18.1', '0.19.0', '0.20.0']) {
    for (const [provider, extra] of [
      ['envoy', {}],
      ['istio', {}],
      ['kong', {}],
      ['gatewayclass', { gateway: { className: 'gke-l7-regional-external-managed', name: 'gateways/models' } }],
      ['envoy', { gateway: { name: 'edge/models', className: 'envoy-models', listenerPort: 8080 } }],
      ['istio', { gateway: { className: 'istio-models' } }],
    ] as const) {
      const { code, findings } = await check([writeTree(folder(provider, version, extra))]);
      assert.equal(findings, [], `${provider} ${JSON.stringify(extra)} on ${version}`);
      assert.is(code, 0);
    }
  }
  const offline = generate({ kserve: { version: '0.17.1' }, deploymentMode: 'Standard', ingress: { provider: 'envoy' }, offline: { enabled: true, registry: 'registry.internal:5000' } });
  assert.equal((await check([writeTree(offline.files)])).findings, []);
});

test("gatewayclass-controller: the Gateway's class names another controller than the provider's", async () => {
  const files = edit(folder('envoy', '0.20.0'), GATEWAYCLASS, (d) => (d.spec.controllerName = 'example.com/gateway-controller'));
  const { code, findings } = await check([writeTree(files)]);
  const f = only(findings, 'gatewayclass-controller', 'spec.controllerName');
  assert.is(f.actual, 'example.com/gateway-controller');
  assert.is(f.expected, 'gateway.envoyproxy.io/gatewayclass-controller');
  assert.match(f.expectedFrom!, 'envoy-gateway.values.yaml config.envoyGateway.gateway.controllerName');
  assert.is(code, 1);
  // Kong's controller name comes from its chart values.
  const kong = edit(folder('kong', '0.20.0'), /^helm\/kong\.values\.yaml$/, (d) => (d.controller.ingressController.env.gateway_api_controller_name = 'konghq.com/other'));
  const k = only((await check([writeTree(kong)])).findings, 'gatewayclass-controller', 'spec.controllerName');
  assert.is(k.actual, 'konghq.com/kic-gateway-controller');
  assert.match(k.expected, 'konghq.com/other');
});

test('gatewayclass-controller: a GatewayClass read from a cluster that no controller accepted', async () => {
  const cls = (status?: Doc) => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'GatewayClass',
    metadata: { name: 'envoy', uid: '8d2e4b6a-1f3c-4e5d-9a7b-0c1d2e3f4a5b', resourceVersion: '4410' },
    spec: { controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' },
    ...(status ? { status } : {}),
  });
  const files = folder('envoy', '0.20.0');
  const withCluster = (c: Doc) => new Map(files).set('cluster-state/gateway-api.yaml', yaml.dump({ apiVersion: 'v1', kind: 'List', items: [c] }));
  const waiting = { conditions: [{ type: 'Accepted', status: 'Unknown', reason: 'Pending', message: 'Waiting for controller' }] };
  const f = only((await check([writeTree(withCluster(cls(waiting)))])).findings, 'gatewayclass-controller', 'status.conditions[type=Accepted]');
  assert.is(f.actual, 'Unknown (Pending)');
  assert.is(f.expected, 'True');
  only((await check([writeTree(withCluster(cls()))])).findings, 'gatewayclass-controller', 'status.conditions[type=Accepted]');
  const accepted = { conditions: [{ type: 'Accepted', status: 'True', reason: 'Accepted' }] };
  assert.equal((await check([writeTree(withCluster(cls(accepted)))])).findings, []);
});

test('gateway-allowed-routes: a listener that only admits routes from its own namespace, or a label selector', async () => {
  const files = folder('istio', '0.19.0');
  const same = edit(files, GATEWAY, (d) => delete d.spec.listeners[0].allowedRoutes);
  const f = only((await check([writeTree(same)])).findings, 'gateway-allowed-routes', 'spec.listeners[0].allowedRoutes.namespaces.from');
  assert.is(f.actual, 'Same (unset: the default)');
  assert.is(f.expected, 'All');
  assert.is(f.severity, 'error');
  assert.match(f.expectedFrom!, 'kserveGateway');
  const selector = edit(files, GATEWAY, (d) => (d.spec.listeners[0].allowedRoutes.namespaces = { from: 'Selector', selector: { matchLabels: { serving: 'true' } } }));
  const s = only((await check([writeTree(selector)])).findings, 'gateway-allowed-routes', 'spec.listeners[0].allowedRoutes.namespaces.from');
  assert.is(s.severity, 'warning');
  const kinds = edit(files, GATEWAY, (d) => (d.spec.listeners[0].allowedRoutes.kinds = [{ kind: 'GRPCRoute' }]));
  assert.is(only((await check([writeTree(kinds)])).findings, 'gateway-allowed-routes', 'spec.listeners[0].allowedRoutes.kinds').severity, 'error');
});

test('route-timeouts-ignored: Kong on 0.18+ with KServe still setting timeouts.request; nothing to set before 0.18', async () => {
  const files = edit(folder('kong', '0.20.0'), MAIN_VALUES, (d) => delete d.kserve.controller.gateway.disableHTTPRouteTimeout);
  const { code, findings } = await check([writeTree(files)]);
  const f = only(findings, 'route-timeouts-ignored', 'kserve.controller.gateway.disableHTTPRouteTimeout');
  assert.is(f.severity, 'warning');
  assert.is(f.expected, 'true');
  assert.match(f.expectedFrom!, 'konghq.com/kic-gateway-controller');
  assert.is(code, 0, 'a warning alone');
  assert.equal((await check([writeTree(folder('kong', '0.17.1'))])).findings, []);
  // Envoy Gateway applies the timeout: no finding without the key either.
  assert.equal((await check([writeTree(folder('envoy', '0.20.0'))])).findings, []);
});

test('gateway-api-route-fields: an HTTPRoute with a rule name on v1.2 standard CRDs, or an experimental field', async () => {
  const route = (rule: Doc) => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'facebook-opt-125m-kserve-route', namespace: 'llm-demo', uid: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', resourceVersion: '9120' },
    spec: { parentRefs: [{ name: 'kserve-ingress-gateway', namespace: 'kserve' }], rules: [{ backendRefs: [{ name: 'facebook-opt-125m-kserve-workload-svc', port: 8000 }], ...rule }] },
  });
  const crds = (version: string) => ({
    apiVersion: 'v1',
    kind: 'List',
    items: ['gateways', 'httproutes'].map((r) => ({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `${r}.gateway.networking.k8s.io`, uid: `0b7e4c1a-5f7d-4e8b-9a51-6c2d3e4f5a6${r.length}`, annotations: { 'gateway.networking.k8s.io/bundle-version': version, 'gateway.networking.k8s.io/channel': 'standard' } },
    })),
  });
  const tree = (version: string, rule: Doc) =>
    writeTree(new Map(folder('envoy', '0.16.0')).set('cluster-state/crds.yaml', yaml.dump(crds(version))).set('cluster-state/routes.yaml', yaml.dump(route(rule))));
  const named = only((await check([tree('v1.2.1', { name: 'v1-completions-path' })])).findings, 'gateway-api-route-fields', 'spec.rules[0].name');
  assert.is(named.actual, 'Gateway API v1.2.1 (standard CRDs)');
  assert.is(named.expected, 'standard CRDs v1.4.0 or newer');
  assert.equal((await check([tree('v1.4.1', { name: 'v1-completions-path' })])).findings, []);
  const retry = only((await check([tree('v1.5.1', { retry: { attempts: 2 } })])).findings, 'gateway-api-route-fields', 'spec.rules[0].retry');
  assert.is(retry.expected, 'the experimental channel');
});

test('a folder relying on a class it does not write: istiod creates "istio"; provider gatewayclass names the cluster\'s', async () => {
  assert.ok(!folder('istio', '0.20.0').has('manifests/01-gatewayclass-istio.yaml'));
  // With the cluster's GatewayClasses in the input, a class the cluster lacks is reported.
  const files = new Map(folder('gatewayclass', '0.20.0', { gateway: { className: 'gke-l7-gxlb' } })).set(
    'cluster-state/gateway-api.yaml',
    yaml.dump({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: 'gke-l7-rilb', uid: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' }, spec: { controllerName: 'networking.gke.io/gateway' }, status: { conditions: [{ type: 'Accepted', status: 'True' }] } }] }),
  );
  const missing = (await check([writeTree(files)])).findings.find((f) => f.rule === 'gatewayclass-missing');
  assert.ok(missing, 'gatewayclass-missing');
  assert.is(missing!.actual, 'gke-l7-gxlb');
});

test.run();
