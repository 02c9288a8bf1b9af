/** What runs before any change: read what the cluster runs, then back everything up. */
import type { StepBuilder, UpgradeStep } from '../types.js';
import { KSERVE_RELEASE_VAR, jsonpath, mainRelease, ns, step, usesIstio, usesKnativeManifests, usesKnativeOperator } from './common.js';

export const preflightSteps: StepBuilder = (ctx) => {
  const f = ctx.from.resolved;
  const n = ns(ctx.from);
  const commands = ['kubectl version', 'helm version', 'helm list -A'];
  const expect = [`the KServe controller image ends in \`:v${f.release.version}\``];
  if (f.release.features.splitCharts) {
    commands.push(`${KSERVE_RELEASE_VAR}=$(helm list -n ${n} -q --filter '^kserve(-resources)?$'); echo "$${KSERVE_RELEASE_VAR}"`);
    expect.push(`\`${KSERVE_RELEASE_VAR}\` is \`kserve-resources\` (or \`kserve\` where an earlier upgrade migrated a 0.16 install)`);
  }
  commands.push(jsonpath(`deployment kserve-controller-manager -n ${n}`, '{.spec.template.spec.containers[?(@.name=="manager")].image}'));
  if (f.llm) {
    commands.push(jsonpath(`deployment ${f.llm.objects.deployment} -n ${f.llm.namespace}`, '{.spec.template.spec.containers[0].image}'));
    expect.push(`the llmisvc controller image ends in \`:v${f.release.version}\``);
  }
  if (usesKnativeOperator(ctx.from)) {
    commands.push(jsonpath('knativeserving knative-serving -n knative-serving', '{.status.version}'));
    expect.push(`Knative Serving \`${f.knative!.version}\``);
  } else if (usesKnativeManifests(ctx.from)) {
    commands.push(jsonpath('deployment controller -n knative-serving', '{.metadata.labels.app\\.kubernetes\\.io/version}'));
    expect.push(`Knative Serving \`${f.knative!.version}\``);
  }
  if (usesIstio(ctx.from)) {
    commands.push(jsonpath('deployment istiod -n istio-system', '{.spec.template.spec.containers[0].image}'));
    expect.push(`istiod \`:${f.istio.version}\``);
  }
  commands.push(jsonpath('deployment cert-manager -n cert-manager', '{.spec.template.spec.containers[0].image}'));
  expect.push(`cert-manager \`:v${f.release.tested.certManager}\``);
  return [
    step({
      id: 'preflight',
      layer: 'preflight',
      title: 'Check what the cluster runs',
      why: [
        `This plan starts from what \`${ctx.folder}/kserve-config.yaml\` describes. If the cluster runs other versions, stop: regenerate that folder for what really runs (\`--set kserve.version=...\`) and plan again.`,
        ...(ctx.edited.length
          ? [`These files of \`${ctx.folder}\` were edited after it was generated, and this plan does not carry the edits over: ${ctx.edited.map((e) => `\`${e}\``).join(', ')}. Make the same edits in this folder before the steps that apply them.`]
          : []),
        ...(f.release.features.splitCharts ? [`Run the steps in one shell: later commands use \`$${KSERVE_RELEASE_VAR}\`, the name of the main KServe release.`] : []),
      ],
      commands,
      expect: `${expect.join(', ')}.`,
    }),
  ];
};

export const backupSteps: StepBuilder = (ctx) => {
  const n = ns(ctx.from);
  const f = ctx.from.resolved;
  const commands = [
    'mkdir -p backup',
    'helm list -A -o yaml > backup/helm-releases.yaml',
    `helm get values ${mainRelease(ctx)} -n ${n} -o yaml > backup/kserve.values.yaml`,
    `kubectl get configmap inferenceservice-config -n ${n} -o yaml > backup/inferenceservice-config.yaml`,
    'kubectl get inferenceservices -A -o yaml > backup/inferenceservices.yaml',
    'kubectl get clusterservingruntimes -o yaml > backup/clusterservingruntimes.yaml',
    'kubectl get servingruntimes -A -o yaml > backup/servingruntimes.yaml',
    // cert-manager's backup guide: issuers, cluster issuers and certificates.
    'kubectl get issuers,clusterissuers,certificates -A -o yaml > backup/cert-manager.yaml',
  ];
  if (usesKnativeOperator(ctx.from)) commands.push('kubectl get knativeserving -A -o yaml > backup/knativeserving.yaml');
  if (f.mode === 'knative') commands.push('kubectl get configmaps -n knative-serving -o yaml > backup/knative-configmaps.yaml');
  if (usesIstio(ctx.from)) commands.push('kubectl get gateways.networking.istio.io -A -o yaml > backup/istio-gateways.yaml');
  if (f.gatewayApi) commands.push('kubectl get gatewayclasses,gateways,httproutes -A -o yaml > backup/gateway-api.yaml');
  if (f.llm) commands.push('kubectl get llminferenceservices,llminferenceserviceconfigs -A -o yaml > backup/llm.yaml');
  const backup: UpgradeStep = step({
    id: 'backup',
    layer: 'backup',
    title: 'Back up',
    why: [
      'Every later step says how to undo it; these copies are what is left when an undo is not enough.',
      'The Knative Operator docs ask for a copy of the KnativeServing before an operator upgrade (knative/operator docs/upgrade.md); cert-manager asks for its issuers and certificates (cert-manager.io/docs/installation/upgrade).',
    ],
    commands,
    check: ['ls -l backup/'],
    expect: 'every file is there and none is empty (an empty file means the command before it failed).',
  });
  return [backup];
};
