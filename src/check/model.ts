/**
 * A normalised view of what the inputs say, layer by layer, so each rule reads one shape whatever
 * the source: KServe's settings come from the `inferenceservice-config` ConfigMap (JSON strings) or
 * from a chart values file (which only lists what differs from the chart's defaults); Knative's
 * gateways from a KnativeServing CR or the config-istio ConfigMap, in net-istio's old keys or new
 * lists. Every value keeps the key it was read from, so a finding can name it exactly.
 */
import { NET_ISTIO_DEFAULTS, parseConfigIstio, type ConfigIstio, type GatewayEntry } from '../config-istio.js';
import semver from 'semver';
import {
  FEATURE_RANGES,
  GATEWAY_API_PROVIDERS,
  KSERVE_GATEWAY,
  modeOf,
  satisfies,
  type GatewayApiProvider,
} from '../catalog/index.js';
import { describeObject, getPath, isObj, stringMap, type KubeObject, type Loaded, type Obj, type ValuesDoc } from './load.js';
import { readGatewayPods, type GatewayPods } from './pods.js';
import { readVersions, type Versions } from './versions.js';
import { readLlm, type LlmView } from './model-llm.js';
import { KNATIVE_DEFAULT_SKIP } from '../resolve/offline.js';
import { UserError } from '../errors.js';
import { YamlLimitError, checkParsedLimits } from '../yaml-input.js';

export interface Setting<T = string> {
  value: T;
  /** The key as the user sees it in that object: `data.ingress.localGateway`, `kserve.controller...`. */
  key: string;
  /** Not in the values file: the chart's default applies. */
  defaulted: boolean;
}

export type ModeKind = 'knative' | 'standard' | 'modelmesh' | 'unknown';

export interface KServeView {
  /** How findings name it: `ConfigMap kserve/inferenceservice-config` or `Helm values (kserve chart)`. */
  object: string;
  file: string;
  /** The controller's namespace: where caBundleConfigMapName must live. */
  namespace: string;
  from: 'configmap' | 'values';
  mode: ModeKind;
  localGateway?: Setting;
  localGatewayService?: Setting;
  knativeLocalGatewayService?: Setting;
  ingressGateway?: Setting;
  /** ingressService: a key only up to 0.13. */
  ingressService?: Setting;
  enableGatewayApi?: Setting<boolean>;
  kserveIngressGateway?: Setting;
  /** Values only: the chart creates its own Gateway (class envoy, spec.infrastructure). */
  createGateway?: Setting<boolean>;
  disableHTTPRouteTimeout?: Setting<boolean>;
  deploymentMode?: Setting;
  caBundleConfigMapName?: Setting;
  /** ConfigMap sections that are not valid JSON: the controller refuses the whole ConfigMap. */
  invalid: { key: string; error: string }[];
}

export interface KnativeIstioView extends ConfigIstio {
  object: string;
  file: string;
  /** `spec.config.istio` (KnativeServing) or `data` (ConfigMap). */
  prefix: string;
  /** net-istio/Knative version, when the input says (KnativeServing spec.version or the ConfigMap's version label). */
  knativeVersion?: Setting;
  /** Not in the input: a generated folder leaves config-istio as Knative ships it (net-istio's defaults). */
  assumed?: boolean;
}

export interface SelectorOverride {
  role: 'local' | 'ingress';
  selector: Record<string, string>;
  key: string;
}

export interface KnativeServingView {
  object: string;
  file: string;
  selectors: SelectorOverride[];
  /** spec.registry.default or .override set: the user mirrors Knative's images. */
  mirrorsImages: boolean;
  queueSidecarImageSet: boolean;
}

export interface IstioGatewayView {
  object: string;
  file: string;
  namespace?: string;
  name: string;
  selector: Record<string, string>;
  servers: { hosts: string[]; key: string }[];
  fromCluster: boolean;
  /** The Gateway the Knative Operator installs, as a KnativeServing's override shapes it (not an input object). */
  viaOperator?: boolean;
}

/** The hosts of each Istio Gateway server, with the key they sit at (`at` is the servers list's key). */
function serverHosts(servers: unknown[], at: string): IstioGatewayView['servers'] {
  return servers.map((srv, i) => ({ hosts: isObj(srv) && Array.isArray(srv.hosts) ? srv.hosts.map(String) : [], key: `${at}[${i}].hosts` }));
}

/** A Gateway API object whose fields depend on the installed Gateway API version. */
export interface ApiObjectView {
  kind: 'Gateway' | 'HTTPRoute';
  object: string;
  file: string;
  namespace?: string;
  name: string;
  body: Obj;
  /** Set when this Gateway is the one the KServe chart creates (createGateway: true), not an input object. */
  viaChart?: { object: string; key: string };
}

/** A GatewayClass: read from the input, or one a generated folder says exists without writing it. */
export interface GatewayClassView {
  object: string;
  file: string;
  name: string;
  controllerName?: string;
  /** status Accepted, when read back from a cluster. */
  accepted?: { status: string; reason?: string; message?: string };
  fromCluster: boolean;
  /** Not an object of the input: istiod creates it, or (provider gatewayclass) the cluster has it. */
  planned?: string;
}

/** A controllerName a provider is configured with (its chart values, or a preset's provider). */
export interface ProviderController {
  controllerName: string;
  /** Where it is configured, for findings: `helm/kong.values.yaml controller.ingressController.env...`. */
  from: string;
}

export interface GatewayApiCrd {
  object: string;
  file: string;
  /** The CRD's plural name: gateways, httproutes, ... */
  resource: string;
  version?: string;
  channel?: string;
}

export interface ConfigMapView {
  object: string;
  file: string;
  namespace?: string;
  name: string;
  data: Record<string, string>;
  binaryKeys: string[];
}

export interface ImageRef {
  image: string;
  object: string;
  file: string;
  key: string;
  /** An InferenceService's (or LLMInferenceService's) image: the user's model, not part of the install. */
  user: boolean;
}

/** Knative's registries-skipping-tag-resolving, where the input configures Knative's deployments. */
export interface SkipList {
  /** The hosts listed; Knative's default list when `set` is false. */
  hosts: string[];
  object: string;
  file: string;
  key: string;
  /** The key is in the input; otherwise Knative's default applies. */
  set: boolean;
  /** Where: the config-deployment ConfigMap Knative reads, or a KnativeServing the operator writes it from. */
  source: 'configmap' | 'knativeserving';
  fromCluster: boolean;
}

export interface Model {
  kserve: KServeView[];
  kserveVersion?: { version: string; from: string };
  knativeIstio: KnativeIstioView[];
  knativeServings: KnativeServingView[];
  istioGateways: IstioGatewayView[];
  apiObjects: ApiObjectView[];
  gatewayClassViews: GatewayClassView[];
  /** The controllerNames the installed (or to-be-installed) providers reconcile. */
  providerControllers: ProviderController[];
  gatewayApiCrds: GatewayApiCrd[];
  configMaps: ConfigMapView[];
  /** The Istio gateway proxies the input shows, and which namespaces it lists. */
  gatewayPods: GatewayPods;
  /** KServe and Knative versions: what a generated folder was written for, what a cluster runs. */
  versions: Versions;
  /** A folder create-kserve-config wrote (its kserve-config.yaml) is in the input: it holds every object its configuration needs. */
  generatedFolder: boolean;
  /** The KServe namespace, for commands in hints: the controller's, the preset's, or the default. */
  kserveNamespace: string;
  servingNamespaces: { namespace: string; from: string }[];
  images: ImageRef[];
  skipLists: SkipList[];
  offlineRegistries: { host: string; from: string }[];
  modeAnnotations: { object: string; file: string; key: string; value: string }[];
  /** The LLMInferenceService stack (model-llm.ts). */
  llm: LlmView;
  objectCount: number;
}

export interface ModelOptions {
  /** --offline-registry: mirror hosts the cluster pulls from. */
  offlineRegistries: string[];
}

export const MODE_ANNOTATION = 'serving.kserve.io/deploymentMode';
const G = 'kserve.controller.gateway';

export function buildModel(loaded: Loaded, options: ModelOptions): Model {
  const objects = loaded.objects;
  const versions = readVersions(loaded);
  const kserveVersion = preferredVersion(versions);
  const presetNamespace = loaded.presets.map((p) => getPath(p.body, 'kserve.namespace')).find((v): v is string => typeof v === 'string');
  const images: ImageRef[] = [];
  const kserve = readKServe(loaded, kserveVersion?.version, presetNamespace, images);
  const knative = readKnative(loaded, kserve, images);
  images.push(...workloadImages(objects), ...valuesImages(loaded.values));
  return {
    kserve,
    kserveVersion,
    ...knative,
    istioGateways: readIstioGateways(objects),
    ...readGatewayApi(loaded, kserve),
    providerControllers: providerControllers(loaded),
    configMaps: objects
      .filter((o) => o.kind === 'ConfigMap')
      .map((o) => ({
        object: describeObject(o),
        file: o.file,
        namespace: o.namespace,
        name: o.name,
        data: stringMap(o.body.data),
        binaryKeys: isObj(o.body.binaryData) ? Object.keys(o.body.binaryData) : [],
      })),
    gatewayPods: readGatewayPods(loaded, loaded.presets.length > 0),
    versions,
    generatedFolder: loaded.presets.length > 0,
    kserveNamespace: kserve.find((k) => k.from === 'configmap')?.namespace ?? presetNamespace ?? kserve[0]?.namespace ?? 'kserve',
    ...readInferenceServices(loaded),
    images,
    offlineRegistries: readOfflineRegistries(loaded, options),
    llm: readLlm(loaded),
    objectCount: objects.length + loaded.values.length + loaded.presets.length,
  };
}

/** KServe's settings: each inferenceservice-config ConfigMap and main chart values file; their images go to `images`. */
function readKServe(loaded: Loaded, version: string | undefined, presetNamespace: string | undefined, images: ImageRef[]): KServeView[] {
  const kserve: KServeView[] = [];
  for (const o of loaded.objects) {
    if (o.kind === 'ConfigMap' && o.name === 'inferenceservice-config') {
      kserve.push(kserveFromConfigMap(o));
      images.push(...configMapImages(o));
    }
  }
  for (const v of loaded.values) {
    if (v.role === 'kserve' && isMainChart(v)) kserve.push(kserveFromValues(v, version, presetNamespace));
  }
  return kserve;
}

/** Knative: config-istio (from KnativeServings or the ConfigMap), the KnativeServings, the tag-resolution skip lists. */
function readKnative(loaded: Loaded, kserve: KServeView[], images: ImageRef[]): Pick<Model, 'knativeIstio' | 'knativeServings' | 'skipLists'> {
  const knativeIstio: KnativeIstioView[] = [];
  const knativeServings: KnativeServingView[] = [];
  const skipLists: SkipList[] = [];
  for (const o of loaded.objects) {
    if (o.kind === 'KnativeServing' && o.apiVersion.startsWith('operator.knative.dev/')) {
      knativeServings.push(readKnativeServing(o, knativeIstio, skipLists, images));
    } else if (o.kind === 'ConfigMap' && o.name === 'config-istio') {
      const version = semver.valid(semver.coerce(o.labels['app.kubernetes.io/version'] ?? '')) ?? undefined;
      knativeIstio.push(
        knativeIstioView(describeObject(o), o.file, 'data', stringMap(o.body.data), version ? { value: version, key: 'metadata.labels.app.kubernetes.io/version', defaulted: false } : undefined),
      );
    } else if (o.kind === 'ConfigMap' && o.name === 'config-deployment') {
      const data = stringMap(o.body.data);
      addSkipList(skipLists, data, o, 'data');
      addQueueImage(images, data, describeObject(o), o.file, 'data');
    }
  }
  // The generator patches config-istio only where it differs from net-istio's defaults: a generated
  // folder without one leaves Knative's gateways as shipped.
  const preset = loaded.presets[0];
  if (knativeIstio.length === 0 && preset && kserve.some(knativeMode)) {
    const view = knativeIstioView(`ConfigMap knative-serving/config-istio (as Knative ships it: the folder does not change it)`, preset.file, 'data', {});
    knativeIstio.push({ ...view, assumed: true });
  }
  return { knativeIstio, knativeServings, skipLists };
}

function readKnativeServing(o: KubeObject, knativeIstio: KnativeIstioView[], skipLists: SkipList[], images: ImageRef[]): KnativeServingView {
  const spec = isObj(o.body.spec) ? o.body.spec : {};
  const config = isObj(spec.config) ? spec.config : {};
  const version = typeof spec.version === 'string' && spec.version !== '' ? spec.version : undefined;
  // The operator applies `config-istio` when present and ignores `istio` then (ecosystem-facts.md §1).
  const istioKey = isObj(config['config-istio']) ? 'config-istio' : 'istio';
  if (usesIstio(spec)) {
    knativeIstio.push(
      knativeIstioView(describeObject(o), o.file, `spec.config.${istioKey}`, stringMap(config[istioKey]), version ? { value: version, key: 'spec.version', defaulted: false } : undefined),
    );
  }
  const deployKey = isObj(config['config-deployment']) ? 'config-deployment' : 'deployment';
  const deployment = stringMap(config[deployKey]);
  addSkipList(skipLists, deployment, o, `spec.config.${deployKey}`);
  addQueueImage(images, deployment, describeObject(o), o.file, `spec.config.${deployKey}`);
  const registry = isObj(spec.registry) ? spec.registry : {};
  if (typeof registry.default === 'string' && registry.default !== '') {
    // ${NAME} is filled per container; the host part is what matters here.
    images.push({ image: registry.default.replace(/\$\{NAME\}/g, 'name'), object: describeObject(o), file: o.file, key: 'spec.registry.default', user: false });
  }
  const override = stringMap(registry.override);
  for (const [k, image] of Object.entries(override)) images.push({ image, object: describeObject(o), file: o.file, key: `spec.registry.override.${k}`, user: false });
  return {
    object: describeObject(o),
    file: o.file,
    selectors: selectorOverrides(spec),
    mirrorsImages: (typeof registry.default === 'string' && registry.default !== '') || Object.keys(override).length > 0,
    queueSidecarImageSet: deployment['queue-sidecar-image'] !== undefined || deployment.queueSidecarImage !== undefined,
  };
}

/** Istio Gateways in the input, and the operator's knative-local-gateway where a KnativeServing overrides its servers. */
function readIstioGateways(objects: KubeObject[]): IstioGatewayView[] {
  const istioGateways: IstioGatewayView[] = objects
    .filter((o) => o.kind === 'Gateway' && o.apiVersion.startsWith('networking.istio.io/'))
    .map((o) => {
      const spec = isObj(o.body.spec) ? o.body.spec : {};
      const servers = Array.isArray(spec.servers) ? spec.servers : [];
      return {
        object: describeObject(o),
        file: o.file,
        namespace: o.namespace,
        name: o.name,
        selector: stringMap(spec.selector),
        servers: serverHosts(servers, 'spec.servers'),
        fromCluster: o.fromCluster,
      };
    });
  // With the Knative Operator, a KnativeServing's `servers` override replaces the servers of the
  // knative-local-gateway it installs: that is the Gateway's host list when no copy of the object is
  // in the input (ecosystem-facts.md §1).
  for (const o of objects) {
    if (o.kind !== 'KnativeServing' || !o.apiVersion.startsWith('operator.knative.dev/')) continue;
    const local = getPath(o.body, 'spec.ingress.istio.knative-local-gateway');
    const servers = isObj(local) && Array.isArray(local.servers) ? local.servers : [];
    if (servers.length === 0 || istioGateways.some((g) => g.name === 'knative-local-gateway' && g.namespace === 'knative-serving')) continue;
    const selector = stringMap((local as Obj).selector);
    istioGateways.push({
      object: `${describeObject(o)} (the operator's Gateway knative-serving/knative-local-gateway)`,
      file: o.file,
      namespace: 'knative-serving',
      name: 'knative-local-gateway',
      selector: Object.keys(selector).length ? selector : { istio: 'ingressgateway' },
      servers: serverHosts(servers, 'spec.ingress.istio.knative-local-gateway.servers'),
      fromCluster: false,
      viaOperator: true,
    });
  }
  return istioGateways;
}

/** Gateway API objects, classes (found or planned), CRDs, and the Gateway the KServe chart itself would create. */
function readGatewayApi(loaded: Loaded, kserve: KServeView[]): Pick<Model, 'apiObjects' | 'gatewayClassViews' | 'gatewayApiCrds'> {
  const apiObjects: ApiObjectView[] = [];
  const gatewayClassViews: GatewayClassView[] = [];
  const gatewayApiCrds: GatewayApiCrd[] = [];
  for (const o of loaded.objects) {
    if (o.apiVersion.startsWith('gateway.networking.k8s.io/')) {
      if (o.kind === 'GatewayClass') {
        gatewayClassViews.push(gatewayClassView(o));
      } else if (o.kind === 'Gateway' || o.kind === 'HTTPRoute') {
        apiObjects.push({ kind: o.kind, object: describeObject(o), file: o.file, namespace: o.namespace, name: o.name, body: o.body });
      }
    } else if (o.kind === 'CustomResourceDefinition' && o.name.endsWith('.gateway.networking.k8s.io')) {
      gatewayApiCrds.push({
        object: describeObject(o),
        file: o.file,
        resource: o.name.split('.')[0]!,
        version: o.annotations['gateway.networking.k8s.io/bundle-version'],
        channel: o.annotations['gateway.networking.k8s.io/channel'],
      });
    }
  }
  for (const planned of plannedGatewayClasses(loaded)) {
    if (gatewayClassViews.some((g) => g.fromCluster || g.name === planned.name)) continue;
    gatewayClassViews.push(planned);
  }
  apiObjects.push(...kserve.filter((k) => k.createGateway?.value && k.enableGatewayApi?.value).map(chartGateway));
  return { apiObjects, gatewayClassViews, gatewayApiCrds };
}

/**
 * The chart's Gateway is not in a values file's folder, but it will exist once Helm renders it:
 * hardcoded class envoy and spec.infrastructure (kserve-versions.md §5), both of which rules check.
 */
function chartGateway(k: KServeView): ApiObjectView {
  return {
    kind: 'Gateway',
    object: `Gateway ${k.namespace}/${KSERVE_GATEWAY.name} (created by the KServe chart)`,
    file: k.file,
    namespace: k.namespace,
    name: KSERVE_GATEWAY.name,
    body: {
      spec: {
        gatewayClassName: 'envoy',
        listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }],
        infrastructure: { labels: { 'serving.kserve.io/gateway': KSERVE_GATEWAY.name } },
      },
    },
    viaChart: { object: k.object, key: k.createGateway!.key },
  };
}

/** Where InferenceServices run (the presets' serving namespaces, the InferenceServices found) and their mode annotations. */
function readInferenceServices(loaded: Loaded): Pick<Model, 'servingNamespaces' | 'modeAnnotations'> {
  const servingNamespaces: Model['servingNamespaces'] = [];
  for (const p of loaded.presets) {
    const namespaces = getPath(p.body, 'ingress.istio.servingNamespaces');
    if (Array.isArray(namespaces)) {
      for (const ns of namespaces) servingNamespaces.push({ namespace: String(ns), from: `${p.file} ingress.istio.servingNamespaces` });
    }
  }
  const modeAnnotations: Model['modeAnnotations'] = [];
  for (const o of loaded.objects) {
    if (o.kind !== 'InferenceService' || !o.apiVersion.startsWith('serving.kserve.io/')) continue;
    if (o.namespace) servingNamespaces.push({ namespace: o.namespace, from: describeObject(o) });
    const mode = o.annotations[MODE_ANNOTATION];
    if (mode !== undefined) modeAnnotations.push({ object: describeObject(o), file: o.file, key: `metadata.annotations.${MODE_ANNOTATION}`, value: mode });
  }
  return { servingNamespaces, modeAnnotations };
}

/** The mirror: given with --offline-registry, or named by a generated folder's offline preset. */
function readOfflineRegistries(loaded: Loaded, options: ModelOptions): Model['offlineRegistries'] {
  const out = options.offlineRegistries.map((r) => ({ host: registryOfPrefix(r), from: '--offline-registry' }));
  for (const p of loaded.presets) {
    const registry = getPath(p.body, 'offline.registry');
    if (getPath(p.body, 'offline.enabled') === true && typeof registry === 'string' && registry !== '') {
      out.push({ host: registryOfPrefix(registry), from: `${p.file} offline.registry` });
    }
  }
  return out;
}

function gatewayClassView(o: KubeObject): GatewayClassView {
  const controllerName = getPath(o.body, 'spec.controllerName');
  const conditions = getPath(o.body, 'status.conditions');
  const accepted = Array.isArray(conditions) ? conditions.find((c) => isObj(c) && c.type === 'Accepted') : undefined;
  return {
    object: describeObject(o),
    file: o.file,
    name: o.name,
    controllerName: typeof controllerName === 'string' ? controllerName : undefined,
    accepted: isObj(accepted) ? { status: String(accepted.status), reason: accepted.reason as string | undefined, message: accepted.message as string | undefined } : undefined,
    fromCluster: o.fromCluster,
  };
}

/** The Gateway API provider and Gateway a folder's kserve-config.yaml describes (RawDeployment/Standard, KServe >= 0.15, or the LLM stack). */
function presetGatewayApi(p: { body: Obj }): { provider: string; className: string; version: string } | undefined {
  const version = semver.valid(String(getPath(p.body, 'kserve.version') ?? '').replace(/^v/, ''));
  const provider = String(getPath(p.body, 'ingress.provider') ?? 'istio');
  const mode = modeOf(String(getPath(p.body, 'deploymentMode') ?? ''));
  // The LLM stack routes through the Gateway in any mode (contract-v2.md §2).
  const llm = getPath(p.body, 'llm.enabled') === true;
  if (!version || (mode !== 'standard' && !llm) || !satisfies(version, FEATURE_RANGES.gatewayApi)) return undefined;
  if (provider === 'istio' && getPath(p.body, 'ingress.gatewayApi') !== true) return undefined;
  const className = String(getPath(p.body, 'ingress.gateway.className') ?? '') || (GATEWAY_API_PROVIDERS[provider as GatewayApiProvider]?.className ?? '');
  return { provider, className, version };
}

/** Classes a folder relies on without writing them: istiod's own "istio", or the cluster's (provider gatewayclass). */
function plannedGatewayClasses(loaded: Loaded): GatewayClassView[] {
  const out: GatewayClassView[] = [];
  for (const p of loaded.presets) {
    const g = presetGatewayApi(p);
    if (!g) continue;
    if (g.provider === 'istio' && g.className === GATEWAY_API_PROVIDERS.istio.className) {
      out.push({ object: `GatewayClass ${g.className} (istiod creates it)`, file: p.file, name: g.className, controllerName: GATEWAY_API_PROVIDERS.istio.controllerName!, fromCluster: false, planned: 'istiod' });
    } else if (g.provider === 'gatewayclass') {
      out.push({ object: `GatewayClass ${g.className} (the cluster's, per ${p.file})`, file: p.file, name: g.className, fromCluster: false, planned: 'cluster' });
    }
  }
  return out;
}

/** controllerNames the providers are configured with: Kong's and Envoy Gateway's chart values, or the preset's provider. */
function providerControllers(loaded: Loaded): ProviderController[] {
  const out: ProviderController[] = [];
  const keys = ['controller.ingressController.env.gateway_api_controller_name', 'config.envoyGateway.gateway.controllerName'];
  for (const v of loaded.values) {
    for (const key of keys) {
      const name = getPath(v.body, key);
      if (typeof name === 'string' && name !== '') out.push({ controllerName: name, from: `${v.file} ${key}` });
    }
  }
  // The charts' values are what the controllers run with; the preset's provider only where no values say.
  if (out.length) return out;
  for (const p of loaded.presets) {
    const g = presetGatewayApi(p);
    if (!g) continue;
    const name = g.provider === 'kong' ? getPath(p.body, 'ingress.kong.controllerName') : GATEWAY_API_PROVIDERS[g.provider as GatewayApiProvider]?.controllerName;
    if (typeof name === 'string') out.push({ controllerName: name, from: `${p.file} ingress.provider ${g.provider}` });
  }
  return out;
}


// ---------------------------------------------------------------------------------------------
// KServe

/** Generated values files start with "# Helm values for the <chart> chart <version>" and "-n <namespace>". */
function valuesChart(v: ValuesDoc): string {
  return /Helm values for the (\S+) chart/.exec(v.header)?.[1] ?? v.file.replace(/^.*[\\/]/, '').replace(/\.values\.ya?ml$/i, '');
}

/** Only the main chart renders inferenceservice-config; runtime, localmodel and llmisvc charts do not. */
function isMainChart(v: ValuesDoc): boolean {
  return !/runtime-configs|localmodel|llmisvc|crd/.test(valuesChart(v));
}

function kserveFromValues(v: ValuesDoc, version: string | undefined, presetNamespace: string | undefined): KServeView {
  const namespace = /\s-n\s+([a-z0-9-]+)/.exec(v.header)?.[1] ?? presetNamespace ?? 'kserve';
  const setting = (key: string, fallback?: string): Setting | undefined => {
    const value = getPath(v.body, key);
    if (value !== undefined && value !== null) return { value: String(value), key, defaulted: false };
    return fallback === undefined ? undefined : { value: fallback, key, defaulted: true };
  };
  const flag = (key: string): Setting<boolean> => {
    const value = getPath(v.body, key);
    return { value: value === true || value === 'true', key, defaulted: value === undefined };
  };
  // Chart defaults (kserve-versions.md §3); ingressGateway.gatewayService is a key only up to 0.13.
  const known = version !== undefined;
  const hasIngressService = !known || satisfies(version, FEATURE_RANGES.ingressGatewayServiceKey);
  const chartDefaultMode = known ? (satisfies(version, FEATURE_RANGES.newModeNames) ? 'Knative' : 'Serverless') : undefined;
  const deploymentMode = setting('kserve.controller.deploymentMode', chartDefaultMode);
  return {
    object: `Helm values (${valuesChart(v)} chart)`,
    file: v.file,
    namespace,
    from: 'values',
    // Both defaults (Serverless before 0.16, Knative after) are the Knative mode.
    mode: deploymentMode ? modeKind(deploymentMode.value) : 'knative',
    localGateway: setting(`${G}.localGateway.gateway`, NET_ISTIO_DEFAULTS.local.ref),
    localGatewayService: setting(`${G}.localGateway.gatewayService`, NET_ISTIO_DEFAULTS.local.service),
    knativeLocalGatewayService: setting(`${G}.localGateway.knativeGatewayService`),
    ingressGateway: setting(`${G}.ingressGateway.gateway`, NET_ISTIO_DEFAULTS.external.ref),
    ingressService: hasIngressService ? setting(`${G}.ingressGateway.gatewayService`, known ? NET_ISTIO_DEFAULTS.external.service : undefined) : undefined,
    enableGatewayApi: flag(`${G}.ingressGateway.enableGatewayApi`),
    kserveIngressGateway: setting(`${G}.ingressGateway.kserveGateway`, KSERVE_GATEWAY.ref),
    createGateway: flag(`${G}.ingressGateway.createGateway`),
    disableHTTPRouteTimeout: flag(`${G}.disableHTTPRouteTimeout`),
    deploymentMode,
    caBundleConfigMapName: setting('kserve.storage.caBundleConfigMapName', ''),
    invalid: [],
  };
}

function kserveFromConfigMap(o: KubeObject): KServeView {
  const data = stringMap(o.body.data);
  const invalid: KServeView['invalid'] = [];
  const section = (name: string): Obj => {
    const text = data[name];
    if (text === undefined) return {};
    try {
      const parsed = parseSection(o, name, text);
      return isObj(parsed) ? parsed : {};
    } catch (err) {
      if (err instanceof UserError) throw err;
      invalid.push({ key: `data.${name}`, error: (err as Error).message });
      return {};
    }
  };
  const ingress = section('ingress');
  const deploy = section('deploy');
  const storage = section('storageInitializer');
  // A missing key in the ConfigMap is Go's zero value: no default to fill in.
  const setting = (obj: Obj, sectionName: string, key: string): Setting | undefined =>
    obj[key] === undefined || obj[key] === null ? undefined : { value: String(obj[key]), key: `data.${sectionName}.${key}`, defaulted: false };
  const flag = (obj: Obj, sectionName: string, key: string): Setting<boolean> => ({
    value: obj[key] === true || obj[key] === 'true',
    key: `data.${sectionName}.${key}`,
    defaulted: obj[key] === undefined,
  });
  const deploymentMode = setting(deploy, 'deploy', 'defaultDeploymentMode');
  return {
    object: describeObject(o),
    file: o.file,
    namespace: o.namespace ?? 'kserve',
    from: 'configmap',
    mode: deploymentMode ? modeKind(deploymentMode.value) : 'unknown',
    localGateway: setting(ingress, 'ingress', 'localGateway'),
    localGatewayService: setting(ingress, 'ingress', 'localGatewayService'),
    knativeLocalGatewayService: setting(ingress, 'ingress', 'knativeLocalGatewayService'),
    ingressGateway: setting(ingress, 'ingress', 'ingressGateway'),
    ingressService: setting(ingress, 'ingress', 'ingressService'),
    enableGatewayApi: flag(ingress, 'ingress', 'enableGatewayApi'),
    kserveIngressGateway: setting(ingress, 'ingress', 'kserveIngressGateway'),
    disableHTTPRouteTimeout: flag(ingress, 'ingress', 'disableHTTPRouteTimeout'),
    deploymentMode,
    caBundleConfigMapName: setting(storage, 'storageInitializer', 'caBundleConfigMapName'),
    invalid,
  };
}

/** Gateway agreement only matters where KServe runs InferenceServices through Knative (or may: mode unknown). */
export const knativeMode = (k: KServeView) => k.mode === 'knative' || k.mode === 'unknown';

/** Said after a fix whose value the values file does not set. */
export const chartDefaultNote = (s: Setting<unknown>) => (s.defaulted ? ` (${s.key} is not in the values file, so the chart default applies)` : '');

export function modeKind(mode: string): ModeKind {
  return modeOf(mode) ?? 'unknown';
}

/**
 * The KServe version rules judge by, from the most direct source the input has: what a generated
 * folder was written for (values header, kserve.version), else what the cluster runs (the
 * ConfigMap's Helm labels, the controller's image tag). version-drift reports when they differ.
 */
function preferredVersion(versions: Versions): Model['kserveVersion'] {
  const seen = versions.kserve.folder[0] ?? versions.kserve.cluster[0];
  return seen && { version: seen.version, from: seen.from };
}

// ---------------------------------------------------------------------------------------------
// Knative

function usesIstio(spec: Obj): boolean {
  const ingress = spec.ingress;
  if (!isObj(ingress)) return true; // the operator's default networking layer is Istio
  const enabled = (name: string) => isObj(ingress[name]) && (ingress[name] as Obj).enabled === true;
  return enabled('istio') || !(enabled('kourier') || enabled('contour') || enabled('gateway-api'));
}

function selectorOverrides(spec: Obj): SelectorOverride[] {
  const out: SelectorOverride[] = [];
  for (const [role, name] of [['local', 'knative-local-gateway'], ['ingress', 'knative-ingress-gateway']] as const) {
    const selector = stringMap(getPath(spec, `ingress.istio.${name}.selector`));
    if (Object.keys(selector).length) out.push({ role, selector, key: `spec.ingress.istio.${name}.selector` });
  }
  return out;
}

function knativeIstioView(object: string, file: string, prefix: string, data: Record<string, string>, knativeVersion?: Setting): KnativeIstioView {
  return { object, file, prefix, ...parseConfigIstio(data, prefix), knativeVersion };
}

function addSkipList(out: SkipList[], data: Record<string, string>, o: KubeObject, prefix: string): void {
  const at = { object: describeObject(o), file: o.file, source: o.kind === 'ConfigMap' ? ('configmap' as const) : ('knativeserving' as const), fromCluster: o.fromCluster };
  // Knative's key, and the camelCase spelling KServe's own docs patch (kserve-versions.md §6 vi).
  for (const key of ['registries-skipping-tag-resolving', 'registriesSkippingTagResolving']) {
    const value = data[key];
    if (value === undefined) continue;
    out.push({ ...at, hosts: value.split(',').map((h) => h.trim()).filter(Boolean), key: `${prefix}.${key}`, set: true });
    return;
  }
  out.push({ ...at, hosts: [...KNATIVE_DEFAULT_SKIP], key: `${prefix}.registries-skipping-tag-resolving`, set: false });
}

function addQueueImage(out: ImageRef[], data: Record<string, string>, object: string, file: string, prefix: string): void {
  for (const key of ['queue-sidecar-image', 'queueSidecarImage']) {
    const image = data[key];
    if (image !== undefined) out.push({ image, object, file, key: `${prefix}.${key}`, user: false });
  }
}

// ---------------------------------------------------------------------------------------------
// Pods and images

/** Every `image` string under spec: InferenceServices, ServingRuntimes, Deployments, Pods, Jobs... */
function workloadImages(objects: KubeObject[]): ImageRef[] {
  const out: ImageRef[] = [];
  for (const o of objects) {
    if (o.kind === 'KnativeServing' || o.kind === 'CustomResourceDefinition' || !isObj(o.body.spec)) continue;
    walk(o.body.spec, 'spec', (key, value) => {
      if (key.endsWith('.image') && typeof value === 'string') out.push({ image: value, object: describeObject(o), file: o.file, key, user: o.kind === 'InferenceService' || o.kind === 'LLMInferenceService' });
    });
  }
  return out;
}

/** Images in chart values: `image: repo[:tag]` strings, or `image: {repository, registry?}` maps. */
function valuesImages(values: ValuesDoc[]): ImageRef[] {
  const out: ImageRef[] = [];
  for (const v of values) {
    const object = v.role === 'kserve' || v.role === 'istio-gateway' ? `Helm values (${valuesChart(v)} chart)` : `Helm values ${v.file}`;
    walk(v.body, '', (key, value) => {
      const last = key.slice(key.lastIndexOf('.') + 1);
      if (/image$/i.test(last) && typeof value === 'string') out.push({ image: value, object, file: v.file, key, user: false });
      else if (last === 'image' && isObj(value) && typeof value.repository === 'string') {
        const registry = typeof value.registry === 'string' && value.registry !== '' ? `${value.registry}/` : '';
        out.push({ image: `${registry}${value.repository}`, object, file: v.file, key: `${key}.repository`, user: false });
      }
    });
  }
  return out;
}

/** Images in inferenceservice-config's JSON sections (storageInitializer, agent, router, explainers...). */
function configMapImages(o: KubeObject): ImageRef[] {
  const out: ImageRef[] = [];
  for (const [section, text] of Object.entries(stringMap(o.body.data))) {
    let parsed: unknown;
    try {
      parsed = parseSection(o, section, text);
    } catch (err) {
      if (err instanceof UserError) throw err;
      continue; // reported by the JSON rule
    }
    walk(parsed, `data.${section}`, (key, value) => {
      if (/\.(image|defaultJobImage)$/.test(key) && typeof value === 'string') out.push({ image: value, object: describeObject(o), file: o.file, key, user: false });
    });
  }
  return out;
}

/** The registry host of a mirror prefix such as `registry.local:5000/mirror`. */
export function registryOfPrefix(prefix: string): string {
  return prefix.replace(/^[a-z]+:\/\//, '').split('/')[0]!.toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// Helpers

/**
 * One JSON section of inferenceservice-config. JSON.parse reads any depth, but every walk over the
 * result recurses: deeper than yaml-input's limit is refused as the file's fault (exit 2), like
 * YAML nested that deep; JSON that does not parse is a finding (SyntaxError, for the caller).
 */
function parseSection(o: KubeObject, section: string, text: string): unknown {
  const parsed: unknown = JSON.parse(text);
  try {
    checkParsedLimits(parsed, text);
  } catch (err) {
    if (err instanceof YamlLimitError) throw new UserError(o.file, `data.${section} of ${describeObject(o)} ${err.reason}`, err.fix);
    throw err;
  }
  return parsed;
}

function walk(node: unknown, key: string, visit: (key: string, value: unknown) => void): void {
  if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${key}[${i}]`, visit));
  else if (isObj(node)) {
    for (const [k, v] of Object.entries(node)) {
      const child = key ? `${key}.${k}` : k;
      visit(child, v);
      walk(v, child, visit);
    }
  }
}

export { NET_ISTIO_DEFAULTS, type GatewayEntry };
