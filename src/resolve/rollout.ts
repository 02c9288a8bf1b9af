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
  let defaultRolloutDeployJson: string | null = null;
  if (release.features.defaultRolloutStrategy && st.type === 'RollingUpdate' && !isDefault) {
    // data.deploy is one JSON string: the patch must carry the mode too, or it would be dropped.
    defaultRolloutDeployJson = JSON.stringify({
      defaultDeploymentMode: modeName,
      deploymentRolloutStrategy: { defaultRollout: { maxSurge: st.maxSurge, maxUnavailable: st.maxUnavailable } },
    });
  }
  return { deploymentStrategy, defaultRolloutDeployJson };
}
