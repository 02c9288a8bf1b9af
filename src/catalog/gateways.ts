/**
 * The gateway names every layer must agree on when the user keeps the defaults, spelled once:
 * net-istio's shipped Gateways and the Services behind them (ecosystem-facts.md §2), the labels of the
 * pods `helm install istio-ingressgateway istio/gateway` creates, and the Gateway API Gateway the KServe
 * chart names (kserve-versions.md §3).
 */
export interface GatewayDefault {
  namespace: string;
  name: string;
  /** "<namespace>/<name>", the form KServe's ConfigMap and the preset use. */
  ref: string;
}

export const KNATIVE_GATEWAYS = {
  local: { namespace: 'knative-serving', name: 'knative-local-gateway', ref: 'knative-serving/knative-local-gateway', service: 'knative-local-gateway.istio-system.svc.cluster.local' },
  ingress: { namespace: 'knative-serving', name: 'knative-ingress-gateway', ref: 'knative-serving/knative-ingress-gateway', service: 'istio-ingressgateway.istio-system.svc.cluster.local' },
} as const satisfies Record<string, GatewayDefault & { service: string }>;

/** Labels of the istio-ingressgateway pods, which net-istio's Gateways select. */
export const ISTIO_GATEWAY_SELECTOR: Readonly<Record<string, string>> = { istio: 'ingressgateway' };

/** The port of net-istio's local Gateway server (its local Service sends port 80 there). */
export const LOCAL_GATEWAY_PORT = 8081;

/** The Gateway API Gateway the KServe chart names in kserveGateway (and creates with createGateway). */
export const KSERVE_GATEWAY = { namespace: 'kserve', name: 'kserve-ingress-gateway', ref: 'kserve/kserve-ingress-gateway' } as const satisfies GatewayDefault;
