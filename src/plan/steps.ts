/** INSTALL.md's step numbers: steps appear only when they apply, and the ones after them shift. */
import type { Resolved } from '../resolve/index.js';
import type { ThirdPartyCharts } from './charts.js';
import { mirrorNeedsLogin } from './pull-secrets.js';

export function installSteps(r: Resolved, charts: ThirdPartyCharts, hasDeployPatch: boolean): Record<string, number> {
  const llm = r.llm;
  // 0.16: the llmisvc chart installs before the kserve chart, which takes over inferenceservice-config.
  const charts016 = llm?.controllerFirst === true;
  const applies: [string, boolean][] = [
    ['mirror', r.offline !== undefined],
    ['pullSecrets', mirrorNeedsLogin(r)],
    ['certManager', true],
    // Before any provider: Kong and Envoy Gateway only watch the Gateway API kinds that exist when they start.
    ['gatewayApiCrds', r.gatewayApi !== undefined],
    // Before the provider and the llmisvc controller, which watch InferencePools only if the CRDs exist at start-up.
    ['inferenceExtension', llm !== undefined],
    ['lws', llm?.lws != null],
    ['istio', r.usesIstio],
    ['kong', r.kong !== undefined],
    ['envoyGateway', charts.envoyGateway !== null],
    ['aiGateway', charts.aiGateway !== null],
    ['localGateway', charts.istioGateway !== null],
    ['knative', r.knative !== undefined],
    ['manifests', true],
    ['crds', r.predictive],
    ['llmCrds', llm !== undefined],
    ['llmisvc', charts016],
    ['kserve', r.predictive],
    ['llmFixes', charts016],
    ['llmisvcAfter', llm !== undefined && !charts016],
    ['runtimes', r.release.features.splitCharts],
    ['imagePatches', (r.offline?.patches.length ?? 0) > 0],
    ['storage', r.storage.storageConfig !== null],
    ['rollout', hasDeployPatch],
  ];
  const steps: Record<string, number> = {};
  for (const [name] of applies.filter(([, on]) => on)) steps[name] = Object.keys(steps).length + 1;
  // One name for the llmisvc controller's step, wherever it falls.
  if (steps.llmisvcAfter !== undefined) steps.llmisvc = steps.llmisvcAfter;
  return steps;
}
