/** cert-manager, Istio, the Gateway API CRDs and Kong: each one minor line at a time where its project says so. */
import {
  CERT_MANAGER_LINES,
  CERT_MANAGER_UPGRADE_RANGES,
  GATEWAY_API_UPGRADE_RANGES,
  ISTIO_LINES,
  ISTIO_UPGRADE_RANGES,
  satisfies,
} from '../../catalog/index.js';
import { certManagerPull, certManagerSets, certManagerUrl, envoyGatewayPull, gatewayApiUrl, istioPull } from '../../plan/charts.js';
import type { StepBuilder, UpgradeStep } from '../types.js';
import { jsonpath, step, usesIstio } from './common.js';
import { extraImages, offlineAt, versionPath } from './versions.js';

/** `rollout status` waits for the new pods; `wait --for=condition=Available` would pass on the old ones. */
const CM_WAIT = ['cert-manager', 'cert-manager-cainjector', 'cert-manager-webhook'].map((d) => `kubectl rollout status deployment/${d} -n cert-manager --timeout=300s`);

export const certManagerSteps: StepBuilder = (ctx) => {
  const from = ctx.from.resolved.release.tested.certManager;
  const path = versionPath(from, ctx.to.resolved.release.tested.certManager, CERT_MANAGER_LINES);
  return path.map((v, i) => {
    const prev = i === 0 ? from : path[i - 1]!;
    const offline = offlineAt(ctx, { certManager: v });
    const commands: string[] = [];
    const why = [
      `cert-manager upgrades one minor version at a time, to the newest patch of each (cert-manager.io/docs/installation/upgrade): v${prev} to v${v}.`,
    ];
    if (!satisfies(prev, CERT_MANAGER_UPGRADE_RANGES.removedLegacyApis) && satisfies(v, CERT_MANAGER_UPGRADE_RANGES.removedLegacyApis)) {
      commands.push('cmctl upgrade migrate-api-version');
      why.push('cert-manager 1.7 removed its v1alpha2/v1alpha3/v1beta1 APIs: `cmctl upgrade migrate-api-version` (cmctl 1.7 or newer) first moves every stored resource to v1 (cert-manager.io docs upgrading-1.6-1.7).');
    }
    if (offline) {
      ctx.extraPulls.push(certManagerPull(v));
      for (const line of extraImages(ctx, offline)) ctx.extraImages.add(line);
      commands.push(`helm upgrade cert-manager charts/cert-manager-v${v}.tgz -n cert-manager ${certManagerSets(v, offline)}`);
    } else {
      commands.push(`kubectl apply -f ${certManagerUrl(v)}`);
    }
    commands.push(...CM_WAIT);
    return step({
      id: `cert-manager-${v}`,
      layer: 'cert-manager',
      title: `cert-manager v${v}`,
      why,
      commands,
      check: [jsonpath('deployment cert-manager -n cert-manager', '{.spec.template.spec.containers[0].image}')],
      expect: `the image ends in \`:v${v}\`.`,
      rollback: offline ? ['helm rollback cert-manager -n cert-manager', ...CM_WAIT] : [`kubectl apply -f ${certManagerUrl(prev)}`, ...CM_WAIT],
      rollbackNote: 'cert-manager does not test downgrades; if certificates misbehave afterwards, re-apply `backup/cert-manager.yaml`.',
    });
  });
};

export const istioSteps: StepBuilder = (ctx) => {
  if (!usesIstio(ctx.from) || !usesIstio(ctx.to)) return [];
  const from = ctx.from.resolved.istio.version;
  const path = versionPath(from, ctx.to.resolved.istio.version, ISTIO_LINES);
  return path.map((v, i) => istioStep(ctx, i === 0 ? from : path[i - 1]!, v));
};

function istioStep(ctx: Parameters<StepBuilder>[0], prev: string, v: string): UpgradeStep {
  const offline = offlineAt(ctx, { istio: v });
  const chart = (name: string) => (offline ? `charts/${name}-${v}.tgz` : `istio/${name} --version ${v}`);
  if (offline) {
    for (const c of ['base', 'istiod', 'gateway']) ctx.extraPulls.push(istioPull(c, v));
    for (const line of extraImages(ctx, offline)) ctx.extraImages.add(line);
  }
  const adopt = !satisfies(prev, ISTIO_UPGRADE_RANGES.crdsInBaseTemplates) && satisfies(v, ISTIO_UPGRADE_RANGES.crdsInBaseTemplates);
  const commands = offline ? [] : ['helm repo update istio'];
  const why = [`Istio's in-place upgrades go one minor version at a time (istio.io docs/setup/upgrade/in-place: "no more than one minor version less than the upgrade version"): ${prev} to ${v}.`];
  if (adopt) {
    why.push(`From 1.24 the istio/base chart owns Istio's CRDs, which a 1.23 or older chart installed outside its release; they are handed to the \`istio-base\` release first, or the upgrade stops with "invalid ownership metadata" (istio.io boilerplates/crd-upgrade-123.md).`);
    commands.push(
      'kubectl label crds -l chart=istio app.kubernetes.io/managed-by=Helm --overwrite',
      'kubectl annotate crds -l chart=istio meta.helm.sh/release-name=istio-base meta.helm.sh/release-namespace=istio-system --overwrite',
    );
  } else if (!satisfies(v, ISTIO_UPGRADE_RANGES.crdsInBaseTemplates)) {
    why.push(`Up to 1.23 the istio/base chart keeps its CRDs in crds/, which \`helm upgrade\` never touches: they are applied from the chart first.`);
    commands.push(`helm show crds ${chart('base')} | kubectl apply --server-side --force-conflicts -f -`);
  }
  const gw = ctx.to.plan.context.istioGatewayChart;
  commands.push(
    `helm upgrade istio-base ${chart('base')} -n istio-system`,
    `helm upgrade istiod ${chart('istiod')} -n istio-system${offline ? ` ${offline.istioSets}` : ''} --wait`,
    `helm upgrade istio-ingressgateway ${chart('gateway')} -n istio-system`,
    'kubectl rollout status deployment/istio-ingressgateway -n istio-system --timeout=300s',
  );
  const rollback = ['helm rollback istio-ingressgateway -n istio-system', 'helm rollback istiod -n istio-system --wait'];
  if (gw) {
    commands.push(`helm upgrade ${gw.release} ${chart('gateway')} -n ${gw.namespace} -f ${gw.path}`, `kubectl rollout status deployment/${gw.release} -n ${gw.namespace} --timeout=300s`);
    rollback.unshift(`helm rollback ${gw.release} -n ${gw.namespace}`);
  }
  // Rolling istio-base back across 1.24 would drop the CRDs from the release, and Helm would delete them with every Gateway.
  if (adopt) rollback.push('kubectl annotate crds -l chart=istio helm.sh/resource-policy=keep --overwrite');
  rollback.push('helm rollback istio-base -n istio-system');
  return step({
    id: `istio-${v}`,
    layer: 'istio',
    title: `Istio ${v}`,
    why,
    commands,
    check: [jsonpath('deployment istiod -n istio-system', '{.spec.template.spec.containers[0].image}'), 'kubectl get pods -n istio-system'],
    expect: `the istiod image ends in \`:${v}\` and every pod is Running.`,
    rollback,
    rollbackNote: 'Istio supports an in-place downgrade by one minor version (istio.io docs/setup/upgrade/in-place, "Downgrade prerequisites").',
  });
}

/** Gateway API CRDs (where the folder installs them), before the provider: its controller only watches kinds that exist when it starts. */
export const gatewayApiSteps: StepBuilder = (ctx) => {
  const to = ctx.to.resolved.gatewayApi;
  if (!to?.installCrds) return [];
  const from = ctx.from.resolved.gatewayApi?.installCrds ? ctx.from.resolved.gatewayApi.crdVersion : null;
  const v = to.crdVersion;
  if (from === v) return [];
  const ref = ctx.to.plan.context.refs.gatewayApi!;
  if (ctx.to.resolved.offline) ctx.extraPulls.push(`curl -fsSL -o ${ref} ${gatewayApiUrl(v)}`);
  const rollback = from
    ? [
        ...(satisfies(v, GATEWAY_API_UPGRADE_RANGES.safeUpgradesPolicy) ? ['kubectl delete validatingadmissionpolicybinding,validatingadmissionpolicy safe-upgrades.gateway.networking.k8s.io'] : []),
        `kubectl apply --server-side --force-conflicts -f ${gatewayApiUrl(from)}`,
      ]
    : [];
  return [
    step({
      id: `gateway-api-${v}`,
      layer: 'gateway-api',
      title: `Gateway API CRDs v${v} (standard channel)`,
      why: [
        from
          ? `KServe ${ctx.to.resolved.release.minor} was tested with Gateway API v${v}; the standard channel applies over v${from} (kubernetes-sigs/gateway-api publishes no one-minor rule).`
          : `KServe ${ctx.to.resolved.release.version} routes ${to.providerName} through the Gateway API (HTTPRoutes) instead of Ingress objects; the CRDs come first, since ${to.providerName}'s controller only watches kinds that exist when it starts.`,
      ],
      commands: [
        `kubectl apply --server-side -f ${ref}`,
        'kubectl wait --for=condition=Established crd/gateways.gateway.networking.k8s.io crd/httproutes.gateway.networking.k8s.io --timeout=60s',
      ],
      check: [jsonpath('crd gateways.gateway.networking.k8s.io', '{.metadata.annotations.gateway\\.networking\\.k8s\\.io/bundle-version}')],
      expect: `\`v${v}\`.`,
      rollback,
      rollbackNote: from
        ? satisfies(v, GATEWAY_API_UPGRADE_RANGES.safeUpgradesPolicy)
          ? 'From v1.5 the safe-upgrades ValidatingAdmissionPolicy refuses downgrades, so it is deleted first (gateway-api CHANGELOG/1.5).'
          : undefined
        : 'Leave the CRDs in place: deleting them deletes every Gateway and HTTPRoute.',
    }),
  ];
};

/** Kong's chart is the same release in every version; only its values change (the Gateway API controller name). */
export const kongSteps: StepBuilder = (ctx) => {
  const chart = ctx.to.plan.context.kongChart;
  if (!chart || !ctx.from.resolved.kong) return [];
  const before = ctx.from.files.find((f) => f.path === chart.path)?.content;
  const after = ctx.to.files.find((f) => f.path === chart.path)?.content;
  const newCrds = ctx.to.resolved.kong?.gatewayApi && !ctx.from.resolved.kong.gatewayApi;
  if (before === after && !newCrds) return [];
  return [
    step({
      id: 'kong',
      layer: 'kong',
      title: `Kong (kong/ingress ${chart.version}) with the new values`,
      why: [
        newCrds
          ? "Kong's controller reads the Gateway API kinds only if they existed when it started, so it restarts with values that name its GatewayClass controller."
          : `\`${chart.path}\` changed (see the values diff below).`,
      ],
      commands: [
        ...(ctx.to.resolved.offline ? [] : ['helm repo update kong']),
        `helm upgrade ${chart.release} ${ctx.to.plan.context.refs.kong!} -n ${chart.namespace} -f ${chart.path}`,
        ...(newCrds ? [`kubectl rollout restart deployment -n ${chart.namespace}`] : []),
        `kubectl rollout status deployment/${chart.release}-controller -n ${chart.namespace} --timeout=300s`,
        `kubectl rollout status deployment/${chart.release}-gateway -n ${chart.namespace} --timeout=300s`,
      ],
      check: [`kubectl get pods -n ${chart.namespace}`],
      expect: 'every pod is Running.',
      rollback: [`helm rollback ${chart.release} -n ${chart.namespace}`],
    }),
  ];
};

/**
 * Envoy Gateway, the way INSTALL.md installs it: its own CRDs applied server-side from the unpacked chart
 * of the new version, then the chart with --skip-crds (Helm 4 would otherwise apply the bundled,
 * experimental Gateway API CRDs over the standard ones: kserve/kserve#5633).
 */
export const envoyGatewaySteps: StepBuilder = (ctx) => {
  const eg = ctx.to.resolved.gatewayApi?.envoy;
  const chart = ctx.to.plan.context.envoyGatewayChart;
  if (!eg || !chart) return [];
  const from = ctx.from.resolved.gatewayApi?.envoy;
  const before = ctx.from.files.find((f) => f.path === chart.path)?.content;
  const after = ctx.to.files.find((f) => f.path === chart.path)?.content;
  if (from?.version === eg.version && before === after) return [];
  const pull = envoyGatewayPull(eg);
  if (ctx.to.resolved.offline) ctx.extraPulls.push(pull);
  return [
    step({
      id: `envoy-gateway-${eg.version}`,
      layer: 'envoy-gateway',
      title: `Envoy Gateway ${eg.chartVersion}`,
      why: [
        from && from.version !== eg.version
          ? `KServe ${ctx.to.resolved.release.minor} pins Envoy Gateway ${eg.chartVersion} (${from.chartVersion} before); its own CRDs change with it and Helm never upgrades CRDs, so they are applied first.`
          : `\`${chart.path}\` changed (see the values diff below).`,
      ],
      commands: [
        ...(ctx.to.resolved.offline ? [] : [pull]),
        `kubectl apply --server-side --force-conflicts -f ${eg.crdDir}/`,
        `helm upgrade ${chart.release} ${chart.ref} -n ${chart.namespace} --skip-crds -f ${chart.path}`,
        `kubectl rollout status deployment/envoy-gateway -n ${chart.namespace} --timeout=300s`,
      ],
      check: [jsonpath(`deployment envoy-gateway -n ${chart.namespace}`, '{.spec.template.spec.containers[0].image}')],
      expect: `the image ends in \`:${eg.chartVersion}\`.`,
      rollback: [`helm rollback ${chart.release} -n ${chart.namespace}`],
      rollbackNote: 'The rollback restores the controller and its values; the gateway.envoyproxy.io CRDs stay at the newer version (Helm does not manage them here).',
    }),
  ];
};
