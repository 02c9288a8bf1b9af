/**
 * The LLMInferenceService stack's fixed names, charts and images, per KServe line (the versions are in
 * dependencies.ts LLM_TESTED, the version gates in features.ts). Sources: ../shared/docs/gateway-and-llm-facts.md
 * (section numbers in comments) and the vendored charts and CRDs; test/llm-catalog.test.ts checks the
 * tables against every vendored release.
 */
import { satisfies } from './index.js';

/** The namespace KServe's LLM pieces hard-code (gateway-and-llm-facts.md §2.1, §2.2, §2.8 trap 5). */
export const LLM_NAMESPACE = 'kserve';

/** The llmisvc charts of a line: llmisvc-* in 0.16, kserve-llmisvc-* from 0.17 (kserve-versions.md §2). */
export function llmisvcChartNames(splitCharts: boolean): { crd: string; resources: string } {
  return splitCharts ? { crd: 'kserve-llmisvc-crd', resources: 'kserve-llmisvc-resources' } : { crd: 'llmisvc-crd', resources: 'llmisvc-resources' };
}

/**
 * What the llmisvc resources chart renders, by name (helm template of the vendored charts): the
 * controller Deployment (kserve-llmisvc-controller-manager in 0.16, llmisvc-controller-manager from
 * 0.17), its webhook Service and the cert-manager Certificate its webhook serves.
 */
export function llmisvcObjects(splitCharts: boolean): { deployment: string; webhookService: string; certificate: string } {
  return {
    deployment: splitCharts ? 'llmisvc-controller-manager' : 'kserve-llmisvc-controller-manager',
    webhookService: 'llmisvc-webhook-server-service',
    certificate: 'llmisvc-serving-cert',
  };
}

/** The controller image (values kserve.llmisvc.controller.image / tag; the tag defaults to the release). */
export const LLMISVC_CONTROLLER_IMAGE = 'kserve/llmisvc-controller';

/**
 * The Gateway API Inference Extension CRDs of each line, as the file KServe ships them
 * (config/llmisvc/gateway-inference-extension.yaml; identical to what kserve-llmisvc-resources bundles,
 * checked by rendering). 0.16's file is GIE v0.3.0's CRDs, which the file of the v0.16.0-rc0 tag lacks:
 * 0.16 applies GIE's own v0.3.0 release manifest (the same two CRDs, same spec). 0.20's set keeps the
 * x-k8s.io v1alpha2 InferencePool the controller still writes (#5750, trap 3), which GIE v1.5.0 dropped.
 */
const INFERENCE_EXTENSION_CRDS: readonly { range: string; names: string[] }[] = [
  { range: '<0.17.0-rc0', names: ['inferencemodels.inference.networking.x-k8s.io', 'inferencepools.inference.networking.x-k8s.io'] },
  {
    range: '>=0.17.0-rc0 <0.20.0-rc0',
    names: [
      'inferencemodelrewrites.inference.networking.x-k8s.io',
      'inferenceobjectives.inference.networking.x-k8s.io',
      'inferencepoolimports.inference.networking.x-k8s.io',
      'inferencepools.inference.networking.k8s.io',
      'inferencepools.inference.networking.x-k8s.io',
    ],
  },
  {
    range: '>=0.20.0-rc0',
    names: [
      'inferencemodelrewrites.llm-d.ai',
      'inferenceobjectives.llm-d.ai',
      'inferencepools.inference.networking.k8s.io',
      'inferencepools.inference.networking.x-k8s.io',
    ],
  },
];

export function inferenceExtensionCrds(version: string): string[] {
  return INFERENCE_EXTENSION_CRDS.find((c) => satisfies(version, c.range))!.names;
}

/** Where the inference extension CRDs of a line come from (see INFERENCE_EXTENSION_CRDS). */
export function inferenceExtensionUrl(version: string, splitCharts: boolean, gieVersion: string): string {
  return splitCharts
    ? `https://raw.githubusercontent.com/kserve/kserve/v${version}/config/llmisvc/gateway-inference-extension.yaml`
    : `https://github.com/kubernetes-sigs/gateway-api-inference-extension/releases/download/v${gieVersion}/manifests.yaml`;
}

/**
 * LeaderWorkerSet from its release manifests.yaml, as KServe's hack/setup/infra/manage.lws-operator.sh:L55
 * installs it (kubectl apply --server-side). kubernetes-sigs/lws v0.8.0: config/default/kustomization.yaml
 * (namespace lws-system, namePrefix lws-), config/manager/manager.yaml:L17,L73-74 (Deployment
 * controller-manager, container manager), Makefile:L335-339 and .github/ISSUE_TEMPLATE/NEW_RELEASE.md:L27
 * (`make artifacts IMAGE_REGISTRY=registry.k8s.io/lws GIT_TAG=$VERSION`: image registry.k8s.io/lws/lws:<tag>).
 */
export const LWS = {
  namespace: 'lws-system',
  deployment: 'lws-controller-manager',
  container: 'manager',
  image: 'registry.k8s.io/lws/lws',
  crd: 'leaderworkersets.leaderworkerset.x-k8s.io',
  manifest: (version: string) => `https://github.com/kubernetes-sigs/lws/releases/download/v${version}/manifests.yaml`,
} as const;

/**
 * Envoy AI Gateway as KServe installs it (v0.20.0 hack/setup/infra/manage.envoy-ai-gateway-helm.sh:L72-85,
 * v0.16.0 hack/llmisvc_quick_install.sh:L125-135): its CRD chart and its chart, in envoy-ai-gateway-system.
 * Its controller is Envoy Gateway's extension server: the Service ai-gateway-controller (chart value
 * controller.fullnameOverride) on port 1063 (controller.service.ports grpc), which Envoy Gateway's
 * extensionManager.service.fqdn names (ai-gateway manifests/envoy-gateway-values.yaml, §2.5).
 */
export const AI_GATEWAY = {
  namespace: 'envoy-ai-gateway-system',
  crdRelease: 'aieg-crd',
  crdChart: 'oci://docker.io/envoyproxy/ai-gateway-crds-helm',
  crdChartName: 'ai-gateway-crds-helm',
  release: 'aieg',
  chart: 'oci://docker.io/envoyproxy/ai-gateway-helm',
  chartName: 'ai-gateway-helm',
  controller: 'ai-gateway-controller',
  extensionPort: 1063,
  controllerImage: 'docker.io/envoyproxy/ai-gateway-controller',
  extProcImage: 'docker.io/envoyproxy/ai-gateway-extproc',
} as const;

/**
 * The InferencePool API Envoy Gateway hands to Envoy AI Gateway (extensionManager.backendResources):
 * v0.3.0 examples/inference-pool/config.yaml names inference.networking.x-k8s.io/v1alpha2 (KServe 0.16's
 * route preset writes that group); v0.5.0+ examples/inference-pool/envoy-gateway-values-addon.yaml names
 * inference.networking.k8s.io/v1 (KServe 0.17+ migrates its routes to it when the Gateway rejects v1alpha2, §2.4).
 */
export function aiGatewayInferencePool(aiGatewayVersion: string): { group: string; kind: 'InferencePool'; version: string } {
  return satisfies(aiGatewayVersion, '>=0.5.0')
    ? { group: 'inference.networking.k8s.io', kind: 'InferencePool', version: 'v1' }
    : { group: 'inference.networking.x-k8s.io', kind: 'InferencePool', version: 'v1alpha2' };
}

/**
 * Envoy AI Gateway v0.3.0's RBAC for Envoy Gateway (read access to its own resources and the x-k8s.io
 * InferencePools, bound to Envoy Gateway's service account), which KServe 0.16 applies from the tag
 * (v0.16.0 hack/llmisvc_quick_install.sh:L139-142). From v0.5.0 the chart renders the InferencePool part
 * itself (features.ts AI_GATEWAY_FEATURE_RANGES.inferencePoolRbac).
 */
export const aiGatewayRbacUrl = (version: string) => `https://raw.githubusercontent.com/envoyproxy/ai-gateway/v${version}/manifests/envoy-gateway-config/rbac.yaml`;

/**
 * The images the LLMInferenceServiceConfig presets name, with the JSON pointer of each, per line. The
 * presets come verbatim from a file of the chart (0.16: llmisvc-resources templates/config-llm-*.yaml;
 * 0.17+: kserve-runtime-configs files/llmisvcconfigs/resources.yaml), so no value can move them: offline,
 * each is patched after the chart. Read from helm template of the vendored charts.
 */
export interface PresetImage {
  preset: string;
  path: string;
  image: string;
}

const presetImages = (images: Record<string, string>, entries: [string, string, string][]): PresetImage[] =>
  entries.map(([preset, path, key]) => ({ preset: `kserve-config-llm-${preset}`, path, image: images[key]! }));

const T = '/spec/template';
const P = '/spec/prefill/template';
const S = '/spec/router/scheduler/template';

/** The presets' layout 0.16-0.19: [preset, pointer, image key]. */
const LAYOUT_016: [string, string, string][] = [
  ['decode-template', `${T}/containers/0/image`, 'vllm'],
  ['decode-template', `${T}/initContainers/0/image`, 'sidecar'],
  ['decode-worker-data-parallel', `${T}/initContainers/0/image`, 'sidecar'],
  ['decode-worker-data-parallel', `${T}/containers/0/image`, 'vllm'],
  ['decode-worker-data-parallel', '/spec/worker/containers/0/image', 'vllm'],
  ['prefill-template', `${P}/containers/0/image`, 'vllm'],
  ['prefill-worker-data-parallel', `${P}/containers/0/image`, 'vllm'],
  ['prefill-worker-data-parallel', '/spec/prefill/worker/containers/0/image', 'vllm'],
  ['scheduler', `${S}/containers/0/image`, 'scheduler'],
  ['template', `${T}/containers/0/image`, 'vllm'],
  ['worker-data-parallel', `${T}/containers/0/image`, 'vllm'],
  ['worker-data-parallel', '/spec/worker/containers/0/image', 'vllm'],
];

const LLM_PRESET_IMAGES: readonly { range: string; images: PresetImage[] }[] = [
  {
    range: '<0.17.0-rc0',
    images: presetImages(
      { vllm: 'ghcr.io/llm-d/llm-d-dev:v0.2.2', sidecar: 'ghcr.io/llm-d/llm-d-routing-sidecar:v0.2.0', scheduler: 'ghcr.io/llm-d/llm-d-inference-scheduler:v0.2.0' },
      LAYOUT_016,
    ),
  },
  {
    range: '>=0.17.0-rc0 <0.18.0-rc0',
    images: presetImages(
      { vllm: 'ghcr.io/llm-d/llm-d-cuda:v0.4.0', sidecar: 'ghcr.io/llm-d/llm-d-routing-sidecar:v0.4.0', scheduler: 'ghcr.io/llm-d/llm-d-inference-scheduler:v0.4.0' },
      LAYOUT_016,
    ),
  },
  {
    range: '>=0.18.0-rc0 <0.20.0-rc0',
    images: presetImages(
      {
        vllm: 'ghcr.io/llm-d/llm-d-cuda:v0.6.0',
        sidecar: 'ghcr.io/llm-d/llm-d-routing-sidecar:v0.7.1',
        scheduler: 'ghcr.io/llm-d/llm-d-inference-scheduler:v0.7.1',
        tokenizer: 'ghcr.io/llm-d/llm-d-uds-tokenizer:v0.7.1',
      },
      [...LAYOUT_016, ['scheduler', `${S}/containers/1/image`, 'tokenizer']],
    ),
  },
  {
    range: '>=0.20.0-rc0',
    images: presetImages(
      {
        vllm: 'ghcr.io/llm-d/llm-d-cuda:v0.8.0',
        sidecar: 'ghcr.io/llm-d/llm-d-router-disagg-sidecar:v0.9.0',
        scheduler: 'ghcr.io/llm-d/llm-d-router-endpoint-picker:v0.9.0',
        tokenizer: 'ghcr.io/llm-d/llm-d-uds-tokenizer:vllm-v0.19.1',
        training: 'ghcr.io/llm-d/llm-d-latency-predictor-training-server:v0.8.0',
        prediction: 'ghcr.io/llm-d/llm-d-latency-predictor-prediction-server:v0.8.0',
      },
      [
        ...LAYOUT_016,
        ['scheduler', `${S}/containers/1/image`, 'tokenizer'],
        ['scheduler-latency-predictor', `${S}/containers/1/image`, 'training'],
        ['scheduler-latency-predictor', `${S}/containers/2/image`, 'prediction'],
      ],
    ),
  },
];

export function llmPresetImages(version: string): PresetImage[] {
  return LLM_PRESET_IMAGES.find((p) => satisfies(version, p.range))!.images;
}

/**
 * The example LLMInferenceService: KServe's own CPU sample (docs/samples/llmisvc/opt-125m-cpu/
 * llm-inference-service-facebook-opt-125m-cpu.yaml), facebook/opt-125m on a CPU vLLM image, because the
 * presets' llm-d images need GPUs. The sample's image changed in 0.18.0-rc0 (kserve#5264, #5367).
 */
export const LLM_EXAMPLE = {
  name: 'facebook-opt-125m',
  modelUri: 'hf://facebook/opt-125m',
  modelName: 'facebook/opt-125m',
  images: [
    { range: '<0.18.0-rc0', image: 'quay.io/pierdipi/vllm-cpu', tag: 'latest', env: [] as { name: string; value: string }[] },
    { range: '>=0.18.0-rc0', image: 'public.ecr.aws/q9t5s3a7/vllm-cpu-release-repo', tag: 'v0.19.0', env: [{ name: 'VLLM_CPU_KVCACHE_SPACE', value: '1' }] },
  ],
  /** The files of facebook/opt-125m the offline example copies into a claim (huggingface.co/facebook/opt-125m). */
  files: ['config.json', 'generation_config.json', 'merges.txt', 'pytorch_model.bin', 'special_tokens_map.json', 'tokenizer_config.json', 'vocab.json'],
} as const;

export function llmExampleImage(version: string): (typeof LLM_EXAMPLE.images)[number] {
  return LLM_EXAMPLE.images.find((i) => satisfies(version, i.range))!;
}

/**
 * Envoy Gateway's settings for Envoy AI Gateway, as config.envoyGateway values of its chart: Envoy AI
 * Gateway's manifests/envoy-gateway-values.yaml (v0.5.0, v0.6.0, v1.0.0: the same file) plus
 * examples/inference-pool/envoy-gateway-values-addon.yaml, or for v0.3.0 the same settings of its
 * ConfigMap (manifests/envoy-gateway-config/config.yaml, examples/inference-pool/config.yaml) without the
 * Redis rate limiting it also turns on, which LLM routes do not need. test/llm-catalog.test.ts compares them.
 */
export function envoyGatewayExtensionValues(a: { extensionHost: string; extensionPort: number; inferencePool: object }): Record<string, unknown> {
  return {
    extensionApis: { enableEnvoyPatchPolicy: true, enableBackend: true },
    extensionManager: {
      backendResources: [a.inferencePool],
      hooks: {
        xdsTranslator: {
          translation: { listener: { includeAll: true }, route: { includeAll: true }, cluster: { includeAll: true }, secret: { includeAll: true } },
          post: ['Translation', 'Cluster', 'Route'],
        },
      },
      service: { fqdn: { hostname: a.extensionHost, port: a.extensionPort } },
    },
  };
}
