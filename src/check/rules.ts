/**
 * One function per rule: each reads the model and returns findings naming the object, the key,
 * both values and the fix. Rules only report what the input lets them know: where a check needs
 * objects the input may simply not include (gateway pods, CRDs), it says how to collect them.
 */
import semver from 'semver';
import { FEATURE_RANGES, GATEWAY_API_FEATURE_RANGES, KNATIVE_FEATURE_RANGES, MIN_GATEWAY_API, satisfies } from '../catalog/index.js';
import { KNATIVE_DEFAULT_SKIP, parseRepository } from '../resolve/offline.js';
import { GATEWAY_API_RULES, gatewayApiRules } from './rules-gateway-api.js';
import {
  NET_ISTIO_DEFAULTS,
  getPath,
  modeKind,
  type ApiObjectView,
  type GatewayEntry,
  type KServeView,
  type KnativeIstioView,
  type Model,
  type Setting,
} from './model.js';

export const RULES = {
  'kserve-config-invalid': 'an inferenceservice-config section is not valid JSON',
  'local-gateway-mismatch': 'KServe and Knative name different local gateways or local gateway Services',
  'ingress-gateway-mismatch': 'KServe and Knative name different ingress gateways or Services',
  'config-istio-format': "Knative's config-istio is in a form net-istio rejects",
  'istio-gateway-missing': 'a gateway KServe or Knative names has no Istio Gateway',
  'local-gateway-hosts': "the local gateway's hosts miss a namespace InferenceServices run in",
  'gateway-selector-unmatched': 'a gateway selector matches no known gateway pods',
  'gateway-api-gateway-missing': 'enableGatewayApi with a kserveIngressGateway that names no Gateway',
  'gatewayclass-missing': 'a Gateway whose class has no GatewayClass',
  'gateway-api-version': 'Gateway API fields the installed CRD version lacks',
  'deployment-mode-spelling': 'a deployment mode spelling the KServe version rejects or ignores',
  'ca-bundle-configmap-missing': 'caBundleConfigMapName names a ConfigMap that is not there',
  'ca-bundle-key-missing': 'the CA bundle ConfigMap has no cabundle.crt key',
  'offline-image-registry': 'offline, an image comes from a registry outside registries-skipping-tag-resolving',
  ...GATEWAY_API_RULES,
} as const;

export type RuleId = keyof typeof RULES;
export type Severity = 'error' | 'warning';

export interface Finding {
  rule: RuleId;
  /** error: the install is broken or will break; warning: the input cannot show whether it is. */
  severity: Severity;
  object: string;
  file: string;
  key: string;
  actual: string;
  expected: string;
  /** Where the expected value comes from (the other layer). */
  expectedFrom?: string;
  fix: string;
}

export function runRules(m: Model): Finding[] {
  return [
    ...kserveConfigInvalid(m),
    ...gatewayAgreement(m),
    ...configIstioFormat(m),
    ...istioGatewayMissing(m),
    ...localGatewayHosts(m),
    ...gatewaySelectorUnmatched(m),
    ...gatewayApiGatewayMissing(m),
    ...gatewayClassMissing(m),
    ...gatewayApiVersion(m),
    ...deploymentModeSpelling(m),
    ...caBundle(m),
    ...offlineImageRegistry(m),
    ...gatewayApiRules(m),
  ];
}

/** Gateway agreement only matters where KServe runs InferenceServices through Knative. */
const knativeMode = (k: KServeView) => k.mode === 'knative' || k.mode === 'unknown';
const chartDefault = (s: Setting<unknown>) => (s.defaulted ? ` (${s.key} is not in the values file, so the chart default applies)` : '');
const ref = (e: { namespace: string; name: string }) => `${e.namespace}/${e.name}`;
const COLLECT_ISTIO_GATEWAYS = '`kubectl get gateways.networking.istio.io -A -o yaml`';

// ---------------------------------------------------------------------------------------------

export function kserveConfigInvalid(m: Model): Finding[] {
  return m.kserve.flatMap((k) =>
    k.invalid.map((inv) => ({
      rule: 'kserve-config-invalid' as const,
      severity: 'error' as const,
      object: k.object,
      file: k.file,
      key: inv.key,
      actual: `invalid JSON (${inv.error})`,
      expected: 'a JSON object',
      fix: `fix the JSON of ${inv.key} (kubectl edit configmap inferenceservice-config -n ${k.namespace}): the controller cannot load its configuration and reconciles no InferenceService`,
    })),
  );
}

/** KServe's local/ingress gateway and Service against each Knative config-istio the input holds. */
export function gatewayAgreement(m: Model): Finding[] {
  const out: Finding[] = [];
  for (const k of m.kserve.filter(knativeMode)) {
    for (const n of m.knativeIstio) {
      // knativeLocalGatewayService names Knative's local Service when KServe deliberately routes through
      // a gateway of its own (0.14+); then only the Service has to agree with Knative.
      const knativeService = k.knativeLocalGatewayService?.value ? k.knativeLocalGatewayService : undefined;
      out.push(...compareRole(k, n, 'local', knativeService ? undefined : k.localGateway, knativeService ?? k.localGatewayService));
      out.push(...compareRole(k, n, 'ingress', k.ingressGateway, k.ingressService));
    }
  }
  return out;
}

function compareRole(k: KServeView, n: KnativeIstioView, role: 'local' | 'ingress', gateway?: Setting, service?: Setting): Finding[] {
  const entries = role === 'local' ? n.local : n.external;
  if (entries.length === 0) return []; // "[]": Knative >= 1.22 mesh-only mode, no gateway to agree with
  const rule = role === 'local' ? 'local-gateway-mismatch' : 'ingress-gateway-mismatch';
  // Entries with a labelSelector serve some namespaces; KServe agreeing with any of them is a deliberate setup.
  const byRef = gateway ? entries.find((e) => ref(e) === gateway.value) : undefined;
  const target: GatewayEntry = byRef ?? entries.find((e) => e.isDefault) ?? entries[0]!;
  const harm =
    role === 'local'
      ? "otherwise the activator's cluster-local requests go to a gateway Knative does not program and end in 504s"
      : "otherwise requests to InferenceService URLs enter a gateway Knative's routes are not bound to";
  const out: Finding[] = [];
  const add = (s: Setting, expected: string, what: string) =>
    out.push({
      rule,
      severity: 'error',
      object: k.object,
      file: k.file,
      key: s.key,
      actual: s.value,
      expected,
      expectedFrom: `${n.object} ${target.key}`,
      fix: `KServe and Knative must name the same ${role} ${what}: set ${s.key} to "${expected}", or make ${n.object} ${target.key} name "${s.value}"; ${harm}${chartDefault(s)}`,
    });
  if (gateway && !byRef) add(gateway, ref(target), 'gateway');
  if (service && service.value !== target.service) add(service, target.service, 'gateway Service');
  return out;
}

export function configIstioFormat(m: Model): Finding[] {
  const out: Finding[] = [];
  for (const n of m.knativeIstio) {
    const base = { rule: 'config-istio-format' as const, severity: 'error' as const, object: n.object, file: n.file };
    for (const p of n.problems) {
      out.push({ ...base, key: p.key, actual: p.actual, expected: 'a YAML list of {name, namespace, service} entries', fix: `${p.problem}: ${p.fix}; net-istio rejects the whole config-istio otherwise` });
    }
    const listKeys = [...n.local, ...n.external].filter((e) => /\.(local|external)-gateways\[/.test(e.key));
    if (n.format === 'mixed') {
      out.push({
        ...base,
        key: n.prefix,
        actual: 'legacy gateway.*/local-gateway.* keys and external-gateways/local-gateways lists',
        expected: 'one format only',
        fix: 'net-istio refuses the ConfigMap ("can not be defined simultaneously"): keep the lists (Knative 1.14 and later) or only the legacy keys',
      });
    }
    const version = n.knativeVersion && semver.coerce(n.knativeVersion.value);
    if (listKeys.length && version && !satisfies(version.version, KNATIVE_FEATURE_RANGES.istioGatewayLists)) {
      const first = listKeys[0]!;
      out.push({
        ...base,
        key: first.key.replace(/\[\d+\]$/, ''),
        actual: `a gateway list on Knative ${n.knativeVersion!.value}`,
        expected: 'legacy keys gateway.<namespace>.<name> / local-gateway.<namespace>.<name>',
        expectedFrom: `${n.object} ${n.knativeVersion!.key}`,
        fix: `net-istio reads local-gateways/external-gateways only from Knative 1.14: write local-gateway.${first.namespace}.${first.name}: "${first.service}" instead, or upgrade Knative`,
      });
    }
    for (const list of ['local-gateways', 'external-gateways']) {
      const entries = listKeys.filter((e) => e.key.includes(`.${list}[`));
      const defaults = entries.filter((e) => e.isDefault).length;
      if (entries.length && defaults !== 1) {
        out.push({
          ...base,
          key: `${n.prefix}.${list}`,
          actual: `${defaults} entries without labelSelector`,
          expected: 'exactly one entry without labelSelector',
          fix: 'net-istio needs exactly one default entry (no labelSelector) per list; give the others a labelSelector',
        });
      }
    }
  }
  return out;
}

interface GatewayRefUse {
  ref: string;
  role: 'local' | 'ingress';
  object: string;
  file: string;
  key: string;
}

/** Every Istio gateway KServe (in Knative mode) or Knative names. */
function istioGatewayRefs(m: Model): GatewayRefUse[] {
  const uses: GatewayRefUse[] = [];
  for (const k of m.kserve.filter(knativeMode)) {
    if (k.localGateway && !k.knativeLocalGatewayService?.value) uses.push({ ref: k.localGateway.value, role: 'local', object: k.object, file: k.file, key: k.localGateway.key });
    if (k.ingressGateway) uses.push({ ref: k.ingressGateway.value, role: 'ingress', object: k.object, file: k.file, key: k.ingressGateway.key });
  }
  for (const n of m.knativeIstio) {
    for (const e of n.local) uses.push({ ref: ref(e), role: 'local', object: n.object, file: n.file, key: e.key });
    for (const e of n.external) uses.push({ ref: ref(e), role: 'ingress', object: n.object, file: n.file, key: e.key });
  }
  return uses;
}

const NET_ISTIO_GATEWAYS = new Set([ref(NET_ISTIO_DEFAULTS.local), ref(NET_ISTIO_DEFAULTS.external)]);

function findIstioGateway(m: Model, gatewayRef: string) {
  const [namespace, name] = gatewayRef.split('/');
  return m.istioGateways.find((g) => g.name === name && (g.namespace ?? namespace) === namespace);
}

export function istioGatewayMissing(m: Model): Finding[] {
  // net-istio creates its two Gateways itself: a cluster listing holds them, a generated folder does not
  // (it may hold one of them, re-applied with another selector, without the other).
  const knativeGatewaysCollected = m.istioGateways.some((g) => g.namespace === 'knative-serving' && g.fromCluster);
  const out: Finding[] = [];
  for (const use of istioGatewayRefs(m)) {
    if (findIstioGateway(m, use.ref)) continue;
    if (NET_ISTIO_GATEWAYS.has(use.ref) && !knativeGatewaysCollected) continue;
    const parts = use.ref.split('/');
    const wellFormed = parts.length === 2 && parts.every((p) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(p));
    const present = m.istioGateways.map((g) => `${g.namespace ?? '?'}/${g.name}`);
    out.push({
      rule: 'istio-gateway-missing',
      severity: 'error',
      object: use.object,
      file: use.file,
      key: use.key,
      actual: use.ref,
      expected: present.length ? `one of ${present.join(', ')}` : 'an Istio Gateway (networking.istio.io) of that namespace/name',
      fix: wellFormed
        ? `apply the Istio Gateway ${use.ref} (a generated folder has it in manifests/), or point ${use.key} at a Gateway that exists; if it does exist, add ${COLLECT_ISTIO_GATEWAYS} to the input`
        : `write the ${use.role} gateway as <namespace>/<name> of an Istio Gateway`,
    });
  }
  return dedupe(out);
}

/** Knative's cluster-local host forms for a namespace, as the generator writes them. */
const hostForms = (ns: string) => [`*.${ns}`, `*.${ns}.svc`, `*.${ns}.svc.cluster.local`];

/** Istio server host matching: an optional "<namespace>/" prefix, then "*", "*.suffix" or an exact name. */
function hostCovers(pattern: string, host: string): boolean {
  const h = pattern.includes('/') ? pattern.slice(pattern.indexOf('/') + 1) : pattern;
  if (h === '*') return true;
  if (h.startsWith('*.')) return host.endsWith(h.slice(1));
  return h === host;
}

export function localGatewayHosts(m: Model): Finding[] {
  if (m.servingNamespaces.length === 0) return [];
  const locals = new Set(istioGatewayRefs(m).filter((u) => u.role === 'local').map((u) => u.ref));
  const out: Finding[] = [];
  for (const gatewayRef of locals) {
    const gw = findIstioGateway(m, gatewayRef);
    if (!gw) continue; // istio-gateway-missing reports it
    const hosts = gw.servers.flatMap((s) => s.hosts);
    const key = gw.servers.length === 1 ? gw.servers[0]!.key : 'spec.servers[].hosts';
    const seen = new Set<string>();
    for (const { namespace, from } of m.servingNamespaces) {
      if (seen.has(namespace)) continue;
      seen.add(namespace);
      const missing = hostForms(namespace).filter((form) => !hosts.some((h) => hostCovers(h, form.replace('*', 'isvc'))));
      if (missing.length === 0) continue;
      out.push({
        rule: 'local-gateway-hosts',
        severity: 'error',
        object: gw.object,
        file: gw.file,
        key,
        actual: hosts.length ? hosts.join(', ') : '(no hosts)',
        expected: missing.join(', '),
        expectedFrom: `namespace ${namespace} (${from})`,
        fix: `add ${missing.map((h) => `"${h}"`).join(', ')} to ${key}: cluster-local requests to InferenceServices in ${namespace} match no host of this local gateway and fail with 404`,
      });
    }
  }
  return out;
}

const formatLabels = (labels: Record<string, string>) =>
  Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');

export function gatewaySelectorUnmatched(m: Model): Finding[] {
  // Without any Service, workload or gateway chart values in the input, every custom selector would
  // look unmatched: only check when the input shows some pods.
  if (!m.gatewayPodsCollected) return [];
  const uses = istioGatewayRefs(m);
  const targets: { object: string; file: string; key: string; selector: Record<string, string>; role: 'local' | 'ingress' }[] = [];
  const seen = new Set<string>();
  for (const gw of m.istioGateways) {
    const gatewayRef = `${gw.namespace ?? ''}/${gw.name}`;
    const use = uses.find((u) => u.ref === gatewayRef);
    const role = use?.role ?? (gatewayRef === ref(NET_ISTIO_DEFAULTS.local) ? 'local' : NET_ISTIO_GATEWAYS.has(gatewayRef) ? 'ingress' : undefined);
    if (!role || seen.has(gw.object)) continue; // not a gateway KServe or Knative routes through
    seen.add(gw.object);
    targets.push({ object: gw.object, file: gw.file, key: 'spec.selector', selector: gw.selector, role });
  }
  for (const ks of m.knativeServings) for (const s of ks.selectors) targets.push({ object: ks.object, file: ks.file, key: s.key, selector: s.selector, role: s.role });

  const out: Finding[] = [];
  for (const t of targets) {
    const entries = Object.entries(t.selector);
    if (entries.length === 0) continue;
    if (m.gatewayPods.some((p) => entries.every(([k, v]) => p.labels[k] === v))) continue;
    const service = gatewayService(m, t.role);
    const [svcName, svcNamespace] = service.split('.');
    const behind = m.gatewayPods.find((p) => p.name === svcName && (p.namespace === undefined || p.namespace === svcNamespace));
    const candidates = [...new Set(m.gatewayPods.map((p) => formatLabels(p.labels)))];
    out.push({
      rule: 'gateway-selector-unmatched',
      severity: 'error',
      object: t.object,
      file: t.file,
      key: t.key,
      actual: formatLabels(t.selector),
      expected: behind ? formatLabels(behind.labels) : candidates.join(' | '),
      expectedFrom: behind ? `${behind.from}: the pods behind ${service}` : 'labels of the gateway pods in the input',
      fix: `set ${t.key} to labels the gateway pods behind ${service} carry, or give those pods the labels ${formatLabels(t.selector)}; a selector that matches no pods leaves the gateway unprogrammed and requests through it fail`,
    });
  }
  return out;
}

/** The Service behind the local/ingress gateway: KServe's setting, else Knative's, else net-istio's default. */
function gatewayService(m: Model, role: 'local' | 'ingress'): string {
  for (const k of m.kserve.filter(knativeMode)) {
    const s = role === 'local' ? (k.knativeLocalGatewayService?.value ? k.knativeLocalGatewayService : k.localGatewayService) : k.ingressService;
    if (s?.value) return s.value;
  }
  for (const n of m.knativeIstio) {
    const e = (role === 'local' ? n.local : n.external).find((x) => x.isDefault);
    if (e) return e.service;
  }
  return role === 'local' ? NET_ISTIO_DEFAULTS.local.service : NET_ISTIO_DEFAULTS.external.service;
}

const apiGateways = (m: Model) => m.apiObjects.filter((o) => o.kind === 'Gateway');

export function gatewayApiGatewayMissing(m: Model): Finding[] {
  const out: Finding[] = [];
  for (const k of m.kserve) {
    if (!k.enableGatewayApi?.value) continue;
    const setting = k.kserveIngressGateway;
    const key = setting?.key ?? `${k.enableGatewayApi.key.replace(/enableGatewayApi$/, '')}kserveIngressGateway`;
    const base = { rule: 'gateway-api-gateway-missing' as const, severity: 'error' as const, object: k.object, file: k.file, key };
    const present = apiGateways(m).map((g) => `${g.namespace ?? '?'}/${g.name}`);
    const expected = present.length ? `one of ${present.join(', ')}` : 'a Gateway API Gateway (none in the input)';
    if (!setting || setting.value === '') {
      out.push({ ...base, actual: '(unset)', expected: '<namespace>/<name> of a Gateway API Gateway', fix: `set ${key}: with enableGatewayApi true KServe refuses an ingress config without it` });
      continue;
    }
    const [namespace, name, extra] = setting.value.split('/');
    if (!namespace || !name || extra !== undefined) {
      out.push({ ...base, actual: setting.value, expected: '<namespace>/<name>', fix: `write ${key} as <namespace>/<name>: KServe rejects any other form when enableGatewayApi is true` });
      continue;
    }
    if (apiGateways(m).some((g) => g.name === name && (g.namespace ?? namespace) === namespace)) continue;
    out.push({
      ...base,
      actual: setting.value,
      expected,
      fix: `apply the Gateway ${setting.value} (a generated folder has it in manifests/), or set ${key} to a Gateway that exists; KServe attaches every HTTPRoute to it, so no InferenceService is reachable without it. If it exists, add \`kubectl get gateway -A -o yaml\` to the input${chartDefault(setting)}`,
    });
  }
  return out;
}

export function gatewayClassMissing(m: Model): Finding[] {
  const out: Finding[] = [];
  for (const gw of apiGateways(m)) {
    const cls = getPath(gw.body, 'spec.gatewayClassName');
    if (typeof cls !== 'string' || m.gatewayClasses.includes(cls)) continue;
    out.push({
      rule: 'gatewayclass-missing',
      severity: 'error',
      object: gw.object,
      file: gw.file,
      key: 'spec.gatewayClassName',
      actual: cls,
      expected: m.gatewayClasses.length ? `one of ${m.gatewayClasses.join(', ')}` : 'a GatewayClass of that name (none in the input)',
      fix: gw.viaChart
        ? `the KServe chart's own Gateway has class envoy hardcoded: install Envoy Gateway with GatewayClass envoy, or set ${gw.viaChart.key} to false in ${gw.viaChart.object} and apply a Gateway of your class`
        : `create GatewayClass ${cls} for your Gateway controller (Kong: controllerName konghq.com/kic-gateway-controller and the annotation konghq.com/gatewayclass-unmanaged), or set spec.gatewayClassName to an existing class; a Gateway without its class is never programmed. If it exists, add \`kubectl get gatewayclass -o yaml\` to the input`,
    });
  }
  return out;
}

/**
 * Fields of the standard channel that older Gateway API CRDs lack. API servers prune unknown fields,
 * and `kubectl apply` (strict field validation) rejects them.
 */
const GATED_FIELDS: { kind: ApiObjectView['kind']; resource: string; path: string; range: string }[] = [
  { kind: 'Gateway', resource: 'gateways', path: 'spec.infrastructure', range: GATEWAY_API_FEATURE_RANGES.gatewayInfrastructure },
  { kind: 'HTTPRoute', resource: 'httproutes', path: 'spec.rules[].timeouts', range: GATEWAY_API_FEATURE_RANGES.routeTimeouts },
  { kind: 'HTTPRoute', resource: 'httproutes', path: 'spec.parentRefs[].port', range: GATEWAY_API_FEATURE_RANGES.parentRefPort },
];
/** The first version a range admits, for messages ("v1.2.0 or newer"). */
const since = (range: string) => semver.minVersion(range)!.version;
const COLLECT_CRDS = '`kubectl get crd gateways.gateway.networking.k8s.io httproutes.gateway.networking.k8s.io -o yaml`';
const installGatewayApi = (version: string) =>
  `kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v${version}/standard-install.yaml`;

/**
 * The installed Gateway API version comes from the CRDs' bundle-version annotation when the input has
 * them. Without CRDs the version is unknown: a gated field is then a warning (the cluster may well
 * have v1.2+; the check cannot tell), never silence, since v1.0/v1.1 are still common.
 */
export function gatewayApiVersion(m: Model): Finding[] {
  const installed = (resource: string) => {
    const crd = m.gatewayApiCrds.find((c) => c.resource === resource) ?? m.gatewayApiCrds[0];
    if (!crd) return undefined;
    return { crd, version: semver.valid(semver.coerce(crd.version ?? '')) ?? undefined, experimental: crd.channel === 'experimental' };
  };
  const out: Finding[] = [];
  for (const obj of m.apiObjects) {
    for (const gate of GATED_FIELDS.filter((g) => g.kind === obj.kind)) {
      const at = findField(obj.body, gate.path);
      if (at === undefined) continue;
      const inst = installed(gate.resource);
      if (inst?.experimental) continue;
      const origin = obj.viaChart ? ` (the KServe chart's Gateway: or set ${obj.viaChart.key} to false in ${obj.viaChart.object} and apply a Gateway without it)` : '';
      const expected = `Gateway API v${since(gate.range)} or newer (standard CRDs)`;
      if (inst?.version === undefined) {
        out.push({
          rule: 'gateway-api-version',
          severity: 'warning',
          object: obj.object,
          file: obj.file,
          key: at,
          actual: 'Gateway API version unknown (no Gateway API CRD in the input)',
          expected,
          fix: `${gate.path} needs Gateway API v${since(gate.range)}+ standard CRDs; make sure they are installed (${installGatewayApi(MIN_GATEWAY_API)}) and add ${COLLECT_CRDS} to the input so check can tell${origin}`,
        });
      } else if (!satisfies(inst.version, gate.range)) {
        out.push({
          rule: 'gateway-api-version',
          severity: 'error',
          object: obj.object,
          file: obj.file,
          key: at,
          actual: `Gateway API ${inst.crd.version} (standard CRDs)`,
          expected,
          expectedFrom: `${inst.crd.object} metadata.annotations.gateway.networking.k8s.io/bundle-version`,
          fix: `install newer CRDs (${installGatewayApi(MIN_GATEWAY_API)}) or remove ${at}: v${inst.version} CRDs lack ${gate.path}, so kubectl apply rejects it and the API server drops it${origin}`,
        });
      }
    }
  }
  // KServe's HTTPRoutes are not in the input (the controller creates them), but they always set
  // spec.rules[].timeouts unless disableHTTPRouteTimeout (0.18+) is true (ecosystem-facts.md §3).
  const reported = new Set<string>();
  for (const k of m.kserve) {
    if (!k.enableGatewayApi?.value || k.disableHTTPRouteTimeout?.value) continue;
    const inst = installed('httproutes');
    if (!inst || inst.experimental || inst.version === undefined || satisfies(inst.version, GATEWAY_API_FEATURE_RANGES.routeTimeouts) || reported.has(inst.crd.object)) continue;
    reported.add(inst.crd.object);
    out.push({
      rule: 'gateway-api-version',
      severity: 'error',
      object: inst.crd.object,
      file: inst.crd.file,
      key: 'metadata.annotations.gateway.networking.k8s.io/bundle-version',
      actual: inst.crd.version ?? '',
      expected: `v${since(GATEWAY_API_FEATURE_RANGES.routeTimeouts)} or newer`,
      expectedFrom: `${k.object} ${k.enableGatewayApi.key}`,
      fix: `KServe's HTTPRoutes set spec.rules[].timeouts, a standard field only from v${since(GATEWAY_API_FEATURE_RANGES.routeTimeouts)}: install newer CRDs (${installGatewayApi(MIN_GATEWAY_API)}); on KServe 0.18+ disableHTTPRouteTimeout: true also avoids it`,
    });
  }
  return out;
}

/** The first concrete path of a gated field in an object (`spec.rules[0].timeouts`), or undefined. */
function findField(body: unknown, path: string): string | undefined {
  const search = (node: unknown, parts: string[], at: string): string | undefined => {
    if (parts.length === 0) return node === undefined ? undefined : at;
    const [head, ...rest] = parts as [string, ...string[]];
    if (head.endsWith('[]')) {
      const list = getPath(node, head.slice(0, -2));
      if (!Array.isArray(list)) return undefined;
      for (let i = 0; i < list.length; i++) {
        const found = search(list[i], rest, `${at}${at ? '.' : ''}${head.slice(0, -2)}[${i}]`);
        if (found) return found;
      }
      return undefined;
    }
    return search(getPath(node, head), rest, `${at}${at ? '.' : ''}${head}`);
  };
  return search(body, path.split('.'), '');
}

const LEGACY_OF: Record<string, string> = { Knative: 'Serverless', Standard: 'RawDeployment' };
const NEW_OF: Record<string, string> = { Serverless: 'Knative', RawDeployment: 'Standard' };

export function deploymentModeSpelling(m: Model): Finding[] {
  const version = m.kserveVersion?.version;
  const out: Finding[] = [];
  const check = (object: string, file: string, key: string, value: string, annotation: boolean) => {
    const base = { rule: 'deployment-mode-spelling' as const, object, file, key, actual: value, expectedFrom: m.kserveVersion ? `KServe ${version} (${m.kserveVersion.from})` : undefined };
    const newNames = version !== undefined && satisfies(version, FEATURE_RANGES.newModeNames);
    if (modeKind(value) === 'unknown') {
      const expected = version === undefined ? 'Serverless, RawDeployment or ModelMesh (or Knative, Standard from KServe 0.16)' : newNames ? 'Knative, Standard or ModelMesh' : 'Serverless, RawDeployment or ModelMesh';
      out.push({ ...base, severity: 'error', expected, fix: `spell the mode exactly (case matters): ${expected}` });
      return;
    }
    if (LEGACY_OF[value] && version === undefined) {
      out.push({
        ...base,
        severity: 'warning',
        expected: `${LEGACY_OF[value]} (or a KServe of 0.16.0-rc0 or later)`,
        fix: `${value} is accepted only from KServe 0.16.0-rc0; older controllers reject it. The input does not say the KServe version: add \`kubectl get deployment kserve-controller-manager -n kserve -o yaml\` so check can tell`,
      });
    } else if (LEGACY_OF[value] && !newNames) {
      out.push({
        ...base,
        severity: 'error',
        expected: LEGACY_OF[value]!,
        fix: annotation
          ? `use ${LEGACY_OF[value]}: KServe ${version} ignores ${value} in this annotation and deploys the InferenceService in the default mode`
          : `use ${LEGACY_OF[value]}: the KServe ${version} controller rejects ${value} ("invalid deployment mode") and cannot load its configuration`,
      });
    } else if (annotation && NEW_OF[value] && newNames && !satisfies(version!, FEATURE_RANGES.legacyModeAnnotations)) {
      out.push({
        ...base,
        severity: 'error',
        expected: NEW_OF[value]!,
        fix: `use ${NEW_OF[value]}: KServe ${version}'s webhooks do not normalise the legacy annotation value, so validation treats it as another mode and later updates are rejected (normalised from 0.17)`,
      });
    }
  };
  for (const k of m.kserve) if (k.deploymentMode && !k.deploymentMode.defaulted) check(k.object, k.file, k.deploymentMode.key, k.deploymentMode.value, false);
  for (const a of m.modeAnnotations) check(a.object, a.file, a.key, a.value, true);
  return out;
}

const CA_KEY = 'cabundle.crt';

/** caBundleConfigMapName must name a ConfigMap in the controller's namespace with key cabundle.crt (kserve-versions.md §6). */
export function caBundle(m: Model): Finding[] {
  const out: Finding[] = [];
  for (const k of m.kserve) {
    const setting = k.caBundleConfigMapName;
    if (!setting?.value) continue;
    const ns = k.namespace;
    const create = `kubectl create configmap ${setting.value} -n ${ns} --from-file=${CA_KEY}=ca.pem`;
    const cm = m.configMaps.find((c) => c.name === setting.value && (c.namespace ?? ns) === ns);
    if (!cm) {
      const withKey = m.configMaps.filter((c) => (c.namespace ?? ns) === ns && c.data[CA_KEY]).map((c) => c.name);
      out.push({
        rule: 'ca-bundle-configmap-missing',
        severity: 'error',
        object: k.object,
        file: k.file,
        key: setting.key,
        actual: setting.value,
        expected: withKey.length ? `one of ${withKey.join(', ')}` : `a ConfigMap in namespace ${ns} with key ${CA_KEY}`,
        fix: `create it in the controller's namespace (${create}) or name an existing one; KServe copies it into every InferenceService namespace as global-ca-bundle and fails to reconcile InferenceServices without it. If it exists, add \`kubectl get configmap -n ${ns} -o yaml\` to the input`,
      });
    } else if (!cm.data[CA_KEY]?.trim()) {
      const keys = [...Object.keys(cm.data), ...cm.binaryKeys.map((b) => `binaryData.${b}`)];
      out.push({
        rule: 'ca-bundle-key-missing',
        severity: 'error',
        object: cm.object,
        file: cm.file,
        key: `data.${CA_KEY}`,
        actual: keys.length ? `keys ${keys.join(', ')}` : '(no data)',
        expected: CA_KEY,
        expectedFrom: `${k.object} ${setting.key}`,
        fix: `put the PEM certificates under data.${CA_KEY} (${create} --dry-run=client -o yaml | kubectl apply -f -): KServe copies only that key and fails on a ConfigMap without it`,
      });
    }
  }
  return out;
}

/**
 * The registry host of an image as Knative compares it with registries-skipping-tag-resolving:
 * go-containerregistry names Docker Hub "index.docker.io", also for images written without a host.
 * `auto` (Istio's injected proxy), ko:// references and templates name no registry.
 */
export function imageRegistry(image: string): string | undefined {
  if (image === '' || image === 'auto' || /^[a-z]+:\/\//.test(image) || image.includes('{{')) return undefined;
  const registry = parseRepository(image).registry.toLowerCase();
  return registry === 'docker.io' ? 'index.docker.io' : registry;
}

/**
 * Offline means: registries-skipping-tag-resolving lists a registry beyond Knative's defaults (a
 * mirror), or --offline-registry / the preset names one. Then every image must come from a listed
 * registry or the mirror: anything else neither resolves (Knative asks the registry for the digest)
 * nor pulls in an air-gapped cluster.
 */
export function offlineImageRegistry(m: Model): Finding[] {
  const skip = [...new Set(m.skipLists.flatMap((s) => s.hosts))];
  const mirrors = m.offlineRegistries.map((r) => (r.host === 'docker.io' ? 'index.docker.io' : r.host));
  if (!skip.some((h) => !KNATIVE_DEFAULT_SKIP.includes(h)) && mirrors.length === 0) return [];
  const allowed = [...new Set([...skip, ...mirrors, ...KNATIVE_DEFAULT_SKIP])];
  const from = [...m.skipLists.map((s) => `${s.object} ${s.key}`), ...m.offlineRegistries.map((r) => r.from)].join('; ');
  const mirror = mirrors[0] ?? skip.find((h) => !KNATIVE_DEFAULT_SKIP.includes(h))!;
  const out: Finding[] = [];
  for (const img of m.images) {
    const host = imageRegistry(img.image);
    if (host === undefined || allowed.includes(host)) continue;
    const dockerHub = host === 'index.docker.io' && skip.includes('docker.io') ? ' (Knative names Docker Hub index.docker.io, so "docker.io" in the list does not match)' : '';
    out.push({
      rule: 'offline-image-registry',
      severity: 'error',
      object: img.object,
      file: img.file,
      key: img.key,
      actual: `${host} (${img.image})`,
      expected: allowed.join(', '),
      expectedFrom: from,
      fix: `mirror ${img.image} to ${mirror} and reference the mirrored image, or add ${host} to registries-skipping-tag-resolving${dockerHub}; offline, Knative cannot resolve the tag and nodes cannot pull from ${host}`,
    });
  }
  // The operator's spec.registry rewrites container images but not config-deployment's queue-sidecar-image,
  // so revisions keep pulling gcr.io (knative/operator#2313; ecosystem-facts.md §1).
  const queueInConfigMap = m.configMaps.some((c) => c.name === 'config-deployment' && (c.data['queue-sidecar-image'] ?? c.data.queueSidecarImage));
  for (const ks of m.knativeServings) {
    if (!ks.mirrorsImages || ks.queueSidecarImageSet || queueInConfigMap) continue;
    out.push({
      rule: 'offline-image-registry',
      severity: 'error',
      object: ks.object,
      file: ks.file,
      key: 'spec.config.deployment.queue-sidecar-image',
      actual: "gcr.io (unset: Knative's default queue-proxy image)",
      expected: allowed.join(', '),
      expectedFrom: from,
      fix: `set spec.config.deployment.queue-sidecar-image to the mirrored queue-proxy image (${mirror}/...): spec.registry does not reach it, so every revision still pulls from gcr.io`,
    });
  }
  return dedupe(out);
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const id = `${f.rule}|${f.object}|${f.key}|${f.actual}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
