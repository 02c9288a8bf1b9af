/** Which files a configuration writes, each with its template and why it exists (--dry-run shows it). */
import { CHECKSUMS_FILE } from '../checksums.js';
import type { Resolved } from '../resolve/index.js';
import { LLM_EXAMPLE_CLAIM } from '../resolve/llm.js';
import type { ThirdPartyCharts } from './charts.js';
import { manifestFiles } from './manifests.js';
import { PULL_SECRETS_PATCH, mirrorNeedsLogin } from './pull-secrets.js';
import type { PlannedFile } from './types.js';

/** The rollout patch, when the chart has no value for the default rollout (see resolveRollout). */
export const DEPLOY_PATCH_FILE = 'patches/inferenceservice-config-deploy.yaml';

const file = (path: string, template: string, kind: PlannedFile['kind'], why: string, extra: Partial<PlannedFile> = {}): PlannedFile => ({
  path,
  template,
  kind,
  why,
  mode: 0o644,
  ...extra,
});

/** Every file, in the order --dry-run lists them: values, manifests, examples, secrets, the rest. */
export function plannedFiles(r: Resolved, charts: ThirdPartyCharts): PlannedFile[] {
  const manifests = manifestFiles(r);
  return [
    ...valuesFiles(r, charts),
    ...manifests,
    file('manifests/kustomization.yaml', 'manifests/kustomization.yaml', 'kustomization', 'lists the manifests so `kubectl apply -k manifests/` applies them all', {
      data: { resources: manifests.map((m) => m.path.replace(/^manifests\//, '')) },
    }),
    ...(r.predictive
      ? [
          file('examples/inferenceservice.yaml', 'examples/inferenceservice.yaml', 'example', `a sample InferenceService to verify the install (${r.modeName} mode)`, {
            object: { kind: 'InferenceService', name: 'sklearn-iris' },
          }),
        ]
      : []),
    ...exampleModelFiles(r),
    ...llmExampleFiles(r),
    ...storageFiles(r),
    ...(r.rollout.defaultRolloutDeployJson
      ? [file(DEPLOY_PATCH_FILE, DEPLOY_PATCH_FILE, 'patch', 'the cluster-wide default rollout (inferenceservice-config deploy), which the chart has no value for')]
      : []),
    ...llmPatchFiles(r),
    ...imagePatchFiles(r),
    ...(mirrorNeedsLogin(r)
      ? [file(PULL_SECRETS_PATCH, 'patches/pull-secrets.yaml', 'patch', "the mirror's pull secrets, for the ServiceAccounts of charts that take none (kubectl patch serviceaccount)")]
      : []),
    ...(r.offline
      ? [file('images.txt', 'images.txt', 'images', `every image this install pulls and where it goes on the mirror (SOURCE_REF MIRROR_REF), ${r.offline.images.length} lines`)]
      : []),
    file('kserve-config.yaml', 'kserve-config.yaml', 'preset', 'the fully resolved preset: `--preset kserve-config.yaml` reproduces this folder'),
    file('INSTALL.md', 'INSTALL.md', 'markdown', 'the ordered install steps, checks and troubleshooting for exactly these files'),
    file(CHECKSUMS_FILE, 'checksums', 'checksums',
      'every file above with its SHA-256: a --force run removes the ones this folder no longer needs, unless you changed them'),
  ];
}

function valuesFiles(r: Resolved, charts: ThirdPartyCharts): PlannedFile[] {
  const { release } = r;
  // The LLM stack alone installs kserve-runtime-configs (its presets), not the kserve-resources chart.
  const out = release.charts
    .filter((c) => c.hasValues && (r.predictive || c !== release.mainChart))
    .map((chart) => {
      const main = chart === release.mainChart;
      return file(
        `helm/${chart.name}.values.yaml`,
        main ? 'helm/kserve.values.yaml' : 'helm/kserve-runtime-configs.values.yaml',
        'helm-values',
        main
          ? `values for the ${chart.name} chart ${chart.version || release.version}: mode, ingress and storage settings`
          : r.llm
            ? `values for kserve-runtime-configs: since 0.17 the ${r.predictive ? 'serving runtimes and the ' : ''}LLMInferenceServiceConfig presets are installed by this chart, and only when enabled`
            : 'values for kserve-runtime-configs: since 0.17 the serving runtimes are installed by this chart, and only when enabled',
        { chart: { ...chart, keys: main ? 'main' : 'runtimeConfigs' } },
      );
    });
  if (charts.istioGateway) {
    const c = charts.istioGateway;
    out.push(file(c.path, 'helm/istio-gateway.values.yaml', 'helm-values',
      `pods and Service ${r.istio.localService.host} for the local gateway, with the selector labels and the 80->8081 port mapping Knative expects`,
      { chart: { ...c, keys: 'istioGateway' } }));
  }
  if (charts.kong && r.kong) {
    const c = charts.kong;
    const g = r.gatewayApi;
    out.push(file(c.path, 'helm/kong.values.yaml', 'helm-values',
      g
        ? `Kong Ingress Controller and gateway (kong/ingress chart): the controllerName of GatewayClass ${g.className} and a proxy port matching listener ${g.listener.port}`
        : 'Kong Ingress Controller and gateway (kong/ingress chart), serving the Ingress objects of class kong KServe creates',
      { chart: { ...c, keys: 'kong' } }));
  }
  if (charts.envoyGateway && r.gatewayApi?.envoy) {
    const c = charts.envoyGateway;
    out.push(file(c.path, 'helm/envoy-gateway.values.yaml', 'helm-values',
      `values for Envoy Gateway's gateway-helm chart ${c.version} (installed with --skip-crds: the Gateway API CRDs come from their own step)${r.offline ? ', its images from the mirror' : ''}`,
      { chart: { ...c, keys: 'envoyGateway' } }));
  }
  if (charts.llmisvc?.hasValues && r.llm) {
    const c = charts.llmisvc;
    out.push(file(c.path, 'helm/llmisvc.values.yaml', 'helm-values',
      `values for the ${c.name} chart ${c.version}: the LLMInferenceService controller${r.llm.createSharedResources === false ? ' (the shared resources stay with kserve-resources)' : r.llm.ownsSharedConfig ? ' and the shared inferenceservice-config, naming the Gateway' : ''}${r.offline ? ', its images from the mirror' : ''}`,
      { chart: { ...c, keys: 'llmisvc' } }));
  }
  if (charts.aiGateway && r.llm?.aiGateway) {
    const c = charts.aiGateway;
    out.push(file(c.path, 'helm/ai-gateway.values.yaml', 'helm-values',
      `values for Envoy AI Gateway's ai-gateway-helm chart ${c.version}: the extension server Envoy Gateway's values name${r.offline ? ', its images from the mirror' : ''}`,
      { chart: { ...c, keys: 'aiGateway' } }));
  }
  if (charts.knativeOperator) {
    const c = charts.knativeOperator;
    out.push(file(c.path, 'helm/knative-operator.values.yaml', 'helm-values', "the Knative Operator's own images, from the mirror", { chart: { ...c, keys: 'knativeOperator' } }));
  }
  return out;
}

/**
 * The patches/ files for images a KServe chart hard-codes (resolve/offline.ts decides which; the
 * catalog's hardcoded-images.ts says why each exists). INSTALL.md applies them after the charts.
 */
function imagePatchFiles(r: Resolved): PlannedFile[] {
  return (r.offline?.patches ?? []).map((p) =>
    file(p.path, 'patches/image-patch.yaml', 'patch', `offline: ${p.why}`, { data: { resource: p.resource, name: p.name, namespaced: p.namespaced, ops: p.ops } }),
  );
}

/**
 * The example model, for the Verify step. Online it comes from KServe's public bucket; an air-gapped
 * cluster cannot reach that, so the mirror step downloads it and Verify copies it into a
 * PersistentVolumeClaim (ModelMesh reads models only through its storage-config).
 */
export const EXAMPLE_MODEL = {
  uri: 'gs://kfserving-examples/models/sklearn/1.0/model',
  download: 'https://storage.googleapis.com/kfserving-examples/models/sklearn/1.0/model/model.joblib',
  claim: 'kserve-models',
  dir: 'sklearn-iris',
} as const;

export function exampleModelOnClaim(r: Resolved): boolean {
  return r.predictive && r.offline !== undefined && r.mode !== 'modelmesh';
}

function exampleModelFiles(r: Resolved): PlannedFile[] {
  if (!exampleModelOnClaim(r)) return [];
  const image = r.offline!.images.find((i) => /\/kserve\/sklearnserver[:@]/.test(i.source))!.mirror;
  const data = { claim: EXAMPLE_MODEL.claim, image, podName: 'model-loader', llm: false };
  return [
    file('examples/model-pvc.yaml', 'examples/model-pvc.yaml', 'example',
      `a PersistentVolumeClaim for the example model: the cluster cannot reach ${EXAMPLE_MODEL.uri}`,
      { object: { kind: 'PersistentVolumeClaim', name: EXAMPLE_MODEL.claim }, data }),
    file('examples/model-loader.yaml', 'examples/model-loader.yaml', 'example',
      'a pod that mounts that claim, to copy the example model into it (kubectl cp)',
      { object: { kind: 'Pod', name: 'model-loader' }, data }),
  ];
}

/** The example LLMInferenceService and, offline, the claim its model is copied into (LLM_EXAMPLE_CLAIM). */
function llmExampleFiles(r: Resolved): PlannedFile[] {
  const e = r.llm?.example;
  if (!e) return [];
  const out = [
    file('examples/llminferenceservice.yaml', 'examples/llminferenceservice.yaml', 'example',
      `a sample LLMInferenceService (${e.apiVersion.split('/')[1]}, ${e.modelName} on CPU) to verify the LLM stack through the Gateway`,
      { object: { kind: 'LLMInferenceService', name: e.name } }),
  ];
  if (!e.onClaim) return out;
  const { claim, loader, dir } = LLM_EXAMPLE_CLAIM;
  const data = { claim, image: e.image, podName: loader, llm: true, dir };
  return [
    ...out,
    file('examples/llm-model-pvc.yaml', 'examples/model-pvc.yaml', 'example',
      `a PersistentVolumeClaim for the example LLM: the cluster cannot reach ${r.llm!.example.modelName} on huggingface.co`,
      { object: { kind: 'PersistentVolumeClaim', name: claim }, data }),
    file('examples/llm-model-loader.yaml', 'examples/model-loader.yaml', 'example',
      'a pod that mounts that claim, to copy the example LLM into it (kubectl cp)',
      { object: { kind: 'Pod', name: loader }, data }),
  ];
}

/** 0.16: the JSON patches that point the kserve chart's LLM webhooks back at the llmisvc controller. */
function llmPatchFiles(r: Resolved): PlannedFile[] {
  return (r.llm?.patches ?? []).map((p) =>
    file(p.path, 'patches/llm-patch.yaml', 'patch', p.why, { data: { resource: p.resource, name: p.name, namespace: p.namespace, ops: p.ops } }),
  );
}

/** The storage-config Secret per namespace (mode 0600), its example, and the copy of the CA bundle. */
function storageFiles(r: Resolved): PlannedFile[] {
  const out: PlannedFile[] = [];
  const sc = r.storage.storageConfig;
  if (sc) {
    for (const ns of sc.namespaces) {
      out.push(file(`secrets/${ns}.${sc.secretName}.yaml`, 'secrets/storage-config.yaml', 'secret',
        `the ${sc.secretName} Secret for InferenceServices in ${ns} that use storage: (S3${r.storage.caBundle ? ', private CA' : ''})${sc.placeholders ? '; fill in the REPLACE_WITH_ placeholders' : ''}`,
        { mode: 0o600, object: { kind: 'Secret', name: sc.secretName, namespace: ns }, data: { name: sc.secretName, namespace: ns } }));
    }
    out.push(file('examples/inferenceservice-s3.yaml', 'examples/inferenceservice-s3.yaml', 'example',
      `an InferenceService that loads its model through the ${sc.secretName} Secret (storage: key default)`,
      { object: { kind: 'InferenceService', name: 'sklearn-s3' }, data: { annotations: { [r.storageSecretNameAnnotation]: sc.secretName } } }));
  }
  if (r.storage.caBundle) {
    out.push(file(r.storage.caBundle.outputFile, 'certs/ca-bundle.pem', 'pem',
      `the ${r.storage.caBundle.count} CA certificate(s) from storage.caBundle.file, which kserve-config.yaml points at`));
  }
  return out;
}
