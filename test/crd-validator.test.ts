import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import yaml from 'js-yaml';
import { REFERENCE_DIR, loadCrd, validateAgainstCrd } from './support/crd.js';

/** Absolute path of a file under <repo>/../shared/reference/crds. */
const crdPath = (rel: string): string => path.join(REFERENCE_DIR, 'crds', rel);

const GATEWAY_API_VERSIONS = ['v1.0.0', 'v1.1.0', 'v1.2.1'] as const;
const gwApi = (ver: string, file: 'gatewayclasses' | 'gateways' | 'referencegrants'): string =>
  crdPath(`gateway-api/${ver}/standard/gateway.networking.k8s.io_${file}.yaml`);
const KNATIVE_SERVING = crdPath('knative-operator/knative-v1.23.0/operator.knative.dev_knativeservings.yaml');
const istio = (ver: string, file: 'gateways' | 'virtualservices'): string =>
  crdPath(`istio/${ver}/${file}.networking.istio.io.yaml`);
const kserveIsvc = (ver: string): string => crdPath(`kserve/${ver}/serving.kserve.io_inferenceservices.yaml`);

// Fresh copies per test, so a test's edits never leak into another.
const clone = <T>(v: T): T => structuredClone(v);

const gatewayClass = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'GatewayClass',
  metadata: { name: 'kong', annotations: { 'konghq.com/gatewayclass-unmanaged': 'true' } },
  spec: { controllerName: 'konghq.com/kic-gateway-controller' },
};

const gateway = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: { name: 'kserve-ingress-gateway', namespace: 'kserve', labels: { app: 'kserve' } },
  spec: {
    gatewayClassName: 'kong',
    listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }],
  },
};

// Asserts no errors, printing them when there are some.
function assertValid(obj: unknown, file: string): void {
  const errors = validateAgainstCrd(obj, file);
  assert.equal(errors, [], `expected valid against ${path.relative(REFERENCE_DIR, file)}, got:\n${errors.join('\n')}`);
}

// Asserts at least one error contains `fragment`.
function assertError(obj: unknown, file: string, fragment: string): void {
  const errors = validateAgainstCrd(obj, file);
  assert.ok(
    errors.some((e) => e.includes(fragment)),
    `expected an error containing ${JSON.stringify(fragment)} against ${path.relative(REFERENCE_DIR, file)}, got:\n${errors.join('\n') || '(no errors)'}`,
  );
}

// --- loadCrd ---------------------------------------------------------------

test('REFERENCE_DIR points at the shared reference next to the repo', () => {
  assert.is(path.basename(REFERENCE_DIR), 'reference');
  assert.is(path.basename(path.dirname(REFERENCE_DIR)), 'shared');
});

test('loadCrd reads group, kind and served versions, and caches per file', () => {
  const crd = loadCrd(gwApi('v1.2.1', 'gateways'));
  assert.is(crd.group, 'gateway.networking.k8s.io');
  assert.is(crd.kind, 'Gateway');
  assert.equal(crd.versions, ['v1', 'v1beta1']);
  assert.is(crd.file, gwApi('v1.2.1', 'gateways'));
  assert.type(crd.schemaFor('v1'), 'object');
  assert.is(crd.schemaFor('v9'), undefined);
  assert.is(loadCrd(gwApi('v1.2.1', 'gateways')), crd, 'second load is served from the cache');
  // Relative paths resolve against REFERENCE_DIR, not the cwd.
  assert.is(loadCrd('crds/gateway-api/v1.2.1/standard/gateway.networking.k8s.io_gateways.yaml'), crd);
});

test('loadCrd lists only served versions', () => {
  // ReferenceGrant v1alpha2 is still in the v1.1.0 file but with served: false.
  const rg = loadCrd(gwApi('v1.1.0', 'referencegrants'));
  assert.equal(rg.versions, ['v1beta1']);
  assert.type(rg.schemaFor('v1alpha2'), 'object');
  assert.equal(loadCrd(istio('1.23.2', 'gateways')).versions, ['v1', 'v1alpha3', 'v1beta1']);
  assert.equal(loadCrd(KNATIVE_SERVING).versions, ['v1beta1']);
});

// --- Gateway API -----------------------------------------------------------

for (const ver of GATEWAY_API_VERSIONS) {
  test(`Gateway API ${ver}: GatewayClass and Gateway (v1) are valid`, () => {
    assertValid(clone(gatewayClass), gwApi(ver, 'gatewayclasses'));
    assertValid(clone(gateway), gwApi(ver, 'gateways'));
    // v1beta1 is served by all three releases as well.
    assertValid({ ...clone(gateway), apiVersion: 'gateway.networking.k8s.io/v1beta1' }, gwApi(ver, 'gateways'));
  });
}

test('Gateway API: spec.infrastructure only exists in the v1.2.1 standard channel', () => {
  const gw = clone(gateway);
  Object.assign(gw.spec, { infrastructure: { labels: { a: 'b' } } });
  assertError(gw, gwApi('v1.0.0', 'gateways'), 'spec.infrastructure: unknown field');
  assertError(gw, gwApi('v1.1.0', 'gateways'), 'spec.infrastructure: unknown field');
  assertValid(gw, gwApi('v1.2.1', 'gateways'));
});

test('Gateway API: listener port out of range fails', () => {
  const gw = clone(gateway);
  gw.spec.listeners[0]!.port = 70000;
  for (const ver of GATEWAY_API_VERSIONS) {
    assertError(gw, gwApi(ver, 'gateways'), 'spec.listeners[0].port: must be <= 65535');
  }
});

test('Gateway API: unknown and mistyped fields fail', () => {
  const unknown = clone(gateway);
  Object.assign(unknown.spec, { foo: 1 });
  assertError(unknown, gwApi('v1.2.1', 'gateways'), 'spec.foo: unknown field');

  const nested = clone(gateway);
  Object.assign(nested.spec.listeners[0]!.allowedRoutes.namespaces, { form: 'All' });
  assertError(nested, gwApi('v1.2.1', 'gateways'), 'spec.listeners[0].allowedRoutes.namespaces.form: unknown field');

  const topLevel = { ...clone(gateway), sepc: {} };
  assertError(topLevel, gwApi('v1.2.1', 'gateways'), 'sepc: unknown field');

  const badEnum = clone(gateway);
  badEnum.spec.listeners[0]!.allowedRoutes.namespaces.from = 'Everywhere';
  assertError(badEnum, gwApi('v1.2.1', 'gateways'), 'spec.listeners[0].allowedRoutes.namespaces.from: must be one of');

  const portAsString = clone(gateway) as { spec: { listeners: Array<Record<string, unknown>> } };
  portAsString.spec.listeners[0]!.port = '80';
  assertError(portAsString, gwApi('v1.2.1', 'gateways'), 'spec.listeners[0].port: must be of type integer');

  const badPattern = clone(gateway);
  badPattern.spec.listeners[0]!.name = 'HTTP_Listener';
  assertError(badPattern, gwApi('v1.2.1', 'gateways'), 'spec.listeners[0].name: "HTTP_Listener" must match pattern');

  const noListeners = clone(gateway);
  noListeners.spec.listeners = [];
  assertError(noListeners, gwApi('v1.2.1', 'gateways'), 'spec.listeners: must have at least 1 item(s)');
});

test('Gateway API: required fields, nulls and duplicate list-map keys', () => {
  const missing = clone(gateway) as { spec: Record<string, unknown> };
  delete missing.spec.gatewayClassName;
  assertError(missing, gwApi('v1.2.1', 'gateways'), 'spec.gatewayClassName: required field missing');

  // The API server drops a non-nullable null (e.g. an empty YAML value)...
  const nullHostname = clone(gateway);
  Object.assign(nullHostname.spec.listeners[0]!, { hostname: null });
  assertValid(nullHostname, gwApi('v1.2.1', 'gateways'));
  // ...which makes a required field go missing rather than be "null".
  const nullClass = clone(gateway);
  Object.assign(nullClass.spec, { gatewayClassName: null });
  assertError(nullClass, gwApi('v1.2.1', 'gateways'), 'spec.gatewayClassName: required field missing');

  const dup = clone(gateway);
  dup.spec.listeners.push({ ...clone(gateway.spec.listeners[0]!), port: 8080 });
  assertError(dup, gwApi('v1.2.1', 'gateways'), 'spec.listeners[1]: duplicate entry (name="http")');
});

test('Gateway API: defaults are applied before oneOf (addresses[].type defaults to IPAddress)', () => {
  const withAddress = (address: Record<string, string>): unknown => {
    const gw = clone(gateway);
    Object.assign(gw.spec, { addresses: [address] });
    return gw;
  };
  const file = gwApi('v1.2.1', 'gateways');
  assertValid(withAddress({ value: '10.0.0.1' }), file);
  assertValid(withAddress({ value: 'fd00::1' }), file);
  assertValid(withAddress({ type: 'Hostname', value: 'gw.example.com' }), file);
  // Without defaulting, the missing type would satisfy both oneOf branches.
  assertError(withAddress({ value: 'gw.example.com' }), file, 'spec.addresses[0]: must match exactly one oneOf alternative');
});

test('apiVersion, kind and metadata are checked', () => {
  const file = gwApi('v1.2.1', 'gateways');
  assertError({ ...clone(gateway), apiVersion: 'gateway.networking.k8s.io/v2' }, file, 'apiVersion: version "v2" is not defined');
  assertError({ ...clone(gateway), apiVersion: 'networking.istio.io/v1' }, file, 'apiVersion: group of "networking.istio.io/v1" must be "gateway.networking.k8s.io"');
  assertError({ ...clone(gateway), apiVersion: 'v1' }, file, 'apiVersion: group of "v1"');
  assertError({ ...clone(gateway), kind: 'HTTPRoute' }, file, 'kind: must be "Gateway"');
  assertError({ ...clone(gateway), metadata: { namespace: 'x' } }, file, 'metadata.name: required field missing');
  assertError({ ...clone(gateway), metadata: { name: 'x', label: { a: 'b' } } }, file, 'metadata.label: unknown field');
  assertError({ ...clone(gateway), metadata: { name: 'x', labels: { a: 1 } } }, file, 'metadata.labels.a: must be of type string');
  assertValid({ ...clone(gateway), metadata: { generateName: 'gw-' } }, file);
  assertError(
    { ...clone(gateway), apiVersion: 'gateway.networking.k8s.io/v1alpha2', kind: 'ReferenceGrant', spec: { from: [], to: [] } },
    gwApi('v1.1.0', 'referencegrants'),
    'apiVersion: version "v1alpha2" is defined but not served',
  );
  assert.equal(validateAgainstCrd('nope', file), ['(root): must be an object, got string "nope"']);
});

// --- Knative Operator ------------------------------------------------------

const knativeServing = {
  apiVersion: 'operator.knative.dev/v1beta1',
  kind: 'KnativeServing',
  metadata: { name: 'knative-serving', namespace: 'knative-serving' },
  spec: {
    version: '1.15.2',
    config: { domain: { 'example.com': '' } },
    ingress: { istio: { enabled: true, 'knative-local-gateway': { selector: { istio: 'custom' } } } },
  },
};

test('Knative Operator knative-v1.23.0: KnativeServing is valid', () => {
  assertValid(clone(knativeServing), KNATIVE_SERVING);
});

test('Knative Operator: spec.config values must be strings', () => {
  const ks = clone(knativeServing) as { spec: { config: Record<string, Record<string, unknown>> } };
  ks.spec.config.deployment = { 'progress-deadline': 600 };
  assertError(ks, KNATIVE_SERVING, 'spec.config.deployment.progress-deadline: must be of type string, got number 600');
  ks.spec.config.deployment = { 'progress-deadline': '600s' };
  assertValid(ks, KNATIVE_SERVING);
});

test('Knative Operator: objects parsed from YAML text validate the same way', () => {
  // Unquoted YAML numbers/booleans are the usual way config values go wrong.
  const ks = yaml.load(`
apiVersion: operator.knative.dev/v1beta1
kind: KnativeServing
metadata:
  name: knative-serving
  namespace: knative-serving
spec:
  version: "1.15.2"
  config:
    autoscaler:
      enable-scale-to-zero: true
`);
  assertError(ks, KNATIVE_SERVING, 'spec.config.autoscaler.enable-scale-to-zero: must be of type string, got boolean true');
});

// --- Istio -----------------------------------------------------------------

const istioGateway = {
  apiVersion: 'networking.istio.io/v1beta1',
  kind: 'Gateway',
  metadata: { name: 'knative-local-gateway', namespace: 'knative-serving' },
  spec: {
    selector: { istio: 'ingressgateway' },
    servers: [{ port: { number: 8081, name: 'http', protocol: 'HTTP' }, hosts: ['*.ns.svc.cluster.local'] }],
  },
};

for (const ver of ['1.23.2', '1.27.1']) {
  test(`Istio ${ver}: Gateway is valid as v1beta1, and v1 is served too`, () => {
    assertValid(clone(istioGateway), istio(ver, 'gateways'));
    // Both files mark v1, v1alpha3 and v1beta1 as served (storage moved from
    // v1beta1 in 1.23.2 to v1 in 1.27.1), so networking.istio.io/v1 is accepted.
    assertValid({ ...clone(istioGateway), apiVersion: 'networking.istio.io/v1' }, istio(ver, 'gateways'));
    assertError({ ...clone(istioGateway), apiVersion: 'networking.istio.io/v2' }, istio(ver, 'gateways'), 'apiVersion: version "v2" is not defined');
  });
}

test('Istio: Gateway server errors', () => {
  const file = istio('1.27.1', 'gateways');
  const noProtocol = clone(istioGateway) as { spec: { servers: Array<{ port: Record<string, unknown> }> } };
  delete noProtocol.spec.servers[0]!.port.protocol;
  assertError(noProtocol, file, 'spec.servers[0].port.protocol: required field missing');

  const selectorNumber = clone(istioGateway) as { spec: { selector: Record<string, unknown> } };
  selectorNumber.spec.selector.istio = 1;
  assertError(selectorNumber, file, 'spec.selector.istio: must be of type string');
});

test('Istio: oneOf branches express "at most one of" (VirtualService StringMatch)', () => {
  const vs = (uri: Record<string, string>): unknown => ({
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'vs' },
    spec: { hosts: ['x.example.com'], http: [{ match: [{ uri }], route: [{ destination: { host: 'svc' } }] }] },
  });
  for (const ver of ['1.23.2', '1.27.1']) {
    assertValid(vs({ prefix: '/v1' }), istio(ver, 'virtualservices'));
    assertError(vs({ prefix: '/v1', exact: '/v1' }), istio(ver, 'virtualservices'), 'spec.http[0].match[0].uri: must match exactly one oneOf alternative, matched 2');
  }
});

// --- KServe ----------------------------------------------------------------

const inferenceService = {
  apiVersion: 'serving.kserve.io/v1beta1',
  kind: 'InferenceService',
  metadata: { name: 'sklearn-iris', namespace: 'models' },
  spec: {
    predictor: {
      model: { modelFormat: { name: 'sklearn' }, storageUri: 'gs://x' },
      deploymentStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    },
  },
};

for (const ver of ['v0.15.2', 'v0.20.0']) {
  test(`KServe ${ver}: InferenceService`, () => {
    const file = kserveIsvc(ver);
    assertValid(clone(inferenceService), file);

    const unknown = clone(inferenceService);
    Object.assign(unknown.spec.predictor, { foo: 'bar' });
    assertError(unknown, file, 'spec.predictor.foo: unknown field');

    // x-kubernetes-int-or-string: integers and strings pass, anything else fails.
    const intSurge = clone(inferenceService) as { spec: { predictor: { deploymentStrategy: { rollingUpdate: Record<string, unknown> } } } };
    intSurge.spec.predictor.deploymentStrategy.rollingUpdate.maxSurge = 1;
    assertValid(intSurge, file);
    intSurge.spec.predictor.deploymentStrategy.rollingUpdate.maxSurge = 1.5;
    assertError(intSurge, file, 'spec.predictor.deploymentStrategy.rollingUpdate.maxSurge: must be an integer or a string');

    const noPredictor = clone(inferenceService) as { spec: Record<string, unknown> };
    delete noPredictor.spec.predictor;
    assertError(noPredictor, file, 'spec.predictor: required field missing');
  });
}

test.run();
