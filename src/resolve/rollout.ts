/** The predictors' rollout in RawDeployment/Standard mode: per InferenceService, and the cluster-wide default. */
import type { Mode, Release } from '../catalog/index.js';
import type { Preset } from '../preset/schema.js';
import type { RolloutSettings } from './types.js';

export function resolveRollout(preset: Preset, release: Release, mode: Mode, modeName: string, warnings: string[]): RolloutSettings {
  const st = preset.deployment.strategy;
  const isDefault = st.type === 'RollingUpdate' && st.maxSurge === '25%' && st.maxUnavailable === '25%';
  // A whole number must be an integer in a Deployment; a string must be a percentage.
  const intOrPercent = (v: string): string | number => (v.endsWith('%') ? v : Number(v));
  if (mode !== 'standard') {
    if (!isDefault) warnings.push(`deployment.strategy only applies to RawDeployment/Standard; in ${modeName} mode rollout is ${mode === 'knative' ? "Knative's (see INSTALL.md)" : "ModelMesh's"}`);
    return { deploymentStrategy: null, defaultRolloutDeployJson: null };
  }
  if (!release.features.deploymentStrategy) {
    if (!isDefault) warnings.push(`deployment.strategy is not used: InferenceService deploymentStrategy arrived in KServe 0.13.0-rc1 (this is ${release.version})`);
    return { deploymentStrategy: null, defaultRolloutDeployJson: null };
  }
  const deploymentStrategy: Record<string, unknown> =
    st.type === 'Recreate'
      ? { type: 'Recreate' }
      : { type: 'RollingUpdate', rollingUpdate: { maxSurge: intOrPercent(st.maxSurge), maxUnavailable: intOrPercent(st.maxUnavailable) } };
  const defaultRollout = release.features.defaultRolloutStrategy && st.type === 'RollingUpdate' && !isDefault ? clusterDefaultRollout(st, warnings) : {};
  // data.deploy is one JSON string: the patch must carry the mode too, or it would be dropped.
  const defaultRolloutDeployJson = Object.keys(defaultRollout).length
    ? JSON.stringify({ defaultDeploymentMode: modeName, deploymentRolloutStrategy: { defaultRollout } })
    : null;
  return { deploymentStrategy, defaultRolloutDeployJson };
}

/**
 * The cluster-wide default rollout (inferenceservice-config deploy.deploymentRolloutStrategy) takes
 * percentages only: KServe writes each value into the Deployment as a string
 * (IntOrString{Type: String}, kserve v0.16.0-v0.20.0 deployment_reconciler.go
 * applyRolloutStrategyFromConfigmap), and Kubernetes accepts a string there only as a percentage.
 * A count of 0 is 0%; any other count stays in each InferenceService's deploymentStrategy only.
 */
function clusterDefaultRollout(st: Preset['deployment']['strategy'], warnings: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['maxSurge', 'maxUnavailable'] as const) {
    const value = st[key];
    if (value.endsWith('%') || value === '0') {
      out[key] = value === '0' ? '0%' : value;
    } else {
      warnings.push(
        `deployment.strategy.${key} "${value}" is a count, and KServe's cluster-wide default rollout takes percentages only: it applies through each InferenceService's deploymentStrategy (as in examples/inferenceservice.yaml), not the cluster default; use a percentage to set that too`,
      );
    }
  }
  return out;
}
