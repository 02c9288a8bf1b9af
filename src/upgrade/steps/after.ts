/** What follows the controller: InferenceService annotations, patches the chart cannot carry, Secrets, verification. */
import { KSERVE_UPGRADE_RANGES, satisfies } from '../../catalog/index.js';
import type { StepBuilder } from '../types.js';
import { jsonpath, ns, step } from './common.js';

/** The mode spellings 0.16 renamed (kserve/kserve#4608); ModelMesh kept its name. */
const RENAMED_MODES = [
  ['Serverless', 'Knative'],
  ['RawDeployment', 'Standard'],
] as const;

const isvcColumns = (column: string) =>
  `kubectl get inferenceservices -A --no-headers -o custom-columns='NS:.metadata.namespace,NAME:.metadata.name,MODE:${column}'`;
const ANNOTATION = '.metadata.annotations.serving\\.kserve\\.io/deploymentMode';

export const modeAnnotationSteps: StepBuilder = (ctx) => {
  const from = ctx.from.resolved.release;
  const to = ctx.to.resolved.release;
  if (from.features.newModeNames || !to.features.newModeNames) return [];
  const strict = satisfies(to.version, KSERVE_UPGRADE_RANGES.strictModeAnnotation);
  const commands = [
    `kubectl get inferenceservices -A -o custom-columns='NAMESPACE:.metadata.namespace,NAME:.metadata.name,ANNOTATION:${ANNOTATION},STATUS:.status.deploymentMode'`,
  ];
  for (const [old, renamed] of RENAMED_MODES) {
    if (strict) {
      commands.push(
        `${isvcColumns('.status.deploymentMode')} | awk '$3 == "${old}" {print $1, $2}' | while read -r ns name; do kubectl patch inferenceservice "$name" -n "$ns" --subresource=status --type merge -p '{"status":{"deploymentMode":"${renamed}"}}'; done`,
      );
    }
    commands.push(
      `${isvcColumns(ANNOTATION)} | awk '$3 == "${old}" {print $1, $2}' | while read -r ns name; do kubectl annotate inferenceservice "$name" -n "$ns" serving.kserve.io/deploymentMode=${renamed} --overwrite; done`,
    );
  }
  return [
    step({
      id: 'isvc-mode-annotations',
      layer: 'kserve',
      title: 'InferenceService deployment-mode annotations',
      why: [
        `KServe 0.16 renamed the modes (Serverless to Knative, RawDeployment to Standard). InferenceServices created before carry the old names in \`serving.kserve.io/deploymentMode\` and in their status.`,
        strict
          ? `KServe ${to.version} refuses any update, and the finalizer removal a delete needs, while the annotation and status.deploymentMode spell the mode differently (kserve/kserve#4798; fixed in 0.17.0-rc0 by kserve/kserve#5025). The status is renamed first (kubectl 1.24 or newer for --subresource), then the annotation.`
          : `KServe ${to.version} reads the old names (its webhook normalises them since 0.17.0-rc0, kserve/kserve#5025); renaming the annotations keeps \`kubectl get -o yaml\` and your own manifests in step with what the controller uses (kserve/kserve#4798).`,
        'Update `serving.kserve.io/deploymentMode` in the InferenceService manifests you keep elsewhere too.',
      ],
      commands,
      check: [`kubectl get inferenceservices -A -o custom-columns='NAMESPACE:.metadata.namespace,NAME:.metadata.name,ANNOTATION:${ANNOTATION},READY:.status.conditions[?(@.type=="Ready")].status'`],
      expect: 'no `Serverless` or `RawDeployment` left, and every InferenceService Ready as before.',
      rollback: RENAMED_MODES.map(
        ([old, renamed]) => `${isvcColumns(ANNOTATION)} | awk '$3 == "${renamed}" {print $1, $2}' | while read -r ns name; do kubectl annotate inferenceservice "$name" -n "$ns" serving.kserve.io/deploymentMode=${old} --overwrite; done`,
      ),
      rollbackNote: 'Only needed if the controller itself goes back below 0.16, which reads only the old names.',
    }),
  ];
};

export const patchSteps: StepBuilder = (ctx) => {
  const file = ctx.to.plan.context.deployPatchFile;
  if (!file) return [];
  const n = ns(ctx.to);
  return [
    step({
      id: 'rollout-patch',
      layer: 'kserve',
      title: 'Default rollout patch',
      why: ['`helm upgrade` rewrote inferenceservice-config, and the chart has no value for the default rollout: the patch goes on again.'],
      commands: [`kubectl patch configmap inferenceservice-config -n ${n} --type merge --patch-file ${file}`],
      check: [jsonpath(`configmap inferenceservice-config -n ${n}`, '{.data.deploy}')],
      expect: '`deploymentRolloutStrategy` in the output.',
      rollbackNote: 'Rolled back with the controller step (Helm restores the ConfigMap).',
    }),
  ];
};

export const storageSteps: StepBuilder = (ctx) => {
  const secrets = ctx.to.files.filter((f) => f.path.startsWith('secrets/'));
  const changed = secrets.filter((s) => ctx.from.files.find((f) => f.path === s.path)?.content !== s.content);
  if (changed.length === 0) return [];
  const placeholders = ctx.to.resolved.storage.storageConfig?.placeholders === true;
  return [
    step({
      id: 'storage-secrets',
      layer: 'storage',
      title: 'Storage credentials in the new format',
      why: [
        `The storage-config Secret this version reads differs from the installed one (e.g. the CA field; see \`git diff --no-index ${ctx.folder}/secrets secrets\`).`,
        ...(placeholders
          ? ['First replace the `REPLACE_WITH_...` values in the files below (or regenerate with `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` set): applying placeholders would replace working credentials.']
          : []),
      ],
      commands: changed.map((s) => `kubectl apply -f ${s.path}`),
      rollback: changed.filter((s) => ctx.from.files.some((f) => f.path === s.path)).map((s) => `kubectl apply -f ${ctx.folder}/${s.path}`),
    }),
  ];
};

export const verifySteps: StepBuilder = (ctx) => {
  const c = ctx.to.plan.context;
  return [
    step({
      id: 'verify',
      layer: 'verify',
      title: 'Verify',
      why: ['The InferenceServices that ran before must still be Ready, a new one must become Ready, and `check` must find the layers in agreement.'],
      commands: [
        'kubectl get inferenceservices -A',
        `kubectl create namespace ${c.testNamespace} --dry-run=client -o yaml | kubectl apply -f -`,
        `kubectl apply -n ${c.testNamespace} -f examples/inferenceservice.yaml`,
        `kubectl wait --for=condition=Ready inferenceservice/sklearn-iris -n ${c.testNamespace} --timeout=600s`,
        ...(c.llm
          ? [
              'kubectl get llminferenceservices -A',
              `kubectl apply -n ${c.llm.example.namespace} -f examples/llminferenceservice.yaml`,
              `kubectl wait --for=condition=Ready llminferenceservice/${c.llm.example.name} -n ${c.llm.example.namespace} --timeout=900s`,
            ]
          : []),
      ],
      expect: 'every InferenceService Ready; then run "Check the layers agree" in INSTALL.md: `check` must report no inconsistencies (exit 0).',
    }),
  ];
};
