/**
 * The dependency versions each KServe minor line was tested / installed with by its own CI and
 * quick-install scripts (../shared/docs/kserve-versions.md §7, ecosystem-facts.md §0).
 * Where CI and the quick-install script disagree, the newer is taken.
 */
export interface TestedDependencies {
  kubernetes: string;
  certManager: string;
  istio: string;
  knativeServing: string;
  knativeOperator: string;
  /** Gateway API standard CRDs; empty where KServe had no Gateway API support. */
  gatewayApi: string;
  /**
   * Envoy Gateway (ENVOY_GATEWAY_VERSION of kserve-deps.env from 0.16; the CI pin of 0.15, kserve-versions.md §7;
   * gateway-and-llm-facts.md §0). Empty where KServe had no Gateway API support.
   */
  envoyGateway: string;
}

const T = (
  kubernetes: string,
  certManager: string,
  istio: string,
  knativeServing: string,
  knativeOperator: string,
  gatewayApi: string,
  envoyGateway: string,
): TestedDependencies => ({ kubernetes, certManager, istio, knativeServing, knativeOperator, gatewayApi, envoyGateway });

/** Keyed by KServe minor line. */
export const TESTED: Readonly<Record<string, TestedDependencies>> = {
  '0.11': T('1.27', '1.5.0', '1.18.2', '1.10.2', '1.11.2', '', ''),
  '0.12': T('1.27', '1.5.0', '1.19.4', '1.10.2', '1.11.2', '', ''),
  '0.13': T('1.27', '1.9.0', '1.20.4', '1.13.1', '1.13.1', '', ''),
  '0.14': T('1.29', '1.15.1', '1.20.4', '1.13.1', '1.14.5', '', ''),
  '0.15': T('1.30', '1.16.1', '1.23.2', '1.15.2', '1.15.7', '1.2.1', '1.2.2'),
  '0.16': T('1.30', '1.17.0', '1.27.1', '1.15.2', '1.16.0', '1.2.1', '1.2.2'),
  '0.17': T('1.34', '1.17.0', '1.27.1', '1.21.1', '1.21.1', '1.4.1', '1.6.3'),
  '0.18': T('1.34', '1.17.0', '1.27.1', '1.21.1', '1.21.1', '1.4.1', '1.6.3'),
  '0.19': T('1.34', '1.17.0', '1.27.1', '1.21.1', '1.21.1', '1.4.1', '1.7.0'),
  '0.20': T('1.34', '1.17.0', '1.27.1', '1.21.1', '1.21.1', '1.5.1', '1.8.1'),
};

/**
 * The LLMInferenceService stack each KServe line was installed with by its own LLM scripts
 * (gateway-and-llm-facts.md §0, §2.6): kserve-deps.env from 0.17; for 0.16 the second set of pins in
 * v0.16.0 hack/llmisvc_quick_install.sh:L18-25, which the v0.16.0 LLM e2e workflow runs (Envoy Gateway
 * v1.5.0 and LWS 0.7.0 instead of kserve-deps.env's v1.2.2 and v0.6.2).
 */
export interface LlmDependencies {
  /** Envoy Gateway when it carries Envoy AI Gateway (replaces `envoyGateway` of the line for LLM installs). */
  envoyGateway: string;
  /** Envoy AI Gateway (ENVOY_AI_GATEWAY_VERSION). */
  aiGateway: string;
  /** LeaderWorkerSet (LWS_VERSION), installed from its release manifests.yaml. */
  lws: string;
  /** Gateway API Inference Extension bundle of the CRDs KServe ships (GIE_VERSION; config/llmisvc/gateway-inference-extension.yaml). */
  inferenceExtension: string;
}

const L = (envoyGateway: string, aiGateway: string, lws: string, inferenceExtension: string): LlmDependencies => ({ envoyGateway, aiGateway, lws, inferenceExtension });

/** Keyed by KServe minor line, from 0.16 (the first with LLMInferenceService). */
export const LLM_TESTED: Readonly<Record<string, LlmDependencies>> = {
  '0.16': L('1.5.0', '0.3.0', '0.7.0', '0.3.0'),
  '0.17': L('1.6.3', '0.5.0', '0.7.0', '1.3.0'),
  '0.18': L('1.6.3', '0.5.0', '0.8.0', '1.3.1'),
  '0.19': L('1.7.0', '0.6.0', '0.8.0', '1.3.1'),
  '0.20': L('1.8.1', '1.0.0', '0.8.0', '1.5.0'),
};

/** Oldest Knative Serving we generate for (KServe 0.11 was tested with 1.10). */
export const MIN_KNATIVE = '1.10.0';

/**
 * Gateway API standard CRDs to install at least: KServe's HTTPRoutes set `timeouts`, standard from
 * v1.2 (features.ts GATEWAY_API_FEATURE_RANGES.routeTimeouts).
 */
export const MIN_GATEWAY_API = '1.2.1';

/** The Helm and kubectl versions every generated folder is installed with on paper (test/helm-render.test.ts). */
export const TESTED_TOOLS = { helm: ['4.1.4', '3.17.3'], kubectl: '1.34.5' } as const;

/**
 * The net-istio release each Knative Operator release deploys for each Serving line it bundles
 * (app.kubernetes.io/version of cmd/operator/kodata/ingress/<line>/istio/net-istio.yaml at the
 * operator's knative-v<version> tag). net-istio has patch numbers of its own, and the operator pins
 * its images by digest: a mirror must hold exactly these. Rows: the operator releases the catalog
 * installs (TESTED, and the newest of each line, upgrade-paths.ts KNATIVE_LINES).
 */
export const NET_ISTIO_OF_OPERATOR: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '1.10.8': { '1.7': '1.7.1', '1.8': '1.8.3', '1.9': '1.9.3', '1.10': '1.10.4' },
  '1.11.2': { '1.8': '1.8.3', '1.9': '1.9.3', '1.10': '1.10.1', '1.11': '1.11.0' },
  '1.11.12': { '1.8': '1.8.3', '1.9': '1.9.3', '1.10': '1.10.4', '1.11': '1.11.3' },
  '1.12.5': { '1.9': '1.9.3', '1.10': '1.10.4', '1.11': '1.11.5', '1.12': '1.12.3' },
  '1.13.1': { '1.10': '1.10.4', '1.11': '1.11.5', '1.12': '1.12.2', '1.13': '1.13.0' },
  '1.13.3': { '1.10': '1.10.4', '1.11': '1.11.5', '1.12': '1.12.3', '1.13': '1.13.1' },
  '1.14.5': { '1.11': '1.11.5', '1.12': '1.12.3', '1.13': '1.13.1', '1.14': '1.14.1' },
  '1.14.9': { '1.11': '1.11.5', '1.12': '1.12.3', '1.13': '1.13.1', '1.14': '1.14.2' },
  '1.15.7': { '1.12': '1.12.3', '1.13': '1.13.1', '1.14': '1.14.2', '1.15': '1.15.1' },
  '1.15.10': { '1.12': '1.12.3', '1.13': '1.13.1', '1.14': '1.14.2', '1.15': '1.15.1' },
  '1.16.0': { '1.13': '1.13.1', '1.14': '1.14.2', '1.15': '1.15.1', '1.16': '1.16.0' },
  '1.16.6': { '1.13': '1.13.1', '1.14': '1.14.2', '1.15': '1.15.1', '1.16': '1.16.0' },
  '1.17.8': { '1.14': '1.14.2', '1.15': '1.15.1', '1.16': '1.16.0', '1.17': '1.17.0' },
  '1.18.3': { '1.15': '1.15.1', '1.16': '1.16.0', '1.17': '1.17.0', '1.18': '1.18.1' },
  '1.19.6': { '1.16': '1.16.0', '1.17': '1.17.0', '1.18': '1.18.1', '1.19': '1.19.6' },
  '1.20.2': { '1.17': '1.17.0', '1.18': '1.18.1', '1.19': '1.19.6', '1.20': '1.20.2' },
  '1.21.1': { '1.18': '1.18.1', '1.19': '1.19.6', '1.20': '1.20.2', '1.21': '1.21.1' },
  '1.21.4': { '1.18': '1.18.1', '1.19': '1.19.6', '1.20': '1.20.4', '1.21': '1.21.4' },
};
