/**
 * The `kubectl get` commands that save exactly what `check` reads from a cluster, spelled once: the
 * generated INSTALL.md (through the plan's context), README.md, `check --help` and the hints of
 * checks that could not run all come from here. Kept free of the rest of check so the plan can use it.
 */

/** What one command collects. */
export type InputId =
  | 'kserveConfigMaps'
  | 'kserveController'
  | 'inferenceServices'
  | 'knativeServing'
  | 'knativeConfigMaps'
  | 'istioGateways'
  | 'gatewayPods'
  | 'gatewayApi'
  | 'gatewayApiCrds'
  | 'httpRoutes'
  | 'inferenceExtensionCrds'
  | 'istiod'
  | 'envoyGatewayConfig';

export interface CheckScope {
  kserveNamespace: string;
  /**
   * Knative mode: how Knative was installed. `either` (README, --help) lists both commands and says
   * which applies; null: no Knative (RawDeployment/Standard, ModelMesh).
   */
  knative: 'operator' | 'manifests' | 'either' | null;
  /** Namespaces the Istio gateway pods run in (Knative mode): the namespaces of the gateway Services. */
  gatewayNamespaces: string[];
  /** KServe's Gateway API ingress (enableGatewayApi), or the Gateway of LLM routes. */
  gatewayApi: boolean;
  /** The LLMInferenceService stack, with the provider of its routes (`either`: README, --help). */
  llm?: 'envoy' | 'istio' | 'either' | null;
  /** The folder the commands save into. */
  dir: string;
  /** Say in a comment line before conditional commands when they apply (lists not tailored to one configuration). */
  annotate?: boolean;
}

/** Where INSTALL.md saves the cluster state: inside the generated folder, so `check .` reads both. */
export const CLUSTER_STATE_DIR = 'cluster-state';

/** The scope of README's and `check --help`'s list: every command, each saying when it applies. */
export const GENERIC_SCOPE: CheckScope = {
  kserveNamespace: 'kserve',
  knative: 'either',
  gatewayNamespaces: ['istio-system'],
  gatewayApi: true,
  llm: 'either',
  dir: 'state',
  annotate: true,
};

const LLM_ONLY = '# LLMInferenceService stack:';

const KNATIVE_ONLY = '# Serverless/Knative mode:';

/** A command's text; `namespace` is the gateway namespace for gatewayPods, KServe's namespace otherwise. */
function command(id: InputId, namespace: string, dir: string): string {
  switch (id) {
    case 'kserveConfigMaps':
      // Every ConfigMap: inferenceservice-config and the CA bundle ConfigMap it may name.
      return `kubectl get cm -n ${namespace} -o yaml > ${dir}/kserve-configmaps.yaml`;
    case 'kserveController':
      // The controller's image tag is the KServe version that runs.
      return `kubectl get deployment kserve-controller-manager -n ${namespace} -o yaml > ${dir}/kserve-controller.yaml`;
    case 'inferenceServices':
      return `kubectl get inferenceservices -A -o yaml > ${dir}/inferenceservices.yaml`;
    case 'knativeServing':
      return `kubectl get knativeserving -A -o yaml > ${dir}/knativeserving.yaml`;
    case 'knativeConfigMaps':
      return `kubectl get cm config-istio config-deployment -n knative-serving -o yaml > ${dir}/knative-configmaps.yaml`;
    case 'istioGateways':
      return `kubectl get gateways.networking.istio.io -A -o yaml > ${dir}/istio-gateways.yaml`;
    case 'gatewayPods':
      // Selectors match the pod templates of workloads; the Services say which pods a gateway Service sends to.
      return `kubectl get deployments,daemonsets,statefulsets,services -n ${namespace} -o yaml > ${dir}/gateway-pods${namespace === 'istio-system' ? '' : `-${namespace}`}.yaml`;
    case 'gatewayApi':
      // Full names: with Istio installed, "gateway" alone may mean Istio's Gateway.
      return `kubectl get gateways.gateway.networking.k8s.io,gatewayclasses.gateway.networking.k8s.io -A -o yaml > ${dir}/gateway-api.yaml`;
    case 'gatewayApiCrds':
      return `kubectl get crd gateways.gateway.networking.k8s.io httproutes.gateway.networking.k8s.io -o yaml > ${dir}/gateway-api-crds.yaml`;
    case 'httpRoutes':
      // KServe's routes (and any other): fields the installed CRDs lack (rules-gateway-api.ts).
      return `kubectl get httproutes.gateway.networking.k8s.io -A -o yaml > ${dir}/httproutes.yaml`;
    case 'inferenceExtensionCrds':
      // Both InferencePool groups the llmisvc controller writes (rules-llm.ts); kubectl lists the ones that exist.
      return `kubectl get crd inferencepools.inference.networking.k8s.io inferencepools.inference.networking.x-k8s.io -o yaml > ${dir}/inference-extension-crds.yaml`;
    case 'istiod':
      return `kubectl get deployment istiod -n istio-system -o yaml > ${dir}/istiod.yaml`;
    case 'envoyGatewayConfig':
      return `kubectl get cm envoy-gateway-config -n envoy-gateway-system -o yaml > ${dir}/envoy-gateway-config.yaml`;
  }
}

/**
 * The command that collects one input, as a check that could not run quotes it. Hints name the
 * Knative ConfigMaps rather than the KnativeServing: they exist under either install style.
 */
export function collectCommand(id: InputId, namespace = 'kserve'): string {
  return command(id, namespace, CLUSTER_STATE_DIR);
}

/** Every command `check` needs for a configuration, in the order a reader runs them. */
export function checkCommands(scope: CheckScope): string[] {
  const lines: [string, string?][] = [
    [command('kserveConfigMaps', scope.kserveNamespace, scope.dir)],
    [command('kserveController', scope.kserveNamespace, scope.dir)],
    [command('inferenceServices', scope.kserveNamespace, scope.dir)],
  ];
  if (scope.knative === 'operator' || scope.knative === 'either') {
    lines.push([command('knativeServing', scope.kserveNamespace, scope.dir), '# With the Knative Operator:']);
  }
  if (scope.knative !== null) {
    lines.push([command('knativeConfigMaps', scope.kserveNamespace, scope.dir), KNATIVE_ONLY]);
    lines.push([command('istioGateways', scope.kserveNamespace, scope.dir), KNATIVE_ONLY]);
    for (const ns of [...new Set(scope.gatewayNamespaces)].sort()) lines.push([command('gatewayPods', ns, scope.dir), KNATIVE_ONLY]);
  }
  if (scope.gatewayApi) {
    lines.push([command('gatewayApi', scope.kserveNamespace, scope.dir), '# Gateway API ingress (enableGatewayApi):']);
    lines.push([command('gatewayApiCrds', scope.kserveNamespace, scope.dir), '# Gateway API ingress (enableGatewayApi):']);
    lines.push([command('httpRoutes', scope.kserveNamespace, scope.dir), '# Gateway API ingress (enableGatewayApi):']);
  }
  if (scope.llm) {
    lines.push([command('inferenceExtensionCrds', scope.kserveNamespace, scope.dir), LLM_ONLY]);
    if (scope.llm !== 'envoy') lines.push([command('istiod', scope.kserveNamespace, scope.dir), `${LLM_ONLY.slice(0, -1)} with Istio:`]);
    if (scope.llm !== 'istio') lines.push([command('envoyGatewayConfig', scope.kserveNamespace, scope.dir), `${LLM_ONLY.slice(0, -1)} with Envoy Gateway:`]);
  }
  if (!scope.annotate) return lines.map(([c]) => c);
  // Each note once, before the first command it applies to: kubectl fails on a resource type the
  // cluster does not have, and check refuses the empty file that leaves.
  return lines.flatMap(([c, note], i) => (note && note !== lines[i - 1]?.[1] ? [note, c] : [c]));
}
