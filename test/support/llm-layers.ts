/**
 * Test support: do the LLMInferenceService stack's layers agree, read from the objects an install on
 * paper creates (test/support/paper.ts)? The one inferenceservice-config names the Gateway in manifests/;
 * the route the router-route preset makes from it is valid against the Gateway API CRDs INSTALL.md
 * installs and attaches to that Gateway; the example LLMInferenceService is valid against the release's
 * own CRD; every CRD the llmisvc controller watches is installed; Envoy Gateway's extension settings
 * name the Envoy AI Gateway Service the chart renders; 0.16's webhooks end at the llmisvc controller.
 * Each returns a list of problems (empty: the layers agree).
 */
import yaml from 'js-yaml';
import { validateAgainstCrd } from './crd.js';
import type { Generated } from './generate.js';
import type { Installed } from './layers.js';
import { gatewayApiCrd } from './manifests.js';
import type { K8sObject } from './paper.js';

type Json = Record<string, any>;

/**
 * The default of ingress.modelBasedRoutingHeaderName, which no chart renders (kserve v0.20.0
 * pkg/apis/serving/v1beta1/configmap.go:L59-60, L344-349).
 */
const MODEL_HEADER = 'X-Gateway-Model-Name';

export function llmProblems(g: Generated, installed: Installed, cfg: Record<string, Json>): string[] {
  const llm = g.plan.context.llm;
  if (!llm) return [];
  const problems: string[] = [];
  const api = g.plan.context.gatewayApi!;
  const gateway = installed.all('Gateway').find((o) => String(o.apiVersion).startsWith('gateway.networking.k8s.io/')) as Json | undefined;
  if (!gateway) return ['no Gateway API Gateway is created for the LLM routes'];
  const gatewayRef = `${installed.namespaceOf(gateway as K8sObject)}/${gateway.metadata.name}`;
  const named = cfg.ingress?.kserveIngressGateway;
  if (named !== gatewayRef) problems.push(`inferenceservice-config ingress.kserveIngressGateway is ${named}, the Gateway LLM routes need is ${gatewayRef}`);
  if (cfg.ingress?.domainTemplate === '-.') problems.push('inferenceservice-config is the broken one of the llmisvc chart (domainTemplate "-.", kserve#4836)');

  // The route the controller builds from the router-route preset, on the Gateway the ConfigMap names.
  const preset = installed.all('LLMInferenceServiceConfig').find((p) => p.metadata.name === 'kserve-config-llm-router-route') as Json | undefined;
  if (!preset) problems.push('no step installs the preset kserve-config-llm-router-route');
  const example = g.docs.get('examples/llminferenceservice.yaml')?.[0] as Json | undefined;
  if (!example) return [...problems, 'no examples/llminferenceservice.yaml'];
  if (preset && typeof named === 'string') {
    const route = presetRoute(preset, example, llm.example.namespace, named);
    const errors = validateAgainstCrd(route, gatewayApiCrd(api.crdVersion, 'HTTPRoute'));
    problems.push(...errors.map((e) => `the preset's HTTPRoute against Gateway API v${api.crdVersion}: ${e}`));
    const parents = (route.spec as Json).parentRefs as Json[];
    if (parents.length !== 1 || `${parents[0]!.namespace}/${parents[0]!.name}` !== gatewayRef) {
      problems.push(`the preset's HTTPRoute attaches to ${parents.map((p) => `${p.namespace}/${p.name}`).join(', ')}, not ${gatewayRef}`);
    }
  }
  const tag = `v${g.plan.context.release.version}`;
  const crd = `crds/kserve/${tag}/serving.kserve.io_llminferenceservices.yaml.gz`;
  problems.push(...validateAgainstCrd({ ...example, metadata: { ...example.metadata, namespace: llm.example.namespace } }, crd).map((e) => `examples/llminferenceservice.yaml against ${crd}: ${e}`));
  problems.push(...watchedCrdProblems(g, installed), ...aiGatewayProblems(g, installed), ...webhookProblems(g, installed));
  return problems;
}

/** spec.router.route.http.spec of the preset with KServe's template fields filled in, as an HTTPRoute. */
export function presetRoute(preset: Json, llmSvc: Json, namespace: string, kserveIngressGateway: string): Json {
  const [gwNamespace, gwName] = kserveIngressGateway.split('/');
  const name = llmSvc.metadata.name as string;
  const fields: Record<string, string> = {
    '.GlobalConfig.IngressGatewayName': gwName!,
    '.GlobalConfig.IngressGatewayNamespace': gwNamespace!,
    '.GlobalConfig.ModelBasedRoutingHeaderName': MODEL_HEADER,
    '.ObjectMeta.Name': name,
    '.ObjectMeta.Namespace': namespace,
    '.Spec.Model.Name': llmSvc.spec.model.name,
  };
  const fill = (text: string) =>
    text.replace(/\{\{\s*(.*?)\s*\}\}/g, (_, expr: string) => {
      const child = expr.match(/^ChildName \.ObjectMeta\.Name `([^`]*)`$/);
      if (child) return `${name}${child[1]}`; // short names: kmeta.ChildName appends the suffix unchanged
      if (!(expr in fields)) throw new Error(`the route preset uses {{ ${expr} }}, which this test does not fill in`);
      return fields[expr]!;
    });
  const walk = (v: unknown): unknown =>
    typeof v === 'string' ? fill(v) : Array.isArray(v) ? v.map(walk) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)])) : v;
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: `${name}-kserve-route`, namespace },
    spec: walk(preset.spec.router.route.http.spec) as Json,
  };
}

/** The llmisvc controller registers watches only for CRDs that exist when it starts (v0.20.0 LLMC/controller.go:L428-456). */
function watchedCrdProblems(g: Generated, installed: Installed): string[] {
  const llm = g.plan.context.llm!;
  const crds = new Set(installed.all('CustomResourceDefinition').map((c) => c.metadata.name));
  const wanted = [...llm.inferenceExtension.crds, ...(llm.lws ? ['leaderworkersets.leaderworkerset.x-k8s.io'] : [])];
  const problems = wanted.filter((n) => !crds.has(n)).map((n) => `CRD ${n} is installed by no step`);
  // Both InferencePool groups from 0.17: the controller writes x-k8s.io pools and moves routes to k8s.io (§2.4).
  if (g.plan.context.features.llmisvcSplitCharts) {
    for (const n of ['inferencepools.inference.networking.k8s.io', 'inferencepools.inference.networking.x-k8s.io']) if (!crds.has(n)) problems.push(`CRD ${n} is missing`);
  }
  return problems;
}

/** Envoy Gateway's extension server is the Envoy AI Gateway controller Service the chart renders. */
function aiGatewayProblems(g: Generated, installed: Installed): string[] {
  const a = g.plan.context.llm!.aiGateway;
  if (!a) return [];
  const problems: string[] = [];
  const cm = installed.find('ConfigMap', 'envoy-gateway-config') as Json | undefined;
  const config = cm ? (yaml.load(cm.data['envoy-gateway.yaml']) as Json) : undefined;
  const ext = config?.extensionManager;
  if (!ext) return ['Envoy Gateway\'s rendered configuration has no extensionManager for Envoy AI Gateway'];
  const service = installed.find('Service', ext.service?.fqdn?.hostname?.split('.')[0] ?? '', ext.service?.fqdn?.hostname?.split('.')[1]) as Json | undefined;
  if (!service) problems.push(`Envoy Gateway's extension server ${ext.service?.fqdn?.hostname} is a Service no step renders`);
  else if (!(service.spec.ports as Json[]).some((p) => p.port === ext.service.fqdn.port)) problems.push(`the Service ${service.metadata.name} has no port ${ext.service.fqdn.port}`);
  const pools = (ext.backendResources ?? []) as Json[];
  if (!pools.some((p) => p.kind === 'InferencePool' && p.group === a.inferencePool.group && p.version === a.inferencePool.version)) {
    problems.push(`Envoy Gateway hands no ${a.inferencePool.group}/${a.inferencePool.version} InferencePool to Envoy AI Gateway`);
  }
  // Envoy Gateway's service account must read those InferencePools.
  const bindings = installed.all('ClusterRoleBinding') as Json[];
  const roles = new Map((installed.all('ClusterRole') as Json[]).map((r) => [r.metadata.name, r]));
  const egNamespace = g.plan.context.envoyGatewayChart!.namespace;
  const canRead = bindings.some(
    (b) =>
      (b.subjects ?? []).some((s: Json) => s.kind === 'ServiceAccount' && s.name === 'envoy-gateway' && s.namespace === egNamespace) &&
      (roles.get(b.roleRef.name)?.rules ?? []).some((r: Json) => r.apiGroups.includes(a.inferencePool.group) && r.resources.includes('inferencepools')),
  );
  if (!canRead) problems.push(`no ClusterRoleBinding lets Envoy Gateway's service account (${egNamespace}/envoy-gateway) read ${a.inferencePool.group} InferencePools`);
  return problems;
}

/** 0.16: after the patches, both LLM webhook configurations call the llmisvc controller. */
function webhookProblems(g: Generated, installed: Installed): string[] {
  const llm = g.plan.context.llm!;
  return ['llminferenceservice.serving.kserve.io', 'llminferenceserviceconfig.serving.kserve.io'].flatMap((name) => {
    const wh = installed.find('ValidatingWebhookConfiguration', name) as Json | undefined;
    if (!wh) return [`ValidatingWebhookConfiguration ${name} is installed by no step`];
    const services = (wh.webhooks as Json[]).map((w) => w.clientConfig.service.name);
    const ca = wh.metadata.annotations?.['cert-manager.io/inject-ca-from'];
    return services.every((s) => s === llm.objects.webhookService) && ca === `${llm.namespace}/${llm.objects.certificate}`
      ? []
      : [`ValidatingWebhookConfiguration ${name} calls ${services.join(', ')} with CA ${ca}, not the llmisvc controller's ${llm.objects.webhookService}`];
  });
}

/** Images inside the LLMInferenceServiceConfig presets, the example, and the extproc image Envoy AI Gateway injects. */
export function llmImages(g: Generated, installed: Installed): { ref: string; where: string }[] {
  const out: { ref: string; where: string }[] = [];
  const walk = (v: unknown, where: string): void => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${where}[${i}]`));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (k === 'image' && typeof x === 'string' ? out.push({ ref: x, where: `${where}.image` }) : walk(x, `${where}.${k}`));
  };
  for (const file of ['examples/llminferenceservice.yaml', 'examples/llm-model-loader.yaml']) {
    const doc = g.docs.get(file)?.[0] as Json | undefined;
    if (doc) walk(doc.spec, file);
  }
  for (const p of installed.placed) {
    const o = p.obj as Json;
    if (o.kind === 'LLMInferenceServiceConfig') walk(o.spec, `LLMInferenceServiceConfig ${o.metadata.name} (${p.from})`);
    if (o.kind === 'Deployment') {
      for (const c of (o.spec.template.spec.containers ?? []) as Json[]) {
        for (const arg of (c.args ?? []) as string[]) if (arg.startsWith('--extProcImage=')) out.push({ ref: arg.slice('--extProcImage='.length), where: `Deployment ${o.metadata.name} ${arg.split('=')[0]}` });
      }
    }
  }
  return out;
}
