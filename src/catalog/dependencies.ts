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
}

const T = (
  kubernetes: string,
  certManager: string,
  istio: string,
  knativeServing: string,
  knativeOperator: string,
  gatewayApi: string,
): TestedDependencies => ({ kubernetes, certManager, istio, knativeServing, knativeOperator, gatewayApi });

/** Keyed by KServe minor line. */
export const TESTED: Readonly<Record<string, TestedDependencies>> = {
  '0.11': T('1.27', '1.5.0', '1.18.2', '1.10.2', '1.11.2', ''),
  '0.12': T('1.27', '1.5.0', '1.19.4', '1.10.2', '1.11.2', ''),
  '0.13': T('1.27', '1.9.0', '1.20.4', '1.13.1', '1.13.1', ''),
  '0.14': T('1.29', '1.15.1', '1.20.4', '1.13.1', '1.14.5', ''),
  '0.15': T('1.30', '1.16.1', '1.23.2', '1.15.2', '1.15.7', '1.2.1'),
  '0.16': T('1.30', '1.17.0', '1.27.1', '1.15.2', '1.16.0', '1.2.1'),
  '0.17': T('1.34', '1.17.0', '1.27.1', '1.21.1', '1.21.1', '1.4.1'),
  '0.18': T('1.34', '1.17.0', '1.27.1', '1.21.1', '1.21.1', '1.4.1'),
  '0.19': T('1.34', '1.17.0', '1.27.1', '1.21.1', '1.21.1', '1.4.1'),
  '0.20': T('1.34', '1.17.0', '1.27.1', '1.21.1', '1.21.1', '1.5.1'),
};

/** Oldest Knative Serving we generate for (KServe 0.11 was tested with 1.10). */
export const MIN_KNATIVE = '1.10.0';

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

/** Istio serves networking.istio.io/v1 from 1.22 (ecosystem-facts.md §5). */
export const ISTIO_V1_API = '>=1.22.0';

/**
 * Istio's gateway chart whose values.schema.json Helm >= 3.18.5 and Helm 4 reject, even for the
 * chart's own defaults (top-level "defaults" beside additionalProperties: false; istio/istio#57354,
 * helm/helm#31160 with 1.23.6). Rendered here: 1.23.2 fails under Helm 4.1.4, the catalog's other
 * Istio versions pass. Such installs add --skip-schema-validation (Helm >= 3.16.0).
 */
export const ISTIO_GATEWAY_SCHEMA_REJECTED = '>=1.23.0 <1.24.0';

/** The Helm and kubectl versions every generated folder is installed with on paper (test/helm-render.test.ts). */
export const TESTED_TOOLS = { helm: ['4.1.4', '3.17.3'], kubectl: '1.34.5' } as const;
