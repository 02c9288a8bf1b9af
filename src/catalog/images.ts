/**
 * Every container image an install pulls, per component and KServe version, and where each chart or
 * CR lets us set it. Used to rewrite images to an offline mirror and to write images.txt.
 *
 * The KServe chart slots mirror each release's real values.yaml; test/images.test.ts discovers every
 * image key in ../shared/reference/kserve/<tag>/*\/values.yaml and fails if a slot is missing, has the
 * wrong default, or exists where the chart lacks it — so this table cannot silently go stale.
 */
import { FEATURE_RANGES as F } from './features.js';
import { satisfies } from './index.js';

/** A tag the chart derives from the KServe release: "v<version>". */
export const KSERVE_TAG = 'kserve';

export interface KserveImageSlot {
  /** Short name used in messages and images.txt ordering. */
  id: string;
  /** Values table (chart) the keys live in. */
  chart: 'main' | 'runtimeConfigs';
  /** Versions whose chart has this slot. */
  range: string;
  /** Values key of the repository, or of the whole reference when `tagKey` is null. */
  imageKey: string;
  tagKey: string | null;
  /**
   * Values key taking the pull secrets, and the versions that have it: as [{name: secret}], or with
   * `asJsonText` as the JSON text of the names, for a chart that prints the value verbatim into a JSON
   * ConfigMap section (Helm would print a list as `[map[name:...]]`, which is not JSON).
   */
  pullSecrets?: { key: string; range: string; asJsonText?: true };
  /**
   * Default repository (as the chart writes it) and tag, per version range (first match wins).
   * `replacedBy`: the default can no longer be pulled, so the values name this one instead, online too.
   */
  defaults: { range: string; image: string; tag: string; replacedBy?: { image: string; tag: string; why: string } }[];
  /** Only pulled in some modes (ModelMesh images only when ModelMesh is installed). */
  onlyIn?: 'modelmesh';
}

/** The image a slot pulls on a version: the chart's default, or what replaces it where that is gone. */
export function slotImage(slot: KserveImageSlot, version: string): { image: string; tag: string; replaced?: string } {
  const def = slot.defaults.find((d) => satisfies(version, d.range))!;
  const tag = (t: string) => (t === KSERVE_TAG ? `v${version}` : t);
  return def.replacedBy ? { image: def.replacedBy.image, tag: tag(def.replacedBy.tag), replaced: def.replacedBy.why } : { image: def.image, tag: tag(def.tag) };
}

const RUNTIMES_IN_MAIN = '<0.17.0-rc0';
const RUNTIMES_IN_CONFIGS = '>=0.17.0-rc0';
const RUNTIME_PULL_SECRETS = F.runtimeImagePullSecrets;

function runtime(name: string, image: string, tags: { range: string; tag: string }[], range = '*'): KserveImageSlot[] {
  const slot = (chart: KserveImageSlot['chart'], chartRange: string): KserveImageSlot => ({
    id: name,
    chart,
    range: range === '*' ? chartRange : `${chartRange} ${range}`,
    imageKey: `kserve.servingruntime.${name}.image`,
    tagKey: `kserve.servingruntime.${name}.tag`,
    pullSecrets: { key: `kserve.servingruntime.${name}.imagePullSecrets`, range: RUNTIME_PULL_SECRETS },
    defaults: tags.map((t) => ({ range: t.range, image, tag: t.tag })),
  });
  return [slot('main', RUNTIMES_IN_MAIN), slot('runtimeConfigs', RUNTIMES_IN_CONFIGS)];
}

const kserveTag = [{ range: '*', tag: KSERVE_TAG }];
const MODELMESH_TAGS = [
  { range: '0.11.x', tag: 'v0.11.1' },
  { range: '0.12.x', tag: 'v0.11.2' },
  { range: '0.13.x', tag: 'v0.12.0-rc0' },
  { range: '*', tag: 'v0.12.0' },
];
const modelmesh = (id: string, imageKey: string, tagKey: string, image: string): KserveImageSlot => ({
  id,
  chart: 'main',
  range: F.modelMesh,
  imageKey,
  tagKey,
  defaults: MODELMESH_TAGS.map((t) => ({ ...t, image })),
  onlyIn: 'modelmesh',
});

export const KSERVE_IMAGE_SLOTS: readonly KserveImageSlot[] = [
  {
    id: 'kserve-controller',
    chart: 'main',
    range: '*',
    imageKey: 'kserve.controller.image',
    tagKey: 'kserve.controller.tag',
    pullSecrets: { key: 'kserve.controller.imagePullSecrets', range: F.controllerImagePullSecrets },
    defaults: [{ range: '*', image: 'kserve/kserve-controller', tag: KSERVE_TAG }],
  },
  {
    id: 'kube-rbac-proxy',
    chart: 'main',
    range: '*',
    imageKey: 'kserve.controller.rbacProxyImage',
    tagKey: null,
    defaults: [
      {
        range: '<0.14.0-rc0',
        image: 'gcr.io/kubebuilder/kube-rbac-proxy',
        tag: 'v0.13.1',
        // The same release from its own project, where KServe 0.14 moved too.
        replacedBy: {
          image: 'quay.io/brancz/kube-rbac-proxy',
          tag: 'v0.13.1',
          why: "The chart's gcr.io/kubebuilder/kube-rbac-proxy is gone from gcr.io (kubernetes-sigs/kubebuilder#3907): the same release from quay.io/brancz, where KServe 0.14 moved",
        },
      },
      { range: '*', image: 'quay.io/brancz/kube-rbac-proxy', tag: 'v0.18.0' },
    ],
  },
  { id: 'agent', chart: 'main', range: '*', imageKey: 'kserve.agent.image', tagKey: 'kserve.agent.tag', defaults: [{ range: '*', image: 'kserve/agent', tag: KSERVE_TAG }] },
  {
    id: 'router',
    chart: 'main',
    range: '*',
    imageKey: 'kserve.router.image',
    tagKey: 'kserve.router.tag',
    // templates: "imagePullSecrets": {{ .Values.kserve.router.imagePullSecrets }} in the router section;
    // the controller reads a list of names (RouterConfig.ImagePullSecrets []string) and panics on anything else.
    pullSecrets: { key: 'kserve.router.imagePullSecrets', range: '>=0.15.0-rc1', asJsonText: true },
    defaults: [{ range: '*', image: 'kserve/router', tag: KSERVE_TAG }],
  },
  {
    id: 'storage-initializer',
    chart: 'main',
    range: '*',
    imageKey: 'kserve.storage.image',
    tagKey: 'kserve.storage.tag',
    defaults: [{ range: '*', image: 'kserve/storage-initializer', tag: KSERVE_TAG }],
  },
  {
    // The LocalModel download job (inferenceservice-config localModel.defaultJobImage); before 0.17
    // the chart hard-codes it (hardcoded-images.ts).
    id: 'localmodel-job',
    chart: 'main',
    range: '>=0.17.0-rc0',
    imageKey: 'kserve.localmodel.defaultJobImage',
    tagKey: 'kserve.localmodel.defaultJobTag',
    defaults: [{ range: '*', image: 'kserve/storage-initializer', tag: KSERVE_TAG }],
  },
  {
    id: 'alibi-explainer',
    chart: 'main',
    range: '<0.13.0-rc0',
    imageKey: 'kserve.servingruntime.alibi.image',
    tagKey: 'kserve.servingruntime.alibi.defaultVersion',
    defaults: [{ range: '*', image: 'kserve/alibi-explainer', tag: KSERVE_TAG }],
  },
  // The ART explainer stays in the main chart (an inferenceservice-config explainer), also from 0.17;
  // kserve-runtime-configs has the same keys but reads them nowhere (KSERVE_IMAGE_KEYS_NOT_PULLED).
  {
    id: 'art-explainer',
    chart: 'main',
    range: '*',
    imageKey: 'kserve.servingruntime.art.image',
    tagKey: 'kserve.servingruntime.art.defaultVersion',
    defaults: [{ range: '*', image: 'kserve/art-explainer', tag: KSERVE_TAG }],
  },
  modelmesh('modelmesh-controller', 'kserve.modelmesh.controller.image', 'kserve.modelmesh.controller.tag', 'kserve/modelmesh-controller'),
  modelmesh('modelmesh', 'kserve.modelmesh.config.modelmeshImage', 'kserve.modelmesh.config.modelmeshImageTag', 'kserve/modelmesh'),
  modelmesh(
    'modelmesh-runtime-adapter',
    'kserve.modelmesh.config.modelmeshRuntimeAdapterImage',
    'kserve.modelmesh.config.modelmeshRuntimeAdapterImageTag',
    'kserve/modelmesh-runtime-adapter',
  ),
  modelmesh('rest-proxy', 'kserve.modelmesh.config.restProxyImage', 'kserve.modelmesh.config.restProxyImageTag', 'kserve/rest-proxy'),
  ...runtime('tensorflow', 'tensorflow/serving', [{ range: '*', tag: '2.6.2' }]),
  ...runtime('mlserver', 'docker.io/seldonio/mlserver', [
    { range: '<0.14.0-rc0', tag: '1.3.2' },
    { range: '*', tag: '1.5.0' },
  ]),
  ...runtime('sklearnserver', 'kserve/sklearnserver', kserveTag),
  ...runtime('xgbserver', 'kserve/xgbserver', kserveTag),
  ...runtime('huggingfaceserver', 'kserve/huggingfaceserver', kserveTag, '>=0.12.0-rc0'),
  ...runtime('tritonserver', 'nvcr.io/nvidia/tritonserver', [{ range: '*', tag: '23.05-py3' }]),
  ...runtime('pmmlserver', 'kserve/pmmlserver', kserveTag),
  ...runtime('paddleserver', 'kserve/paddleserver', kserveTag),
  ...runtime('lgbserver', 'kserve/lgbserver', kserveTag),
  ...runtime('torchserve', 'pytorch/torchserve-kfs', [
    { range: '<0.12.0-rc0', tag: '0.8.2' },
    { range: '*', tag: '0.9.0' },
  ]),
  ...runtime('predictiveserver', 'kserve/predictiveserver', kserveTag, '>=0.17.0-rc0'),
  ...runtime('autogluonserver', 'kserve/autogluonserver', kserveTag, '>=0.20.0-rc0'),
  ...runtime('vllmserver', 'vllm/vllm-openai', [{ range: '*', tag: 'latest' }], '>=0.20.0-rc0'),
];

/**
 * Pull-secret lists of runtimes that have no image of their own (the multi-node Hugging Face runtime
 * runs the huggingfaceserver image).
 */
export const KSERVE_PULL_SECRET_ONLY: readonly { chart: 'main' | 'runtimeConfigs'; key: string; range: string }[] = [
  { chart: 'main', key: 'kserve.servingruntime.huggingfaceserver_multinode.imagePullSecrets', range: `${RUNTIMES_IN_MAIN} >=0.15.0-rc1` },
  { chart: 'runtimeConfigs', key: 'kserve.servingruntime.huggingfaceserver_multinode.imagePullSecrets', range: RUNTIMES_IN_CONFIGS },
];

/**
 * Image keys of the KServe charts this tool deliberately leaves alone, per chart, with the reason
 * (the images are not pulled by the installs it generates, or the chart never reads the key). The
 * discovery test accepts only these as unmapped.
 */
export const KSERVE_IMAGE_KEYS_NOT_PULLED: Readonly<Record<'main' | 'runtimeConfigs', Readonly<Record<string, string>>>> = {
  main: {
    'kserve.localmodel.controller.image': 'LocalModel is not enabled (kserve.localmodel.enabled stays false)',
    'kserve.localmodel.controller.tag': 'LocalModel is not enabled',
    'kserve.localmodel.agent.image': 'LocalModel is not enabled',
    'kserve.localmodel.agent.tag': 'LocalModel is not enabled',
    // kserve-versions.md §3: present in values.yaml from 0.14 but read by no template of the chart.
    'kserve.servingruntime.art.imagePullSecrets': 'read by no chart template (explainer pods use the InferenceService service account)',
  },
  runtimeConfigs: {
    // Rendered with helm template (test/helm-render.test.ts): no template of kserve-runtime-configs reads
    // them; the ART explainer image is kserve-resources' (inferenceservice-config explainers).
    'kserve.servingruntime.art.image': 'read by no template of kserve-runtime-configs',
    'kserve.servingruntime.art.defaultVersion': 'read by no template of kserve-runtime-configs',
    'kserve.servingruntime.art.imagePullSecrets': 'read by no template of kserve-runtime-configs',
  },
};

/** Knative Serving containers the operator's registry override can name, and their upstream images. */
export const KNATIVE_SERVING_IMAGES: readonly { container: string; source: string; netIstio?: boolean }[] = [
  { container: 'activator', source: 'gcr.io/knative-releases/knative.dev/serving/cmd/activator' },
  { container: 'autoscaler', source: 'gcr.io/knative-releases/knative.dev/serving/cmd/autoscaler' },
  { container: 'autoscaler-hpa', source: 'gcr.io/knative-releases/knative.dev/serving/cmd/autoscaler-hpa' },
  { container: 'controller', source: 'gcr.io/knative-releases/knative.dev/serving/cmd/controller' },
  { container: 'webhook', source: 'gcr.io/knative-releases/knative.dev/serving/cmd/webhook' },
  { container: 'queue-proxy', source: 'gcr.io/knative-releases/knative.dev/serving/cmd/queue' },
  { container: 'cleanup', source: 'gcr.io/knative-releases/knative.dev/serving/pkg/cleanup/cmd/cleanup' },
  { container: 'migrate', source: 'gcr.io/knative-releases/knative.dev/pkg/apiextensions/storageversion/cmd/migrate' },
  // The same container names as Serving's: the override must name the workload too.
  { container: 'net-istio-controller/controller', source: 'gcr.io/knative-releases/knative.dev/net-istio/cmd/controller', netIstio: true },
  { container: 'net-istio-webhook/webhook', source: 'gcr.io/knative-releases/knative.dev/net-istio/cmd/webhook', netIstio: true },
];

export const KNATIVE_OPERATOR_IMAGES = {
  operator: 'gcr.io/knative-releases/knative.dev/operator/cmd/operator',
  webhook: 'gcr.io/knative-releases/knative.dev/operator/cmd/webhook',
} as const;

/** Istio's images come from istiod's hub (global.hub); the gateway chart's `image: auto` is injected. */
export const ISTIO_IMAGES = ['docker.io/istio/pilot', 'docker.io/istio/proxyv2'] as const;

/** cert-manager's chart images (quay.io/jetstack/cert-manager-*), with their Helm values keys. */
export const CERT_MANAGER_IMAGES: readonly { key: string; source: string }[] = [
  { key: 'image.repository', source: 'quay.io/jetstack/cert-manager-controller' },
  { key: 'webhook.image.repository', source: 'quay.io/jetstack/cert-manager-webhook' },
  { key: 'cainjector.image.repository', source: 'quay.io/jetstack/cert-manager-cainjector' },
  { key: 'startupapicheck.image.repository', source: 'quay.io/jetstack/cert-manager-startupapicheck' },
];

/** Kong's kong/ingress chart 0.24 defaults (Kong/charts ingress-0.24.0). */
export const KONG_IMAGES = {
  gateway: { repository: 'kong', tag: '3.9' },
  controller: { repository: 'kong/kubernetes-ingress-controller', tag: '3.5' },
} as const;

/**
 * Envoy Gateway's images per release: the controller (also the certgen job and the proxies'
 * shutdown-manager, which the chart points at the same image), ratelimit (values.yaml
 * global.images.ratelimit.image of each vendored gateway-helm chart), and the Envoy data plane it
 * provisions per Gateway (DefaultEnvoyProxyImage, envoyproxy/gateway <tag> api/v1alpha1/shared_types.go;
 * v1.8.1's chart helper defaults to the same tag). test/gateway-api.test.ts checks the first two
 * against the vendored charts.
 */
export const ENVOY_GATEWAY_IMAGES: Readonly<Record<string, { controller: string; ratelimit: string; proxy: string }>> = {
  '1.2.2': { controller: 'docker.io/envoyproxy/gateway:v1.2.2', ratelimit: 'docker.io/envoyproxy/ratelimit:49af5cca', proxy: 'envoyproxy/envoy:distroless-v1.32.1' },
  // KServe 0.16's LLM stack (dependencies.ts LLM_TESTED).
  '1.5.0': { controller: 'docker.io/envoyproxy/gateway:v1.5.0', ratelimit: 'docker.io/envoyproxy/ratelimit:3e085e5b', proxy: 'docker.io/envoyproxy/envoy:distroless-v1.35.0' },
  '1.6.3': { controller: 'docker.io/envoyproxy/gateway:v1.6.3', ratelimit: 'docker.io/envoyproxy/ratelimit:3fb70258', proxy: 'docker.io/envoyproxy/envoy:distroless-v1.36.4' },
  '1.7.0': { controller: 'docker.io/envoyproxy/gateway:v1.7.0', ratelimit: 'docker.io/envoyproxy/ratelimit:3fb70258', proxy: 'docker.io/envoyproxy/envoy:distroless-v1.37.0' },
  '1.8.1': { controller: 'docker.io/envoyproxy/gateway:v1.8.1', ratelimit: 'docker.io/envoyproxy/ratelimit:ff287602', proxy: 'docker.io/envoyproxy/envoy:distroless-v1.38.1' },
};

/**
 * Workloads whose chart has no value for image pull secrets: offline with a pull secret, their
 * ServiceAccounts get it by `kubectl patch`, and the pods restart to pull again.
 *   - the Knative Operator chart (knative/operator config/charts/knative-operator, knative-v1.11.2 to
 *     v1.21.1: no imagePullSecrets value; ServiceAccounts knative-operator and operator-webhook);
 *   - the KServe controller before kserve.controller.imagePullSecrets (0.14.0-rc0), ServiceAccount
 *     kserve-controller-manager (charts/kserve-resources templates/serviceaccount.yaml);
 *   - the ModelMesh controller (templates/modelmesh/deployment.yaml: serviceAccountName modelmesh-controller).
 */
export const PULL_SECRET_PATCHES = {
  knativeOperator: { namespace: 'knative-operator', serviceAccounts: ['knative-operator', 'operator-webhook'], deployments: ['knative-operator', 'operator-webhook'] },
  kserveController: { serviceAccounts: ['kserve-controller-manager'], deployments: ['kserve-controller-manager'] },
  modelmeshController: { serviceAccounts: ['modelmesh-controller'], deployments: ['modelmesh-controller'] },
  // kubernetes-sigs/lws v0.7.0/v0.8.0 config/rbac/service_account.yaml (controller-manager) with namePrefix lws-.
  lwsController: { serviceAccounts: ['lws-controller-manager'], deployments: ['lws-controller-manager'] },
} as const;
