/**
 * The LLMInferenceService stack's INSTALL.md commands, in the order that works for the release
 * (gateway-and-llm-facts.md §2.6; v0.20.0 hack/setup/infra/manage.kserve-helm.sh:L315-421): pure data,
 * so the template only prints them and tests read them.
 */
import type { Resolved } from '../resolve/index.js';
import { LLM_EXAMPLE_CLAIM } from '../resolve/llm.js';
import type { ThirdPartyCharts } from './charts.js';
import { serviceAccountPatches } from './pull-secrets.js';
import type { LlmContext } from './types.js';

export function llmContext(r: Resolved, charts: ThirdPartyCharts, refs: Record<string, string>): LlmContext | null {
  const l = r.llm;
  if (!l || !charts.llmisvc) return null;
  const ns = l.namespace;
  const ie = l.inferenceExtension;
  const crdList = (names: string[]) => names.map((n) => `crd/${n}`).join(' ');
  const chart = charts.llmisvc;
  const values = chart.hasValues ? ` -f ${chart.path}` : '';
  const o = l.objects;
  const commands: LlmContext['commands'] = {
    inferenceExtension: [
      `kubectl apply --server-side -f ${refs.inferenceExtension!}`,
      `kubectl wait --for=condition=Established ${crdList(ie.crds)} --timeout=60s`,
    ],
    // KServe's own adoption (v0.20.0 manage.kserve-helm.sh:L181-206): the chart's release takes over the CRDs.
    adopt: ie.adoptInto
      ? [
          `kubectl label crd ${ie.crds.join(' ')} app.kubernetes.io/managed-by=Helm --overwrite`,
          `kubectl annotate crd ${ie.crds.join(' ')} meta.helm.sh/release-name=${ie.adoptInto} meta.helm.sh/release-namespace=${ns} --overwrite`,
        ]
      : [],
    lws: l.lws
      ? [
          `kubectl apply --server-side -f ${refs.lws!}`,
          ...(r.offline?.llm?.lws ? [`kubectl set image deployment/${l.lws.deployment} -n ${l.lws.namespace} ${l.lws.container}=${r.offline.llm.lws}`] : []),
          ...serviceAccountPatches(r).lws,
          `kubectl wait --for=condition=Available deployment/${l.lws.deployment} -n ${l.lws.namespace} --timeout=300s`,
        ]
      : [],
    aiGateway: aiGatewayCommands(r, charts, refs),
    crds: `helm install ${l.crdChart.release} ${refs[l.crdChart.name]!} -n ${ns}`,
    resources: [
      `helm install ${chart.release} ${refs[chart.name]!} -n ${ns}${values}`,
      // The Deployment can start before cert-manager issued its webhook certificate (Helm applies
      // Certificates last): wait for it, restart, and wait for the webhook's endpoints (manage.kserve-helm.sh:L374-400).
      `kubectl wait --for=condition=Ready certificate/${o.certificate} -n ${ns} --timeout=180s`,
      `kubectl rollout restart deployment/${o.deployment} -n ${ns}`,
      `kubectl rollout status deployment/${o.deployment} -n ${ns} --timeout=300s`,
      `kubectl wait --for=jsonpath='{.subsets[0].addresses}' endpoints/${o.webhookService} -n ${ns} --timeout=60s`,
    ],
    patches: l.patches.map((p) => `kubectl patch ${p.resource} ${p.name}${p.namespace ? ` -n ${p.namespace}` : ''} --type json --patch-file ${p.path}`),
  };
  return {
    ...l,
    chart,
    aiGatewayChart: charts.aiGateway,
    commands,
    llmisvcSection: l.createGieCrds === false || r.offline !== undefined,
    createGieCrdsOff: l.createGieCrds === false,
    exampleClaim: l.example.onClaim ? { ...LLM_EXAMPLE_CLAIM } : null,
    apiVersionName: l.example.apiVersion.split('/')[1]!,
  };
}

function aiGatewayCommands(r: Resolved, charts: ThirdPartyCharts, refs: Record<string, string>): string[] {
  const a = r.llm?.aiGateway;
  if (!a || !charts.aiGateway || !charts.aiGatewayCrds) return [];
  return [
    `helm install ${a.crdRelease} ${refs.aiGatewayCrds!} -n ${a.namespace} --create-namespace`,
    `helm install ${a.release} ${refs.aiGateway!} -n ${a.namespace} -f ${charts.aiGateway.path}`,
    `kubectl wait --for=condition=Available deployment/${a.controller} -n ${a.namespace} --timeout=300s`,
    ...(a.rbacUrl ? [`kubectl apply -f ${refs.aiGatewayRbac!}`] : []),
  ];
}
