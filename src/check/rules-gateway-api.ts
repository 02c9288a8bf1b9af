/**
 * Rules for the Gateway API layer (RawDeployment/Standard through HTTPRoutes): the Gateway KServe
 * names, its class and controller, which namespaces its listeners admit routes from, and route
 * fields the provider or the installed CRDs do not take. Sources: gateway-and-llm-facts.md §1,
 * catalog/gateways.ts (provider facts read in each provider's source).
 */
import semver from 'semver';
import { FEATURE_RANGES, GATEWAY_API_FEATURE_RANGES, GATEWAY_API_PROVIDERS, satisfies } from '../catalog/index.js';
import { collectCommand } from './collect.js';
import { outcome, type Check, type Finding, type Outcome, type Unchecked } from './finding.js';
import { getPath } from './load.js';
import type { ApiObjectView, GatewayClassView, KServeView, Model } from './model.js';

export const GATEWAY_API_RULES = {
  'gatewayclass-controller': "the Gateway's class is not reconciled by the provider's controller (or by any)",
  'gateway-allowed-routes': 'the Gateway KServe names does not admit HTTPRoutes from other namespaces',
  'route-timeouts-ignored': 'KServe sets HTTPRoute timeouts.request, which the provider (Kong) ignores',
  'gateway-api-route-fields': 'HTTPRoute fields the installed Gateway API CRDs lack',
} as const;

/** In report order (rules.ts runs them after its own). */
export const GATEWAY_API_CHECKS: readonly Check[] = [
  (m) => outcome(gatewayClassController(m), clusterClassUnchecked(m)),
  (m) => outcome(gatewayAllowedRoutes(m)),
  (m) => outcome(routeTimeoutsIgnored(m)),
  gatewayApiRouteFields,
];

/** The Gateway KServe attaches its HTTPRoutes to (kserveIngressGateway), for each KServe view with the Gateway API on. */
function kserveGateways(m: Model): { k: KServeView; gateway: ApiObjectView }[] {
  const out: { k: KServeView; gateway: ApiObjectView }[] = [];
  for (const k of m.kserve) {
    if (!k.enableGatewayApi?.value || !k.kserveIngressGateway) continue;
    const [namespace, name] = k.kserveIngressGateway.value.split('/');
    // A missing Gateway is gateway-api-gateway-missing's finding.
    const gateway = m.apiObjects.find((o) => o.kind === 'Gateway' && o.name === name && (o.namespace ?? namespace) === namespace);
    if (gateway) out.push({ k, gateway });
  }
  return out;
}

/** The GatewayClass a Gateway names, when the input has it. */
export function classOf(m: Model, gateway: ApiObjectView): GatewayClassView | undefined {
  const name = getPath(gateway.body, 'spec.gatewayClassName');
  return m.gatewayClassViews.find((c) => c.name === name);
}

/** Kong's controller: its default name, or the name a Kong deployment sets with --gateway-api-controller-name. */
export function isKongController(m: Model, controller: string | undefined): boolean {
  if (controller === undefined) return false;
  return controller === GATEWAY_API_PROVIDERS.kong.controllerName || m.providerControllers.some((c) => c.controllerName === controller && c.from.includes('gateway_api_controller_name'));
}

/** The Gateway API CRD of a resource (else any of them): its bundle version and channel. */
export function installedGatewayApi(m: Model, resource: string) {
  const crd = m.gatewayApiCrds.find((c) => c.resource === resource) ?? m.gatewayApiCrds[0];
  if (!crd) return undefined;
  return { crd, version: semver.valid(semver.coerce(crd.version ?? '')) ?? undefined, experimental: crd.channel === 'experimental' };
}

export function gatewayClassController(m: Model): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const { gateway } of kserveGateways(m)) {
    const cls = classOf(m, gateway);
    if (!cls || seen.has(cls.object)) continue; // a missing class is gatewayclass-missing's finding
    seen.add(cls.object);
    const base = { rule: 'gatewayclass-controller', severity: 'error' as const };
    const at = (key: string, actual: string) => [{ object: cls.object, file: cls.file, key, actual }];
    const expected = m.providerControllers;
    if (cls.controllerName && expected.length && !expected.some((c) => c.controllerName === cls.controllerName)) {
      out.push({
        ...base,
        places: at('spec.controllerName', cls.controllerName),
        expected: expected.map((c) => c.controllerName).join(' or '),
        expectedFrom: expected.map((c) => c.from).join('; '),
        fix: `set spec.controllerName of GatewayClass ${cls.name} to ${expected[0]!.controllerName} (the GatewayClass is immutable there: delete and re-create it), or point the provider at ${cls.controllerName}; no controller reconciles a class that is not its own, so the Gateway ${gateway.object.replace(/^Gateway /, '')} is never programmed and no InferenceService is reachable`,
      });
    } else if (cls.fromCluster && cls.accepted?.status !== 'True') {
      out.push({
        ...base,
        places: at('status.conditions[type=Accepted]', cls.accepted ? `${cls.accepted.status}${cls.accepted.reason ? ` (${cls.accepted.reason})` : ''}` : 'no Accepted condition'),
        expected: 'True',
        fix: `no running controller accepts controllerName ${cls.controllerName ?? '(none)'}: install the provider (Envoy Gateway, istiod, Kong) configured with that name, or change the class to the name your provider runs with${knownProvider(cls.controllerName)}`,
      });
    }
  }
  return out;
}

function knownProvider(controllerName: string | undefined): string {
  const known = Object.entries(GATEWAY_API_PROVIDERS).filter(([, f]) => f.controllerName).map(([p, f]) => `${p}: ${f.controllerName}`);
  return controllerName ? ` (${known.join(', ')})` : '';
}

/** A Gateway of a class the folder says is the cluster's (provider gatewayclass): without the cluster's classes, nothing to compare. */
function clusterClassUnchecked(m: Model): Unchecked[] {
  if (m.gatewayClassViews.some((c) => c.fromCluster)) return [];
  const theirs = m.gatewayClassViews.filter((c) => c.planned === 'cluster');
  if (!kserveGateways(m).some(({ gateway }) => theirs.some((c) => c.name === getPath(gateway.body, 'spec.gatewayClassName')))) return [];
  return [{ rules: ['gatewayclass-missing', 'gatewayclass-controller'], reason: `the GatewayClass ${theirs.map((c) => c.name).join(', ')} is the cluster's, and no GatewayClass from the cluster is in the input`, collect: [collectCommand('gatewayApi')] }];
}

/**
 * KServe creates each HTTPRoute in its InferenceService's namespace (gateway-and-llm-facts.md §1.2), so
 * an HTTP(S) listener must admit routes from other namespaces: allowedRoutes.namespaces.from defaults
 * to Same; Selector depends on namespace labels the input does not show.
 */
export function gatewayAllowedRoutes(m: Model): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const { k, gateway } of kserveGateways(m)) {
    if (seen.has(gateway.object)) continue;
    seen.add(gateway.object);
    const listeners = getPath(gateway.body, 'spec.listeners');
    if (!Array.isArray(listeners)) continue;
    const http = listeners.map((l, i) => ({ l: l as Record<string, unknown>, i })).filter(({ l }) => ['HTTP', 'HTTPS'].includes(String(l?.protocol)));
    if (http.some(({ l }) => admitsAll(l))) continue;
    for (const { l, i } of http) {
      const from = getPath(l, 'allowedRoutes.namespaces.from');
      const kinds = getPath(l, 'allowedRoutes.kinds');
      const noHttpRoute = Array.isArray(kinds) && kinds.length > 0 && !kinds.some((x) => getPath(x, 'kind') === 'HTTPRoute');
      out.push({
        rule: 'gateway-allowed-routes',
        severity: from === 'Selector' && !noHttpRoute ? 'warning' : 'error',
        places: [
          {
            object: gateway.object,
            file: gateway.file,
            key: noHttpRoute ? `spec.listeners[${i}].allowedRoutes.kinds` : `spec.listeners[${i}].allowedRoutes.namespaces.from`,
            actual: noHttpRoute ? JSON.stringify(kinds) : from === undefined ? 'Same (unset: the default)' : String(from),
          },
        ],
        expected: noHttpRoute ? 'a list with kind HTTPRoute (or no kinds)' : 'All',
        expectedFrom: `${k.object} ${k.kserveIngressGateway!.key}`,
        fix: `set spec.listeners[${i}].allowedRoutes.namespaces.from to All${noHttpRoute ? ' and allow kind HTTPRoute' : ''}: KServe creates each HTTPRoute in its InferenceService's namespace, and a route the listener does not admit is not Accepted, so the InferenceService never becomes Ready${from === 'Selector' ? ' (Selector admits only namespaces with matching labels, which the input does not show)' : ''}`,
      });
    }
  }
  return out;
}

function admitsAll(listener: Record<string, unknown>): boolean {
  const kinds = getPath(listener, 'allowedRoutes.kinds');
  const httpRoutes = !Array.isArray(kinds) || kinds.length === 0 || kinds.some((x) => getPath(x, 'kind') === 'HTTPRoute');
  return httpRoutes && getPath(listener, 'allowedRoutes.namespaces.from') === 'All';
}

/**
 * Kong applies only timeouts.backendRequest; timeouts.request, which KServe sets on every HTTPRoute
 * unless disableHTTPRouteTimeout (0.18+), is ignored (Kong/kubernetes-ingress-controller v3.5.13
 * internal/dataplane/translator/subtranslator/httproute.go:L288-310).
 */
export function routeTimeoutsIgnored(m: Model): Finding[] {
  const out: Finding[] = [];
  const ignoring = Object.values(GATEWAY_API_PROVIDERS).filter((f) => f.honoursRequestTimeout === false).map((f) => f.controllerName);
  for (const { k, gateway } of kserveGateways(m)) {
    if (k.disableHTTPRouteTimeout?.value) continue;
    const cls = classOf(m, gateway);
    const controller = cls?.controllerName;
    const kong = (controller !== undefined && ignoring.includes(controller)) || isKongController(m, controller);
    if (!kong) continue;
    // Before 0.18 KServe cannot leave it out: nothing to set (generate warns about it instead).
    const version = m.kserveVersion?.version;
    if (version !== undefined && !satisfies(version, FEATURE_RANGES.disableHTTPRouteTimeoutKey)) continue;
    const key = k.disableHTTPRouteTimeout?.key ?? 'disableHTTPRouteTimeout';
    out.push({
      rule: 'route-timeouts-ignored',
      severity: 'warning',
      places: [{ object: k.object, file: k.file, key, actual: 'false (KServe sets timeouts.request on its HTTPRoutes)' }],
      expected: version === undefined ? 'true (KServe 0.18 and later)' : 'true',
      expectedFrom: `${cls!.object} spec.controllerName ${controller}`,
      fix: `set ${key} to true: Kong ignores timeouts.request, so the InferenceService timeout is not enforced and long requests end at Kong's own proxy timeouts (60 s by default)`,
    });
  }
  return out;
}

/** Route fields beyond timeouts/parentRefs port (gateway-api-version): standard only from a version, or experimental only. */
const ROUTE_FIELDS: { path: string; since?: string; experimentalOnly?: boolean }[] = [
  { path: 'spec.rules[].name', since: GATEWAY_API_FEATURE_RANGES.routeRuleName },
  { path: 'spec.rules[].retry', experimentalOnly: true },
  { path: 'spec.rules[].sessionPersistence', experimentalOnly: true },
];

export function gatewayApiRouteFields(m: Model): Outcome {
  const routes = m.apiObjects.filter((o) => o.kind === 'HTTPRoute' && Array.isArray(getPath(o.body, 'spec.rules')));
  if (routes.length === 0) return outcome();
  const inst = installedGatewayApi(m, 'httproutes');
  if (!inst) {
    const unchecked: Unchecked = { rules: ['gateway-api-route-fields'], reason: 'the Gateway API version is not in the input (its CRDs carry it)', collect: [collectCommand('gatewayApiCrds')] };
    return outcome([], [unchecked]);
  }
  if (inst.experimental) return outcome();
  const { crd, version: installed } = inst;
  const out: Finding[] = [];
  for (const route of routes) {
    const rules = getPath(route.body, 'spec.rules') as unknown[];
    for (const field of ROUTE_FIELDS) {
      const leaf = field.path.split('.').pop()!;
      const i = rules.findIndex((r) => getPath(r, leaf) !== undefined);
      if (i < 0) continue;
      const lacks = field.experimentalOnly || (installed !== undefined && field.since !== undefined && !satisfies(installed, field.since));
      if (!lacks) continue;
      const needs = field.experimentalOnly ? 'the experimental channel' : `standard CRDs v${semver.minVersion(field.since!)!.version} or newer`;
      out.push({
        rule: 'gateway-api-route-fields',
        severity: 'error',
        places: [{ object: route.object, file: route.file, key: `spec.rules[${i}].${leaf}`, actual: `Gateway API ${crd.version ?? '(version unknown)'} (${crd.channel ?? 'standard'} CRDs)` }],
        expected: needs,
        expectedFrom: `${crd.object} metadata.annotations.gateway.networking.k8s.io/bundle-version`,
        fix: `remove spec.rules[${i}].${leaf} or install ${needs}: the API server drops fields its CRDs lack (kubectl apply rejects them), so the route does not do what it says`,
      });
    }
  }
  return outcome(out);
}
