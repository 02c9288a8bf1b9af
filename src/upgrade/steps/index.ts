/**
 * The ordered upgrade: one builder per layer, in the order the layers must move. Dependencies first
 * (cert-manager, Istio, Gateway API, Kong, Knative), then the manifests, then KServe with CRDs before
 * controllers, then what the charts cannot carry. A feature with its own layer (a Gateway API provider,
 * the LLM stack) adds its builder at its place in this list.
 */
import type { StepBuilder, UpgradeContext, UpgradeStep } from '../types.js';
import { backupSteps, preflightSteps } from './before.js';
import { step } from './common.js';
import { certManagerSteps, envoyGatewaySteps, gatewayApiSteps, istioSteps, kongSteps } from './dependencies.js';
import { knativeSteps } from './knative.js';
import { llmControllerSteps, llmCrdSteps, llmDependencySteps } from './llm.js';
import { kserveControllerSteps, kserveCrdSteps, manifestSteps, runtimeSteps } from './kserve.js';
import { modeAnnotationSteps, patchSteps, storageSteps, verifySteps } from './after.js';

const STEP_BUILDERS: readonly StepBuilder[] = [
  preflightSteps,
  backupSteps,
  certManagerSteps,
  istioSteps,
  gatewayApiSteps,
  kongSteps,
  envoyGatewaySteps,
  llmDependencySteps,
  knativeSteps,
  manifestSteps,
  kserveCrdSteps,
  llmCrdSteps,
  kserveControllerSteps,
  llmControllerSteps,
  runtimeSteps,
  modeAnnotationSteps,
  patchSteps,
  storageSteps,
  verifySteps,
];

export function buildSteps(ctx: UpgradeContext): UpgradeStep[] {
  const steps = STEP_BUILDERS.flatMap((build) => build(ctx));
  const mirror = mirrorStep(ctx);
  if (mirror) steps.splice(steps.findIndex((s) => s.id === 'backup') + 1, 0, mirror);
  return steps;
}

/** Offline: every chart and image the upgrade needs, the target's and the intermediate versions'. */
function mirrorStep(ctx: UpgradeContext): UpgradeStep | null {
  const c = ctx.to.plan.context;
  if (!c.offline) return null;
  const images = ctx.extraImages.size ? ['upgrade/images.txt'] : [];
  if (images.length) {
    ctx.extraFiles.set('upgrade/images.txt', {
      path: 'upgrade/images.txt',
      content: `${[...ctx.extraImages].sort().join('\n')}\n`,
      why: 'images only the intermediate versions of this upgrade pull (SOURCE_REF MIRROR_REF), on top of images.txt',
    });
  }
  const copy = (file: string) => c.commands.mirrorImages.replace(/images\.txt$/, file);
  return step({
    id: 'mirror',
    layer: 'mirror',
    title: 'Mirror images and charts (on a connected machine)',
    why: [
      `The cluster pulls from \`${c.offline.registry}\`: copy every image of the new version (\`images.txt\`)${images.length ? ' and of the versions this upgrade passes through (`upgrade/images.txt`)' : ''}, and fetch the charts into \`charts/\`.`,
    ],
    commands: [...new Set([...c.pullCommands, ...ctx.extraPulls])].concat(copy('images.txt'), ...images.map(copy)),
    check: ['ls charts/'],
    expect: 'every chart the steps below name is there.',
  });
}
