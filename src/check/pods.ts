/**
 * The pods that run an Istio gateway proxy: what an Istio Gateway's selector must match.
 *
 * From a cluster: the pod templates of Deployments, DaemonSets and StatefulSets, and Pods. Never a
 * Service's selector (a Service outlives the Deployment it sent traffic to), and only gateway proxies
 * (istiod and the KServe controller carry labels too). Where the input lists a namespace's workloads,
 * only those run there. From a generated folder: the pods its istio/gateway chart values create, and
 * the istio-ingressgateway its INSTALL.md installs in istio-system.
 */
import { ISTIO_GATEWAY_SELECTOR } from '../catalog/index.js';
import { describeObject, isObj, stringMap, type KubeObject, type Loaded, type Obj } from './load.js';

export interface GatewayPod {
  labels: Record<string, string>;
  /** `Deployment istio-system/istio-ingressgateway`, or the chart values file. */
  from: string;
  name?: string;
  namespace?: string;
  origin: 'cluster' | 'folder';
}

export interface ServiceSelector {
  object: string;
  name: string;
  namespace?: string;
  selector: Record<string, string>;
}

export interface GatewayPods {
  pods: GatewayPod[];
  /** Services with a selector: which pods a gateway Service sends to, for the expected labels. */
  services: ServiceSelector[];
  /** Namespaces whose workloads the input lists (`kubectl get deployments,... -n NS`). */
  listed: string[];
}

const TEMPLATE_KINDS = new Set(['Deployment', 'DaemonSet', 'StatefulSet']);
/** The namespace `helm install istio-ingressgateway istio/gateway` runs in (INSTALL.md's Istio step). */
export const ISTIO_NAMESPACE = 'istio-system';
const ISTIO_DEFAULT_GATEWAY: GatewayPod = {
  labels: { app: 'istio-ingressgateway', ...ISTIO_GATEWAY_SELECTOR },
  from: "Istio's default ingress gateway (istio-ingressgateway, installed by INSTALL.md)",
  name: 'istio-ingressgateway',
  namespace: ISTIO_NAMESPACE,
  origin: 'folder',
};

export function readGatewayPods(loaded: Loaded, generatedFolder: boolean): GatewayPods {
  const listed = new Set<string>();
  const pods: GatewayPod[] = [];
  const services: ServiceSelector[] = [];
  for (const o of loaded.objects) {
    const isTemplate = TEMPLATE_KINDS.has(o.kind);
    if (!isTemplate && o.kind !== 'Pod' && o.kind !== 'Service') continue;
    if (o.namespace) listed.add(o.namespace);
    if (o.kind === 'Service') {
      const selector = stringMap(isObj(o.body.spec) ? o.body.spec.selector : undefined);
      if (Object.keys(selector).length) services.push({ object: describeObject(o), name: o.name, namespace: o.namespace, selector });
      continue;
    }
    const spec = isObj(o.body.spec) ? o.body.spec : {};
    const template = isTemplate ? (isObj(spec.template) ? spec.template : {}) : o.body;
    const meta = isObj(template.metadata) ? template.metadata : {};
    // A Deployment or StatefulSet scaled to zero runs no pods.
    if (isTemplate && o.kind !== 'DaemonSet' && spec.replicas === 0) continue;
    if (!isGatewayProxy(isObj(template.spec) ? template.spec : {}, meta)) continue;
    const labels = isTemplate ? stringMap(meta.labels) : o.labels;
    if (Object.keys(labels).length) pods.push({ labels, from: describeObject(o), name: o.name, namespace: o.namespace, origin: 'cluster' });
  }
  pods.push(...chartPods(loaded));
  if (generatedFolder) pods.push(ISTIO_DEFAULT_GATEWAY);
  return { pods, services, listed: [...listed].sort() };
}

/**
 * An Istio gateway proxy: the istio/gateway chart's pods (injection template "gateway", container
 * istio-proxy with image "auto") or a running router; not an application pod's injected sidecar.
 */
function isGatewayProxy(podSpec: Obj, meta: Obj): boolean {
  const templates = stringMap(meta.annotations)['inject.istio.io/templates'] ?? '';
  if (templates.split(',').includes('gateway')) return true;
  const containers = Array.isArray(podSpec.containers) ? podSpec.containers : [];
  return containers.some((c) => isObj(c) && c.name === 'istio-proxy' && !(Array.isArray(c.args) && c.args.includes('sidecar')));
}

/** istio/gateway chart values: app = labels.app or the name; istio = labels.istio or the name without "istio-" (ecosystem-facts.md §5). */
function chartPods(loaded: Loaded): GatewayPod[] {
  const out: GatewayPod[] = [];
  for (const v of loaded.values) {
    if (v.role !== 'istio-gateway') continue;
    // The name is the release name unless `name` is set.
    const name = typeof v.body.name === 'string' ? v.body.name : /helm install (\S+)/.exec(v.header)?.[1];
    const labels = stringMap(v.body.labels);
    if (name === undefined && Object.keys(labels).length === 0) continue;
    const derived: Record<string, string> = name ? { app: name, istio: name.replace(/^istio-/, '') } : {};
    out.push({
      labels: { ...derived, ...labels },
      from: `istio/gateway chart values ${v.file}`,
      name,
      namespace: /\s-n\s+([a-z0-9-]+)/.exec(v.header)?.[1],
      origin: 'folder',
    });
  }
  return out;
}

/**
 * The pods that may run in `namespace`: the listed ones when the input lists that namespace's
 * workloads, else the ones a generated folder installs there; undefined when the input cannot say.
 */
export function podsIn(view: GatewayPods, namespace: string): GatewayPod[] | undefined {
  if (view.listed.includes(namespace)) return view.pods.filter((p) => p.origin === 'cluster' && p.namespace === namespace);
  const folder = view.pods.filter((p) => p.origin === 'folder' && (p.namespace ?? ISTIO_NAMESPACE) === namespace);
  return folder.length ? folder : undefined;
}

/** Every pod a selector may match: listed namespaces as listed, the others as the folder installs them. */
export function knownPods(view: GatewayPods): GatewayPod[] {
  return view.pods.filter((p) => p.origin === 'cluster' || !view.listed.includes(p.namespace ?? ISTIO_NAMESPACE));
}

export const matches = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
