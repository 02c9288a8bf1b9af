/**
 * Issue: Istio + Knative with custom gateways. Every layer (KServe values, KnativeServing or
 * config-istio patch, Istio Gateway, Istio gateway chart values) must name one gateway, one
 * Service and one selector, in the format each Knative version understands.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { collectGatewayClaims, checkGatewayAgreement } from '../src/render/consistency.js';
import { InternalError } from '../src/errors.js';
import { generate, loadShippedPreset, REFERENCE_DIR } from './support/generate.js';
import { validateObject } from './support/manifests.js';

const CUSTOM = loadShippedPreset('serverless-istio-custom-local-gateway');
const at = (version: string, extra: Record<string, unknown> = {}) => ({ ...structuredClone(CUSTOM), ...extra, kserve: { version } });

function distinct(claims: { topic: string; value: string }[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const c of claims) out.set(c.topic, (out.get(c.topic) ?? new Set()).add(c.value));
  return out;
}

for (const version of ['0.13.1', '0.15.2', '0.16.0', '0.20.0']) {
  test(`shipped custom-local-gateway preset on ${version}: one name, namespace, FQDN and selector everywhere`, () => {
    const g = generate(at(version));
    const claims = collectGatewayClaims(g.plan, g.docs);
    const byTopic = distinct(claims);
    assert.equal([...byTopic.get('local gateway')!], ['istio-system/custom-local-gateway']);
    assert.equal([...byTopic.get('local service')!], ['custom-local-gateway.istio-system.svc.cluster.local']);
    assert.equal([...byTopic.get('local selector')!], ['{"istio":"custom-local-gateway"}']);
    const files = (topic: string) => new Set(claims.filter((c) => c.topic === topic).map((c) => c.file));
    // Named by KServe's values, Knative's config and the Istio Gateway (and the chart values for the Service).
    assert.ok(files('local gateway').size >= 3, [...files('local gateway')].join(', '));
    assert.ok(files('local service').size >= 3, [...files('local service')].join(', '));
    assert.ok(files('local selector').size >= 3, [...files('local selector')].join(', '));
    const gw = g.docs.get('manifests/03-gateway-custom-local-gateway.yaml')![0] as { spec: { servers: { port: { number: number }; hosts: string[] }[] } };
    assert.equal(gw.spec.servers[0]!.hosts, ['*.online-serving', '*.online-serving.svc', '*.online-serving.svc.cluster.local']);
    assert.is(gw.spec.servers[0]!.port.number, 8081);
    const chart = g.docs.get('helm/istio-gateway.values.yaml')![0] as { service: { type: string; ports: { port: number; targetPort: number }[] } };
    assert.is(chart.service.type, 'ClusterIP');
    assert.equal(chart.service.ports.filter((p) => p.port !== 15021).map((p) => [p.port, p.targetPort]), [[80, 8081], [443, 8444]]);
    assert.ok(g.files.get('INSTALL.md')!.includes('kubectl create namespace online-serving'), 'verification runs in the served namespace');
  });
}

test('a second preset with different names: gateways in their own namespace, custom ingress gateway, two namespaces', () => {
  const g = generate({
    kserve: { version: '0.16.0' },
    ingress: {
      domain: 'models.internal.example',
      istio: {
        ingressGateway: 'edge/public-gw',
        ingressGatewayService: 'public-gw.edge.svc.cluster.local',
        ingressGatewaySelector: { app: 'public-gw' },
        localGateway: 'mesh-gateways/private-gw',
        localGatewayService: 'private-gw.mesh-gateways.svc.cluster.local',
        localGatewaySelector: { app: 'private-gw', tier: 'internal' },
        servingNamespaces: ['team-a', 'team-b'],
      },
    },
  });
  const byTopic = distinct(collectGatewayClaims(g.plan, g.docs));
  assert.equal([...byTopic.get('local gateway')!], ['mesh-gateways/private-gw']);
  assert.equal([...byTopic.get('local service')!], ['private-gw.mesh-gateways.svc.cluster.local']);
  assert.equal([...byTopic.get('local selector')!], ['{"app":"private-gw","tier":"internal"}']);
  assert.equal([...byTopic.get('ingress gateway')!], ['edge/public-gw']);
  assert.equal([...byTopic.get('ingress service')!], ['public-gw.edge.svc.cluster.local']);
  assert.equal([...byTopic.get('ingress selector')!], ['{"app":"public-gw"}']);
  const paths = [...g.files.keys()];
  assert.ok(paths.includes('manifests/02-namespace-mesh-gateways.yaml'), paths.join('\n'));
  assert.ok(paths.includes('manifests/03-namespace-edge.yaml'), paths.join('\n'));
  const local = g.docs.get('manifests/05-gateway-private-gw.yaml')![0] as { spec: { servers: { hosts: string[] }[] } };
  assert.is(local.spec.servers[0]!.hosts.length, 6);
  const ks = g.docs.get('manifests/04-knativeserving-knative-serving.yaml')![0] as { spec: { config: { domain: Record<string, string> } } };
  assert.equal(ks.spec.config.domain, { 'models.internal.example': '' });
});

test("serving namespaces on the operator's own knative-local-gateway: its servers override carries the hosts (valid against the real CRD)", () => {
  type Cr = { spec: { ingress: { istio: Record<string, { selector?: unknown; servers?: unknown }> } } };
  const hosts = ['*.team-a', '*.team-a.svc', '*.team-a.svc.cluster.local'];
  for (const version of ['0.13.1', '0.15.2', '0.20.0']) {
    const g = generate({ kserve: { version }, ingress: { istio: { servingNamespaces: ['team-a'] } } });
    const cr = g.docs.get('manifests/02-knativeserving-knative-serving.yaml')![0] as Cr;
    assert.equal(cr.spec.ingress.istio['knative-local-gateway'], {
      selector: { istio: 'ingressgateway' },
      servers: [{ port: { number: 8081, name: 'http', protocol: 'HTTP' }, hosts }],
    }, version);
    assert.equal(validateObject(cr as unknown as Record<string, unknown>, { kserveVersion: version, istioVersion: g.plan.context.istio.version }), [], version);
  }
  // Without namespaces the operator's Gateway keeps net-istio's hosts ("*"): no override at all.
  const plain = generate({ kserve: { version: '0.15.2' } }).docs.get('manifests/02-knativeserving-knative-serving.yaml')![0] as Cr;
  assert.equal(plain.spec.ingress.istio, { enabled: true });
  // A Gateway of the user's own carries the hosts itself; release-YAML installs re-apply Knative's.
  const own = generate(at('0.15.2')).docs.get('manifests/02-knativeserving-knative-serving.yaml')![0] as Cr;
  assert.is(own.spec.ingress.istio['knative-local-gateway']?.servers, undefined);
  const manifests = generate({ kserve: { version: '0.15.2' }, knative: { install: 'manifests' }, ingress: { istio: { servingNamespaces: ['team-a'] } } });
  const gw = [...manifests.docs.values()].flat().find((d) => (d as { kind?: string }).kind === 'Gateway') as { spec: { servers: { hosts: string[] }[] } };
  assert.equal(gw.spec.servers[0]!.hosts, hosts);
});

test('config-istio format: legacy keys up to Knative 1.13, lists from 1.14, never both', () => {
  const cases: [string, string, 'legacy' | 'lists'][] = [
    ['0.13.1', '', 'legacy'], // tested Knative 1.13.1
    ['0.14.1', '', 'legacy'],
    ['0.15.2', '1.13.1', 'legacy'],
    ['0.15.2', '1.14.0', 'lists'],
    ['0.15.2', '', 'lists'], // tested Knative 1.15.2
    ['0.20.0', '', 'lists'], // operator 1.21.1, but the entry is not named knative-local-gateway
  ];
  for (const [version, knative, format] of cases) {
    const g = generate({ ...at(version), knative: { version: knative } });
    const cr = g.docs.get('manifests/02-knativeserving-knative-serving.yaml')![0] as { spec: { config: { istio: Record<string, string> } } };
    const keys = Object.keys(cr.spec.config.istio);
    if (format === 'lists') {
      assert.equal(keys, ['external-gateways', 'local-gateways'], `${version} ${knative}`);
    } else {
      assert.equal(keys, ['gateway.knative-serving.knative-ingress-gateway', 'local-gateway.istio-system.custom-local-gateway'], `${version} ${knative}`);
      assert.is(cr.spec.config.istio['local-gateway.istio-system.custom-local-gateway'], 'custom-local-gateway.istio-system.svc.cluster.local');
    }
  }
});

test('operator >= 1.21: a local-gateways entry named knative-local-gateway would move its Service, so legacy keys are used', () => {
  const preset = {
    kserve: { version: '0.20.0' },
    ingress: { istio: { localGatewayService: 'my-local.istio-system.svc.cluster.local', localGatewaySelector: { app: 'my-local' } } },
  };
  const cr = generate(preset).docs.get('manifests/02-knativeserving-knative-serving.yaml')![0] as { spec: { config: { istio: Record<string, string> } } };
  assert.equal(Object.keys(cr.spec.config.istio), ['gateway.knative-serving.knative-ingress-gateway', 'local-gateway.knative-serving.knative-local-gateway']);
  // On 0.15 (operator 1.15.7) the lists are safe.
  const old = generate({ ...preset, kserve: { version: '0.15.2' } }).docs.get('manifests/02-knativeserving-knative-serving.yaml')![0] as { spec: { config: { istio: Record<string, string> } } };
  assert.ok('local-gateways' in old.spec.config.istio);
});

test('KServe values: gatewayService only where the chart has it (<= 0.13), knativeGatewayService never needed (one local Service)', () => {
  const values = (v: string) => generate(at(v)).docs.get(v.startsWith('0.2') ? 'helm/kserve-resources.values.yaml' : 'helm/kserve.values.yaml')![0] as {
    kserve: { controller: { gateway: { ingressGateway: Record<string, unknown>; localGateway: Record<string, unknown> } } };
  };
  assert.is(values('0.13.1').kserve.controller.gateway.ingressGateway.gatewayService, 'istio-ingressgateway.istio-system.svc.cluster.local');
  assert.not.ok('gatewayService' in values('0.15.2').kserve.controller.gateway.ingressGateway);
  assert.not.ok('knativeGatewayService' in values('0.20.0').kserve.controller.gateway.localGateway);
  assert.is(values('0.20.0').kserve.controller.gateway.localGateway.gatewayService, 'custom-local-gateway.istio-system.svc.cluster.local');
});

test('Knative from release YAML: config-istio and config-domain patches instead of the CR, and the same agreement', () => {
  const g = generate({ ...at('0.15.2'), knative: { install: 'manifests' } });
  const paths = [...g.files.keys()];
  assert.not.ok(paths.some((p) => p.includes('knativeserving')), paths.join('\n'));
  const istio = g.docs.get(paths.find((p) => p.endsWith('configmap-config-istio.yaml'))!)![0] as { metadata: { namespace: string }; data: Record<string, string> };
  assert.is(istio.metadata.namespace, 'knative-serving');
  assert.ok(istio.data['local-gateways']!.includes('name: custom-local-gateway'));
  const domain = g.docs.get(paths.find((p) => p.endsWith('configmap-config-domain.yaml'))!)![0] as { data: Record<string, string> };
  assert.equal(domain.data, { 'example.com': '' });
  assert.equal([...distinct(collectGatewayClaims(g.plan, g.docs)).get('local service')!], ['custom-local-gateway.istio-system.svc.cluster.local']);
  assert.ok(g.files.get('INSTALL.md')!.includes('--force-conflicts'));
  assert.not.ok(g.files.get('INSTALL.md')!.includes('configmap-config-istio.yaml -f'), 'uninstall must not delete Knative ConfigMaps');
});

test('Istio Gateway apiVersion follows the tested Istio: v1beta1 before 1.22, v1 after; both validate against real CRDs', () => {
  for (const [version, api] of [['0.13.1', 'networking.istio.io/v1beta1'], ['0.15.2', 'networking.istio.io/v1'], ['0.20.0', 'networking.istio.io/v1']] as const) {
    const g = generate(at(version));
    const gw = g.docs.get('manifests/03-gateway-custom-local-gateway.yaml')![0] as Record<string, unknown>;
    assert.is(gw.apiVersion, api, version);
    assert.equal(validateObject(gw, { kserveVersion: version, istioVersion: g.plan.context.istio.version }), []);
  }
});

test('istio-gateway.values.yaml only uses keys of the real istio/gateway chart schema', () => {
  for (const istio of ['1.23.2', '1.27.1']) {
    const schema = JSON.parse(readFileSync(path.join(REFERENCE_DIR, 'crds', 'istio', istio, 'gateway-chart', 'values.schema.json'), 'utf8')) as {
      $defs: { values: { properties: Record<string, { properties?: Record<string, unknown> }> } };
    };
    const props = schema.$defs.values.properties;
    const values = generate(at('0.15.2')).docs.get('helm/istio-gateway.values.yaml')![0] as Record<string, Record<string, unknown>>;
    for (const key of Object.keys(values)) assert.ok(key in props, `${istio}: ${key}`);
    for (const key of Object.keys(values.service!)) assert.ok(key in props.service!.properties!, `${istio}: service.${key}`);
  }
});

test('the agreement check fails loudly when one file drifts', () => {
  const g = generate(at('0.15.2'));
  const values = structuredClone(g.docs.get('helm/kserve.values.yaml')!) as { kserve: { controller: { gateway: { localGateway: { gateway: string } } } } }[];
  values[0]!.kserve.controller.gateway.localGateway.gateway = 'knative-serving/knative-local-gateway';
  const docs = new Map(g.docs).set('helm/kserve.values.yaml', values);
  assert.throws(() => checkGatewayAgreement(g.plan, docs), (err: Error) => err instanceof InternalError && err.message.includes('local gateway'));
  const gw = structuredClone(g.docs.get('manifests/03-gateway-custom-local-gateway.yaml')!) as { spec: { selector: Record<string, string> } }[];
  gw[0]!.spec.selector = { istio: 'ingressgateway' };
  assert.throws(() => checkGatewayAgreement(g.plan, new Map(g.docs).set('manifests/03-gateway-custom-local-gateway.yaml', gw)), /local selector/);
});

test('default gateways add no config-istio and no Istio objects (Knative ships them)', () => {
  const g = generate({ kserve: { version: '0.15.2' } });
  const cr = g.docs.get('manifests/02-knativeserving-knative-serving.yaml')![0] as { spec: { config: Record<string, unknown>; ingress: { istio: Record<string, unknown> } } };
  assert.not.ok('istio' in cr.spec.config);
  assert.equal(cr.spec.ingress.istio, { enabled: true });
  assert.not.ok([...g.files.keys()].some((p) => p.includes('gateway')));
});

test.run();
