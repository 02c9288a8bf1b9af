/**
 * The LLMInferenceService stack's layers (gateway-and-llm-facts.md §2): its dependencies (the
 * inference extension CRDs, LeaderWorkerSet, Envoy AI Gateway) with the other dependencies, its CRD
 * chart after KServe's, its controller after KServe's and before the presets (kserve-runtime-configs).
 * From 0.16 the charts are renamed (llmisvc-* -> kserve-llmisvc-*): the CRDs are handed to the new
 * release and the old controller release goes, keeping the inferenceservice-config it lists but the
 * kserve release owns. From 0.19 the chart leaves the inference extension CRDs alone (createGIECRDs:
 * false): they are kept when the release that adopted them stops rendering them.
 */
import type { LlmSettings } from '../../resolve/index.js';
import type { Side, StepBuilder, UpgradeContext, UpgradeStep } from '../types.js';
import { jsonpath, step } from './common.js';

const llm = (side: Side): LlmSettings | undefined => side.resolved.llm;
/** 0.16 -> 0.17+: llmisvc-crd/-resources become kserve-llmisvc-crd/-resources (features.ts llmisvcSplitCharts). */
const renames = (ctx: UpgradeContext) => !llm(ctx.from)!.presetsInRuntimeConfigs && llm(ctx.to)!.presetsInRuntimeConfigs;
/** The release that owned the inference extension CRDs (0.17/0.18 adoption) no longer renders them. */
const releasesGie = (ctx: UpgradeContext) => llm(ctx.from)!.inferenceExtension.adoptInto !== null && llm(ctx.to)!.inferenceExtension.adoptInto === null;

const both = (ctx: UpgradeContext) => llm(ctx.from) !== undefined && llm(ctx.to) !== undefined;

export const llmDependencySteps: StepBuilder = (ctx) => {
  if (!both(ctx)) return [];
  const to = llm(ctx.to)!;
  const from = llm(ctx.from)!;
  const c = ctx.to.plan.context.llm!;
  const out: UpgradeStep[] = [
    step({
      id: 'llm-inference-extension',
      layer: 'llm',
      title: `Gateway API Inference Extension CRDs (KServe ${ctx.to.resolved.release.minor}'s set, v${to.inferenceExtension.version})`,
      why: [
        `Before the provider and the llmisvc controller, which watch InferencePools only if the CRDs exist when they start (v0.20.0 LLMC/controller.go:L428-456). KServe's own set keeps the x-k8s.io InferencePool the controller still writes (kserve#5750).`,
        ...(from.inferenceExtension.version !== to.inferenceExtension.version ? [`v${from.inferenceExtension.version} before; CRDs the new set drops stay in the cluster unused.`] : []),
      ],
      commands: [...c.commands.inferenceExtension.map((cmd) => cmd.replace('kubectl apply --server-side ', 'kubectl apply --server-side --force-conflicts '))],
      check: [`kubectl get crd ${to.inferenceExtension.crds.join(' ')}`],
      expect: 'every CRD listed.',
      rollbackNote: 'Leave the CRDs at the newer version: rolling them back would drop fields newer objects use.',
    }),
  ];
  if (to.lws && (from.lws?.version !== to.lws.version)) {
    out.push(
      step({
        id: `llm-lws-${to.lws.version}`,
        layer: 'llm',
        title: `LeaderWorkerSet v${to.lws.version}`,
        why: [`KServe ${ctx.to.resolved.release.minor} was installed with LWS v${to.lws.version} (v${from.lws?.version ?? '-'} before); its release manifest, as INSTALL.md applies it.`],
        commands: c.commands.lws,
        check: [jsonpath(`deployment ${to.lws.deployment} -n ${to.lws.namespace}`, '{.spec.template.spec.containers[0].image}')],
        expect: `the image ends in \`:v${to.lws.version}\`.`,
        rollback: from.lws ? [`kubectl apply --server-side --force-conflicts -f ${from.lws.url}`] : [],
      }),
    );
  }
  const a = to.aiGateway;
  if (a && c.aiGatewayChart && from.aiGateway?.version !== a.version) {
    const ref = (name: string) => ctx.to.plan.context.refs[name]!;
    out.push(
      step({
        id: `llm-ai-gateway-${a.version}`,
        layer: 'llm',
        title: `Envoy AI Gateway ${a.chartVersion}`,
        why: [
          `KServe ${ctx.to.resolved.release.minor} pins Envoy AI Gateway ${a.chartVersion} (${from.aiGateway ? `v${from.aiGateway.version}` : 'none'} before), after the Envoy Gateway it extends; its CRD chart first (Helm upgrades CRDs that are templates).`,
          ...(from.aiGateway?.rbacUrl && !a.rbacUrl ? ['From v0.5 the chart grants Envoy Gateway read access to InferencePools itself: the v0.3.0 RBAC (ClusterRole list-ai-gateway-controller) can go once routes work.'] : []),
        ],
        commands: [
          `helm upgrade ${a.crdRelease} ${ref('aiGatewayCrds')} -n ${a.namespace}`,
          `helm upgrade ${a.release} ${ref('aiGateway')} -n ${a.namespace} -f ${c.aiGatewayChart.path}`,
          `kubectl rollout status deployment/${a.controller} -n ${a.namespace} --timeout=300s`,
        ],
        check: [jsonpath(`deployment ${a.controller} -n ${a.namespace}`, '{.spec.template.spec.containers[0].image}')],
        expect: `the image ends in \`:${a.chartVersion}\`.`,
        rollback: [`helm rollback ${a.release} -n ${a.namespace}`, `helm rollback ${a.crdRelease} -n ${a.namespace}`],
      }),
    );
  }
  return out;
};

export const llmCrdSteps: StepBuilder = (ctx) => {
  if (!both(ctx)) return [];
  const to = llm(ctx.to)!;
  const from = llm(ctx.from)!;
  const ns = to.namespace;
  const crds = 'crd llminferenceservices.serving.kserve.io llminferenceserviceconfigs.serving.kserve.io';
  const established = 'kubectl wait --for=condition=Established crd/llminferenceservices.serving.kserve.io crd/llminferenceserviceconfigs.serving.kserve.io --timeout=60s';
  const install = ctx.to.plan.context.llm!.commands.crds;
  if (!renames(ctx)) {
    return [
      step({
        id: 'llm-crds',
        layer: 'llm',
        title: `LLMInferenceService CRDs ${ctx.to.resolved.release.version}`,
        why: ['CRDs before controllers: the new llmisvc controller reads fields only the new CRDs keep.'],
        commands: [install.replace(/^helm install /, 'helm upgrade '), established],
        check: [`helm list -n ${ns} --filter '^${to.crdChart.release}$'`],
        expect: `chart \`${to.crdChart.name}-${to.crdChart.version}\`.`,
        rollback: [`helm rollback ${to.crdChart.release} -n ${ns}`],
      }),
    ];
  }
  return [
    step({
      id: 'llm-crds',
      layer: 'llm',
      title: `LLMInferenceService CRDs: hand them to ${to.crdChart.release}`,
      why: [
        `0.17 renamed the chart ${from.crdChart.name} to ${to.crdChart.name}, which also stores v1alpha2 and converts through the llmisvc webhook. Uninstalling the old release would delete the CRDs and every LLMInferenceService with them: they are kept (helm.sh/resource-policy=keep) and re-annotated for the new release, which Helm then adopts; the keep annotation comes off once it owns them.`,
      ],
      commands: [
        `kubectl annotate ${crds} helm.sh/resource-policy=keep meta.helm.sh/release-name=${to.crdChart.release} meta.helm.sh/release-namespace=${ns} --overwrite`,
        `helm uninstall ${from.crdChart.release} -n ${ns}`,
        install,
        established,
        `kubectl annotate ${crds} helm.sh/resource-policy-`,
      ],
      check: [`helm list -n ${ns} --filter '^${to.crdChart.release}$'`],
      expect: `chart \`${to.crdChart.name}-${to.crdChart.version}\`, and no release \`${from.crdChart.release}\`.`,
      rollbackNote: 'An uninstalled release cannot be rolled back: reinstall the old folder\'s LLMInferenceService CRDs step if this one fails (the CRDs themselves are left in place).',
    }),
  ];
};

export const llmControllerSteps: StepBuilder = (ctx) => {
  if (!both(ctx)) return [];
  const to = llm(ctx.to)!;
  const from = llm(ctx.from)!;
  const c = ctx.to.plan.context.llm!;
  const ns = to.namespace;
  const gie = `crd ${from.inferenceExtension.crds.join(' ')}`;
  const [install, ...waits] = c.commands.resources;
  const commands: string[] = [];
  const why: string[] = [];
  if (renames(ctx)) {
    why.push(
      `${from.resourcesChart.name} (0.16) goes: ${to.resourcesChart.name} replaces it, and the presets move to kserve-runtime-configs (next step). The old release lists inferenceservice-config, which the kserve release owns since 0.16's --take-ownership: it is kept while the old release is uninstalled.`,
    );
    commands.push(
      `kubectl annotate configmap inferenceservice-config -n ${ns} helm.sh/resource-policy=keep --overwrite`,
      `helm uninstall ${from.resourcesChart.release} -n ${ns}`,
      `kubectl annotate configmap inferenceservice-config -n ${ns} helm.sh/resource-policy-`,
      ...c.commands.adopt,
      install!,
    );
  } else if (releasesGie(ctx)) {
    why.push(
      `From 0.19 the chart leaves the inference extension CRDs alone (kserve.llmisvc.createGIECRDs: false, kserve#5543); its release adopted them before, and Helm deletes what a release stops rendering, and every InferencePool with it: they are kept, then handed back to kubectl (their Helm labels come off).`,
    );
    commands.push(
      `kubectl annotate ${gie} helm.sh/resource-policy=keep --overwrite`,
      install!.replace(/^helm install /, 'helm upgrade '),
      `kubectl annotate ${gie} helm.sh/resource-policy- meta.helm.sh/release-name- meta.helm.sh/release-namespace-`,
      `kubectl label ${gie} app.kubernetes.io/managed-by-`,
    );
  } else {
    commands.push(install!.replace(/^helm install /, 'helm upgrade '));
  }
  why.push('The Certificate, restart and endpoint waits are INSTALL.md\'s: the presets of the next step pass the new webhook.');
  return [
    step({
      id: 'llm-controller',
      layer: 'llm',
      title: `LLMInferenceService controller ${ctx.to.resolved.release.version} (${to.resourcesChart.name} chart)`,
      why,
      commands: [...commands, ...waits],
      check: [jsonpath(`deployment ${to.objects.deployment} -n ${ns}`, '{.spec.template.spec.containers[0].image}')],
      expect: `the image ends in \`:v${ctx.to.resolved.release.version}\`${ctx.to.resolved.offline ? ' (or its digest)' : ''}.`,
      ...(renames(ctx)
        ? { rollbackNote: 'An uninstalled release cannot be rolled back: reinstall the old folder\'s LLMInferenceService controller step to go back.' }
        : { rollback: [`helm rollback ${to.resourcesChart.release} -n ${ns}`, `kubectl rollout status deployment/${to.objects.deployment} -n ${ns} --timeout=300s`] }),
    }),
  ];
};
