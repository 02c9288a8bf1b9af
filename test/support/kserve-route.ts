/**
 * Test support: the HTTPRoute KServe's controller creates for an InferenceService, built from the
 * `ingress` section of a rendered inferenceservice-config, the way kserve v0.20.0
 * pkg/controller/v1beta1/inferenceservice/reconcilers/ingress/httproute_reconciler.go does (same
 * shape from v0.15; gateway-and-llm-facts.md §1.2): the top-level route `<isvc>` in the
 * InferenceService's namespace, one parentRef split from kserveIngressGateway, the host from
 * domainTemplate, RegularExpression path matches (and the gRPC rule of a dual-protocol predictor,
 * 0.18+), the KServe-Isvc-* header filter, a Service backend, and timeouts.request unless
 * disableHTTPRouteTimeout.
 */

export interface IngressConfig {
  kserveIngressGateway: string;
  ingressDomain: string;
  domainTemplate: string;
  disableHTTPRouteTimeout?: boolean;
}

export function kserveHttpRoute(ingress: IngressConfig, isvc = { name: 'sklearn-iris', namespace: 'kserve-test' }, opts: { grpc?: boolean } = {}): Record<string, unknown> {
  const [gatewayNamespace, gatewayName] = ingress.kserveIngressGateway.split('/');
  const host = ingress.domainTemplate
    .replace('{{ .Name }}', isvc.name)
    .replace('{{ .Namespace }}', isvc.namespace)
    .replace('{{ .IngressDomain }}', ingress.ingressDomain);
  const predictor = `${isvc.name}-predictor`;
  const filters = [
    { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'KServe-Isvc-Name', value: isvc.name }, { name: 'KServe-Isvc-Namespace', value: isvc.namespace }] } },
  ];
  const rule = (matches: unknown[], port: number) => ({
    matches,
    filters,
    backendRefs: [{ kind: 'Service', name: predictor, namespace: isvc.namespace, port }],
    ...(ingress.disableHTTPRouteTimeout ? {} : { timeouts: { request: '60s' } }),
  });
  const rest = { path: { type: 'RegularExpression', value: '^/.*$' } };
  const grpc = {
    path: { type: 'RegularExpression', value: '^/inference\\.GRPCInferenceService/.*$' },
    headers: [{ type: 'RegularExpression', name: 'content-type', value: '^application/grpc.*' }],
  };
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: isvc.name, namespace: isvc.namespace },
    spec: {
      hostnames: [host],
      rules: opts.grpc ? [rule([grpc], 8081), rule([rest], 8080)] : [rule([rest], 80)],
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: gatewayNamespace, name: gatewayName }],
    },
  };
}
