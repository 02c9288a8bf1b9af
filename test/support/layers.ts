/**
 * Test support: do the objects an install creates (charts rendered by real Helm, manifests built
 * by kubectl kustomize, patches applied) agree across layers? Every check reads rendered objects,
 * never the values files: KServe's inferenceservice-config as the chart wrote it against Knative's
 * KnativeServing / config-* ConfigMaps, the Istio Gateways and the gateway pods and Services the
 * gateway chart rendered, Kong's and Envoy Gateway's rendered controller, proxy and RBAC against
 * the Gateway API objects, the storage Secrets and CA ConfigMap; offline, every image against the mirror and
 * images.txt. Each returns a list of problems (empty: the layers agree).
 */
import yaml from 'js-yaml';
import type { Generated } from './generate.js';
import type { K8sObject, Placed } from './paper.js';

type Json = Record<string, any>;

const KNATIVE_DEFAULTS = {
  ingress: { gateway: 'knative-serving/knative-ingress-gateway', service: 'istio-ingressgateway.istio-system.svc.cluster.local' },
  local: { gateway: 'knative-serving/knative-local-gateway', service: 'knative-local-gateway.istio-system.svc.cluster.local' },
};
/** net-istio ships these Gateways (selector istio: ingressgateway unless the operator overrides it). */
const KNATIVE_SHIPPED = new Set([KNATIVE_DEFAULTS.ingress.gateway, KNATIVE_DEFAULTS.local.gateway]);

export class Installed {
  constructor(readonly placed: Placed[]) {}

  all(kind: string): K8sObject[] {
    return this.placed.filter((p) => p.obj.kind === kind).map((p) => p.obj);
  }

  namespaceOf(obj: K8sObject): string | undefined {
    return obj.metadata.namespace ?? this.placed.find((p) => p.obj === obj)?.releaseNamespace;
  }

  find(kind: string, name: string, namespace?: string): K8sObject | undefined {
    return this.all(kind).find((o) => o.metadata.name === name && (namespace === undefined || this.namespaceOf(o) === namespace));
  }
}

/** The sections of inferenceservice-config, each parsed as the controller parses it (JSON). */
export function kserveConfig(installed: Installed, problems: string[]): Record<string, Json> {
  const maps = installed.all('ConfigMap').filter((o) => o.metadata.name === 'inferenceservice-config');
  if (maps.length !== 1) {
    problems.push(`expected one inferenceservice-config ConfigMap, found ${maps.length}`);
    return {};
  }
  const out: Record<string, Json> = {};
  for (const [key, text] of Object.entries((maps[0]!.data ?? {}) as Record<string, string>)) {
    if (key === '_example') continue; // documentation only; the controller never reads it
    try {
      out[key] = JSON.parse(text) as Json;
    } catch (err) {
      problems.push(`inferenceservice-config data.${key} is not JSON (the controller fails to read it): ${(err as Error).message}; text: ${text.replace(/\s+/g, ' ').slice(0, 160)}`);
    }
  }
  return out;
}

/** The gateways Knative routes through, from the KnativeServing CR or config-istio ConfigMap this install writes. */
function knativeGateways(installed: Installed): { ingress: { gateway: string; service: string }; local: { gateway: string; service: string } } {
  const ks = installed.all('KnativeServing')[0] as Json | undefined;
  const cm = installed.find('ConfigMap', 'config-istio', 'knative-serving') as Json | undefined;
  const data: Record<string, string> = ks?.spec?.config?.istio ?? cm?.data ?? {};
  const result = structuredClone(KNATIVE_DEFAULTS);
  for (const [role, listKey, legacyPrefix] of [['ingress', 'external-gateways', 'gateway.'], ['local', 'local-gateways', 'local-gateway.']] as const) {
    if (data[listKey]) {
      const first = (yaml.load(data[listKey]) as { name: string; namespace: string; service: string }[])[0]!;
      result[role] = { gateway: `${first.namespace}/${first.name}`, service: first.service };
    }
    const legacy = Object.keys(data).find((k) => k.startsWith(legacyPrefix));
    if (legacy) {
      const [, ns, name] = legacy.split('.');
      result[role] = { gateway: `${ns}/${name}`, service: data[legacy]! };
    }
  }
  return result;
}

export interface LayerContext {
  g: Generated;
  installed: Installed;
}

/** deploy, ingress, domain and scheme: KServe's rendered ConfigMap against Knative, Istio, Kong and the Gateway API. */
export function routingProblems({ g, installed }: LayerContext, cfg: Record<string, Json>): string[] {
  const problems: string[] = [];
  const ctx = g.plan.context;
  const preset = ctx.preset;
  const mode = cfg.deploy?.defaultDeploymentMode;
  // The LLM stack alone: no deployment mode applies, the llmisvc chart's default stays.
  if (ctx.predictive && mode !== ctx.mode.name) problems.push(`deploy.defaultDeploymentMode is ${mode}, KServe ${ctx.release.version} ${ctx.mode.key} mode is spelled ${ctx.mode.name}`);
  const ingress = cfg.ingress ?? {};
  if (ingress.ingressDomain !== preset.ingress.domain) problems.push(`ingress.ingressDomain is ${ingress.ingressDomain}, not ${preset.ingress.domain}`);
  if (ingress.urlScheme !== preset.ingress.urlScheme) problems.push(`ingress.urlScheme is ${ingress.urlScheme}, not ${preset.ingress.urlScheme}`);

  const ks = installed.all('KnativeServing')[0] as Json | undefined;
  const configDomain = installed.find('ConfigMap', 'config-domain', 'knative-serving') as Json | undefined;
  if (ctx.mode.isKnative) {
    const knativeDomains = Object.keys(ks?.spec?.config?.domain ?? configDomain?.data ?? {});
    if (ctx.knativeOperator || configDomain) {
      if (knativeDomains.join() !== ingress.ingressDomain) problems.push(`Knative's domain is ${knativeDomains.join()}, KServe's ingressDomain ${ingress.ingressDomain}`);
    } else {
      problems.push('Knative mode, but no KnativeServing and no config-domain patch tells Knative the domain');
    }
    problems.push(...istioProblems(installed, ingress, ctx.release.features.ingressGatewayServiceKey));
  } else if (ks) {
    problems.push(`${ctx.mode.name} mode installs a KnativeServing`);
  }
  if (ctx.mode.isStandard) problems.push(...standardIngressProblems({ g, installed }, ingress));
  if (ctx.features.gatewayApi && !ctx.isvcGatewayApi && ingress.enableGatewayApi !== false) {
    problems.push(`ingress.enableGatewayApi is ${ingress.enableGatewayApi} without a Gateway API install`);
  }
  return problems;
}

function istioProblems(installed: Installed, ingress: Json, hasIngressService: boolean): string[] {
  const problems: string[] = [];
  const kn = knativeGateways(installed);
  const pairs: [string, unknown, string][] = [
    ['ingressGateway', ingress.ingressGateway, kn.ingress.gateway],
    ['localGateway', ingress.localGateway, kn.local.gateway],
    ['localGatewayService', ingress.localGatewayService, kn.local.service],
  ];
  if (hasIngressService) pairs.push(['ingressService', ingress.ingressService, kn.ingress.service]);
  for (const [key, ours, theirs] of pairs) {
    if (ours !== theirs) problems.push(`inferenceservice-config ingress.${key} is ${ours}, Knative's config-istio says ${theirs}`);
  }
  const ks = installed.all('KnativeServing')[0] as Json | undefined;
  for (const role of ['ingress', 'local'] as const) {
    const { gateway, service } = kn[role];
    const [ns, name] = gateway.split('/') as [string, string];
    const object = installed.find('Gateway', name, ns) as Json | undefined;
    const istioGateway = object && String(object.apiVersion).startsWith('networking.istio.io/') ? object : undefined;
    if (!istioGateway && !KNATIVE_SHIPPED.has(gateway)) {
      problems.push(`Knative and KServe name the Istio Gateway ${gateway}, which no step creates`);
      continue;
    }
    // The operator's selector override replaces the shipped one; an object in manifests/ states its own.
    const selector: Record<string, string> =
      istioGateway?.spec?.selector ?? ks?.spec?.ingress?.istio?.[name]?.selector ?? { istio: 'ingressgateway' };
    const pods = installed.all('Deployment').filter((d) => matches(selector, (d as Json).spec?.template?.metadata?.labels));
    if (!pods.length) problems.push(`the ${role} Gateway ${gateway} selects ${JSON.stringify(selector)}: no gateway Deployment rendered by a step has those pod labels`);
    const [svcName, svcNs] = service.split('.') as [string, string];
    const svc = installed.find('Service', svcName, svcNs) as Json | undefined;
    if (svc) {
      if (!pods.some((d) => matches(svc.spec.selector, (d as Json).spec?.template?.metadata?.labels))) {
        problems.push(`Service ${service} selects ${JSON.stringify(svc.spec.selector)}, not the pods of the ${role} Gateway ${gateway}`);
      }
      const serverPorts: number[] = (istioGateway?.spec?.servers ?? []).map((s: Json) => s.port.number);
      const http = (svc.spec.ports as Json[]).find((p) => p.port === 80);
      if (serverPorts.length && !serverPorts.includes(http?.targetPort)) {
        problems.push(`Service ${service} sends port 80 to ${http?.targetPort}, the Gateway ${gateway} listens on ${serverPorts.join(', ')}`);
      }
    } else if (service !== KNATIVE_DEFAULTS.local.service) {
      problems.push(`the ${role} gateway Service ${service} is rendered by no step`);
    }
  }
  return problems;
}

function matches(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || !labels) return false;
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

function standardIngressProblems({ g, installed }: LayerContext, ingress: Json): string[] {
  const problems: string[] = [];
  const ctx = g.plan.context;
  const api = ctx.gatewayApi;
  // Through the Gateway API KServe writes HTTPRoutes and reads no IngressClass; Kong keeps its IngressClass there.
  if (!api || api.provider === 'kong') {
    const className = ingress.ingressClassName;
    const ingressClass = installed.find('IngressClass', className) as Json | undefined;
    if (!ingressClass) problems.push(`ingress.ingressClassName is ${className}, and no step creates that IngressClass`);
    if (ctx.usesIstio && !api && ingressClass && ingressClass.spec?.controller !== 'istio.io/ingress-controller') {
      problems.push(`IngressClass ${className} is not Istio's (controller ${ingressClass.spec?.controller})`);
    }
  }
  if (!api) return problems;
  const provider = api.providerName;
  if (ingress.enableGatewayApi !== true) problems.push(`ingress.enableGatewayApi is ${ingress.enableGatewayApi} with ${provider} through the Gateway API`);
  const gateway = installed.all('Gateway').find((o) => String(o.apiVersion).startsWith('gateway.networking.k8s.io/')) as Json | undefined;
  const gateways = installed.placed.filter((p) => p.obj.kind === 'Gateway' && String(p.obj.apiVersion).startsWith('gateway.networking.k8s.io/'));
  if (gateways.length !== 1 || !gateway) {
    problems.push(`expected one Gateway API Gateway, found ${gateways.map((p) => `${p.obj.metadata.name} (${p.from})`).join(', ') || 'none'}`);
    return problems;
  }
  const ref = `${installed.namespaceOf(gateway as K8sObject)}/${gateway.metadata.name}`;
  if (ingress.kserveIngressGateway !== ref) problems.push(`ingress.kserveIngressGateway is ${ingress.kserveIngressGateway}, the Gateway is ${ref}`);
  // KServe's HTTPRoutes live in each InferenceService's namespace: every listener must admit them.
  for (const listener of gateway.spec.listeners as Json[]) {
    if (listener.allowedRoutes?.namespaces?.from !== 'All') problems.push(`Gateway ${ref} listener ${listener.name} admits routes from ${listener.allowedRoutes?.namespaces?.from ?? 'Same'} namespaces, not the InferenceServices' (All)`);
  }
  const className = gateway.spec.gatewayClassName;
  const gatewayClass = installed.find('GatewayClass', className) as Json | undefined;
  if (!api.writeGatewayClass) {
    // Istio's istiod creates its class "istio"; provider gatewayclass uses a class the cluster has.
    if (gatewayClass) problems.push(`GatewayClass ${className} is created by a step, but ${provider} owns it`);
    if (className !== api.className) problems.push(`Gateway ${ref} has class ${className}, not ${api.className}`);
    return problems;
  }
  if (!gatewayClass) return [...problems, `Gateway ${ref} has class ${className}, which no step creates`];
  const controllerName = gatewayClass.spec.controllerName;
  if (api.provider === 'kong') problems.push(...kongProblems(installed, ctx.kongChart!.release, gateway, controllerName));
  if (api.provider === 'envoy') problems.push(...envoyGatewayProblems(installed, controllerName));
  return problems;
}

/** Kong's rendered controller, proxy Service and RBAC against the GatewayClass and Gateway. */
function kongProblems(installed: Installed, release: string, gateway: Json, controllerName: string): string[] {
  const problems: string[] = [];
  const controller = installed.all('Deployment').flatMap((d) => (d as Json).spec.template.spec.containers as Json[]).find((c) => c.name === 'ingress-controller');
  const envName = (controller?.env as Json[] | undefined)?.find((e) => e.name === 'CONTROLLER_GATEWAY_API_CONTROLLER_NAME')?.value;
  if (envName !== controllerName) problems.push(`GatewayClass ${gateway.spec.gatewayClassName} names controller ${controllerName}, Kong's rendered controller is ${envName}`);
  const proxy = installed.all('Service').find((s) => s.metadata.name === `${release}-gateway-proxy`) as Json | undefined;
  const ports: number[] = (proxy?.spec?.ports ?? []).map((p: Json) => p.port);
  for (const listener of gateway.spec.listeners as Json[]) {
    if (!ports.includes(listener.port)) problems.push(`Gateway listener ${listener.name} port ${listener.port} is not a port of Kong's proxy Service (${ports.join(', ') || 'none rendered'})`);
  }
  return [...problems, ...gatewayRbacProblems(installed, 'Kong')];
}

/**
 * Envoy Gateway's rendered configuration (ConfigMap envoy-gateway-config, key envoy-gateway.yaml,
 * gateway.controllerName) against the GatewayClass; its proxies are provisioned per Gateway at run time.
 */
function envoyGatewayProblems(installed: Installed, controllerName: string): string[] {
  const problems: string[] = [];
  const config = envoyGatewayConfig(installed);
  if (!config) return ['no step renders ConfigMap envoy-gateway-config (Envoy Gateway\'s configuration)'];
  const name = config.gateway?.controllerName;
  if (name !== controllerName) problems.push(`GatewayClass names controller ${controllerName}, Envoy Gateway's rendered configuration ${name}`);
  return [...problems, ...gatewayRbacProblems(installed, 'Envoy Gateway')];
}

function envoyGatewayConfig(installed: Installed): Json | undefined {
  const cm = installed.find('ConfigMap', 'envoy-gateway-config') as Json | undefined;
  const text = cm?.data?.['envoy-gateway.yaml'];
  return typeof text === 'string' ? (yaml.load(text) as Json) : undefined;
}

function gatewayRbacProblems(installed: Installed, provider: string): string[] {
  const rules = [...installed.all('ClusterRole'), ...installed.all('Role')].flatMap((r) => ((r as Json).rules ?? []) as Json[]);
  return ['gateways', 'httproutes', 'gatewayclasses']
    .filter((resource) => !rules.some((r) => (r.apiGroups ?? []).includes('gateway.networking.k8s.io') && (r.resources ?? []).includes(resource)))
    .map((resource) => `${provider}'s rendered RBAC cannot read gateway.networking.k8s.io ${resource}`);
}

/** storageInitializer and credentials against the CA ConfigMap, storage Secrets and example InferenceService. */
export function storageProblems({ g, installed }: LayerContext, cfg: Record<string, Json>): string[] {
  const problems: string[] = [];
  const ctx = g.plan.context;
  const si = cfg.storageInitializer ?? {};
  const credentials = cfg.credentials ?? {};
  const ns = ctx.kserveNamespace;
  const ca = ctx.storage.caBundle;
  if (ca) {
    const cm = installed.find('ConfigMap', si.caBundleConfigMapName, ns) as Json | undefined;
    if (!cm || typeof cm.data?.['cabundle.crt'] !== 'string') problems.push(`storageInitializer.caBundleConfigMapName ${si.caBundleConfigMapName}: no ConfigMap with cabundle.crt in ${ns}`);
    if (si.caBundleVolumeMountPath !== ca.mountPath) problems.push(`storageInitializer.caBundleVolumeMountPath is ${si.caBundleVolumeMountPath}, not ${ca.mountPath}`);
  } else if (si.caBundleConfigMapName) {
    problems.push(`storageInitializer.caBundleConfigMapName is ${si.caBundleConfigMapName} without a CA bundle`);
  }
  if (credentials.storageSecretNameAnnotation !== ctx.storageSecretNameAnnotation) {
    problems.push(`credentials.storageSecretNameAnnotation is ${credentials.storageSecretNameAnnotation}, not ${ctx.storageSecretNameAnnotation}`);
  }
  const sc = ctx.storage.storageConfig;
  if (!sc) return problems;
  if (credentials.storageSpecSecretName !== sc.secretName) problems.push(`credentials.storageSpecSecretName is ${credentials.storageSpecSecretName}, the Secret is ${sc.secretName}`);
  for (const secretNs of sc.namespaces) {
    const secret = installed.find('Secret', credentials.storageSpecSecretName, secretNs) as Json | undefined;
    if (!secret) {
      problems.push(`no Secret ${credentials.storageSpecSecretName} in ${secretNs}, where InferenceServices read it`);
      continue;
    }
    const entry = JSON.parse(secret.stringData.default) as Json;
    if (ca) {
      const caPath = entry.ca_bundle ?? entry.certificate;
      if (typeof caPath !== 'string' || !caPath.startsWith(`${si.caBundleVolumeMountPath}/`)) {
        problems.push(`Secret ${secretNs}/${secret.metadata.name} points at CA ${String(caPath).slice(0, 60)}, outside the mount ${si.caBundleVolumeMountPath}`);
      }
    }
  }
  const example = installed.placed.find((p) => p.from === 'examples/inferenceservice-s3.yaml');
  if (example && example.obj.metadata.annotations?.[credentials.storageSecretNameAnnotation] !== sc.secretName) {
    problems.push(`examples/inferenceservice-s3.yaml does not name ${sc.secretName} with ${credentials.storageSecretNameAnnotation}`);
  }
  return problems;
}

/** An image reference found in the installed objects, and where. */
export interface FoundImage {
  ref: string;
  where: string;
}

/** Every image the install makes the cluster pull, as the objects name it. */
export function installedImages(installed: Installed, cfg: Record<string, Json>, setImages: string[]): FoundImage[] {
  const out: FoundImage[] = [];
  const add = (ref: unknown, where: string) => {
    if (typeof ref === 'string' && ref !== '' && ref !== 'auto') out.push({ ref, where }); // "auto": Istio injects the proxy image
  };
  for (const p of installed.placed) {
    const o = p.obj as Json;
    const where = `${o.kind} ${o.metadata.name} (${p.from})`;
    const podSpec = ['Deployment', 'DaemonSet', 'StatefulSet', 'Job', 'ReplicaSet'].includes(o.kind)
      ? o.spec?.template?.spec
      : o.kind === 'CronJob'
        ? o.spec?.jobTemplate?.spec?.template?.spec
        : o.kind === 'Pod'
          ? o.spec
          : undefined;
    for (const c of [...(podSpec?.initContainers ?? []), ...(podSpec?.containers ?? [])]) add(c.image, `${where} container ${c.name}`);
    if (o.kind === 'ClusterServingRuntime' || o.kind === 'ServingRuntime') for (const c of o.spec?.containers ?? []) add(c.image, where);
    if (o.kind === 'ClusterStorageContainer') add(o.spec?.container?.image, where);
    if (o.kind === 'KnativeServing') {
      for (const [container, image] of Object.entries(o.spec?.registry?.override ?? {})) add(image, `${where} registry.override ${container}`);
      add(o.spec?.config?.deployment?.['queue-sidecar-image'], `${where} config.deployment queue-sidecar-image`);
    }
    if (o.kind === 'ConfigMap' && o.metadata.name === 'config-deployment') add(o.data?.['queue-sidecar-image'], `${where} queue-sidecar-image`);
    // Envoy Gateway: the proxies' and rate limiter's images in its configuration, the proxies' in an EnvoyProxy.
    if (o.kind === 'ConfigMap' && o.metadata.name === 'envoy-gateway-config') {
      const text = o.data?.['envoy-gateway.yaml'];
      if (typeof text === 'string') configImages(yaml.load(text), `${where} envoy-gateway.yaml`, add);
    }
    if (o.kind === 'EnvoyProxy') add(o.spec?.provider?.kubernetes?.envoyDeployment?.container?.image, `${where} envoyDeployment`);
  }
  for (const [section, value] of Object.entries(cfg)) configImages(value, `inferenceservice-config ${section}`, add);
  for (const image of setImages) add(image, 'INSTALL.md kubectl set image');
  return out;
}

/** Images in a ConfigMap section: "image"/"*Image" keys, joined with their version key where the section splits them. */
function configImages(node: unknown, where: string, add: (ref: unknown, where: string) => void): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) return node.forEach((n, i) => configImages(n, `${where}[${i}]`, add));
  const obj = node as Json;
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'string' && (k === 'image' || /Image$/.test(k))) {
      const version = k === 'image' ? obj.defaultImageVersion : undefined;
      add(version ? `${v}:${version}` : v, `${where}.${k}`);
    } else {
      configImages(v, `${where}.${k}`, add);
    }
  }
}

/** Offline: each image is on the mirror, pinned where images.txt copies it by digest, and listed in images.txt. */
/**
 * Offline with a pull secret, a pod that pulls from the mirror must name the secret: in its spec,
 * in the ServiceAccount the chart renders for it, or through INSTALL.md's `kubectl patch
 * serviceaccount` (charts that take no pull secret). A Secret nothing references pulls nothing.
 */
export function pullSecretProblems(g: Generated, installed: Installed): string[] {
  const offline = g.plan.context.offline;
  if (!offline?.pullSecrets.length) return [];
  const install = g.files.get('INSTALL.md') ?? '';
  const named = (list: unknown) => offline.pullSecrets.every((s) => Array.isArray(list) && list.some((x: { name?: string }) => x?.name === s));
  // `kubectl patch serviceaccount NAME -n NS --patch-file FILE`, where FILE names every pull secret.
  const patchNames = (file: string) => (yaml.load(g.files.get(file) ?? '') as { imagePullSecrets?: unknown } | undefined)?.imagePullSecrets;
  const patched = new Set(
    [...install.matchAll(/^kubectl patch serviceaccount (\S+) -n (\S+) --patch-file (\S+)$/gm)].filter((m) => named(patchNames(m[3]!))).map((m) => `${m[2]}/${m[1]}`),
  );
  // Injected gateways (image "auto") get istiod's global.imagePullSecrets from its injection template
  // (istio manifests/charts/istio-control/istio-discovery/files/gateway-injection-template.yaml).
  const injectedGetSecrets = offline.pullSecrets.every((s, i) => install.includes(`--set global.imagePullSecrets[${i}]=${s}`));
  const problems: string[] = [];
  for (const p of installed.placed) {
    const o = p.obj as Json;
    if (!['Deployment', 'DaemonSet', 'StatefulSet', 'Job'].includes(o.kind)) continue;
    const spec = o.spec?.template?.spec ?? {};
    const containers: { image?: string }[] = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
    const pulls = containers.some((c) => c.image?.startsWith(`${offline.registry}/`) || c.image === 'auto');
    const injected = containers.some((c) => c.image === 'auto');
    if (!pulls || named(spec.imagePullSecrets) || (injected && injectedGetSecrets)) continue;
    const namespace = installed.namespaceOf(p.obj) ?? 'default';
    const account = spec.serviceAccountName ?? 'default';
    if (named((installed.find('ServiceAccount', account, namespace) as Json | undefined)?.imagePullSecrets) || patched.has(`${namespace}/${account}`)) continue;
    problems.push(`${o.kind} ${namespace}/${o.metadata.name} (${p.from}) pulls from the mirror without ${offline.pullSecrets.join(', ')} (pod spec, ServiceAccount ${account}, or a kubectl patch in INSTALL.md)`);
  }
  return problems;
}

/**
 * Registries that no longer serve an image a chart still names: an install pulling from one fails
 * with ImagePullBackOff, online and offline (the mirror copies from there too).
 */
const GONE_IMAGES = [{ prefix: 'gcr.io/kubebuilder/', source: 'kubernetes-sigs/kubebuilder#3907' }];

export function goneImageProblems(g: Generated, images: FoundImage[]): string[] {
  const sources = g.plan.context.offline ? (g.files.get('images.txt') ?? '').split('\n').map((l) => ({ ref: l.split(' ')[0]!, where: 'images.txt' })) : images;
  return sources.flatMap(({ ref, where }) => GONE_IMAGES.filter((gone) => ref.startsWith(gone.prefix)).map((gone) => `${where}: ${ref} cannot be pulled any more (${gone.source})`));
}

export function offlineImageProblems(g: Generated, images: FoundImage[]): string[] {
  const offline = g.plan.context.offline;
  if (!offline) return [];
  const problems: string[] = [];
  const lines = g.files.get('images.txt')!.trim().split('\n').map((l) => l.split(' ') as [string, string]);
  const byMirror = new Map(lines.map(([source, mirror]) => [mirror, source]));
  for (const { ref, where } of images) {
    if (!ref.startsWith(`${offline.registry}/`)) {
      problems.push(`${where}: ${ref} is not on the mirror ${offline.registry}`);
      continue;
    }
    const at = ref.indexOf('@');
    const unpinned = at >= 0 ? ref.slice(0, at) : ref;
    const source = byMirror.get(unpinned);
    if (!source) {
      problems.push(`${where}: ${ref} is not in images.txt`);
      continue;
    }
    const digest = source.includes('@') ? source.slice(source.indexOf('@') + 1) : null;
    if (digest && !ref.endsWith(`@${digest}`)) problems.push(`${where}: ${ref} is not pinned to ${digest} (images.txt copies it by digest)`);
  }
  return problems;
}

/**
 * A patch step may change images and add keys, nothing else: a patch that rewrites a whole JSON
 * section (inferenceservice-config data.localModel, data.deploy) must keep every other setting the
 * chart rendered. JSON sections are compared as parsed JSON.
 */
export function patchProblems(installed: Installed, fixes: string[] = []): string[] {
  const problems: string[] = [];
  // `fixes`: patch files that correct a chart's object on purpose (0.16's LLM webhooks), checked by llm-layers.ts.
  for (const p of installed.placed.filter((x) => x.beforePatch && !fixes.some((f) => x.from.includes(f)))) {
    for (const path of changedPaths(p.beforePatch, p.obj, '')) {
      const last = path.split('.').pop()!;
      if (last !== 'image' && !last.endsWith('Image')) problems.push(`${p.from}: changes ${p.obj.kind} ${p.obj.metadata.name} ${path}, not only images`);
    }
  }
  return problems;
}

/** Paths whose value differs or is gone in `after` (keys only `after` has are additions, allowed). */
function changedPaths(before: unknown, after: unknown, at: string): string[] {
  if (typeof before === 'string' && typeof after === 'string' && before !== after) {
    const a = parseJson(before);
    const b = parseJson(after);
    return a !== undefined && b !== undefined && typeof a === 'object' ? changedPaths(a, b, at) : [at];
  }
  if (before === null || typeof before !== 'object') return before === after ? [] : [at];
  if (after === null || typeof after !== 'object') return [at];
  return Object.entries(before).flatMap(([k, v]) => changedPaths(v, (after as Record<string, unknown>)[k], at ? `${at}.${k}` : k));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
