/** The manifests INSTALL.md applies with `kubectl apply -k manifests/`, in apply order. */
import { LOCAL_GATEWAY_PORT } from '../catalog/index.js';
import type { GatewayApiSettings, KnativeSettings, Resolved } from '../resolve/index.js';
import type { PlannedFile } from './types.js';

/** Namespaces that exist before `kubectl apply -k manifests/` runs (Istio's own). */
const PREEXISTING_NAMESPACES = new Set(['istio-system', 'default']);

/** Collects manifests in apply order; each namespace is created once, before its first object. */
class ManifestList {
  readonly files: PlannedFile[] = [];
  private readonly namespaces = new Set<string>(PREEXISTING_NAMESPACES);

  add(template: string, kind: string, name: string, namespace: string | undefined, why: string, data?: Record<string, unknown>): void {
    this.files.push({ path: '', template, kind: 'manifest', why, mode: 0o644, object: { kind, name, namespace }, data: { name, namespace: namespace ?? null, ...data } });
  }

  namespace(name: string, why: string): void {
    if (this.namespaces.has(name)) return;
    this.namespaces.add(name);
    this.add('manifests/namespace.yaml', 'Namespace', name, undefined, why);
  }

  /** A namespace that exists already (Knative's, when it was installed from its release YAML). */
  existing(name: string): void {
    this.namespaces.add(name);
  }
}

/** The manifests, in apply order, numbered NN-<kind>-<name>.yaml. */
export function manifestFiles(r: Resolved): PlannedFile[] {
  const list = new ManifestList();
  list.namespace(r.preset.kserve.namespace, 'the KServe namespace, created before the charts install into it');
  storageManifests(r, list);
  if (r.knative) knativeManifests(r, r.knative, list);
  if (r.gatewayApi) gatewayApiManifests(r.gatewayApi, list);
  if (r.mode === 'standard' && r.provider === 'istio' && !r.gatewayApi) {
    list.add('manifests/ingressclass.yaml', 'IngressClass', 'istio', undefined,
      'RawDeployment creates Kubernetes Ingress objects of class istio; Istio serves that class only when the IngressClass exists');
  }
  list.files.forEach((m, i) => {
    m.path = `manifests/${String(i).padStart(2, '0')}-${m.object!.kind.toLowerCase()}-${m.object!.name}.yaml`;
  });
  return list.files;
}

/** Envoy Gateway's proxy settings offline, the GatewayClass (where neither the provider nor the cluster has it), the Gateway. */
function gatewayApiManifests(g: GatewayApiSettings, list: ManifestList): void {
  list.namespace(g.gateway.namespace, `the namespace of the Gateway ${g.gateway.ref}`);
  const proxy = g.envoy?.envoyProxy;
  if (proxy) {
    // Envoy Gateway's namespace exists once its chart is installed (INSTALL.md installs it first).
    list.existing(proxy.namespace);
    list.add('manifests/envoyproxy.yaml', 'EnvoyProxy', proxy.name, proxy.namespace,
      `Envoy Gateway's settings for the proxies of GatewayClass ${g.className}: the Envoy image from the mirror (the chart has no value for it before v1.8)`);
  }
  if (g.writeGatewayClass) {
    list.add('manifests/gatewayclass.yaml', 'GatewayClass', g.className, undefined,
      g.provider === 'kong'
        ? `the GatewayClass ${g.className} handled by Kong's controller ${g.controllerName} (unmanaged mode)`
        : `the GatewayClass ${g.className} handled by ${g.providerName}'s controller ${g.controllerName}`);
  }
  list.add('manifests/gateway.yaml', 'Gateway', g.gateway.name, g.gateway.namespace,
    g.provider === 'kong'
      ? `the Gateway KServe attaches its HTTPRoutes to (kserveGateway ${g.gateway.ref}), standard-channel fields only`
      : `the Gateway KServe attaches its HTTPRoutes to (kserveGateway ${g.gateway.ref}), class ${g.className}, listeners open to routes from every namespace`);
}

function storageManifests(r: Resolved, list: ManifestList): void {
  for (const ns of r.storage.storageConfig?.namespaces ?? []) {
    list.namespace(ns, `a namespace for InferenceServices, where the ${r.storage.storageConfig!.secretName} Secret goes`);
  }
  const ca = r.storage.caBundle;
  if (ca) {
    list.add('manifests/ca-bundle-configmap.yaml', 'ConfigMap', ca.configMapName, r.preset.kserve.namespace,
      `the CA bundle (key cabundle.crt) KServe mounts into storage initializers and copies to each InferenceService namespace as global-ca-bundle`,
      { pem: ca.pem });
  }
}

/** Knative Serving through the operator (a KnativeServing CR) or as patches of its own ConfigMaps, and the Istio Gateways both name. */
function knativeManifests(r: Resolved, k: KnativeSettings, list: ManifestList): void {
  const istio = r.istio;
  if (k.install === 'operator') list.namespace(k.namespace, 'the namespace the Knative Operator installs Serving into');
  else list.existing(k.namespace);
  for (const gw of [istio.writeLocalGateway ? istio.localGateway : null, istio.writeIngressGateway ? istio.ingressGateway : null]) {
    if (gw) list.namespace(gw.namespace, `the namespace of the Istio Gateway ${gw.ref}`);
  }
  if (k.install === 'operator') {
    list.add('manifests/knativeserving.yaml', 'KnativeServing', k.crName, k.namespace,
      `Knative Serving ${k.version} through the Knative Operator, with the domain and gateways KServe is configured with`);
  }
  if (istio.writeLocalGateway) {
    list.add('manifests/istio-gateway.yaml', 'Gateway', istio.localGateway.name, istio.localGateway.namespace,
      `the Istio Gateway for cluster-local traffic that KServe and Knative both name (${istio.localGateway.ref})`,
      { role: 'local', selector: istio.localSelector, port: LOCAL_GATEWAY_PORT, hosts: istio.localHosts });
  }
  if (istio.writeIngressGateway) {
    list.add('manifests/istio-gateway.yaml', 'Gateway', istio.ingressGateway.name, istio.ingressGateway.namespace,
      `the Istio Gateway for traffic from outside the cluster that KServe and Knative both name (${istio.ingressGateway.ref})`,
      { role: 'ingress', selector: istio.ingressSelector, port: 80, hosts: ['*'] });
  }
  if (k.install === 'manifests') configMapPatches(k, list);
}

function configMapPatches(k: KnativeSettings, list: ManifestList): void {
  if (Object.keys(k.configDeployment).length) {
    list.add('manifests/configmap.yaml', 'ConfigMap', 'config-deployment', k.namespace,
      "patch of Knative's config-deployment: " + Object.keys(k.configDeployment).join(', '),
      { data: k.configDeployment, comment: 'config-deployment: tag resolution skipped for the mirror, the queue-proxy image, rollout deadline.' });
  }
  list.add('manifests/configmap.yaml', 'ConfigMap', 'config-domain', k.namespace,
    "patch of Knative's config-domain: the domain KServe is configured with",
    { data: k.configDomain, comment: "config-domain: InferenceService URLs end in this domain; KServe's values use the same domain." });
  if (k.configIstioFormat !== 'none') {
    list.add('manifests/configmap.yaml', 'ConfigMap', 'config-istio', k.namespace,
      "patch of Knative's config-istio: the gateways KServe is configured with",
      { data: k.configIstio, comment: `config-istio (${k.configIstioFormat === 'lists' ? 'gateway lists, Knative >= 1.14' : 'legacy gateway keys, which every Knative version reads'}): the gateways KServe's values name.` });
  }
}
