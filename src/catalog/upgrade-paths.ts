/**
 * The releases an upgrade passes through where a dependency cannot jump straight to the version the
 * target KServe was tested with (dependencies.ts), and the rules that say so. `upgrade` reads only
 * these tables; nothing here depends on a preset.
 */
import semver from 'semver';

/** One Knative minor line: the release an upgrade stops at when it passes through that line. */
export interface KnativeLine {
  /** Newest Knative Serving patch of the line that the operator release below bundles. */
  serving: string;
  /** Newest Knative Operator patch release of the line. */
  operator: string;
  /** net-istio release of the line (for Knative installed from release YAML). */
  netIstio: string;
  /** knative.dev/pkg refuses to start on an older Kubernetes (defaultMinimumVersion). */
  minKubernetes: string;
}

/**
 * Knative Serving and its operator upgrade one minor version at a time: "Knative supports upgrading
 * by a single minor version number" (knative.dev/docs/install/upgrade), and the operator enforces it:
 * "not supported to upgrade or downgrade across multiple MINOR versions" (knative/operator
 * pkg/reconciler/common/releases.go: |current minor - target minor| < 2).
 *
 * Operator knative-vM bundles Serving M-3..M (cmd/operator/kodata/knative-serving/, e.g. knative-v1.16.6
 * ships 1.13.0..1.16.3), so upgrading the operator one line ahead of the installed Serving is safe.
 * Rows: newest operator tag of each line (git tags of knative/operator), the newest Serving patch in
 * its kodata, the net-istio version in kodata/ingress/<line>/istio/net-istio.yaml
 * (app.kubernetes.io/version), and vendor/knative.dev/pkg/version/version.go defaultMinimumVersion.
 */
export const KNATIVE_LINES: Readonly<Record<string, KnativeLine>> = {
  '1.10': { serving: '1.10.6', operator: '1.10.8', netIstio: '1.10.4', minKubernetes: '1.24.0' },
  '1.11': { serving: '1.11.5', operator: '1.11.12', netIstio: '1.11.3', minKubernetes: '1.25.0' },
  '1.12': { serving: '1.12.4', operator: '1.12.5', netIstio: '1.12.3', minKubernetes: '1.26.0' },
  '1.13': { serving: '1.13.1', operator: '1.13.3', netIstio: '1.13.1', minKubernetes: '1.27.0' },
  '1.14': { serving: '1.14.1', operator: '1.14.9', netIstio: '1.14.2', minKubernetes: '1.28.0' },
  '1.15': { serving: '1.15.3', operator: '1.15.10', netIstio: '1.15.1', minKubernetes: '1.28.0' },
  '1.16': { serving: '1.16.3', operator: '1.16.6', netIstio: '1.16.0', minKubernetes: '1.28.0' },
  '1.17': { serving: '1.17.1', operator: '1.17.8', netIstio: '1.17.0', minKubernetes: '1.30.0' },
  '1.18': { serving: '1.18.2', operator: '1.18.3', netIstio: '1.18.1', minKubernetes: '1.31.0' },
  '1.19': { serving: '1.19.8', operator: '1.19.6', netIstio: '1.19.6', minKubernetes: '1.32.0' },
  '1.20': { serving: '1.20.3', operator: '1.20.2', netIstio: '1.20.2', minKubernetes: '1.32.0' },
  '1.21': { serving: '1.21.3', operator: '1.21.4', netIstio: '1.21.1', minKubernetes: '1.33.0' },
};

/** How many Serving lines below its own an operator release bundles (M-3..M, see above). */
export const KNATIVE_OPERATOR_BUNDLED_LINES = 3;

/**
 * Istio in-place upgrades (what `helm upgrade istiod` is) go one minor at a time: "The installed Istio
 * version is no more than one minor version less than the upgrade version"
 * (istio.io content/en/docs/setup/upgrade/in-place/index.md); only revision-based (canary) upgrades may
 * skip one ("jumping across two minor versions is supported ... in contrast to in-place upgrades where
 * it is required to upgrade to each intermediate minor release", .../upgrade/canary/index.md).
 * Newest patch of each line, from istio.io content/en/news/releases/<line>.x/announcing-*.
 */
export const ISTIO_LINES: Readonly<Record<string, string>> = {
  '1.19': '1.19.10',
  '1.20': '1.20.8',
  '1.21': '1.21.6',
  '1.22': '1.22.8',
  '1.23': '1.23.6',
  '1.24': '1.24.6',
  '1.25': '1.25.5',
  '1.26': '1.26.8',
};

export const ISTIO_UPGRADE_RANGES = {
  /**
   * From 1.24 the base chart renders Istio's CRDs as templates; CRDs a <= 1.23 chart installed from its
   * crds/ folder belong to no release, and `helm upgrade istio-base` fails with "invalid ownership
   * metadata" until they are labelled and annotated for it (istio.io boilerplates/crd-upgrade-123.md).
   */
  crdsInBaseTemplates: '>=1.24.0',
} as const;

/**
 * "We recommend that you upgrade cert-manager one minor version at a time, always choosing the latest
 * patch version for the minor version" (cert-manager.io/docs/installation/upgrade). Newest patch of
 * each line from the git tags of cert-manager/cert-manager.
 */
export const CERT_MANAGER_LINES: Readonly<Record<string, string>> = {
  '1.5': '1.5.5',
  '1.6': '1.6.3',
  '1.7': '1.7.3',
  '1.8': '1.8.2',
  '1.9': '1.9.2',
  '1.10': '1.10.2',
  '1.11': '1.11.5',
  '1.12': '1.12.17',
  '1.13': '1.13.6',
  '1.14': '1.14.7',
  '1.15': '1.15.5',
  '1.16': '1.16.5',
  '1.17': '1.17.4',
};

export const CERT_MANAGER_UPGRADE_RANGES = {
  /**
   * cert-manager 1.7 removed the v1alpha2/v1alpha3/v1beta1 APIs: every resource must be stored at v1
   * first, which `cmctl upgrade migrate-api-version` ensures (cert-manager.io docs
   * releases/upgrading/upgrading-1.6-1.7 and remove-deprecated-apis).
   */
  removedLegacyApis: '>=1.7.0',
} as const;

/**
 * Gateway API standard CRDs publish no one-minor rule: each standard-install.yaml applies over an older
 * one. From v1.5 a ValidatingAdmissionPolicy safe-upgrades.gateway.networking.k8s.io refuses a
 * downgrade below v1.5 (kubernetes-sigs/gateway-api CHANGELOG/1.5-CHANGELOG.md "Upgrades and
 * ValidatingAdmissionPolicy").
 */
export const GATEWAY_API_UPGRADE_RANGES = {
  safeUpgradesPolicy: '>=1.5.0',
} as const;

/**
 * KServe's own upgrade rules (ranges over the KServe version).
 * - splitCharts (features.ts): the one-time migration onto the 0.17 chart layout: "you cannot simply
 *   run `helm upgrade`"; CRDs and ClusterServingRuntimes change Helm release, so they need
 *   helm.sh/resource-policy=keep and meta.helm.sh/release-name annotations first, and the main release
 *   keeps its name `kserve` with the kserve-resources chart (kserve/website docs/install/upgrade-guide.md,
 *   "Migrating from pre-v0.17.0 to the split Helm chart layout"; kserve/website#696; kserve/kserve#5505).
 * - newModeNames / legacyModeAnnotations (features.ts): 0.16 renamed the modes; 0.16.x rejects updates
 *   whose deploymentMode annotation differs from status.deploymentMode (kserve/kserve#4798), fixed in
 *   0.17.0-rc0 by normalising legacy names in the webhooks (kserve/kserve#5025, commit 93752a1ae).
 */
export const KSERVE_UPGRADE_RANGES = {
  /** Updates of an InferenceService whose annotation and status spell the mode differently are refused (v0.16.0 validateDeploymentMode). */
  strictModeAnnotation: '>=0.16.0-rc0 <0.17.0-rc0',
} as const;

const line = (version: string) => `${semver.major(version)}.${semver.minor(version)}`;

/** The Knative Operator release to run a Serving version with: the newest of that line, if known. */
export function knativeOperatorFor(serving: string): string {
  return KNATIVE_LINES[line(serving)]?.operator ?? serving;
}

/** Every minor line strictly between two versions, oldest first ("1.15.2", "1.18.1" -> 1.16, 1.17). */
export function linesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const major = semver.major(to);
  if (semver.major(from) !== major) return out;
  for (let m = semver.minor(from) + 1; m < semver.minor(to); m++) out.push(`${major}.${m}`);
  return out;
}

export { line as minorLine };
