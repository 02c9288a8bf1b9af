/**
 * `check`'s rules and how to write one.
 *
 * A rule is a function `(m: Model) => Outcome` (finding.ts): it reads the normalised model (model.ts)
 * and returns
 * - findings: one per misconfiguration, with every place it shows (`places: [{object, file, key,
 *   actual}]`), the expected value, where that comes from, and a fix right for the key's format. When
 *   the same wrong value shows in several objects (the folder's values and the cluster's ConfigMap,
 *   or two copies of one object), group them into one finding: build `places` yourself, or give each
 *   per-object finding an id and let `mergeSame` join them.
 * - unchecked: when the rule applies but the input lacks what it needs, say so instead of guessing,
 *   with the `kubectl get` command that collects it (`collectCommand` in collect.ts, the one list of
 *   commands README, INSTALL.md and --help show). Never report "missing" for something the input
 *   simply did not include: a generated folder (`m.generatedFolder`) holds every object its
 *   configuration needs; a cluster listing holds every object of its kind (and namespace).
 * Severity: error when the input shows the install is broken; warning when it works, but not as
 * configured. Exit 1 on any error, else 0 (unchecked rules do not fail the run).
 *
 * A rule file (rules-istio.ts, rules-offline.ts, ...) exports its `RULES` entries (id -> what it
 * reports) and its checks; this module lists them in report order. Places and findings are sorted
 * by runChecks, in code-point order.
 */
import semver from 'semver';
import { FEATURE_RANGES, GATEWAY_API_FEATURE_RANGES, MIN_GATEWAY_API, satisfies } from '../catalog/index.js';
import { collectCommand } from './collect.js';
import { groupBy, unique, mergeSame, outcome, runChecks, type Check, type Finding, type Outcome, type Place, type Unchecked } from './finding.js';
import { getPath } from './load.js';
import { chartDefaultNote, modeKind, type ApiObjectView, type Model } from './model.js';
import { ISTIO_CHECKS, ISTIO_RULES } from './rules-istio.js';
import { OFFLINE_CHECKS, OFFLINE_RULES } from './rules-offline.js';
import { VERSION_CHECKS, VERSION_RULES } from './rules-versions.js';
import { GATEWAY_API_CHECKS, GATEWAY_API_RULES, installedGatewayApi } from './rules-gateway-api.js';
import { LLM_CHECKS, LLM_RULES } from './rules-llm.js';

export { imageRegistry } from './rules-offline.js';

export const RULES: Readonly<Record<string, string>> = {
  ...VERSION_RULES,
  'kserve-config-invalid': 'an inferenceservice-config section is not valid JSON',
  ...ISTIO_RULES,
  'gateway-api-gateway-missing': 'enableGatewayApi with a kserveIngressGateway that names no Gateway',
  'gatewayclass-missing': 'a Gateway whose class has no GatewayClass',
  'gateway-api-version': 'Gateway API fields the installed CRD version lacks',
  'deployment-mode-spelling': 'a deployment mode spelling the KServe version rejects or ignores',
  'ca-bundle-configmap-missing': 'caBundleConfigMapName names a ConfigMap that is not there',
  'ca-bundle-key-missing': 'the CA bundle ConfigMap has no cabundle.crt key',
  ...OFFLINE_RULES,
  ...GATEWAY_API_RULES,
  ...LLM_RULES,
};

/** Report order: what explains later findings first. */
const CHECKS: readonly Check[] = [
  ...VERSION_CHECKS,
  kserveConfigInvalid,
  ...ISTIO_CHECKS,
  gatewayApiGatewayMissing,
  gatewayClassMissing,
  gatewayApiVersion,
  deploymentModeSpelling,
  caBundle,
  ...OFFLINE_CHECKS,
  ...GATEWAY_API_CHECKS,
  ...LLM_CHECKS,
];

export function runRules(m: Model): Outcome {
  return runChecks(CHECKS, m);
}

/** One finding per id, with the places of every item that has it. */
const merged = (items: { id: string; place: Place; finding: Omit<Finding, 'places'> }[]): Finding[] =>
  mergeSame(items.map((i) => ({ id: i.id, finding: { ...i.finding, places: [i.place] } })));

// ---------------------------------------------------------------------------------------------

export function kserveConfigInvalid(m: Model): Outcome {
  const invalid = m.kserve.flatMap((k) => k.invalid.map((inv) => ({ k, inv })));
  return outcome(
    [...groupBy(invalid, (x) => x.inv.key).values()].map((group) => {
      const { k, inv } = group[0]!;
      return {
        rule: 'kserve-config-invalid',
        severity: 'error',
        places: group.map((x) => ({ object: x.k.object, file: x.k.file, key: x.inv.key, actual: `invalid JSON (${x.inv.error})` })),
        expected: 'a JSON object',
        fix: `fix the JSON of ${inv.key} (kubectl edit configmap inferenceservice-config -n ${k.namespace}): the controller cannot load its configuration and reconciles no InferenceService`,
      };
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Gateway API

const apiGateways = (m: Model) => m.apiObjects.filter((o) => o.kind === 'Gateway');
export function gatewayApiGatewayMissing(m: Model): Outcome {
  const enabled = m.kserve.filter((k) => k.enableGatewayApi?.value);
  if (enabled.length === 0) return outcome();
  const listed = m.apiObjects.length > 0 || m.gatewayClassViews.length > 0 || m.generatedFolder;
  const present = apiGateways(m).map((g) => `${g.namespace ?? '?'}/${g.name}`);
  const items: { id: string; place: Place; finding: Omit<Finding, 'places'> }[] = [];
  const unchecked: Unchecked[] = [];
  for (const k of enabled) {
    const setting = k.kserveIngressGateway;
    const key = setting?.key ?? `${k.enableGatewayApi!.key.replace(/enableGatewayApi$/, '')}kserveIngressGateway`;
    const base = { rule: 'gateway-api-gateway-missing', severity: 'error' as const };
    const at = (actual: string): Place => ({ object: k.object, file: k.file, key, actual });
    if (!setting || setting.value === '') {
      items.push({ id: 'unset', place: at('(unset)'), finding: { ...base, expected: '<namespace>/<name> of a Gateway API Gateway', fix: 'set kserveIngressGateway: with enableGatewayApi true KServe refuses an ingress config without it' } });
      continue;
    }
    const [namespace, name, extra] = setting.value.split('/');
    if (!namespace || !name || extra !== undefined) {
      items.push({ id: `form\0${setting.value}`, place: at(setting.value), finding: { ...base, expected: '<namespace>/<name>', fix: 'write kserveIngressGateway as <namespace>/<name>: KServe rejects any other form when enableGatewayApi is true' } });
      continue;
    }
    if (apiGateways(m).some((g) => g.name === name && (g.namespace ?? namespace) === namespace)) continue;
    if (!listed) {
      unchecked.push({ rules: ['gateway-api-gateway-missing'], reason: 'no Gateway API object is in the input', collect: [collectCommand('gatewayApi')] });
      continue;
    }
    items.push({
      id: `missing\0${setting.value}`,
      place: at(setting.value),
      finding: {
        ...base,
        expected: present.length ? `one of ${present.join(', ')}` : 'a Gateway API Gateway (none in the input)',
        fix: `apply the Gateway ${setting.value} (a generated folder has it in manifests/), or set kserveIngressGateway to a Gateway that exists; KServe attaches every HTTPRoute to it, so no InferenceService is reachable without it${chartDefaultNote(setting)}`,
      },
    });
  }
  return outcome(merged(items), unchecked);
}

export function gatewayClassMissing(m: Model): Outcome {
  const missing = apiGateways(m).flatMap((gw) => {
    const cls = getPath(gw.body, 'spec.gatewayClassName');
    return typeof cls === 'string' && !m.gatewayClassViews.some((c) => c.name === cls) ? [{ gw, cls }] : [];
  });
  if (missing.length === 0) return outcome();
  if (m.gatewayClassViews.length === 0 && !m.generatedFolder) {
    return outcome([], [{ rules: ['gatewayclass-missing'], reason: 'no GatewayClass is in the input', collect: [collectCommand('gatewayApi')] }]);
  }
  const groups = groupBy(missing, (x) => `${x.cls}\0${x.gw.viaChart ? 'chart' : 'object'}`);
  return outcome(
    [...groups.values()].map((group) => {
      const { gw, cls } = group[0]!;
      return {
        rule: 'gatewayclass-missing',
        severity: 'error',
        places: group.map((x) => ({ object: x.gw.object, file: x.gw.file, key: 'spec.gatewayClassName', actual: x.cls })),
        expected: m.gatewayClassViews.length ? `one of ${m.gatewayClassViews.map((c) => c.name).join(', ')}` : 'a GatewayClass of that name (none in the input)',
        fix: gw.viaChart
          ? `the KServe chart's own Gateway has class envoy hardcoded: install Envoy Gateway with GatewayClass envoy, or set ${gw.viaChart.key} to false in ${gw.viaChart.object} and apply a Gateway of your class`
          : `create GatewayClass ${cls} for your Gateway controller (Kong: controllerName konghq.com/kic-gateway-controller and the annotation konghq.com/gatewayclass-unmanaged), or set spec.gatewayClassName to an existing class; a Gateway without its class is never programmed`,
      };
    }),
  );
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
const installGatewayApi = (version: string) =>
  `kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v${version}/standard-install.yaml`;

/**
 * The installed Gateway API version comes from the CRDs' bundle-version annotation. Without the CRDs
 * in the input the version is unknown, and the fields that need v1.1/v1.2 are not checked (v1.0 and
 * v1.1 are still common, so that is said, never passed over).
 */
export function gatewayApiVersion(m: Model): Outcome {
  const installed = (resource: string) => installedGatewayApi(m, resource);
  const unknown: Unchecked = { rules: ['gateway-api-version'], reason: 'the Gateway API version is not in the input (its CRDs carry it)', collect: [collectCommand('gatewayApiCrds')] };
  const unchecked: Unchecked[] = [];
  const items: { id: string; place: Place; finding: Omit<Finding, 'places'> }[] = [];
  for (const obj of m.apiObjects) {
    for (const gate of GATED_FIELDS.filter((g) => g.kind === obj.kind)) {
      const at = findField(obj.body, gate.path);
      if (at === undefined) continue;
      const inst = installed(gate.resource);
      if (inst?.experimental) continue;
      if (inst?.version === undefined) {
        unchecked.push(unknown);
        continue;
      }
      if (satisfies(inst.version, gate.range)) continue;
      const origin = obj.viaChart ? ` (the KServe chart's Gateway: or set ${obj.viaChart.key} to false in ${obj.viaChart.object} and apply a Gateway without it)` : '';
      items.push({
        id: `${gate.path}\0${inst.crd.version}\0${origin}`,
        place: { object: obj.object, file: obj.file, key: at, actual: `Gateway API ${inst.crd.version} (standard CRDs)` },
        finding: {
          rule: 'gateway-api-version',
          severity: 'error',
          expected: `Gateway API v${since(gate.range)} or newer (standard CRDs)`,
          expectedFrom: `${inst.crd.object} metadata.annotations.gateway.networking.k8s.io/bundle-version`,
          fix: `install newer CRDs (${installGatewayApi(MIN_GATEWAY_API)}) or remove ${gate.path}: v${inst.version} CRDs lack it, so kubectl apply rejects it and the API server drops it${origin}`,
        },
      });
    }
  }
  const findings = merged(items);
  // KServe's HTTPRoutes are not in the input (the controller creates them), but they always set
  // spec.rules[].timeouts unless disableHTTPRouteTimeout (0.18+) is true (ecosystem-facts.md §3).
  const routes = m.kserve.filter((k) => k.enableGatewayApi?.value && !k.disableHTTPRouteTimeout?.value);
  const inst = installed('httproutes');
  if (routes.length && !inst) unchecked.push(unknown);
  if (routes.length && inst && !inst.experimental && inst.version !== undefined && !satisfies(inst.version, GATEWAY_API_FEATURE_RANGES.routeTimeouts)) {
    findings.push({
      rule: 'gateway-api-version',
      severity: 'error',
      places: [{ object: inst.crd.object, file: inst.crd.file, key: 'metadata.annotations.gateway.networking.k8s.io/bundle-version', actual: inst.crd.version ?? '' }],
      expected: `v${since(GATEWAY_API_FEATURE_RANGES.routeTimeouts)} or newer`,
      expectedFrom: unique(routes.map((k) => `${k.object} ${k.enableGatewayApi!.key}`)).join('; '),
      fix: `KServe's HTTPRoutes set spec.rules[].timeouts, a standard field only from v${since(GATEWAY_API_FEATURE_RANGES.routeTimeouts)}: install newer CRDs (${installGatewayApi(MIN_GATEWAY_API)}); on KServe 0.18+ disableHTTPRouteTimeout: true also avoids it`,
    });
  }
  return outcome(findings, unchecked);
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

// ---------------------------------------------------------------------------------------------
// Deployment modes and the CA bundle

const LEGACY_OF: Record<string, string> = { Knative: 'Serverless', Standard: 'RawDeployment' };
const NEW_OF: Record<string, string> = { Serverless: 'Knative', RawDeployment: 'Standard' };

export function deploymentModeSpelling(m: Model): Outcome {
  const version = m.kserveVersion?.version;
  const newNames = version !== undefined && satisfies(version, FEATURE_RANGES.newModeNames);
  const items: { id: string; place: Place; finding: Omit<Finding, 'places'> }[] = [];
  const unchecked: Unchecked[] = [];
  const check = (object: string, file: string, key: string, value: string, annotation: boolean) => {
    const place = { object, file, key, actual: value };
    const base = { rule: 'deployment-mode-spelling', severity: 'error' as const, expectedFrom: m.kserveVersion ? `KServe ${version} (${m.kserveVersion.from})` : undefined };
    const add = (expected: string, fix: string) => items.push({ id: `${annotation}\0${value}`, place, finding: { ...base, expected, fix } });
    if (modeKind(value) === 'unknown') {
      const expected = version === undefined ? 'Serverless, RawDeployment or ModelMesh (or Knative, Standard from KServe 0.16)' : newNames ? 'Knative, Standard or ModelMesh' : 'Serverless, RawDeployment or ModelMesh';
      add(expected, `spell the mode exactly (case matters): ${expected}`);
    } else if (LEGACY_OF[value] && version === undefined) {
      unchecked.push({
        rules: ['deployment-mode-spelling'],
        reason: `${value} is a mode spelling only KServe 0.16.0-rc0 and later accept, and the KServe version is not in the input`,
        collect: [collectCommand('kserveController', m.kserveNamespace)],
      });
    } else if (LEGACY_OF[value] && !newNames) {
      add(
        LEGACY_OF[value]!,
        annotation
          ? `use ${LEGACY_OF[value]}: KServe ${version} ignores ${value} in this annotation and deploys the InferenceService in the default mode`
          : `use ${LEGACY_OF[value]}: the KServe ${version} controller rejects ${value} ("invalid deployment mode") and cannot load its configuration`,
      );
    } else if (annotation && NEW_OF[value] && newNames && !satisfies(version!, FEATURE_RANGES.legacyModeAnnotations)) {
      add(NEW_OF[value]!, `use ${NEW_OF[value]}: KServe ${version}'s webhooks do not normalise the legacy annotation value, so validation treats it as another mode and later updates are rejected (normalised from 0.17)`);
    }
  };
  for (const k of m.kserve) if (k.deploymentMode && !k.deploymentMode.defaulted) check(k.object, k.file, k.deploymentMode.key, k.deploymentMode.value, false);
  for (const a of m.modeAnnotations) check(a.object, a.file, a.key, a.value, true);
  return outcome(merged(items), unchecked);
}

const CA_KEY = 'cabundle.crt';

/** caBundleConfigMapName must name a ConfigMap in the controller's namespace with key cabundle.crt (kserve-versions.md §6). */
export function caBundle(m: Model): Outcome {
  const named = m.kserve.flatMap((k) => (k.caBundleConfigMapName?.value ? [{ k, setting: k.caBundleConfigMapName }] : []));
  const findings: Finding[] = [];
  const unchecked: Unchecked[] = [];
  for (const group of groupBy(named, (x) => `${x.k.namespace}/${x.setting.value}`).values()) {
    const { k, setting } = group[0]!;
    const ns = k.namespace;
    const create = `kubectl create configmap ${setting.value} -n ${ns} --from-file=${CA_KEY}=ca.pem`;
    const inNamespace = m.configMaps.filter((c) => (c.namespace ?? ns) === ns);
    const copies = inNamespace.filter((c) => c.name === setting.value);
    // inferenceservice-config is always in the controller's namespace: it shows that namespace's ConfigMaps were listed.
    const listed = inNamespace.some((c) => c.name !== setting.value) || m.generatedFolder;
    if (copies.length === 0 && !listed) {
      unchecked.push({ rules: ['ca-bundle-configmap-missing', 'ca-bundle-key-missing'], reason: `the ConfigMaps of namespace ${ns} are not in the input`, collect: [collectCommand('kserveConfigMaps', ns)] });
    } else if (copies.length === 0) {
      const withKey = inNamespace.filter((c) => c.data[CA_KEY]).map((c) => c.name);
      findings.push({
        rule: 'ca-bundle-configmap-missing',
        severity: 'error',
        places: group.map((x) => ({ object: x.k.object, file: x.k.file, key: x.setting.key, actual: x.setting.value })),
        expected: withKey.length ? `one of ${unique(withKey).join(', ')}` : `a ConfigMap in namespace ${ns} with key ${CA_KEY}`,
        fix: `create it in the controller's namespace (${create}) or name an existing one; KServe copies it into every InferenceService namespace as global-ca-bundle and fails to reconcile InferenceServices without it`,
      });
    } else {
      const bad = copies.filter((cm) => !cm.data[CA_KEY]?.trim());
      if (bad.length === 0) continue;
      findings.push({
        rule: 'ca-bundle-key-missing',
        severity: 'error',
        places: bad.map((cm) => {
          const keys = [...Object.keys(cm.data), ...cm.binaryKeys.map((b) => `binaryData.${b}`)];
          return { object: cm.object, file: cm.file, key: `data.${CA_KEY}`, actual: keys.length ? `keys ${keys.join(', ')}` : '(no data)' };
        }),
        expected: CA_KEY,
        expectedFrom: unique(group.map((x) => `${x.k.object} ${x.setting.key}`)).join('; '),
        fix: `put the PEM certificates under data.${CA_KEY} (${create} --dry-run=client -o yaml | kubectl apply -f -): KServe copies only that key and fails on a ConfigMap without it`,
      });
    }
  }
  return outcome(findings, unchecked);
}
