/**
 * Where INSTALL.md gets every chart and release file: the third-party charts this tool writes
 * values for, and each reference as INSTALL.md spells it (online: the registries; offline: the
 * copies in charts/ that the mirror step fetches on a connected machine).
 */
import { CERT_MANAGER_FEATURE_RANGES, satisfies } from '../catalog/index.js';
import { AI_GATEWAY } from '../catalog/llm.js';
import type { Resolved } from '../resolve/index.js';
import type { ChartWithValues } from './types.js';

export interface ThirdPartyCharts {
  /** istio/gateway for a local gateway Service net-istio does not ship. */
  istioGateway: ChartWithValues | null;
  kong: ChartWithValues | null;
  /** Envoy Gateway's gateway-helm, installed from the folder `helm pull --untar` makes (its CRDs are applied apart). */
  envoyGateway: ChartWithValues | null;
  /** The Knative Operator's chart, with values only offline (its images from the mirror). */
  knativeOperator: ChartWithValues | null;
  /** The llmisvc resources chart; hasValues false where nothing differs from its defaults (0.16 online). */
  llmisvc: ChartWithValues | null;
  /** Envoy AI Gateway's chart (values) and its CRD chart (none). */
  aiGateway: ChartWithValues | null;
  aiGatewayCrds: ChartWithValues | null;
}

/**
 * Istio's own ingress gateway release (istio/gateway) serves Knative and Ingress objects. With the
 * Gateway API istiod deploys each Gateway's proxy itself, so there is none (Knative mode keeps it
 * when the Gateway API carries only LLM routes).
 */
export function istioIngressGateway(r: Resolved): boolean {
  return r.usesIstio && r.predictive && r.gatewayApi?.routesIsvc !== true;
}

export function thirdPartyCharts(r: Resolved): ThirdPartyCharts {
  const knativeMode = r.knative !== undefined;
  const svc = r.istio.localService;
  const operator = r.offline?.knative && r.knative?.install === 'operator' ? r.knative.operatorVersion : undefined;
  return {
    istioGateway:
      knativeMode && r.istio.writeLocalGatewayChart
        ? { name: 'gateway', release: svc.name, ref: 'istio/gateway', version: r.istio.version, hasValues: true, path: 'helm/istio-gateway.values.yaml', namespace: svc.namespace }
        : null,
    kong: r.kong
      ? { name: 'ingress', release: r.kong.release, ref: 'kong/ingress', version: r.kong.chartVersion, hasValues: true, path: 'helm/kong.values.yaml', namespace: r.kong.namespace }
      : null,
    envoyGateway: r.gatewayApi?.envoy
      ? {
          name: 'gateway-helm',
          release: r.gatewayApi.envoy.release,
          ref: r.gatewayApi.envoy.chartDir,
          version: r.gatewayApi.envoy.chartVersion,
          hasValues: true,
          path: 'helm/envoy-gateway.values.yaml',
          namespace: r.gatewayApi.envoy.namespace,
        }
      : null,
    knativeOperator: operator
      ? {
          name: 'knative-operator',
          release: 'knative-operator',
          ref: knativeOperatorUrl(operator),
          version: '',
          hasValues: true,
          path: 'helm/knative-operator.values.yaml',
          namespace: 'knative-operator',
        }
      : null,
    ...llmCharts(r),
  };
}

function llmCharts(r: Resolved): Pick<ThirdPartyCharts, 'llmisvc' | 'aiGateway' | 'aiGatewayCrds'> {
  const l = r.llm;
  if (!l) return { llmisvc: null, aiGateway: null, aiGatewayCrds: null };
  const c = l.resourcesChart;
  // Online, 0.16's chart takes its defaults: the kserve chart owns the shared ConfigMap and nothing else differs.
  const hasValues = l.createSharedResources !== null || r.offline !== undefined;
  const a = l.aiGateway;
  return {
    llmisvc: { ...c, hasValues, path: `helm/${c.name}.values.yaml`, namespace: l.namespace },
    aiGateway: a ? { name: AI_GATEWAY.chartName, release: a.release, ref: a.chart, version: a.chartVersion, hasValues: true, path: 'helm/ai-gateway.values.yaml', namespace: a.namespace } : null,
    aiGatewayCrds: a ? { name: AI_GATEWAY.crdChartName, release: a.crdRelease, ref: a.crdChart, version: a.chartVersion, hasValues: false, path: '', namespace: a.namespace } : null,
  };
}

/**
 * Chart and release-file references for INSTALL.md. Online they point at the registries; offline at
 * copies in charts/, which the mirror step fetches on a connected machine (helm pull, curl).
 */
export function installRefs(r: Resolved): { refs: Record<string, string>; pullCommands: string[] } {
  const refs: Record<string, string> = {};
  const pulls: string[] = [];
  const offline = r.offline !== undefined;
  const t = r.release.tested;
  const add: AddRef = (name, online, file, pull) => {
    refs[name] = offline ? `charts/${file}` : online;
    pulls.push(pull);
  };
  add('certManager', certManagerUrl(t.certManager), `cert-manager-v${t.certManager}.tgz`, certManagerPull(t.certManager));
  if (r.usesIstio) {
    for (const chart of istioIngressGateway(r) ? ['base', 'istiod', 'gateway'] : ['base', 'istiod']) {
      add(`istio-${chart}`, `istio/${chart} --version ${t.istio}`, `${chart}-${t.istio}.tgz`, istioPull(chart, t.istio));
    }
  }
  if (r.gatewayApi?.installCrds) {
    const v = r.gatewayApi.crdVersion;
    const url = gatewayApiUrl(v);
    add('gatewayApi', url, `gateway-api-v${v}-standard-install.yaml`, `curl -fsSL -o charts/gateway-api-v${v}-standard-install.yaml ${url}`);
  }
  if (r.kong) {
    add('kong', `kong/ingress --version ${r.kong.chartVersion}`, `ingress-${r.kong.chartVersion}.tgz`,
      `helm pull ingress --repo https://charts.konghq.com --version ${r.kong.chartVersion} -d charts/`);
  }
  if (r.gatewayApi?.envoy) {
    // Online the Envoy Gateway step runs the same pull: its CRDs are applied from the unpacked chart.
    const eg = r.gatewayApi.envoy;
    refs.envoyGateway = eg.chartDir;
    pulls.push(envoyGatewayPull(eg));
  }
  if (r.knative?.install === 'operator') {
    const v = r.knative.operatorVersion;
    const url = knativeOperatorUrl(v);
    add('knativeOperator', url, `knative-operator-v${v}.tgz`, `curl -fsSL -o charts/knative-operator-v${v}.tgz ${url}`);
  }
  if (r.llm) addLlmRefs(r.llm, r.release.version, add);
  const kserveCharts = [...(r.predictive ? r.release.charts : r.release.charts.filter((c) => c.name === 'kserve-runtime-configs'))];
  if (r.llm) kserveCharts.push({ ...r.llm.crdChart, hasValues: false }, { ...r.llm.resourcesChart, hasValues: true });
  for (const chart of kserveCharts) {
    const file = chart.version ? `${chart.name}-${chart.version}.tgz` : chart.ref.split('/').pop()!;
    const online = chart.version ? `${chart.ref} --version ${chart.version}` : chart.ref;
    const pull = chart.version ? `helm pull ${chart.ref} --version ${chart.version} -d charts/` : `curl -fsSL -o charts/${file} ${chart.ref}`;
    add(chart.name, online, file, pull);
  }
  return { refs, pullCommands: offline ? ['mkdir -p charts', ...pulls] : [] };
}

/** Adds a reference: its name in refs, the online ref (with any --version flag), the local file, how to fetch it. */
type AddRef = (name: string, online: string, file: string, pull: string) => void;

/** The LLM stack's references: the inference-extension CRDs, LWS, the Envoy AI Gateway charts. */
function addLlmRefs(llm: NonNullable<Resolved['llm']>, kserveVersion: string, add: AddRef): void {
  const ie = llm.inferenceExtension;
  const ieFile = `inference-extension-${llm.presetsInRuntimeConfigs ? `kserve-v${kserveVersion}` : `v${ie.version}`}.yaml`;
  add('inferenceExtension', ie.url, ieFile, `curl -fsSL -o charts/${ieFile} ${ie.url}`);
  if (llm.lws) add('lws', llm.lws.url, `lws-v${llm.lws.version}-manifests.yaml`, `curl -fsSL -o charts/lws-v${llm.lws.version}-manifests.yaml ${llm.lws.url}`);
  if (llm.aiGateway) {
    const a = llm.aiGateway;
    for (const [name, ref, chart] of [['aiGatewayCrds', a.crdChart, AI_GATEWAY.crdChartName], ['aiGateway', a.chart, AI_GATEWAY.chartName]] as const) {
      add(name, `${ref} --version ${a.chartVersion}`, `${chart}-${a.chartVersion}.tgz`, `helm pull ${ref} --version ${a.chartVersion} -d charts/`);
    }
    if (a.rbacUrl) add('aiGatewayRbac', a.rbacUrl, `ai-gateway-${a.chartVersion}-rbac.yaml`, `curl -fsSL -o charts/ai-gateway-${a.chartVersion}-rbac.yaml ${a.rbacUrl}`);
  }
}

/**
 * cert-manager, the first install step. Offline it comes from its chart with its CRDs and the
 * mirrored images (`--set` flags); online from its release manifest.
 */
export function certManagerCommands(r: Resolved, ref: string): string[] {
  const wait = 'kubectl wait --for=condition=Available deployment --all -n cert-manager --timeout=300s';
  if (!r.offline) return [`kubectl apply -f ${ref}`, wait];
  return [`helm install cert-manager ${ref} -n cert-manager --create-namespace ${certManagerSets(r.release.tested.certManager, r.offline)}`, wait];
}

/** cert-manager's chart flags offline: its CRDs (the value's name changed in 1.15) and the mirrored images. */
export function certManagerSets(version: string, offline: NonNullable<Resolved['offline']>): string {
  const crds = satisfies(version, CERT_MANAGER_FEATURE_RANGES.crdsEnabledValue) ? '--set crds.enabled=true' : '--set installCRDs=true';
  return [crds, ...offline.certManager.sets.map((s) => `--set ${s.key}=${s.value}`)].join(' ');
}

export const certManagerUrl = (v: string) => `https://github.com/cert-manager/cert-manager/releases/download/v${v}/cert-manager.yaml`;
export const certManagerPull = (v: string) => `helm pull cert-manager --repo https://charts.jetstack.io --version v${v} -d charts/`;
export const istioPull = (chart: string, v: string) => `helm pull ${chart} --repo https://istio-release.storage.googleapis.com/charts --version ${v} -d charts/`;
export const gatewayApiUrl = (v: string) => `https://github.com/kubernetes-sigs/gateway-api/releases/download/v${v}/standard-install.yaml`;
export const knativeOperatorUrl = (v: string) => `https://github.com/knative/operator/releases/download/knative-v${v}/knative-operator-v${v}.tgz`;

/** Unpacks Envoy Gateway's chart into charts/ (its gateway.envoyproxy.io CRDs are files inside it). */
export function envoyGatewayPull(eg: { chart: string; chartVersion: string }): string {
  return `helm pull ${eg.chart} --version ${eg.chartVersion} --untar --untardir charts`;
}

/**
 * cert-manager's removal, the way it was installed. Its chart (offline) keeps the CRDs from 1.15
 * (crds.keep defaults to true, cert-manager v1.17.0 deploy/charts/cert-manager/values.yaml), so they go
 * with a second command (their label app.kubernetes.io/name=cert-manager); the release manifest
 * (online) takes them along.
 */
export function certManagerUninstallCommands(r: Resolved, ref: string): string[] {
  if (!r.offline) return [`kubectl delete -f ${ref}`];
  return ['helm uninstall cert-manager -n cert-manager', "kubectl delete crd -l app.kubernetes.io/name=cert-manager"];
}

/** The mirror step's copy loop: every line of images.txt, copied with skopeo (digests kept). */
export const MIRROR_IMAGES_COMMAND = 'while read -r src dst; do skopeo copy --all --preserve-digests "docker://$src" "docker://$dst"; done < images.txt';
