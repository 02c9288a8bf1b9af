/**
 * Offline with a pull secret for the mirror: where it must exist, and the commands that create it
 * and make the workloads whose charts take no pull secret use it. A Secret nothing references pulls
 * nothing: every pod that pulls from the mirror has it in its spec or in its ServiceAccount.
 */
import { PULL_SECRET_PATCHES } from '../catalog/images.js';
import type { Resolved } from '../resolve/index.js';
import type { ThirdPartyCharts } from './charts.js';

/** The strategic-merge patch that gives a ServiceAccount the pull secrets (no shell quoting needed). */
export const PULL_SECRETS_PATCH = 'patches/pull-secrets.yaml';

/** Every namespace whose pods pull from the mirror, in install order. */
export function pullSecretNamespaces(r: Resolved, charts: ThirdPartyCharts): string[] {
  const ns = ['cert-manager'];
  if (r.usesIstio || r.gatewayApi?.provider === 'istio') ns.push('istio-system');
  if (charts.istioGateway) ns.push(charts.istioGateway.namespace);
  if (r.gatewayApi?.provider === 'istio') ns.push(r.gatewayApi.gateway.namespace); // istiod provisions the Gateway's proxy there
  if (charts.envoyGateway) ns.push(charts.envoyGateway.namespace);
  if (charts.aiGateway) ns.push(charts.aiGateway.namespace);
  if (r.llm?.lws) ns.push(r.llm.lws.namespace);
  if (charts.kong) ns.push(charts.kong.namespace);
  if (r.knative) ns.push(...(r.knative.install === 'operator' ? [PULL_SECRET_PATCHES.knativeOperator.namespace] : []), r.knative.namespace);
  ns.push(r.preset.kserve.namespace, ...inferenceServiceNamespaces(r));
  return [...new Set(ns)];
}

/** The namespaces this folder knows InferenceServices (and the example LLMInferenceService) run in. */
export function inferenceServiceNamespaces(r: Resolved): string[] {
  return [...new Set([r.testNamespace, ...(r.storage.storageConfig?.namespaces ?? []), ...r.istio.servingNamespaces])];
}

/**
 * Creates each namespace (if missing) and the pull secret in it, from credentials read once. Where
 * the serving runtimes carry no pull secret of their own (before 0.14, and ModelMesh's), the
 * InferenceService pods pull with their namespace's default ServiceAccount, which gets it too.
 */
export function pullSecretCommands(r: Resolved, namespaces: string[], inferenceNamespaces: string[]): string[] {
  const o = r.offline!;
  const create = o.pullSecrets.map(
    (name) =>
      `  kubectl create secret docker-registry ${name} -n "$ns" --docker-server=${o.host} --docker-username="$MIRROR_USER" --docker-password="$MIRROR_PASSWORD" --dry-run=client -o yaml | kubectl apply -f -`,
  );
  // LLMInferenceService pods run with ServiceAccounts the controller creates, which copy the default
  // one's pull secrets from 0.18 (v0.18.1 pkg/controller/v1alpha2/llmisvc/workload.go
  // injectSecretsFromDefaultServiceAccount, scheduler.go): the default one gets them there too.
  const defaultAccounts = !r.release.features.runtimeImagePullSecrets || r.mode === 'modelmesh' || r.llm !== undefined;
  return [
    "read -r -p 'Mirror user: ' MIRROR_USER; read -r -s -p 'Mirror password: ' MIRROR_PASSWORD; echo",
    `for ns in ${namespaces.join(' ')}; do`,
    '  kubectl create namespace "$ns" --dry-run=client -o yaml | kubectl apply -f -',
    ...create,
    'done',
    ...(defaultAccounts ? [`for ns in ${inferenceNamespaces.join(' ')}; do kubectl patch serviceaccount default -n "$ns" --patch-file ${PULL_SECRETS_PATCH}; done`] : []),
  ];
}

/** The ServiceAccounts of a chart without a pull-secret value get the secrets, and its pods restart to pull again. */
function serviceAccountPatch(namespace: string, patch: { serviceAccounts: readonly string[]; deployments: readonly string[] }): string[] {
  return [
    ...patch.serviceAccounts.map((sa) => `kubectl patch serviceaccount ${sa} -n ${namespace} --patch-file ${PULL_SECRETS_PATCH}`),
    `kubectl rollout restart ${patch.deployments.map((d) => `deployment/${d}`).join(' ')} -n ${namespace}`,
  ];
}

/** Offline with pull secrets: the mirror needs a login, so namespaces get the secret and ServiceAccounts the patch. */
export function mirrorNeedsLogin(r: Resolved): boolean {
  return (r.offline?.pullSecrets.length ?? 0) > 0;
}

/** The patch commands per install step (empty when nothing needs one). */
export function serviceAccountPatches(r: Resolved): { knativeOperator: string[]; kserve: string[]; lws: string[] } {
  if (!mirrorNeedsLogin(r)) return { knativeOperator: [], kserve: [], lws: [] };
  const kserveNs = r.preset.kserve.namespace;
  return {
    knativeOperator:
      r.knative?.install === 'operator' ? serviceAccountPatch(PULL_SECRET_PATCHES.knativeOperator.namespace, PULL_SECRET_PATCHES.knativeOperator) : [],
    kserve: [
      ...(r.release.features.controllerImagePullSecrets ? [] : serviceAccountPatch(kserveNs, PULL_SECRET_PATCHES.kserveController)),
      ...(r.mode === 'modelmesh' ? serviceAccountPatch(kserveNs, PULL_SECRET_PATCHES.modelmeshController) : []),
    ],
    // LeaderWorkerSet's release manifest has no pull-secret value.
    lws: r.llm?.lws ? serviceAccountPatch(r.llm.lws.namespace, PULL_SECRET_PATCHES.lwsController) : [],
  };
}
