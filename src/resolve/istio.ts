/** The Istio gateways: names, Services, selectors and hosts, and what differs from net-istio's defaults. */
import { ISTIO_FEATURE_RANGES, ISTIO_GATEWAY_SELECTOR, KNATIVE_GATEWAYS, satisfies, type Release } from '../catalog/index.js';
import { UserError, quote } from '../errors.js';
import type { Preset } from '../preset/schema.js';
import type { GatewayRef, IstioSettings, ServiceRef } from './types.js';

const DEFAULT_INGRESS_GATEWAY = KNATIVE_GATEWAYS.ingress.ref;
const DEFAULT_INGRESS_SERVICE = KNATIVE_GATEWAYS.ingress.service;
const DEFAULT_LOCAL_GATEWAY = KNATIVE_GATEWAYS.local.ref;
const DEFAULT_LOCAL_SERVICE = KNATIVE_GATEWAYS.local.service;

export function gatewayRef(ref: string): GatewayRef {
  const [namespace, name] = ref.split('/') as [string, string];
  return { namespace, name, ref };
}

function serviceRef(host: string, where: string): ServiceRef {
  const parts = host.split('.');
  // Knative and KServe address gateway Services by FQDN: <name>.<namespace>.svc.cluster.local.
  if (parts.length < 3 || parts[2] !== 'svc') {
    throw new UserError(
      where,
      `${quote(host)} is not a Service host name`,
      'write the Service FQDN as <service>.<namespace>.svc.cluster.local',
    );
  }
  return { host, name: parts[0]!, namespace: parts[1]! };
}

export function resolveIstio(preset: Preset, release: Release): IstioSettings {
  const i = preset.ingress.istio;
  const localSelector = i.localGatewaySelector;
  const same = (a: object, b: object) => JSON.stringify(a) === JSON.stringify(b);
  const customLocal =
    i.localGateway !== DEFAULT_LOCAL_GATEWAY ||
    i.localGatewayService !== DEFAULT_LOCAL_SERVICE ||
    !same(localSelector, ISTIO_GATEWAY_SELECTOR) ||
    i.servingNamespaces.length > 0;
  const customIngress =
    i.ingressGateway !== DEFAULT_INGRESS_GATEWAY ||
    i.ingressGatewayService !== DEFAULT_INGRESS_SERVICE ||
    !same(i.ingressGatewaySelector, ISTIO_GATEWAY_SELECTOR);
  for (const [key, selector] of [['localGatewaySelector', localSelector], ['ingressGatewaySelector', i.ingressGatewaySelector]] as const) {
    if (Object.keys(selector).length === 0) {
      throw new UserError(
        `ingress.istio.${key}`,
        'is empty, so the gateway would select no pods',
        'give the labels of the gateway pods, e.g. { istio: ingressgateway }',
      );
    }
  }
  const istioVersion = release.tested.istio;
  const manifestsInstall = preset.knative.install === 'manifests';
  const localService = serviceRef(i.localGatewayService, 'ingress.istio.localGatewayService');
  const localHosts = i.servingNamespaces.length ? namespaceHosts(i.servingNamespaces) : ['*'];
  return {
    version: istioVersion,
    ingressGateway: gatewayRef(i.ingressGateway),
    ingressService: serviceRef(i.ingressGatewayService, 'ingress.istio.ingressGatewayService'),
    localGateway: gatewayRef(i.localGateway),
    localService,
    localSelector,
    ingressSelector: i.ingressGatewaySelector,
    servingNamespaces: i.servingNamespaces,
    localHosts,
    localHostsShown: localHosts.slice(0, 6),
    localHostsMore: Math.max(0, localHosts.length - 6),
    customIngress,
    customLocal,
    // A Gateway Knative ships is owned by the operator (which takes selector overrides instead);
    // with release-YAML installs the tool re-applies it with the chosen selector and hosts.
    writeLocalGateway: i.localGateway !== DEFAULT_LOCAL_GATEWAY || (customLocal && manifestsInstall),
    writeIngressGateway: i.ingressGateway !== DEFAULT_INGRESS_GATEWAY || (customIngress && manifestsInstall),
    writeLocalGatewayChart: i.localGatewayService !== DEFAULT_LOCAL_SERVICE,
    gatewayApiVersion: satisfies(istioVersion, ISTIO_FEATURE_RANGES.v1Api) ? 'networking.istio.io/v1' : 'networking.istio.io/v1beta1',
    gatewayChartSkipsSchema: satisfies(istioVersion, ISTIO_FEATURE_RANGES.gatewayChartSchemaRejected),
  };
}

/**
 * The three host patterns of each namespace, in order: *.ns, *.ns.svc, *.ns.svc.cluster.local.
 * The longer two extend the first, so V8 keeps them as two-part strings sharing it: three strings
 * per namespace instead of five (template literals build theirs in steps), so fewer collections.
 */
function namespaceHosts(namespaces: string[]): string[] {
  const hosts = new Array<string>(namespaces.length * 3);
  for (let i = 0; i < namespaces.length; i++) {
    const host = '*.' + namespaces[i]!;
    hosts[3 * i] = host;
    hosts[3 * i + 1] = host + '.svc';
    hosts[3 * i + 2] = host + '.svc.cluster.local';
  }
  return hosts;
}
