/**
 * The KServe version catalog: turns a requested version into everything version-dependent the rest
 * of the pipeline needs (charts, mode spelling, feature booleans, tested dependency versions).
 */
import semver from 'semver';
import { UserError, quote } from '../errors.js';
import { MIN_KNATIVE, TESTED, type TestedDependencies } from './dependencies.js';
import { FEATURE_RANGES, type FeatureName, type Features } from './features.js';
import { KNOWN_RELEASES, SUPPORTED_RANGE } from './releases.js';

export { KNOWN_RELEASES, SUPPORTED_RANGE, latestPerMinor } from './releases.js';
export {
  FEATURE_RANGES,
  AI_GATEWAY_FEATURE_RANGES,
  CERT_MANAGER_FEATURE_RANGES,
  ENVOY_GATEWAY_FEATURE_RANGES,
  GATEWAY_API_FEATURE_RANGES,
  ISTIO_FEATURE_RANGES,
  KNATIVE_FEATURE_RANGES,
  type Features,
  type FeatureName,
} from './features.js';
export { LLM_TESTED, TESTED, TESTED_TOOLS, type LlmDependencies, type TestedDependencies, MIN_GATEWAY_API, MIN_KNATIVE, NET_ISTIO_OF_OPERATOR } from './dependencies.js';
export {
  ENVOY_GATEWAY,
  GATEWAY_API_PROVIDERS,
  ISTIO_GATEWAY_SELECTOR,
  KNATIVE_GATEWAYS,
  KSERVE_GATEWAY,
  KSERVE_GATEWAY_LABEL,
  LOCAL_GATEWAY_PORT,
  type GatewayApiProvider,
  type GatewayApiProviderFacts,
} from './gateways.js';
export {
  CERT_MANAGER_LINES,
  CERT_MANAGER_UPGRADE_RANGES,
  GATEWAY_API_UPGRADE_RANGES,
  ISTIO_LINES,
  ISTIO_UPGRADE_RANGES,
  KNATIVE_LINES,
  KNATIVE_OPERATOR_BUNDLED_LINES,
  KSERVE_UPGRADE_RANGES,
  knativeOperatorFor,
  linesBetween,
  minorLine,
  type KnativeLine,
} from './upgrade-paths.js';

export interface HelmChart {
  /** The chart's real name (Chart.yaml `name`), which is also the values file name. */
  name: string;
  /** Helm release name used in INSTALL.md. */
  release: string;
  /** What `helm install` takes: an OCI reference, or (0.11) the GitHub release asset URL. */
  ref: string;
  /** Chart version flag value (charts are versioned with the leading "v"), or '' when ref is a URL. */
  version: string;
  /** Does this tool write helm/<name>.values.yaml for it? (CRD charts take no values.) */
  hasValues: boolean;
}

export interface Release {
  /** Normalised version without "v", e.g. "0.15.0-rc0". */
  version: string;
  /** Minor line, e.g. "0.15". */
  minor: string;
  features: Features;
  tested: TestedDependencies;
  /** Charts in install order: CRDs, main chart, runtime configs (>= 0.17). */
  charts: HelmChart[];
  /** The main chart (kserve or kserve-resources). */
  mainChart: HelmChart;
  modeNames: { knative: string; standard: string; modelMesh: string };
}

/** A Knative Serving version as a preset writes it ("1.15", "v1.15.2"), as X.Y.Z. */
export function knativeVersionOf(requested: string): string {
  const version = requested.replace(/^v/, '');
  return version.split('.').length === 2 ? `${version}.0` : version;
}

/** Whether this tool supports Knative Serving `version` (X.Y.Z): resolve() refuses older ones, the wizard says so as you type. */
export function knativeSupported(version: string): boolean {
  return satisfies(version, `>=${MIN_KNATIVE}`);
}

/** semver.satisfies with prereleases included, so "0.15.0-rc0" satisfies ">=0.15.0-rc0". */
export function satisfies(version: string, range: string): boolean {
  return semver.satisfies(version, range, { includePrerelease: true });
}

export type Mode = 'knative' | 'standard' | 'modelmesh';

/** Either spelling of a deployment mode (Serverless/Knative, RawDeployment/Standard, ModelMesh); undefined for others. */
export function modeOf(input: string): Mode | undefined {
  switch (input) {
    case 'Serverless':
    case 'Knative':
      return 'knative';
    case 'RawDeployment':
    case 'Standard':
      return 'standard';
    case 'ModelMesh':
      return 'modelmesh';
    default:
      return undefined;
  }
}

/** A mode as `release` spells it (Serverless/RawDeployment before 0.16, Knative/Standard from 0.16.0-rc0). */
export function modeNameOf(release: Release, mode: Mode): string {
  return mode === 'knative' ? release.modeNames.knative : mode === 'standard' ? release.modeNames.standard : release.modeNames.modelMesh;
}

export function featuresOf(version: string): Features {
  const out = {} as Features;
  for (const name of Object.keys(FEATURE_RANGES) as FeatureName[]) out[name] = satisfies(version, FEATURE_RANGES[name]);
  return out;
}

export function resolveRelease(input: string): Release {
  const version = input.replace(/^v/, '');
  if (!(KNOWN_RELEASES as readonly string[]).includes(version)) {
    const minor = version.split('.').slice(0, 2).join('.');
    const sameLine = KNOWN_RELEASES.filter((v) => v.startsWith(`${minor}.`));
    throw new UserError(
      'kserve.version',
      `${quote(input)} is not a supported KServe release`,
      sameLine.length
        ? `use a released ${minor} version: ${sameLine.join(', ')}`
        : `use a release of the ${SUPPORTED_RANGE} lines, e.g. "${KNOWN_RELEASES[KNOWN_RELEASES.length - 1]}"`,
    );
  }
  const minor = version.split('.').slice(0, 2).join('.');
  const features = featuresOf(version);
  const tag = `v${version}`;
  const chart = (name: string, hasValues: boolean): HelmChart => ({
    name,
    release: name,
    // 0.11 published charts only as GitHub release assets, not to ghcr.io (kserve-versions.md §2).
    ref: features.ociCharts
      ? `oci://ghcr.io/kserve/charts/${name}`
      : `https://github.com/kserve/kserve/releases/download/${tag}/helm-chart-${name}-${tag}.tgz`,
    version: features.ociCharts ? tag : '',
    hasValues,
  });
  const mainChart = chart(features.splitCharts ? 'kserve-resources' : 'kserve', true);
  const charts = [chart('kserve-crd', false), mainChart];
  if (features.splitCharts) charts.push(chart('kserve-runtime-configs', true));
  return {
    version,
    minor,
    features,
    tested: TESTED[minor]!,
    charts,
    mainChart,
    modeNames: features.newModeNames
      ? { knative: 'Knative', standard: 'Standard', modelMesh: 'ModelMesh' }
      : { knative: 'Serverless', standard: 'RawDeployment', modelMesh: 'ModelMesh' },
  };
}
