/**
 * The Gateway API layer (RawDeployment/Standard mode, KServe >= 0.15.0-rc0): which provider, and every
 * name the layers must agree on, derived once. Sources: gateway-and-llm-facts.md §1, catalog/gateways.ts.
 */
import {
  ENVOY_GATEWAY,
  ENVOY_GATEWAY_FEATURE_RANGES,
  GATEWAY_API_PROVIDERS,
  KSERVE_GATEWAY,
  KSERVE_GATEWAY_LABEL,
  MIN_GATEWAY_API,
  satisfies,
  type GatewayApiProvider,
  type Mode,
  type Release,
} from '../catalog/index.js';
import { UserError } from '../errors.js';
import type { Preset } from '../preset/schema.js';
import { gatewayRef } from './istio.js';
import type { EnvoyGatewaySettings, GatewayApiSettings, HttpsListener } from './types.js';

const PROVIDER_NAMES: Record<GatewayApiProvider, string> = { envoy: 'Envoy Gateway', istio: 'Istio', kong: 'Kong', gatewayclass: '' };

/**
 * Does this configuration route InferenceServices through the Gateway API? Refuses what cannot.
 * `llmGateway`: the LLM stack uses the Gateway anyway, so Istio's Gateway API in Knative mode is
 * accepted (it carries the LLM routes only; Knative keeps net-istio for InferenceServices).
 */
export function usesGatewayApi(preset: Preset, release: Release, mode: Mode, llmGateway = false): boolean {
  const { provider, gatewayApi } = preset.ingress;
  const v = release.version;
  if (provider === 'envoy' || provider === 'gatewayclass') {
    if (mode !== 'standard') {
      throw new UserError(
        'ingress.provider',
        `${provider} cannot serve deploymentMode ${preset.deploymentMode}`,
        `${provider} routes through the Gateway API, which KServe uses in ${release.modeNames.standard} mode only: set deploymentMode ${release.modeNames.standard}, or ingress.provider istio for ${preset.deploymentMode}`,
      );
    }
    if (!release.features.gatewayApi) {
      throw new UserError(
        'ingress.provider',
        `KServe ${v} has no Gateway API support (it arrived in 0.15.0-rc0), which ${provider} needs`,
        'use KServe 0.15.0-rc0 or later, or ingress.provider istio or kong (Kubernetes Ingress objects)',
      );
    }
    return true;
  }
  if (provider === 'istio' && gatewayApi) {
    if (mode === 'knative' && llmGateway) return false;
    if (mode !== 'standard') {
      throw new UserError(
        'ingress.gatewayApi',
        `applies to ${release.modeNames.standard} mode only, not ${preset.deploymentMode}`,
        `set deploymentMode ${release.modeNames.standard}, or gatewayApi: false (${preset.deploymentMode} mode routes through ${mode === 'knative' ? "Knative's Istio gateways" : 'no ingress'})`,
      );
    }
    if (!release.features.gatewayApi) {
      throw new UserError('ingress.gatewayApi', `KServe ${v} has no Gateway API support (it arrived in 0.15.0-rc0)`, 'use KServe 0.15.0-rc0 or later, or gatewayApi: false (Ingress objects of class istio)');
    }
    return true;
  }
  return provider === 'kong' && release.features.gatewayApi;
}

/**
 * `routesIsvc`: InferenceServices attach to the Gateway (else only LLM routes do). `envoyGateway`: the
 * Envoy Gateway version to install (the LLM stack's pin may differ from the line's, dependencies.ts).
 */
export function resolveGatewayApi(preset: Preset, release: Release, warnings: string[], routesIsvc = true, envoyGateway = release.tested.envoyGateway): GatewayApiSettings {
  const provider = preset.ingress.provider;
  const facts = GATEWAY_API_PROVIDERS[provider];
  const g = preset.ingress.gateway;
  if (provider === 'gatewayclass' && g.className === '') {
    throw new UserError(
      'ingress.gateway.className',
      'is empty with provider gatewayclass',
      'name the GatewayClass your cluster already has (`kubectl get gatewayclass`), e.g. "gke-l7-regional-external-managed"',
    );
  }
  const className = g.className || facts.className;
  const gateway = gatewayRef(g.name);
  const https = httpsListener(preset, warnings);
  const tested = release.tested.gatewayApi;
  return {
    provider,
    routesIsvc,
    providerName: PROVIDER_NAMES[provider] || `the GatewayClass ${className}`,
    gateway,
    className,
    controllerName: provider === 'kong' ? preset.ingress.kong.controllerName : facts.controllerName,
    // istiod creates only its own class (istio); a class of another name needs the object.
    writeGatewayClass: !facts.createsClass || (provider === 'istio' && className !== facts.className),
    listener: { name: g.listenerName, port: g.listenerPort },
    https,
    infrastructureLabels: facts.propagatesInfrastructure ? { [KSERVE_GATEWAY_LABEL]: gateway.name } : null,
    crdVersion: tested && satisfies(tested, `>=${MIN_GATEWAY_API}`) ? tested : MIN_GATEWAY_API,
    // A cluster's own provider (GKE, a platform team's Gateway) brings and owns its CRDs.
    installCrds: provider !== 'gatewayclass',
    disableRouteTimeout: routeTimeoutsOff(preset, release, facts.honoursRequestTimeout, warnings),
    ingressClassName: provider === 'kong' ? 'kong' : className,
    proxyService: proxyService(provider, gateway, className),
    envoy: provider === 'envoy' ? resolveEnvoyGateway(envoyGateway, preset.offline.enabled, className) : null,
  };
}

function httpsListener(preset: Preset, warnings: string[]): HttpsListener | null {
  const g = preset.ingress.gateway;
  if (preset.ingress.urlScheme !== 'https') {
    if (g.tlsSecretName) warnings.push('ingress.gateway.tlsSecretName is not used: ingress.urlScheme is http, so the Gateway gets no HTTPS listener');
    return null;
  }
  if (!g.tlsSecretName) {
    warnings.push(
      'ingress.urlScheme is https but ingress.gateway.tlsSecretName is empty: the Gateway gets no HTTPS listener, so TLS must be terminated in front of it (name a kubernetes.io/tls Secret to terminate it on the Gateway)',
    );
    return null;
  }
  if (g.listenerPort === 443) {
    throw new UserError('ingress.gateway.listenerPort', '443 is the port of the HTTPS listener (ingress.gateway.tlsSecretName)', 'use another port for the HTTP listener, e.g. 80');
  }
  if (g.listenerName === 'https') {
    throw new UserError('ingress.gateway.listenerName', '"https" is the name of the HTTPS listener (ingress.gateway.tlsSecretName)', 'use another name for the HTTP listener, e.g. "http"');
  }
  return { name: 'https', port: 443, secretName: g.tlsSecretName };
}

/**
 * KServe sets rules[].timeouts.request on every HTTPRoute (default 60s); from 0.18.0-rc0 the
 * disableHTTPRouteTimeout key leaves it out ("for Gateway implementations that do not support the
 * spec.rules.timeouts field", kserve v0.20.0 httproute_reconciler.go:L75-81). A provider that ignores
 * the field (Kong) or one the user says rejects it (routeTimeouts: false) gets the key where it exists.
 */
function routeTimeoutsOff(preset: Preset, release: Release, honours: boolean | null, warnings: string[]): boolean {
  const off = honours === false || !preset.ingress.gateway.routeTimeouts;
  if (!off) return false;
  if (release.features.disableHTTPRouteTimeoutKey) return true;
  if (!preset.ingress.gateway.routeTimeouts) {
    throw new UserError(
      'ingress.gateway.routeTimeouts',
      `KServe ${release.version} always sets timeouts on its HTTPRoutes (disableHTTPRouteTimeout arrived in 0.18.0-rc0)`,
      'use KServe 0.18.0-rc0 or later, or a Gateway API provider that accepts rules[].timeouts (routeTimeouts: true)',
    );
  }
  warnings.push(
    `Kong ignores the timeouts.request KServe ${release.version} sets on its HTTPRoutes, and this release cannot leave it out (disableHTTPRouteTimeout arrived in 0.18.0-rc0): long predictions end at Kong's own proxy timeouts (60 s by default)`,
  );
  return false;
}

function proxyService(provider: GatewayApiProvider, gateway: { namespace: string; name: string }, className: string): GatewayApiSettings['proxyService'] {
  switch (provider) {
    case 'envoy':
      // Envoy Gateway provisions one Service per Gateway in its own namespace, with a hashed name and
      // these labels (envoyproxy/gateway v1.2.2/v1.8.1 internal/gatewayapi/translator.go OwningGateway*Label).
      return {
        namespace: ENVOY_GATEWAY.namespace,
        name: null,
        selector: `gateway.envoyproxy.io/owning-gateway-namespace=${gateway.namespace},gateway.envoyproxy.io/owning-gateway-name=${gateway.name}`,
      };
    case 'istio':
      // istiod deploys <gateway>-<class> beside the Gateway (istio 1.27.1 conversion.go getDefaultName).
      return { namespace: gateway.namespace, name: `${gateway.name}-${className}`, selector: null };
    case 'kong':
      return { namespace: 'kong', name: 'kong-gateway-proxy', selector: null };
    default:
      return null;
  }
}

function resolveEnvoyGateway(version: string, offline: boolean, className: string): EnvoyGatewaySettings {
  const at = (range: string) => satisfies(version, range);
  const chartDir = `charts/${ENVOY_GATEWAY.chartName}`;
  const proxyImageValue = at(ENVOY_GATEWAY_FEATURE_RANGES.proxyImageValue);
  return {
    version,
    chartVersion: `v${version}`,
    release: ENVOY_GATEWAY.release,
    namespace: ENVOY_GATEWAY.namespace,
    chart: ENVOY_GATEWAY.chart,
    chartDir,
    crdDir: at(ENVOY_GATEWAY_FEATURE_RANGES.crdsSubchart) ? `${chartDir}/charts/crds/crds/generated` : `${chartDir}/crds/generated`,
    proxyImageValue,
    safeUpgradePolicyValue: at(ENVOY_GATEWAY_FEATURE_RANGES.safeUpgradePolicyValue),
    envoyProxy: offline && !proxyImageValue ? gatewayRef(`${ENVOY_GATEWAY.namespace}/${className}-mirror`) : null,
  };
}

/** ingress.gateway differs from its defaults but nothing routes through the Gateway API: say so. */
export function unusedGatewayWarning(preset: Preset): string | null {
  const g = preset.ingress.gateway;
  const defaults = { name: KSERVE_GATEWAY.ref, className: '', listenerName: 'http', listenerPort: 80, tlsSecretName: '', routeTimeouts: true };
  if (JSON.stringify(g) === JSON.stringify(defaults)) return null;
  return `ingress.gateway is not used: with ingress.provider ${preset.ingress.provider}${preset.ingress.provider === 'istio' ? ' and gatewayApi false' : ''} in ${preset.deploymentMode} mode (KServe ${preset.kserve.version}) InferenceServices do not route through a Gateway API Gateway`;
}
