/** What resolve() derives: every name and setting the plan and templates read, decided once. */
import type { GatewayApiProvider, Mode, Release } from '../catalog/index.js';
import type { Preset } from '../preset/schema.js';
import type { KnativeRegistry, OfflineSettings } from './offline.js';

export type { Mode } from '../catalog/index.js';

export interface GatewayRef {
  namespace: string;
  name: string;
  /** "<namespace>/<name>", the form KServe's ConfigMap uses. */
  ref: string;
}

export interface ServiceRef {
  /** The FQDN as configured. */
  host: string;
  name: string;
  namespace: string;
}

export interface KnativeSettings {
  version: string;
  /** Knative Operator release that ships this Serving version. */
  operatorVersion: string;
  install: 'operator' | 'manifests';
  namespace: 'knative-serving';
  /** config-istio in the format this Knative understands: lists (>= 1.14) or legacy keys. */
  configIstio: Record<string, string>;
  configIstioFormat: 'lists' | 'legacy' | 'none';
  /** spec.config.domain / config-domain: the user's domain, value "" (all InferenceServices). */
  configDomain: Record<string, string>;
  /** config-deployment keys this install sets (tag-resolution skip list, queue image, progress deadline). */
  configDeployment: Record<string, string>;
  /** Why config-deployment is set (a comment for the generated files), or '' when it is not. */
  configDeploymentReason: string;
  /** KnativeServing spec.registry (offline): image template, overrides and pull secrets. */
  operatorRegistry: KnativeRegistry | null;
  /** KnativeServing spec.ingress.istio: enabled, plus the operator's gateway selector overrides. */
  operatorIngressIstio: Record<string, unknown>;
  /** KnativeServing CR apiVersion/kind are fixed; kept here so templates never spell them. */
  crName: 'knative-serving';
}

export interface IstioSettings {
  version: string;
  ingressGateway: GatewayRef;
  ingressService: ServiceRef;
  localGateway: GatewayRef;
  localService: ServiceRef;
  localSelector: Record<string, string>;
  ingressSelector: Record<string, string>;
  servingNamespaces: string[];
  /** Hosts the local gateway serves: *.ns, *.ns.svc, *.ns.svc.cluster.local per serving namespace, or "*". */
  localHosts: string[];
  /** The first few hosts, and how many more, for prose (INSTALL.md) that must stay readable with 1,000 namespaces. */
  localHostsShown: string[];
  localHostsMore: number;
  /** Write an Istio Gateway object for the local / ingress gateway (a name Knative does not ship). */
  writeLocalGateway: boolean;
  writeIngressGateway: boolean;
  /** Write helm/istio-gateway.values.yaml: the local gateway Service is not one net-istio ships. */
  writeLocalGatewayChart: boolean;
  /** Anything differs from net-istio's shipped defaults: every layer must be told. */
  customIngress: boolean;
  customLocal: boolean;
  /** networking.istio.io/v1 where the tested Istio serves it, else v1beta1. */
  gatewayApiVersion: string;
  /** Its gateway chart's values schema is rejected by current Helm: install it with --skip-schema-validation. */
  gatewayChartSkipsSchema: boolean;
}

export interface KongSettings {
  /** KServe >= 0.15.0-rc0: HTTPRoutes on a Gateway API Gateway (gatewayApi settings); older: Kubernetes Ingress of class kong. */
  gatewayApi: boolean;
  /** The IngressClass Kong's chart creates, used by KServe's Ingress objects before 0.15. */
  ingressClass: 'kong';
  /** Where the kong/ingress chart is installed; its proxy Service is <release>-gateway-proxy. */
  namespace: 'kong';
  release: 'kong';
  chartVersion: string;
  /** gateway.proxy.http.servicePort of the chart. */
  proxyPort: number;
}

/** The HTTPS listener a Gateway gets when ingress.urlScheme is https and a TLS Secret is named. */
export interface HttpsListener {
  name: 'https';
  port: 443;
  secretName: string;
}

/** Envoy Gateway as INSTALL.md installs it: the chart KServe pins, its CRDs applied apart from Helm. */
export interface EnvoyGatewaySettings {
  /** X.Y.Z; the chart is versioned "v" + this. */
  version: string;
  chartVersion: string;
  release: string;
  namespace: string;
  chart: string;
  /** Where `helm pull --untar` puts the chart, and the folder of its gateway.envoyproxy.io CRDs in it. */
  chartDir: string;
  crdDir: string;
  /** The chart sets the Envoy proxy image itself (global.images.envoyProxy.image, v1.8+). */
  proxyImageValue: boolean;
  /** The chart's crds subchart would render Gateway API's safe-upgrades policy (v1.8+): turned off. */
  safeUpgradePolicyValue: boolean;
  /** Offline before v1.8: the EnvoyProxy resource (referenced by the GatewayClass) that names the mirrored proxy image. */
  envoyProxy: GatewayRef | null;
}

/**
 * The Gateway API layer, every name derived once: KServe's values (kserveGateway), the GatewayClass and
 * Gateway manifests, the provider's chart values, INSTALL.md and check all read these.
 */
export interface GatewayApiSettings {
  provider: GatewayApiProvider;
  /** InferenceServices route through this Gateway (HTTPRoutes); false when only LLM routes do (Knative mode, or the LLM stack alone). */
  routesIsvc: boolean;
  /** For prose: "Envoy Gateway", "Istio", "Kong", or "the GatewayClass <name>". */
  providerName: string;
  gateway: GatewayRef;
  className: string;
  /** The controllerName the class must carry; null for a class the cluster already has (gatewayclass). */
  controllerName: string | null;
  /** Write the GatewayClass (envoy, kong, istio with a class of its own); false where the provider or cluster has it. */
  writeGatewayClass: boolean;
  listener: { name: string; port: number };
  https: HttpsListener | null;
  /** spec.infrastructure.labels, where the provider copies them onto its Deployment/Service (envoy, istio). */
  infrastructureLabels: Record<string, string> | null;
  /** Gateway API standard CRDs: the version KServe pins; INSTALL.md installs them unless the cluster's provider owns them. */
  crdVersion: string;
  installCrds: boolean;
  /** kserve.controller.gateway.disableHTTPRouteTimeout: true (KServe >= 0.18.0-rc0). */
  disableRouteTimeout: boolean;
  /** ingressGateway.className: not read on the HTTPRoute path; Kong keeps its IngressClass there. */
  ingressClassName: string;
  /** The provisioned proxy Service, for the port-forward in INSTALL.md; null when the provider is unknown. */
  proxyService: { namespace: string; name: string | null; selector: string | null } | null;
  envoy: EnvoyGatewaySettings | null;
}

/** A JSON patch (kubectl patch --type json) the LLM stack needs after a chart: replace operations only. */
export interface LlmPatch {
  /** patches/<name>, inside the output folder. */
  path: string;
  resource: string;
  name: string;
  /** The object's namespace, or null for a cluster-scoped one. */
  namespace: string | null;
  ops: { op: 'replace'; path: string; value: string }[];
  why: string;
}

/**
 * The LLMInferenceService stack (contract-v2.md §2), every name and version derived once: the charts and
 * who owns which CRDs, the provider's extension (Envoy AI Gateway, or Istio's inference extension), LWS,
 * the fixes a release needs, and the example. Sources: gateway-and-llm-facts.md §0, §2.
 */
export interface LlmSettings {
  /** The kserve / kserve-resources chart is installed too (predictive InferenceServices). */
  predictive: boolean;
  provider: 'envoy' | 'istio';
  /** The namespace KServe's LLM charts hard-code (kserve.namespace must equal it). */
  namespace: string;
  crdChart: ChartRef;
  resourcesChart: ChartRef;
  /** The resources chart's controller Deployment, webhook Service and webhook Certificate. */
  objects: { deployment: string; webhookService: string; certificate: string };
  /**
   * 0.16: the resources chart installs before the kserve chart, which then takes over
   * inferenceservice-config (helm --take-ownership); its LLM webhooks are patched back to the llmisvc controller.
   */
  controllerFirst: boolean;
  /** kserve.createSharedResources of the resources chart (0.17+), null where the chart has no such value. */
  createSharedResources: boolean | null;
  /** kserve.llmisvc.createGIECRDs (0.19+): false, the CRDs stay with their own step; null before. */
  createGieCrds: boolean | null;
  /** The LLMInferenceServiceConfig presets come from kserve-runtime-configs (0.17+), not the resources chart. */
  presetsInRuntimeConfigs: boolean;
  /** The resources chart's own shared inferenceservice-config is the one (LLM stack alone, 0.17+): its values name the Gateway. */
  ownsSharedConfig: boolean;
  inferenceExtension: {
    version: string;
    url: string;
    crds: string[];
    /** 0.17/0.18: the resources chart bundles them unconditionally; the release that adopts them, else null. */
    adoptInto: string | null;
  };
  lws: { version: string; url: string; namespace: string; deployment: string; container: string } | null;
  aiGateway: AiGatewaySettings | null;
  /** istiod runs with ENABLE_GATEWAY_API_INFERENCE_EXTENSION=true (provider istio). */
  istioInferenceExtension: boolean;
  /** Patches after the charts: 0.16's LLM webhooks back to the llmisvc controller. */
  patches: LlmPatch[];
  example: {
    name: string;
    namespace: string;
    apiVersion: string;
    image: string;
    env: { name: string; value: string }[];
    modelUri: string;
    modelName: string;
    /** Offline: the model comes from a claim the Verify step fills. */
    onClaim: boolean;
    fetchCommands: string[];
  };
}

export interface ChartRef {
  name: string;
  release: string;
  ref: string;
  version: string;
}

export interface AiGatewaySettings {
  version: string;
  chartVersion: string;
  namespace: string;
  release: string;
  chart: string;
  crdRelease: string;
  crdChart: string;
  controller: string;
  /** Envoy Gateway's extensionManager.service.fqdn: the AI Gateway controller Service. */
  extensionHost: string;
  extensionPort: number;
  /** extensionManager.backendResources: the InferencePool API Envoy Gateway passes to the extension. */
  inferencePool: { group: string; kind: 'InferencePool'; version: string };
  /** Envoy Gateway's config.envoyGateway settings that make Envoy AI Gateway its extension server. */
  envoyGatewayConfig: Record<string, unknown>;
  /** The chart binds Envoy Gateway's service account to InferencePools itself (envoyGateway.namespace, v0.5+). */
  chartRbac: boolean;
  /** v0.3.0: the chart has no such RBAC; INSTALL.md applies AI Gateway's manifests/envoy-gateway-config/rbac.yaml. */
  rbacUrl: string | null;
  /** Values extProc.imagePullSecrets exist (v0.5+). */
  extProcPullSecrets: boolean;
}

export interface StorageSettings {
  caBundle: {
    configMapName: string;
    pem: string;
    count: number;
    mountPath: string;
    /** Only a changed mount path is written to the values (the chart default is /etc/ssl/custom-certs). */
    customMountPath: boolean;
    /** Copy of the PEM in the output folder, which kserve-config.yaml points at. */
    outputFile: string;
  } | null;
  storageConfig: {
    secretName: string;
    customSecretName: boolean;
    namespaces: string[];
    /** stringData entries: key -> the JSON KServe (and ModelMesh) read. */
    entries: Record<string, string>;
    placeholders: boolean;
    /** Which field carries the CA for KServe in this version: ca_bundle (>= 0.12.0) or certificate. */
    caField: string | null;
  } | null;
}

export interface RolloutSettings {
  /** predictor.deploymentStrategy for RawDeployment/Standard (>= 0.13.0-rc1). */
  deploymentStrategy: Record<string, unknown> | null;
  /** inferenceservice-config data.deploy with a default rollout (>= 0.16, no chart value). */
  defaultRolloutDeployJson: string | null;
}

export interface Resolved {
  preset: Preset;
  /** The preset as written to kserve-config.yaml (file paths point into the output folder). */
  outputPreset: Preset;
  storage: StorageSettings;
  rollout: RolloutSettings;
  release: Release;
  mode: Mode;
  /** The mode as the chosen version spells it (Serverless|RawDeployment|ModelMesh or Knative|Standard|ModelMesh). */
  modeName: string;
  provider: GatewayApiProvider;
  istio: IstioSettings;
  knative?: KnativeSettings;
  kong?: KongSettings;
  /** Set when InferenceServices or LLMInferenceServices route through the Gateway API (HTTPRoutes on one Gateway). */
  gatewayApi?: GatewayApiSettings;
  /** The kserve / kserve-resources chart is installed (false only for the LLM stack alone). */
  predictive: boolean;
  llm?: LlmSettings;
  offline?: OfflineSettings;
  /** Which chart value names the storage-config secret annotation KServe honours (always emitted). */
  storageSecretNameAnnotation: string;
  /** Istio is installed: it serves InferenceServices (not in ModelMesh mode), or the Gateway API as its provider. */
  usesIstio: boolean;
  /** The namespace the verification InferenceService (and LLMInferenceService) runs in: one the local gateway serves. */
  testNamespace: string;
  /**
   * Image values of the KServe charts: every image from the mirror offline; online only chart
   * defaults that can no longer be pulled, replaced (`imageNotes` says why, for the values comments).
   */
  kserveImages: Record<'main' | 'runtimeConfigs', Record<string, unknown>>;
  imageNotes: string[];
  warnings: string[];
}
