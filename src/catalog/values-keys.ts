/**
 * Every Helm values key this tool may write, per chart, with the KServe versions whose chart has it.
 * The renderer refuses to write a values file with a key outside this table for the chosen version
 * (a bug, exit 1); the reference test checks the table against each release's real values.yaml.
 */
import semver from 'semver';
import { LLM_TESTED, TESTED } from './dependencies.js';
import { AI_GATEWAY_FEATURE_RANGES as AIGW, ENVOY_GATEWAY_FEATURE_RANGES as EG, FEATURE_RANGES as F } from './features.js';
import { KSERVE_IMAGE_SLOTS, KSERVE_PULL_SECRET_ONLY } from './images.js';

const ALL = '*';

export type ValuesTable = 'main' | 'runtimeConfigs' | 'istioGateway' | 'kong' | 'knativeOperator' | 'envoyGateway' | 'llmisvc' | 'aiGateway';

/**
 * The KServe lines whose pinned Envoy Gateway (dependencies.ts) satisfies an Envoy Gateway range, as a
 * range over KServe's version (the values validator compares keys with the KServe release).
 */
function kserveLinesWithEnvoyGateway(range: string): string {
  return Object.entries(TESTED)
    .filter(([, t]) => t.envoyGateway !== '' && semver.satisfies(t.envoyGateway, range))
    .map(([minor]) => `${minor}.x`)
    .join(' || ');
}

/** The same for the Envoy AI Gateway KServe's LLM stack pins (LLM_TESTED). */
function kserveLinesWithAiGateway(range: string): string {
  return Object.entries(LLM_TESTED)
    .filter(([, t]) => semver.satisfies(t.aiGateway, range))
    .map(([minor]) => `${minor}.x`)
    .join(' || ');
}

/**
 * The image keys of kserve-resources that kserve-llmisvc-resources (0.17+) has too: its shared
 * inferenceservice-config names these images when it renders the shared resources (LLM stack only).
 */
export const LLMISVC_SHARED_IMAGE_SLOTS = ['agent', 'router', 'storage-initializer', 'localmodel-job', 'art-explainer'] as const;

/** Image keys (offline mirror rewrites) with the versions whose chart has them. */
function imageKeys(chart: 'main' | 'runtimeConfigs'): Record<string, string> {
  const out: Record<string, string> = {};
  const widen = (key: string, range: string) => {
    out[key] = out[key] ? `${out[key]} || ${range}` : range;
  };
  for (const slot of KSERVE_IMAGE_SLOTS.filter((s) => s.chart === chart)) {
    widen(slot.imageKey, slot.range);
    if (slot.tagKey) widen(slot.tagKey, slot.range);
    if (slot.pullSecrets) widen(slot.pullSecrets.key, `${slot.range} ${slot.pullSecrets.range}`.replace(/^\* /, ''));
  }
  for (const only of KSERVE_PULL_SECRET_ONLY.filter((p) => p.chart === chart)) widen(only.key, only.range);
  return out;
}

export const VALUES_KEYS: Readonly<Record<ValuesTable, Readonly<Record<string, string>>>> = {
  /** kserve (<= 0.16) / kserve-resources (>= 0.17). */
  main: {
    'kserve.controller.deploymentMode': ALL,
    'kserve.controller.gateway.domain': ALL,
    'kserve.controller.gateway.urlScheme': ALL,
    'kserve.controller.gateway.disableIngressCreation': F.disableIngressCreationKey,
    'kserve.controller.gateway.localGateway.gateway': ALL,
    'kserve.controller.gateway.localGateway.gatewayService': ALL,
    'kserve.controller.gateway.localGateway.knativeGatewayService': F.knativeLocalGatewayServiceKey,
    'kserve.controller.gateway.ingressGateway.gateway': ALL,
    'kserve.controller.gateway.ingressGateway.gatewayService': F.ingressGatewayServiceKey,
    'kserve.controller.gateway.ingressGateway.className': ALL,
    'kserve.controller.gateway.ingressGateway.enableGatewayApi': F.gatewayApi,
    'kserve.controller.gateway.ingressGateway.kserveGateway': F.gatewayApi,
    'kserve.controller.gateway.ingressGateway.createGateway': F.gatewayApi,
    'kserve.controller.gateway.disableHTTPRouteTimeout': F.disableHTTPRouteTimeoutKey,
    'kserve.modelmesh.enabled': F.modelMesh,
    'kserve.storage.storageSecretNameAnnotation': ALL,
    'kserve.storage.storageSpecSecretName': ALL,
    'kserve.storage.caBundleConfigMapName': F.caBundleConfigMap,
    'kserve.storage.caBundleVolumeMountPath': F.caBundleConfigMap,
    'kserve.storage.s3.endpoint': ALL,
    'kserve.storage.s3.region': ALL,
    'kserve.storage.s3.useHttps': ALL,
    'kserve.storage.s3.verifySSL': ALL,
    'kserve.storage.s3.CABundleConfigMap': F.s3CaBundleConfigMapValue,
    ...imageKeys('main'),
  },
  /** kserve-runtime-configs (>= 0.17). */
  runtimeConfigs: {
    'kserve.servingruntime.enabled': F.splitCharts,
    'kserve.llmisvcConfigs.enabled': F.llmisvcSplitCharts,
    ...imageKeys('runtimeConfigs'),
  },
  /** Istio's gateway chart (istio/gateway), for a local gateway whose pods do not exist yet. */
  istioGateway: {
    name: ALL,
    labels: ALL,
    'service.type': ALL,
    'service.ports': ALL,
    imagePullSecrets: ALL,
  },
  /** The Knative Operator's Helm chart (knative/operator config/charts/knative-operator). */
  knativeOperator: {
    'knative_operator.knative_operator.image': ALL,
    'knative_operator.knative_operator.tag': ALL,
    'knative_operator.operator_webhook.image': ALL,
    'knative_operator.operator_webhook.tag': ALL,
  },
  /** Kong's kong/ingress chart 0.24 (controller + gateway sub-charts of kong/kong 3.2). */
  kong: {
    'controller.ingressController.ingressClass': ALL,
    'controller.ingressController.env.gateway_api_controller_name': ALL,
    'controller.ingressController.image.repository': ALL,
    'controller.ingressController.image.tag': ALL,
    'controller.ingressController.image.effectiveSemver': ALL,
    'controller.image.pullSecrets': ALL,
    'gateway.image.repository': ALL,
    'gateway.image.tag': ALL,
    'gateway.image.effectiveSemver': ALL,
    'gateway.image.pullSecrets': ALL,
    'gateway.proxy.http.servicePort': ALL,
  },
  /** Envoy Gateway's gateway-helm chart at the version the KServe line pins. */
  envoyGateway: {
    'config.envoyGateway.gateway.controllerName': ALL,
    'global.images.envoyGateway.image': ALL,
    'global.images.envoyGateway.pullSecrets': ALL,
    'global.images.ratelimit.image': ALL,
    'global.images.ratelimit.pullSecrets': ALL,
    'global.images.envoyProxy.image': kserveLinesWithEnvoyGateway(EG.proxyImageValue),
    'global.images.envoyProxy.pullSecrets': kserveLinesWithEnvoyGateway(EG.proxyImageValue),
    // A value of the chart's crds subchart (charts/crds/values.yaml gatewayAPI.safeUpgradePolicy.enabled).
    'crds.gatewayAPI.safeUpgradePolicy.enabled': kserveLinesWithEnvoyGateway(EG.safeUpgradePolicyValue),
    // Envoy AI Gateway's settings (ai-gateway manifests/envoy-gateway-values.yaml): config.envoyGateway is
    // merged into the chart's envoy-gateway.yaml (templates/envoy-gateway-config.yaml) on every version.
    'config.envoyGateway.extensionApis': F.llmInferenceService,
    'config.envoyGateway.extensionManager': F.llmInferenceService,
  },
  /** llmisvc-resources (0.16) / kserve-llmisvc-resources (0.17+). */
  llmisvc: {
    'kserve.llmisvc.controller.image': F.llmInferenceService,
    'kserve.llmisvc.controller.tag': F.llmInferenceService,
    'kserve.llmisvc.controller.imagePullSecrets': F.llmInferenceService,
    'kserve.createSharedResources': F.llmisvcSplitCharts,
    'kserve.llmisvc.createGIECRDs': F.llmisvcCreateGieCrdsValue,
    // The shared inferenceservice-config, rendered by this chart when it is the only KServe chart.
    'kserve.controller.gateway.domain': F.llmisvcSplitCharts,
    'kserve.controller.gateway.urlScheme': F.llmisvcSplitCharts,
    'kserve.controller.gateway.ingressGateway.enableGatewayApi': F.llmisvcSplitCharts,
    'kserve.controller.gateway.ingressGateway.kserveGateway': F.llmisvcSplitCharts,
    'kserve.controller.gateway.ingressGateway.className': F.llmisvcSplitCharts,
    'kserve.controller.gateway.disableHTTPRouteTimeout': `${F.llmisvcSplitCharts} ${F.disableHTTPRouteTimeoutKey}`,
    ...llmisvcSharedImageKeys(),
  },
  /** Envoy AI Gateway's ai-gateway-helm chart at the version the KServe line pins. */
  aiGateway: {
    'controller.fullnameOverride': ALL,
    'envoyGateway.namespace': kserveLinesWithAiGateway(AIGW.inferencePoolRbac),
    'controller.image.repository': ALL,
    'controller.image.tag': ALL,
    'controller.imagePullSecrets': ALL,
    'extProc.image.repository': ALL,
    'extProc.image.tag': ALL,
    'extProc.imagePullSecrets': kserveLinesWithAiGateway(AIGW.globalPullSecrets),
  },
};

function llmisvcSharedImageKeys(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const slot of KSERVE_IMAGE_SLOTS.filter((s) => (LLMISVC_SHARED_IMAGE_SLOTS as readonly string[]).includes(s.id))) {
    out[slot.imageKey] = F.llmisvcSplitCharts;
    if (slot.tagKey) out[slot.tagKey] = F.llmisvcSplitCharts;
    if (slot.pullSecrets) out[slot.pullSecrets.key] = F.llmisvcSplitCharts;
  }
  return out;
}

/** The catalog range for a written leaf key: its own entry, or that of an open map above it (labels). */
export function valuesKeyRange(table: ValuesTable, key: string): string | undefined {
  const parts = key.split('.');
  for (let n = parts.length; n > 0; n--) {
    const range = VALUES_KEYS[table][parts.slice(0, n).join('.')];
    if (range !== undefined) return range;
  }
  return undefined;
}
