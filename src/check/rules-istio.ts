/**
 * Istio and Knative gateway rules: KServe and Knative name the same gateways, config-istio is in a
 * form net-istio reads, the named Istio Gateways exist, serve the InferenceServices' namespaces and
 * select gateway pods that run. Sources: ecosystem-facts.md §1, §2, §5.
 */
import semver from 'semver';
import { KNATIVE_FEATURE_RANGES, satisfies } from '../catalog/index.js';
import { collectCommand } from './collect.js';
import { groupBy, unique, mergeSame, outcome, type Finding, type Outcome, type Place, type Unchecked } from './finding.js';
import { NET_ISTIO_DEFAULTS, chartDefaultNote, knativeMode, type GatewayEntry, type KServeView, type KnativeIstioView, type Model, type Setting } from './model.js';
import { ISTIO_NAMESPACE, knownPods, matches, podsIn } from './pods.js';

export const ISTIO_RULES = {
  'local-gateway-mismatch': 'KServe and Knative name different local gateways or local gateway Services',
  'ingress-gateway-mismatch': 'KServe and Knative name different ingress gateways or Services',
  'config-istio-format': "Knative's config-istio is in a form net-istio rejects",
  'istio-gateway-missing': 'a gateway KServe or Knative names has no Istio Gateway',
  'local-gateway-hosts': "the local gateway's hosts miss a namespace InferenceServices run in",
  'gateway-selector-unmatched': 'a gateway selector matches no running gateway pods',
} as const;

type Role = 'local' | 'ingress';
const ref = (e: { namespace: string; name: string }) => `${e.namespace}/${e.name}`;
const quoted = (items: string[]) => items.map((i) => `"${i}"`).join(', ');
const NET_ISTIO_GATEWAYS = new Set([ref(NET_ISTIO_DEFAULTS.local), ref(NET_ISTIO_DEFAULTS.external)]);

// ---------------------------------------------------------------------------------------------
// KServe and Knative name the same gateways

/** One KServe view disagreeing with one Knative config-istio about one role. */
interface Disagreement {
  role: Role;
  /** The Knative entry KServe should agree with. */
  target: GatewayEntry;
  n: KnativeIstioView;
  settings: { kind: 'gateway' | 'service'; setting: Setting; object: string; file: string }[];
}

/**
 * KServe's local/ingress gateway and Service against each Knative config-istio. One finding per
 * Knative gateway KServe disagrees with, listing every KServe key (gateway and Service, in the values
 * file and the ConfigMap) that names something else.
 */
export function gatewayAgreement(m: Model): Outcome {
  const kserve = m.kserve.filter(knativeMode);
  const rules = ['local-gateway-mismatch', 'ingress-gateway-mismatch'];
  if (kserve.length > 0 && m.knativeIstio.length === 0) {
    return outcome([], [{ rules, reason: "Knative's gateway configuration (a KnativeServing or the config-istio ConfigMap) is not in the input", collect: [collectCommand('knativeConfigMaps')] }]);
  }
  if (m.kserve.length === 0 && m.knativeIstio.some((n) => !n.assumed)) {
    return outcome([], [{ rules, reason: "KServe's configuration (inferenceservice-config or the chart's values) is not in the input", collect: [collectCommand('kserveConfigMaps', m.kserveNamespace)] }]);
  }
  const found: Disagreement[] = [];
  for (const k of kserve) {
    for (const n of m.knativeIstio) {
      // knativeLocalGatewayService names Knative's local Service when KServe deliberately routes through
      // a gateway of its own (0.14+); then only the Service has to agree with Knative.
      const knativeService = k.knativeLocalGatewayService?.value ? k.knativeLocalGatewayService : undefined;
      found.push(...compareRole(k, n, 'local', knativeService ? undefined : k.localGateway, knativeService ?? k.localGatewayService));
      found.push(...compareRole(k, n, 'ingress', k.ingressGateway, k.ingressService));
    }
  }
  const groups = groupBy(found, (d) => `${d.role}\0${ref(d.target)}\0${d.target.service}`);
  return outcome([...groups.values()].map(agreementFinding));
}

function compareRole(k: KServeView, n: KnativeIstioView, role: Role, gateway?: Setting, service?: Setting): Disagreement[] {
  const entries = role === 'local' ? n.local : n.external;
  if (entries.length === 0) return []; // "[]": Knative >= 1.22 mesh-only mode, no gateway to agree with
  // Entries with a labelSelector serve some namespaces; KServe agreeing with any of them is a deliberate setup.
  const byRef = gateway ? entries.find((e) => ref(e) === gateway.value) : undefined;
  const target = byRef ?? entries.find((e) => e.isDefault) ?? entries[0]!;
  const settings: Disagreement['settings'] = [];
  if (gateway && !byRef) settings.push({ kind: 'gateway', setting: gateway, object: k.object, file: k.file });
  if (service && service.value !== target.service) settings.push({ kind: 'service', setting: service, object: k.object, file: k.file });
  return settings.length ? [{ role, target, n, settings }] : [];
}

function agreementFinding(group: Disagreement[]): Finding {
  const { role, target } = group[0]!;
  const settings = group.flatMap((d) => d.settings);
  const kinds = new Set(settings.map((s) => s.kind));
  const want = (kind: 'gateway' | 'service') => (kind === 'gateway' ? ref(target) : target.service);
  const both = kinds.size === 2;
  const what = both ? 'gateway and gateway Service' : kinds.has('gateway') ? 'gateway' : 'gateway Service';
  // What KServe names, for the fix that changes Knative instead.
  const kserveGateway = settings.find((s) => s.kind === 'gateway')?.setting.value ?? ref(target);
  const kserveService = settings.find((s) => s.kind === 'service')?.setting.value ?? target.service;
  const setKserve = unique(settings.map((s) => `${s.setting.key} to "${want(s.kind)}"`));
  const setKnative = unique(group.map((d) => knativeFix(d, kinds, kserveGateway, kserveService)));
  const harm =
    role === 'local'
      ? "otherwise the activator's cluster-local requests go to a gateway Knative does not program and end in 504s"
      : "otherwise requests to InferenceService URLs enter a gateway Knative's routes are not bound to";
  return {
    rule: role === 'local' ? 'local-gateway-mismatch' : 'ingress-gateway-mismatch',
    severity: 'error',
    places: settings.map((s) => ({ object: s.object, file: s.file, key: s.setting.key, actual: s.setting.value })),
    expected: both ? `${ref(target)} (Service ${target.service})` : want([...kinds][0]!),
    expectedFrom: unique(group.map((d) => `${d.n.object} ${d.target.key}`)).join('; '),
    fix: `KServe and Knative must name the same ${role} ${what}: set ${setKserve.join(' and ')}, or make Knative name what KServe names (${setKnative.join('; ')}); ${harm}${settings.map((s) => chartDefaultNote(s.setting)).find(Boolean) ?? ''}`,
  };
}

/**
 * How to make one config-istio name KServe's gateway, in its own key format: a legacy key names the
 * gateway in the key itself (`local-gateway.<namespace>.<name>: <service>`), a list entry in fields.
 */
function knativeFix(d: Disagreement, kinds: Set<string>, gateway: string, service: string): string {
  const { n, target, role } = d;
  const [namespace, name] = gateway.split('/');
  const legacyKey = `${role === 'local' ? 'local-gateway' : 'gateway'}.${namespace}.${name}`;
  const list = role === 'local' ? 'local-gateways' : 'external-gateways';
  if (target.implicit) {
    return n.format === 'lists'
      ? `add {name: ${name}, namespace: ${namespace}, service: ${service}} to ${n.object} ${n.prefix}.${list}`
      : `add ${legacyKey}: "${service}" to ${n.object} ${n.prefix}`;
  }
  if (/\[\d+\]$/.test(target.key)) {
    const fields = [...(kinds.has('gateway') ? [`name: ${name}`, `namespace: ${namespace}`] : []), ...(kinds.has('service') ? [`service: ${service}`] : [])];
    return `set ${fields.join(', ')} in ${n.object} ${target.key}`;
  }
  if (kinds.has('gateway')) {
    const value = kinds.has('service') ? ` with the value "${service}"` : '';
    return `rename the key ${target.key} of ${n.object} to ${n.prefix}.${legacyKey}${value} (the key names the gateway, its value the Service)`;
  }
  return `set ${n.object} ${target.key} to "${service}"`;
}

// ---------------------------------------------------------------------------------------------
// config-istio in a form net-istio reads

export function configIstioFormat(m: Model): Outcome {
  const items: { id: string; finding: Finding }[] = [];
  for (const n of m.knativeIstio) {
    const at = (key: string, actual: string): Place[] => [{ object: n.object, file: n.file, key, actual }];
    const relative = (key: string) => key.slice(n.prefix.length);
    const base = { rule: 'config-istio-format', severity: 'error' as const };
    for (const p of n.problems) {
      items.push({
        id: `problem\0${relative(p.key)}\0${p.problem}`,
        finding: { ...base, places: at(p.key, p.actual), expected: 'a YAML list of {name, namespace, service} entries', fix: `${p.problem}: ${p.fix}; net-istio rejects the whole config-istio otherwise` },
      });
    }
    const listKeys = [...n.local, ...n.external].filter((e) => /\.(local|external)-gateways\[/.test(e.key));
    if (n.format === 'mixed') {
      items.push({
        id: 'mixed',
        finding: {
          ...base,
          places: at(n.prefix, 'legacy gateway.*/local-gateway.* keys and external-gateways/local-gateways lists'),
          expected: 'one format only',
          fix: 'net-istio refuses the ConfigMap ("can not be defined simultaneously"): keep the lists (Knative 1.14 and later) or only the legacy keys',
        },
      });
    }
    const version = n.knativeVersion && semver.coerce(n.knativeVersion.value);
    if (listKeys.length && version && !satisfies(version.version, KNATIVE_FEATURE_RANGES.istioGatewayLists)) {
      const first = listKeys[0]!;
      const key = first.key.replace(/\[\d+\]$/, '');
      items.push({
        id: `lists\0${relative(key)}\0${n.knativeVersion!.value}`,
        finding: {
          ...base,
          places: at(key, `a gateway list on Knative ${n.knativeVersion!.value}`),
          expected: 'legacy keys gateway.<namespace>.<name> / local-gateway.<namespace>.<name>',
          expectedFrom: `${n.object} ${n.knativeVersion!.key}`,
          fix: `net-istio reads local-gateways/external-gateways only from Knative 1.14: write local-gateway.${first.namespace}.${first.name}: "${first.service}" instead, or upgrade Knative`,
        },
      });
    }
    for (const list of ['local-gateways', 'external-gateways']) {
      const entries = listKeys.filter((e) => e.key.includes(`.${list}[`));
      const defaults = entries.filter((e) => e.isDefault).length;
      if (entries.length && defaults !== 1) {
        items.push({
          id: `defaults\0${list}\0${defaults}`,
          finding: {
            ...base,
            places: at(`${n.prefix}.${list}`, `${defaults} entries without labelSelector`),
            expected: 'exactly one entry without labelSelector',
            fix: 'net-istio needs exactly one default entry (no labelSelector) per list; give the others a labelSelector',
          },
        });
      }
    }
  }
  return outcome(mergeSame(items));
}

// ---------------------------------------------------------------------------------------------
// The named Istio Gateways exist

interface GatewayRefUse {
  ref: string;
  role: Role;
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

/** Every copy of an Istio Gateway the input holds (a folder's manifest, the cluster's object, the operator's). */
function istioGateways(m: Model, gatewayRef: string) {
  const [namespace, name] = gatewayRef.split('/');
  return m.istioGateways.filter((g) => g.name === name && (g.namespace ?? namespace) === namespace);
}

const NO_ISTIO_GATEWAYS: Unchecked = {
  rules: ['istio-gateway-missing', 'local-gateway-hosts'],
  reason: 'no Istio Gateway is in the input',
  collect: [collectCommand('istioGateways')],
};

export function istioGatewayMissing(m: Model): Outcome {
  const uses = istioGatewayRefs(m);
  if (uses.length === 0) return outcome();
  const inputGateways = m.istioGateways.filter((g) => !g.viaOperator);
  // A generated folder holds every Istio Gateway it needs, but not net-istio's two, which Knative
  // creates itself; a listing from the cluster holds them all.
  const clusterListed = inputGateways.some((g) => g.fromCluster);
  if (inputGateways.length === 0 && !m.generatedFolder) return outcome([], [NO_ISTIO_GATEWAYS]);
  const present = m.istioGateways.map((g) => `${g.namespace ?? '?'}/${g.name}`);
  const findings: Finding[] = [];
  for (const [gatewayRef, group] of groupBy(uses, (u) => u.ref)) {
    if (istioGateways(m, gatewayRef).length) continue;
    if (NET_ISTIO_GATEWAYS.has(gatewayRef) && !clusterListed) continue;
    const parts = gatewayRef.split('/');
    const wellFormed = parts.length === 2 && parts.every((p) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(p));
    const keys = unique(group.map((u) => u.key)).join(' and ');
    findings.push({
      rule: 'istio-gateway-missing',
      severity: 'error',
      places: group.map((u) => ({ object: u.object, file: u.file, key: u.key, actual: u.ref })),
      expected: present.length ? `one of ${unique(present).join(', ')}` : 'an Istio Gateway (networking.istio.io) of that namespace/name',
      fix: wellFormed
        ? `apply the Istio Gateway ${gatewayRef} (a generated folder has it in manifests/), or point ${keys} at a Gateway that exists; if it does exist, add \`kubectl get gateways.networking.istio.io -A -o yaml\` to the input`
        : `write the ${group[0]!.role} gateway as <namespace>/<name> of an Istio Gateway`,
    });
  }
  return outcome(findings);
}

// ---------------------------------------------------------------------------------------------
// The local gateway serves the InferenceServices' namespaces

/** Knative's cluster-local host forms for a namespace, as the generator writes them. */
const hostForms = (ns: string) => [`*.${ns}`, `*.${ns}.svc`, `*.${ns}.svc.cluster.local`];

/** Istio server host matching: an optional "<namespace>/" prefix, then "*", "*.suffix" or an exact name. */
function hostCovers(pattern: string, host: string): boolean {
  const h = pattern.includes('/') ? pattern.slice(pattern.indexOf('/') + 1) : pattern;
  if (h === '*') return true;
  if (h.startsWith('*.')) return host.endsWith(h.slice(1));
  return h === host;
}

const missingForms = (hosts: string[], namespace: string) => hostForms(namespace).filter((form) => !hosts.some((h) => hostCovers(h, form.replace('*', 'isvc'))));

export function localGatewayHosts(m: Model): Outcome {
  const locals = unique(istioGatewayRefs(m).filter((u) => u.role === 'local').map((u) => u.ref));
  const namespaces = [...groupBy(m.servingNamespaces, (s) => s.namespace).values()].map((g) => g[0]!);
  const findings: Finding[] = [];
  const unchecked: Unchecked[] = [];
  for (const gatewayRef of locals) {
    // A missing Gateway is istio-gateway-missing's finding.
    const copies = istioGateways(m, gatewayRef).map((gw) => ({ gw, hosts: gw.servers.flatMap((s) => s.hosts) }));
    if (namespaces.length === 0) {
      // "*" serves every namespace; anything narrower needs to know where InferenceServices run.
      if (copies.some((c) => missingForms(c.hosts, 'any-namespace').length > 0)) {
        unchecked.push({
          rules: ['local-gateway-hosts'],
          reason: 'no InferenceService (nor a kserve-config.yaml with servingNamespaces) is in the input: the namespaces the local gateway must serve are unknown',
          collect: [collectCommand('inferenceServices')],
        });
      }
      continue;
    }
    const places: Place[] = [];
    const missing: string[] = [];
    const missingIn: typeof namespaces = [];
    for (const { gw, hosts } of copies) {
      const lacking = namespaces.filter((ns) => missingForms(hosts, ns.namespace).length > 0);
      if (lacking.length === 0) continue;
      places.push({ object: gw.object, file: gw.file, key: gw.servers.length === 1 ? gw.servers[0]!.key : 'spec.servers[].hosts', actual: hosts.length ? hosts.join(', ') : '(no hosts)' });
      for (const ns of lacking) {
        missing.push(...missingForms(hosts, ns.namespace));
        missingIn.push(ns);
      }
    }
    if (places.length === 0) continue;
    const nsList = unique(missingIn.map((ns) => ns.namespace));
    const from = unique(missingIn.map((ns) => `${ns.namespace} (${ns.from})`));
    findings.push({
      rule: 'local-gateway-hosts',
      severity: 'error',
      places,
      expected: unique(missing).join(', '),
      expectedFrom: `${from.length === 1 ? 'namespace' : 'namespaces'} ${from.join(', ')}`,
      fix: `add ${quoted(unique(missing))} to ${unique(places.map((p) => p.key)).join(' and ')}: cluster-local requests to InferenceServices in ${nsList.join(', ')} match no host of this local gateway and fail with 404`,
    });
  }
  return outcome(findings, unchecked);
}

// ---------------------------------------------------------------------------------------------
// Gateway selectors match running gateway pods

const formatLabels = (labels: Record<string, string>) =>
  Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');

interface SelectorTarget {
  /** The gateway the selector belongs to. */
  ref: string;
  role: Role;
  object: string;
  file: string;
  key: string;
  selector: Record<string, string>;
}

/** Selectors of the Istio Gateways KServe or Knative route through, and the KnativeServing's overrides of net-istio's. */
function selectorTargets(m: Model): SelectorTarget[] {
  const uses = istioGatewayRefs(m);
  const targets: SelectorTarget[] = [];
  for (const gw of m.istioGateways) {
    // The operator's Gateway is the KnativeServing's override, checked at the override's own key below.
    if (gw.viaOperator) continue;
    const gatewayRef = `${gw.namespace ?? ''}/${gw.name}`;
    const use = uses.find((u) => u.ref === gatewayRef);
    const role = use?.role ?? (gatewayRef === ref(NET_ISTIO_DEFAULTS.local) ? 'local' : NET_ISTIO_GATEWAYS.has(gatewayRef) ? 'ingress' : undefined);
    if (!role) continue; // not a gateway KServe or Knative routes through
    targets.push({ ref: gatewayRef, role, object: gw.object, file: gw.file, key: 'spec.selector', selector: gw.selector });
  }
  for (const ks of m.knativeServings) {
    for (const s of ks.selectors) {
      const gatewayRef = ref(s.role === 'local' ? NET_ISTIO_DEFAULTS.local : NET_ISTIO_DEFAULTS.external);
      targets.push({ ref: gatewayRef, role: s.role, object: ks.object, file: ks.file, key: s.key, selector: s.selector });
    }
  }
  return targets.filter((t) => Object.keys(t.selector).length > 0);
}

export function gatewaySelectorUnmatched(m: Model): Outcome {
  const pods = knownPods(m.gatewayPods);
  const findings: Finding[] = [];
  const unchecked: Unchecked[] = [];
  for (const group of groupBy(selectorTargets(m), (t) => `${t.ref}\0${formatLabels(t.selector)}`).values()) {
    const t = group[0]!;
    if (pods.some((p) => matches(t.selector, p.labels))) continue;
    const service = gatewayService(m, t.role);
    const [svcName = '', svcNamespace = ISTIO_NAMESPACE] = service.split('.');
    const inNamespace = podsIn(m.gatewayPods, svcNamespace);
    // A folder knows only the pods it installs; pods the user runs behind a Service of their own need a listing.
    const known = m.gatewayPods.listed.includes(svcNamespace) || inNamespace?.some((p) => p.name === svcName);
    if (!inNamespace || !known) {
      unchecked.push({
        rules: ['gateway-selector-unmatched'],
        reason: `the gateway pods behind ${service} are not in the input${inNamespace ? ' (the folder does not install them)' : ''}`,
        collect: [collectCommand('gatewayPods', svcNamespace)],
      });
      continue;
    }
    const places = group.map((x) => ({ object: x.object, file: x.file, key: x.key, actual: formatLabels(x.selector) }));
    findings.push({ rule: 'gateway-selector-unmatched', severity: 'error', places, ...selectorExpectation(m, inNamespace, service, svcName, svcNamespace, places) });
  }
  return outcome(findings, unchecked);
}

/** What the selector should match: the pods behind the gateway's Service, or why there are none. */
function selectorExpectation(m: Model, inNamespace: ReturnType<typeof knownPods>, service: string, svcName: string, svcNamespace: string, places: Place[]) {
  const keys = unique(places.map((p) => p.key)).join(' and ');
  const svc = m.gatewayPods.services.find((s) => s.name === svcName && (s.namespace ?? svcNamespace) === svcNamespace);
  const behind = svc ? inNamespace.find((p) => matches(svc.selector, p.labels)) : inNamespace.find((p) => p.name === svcName);
  const unprogrammed = 'a selector that matches no pods leaves the gateway unprogrammed and requests through it fail';
  if (behind) {
    return {
      expected: formatLabels(behind.labels),
      expectedFrom: `${behind.from}: the pods behind ${service}`,
      fix: `set ${keys} to labels the gateway pods behind ${service} carry, or give those pods the labels ${places[0]!.actual}; ${unprogrammed}`,
    };
  }
  const others = unique(inNamespace.map((p) => formatLabels(p.labels)));
  const reinstall =
    `no gateway pods run behind ${service}${svc ? ' (its Deployment is gone or scaled to zero)' : ''}: install them (helm install ${svcName} istio/gateway -n ${svcNamespace}), ` +
    `or point ${keys} at the labels of a gateway that runs${others.length ? ` (${others.join(' | ')})` : ''}; ${unprogrammed}`;
  if (svc) return { expected: `running gateway pods with ${formatLabels(svc.selector)}`, expectedFrom: `${svc.object} spec.selector`, fix: reinstall };
  return {
    expected: others.length ? others.join(' | ') : `(no gateway pods run in ${svcNamespace})`,
    expectedFrom: m.gatewayPods.listed.includes(svcNamespace) ? `the gateway workloads listed in namespace ${svcNamespace}` : `the gateway pods the folder installs in namespace ${svcNamespace}`,
    fix: others.length ? `set ${keys} to labels the gateway pods behind ${service} carry, or give those pods the labels ${places[0]!.actual}; ${unprogrammed}` : reinstall,
  };
}

/** The Service behind the local/ingress gateway: KServe's setting, else Knative's, else net-istio's default. */
function gatewayService(m: Model, role: Role): string {
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

export const ISTIO_CHECKS = [gatewayAgreement, configIstioFormat, istioGatewayMissing, localGatewayHosts, gatewaySelectorUnmatched] as const;
