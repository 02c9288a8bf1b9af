/**
 * The gateway names every layer must agree on when the user keeps the defaults, spelled once:
 * net-istio's shipped Gateways and the Services behind them (ecosystem-facts.md §2), the labels of the
 * pods `helm install istio-ingressgateway istio/gateway` creates, and the Gateway API Gateway the KServe
 * chart names (kserve-versions.md §3).
 */
interface GatewayDefault {
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

export type GatewayApiProvider = 'envoy' | 'istio' | 'kong' | 'gatewayclass';

export interface GatewayApiProviderFacts {
  /** The GatewayClass name the provider's own docs and KServe's scripts use (ingress.gateway.className default). */
  className: string;
  /** GatewayClass spec.controllerName the provider's controller reconciles; null when unknown (a class the cluster has). */
  controllerName: string | null;
  /** The provider's controller creates this GatewayClass itself, so the tool must not write it. */
  createsClass: boolean;
  /** Applies HTTPRoute rules[].timeouts.request (what KServe sets); null when unknown. */
  honoursRequestTimeout: boolean | null;
  /** Copies Gateway spec.infrastructure labels onto the Deployment/Service it provisions per Gateway. */
  propagatesInfrastructure: boolean;
}

/**
 * What each Gateway API provider does with a Gateway, from its source (gateway-and-llm-facts.md §1.5,
 * ecosystem-facts.md §4), re-read at the tags the tool installs:
 * - envoy: controllerName gateway.envoyproxy.io/gatewayclass-controller (gateway-helm values.yaml
 *   config.envoyGateway.gateway.controllerName); the chart creates no GatewayClass; timeouts.request is
 *   applied (envoyproxy/gateway v1.2.2 internal/gatewayapi/route.go:L262); spec.infrastructure labels go
 *   onto the Envoy Deployment/Service (internal/gatewayapi/translator.go:L334-341, infrastructureLabels).
 * - istio: istiod creates GatewayClass "istio" with controllerName istio.io/gateway-controller
 *   (istio/istio 1.27.1 pilot/pkg/features/pilot.go:L262-266, pilot/pkg/config/kube/gateway/gatewayclass.go);
 *   timeouts.request is applied (conversion.go:L202-206; 1.23.2 L268); it deploys <gateway>-<class> itself
 *   (conversion.go getDefaultName) and copies spec.infrastructure labels onto it (deploymentcontroller.go,
 *   extractInfrastructureLabels in 1.23.2, extractInfrastructureMetadata in 1.27.1).
 * - kong: controllerName konghq.com/kic-gateway-controller; the class needs konghq.com/gatewayclass-unmanaged;
 *   only timeouts.backendRequest is applied, timeouts.request is ignored (Kong/kubernetes-ingress-controller
 *   v3.5.13 internal/dataplane/translator/subtranslator/httproute.go:L288-310); nothing provisioned per Gateway.
 */
export const GATEWAY_API_PROVIDERS: Readonly<Record<GatewayApiProvider, GatewayApiProviderFacts>> = {
  envoy: { className: 'envoy', controllerName: 'gateway.envoyproxy.io/gatewayclass-controller', createsClass: false, honoursRequestTimeout: true, propagatesInfrastructure: true },
  istio: { className: 'istio', controllerName: 'istio.io/gateway-controller', createsClass: true, honoursRequestTimeout: true, propagatesInfrastructure: true },
  kong: { className: 'kong', controllerName: 'konghq.com/kic-gateway-controller', createsClass: false, honoursRequestTimeout: false, propagatesInfrastructure: false },
  gatewayclass: { className: '', controllerName: null, createsClass: true, honoursRequestTimeout: null, propagatesInfrastructure: false },
};

/**
 * Envoy Gateway's install as KServe's scripts do it: release eg in envoy-gateway-system from
 * oci://docker.io/envoyproxy/gateway-helm (v0.17.1 hack/setup/infra/manage.envoy-gateway-helm.sh:L59-64).
 * The Envoy proxies it provisions per Gateway run in its own namespace.
 */
export const ENVOY_GATEWAY = {
  release: 'eg',
  namespace: 'envoy-gateway-system',
  chart: 'oci://docker.io/envoyproxy/gateway-helm',
  /** The chart's directory name once pulled (Chart.yaml name). */
  chartName: 'gateway-helm',
  /** Deployment of the controller (templates/envoy-gateway-deployment.yaml). */
  deployment: 'envoy-gateway',
} as const;

/** The label KServe's own Gateway puts on the provisioned Deployment/Service (kserve-versions.md §5). */
export const KSERVE_GATEWAY_LABEL = 'serving.kserve.io/gateway';
