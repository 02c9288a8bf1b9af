/**
 * Version drift: a generated folder is written for one KServe release and one Knative Serving line
 * (values keys and defaults, mode spellings, config-istio's format all depend on them); checked
 * against a cluster that runs others, its agreement with the cluster means little.
 */
import semver from 'semver';
import { TOOL_NAME } from '../generated/meta.js';
import { collectCommand } from './collect.js';
import { outcome, unique, type Finding, type Outcome, type Unchecked } from './finding.js';
import type { Model } from './model.js';
import { sameRelease, type VersionSides } from './versions.js';

export const VERSION_RULES = {
  'version-drift': 'the folder is for another KServe or Knative version than the cluster runs',
} as const;


export function versionDrift(m: Model): Outcome {
  const findings: Finding[] = [];
  const unchecked: Unchecked[] = [];
  const kserve = drift(m.versions.kserve, 'kserve');
  const knative = drift(m.versions.knative, 'knative');
  if (kserve === 'unknown') {
    unchecked.push({ rules: ['version-drift'], reason: 'the KServe version the cluster runs is not in the input (the controller Deployment\'s image tag)', collect: [collectCommand('kserveController', m.kserveNamespace)] });
  } else if (kserve) {
    findings.push(kserve);
  }
  if (knative === 'unknown') {
    unchecked.push({
      rules: ['version-drift'],
      reason: 'the Knative Serving version the cluster runs is not in the input (a KnativeServing\'s status, or the version label of config-istio and config-deployment)',
      collect: [collectCommand('knativeConfigMaps')],
    });
  } else if (knative) {
    findings.push(knative);
  }
  return outcome(findings, unchecked);
}

/** The drift finding, 'unknown' when the folder names a version but the cluster's is not in the input. */
function drift(sides: VersionSides, component: 'kserve' | 'knative'): Finding | 'unknown' | undefined {
  const want = sides.folder[0];
  if (!want) return undefined; // no folder: nothing to compare the cluster with
  if (sides.cluster.length === 0) return 'unknown';
  const drifted = sides.cluster.filter((c) => !sameRelease(component, c.version, want.version));
  if (drifted.length === 0) return undefined;
  const running = drifted[0]!.version;
  const from = unique(sides.folder.filter((f) => sameRelease(component, f.version, want.version)).map((f) => f.from)).join('; ');
  const places = drifted.map((c) => c.place!);
  if (component === 'kserve') {
    return {
      rule: 'version-drift',
      severity: 'error',
      places,
      expected: `KServe ${want.version}`,
      expectedFrom: from,
      fix:
        `the folder is written for KServe ${want.version} but the cluster runs ${running}: regenerate the folder for the running release ` +
        `(${TOOL_NAME} --preset kserve-config.yaml --set kserve.version=${running} --out . --force), then move the cluster with ` +
        `${TOOL_NAME} upgrade . --to ${want.version} and the UPGRADE.md it writes; ` +
        'chart keys and defaults, mode spellings and gateway keys differ between releases, so agreement with the other files means little until then',
    };
  }
  const line = `${semver.major(want.version)}.${semver.minor(want.version)}`;
  return {
    rule: 'version-drift',
    severity: 'error',
    places,
    expected: `Knative Serving ${line} (${want.version})`,
    expectedFrom: from,
    fix:
      `the folder configures Knative Serving ${line} but the cluster runs ${running}: upgrade Knative one minor version at a time (the KnativeServing's spec.version, or the release YAML), ` +
      `or regenerate the folder for the running version (${TOOL_NAME} --preset kserve-config.yaml --set knative.version=${running} --out . --force); ` +
      "config-istio's key format and the operator's gateway handling depend on the Knative version",
  };
}

export const VERSION_CHECKS = [versionDrift] as const;
