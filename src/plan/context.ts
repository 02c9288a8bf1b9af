/** The data every template sees, assembled from the resolved settings and the planned files. */
import { CLUSTER_STATE_DIR, checkCommands } from '../check/collect.js';
import { TESTED_TOOLS } from '../catalog/index.js';
import { TOOL_NAME, TOOL_VERSION } from '../generated/meta.js';
import type { Resolved } from '../resolve/index.js';
import { certManagerCommands, certManagerUninstallCommands, envoyGatewayPull, installRefs, istioIngressGateway, MIRROR_IMAGES_COMMAND, type ThirdPartyCharts } from './charts.js';
import { DEPLOY_PATCH_FILE, EXAMPLE_MODEL, exampleModelOnClaim } from './files.js';
import { llmContext } from './llm.js';
import { inferenceServiceNamespaces, mirrorNeedsLogin, pullSecretCommands, pullSecretNamespaces, serviceAccountPatches } from './pull-secrets.js';
import { installSteps } from './steps.js';
import type { PlannedFile, TemplateContext } from './types.js';

export function templateContext(r: Resolved, files: PlannedFile[], charts: ThirdPartyCharts): TemplateContext {
  const manifests = files.filter((f) => f.kind === 'manifest');
  const deployPatchFile = files.some((f) => f.path === DEPLOY_PATCH_FILE) ? DEPLOY_PATCH_FILE : null;
  const valuesFile = (keys: string) => files.find((f) => f.chart?.keys === keys)?.path ?? null;
  const secretFiles = files.filter((f) => f.kind === 'secret').map((f) => ({ path: f.path, namespace: f.object!.namespace! }));
  const { refs, pullCommands } = installRefs(r);
  const ingressGateway = istioIngressGateway(r);
  return {
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    preset: r.outputPreset,
    release: r.release,
    features: r.release.features,
    // Without the kserve chart (the LLM stack alone) no deployment mode applies.
    mode: {
      key: r.mode,
      name: r.modeName,
      isKnative: r.predictive && r.mode === 'knative',
      isStandard: r.predictive && r.mode === 'standard',
      isModelMesh: r.predictive && r.mode === 'modelmesh',
    },
    istio: r.istio,
    knative: r.knative ?? null,
    kong: r.kong ?? null,
    storage: r.storage,
    rollout: r.rollout,
    secretFiles,
    deployPatchFile,
    imagePatches: r.offline?.patches ?? [],
    testedTools: TESTED_TOOLS,
    kongGatewayApi: r.kong?.gatewayApi === true,
    kongChart: charts.kong,
    gatewayApi: r.gatewayApi ?? null,
    isvcGatewayApi: r.gatewayApi?.routesIsvc === true,
    predictive: r.predictive,
    llm: llmContext(r, charts, refs),
    gatewayApiProvider: {
      envoy: r.gatewayApi?.provider === 'envoy',
      istio: r.gatewayApi?.provider === 'istio',
      kong: r.gatewayApi?.provider === 'kong',
      gatewayclass: r.gatewayApi?.provider === 'gatewayclass',
    },
    envoyGatewayChart: charts.envoyGateway,
    knativeOperatorChart: charts.knativeOperator,
    offline: r.offline ?? null,
    images: splitImageValues(r),
    imageNotes: r.imageNotes,
    refs,
    pullCommands,
    commands: installCommands(r, refs, charts),
    knativeOperator: r.knative?.install === 'operator',
    knativeManifests: r.knative?.install === 'manifests',
    usesIstio: r.usesIstio,
    // Istio's own ingress gateway release serves Knative and Ingress objects; not the Gateway API alone.
    istioIngressGateway: ingressGateway,
    // Only an install that runs Istio's gateway chart needs the Helm that can skip its schema.
    gatewayChartSkipsSchema: r.istio.gatewayChartSkipsSchema && (ingressGateway || charts.istioGateway !== null),
    kserveNamespace: r.preset.kserve.namespace,
    storageSecretNameAnnotation: r.storageSecretNameAnnotation,
    manifests: manifests.map((m) => ({ path: m.path, kind: m.object!.kind, name: m.object!.name, namespace: m.object!.namespace ?? null })),
    mainValuesFile: valuesFile('main') ?? '',
    runtimeValuesFile: valuesFile('runtimeConfigs'),
    istioGatewayChart: charts.istioGateway,
    uninstallManifests: manifests
      .filter((m) => m.object!.kind !== 'ConfigMap' || m.object!.namespace !== 'knative-serving')
      .map((m) => m.path)
      .reverse(),
    testNamespace: r.testNamespace,
    exampleModel: exampleModel(r),
    steps: installSteps(r, charts, deployPatchFile !== null),
    check: checkContext(r),
    filesTable: files.map((f) => ({ path: f.path, why: f.why })),
  };
}

/** Commands INSTALL.md runs as they are: cert-manager, the mirror, pull secrets and service accounts. */
function installCommands(r: Resolved, refs: Record<string, string>, charts: ThirdPartyCharts): TemplateContext['commands'] {
  return {
    mirrorImages: MIRROR_IMAGES_COMMAND,
    certManager: certManagerCommands(r, refs.certManager!),
    envoyGatewayPull: r.gatewayApi?.envoy && !r.offline ? envoyGatewayPull(r.gatewayApi.envoy) : null,
    certManagerUninstall: certManagerUninstallCommands(r, refs.certManager!),
    pullSecrets: mirrorNeedsLogin(r)
      ? pullSecretCommands(r, pullSecretNamespaces(r, charts), inferenceServiceNamespaces(r))
      : [],
    serviceAccountPatches: serviceAccountPatches(r),
  };
}

/** How INSTALL.md collects the cluster's state for `check`. */
function checkContext(r: Resolved): TemplateContext['check'] {
  return {
    dir: CLUSTER_STATE_DIR,
    commands: checkCommands({
      kserveNamespace: r.preset.kserve.namespace,
      knative: r.knative?.install ?? null,
      gatewayNamespaces: r.knative ? [r.istio.localService.namespace, r.istio.ingressService.namespace] : [],
      gatewayApi: r.gatewayApi !== undefined,
      llm: r.llm?.provider ?? null,
      dir: CLUSTER_STATE_DIR,
    }),
  };
}


function exampleModel(r: Resolved): TemplateContext['exampleModel'] {
  const onClaim = exampleModelOnClaim(r);
  const { claim, dir } = EXAMPLE_MODEL;
  return {
    storageUri: onClaim ? `pvc://${claim}/${dir}` : EXAMPLE_MODEL.uri,
    onClaim,
    claim,
    dir,
    fetchCommands: onClaim ? [`mkdir -p models/${dir}`, `curl -fsSL -o models/${dir}/model.joblib ${EXAMPLE_MODEL.download}`] : [],
  };
}

/** Image overrides of the KServe values (the mirror's, or replaced defaults), split by the mapping they extend. */
function splitImageValues(r: Resolved): TemplateContext['images'] {
  const { controller = null, storage = null, modelmesh = null, ...rest } = (r.kserveImages.main.kserve ?? {}) as Record<string, object>;
  const runtimes = (r.kserveImages.runtimeConfigs.kserve as { servingruntime?: object } | undefined)?.servingruntime ?? null;
  return { controller, storage, modelmesh, rest: Object.keys(rest).length ? rest : null, runtimeConfigs: runtimes };
}
