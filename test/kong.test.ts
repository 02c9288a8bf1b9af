/**
 * Issue: RawDeployment/Standard with Kong through the Gateway API, gated on KServe >= 0.15.0-rc0.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UserError } from '../src/errors.js';
import { generate, loadShippedPreset } from './support/generate.js';
import { GATEWAY_API_SAVED, validateObject } from './support/manifests.js';
import { validateAgainstCrd } from './support/crd.js';

const KONG = loadShippedPreset('raw-kong');
const at = (version: string, extra: Record<string, unknown> = {}) => ({ ...structuredClone(KONG), ...extra, kserve: { version } });
type Values = { kserve: { controller: { deploymentMode: string; gateway: { ingressGateway: Record<string, unknown>; disableHTTPRouteTimeout?: boolean } } } };

for (const [version, mode] of [['0.15.0-rc0', 'RawDeployment'], ['0.15.2', 'RawDeployment'], ['0.16.0', 'Standard'], ['0.20.0', 'Standard']] as const) {
  test(`Kong on ${version}: Gateway API values, GatewayClass and Gateway valid on Gateway API v1.0, v1.1 and v1.2`, () => {
    const g = generate(at(version));
    const values = g.docs.get(g.plan.context.mainValuesFile)![0] as Values;
    assert.is(values.kserve.controller.deploymentMode, mode);
    assert.equal(values.kserve.controller.gateway.ingressGateway, {
      enableGatewayApi: true,
      kserveGateway: 'kserve/kserve-ingress-gateway',
      createGateway: false,
      className: 'kong',
    });
    const gc = g.docs.get('manifests/01-gatewayclass-kong.yaml')![0] as Record<string, any>;
    assert.equal(gc.metadata, { name: 'kong', annotations: { 'konghq.com/gatewayclass-unmanaged': 'true' } });
    assert.equal(gc.spec, { controllerName: 'konghq.com/kic-gateway-controller' });
    const gw = g.docs.get('manifests/02-gateway-kserve-ingress-gateway.yaml')![0] as Record<string, any>;
    assert.equal(gw.metadata, { name: 'kserve-ingress-gateway', namespace: 'kserve' });
    assert.equal(gw.spec, {
      gatewayClassName: 'kong',
      listeners: [{ name: 'proxy', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }],
    });
    for (const crdVersion of GATEWAY_API_SAVED) {
      for (const [obj, kind] of [[gc, 'gatewayclasses'], [gw, 'gateways']] as const) {
        assert.equal(validateAgainstCrd(obj, `crds/gateway-api/${crdVersion}/standard/gateway.networking.k8s.io_${kind}.yaml`), [], `${crdVersion} ${kind}`);
      }
    }
    const kong = g.docs.get('helm/kong.values.yaml')![0] as Record<string, any>;
    assert.is(kong.controller.ingressController.env.gateway_api_controller_name, gc.spec.controllerName);
    assert.is(kong.gateway.proxy.http.servicePort, gw.spec.listeners[0].port);
    // Kong ignores the timeouts.request KServe sets: left out where KServe can (0.18+), a warning before.
    // raw-kong surges by a count (1), which only each InferenceService's deploymentStrategy can take.
    const warnings = g.plan.warnings.filter((w) => !w.startsWith('deployment.strategy.maxSurge "1" is a count'));
    if (version === '0.20.0') {
      assert.equal(warnings, []);
      assert.is((values.kserve.controller.gateway as Record<string, unknown>).disableHTTPRouteTimeout, true);
    } else {
      assert.is(warnings.length, 1, warnings.join('\n'));
      assert.match(warnings[0]!, 'Kong ignores the timeouts.request');
    }
  });
}

test('a Gateway carrying spec.infrastructure (what KServe chart creates) is rejected by v1.0/v1.1 standard CRDs: why we never emit it', () => {
  const gw = generate(at('0.15.2')).docs.get('manifests/02-gateway-kserve-ingress-gateway.yaml')![0] as Record<string, any>;
  const withInfra = { ...gw, spec: { ...gw.spec, infrastructure: { labels: { 'serving.kserve.io/gateway': 'kserve-ingress-gateway' } } } };
  assert.ok(validateAgainstCrd(withInfra, 'crds/gateway-api/v1.0.0/standard/gateway.networking.k8s.io_gateways.yaml').length > 0);
  assert.equal(validateAgainstCrd(withInfra, 'crds/gateway-api/v1.2.1/standard/gateway.networking.k8s.io_gateways.yaml'), []);
});

test('Kong before 0.15.0-rc0: Ingress of class kong, no Gateway API objects or keys, a warning', () => {
  const g = generate(at('0.14.1'));
  const values = g.docs.get('helm/kserve.values.yaml')![0] as Values;
  assert.equal(values.kserve.controller.gateway.ingressGateway, { className: 'kong' });
  assert.is(values.kserve.controller.deploymentMode, 'RawDeployment');
  assert.not.ok([...g.files.keys()].some((p) => /gateway/.test(p)), [...g.files.keys()].join(', '));
  assert.ok(g.plan.warnings.some((w) => w.includes('0.15.0-rc0')), g.plan.warnings.join('\n'));
  const install = g.files.get('INSTALL.md')!;
  assert.ok(install.includes('Gateway API support (it arrived in 0.15.0-rc0)'));
  assert.not.ok(install.includes('standard-install.yaml'));
  assert.ok(install.includes('helm install kong kong/ingress'));
  assert.is((g.docs.get('helm/kong.values.yaml')![0] as Record<string, any>).controller.ingressController.ingressClass, 'kong');
});

test('Serverless/Knative with Kong is a user error naming ingress.provider', () => {
  for (const mode of ['Serverless', 'Knative', 'ModelMesh']) {
    try {
      generate(at('0.15.0-rc0', { deploymentMode: mode }));
      assert.unreachable(mode);
    } catch (err) {
      assert.instance(err, UserError);
      assert.is((err as UserError).where, 'ingress.provider');
      assert.ok((err as UserError).fix.includes('RawDeployment'), (err as UserError).fix);
    }
  }
});

test('INSTALL.md for raw-kong: Gateway API CRDs, then Kong, then GatewayClass/Gateway, then KServe; no Istio text', () => {
  const install = generate(at('0.15.2')).files.get('INSTALL.md')!;
  const order = ['standard-install.yaml', 'helm install kong kong/ingress', 'kubectl apply --server-side -k manifests/', 'helm install kserve oci://'].map((s) => install.indexOf(s));
  assert.ok(order.every((i) => i >= 0), JSON.stringify(order));
  assert.equal([...order].sort((a, b) => a - b), order);
  assert.not.ok(/istio/i.test(install), 'no Istio text in a Kong install');
  assert.ok(install.includes('timeouts.request'), 'says Kong ignores timeouts.request');
  assert.ok(install.includes('v1.2.1/standard-install.yaml'));
  assert.ok(generate(at('0.20.0')).files.get('INSTALL.md')!.includes('v1.5.1/standard-install.yaml'));
});

test('a Gateway in its own namespace gets a Namespace manifest, and a custom listener port reaches Kong', () => {
  const g = generate(at('0.16.0', { ingress: { provider: 'kong', kong: { gateway: 'edge/models', listenerPort: 8080, gatewayClassName: 'kong-edge' } } }));
  const paths = [...g.files.keys()];
  assert.ok(paths.includes('manifests/01-namespace-edge.yaml'), paths.join('\n'));
  const gw = g.docs.get('manifests/03-gateway-models.yaml')![0] as Record<string, any>;
  assert.is(gw.spec.gatewayClassName, 'kong-edge');
  assert.is(gw.spec.listeners[0].port, 8080);
  assert.is((g.docs.get('helm/kong.values.yaml')![0] as Record<string, any>).gateway.proxy.http.servicePort, 8080);
  assert.equal(validateObject(gw, { kserveVersion: '0.16.0', istioVersion: '1.27.1' }), []);
});

test.run();
