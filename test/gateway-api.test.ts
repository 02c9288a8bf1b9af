/**
 * Issue 23: Standard mode through the Gateway API with Envoy Gateway, Istio, Kong or a GatewayClass the
 * cluster has. For every KServe line 0.15-0.20 and provider: the Gateway, GatewayClass and an HTTPRoute
 * like KServe's validate against the Gateway API CRDs of the pinned version (unknown fields are errors),
 * and every layer names the same Gateway. Also: the preset keys (v1 Kong spellings), refusals, and the
 * catalog against the vendored Envoy Gateway charts. Helm renders: gateway-api-helm.test.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import yaml from 'js-yaml';
import semver from 'semver';
import { ENVOY_GATEWAY_IMAGES } from '../src/catalog/images.js';
import { ENVOY_GATEWAY_FEATURE_RANGES, GATEWAY_API_PROVIDERS, TESTED, satisfies } from '../src/catalog/index.js';
import { VALUES_KEYS } from '../src/catalog/values-keys.js';
import { UserError } from '../src/errors.js';
import { validatePreset } from '../src/preset/validate.js';
import { validateAgainstCrd } from './support/crd.js';
import { REFERENCE_DIR, generate, hasValuesKey, type Generated } from './support/generate.js';
import { kserveHttpRoute } from './support/kserve-route.js';
import { gatewayApiCrd } from './support/manifests.js';
import { GATEWAY_API_RELEASES, PROVIDERS, gatewayPreset, manifestOf } from './support/gateway-api.js';

type Doc = Record<string, any>;
const mainValues = (g: Generated) => g.docs.get(g.plan.context.mainValuesFile)![0] as Doc;

for (const version of GATEWAY_API_RELEASES) {
  test(`KServe ${version}: every provider's Gateway, GatewayClass and KServe's HTTPRoute validate against Gateway API v${TESTED[version.split('.').slice(0, 2).join('.')]!.gatewayApi}`, () => {
    for (const provider of PROVIDERS) {
      const g = generate(gatewayPreset(provider, version));
      const gw = g.plan.context.gatewayApi!;
      assert.ok(gw, `${provider}: routes through the Gateway API`);
      const crd = (kind: string) => gatewayApiCrd(gw.crdVersion, kind);
      const gateway = manifestOf(g, 'Gateway')!;
      assert.equal(validateAgainstCrd(gateway, crd('Gateway')), [], `${provider} Gateway`);
      const cls = manifestOf(g, 'GatewayClass');
      const facts = GATEWAY_API_PROVIDERS[provider];
      if (provider === 'envoy' || provider === 'kong') {
        assert.ok(cls, `${provider} writes its GatewayClass`);
        assert.equal(validateAgainstCrd(cls!, crd('GatewayClass')), [], `${provider} GatewayClass`);
        assert.is(cls!.spec.controllerName, facts.controllerName);
        assert.is(gateway.spec.gatewayClassName, cls!.metadata.name);
      } else {
        // istiod creates "istio"; a gatewayclass is the cluster's.
        assert.is(cls, undefined, `${provider} writes no GatewayClass`);
        assert.is(gateway.spec.gatewayClassName, provider === 'istio' ? 'istio' : 'platform-gateways');
      }
      // The listener admits KServe's routes from every namespace; infrastructure only where the provider copies it.
      assert.equal(gateway.spec.listeners, [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }]);
      assert.is(gateway.spec.infrastructure !== undefined, facts.propagatesInfrastructure, `${provider} spec.infrastructure`);
      // KServe's values name exactly this Gateway and keep the chart's own Gateway off.
      const ig = mainValues(g).kserve.controller.gateway;
      assert.equal(
        { enableGatewayApi: ig.ingressGateway.enableGatewayApi, kserveGateway: ig.ingressGateway.kserveGateway, createGateway: ig.ingressGateway.createGateway },
        { enableGatewayApi: true, kserveGateway: `${gateway.metadata.namespace}/${gateway.metadata.name}`, createGateway: false },
      );
      const disable = ig.disableHTTPRouteTimeout === true;
      assert.is(disable, provider === 'kong' && satisfies(version, '>=0.18.0-rc0'), `${provider} disableHTTPRouteTimeout`);
      // The route KServe would create attaches to that Gateway and is valid on the installed CRDs, also its dual-protocol form.
      for (const grpc of [false, true]) {
        const route = kserveHttpRoute({ kserveIngressGateway: ig.ingressGateway.kserveGateway, ingressDomain: 'example.com', domainTemplate: '{{ .Name }}-{{ .Namespace }}.{{ .IngressDomain }}', disableHTTPRouteTimeout: disable }, undefined, { grpc });
        assert.equal(validateAgainstCrd(route, crd('HTTPRoute')), [], `${provider} HTTPRoute`);
      }
    }
  });
}

test('the CRD check has teeth: an unknown field, spec.infrastructure on v1.1 and a timeout on v1.1 are rejected', () => {
  const g = generate(gatewayPreset('envoy', '0.20.0'));
  const gateway = manifestOf(g, 'Gateway')!;
  assert.ok(validateAgainstCrd({ ...gateway, spec: { ...gateway.spec, infrastructureX: {} } }, gatewayApiCrd('1.5.1', 'Gateway')).some((e) => e.includes('unknown field')));
  assert.ok(validateAgainstCrd(gateway, gatewayApiCrd('1.1.0', 'Gateway')).some((e) => e.includes('infrastructure')));
  const route = kserveHttpRoute({ kserveIngressGateway: 'kserve/kserve-ingress-gateway', ingressDomain: 'example.com', domainTemplate: '{{ .Name }}-{{ .Namespace }}.{{ .IngressDomain }}' });
  assert.ok(validateAgainstCrd(route, gatewayApiCrd('1.1.0', 'HTTPRoute')).some((e) => e.includes('timeouts')));
});

test('an HTTPS listener (urlScheme https + tlsSecretName) and a Gateway of its own name, class and port, on every provider', () => {
  for (const provider of PROVIDERS) {
    const g = generate(gatewayPreset(provider, '0.19.0', { ingress: { urlScheme: 'https', gateway: { name: 'edge/models', listenerName: 'web', listenerPort: 8080, tlsSecretName: 'models-tls', ...(provider === 'gatewayclass' ? { className: 'platform-gateways' } : {}) } } }));
    const gateway = manifestOf(g, 'Gateway')!;
    assert.equal(validateAgainstCrd(gateway, gatewayApiCrd('1.4.1', 'Gateway')), [], provider);
    assert.equal(gateway.metadata, { name: 'models', namespace: 'edge' });
    assert.equal(gateway.spec.listeners[0], { name: 'web', port: 8080, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } });
    assert.equal(gateway.spec.listeners[1], {
      name: 'https',
      port: 443,
      protocol: 'HTTPS',
      tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'models-tls' }] },
      allowedRoutes: { namespaces: { from: 'All' } },
    });
    assert.is(mainValues(g).kserve.controller.gateway.ingressGateway.kserveGateway, 'edge/models');
    assert.ok(g.files.has('manifests/01-namespace-edge.yaml'), [...g.files.keys()].join(', '));
    assert.ok(g.files.get('INSTALL.md')!.includes('kubectl create secret tls models-tls -n edge'), provider);
  }
});

test('Envoy Gateway: chart, CRD folder, values and offline images follow the version each KServe line pins', () => {
  for (const version of GATEWAY_API_RELEASES) {
    const eg = TESTED[version.split('.').slice(0, 2).join('.')]!.envoyGateway;
    const g = generate(gatewayPreset('envoy', version, { offline: { enabled: true, registry: 'mirror.local:5000/kserve', imagePullSecrets: ['pull'] } }));
    const install = g.files.get('INSTALL.md')!;
    const crdDir = satisfies(eg, ENVOY_GATEWAY_FEATURE_RANGES.crdsSubchart) ? 'charts/gateway-helm/charts/crds/crds/generated/' : 'charts/gateway-helm/crds/generated/';
    assert.ok(install.includes(`helm pull oci://docker.io/envoyproxy/gateway-helm --version v${eg} --untar --untardir charts`), version);
    assert.ok(install.includes(`kubectl apply --server-side -f ${crdDir}`), version);
    assert.ok(install.includes('helm install eg charts/gateway-helm -n envoy-gateway-system --create-namespace --skip-crds -f helm/envoy-gateway.values.yaml'), version);
    const values = g.docs.get('helm/envoy-gateway.values.yaml')![0] as Doc;
    const images = ENVOY_GATEWAY_IMAGES[eg]!;
    const mirrored = (image: string) => `mirror.local:5000/kserve/${image.replace(/^docker\.io\//, '')}`;
    assert.is(values.global.images.envoyGateway.image, mirrored(images.controller));
    assert.is(values.global.images.ratelimit.image, mirrored(images.ratelimit));
    const listed = g.files.get('images.txt')!;
    for (const image of Object.values(images)) assert.ok(listed.includes(` ${mirrored(image)}\n`), `${version}: images.txt lists ${image}`);
    // The Envoy proxies: the chart's value from v1.8, an EnvoyProxy the GatewayClass points to before.
    const proxy = manifestOf(g, 'EnvoyProxy');
    if (satisfies(eg, ENVOY_GATEWAY_FEATURE_RANGES.proxyImageValue)) {
      assert.is(values.global.images.envoyProxy.image, mirrored(images.proxy));
      assert.is(proxy, undefined);
      assert.is(values.crds.gatewayAPI.safeUpgradePolicy.enabled, false);
    } else {
      assert.is(values.global.images.envoyProxy, undefined);
      assert.is(proxy!.spec.provider.kubernetes.envoyDeployment.container.image, mirrored(images.proxy));
      assert.equal(proxy!.spec.provider.kubernetes.envoyDeployment.pod.imagePullSecrets, [{ name: 'pull' }]);
      const cls = manifestOf(g, 'GatewayClass')!;
      assert.equal(cls.spec.parametersRef, { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: proxy!.metadata.name, namespace: proxy!.metadata.namespace });
      assert.equal(validateAgainstCrd(cls, gatewayApiCrd(g.plan.context.gatewayApi!.crdVersion, 'GatewayClass')), []);
    }
  }
});

const EG_CHARTS = path.join(REFERENCE_DIR, 'charts', 'envoy-gateway');
const egValues = (eg: string) => yaml.load(readFileSync(path.join(EG_CHARTS, `v${eg}`, 'gateway-helm', 'values.yaml'), 'utf8')) as Doc;

test('catalog = vendored Envoy Gateway charts: image defaults, and every values key exactly where the pinned chart has it', () => {
  for (const [minor, t] of Object.entries(TESTED).filter(([, t]) => t.envoyGateway)) {
    const eg = t.envoyGateway;
    const values = egValues(eg);
    assert.is(values.global.images.envoyGateway.image, ENVOY_GATEWAY_IMAGES[eg]!.controller, `${eg} controller`);
    assert.is(values.global.images.ratelimit.image, ENVOY_GATEWAY_IMAGES[eg]!.ratelimit, `${eg} ratelimit`);
    assert.is(values.config.envoyGateway.gateway.controllerName, GATEWAY_API_PROVIDERS.envoy.controllerName, `${eg} controllerName`);
    // The crds subchart's own values answer for crds.* keys.
    const subchart = path.join(EG_CHARTS, `v${eg}`, 'gateway-helm', 'charts', 'crds', 'values.yaml');
    let crds: Doc = {};
    try {
      crds = { crds: yaml.load(readFileSync(subchart, 'utf8')) };
    } catch {
      // no subchart before v1.8
    }
    for (const [key, range] of Object.entries(VALUES_KEYS.envoyGateway)) {
      // Envoy AI Gateway's settings are merged into config.envoyGateway, which the chart does not list:
      // the LLM renders (helm-render.test.ts) show each reaching envoy-gateway.yaml.
      if (key.startsWith('config.envoyGateway.extension')) continue;
      const kserve = `${minor}.0`;
      const allowed = range === '*' || satisfies(kserve, range);
      assert.is(hasValuesKey(key.startsWith('crds.') ? crds : values, key), allowed, `gateway-helm ${eg} (KServe ${minor}): ${key}`);
    }
  }
  // The v1.8.1 helper's default Envoy tag is the one the catalog mirrors.
  const helpers = readFileSync(path.join(EG_CHARTS, 'v1.8.1', 'gateway-helm', 'templates', '_helpers.tpl'), 'utf8');
  assert.ok(helpers.includes(`default "${ENVOY_GATEWAY_IMAGES['1.8.1']!.proxy.split(':')[1]}"`), 'v1.8.1 envoyProxy default tag');
});

test('v1 Kong keys: one fills ingress.gateway, both set differently is exit 2, and kserve-config.yaml reads back unchanged', () => {
  const v1 = generate({ kserve: { version: '0.17.1' }, deploymentMode: 'Standard', ingress: { provider: 'kong', kong: { gateway: 'edge/kong', listenerPort: 8000 } } });
  const v2 = generate({ kserve: { version: '0.17.1' }, deploymentMode: 'Standard', ingress: { provider: 'kong', gateway: { name: 'edge/kong', listenerPort: 8000 } } });
  for (const [p, content] of v1.files) assert.fixture(v2.files.get(p)!, content, p);
  assert.is(manifestOf(v1, 'Gateway')!.metadata.namespace, 'edge');
  assert.is((v1.docs.get('helm/kong.values.yaml')![0] as Doc).gateway.proxy.http.servicePort, 8000);
  // Same values on both sides are fine; the written preset carries both, equal, and regenerates byte for byte.
  const both = generate({ kserve: { version: '0.17.1' }, deploymentMode: 'Standard', ingress: { provider: 'kong', kong: { gateway: 'edge/kong' }, gateway: { name: 'edge/kong' } } });
  const again = generate(yaml.load(both.files.get('kserve-config.yaml')!) as Record<string, unknown>);
  for (const [p, content] of both.files) assert.fixture(again.files.get(p)!, content, p);
  for (const [kong, gateway, where] of [
    [{ gateway: 'a/b' }, { name: 'c/d' }, 'ingress.gateway.name'],
    [{ gatewayClassName: 'kong' }, { className: 'kong-edge' }, 'ingress.gateway.className'],
    [{ listenerPort: 80 }, { listenerPort: 8080 }, 'ingress.gateway.listenerPort'],
  ] as const) {
    try {
      validatePreset({ kserve: { version: '0.17.1' }, ingress: { provider: 'kong', kong, gateway } });
      assert.unreachable(where);
    } catch (err) {
      assert.instance(err, UserError);
      assert.is((err as UserError).where, where);
      assert.match((err as UserError).fix, 'v1 spelling');
    }
  }
  // Other providers ignore ingress.kong.
  assert.is(validatePreset({ kserve: { version: '0.17.1' }, ingress: { provider: 'envoy', kong: { gateway: 'a/b' }, gateway: { name: 'c/d' } } }).ingress.gateway.name, 'c/d');
});

test('refused with the key and a fix: envoy/gatewayclass outside Standard or before 0.15, a class-less gatewayclass, Istio gatewayApi in Knative mode, routeTimeouts false before 0.18, port clashes', () => {
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{ kserve: { version: '0.20.0' }, ingress: { provider: 'envoy' } }, 'ingress.provider', /Gateway API, which KServe uses in Standard mode only/],
    [{ kserve: { version: '0.14.1' }, deploymentMode: 'RawDeployment', ingress: { provider: 'envoy' } }, 'ingress.provider', /0\.15\.0-rc0/],
    [{ kserve: { version: '0.20.0' }, deploymentMode: 'ModelMesh', ingress: { provider: 'gatewayclass', gateway: { className: 'x' } } }, 'deploymentMode', /ModelMesh/],
    [{ kserve: { version: '0.20.0' }, deploymentMode: 'Standard', ingress: { provider: 'gatewayclass' } }, 'ingress.gateway.className', /kubectl get gatewayclass/],
    [{ kserve: { version: '0.20.0' }, ingress: { provider: 'istio', gatewayApi: true } }, 'ingress.gatewayApi', /Standard mode only/],
    [{ kserve: { version: '0.14.1' }, deploymentMode: 'RawDeployment', ingress: { provider: 'istio', gatewayApi: true } }, 'ingress.gatewayApi', /0\.15\.0-rc0/],
    [{ kserve: { version: '0.17.1' }, deploymentMode: 'Standard', ingress: { provider: 'envoy', gateway: { routeTimeouts: false } } }, 'ingress.gateway.routeTimeouts', /0\.18\.0-rc0/],
    [{ kserve: { version: '0.20.0' }, deploymentMode: 'Standard', ingress: { provider: 'envoy', urlScheme: 'https', gateway: { tlsSecretName: 't', listenerPort: 443 } } }, 'ingress.gateway.listenerPort', /HTTPS listener/],
    [{ kserve: { version: '0.20.0' }, deploymentMode: 'Standard', ingress: { provider: 'envoy', urlScheme: 'https', gateway: { tlsSecretName: 't', listenerName: 'https' } } }, 'ingress.gateway.listenerName', /HTTPS listener/],
  ];
  for (const [preset, where, problem] of cases) {
    try {
      generate(preset);
      assert.unreachable(where);
    } catch (err) {
      assert.instance(err, UserError, String(err));
      assert.is((err as UserError).where, where, (err as UserError).line());
      assert.match((err as UserError).line(), problem);
    }
  }
});

test('warnings: a TLS Secret without https, https without a Secret, ingress.gateway set but unused; routeTimeouts false on 0.18+', () => {
  const warnings = (p: Record<string, unknown>) => generate(p).plan.warnings.join('\n');
  assert.match(warnings(gatewayPreset('envoy', '0.20.0', { ingress: { gateway: { tlsSecretName: 't' } } })), 'tlsSecretName is not used');
  assert.match(warnings(gatewayPreset('envoy', '0.20.0', { ingress: { urlScheme: 'https' } })), 'no HTTPS listener');
  assert.match(warnings({ kserve: { version: '0.20.0' }, ingress: { gateway: { name: 'a/b' } } }), 'ingress.gateway is not used');
  const g = generate(gatewayPreset('gatewayclass', '0.18.1', { ingress: { gateway: { className: 'gke-l7-rilb', routeTimeouts: false } } }));
  assert.is(mainValues(g).kserve.controller.gateway.disableHTTPRouteTimeout, true);
  assert.equal(g.plan.warnings, []);
});

test('INSTALL.md per provider: CRDs before the provider, the provider before the Gateway, Gateway waits, a request through the Gateway', () => {
  const order = (install: string, steps: string[]) => {
    const at = steps.map((s) => install.indexOf(s));
    assert.ok(at.every((i) => i >= 0), JSON.stringify(steps.filter((_, i) => at[i]! < 0)));
    assert.equal([...at].sort((a, b) => a - b), at, steps.join(' < '));
  };
  const install = (provider: (typeof PROVIDERS)[number]) => generate(gatewayPreset(provider, '0.20.0')).files.get('INSTALL.md')!;
  const eg = install('envoy');
  order(eg, [
    'v1.5.1/standard-install.yaml',
    'kubectl apply --server-side -f charts/gateway-helm/charts/crds/crds/generated/',
    'helm install eg charts/gateway-helm',
    'kubectl apply --server-side -k manifests/',
    'kubectl wait --for=condition=Programmed gateway/kserve-ingress-gateway -n kserve',
    'helm install kserve-resources',
    "kubectl get gateway kserve-ingress-gateway -n kserve -o jsonpath='{.status.addresses[0].value}'",
    'gateway.envoyproxy.io/owning-gateway-name=kserve-ingress-gateway -o name) 8080:80',
  ]);
  assert.match(eg, /kserve#5633/);
  assert.match(eg, /AddressNotAssigned/);
  assert.not.match(eg, /istio|kong/i);
  const istio = install('istio');
  order(istio, ['v1.5.1/standard-install.yaml', 'helm install istiod', 'kubectl apply --server-side -k manifests/', 'service/kserve-ingress-gateway-istio 8080:80']);
  assert.not.match(istio, /istio-ingressgateway|IngressClass|envoy-gateway/);
  const cls = install('gatewayclass');
  // The cluster's implementation owns the CRDs: checked, not installed.
  assert.not.match(cls, /helm install (eg|istio|kong)|## \d+\. Gateway API CRDs\n/);
  assert.match(cls, /Gateway API CRDs \(check\)/);
  assert.match(cls, /kubectl get gatewayclass platform-gateways/);
});

test('the pinned Gateway API version is the one KServe pins, and at least v1.2 (rules[].timeouts, spec.infrastructure)', () => {
  for (const version of GATEWAY_API_RELEASES) {
    const crd = generate(gatewayPreset('envoy', version)).plan.context.gatewayApi!.crdVersion;
    assert.is(crd, TESTED[version.split('.').slice(0, 2).join('.')]!.gatewayApi);
    assert.ok(semver.gte(crd, '1.2.0'), crd);
  }
});

test.run();
