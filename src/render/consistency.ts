/**
 * Cross-file agreement, checked on the rendered output before anything is written.
 *
 * A Serverless install breaks (504s from the activator) when KServe's values, Knative's config-istio
 * and the Istio objects name different gateways, Services or pod selectors. resolve.ts derives each
 * name once, but templates could still drift; this reads every claim back out of the generated files
 * and fails loudly (a bug: exit 1) if any two disagree.
 */
import { parseConfigIstio } from '../config-istio.js';
import { InternalError } from '../errors.js';
import type { Plan } from '../plan/index.js';

type Topic = 'local gateway' | 'local service' | 'local selector' | 'ingress gateway' | 'ingress service' | 'ingress selector';

interface Claim {
  topic: Topic;
  file: string;
  value: string;
}

type Obj = Record<string, unknown>;
const get = (o: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((node, k) => (node && typeof node === 'object' ? (node as Obj)[k] : undefined), o);
const canon = (selector: unknown) =>
  JSON.stringify(Object.fromEntries(Object.entries((selector ?? {}) as Obj).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));

export function collectGatewayClaims(plan: Plan, docs: Map<string, unknown[]>): Claim[] {
  const claims: Claim[] = [];
  const claim = (topic: Topic, file: string, value: unknown) => {
    if (value !== undefined) claims.push({ topic, file, value: typeof value === 'string' ? value : canon(value) });
  };
  for (const file of plan.files) {
    const doc = docs.get(file.path)?.[0];
    if (doc === undefined) continue;
    if (file.chart?.keys === 'main') {
      const gw = get(doc, 'kserve.controller.gateway');
      claim('local gateway', file.path, get(gw, 'localGateway.gateway'));
      claim('local service', file.path, get(gw, 'localGateway.gatewayService'));
      claim('ingress gateway', file.path, get(gw, 'ingressGateway.gateway'));
      claim('ingress service', file.path, get(gw, 'ingressGateway.gatewayService'));
    } else if (file.chart?.keys === 'istioGateway') {
      const name = get(doc, 'name') as string;
      claim('local service', file.path, `${name}.${plan.context.istioGatewayChart!.namespace}.svc.cluster.local`);
      const labels = (get(doc, 'labels') ?? {}) as Obj;
      claim('local selector', file.path, Object.fromEntries(Object.keys(plan.context.istio.localSelector).map((k) => [k, labels[k]])));
    } else if (file.object?.kind === 'KnativeServing') {
      claimConfigIstio(claim, file.path, get(doc, 'spec.config.istio'));
      claim('local selector', file.path, get(doc, 'spec.ingress.istio.knative-local-gateway.selector'));
      claim('ingress selector', file.path, get(doc, 'spec.ingress.istio.knative-ingress-gateway.selector'));
    } else if (file.object?.kind === 'ConfigMap' && file.object.name === 'config-istio') {
      claimConfigIstio(claim, file.path, get(doc, 'data'));
    } else if (file.object?.kind === 'Gateway' && typeof file.data?.role === 'string') {
      const role = file.data.role as 'local' | 'ingress';
      claim(`${role} gateway`, file.path, `${String(get(doc, 'metadata.namespace'))}/${String(get(doc, 'metadata.name'))}`);
      claim(`${role} selector`, file.path, get(doc, 'spec.selector'));
    }
  }
  return claims;
}

function claimConfigIstio(claim: (t: Topic, f: string, v: unknown) => void, file: string, data: unknown): void {
  if (!data || typeof data !== 'object') return;
  const parsed = parseConfigIstio(data as Record<string, string>, '');
  for (const [role, entries] of [['local', parsed.local], ['ingress', parsed.external]] as const) {
    for (const e of entries.filter((g) => !g.implicit)) {
      claim(`${role} gateway`, file, `${e.namespace}/${e.name}`);
      claim(`${role} service`, file, e.service);
    }
  }
}

/** Every topic must have one value across all files, equal to the resolved one. */
export function checkGatewayAgreement(plan: Plan, docs: Map<string, unknown[]>): void {
  if (!plan.context.mode.isKnative) return;
  const istio = plan.context.istio;
  const expected: Record<Topic, string> = {
    'local gateway': istio.localGateway.ref,
    'local service': istio.localService.host,
    'local selector': canon(istio.localSelector),
    'ingress gateway': istio.ingressGateway.ref,
    'ingress service': istio.ingressService.host,
    'ingress selector': canon(istio.ingressSelector),
  };
  for (const c of collectGatewayClaims(plan, docs)) {
    if (c.value !== expected[c.topic]) {
      throw new InternalError(`${c.file} names ${c.topic} ${c.value}, but the other files name ${expected[c.topic]}`);
    }
  }
}
