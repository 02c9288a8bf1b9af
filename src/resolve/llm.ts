/**
 * The LLMInferenceService stack (contract-v2.md §2): what a configuration may ask for, and every name,
 * chart and version of the stack, derived once. Sources: ../shared/docs/gateway-and-llm-facts.md §0, §2
 * (traps in §2.8), catalog/llm.ts, dependencies.ts LLM_TESTED.
 */
import {
  AI_GATEWAY,
  LLM_EXAMPLE,
  LLM_NAMESPACE,
  LWS,
  aiGatewayInferencePool,
  aiGatewayRbacUrl,
  envoyGatewayExtensionValues,
  inferenceExtensionCrds,
  inferenceExtensionUrl,
  llmExampleImage,
  llmisvcChartNames,
  llmisvcObjects,
} from '../catalog/llm.js';
import { AI_GATEWAY_FEATURE_RANGES, LLM_TESTED, satisfies, type Mode, type Release } from '../catalog/index.js';
import { UserError, quote } from '../errors.js';
import { llmOf } from '../preset/llm.js';
import type { Preset } from '../preset/schema.js';
import type { AiGatewaySettings, ChartRef, LlmPatch, LlmSettings } from './types.js';

/** Where the offline example model goes: a claim of its own, filled through a loader pod. */
export const LLM_EXAMPLE_CLAIM = { claim: 'llm-models', dir: 'opt-125m', loader: 'llm-model-loader' } as const;

/**
 * Refuses what the stack cannot do on this release and configuration (exit 2), before anything is
 * derived. Returns whether the predictive stack (kserve / kserve-resources) is installed.
 */
export function refuseImpossibleLlm(preset: Preset, release: Release, mode: Mode): void {
  const { provider, gatewayApi } = preset.ingress;
  const f = release.features;
  if (!f.llmInferenceService) {
    throw new UserError('llm.enabled', `KServe ${release.version} has no LLMInferenceService (it arrived in 0.16.0-rc0)`, 'use KServe 0.16.0 or later, or llm.enabled: false');
  }
  if (preset.kserve.namespace !== LLM_NAMESPACE) {
    throw new UserError(
      'kserve.namespace',
      `${quote(preset.kserve.namespace)} cannot hold the LLMInferenceService stack: KServe hard-codes namespace kserve in the llmisvc CRDs' conversion webhook and CA annotation, the LLMInferenceServiceConfig presets and 0.16's inferenceservice-config (kserve#5372, #6087)`,
      'install into kserve (kserve.namespace: kserve), or llm.enabled: false',
    );
  }
  if (provider === 'kong') {
    throw new UserError(
      'ingress.provider',
      'kong cannot route LLMInferenceServices: Kong has no InferencePool backends (the scheduler routes to one) and ignores the timeouts.request of KServe\'s HTTPRoutes',
      'use envoy (Envoy Gateway with Envoy AI Gateway) or istio with ingress.gatewayApi: true',
    );
  }
  if (provider === 'gatewayclass') {
    throw new UserError(
      'ingress.provider',
      'gatewayclass cannot route LLMInferenceServices here: their routes need a Gateway whose implementation takes InferencePool backends, which this tool cannot know of a class the cluster already has',
      'use envoy (Envoy Gateway with Envoy AI Gateway) or istio with ingress.gatewayApi: true',
    );
  }
  if (provider === 'istio' && !gatewayApi) {
    throw new UserError(
      'ingress.gatewayApi',
      'is false, but LLMInferenceServices route through Gateway API HTTPRoutes',
      'set ingress.gatewayApi: true (Istio\'s Gateway API implementation, with its inference extension), or ingress.provider envoy',
    );
  }
  const predictive = llmOf(preset).predictive;
  if (predictive && provider === 'envoy' && mode === 'knative') {
    throw new UserError(
      'ingress.provider',
      `envoy with predictive InferenceServices in ${preset.deploymentMode} mode would need two providers: Knative routes through Istio (net-istio)`,
      `use istio with ingress.gatewayApi: true (the Gateway API carries the LLM routes only), deploymentMode ${release.modeNames.standard} for envoy, or llm.predictive: false`,
    );
  }
  if (!predictive && !f.llmisvcSplitCharts) {
    throw new UserError(
      'llm.predictive',
      `false is not possible on KServe ${release.version}: its llmisvc-resources chart renders a fixed inferenceservice-config (gateway kserve/kserve-ingress-gateway, a broken domainTemplate "-.", kserve#4836), which only the kserve chart's own can replace`,
      'set llm.predictive: true (the kserve chart then owns inferenceservice-config), or use KServe 0.17 or later',
    );
  }
  if (!predictive) {
    if (preset.storage.caBundle.file !== '') {
      throw new UserError('storage.caBundle.file', 'configures predictive InferenceServices, and llm.predictive is false', 'set llm.predictive: true, or remove storage.caBundle.file');
    }
    if (preset.storage.storageConfig.enabled) {
      throw new UserError('storage.storageConfig.enabled', 'configures predictive InferenceServices, and llm.predictive is false', 'set llm.predictive: true, or storage.storageConfig.enabled: false');
    }
  }
}

/** Settings the preset's llm keys do not use while llm.enabled is false. */
export function unusedLlmWarning(preset: Preset): string | null {
  const l = llmOf(preset);
  if (l.enabled || (l.predictive && !l.multiNode)) return null;
  return 'llm.predictive and llm.multiNode are not used while llm.enabled is false';
}

/** `offlineExampleImage`: the example's vLLM image on the mirror, offline (its model then comes from a claim). */
/** The Envoy AI Gateway (with Envoy Gateway) and LeaderWorkerSet (multi-node) versions the LLM stack installs, else null. */
export function llmDependencyVersions(preset: Preset, release: Release): { aiGateway: string | null; lws: string | null } {
  const tested = LLM_TESTED[release.minor]!;
  return { aiGateway: preset.ingress.provider === 'envoy' ? tested.aiGateway : null, lws: llmOf(preset).multiNode ? tested.lws : null };
}

export function resolveLlm(preset: Preset, release: Release, offlineExampleImage: string | null, testNamespace: string): LlmSettings {
  const f = release.features;
  const versions = LLM_TESTED[release.minor]!;
  const dependencies = llmDependencyVersions(preset, release);
  const names = llmisvcChartNames(f.llmisvcSplitCharts);
  const chart = (name: string): ChartRef => ({ name, release: name, ref: `oci://ghcr.io/kserve/charts/${name}`, version: `v${release.version}` });
  const predictive = llmOf(preset).predictive;
  const provider = preset.ingress.provider as 'envoy' | 'istio';
  // 0.17/0.18 bundle the inference extension CRDs unconditionally: adopted into the chart's release.
  const adoptInto = f.llmisvcSplitCharts && !f.llmisvcCreateGieCrdsValue ? names.resources : null;
  return {
    predictive,
    provider,
    namespace: LLM_NAMESPACE,
    crdChart: chart(names.crd),
    resourcesChart: chart(names.resources),
    objects: llmisvcObjects(f.llmisvcSplitCharts),
    controllerFirst: !f.llmisvcSplitCharts,
    createSharedResources: f.llmisvcSplitCharts ? !predictive : null,
    createGieCrds: f.llmisvcCreateGieCrdsValue ? false : null,
    presetsInRuntimeConfigs: f.llmisvcSplitCharts,
    ownsSharedConfig: !predictive,
    inferenceExtension: {
      version: versions.inferenceExtension,
      url: inferenceExtensionUrl(release.version, f.llmisvcSplitCharts, versions.inferenceExtension),
      crds: inferenceExtensionCrds(release.version),
      adoptInto,
    },
    lws: dependencies.lws ? { version: dependencies.lws, url: LWS.manifest(dependencies.lws), namespace: LWS.namespace, deployment: LWS.deployment, container: LWS.container } : null,
    aiGateway: dependencies.aiGateway ? aiGateway(dependencies.aiGateway) : null,
    istioInferenceExtension: provider === 'istio',
    patches: f.llmisvcSplitCharts ? [] : webhookPatches(release.version),
    example: example(release, offlineExampleImage, testNamespace),
  };
}

function aiGateway(version: string): AiGatewaySettings {
  const chartRbac = satisfies(version, AI_GATEWAY_FEATURE_RANGES.inferencePoolRbac);
  const extensionHost = `${AI_GATEWAY.controller}.${AI_GATEWAY.namespace}.svc.cluster.local`;
  const inferencePool = aiGatewayInferencePool(version);
  return {
    version,
    chartVersion: `v${version}`,
    namespace: AI_GATEWAY.namespace,
    release: AI_GATEWAY.release,
    chart: AI_GATEWAY.chart,
    crdRelease: AI_GATEWAY.crdRelease,
    crdChart: AI_GATEWAY.crdChart,
    controller: AI_GATEWAY.controller,
    extensionHost,
    extensionPort: AI_GATEWAY.extensionPort,
    inferencePool,
    envoyGatewayConfig: envoyGatewayExtensionValues({ extensionHost, extensionPort: AI_GATEWAY.extensionPort, inferencePool }),
    chartRbac,
    rbacUrl: chartRbac ? null : aiGatewayRbacUrl(version),
    extProcPullSecrets: satisfies(version, AI_GATEWAY_FEATURE_RANGES.globalPullSecrets),
  };
}

/**
 * KServe 0.16's kserve chart renders the two LLM ValidatingWebhookConfigurations too, pointing at its own
 * kserve-webhook-server-service, which serves no LLM webhook (only cmd/llmisvc registers them, v0.16.0
 * cmd/llmisvc/main.go:L170-180); llmisvc-resources renders the same objects pointing at its controller.
 * The kserve release installs last (it owns inferenceservice-config), so these put the webhooks back.
 * Rendered with helm template: the objects differ in exactly the Service name and the CA annotation.
 */
function webhookPatches(version: string): LlmPatch[] {
  return ['llminferenceservice', 'llminferenceserviceconfig'].map((kind) => ({
    path: `patches/validatingwebhookconfiguration-${kind}.serving.kserve.io.yaml`,
    resource: 'validatingwebhookconfiguration',
    name: `${kind}.serving.kserve.io`,
    namespace: null,
    ops: [
      { op: 'replace', path: '/webhooks/0/clientConfig/service/name', value: 'llmisvc-webhook-server-service' },
      { op: 'replace', path: '/metadata/annotations/cert-manager.io~1inject-ca-from', value: `${LLM_NAMESPACE}/llmisvc-serving-cert` },
    ],
    why: `KServe ${version}'s kserve chart points the ${kind} webhook at its own controller, which does not serve it; the llmisvc controller does`,
  }));
}

function example(release: Release, mirrored: string | null, namespace: string): LlmSettings['example'] {
  const img = llmExampleImage(release.version);
  const onClaim = mirrored !== null;
  const { claim, dir } = LLM_EXAMPLE_CLAIM;
  return {
    name: LLM_EXAMPLE.name,
    namespace,
    // v1alpha2 is the storage version from 0.17 (v1alpha1 still served, converted by the webhook).
    apiVersion: release.features.llmisvcV1alpha2 ? 'serving.kserve.io/v1alpha2' : 'serving.kserve.io/v1alpha1',
    image: mirrored ?? `${img.image}:${img.tag}`,
    env: [...img.env],
    modelUri: onClaim ? `pvc://${claim}/${dir}` : LLM_EXAMPLE.modelUri,
    modelName: LLM_EXAMPLE.modelName,
    onClaim,
    fetchCommands: onClaim
      ? [`mkdir -p models/${dir}`, ...LLM_EXAMPLE.files.map((file) => `curl -fsSL -o models/${dir}/${file} https://huggingface.co/${LLM_EXAMPLE.modelName}/resolve/main/${file}`)]
      : [],
  };
}
