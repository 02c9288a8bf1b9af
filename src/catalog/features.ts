/**
 * Every version-dependent behaviour, as a named semver range, in one place.
 * Templates and the plan never compare versions; they read `features.<name>` booleans.
 * Ranges use includePrerelease, so "0.15.0-rc0" satisfies ">=0.15.0-rc0".
 * Sources: ../shared/docs/kserve-versions.md (section numbers in comments).
 */
export const FEATURE_RANGES = {
  /** Charts are published to oci://ghcr.io/kserve/charts from 0.12 (0.11: GitHub release assets) (§2). */
  ociCharts: '>=0.12.0-rc0',
  /** 0.17 renamed the main chart kserve -> kserve-resources and moved runtimes to kserve-runtime-configs (§2). */
  splitCharts: '>=0.17.0-rc0',
  /** Deployment modes are spelled Knative/Standard from 0.16.0-rc0; older controllers reject those names (§6 iv). */
  newModeNames: '>=0.16.0-rc0',
  /** The chart installs ModelMesh (kserve.modelmesh.*) until 0.15.0-rc0 (§2). */
  modelMesh: '<0.15.0-rc1',
  /** Gateway API ingress for RawDeployment/Standard (enableGatewayApi, kserveGateway, createGateway) (§6 i). */
  gatewayApi: '>=0.15.0-rc0',
  /** ingressGateway.gatewayService (ConfigMap ingressService) exists until 0.13 (§3). */
  ingressGatewayServiceKey: '<0.14.0-rc0',
  /** localGateway.knativeGatewayService exists from 0.14 (§3). */
  knativeLocalGatewayServiceKey: '>=0.14.0-rc0',
  /** disableIstioVirtualHost / disableIngressCreation from 0.12 (§3). */
  disableIngressCreationKey: '>=0.12.0-rc0',
  /** additionalIngressDomains from 0.13 (§3). */
  additionalIngressDomainsKey: '>=0.13.0-rc0',
  /** kserve.controller.imagePullSecrets from 0.14 (§3). */
  controllerImagePullSecrets: '>=0.14.0-rc0',
  /** kserve.servingruntime.<runtime>.imagePullSecrets (ClusterServingRuntime spec.imagePullSecrets) from 0.14 (§3). */
  runtimeImagePullSecrets: '>=0.14.0-rc0',
  /** storageInitializer caBundleConfigMapName / caBundleVolumeMountPath from 0.12.0-rc0 (§6 iii-a). */
  caBundleConfigMap: '>=0.12.0-rc0',
  /** storage-config JSON field ca_bundle replaced certificate in 0.12.0 (not in its rcs) (§6 iii-c). */
  storageSpecCaBundleField: '>=0.12.0',
  /** storage-config JSON field cabundle_configmap from 0.12.0-rc0 (§6 iii-b). */
  storageSpecCaBundleConfigMap: '>=0.12.0-rc0',
  /** kserve.storage.s3.CABundleConfigMap chart value from 0.17 (§3). */
  s3CaBundleConfigMapValue: '>=0.17.0-rc0',
  /** InferenceService component deploymentStrategy from 0.13.0-rc1, RawDeployment only (§6 ii). */
  deploymentStrategy: '>=0.13.0-rc1',
  /** deploy.deploymentRolloutStrategy in inferenceservice-config from 0.16 (no chart value) (§6 ii). */
  defaultRolloutStrategy: '>=0.16.0-rc0',
  /** The webhook normalises legacy mode annotations from 0.17.0-rc0 (§6 iv). */
  legacyModeAnnotations: '>=0.17.0-rc0',
  /**
   * gateway.disableHTTPRouteTimeout (ConfigMap ingress.disableHTTPRouteTimeout) from 0.18.0-rc0: KServe then
   * omits timeouts from its HTTPRoutes (§3, §8.4; gateway-and-llm-facts.md §1.2).
   */
  disableHTTPRouteTimeoutKey: '>=0.18.0-rc0',
  /**
   * LLMInferenceService: the llmisvc CRD and resources charts and their controller (contract-v2.md §2;
   * gateway-and-llm-facts.md §2; charts/llmisvc-* exist from the v0.16.0-rc0 tag).
   */
  llmInferenceService: '>=0.16.0-rc0',
  /**
   * 0.17 renamed llmisvc-crd/-resources to kserve-llmisvc-crd/-resources: the resources chart renders the
   * shared resources behind kserve.createSharedResources and bundles the Gateway API Inference Extension
   * CRDs; the LLMInferenceServiceConfig presets moved to kserve-runtime-configs (kserve.llmisvcConfigs.enabled)
   * (gateway-and-llm-facts.md §2.2; charts/ of the v0.17.0-rc0 tag).
   */
  llmisvcSplitCharts: '>=0.17.0-rc0',
  /** LLMInferenceService serving.kserve.io/v1alpha2 (storage version, v1alpha1 converted by webhook) from 0.17 (§2.1). */
  llmisvcV1alpha2: '>=0.17.0-rc0',
  /** kserve.llmisvc.createGIECRDs (false: the chart leaves the inference extension CRDs alone) from v0.19.0-rc0 (PR #5544). */
  llmisvcCreateGieCrdsValue: '>=0.19.0-rc0',
  /**
   * The LLM router-route preset names its HTTPRoute rules (rules[].name, Gateway API standard from v1.4)
   * from 0.19 (gateway-and-llm-facts.md §2.4, §1.4).
   */
  llmRouteRuleNames: '>=0.19.0-rc0',
} as const;

export type FeatureName = keyof typeof FEATURE_RANGES;
export type Features = Record<FeatureName, boolean>;

/** Ranges over the Knative Serving / operator version (not KServe's). */
export const KNATIVE_FEATURE_RANGES = {
  /** net-istio reads the local-gateways / external-gateways lists from knative-v1.14.0; older reads only the legacy keys. */
  istioGatewayLists: '>=1.14.0',
  /**
   * From operator knative-v1.21.0 a local-gateways entry named knative-local-gateway moves that Service into the
   * entry's namespace (ecosystem-facts.md §2), so with the lists format the legacy key is safer there.
   */
  operatorMovesLocalGatewayService: '>=1.21.0',
} as const;

/** Ranges over the Istio version. */
export const ISTIO_FEATURE_RANGES = {
  /** Istio serves networking.istio.io/v1 from 1.22 (ecosystem-facts.md §5). */
  v1Api: '>=1.22.0',
  /**
   * The gateway chart's values.schema.json Helm >= 3.18.5 and Helm 4 reject, even for the chart's own
   * defaults (top-level "defaults" beside additionalProperties: false; istio/istio#57354,
   * helm/helm#31160 with 1.23.6). Rendered here: 1.23.2 fails under Helm 4.1.4, the catalog's other
   * Istio versions pass. Such installs add --skip-schema-validation (Helm >= 3.16.0).
   */
  gatewayChartSchemaRejected: '>=1.23.0 <1.24.0',
} as const;

/**
 * Ranges over the Envoy AI Gateway version (the vendored charts ../shared/reference/charts/envoy-ai-gateway/<v>).
 */
export const AI_GATEWAY_FEATURE_RANGES = {
  /**
   * The ai-gateway-helm chart binds Envoy Gateway's service account to InferencePool read access itself
   * (templates/envoy_gateway_cluster_role_for_inference_pool.yaml, value envoyGateway.namespace) from v0.5;
   * v0.3.0 left it to manifests/envoy-gateway-config/rbac.yaml.
   */
  inferencePoolRbac: '>=0.5.0',
  /** global.imagePullSecrets and extProc.imagePullSecrets from v0.5 (v0.3.0 has controller.imagePullSecrets only). */
  globalPullSecrets: '>=0.5.0',
} as const;

/** Ranges over the cert-manager version. */
export const CERT_MANAGER_FEATURE_RANGES = {
  /** The chart's CRD switch is crds.enabled from cert-manager 1.15 (installCRDs before). */
  crdsEnabledValue: '>=1.15.0',
} as const;

/**
 * Ranges over the installed Gateway API version (standard channel): fields older CRDs lack (diff of
 * the saved v1.0.0, v1.1.0 and v1.2.1 standard CRDs). The experimental channel had each from v1.0.0.
 */
export const GATEWAY_API_FEATURE_RANGES = {
  gatewayInfrastructure: '>=1.2.0',
  routeTimeouts: '>=1.2.0',
  parentRefPort: '>=1.1.0',
  /** HTTPRoute rules[].name: standard from v1.4 (gateway-and-llm-facts.md §1.4). */
  routeRuleName: '>=1.4.0',
} as const;

/**
 * Ranges over the Envoy Gateway version (its gateway-helm chart and API), checked in the vendored
 * charts ../shared/reference/charts/envoy-gateway/<v>/gateway-helm and envoyproxy/gateway at those tags.
 */
export const ENVOY_GATEWAY_FEATURE_RANGES = {
  /**
   * The chart's CRDs moved into a `crds` subchart in v1.8: charts/crds/crds/generated/ instead of
   * crds/generated/ (envoyproxy/gateway v1.8.1 charts/gateway-helm/Chart.yaml `dependencies: crds`).
   */
  crdsSubchart: '>=1.8.0',
  /**
   * global.images.envoyProxy.image sets the data-plane image from the chart (v1.8.1 values.yaml,
   * templates/_helpers.tpl "eg.default-envoy-gateway-config"); before, only an EnvoyProxy resource can.
   */
  proxyImageValue: '>=1.8.0',
  /**
   * The crds subchart renders Gateway API's safe-upgrades ValidatingAdmissionPolicy unless
   * crds.gatewayAPI.safeUpgradePolicy.enabled is false (v1.8.1 charts/crds/templates/gatewayapi-safe-upgrade-policy.yaml).
   */
  safeUpgradePolicyValue: '>=1.8.0',
} as const;
