/** Knative Serving: version, operator, config-istio in the format that version reads, selector overrides. */
import {
  KNATIVE_FEATURE_RANGES,
  KNATIVE_GATEWAYS,
  LOCAL_GATEWAY_PORT,
  MIN_KNATIVE,
  knativeOperatorFor,
  knativeSupported,
  knativeVersionOf,
  satisfies,
  type Release,
} from '../catalog/index.js';
import { formatGatewayList } from '../config-istio.js';
import { UserError, quote } from '../errors.js';
import type { Preset } from '../preset/schema.js';
import type { IstioSettings, KnativeSettings } from './types.js';

const DEFAULT_LOCAL_GATEWAY = KNATIVE_GATEWAYS.local.ref;

export function resolveKnative(preset: Preset, release: Release, istio: IstioSettings): KnativeSettings {
  const requested = preset.knative.version.replace(/^v/, '');
  // The schema admits X.Y or X.Y.Z without leading zeros; X.Y means X.Y.0.
  const version = requested === '' ? release.tested.knativeServing : knativeVersionOf(requested);
  if (!knativeSupported(version)) {
    throw new UserError(
      'knative.version',
      `Knative Serving ${quote(requested)} is older than this tool supports`,
      `use ${MIN_KNATIVE} or newer, or leave it empty for ${release.tested.knativeServing} (tested with KServe ${release.minor})`,
    );
  }
  // Another Serving version runs under the newest operator release of its line, which bundles it
  // (catalog/upgrade-paths.ts); an operator release of the same number need not exist (1.19.8).
  const operatorVersion = version === release.tested.knativeServing ? release.tested.knativeOperator : knativeOperatorFor(version);
  const install = preset.knative.install;

  const { configIstio, configIstioFormat } = configIstioOf(istio, version, operatorVersion, install);
  const operatorIngressIstio = operatorIngressIstioOf(istio, install);

  return {
    version,
    operatorVersion,
    install,
    namespace: 'knative-serving',
    configIstio,
    configIstioFormat,
    configDomain: { [preset.ingress.domain]: '' },
    operatorIngressIstio,
    configDeployment: {},
    configDeploymentReason: '',
    operatorRegistry: null,
    crName: 'knative-serving',
  };
}

/** config-istio's gateway keys: the list format where Knative reads it, the legacy keys otherwise. */
function configIstioOf(
  istio: IstioSettings,
  version: string,
  operatorVersion: string,
  install: KnativeSettings['install'],
): Pick<KnativeSettings, 'configIstio' | 'configIstioFormat'> {
  if (!istio.customLocal && !istio.customIngress) return { configIstio: {}, configIstioFormat: 'none' };
  const lists = satisfies(version, KNATIVE_FEATURE_RANGES.istioGatewayLists);
  // Operator >= 1.21 moves the knative-local-gateway Service into the namespace of a list entry named
  // knative-local-gateway; when that is not the Service's namespace, the legacy keys avoid the move.
  const operatorTrap =
    install === 'operator' &&
    satisfies(operatorVersion, KNATIVE_FEATURE_RANGES.operatorMovesLocalGatewayService) &&
    istio.localGateway.name === KNATIVE_GATEWAYS.local.name &&
    istio.localGateway.namespace !== istio.localService.namespace;
  if (lists && !operatorTrap) {
    return {
      configIstioFormat: 'lists',
      configIstio: {
        'external-gateways': formatGatewayList(istio.ingressGateway, istio.ingressService.host),
        'local-gateways': formatGatewayList(istio.localGateway, istio.localService.host),
      },
    };
  }
  return {
    configIstioFormat: 'legacy',
    configIstio: {
      [`gateway.${istio.ingressGateway.namespace}.${istio.ingressGateway.name}`]: istio.ingressService.host,
      [`local-gateway.${istio.localGateway.namespace}.${istio.localGateway.name}`]: istio.localService.host,
    },
  };
}

/** The KnativeServing CR's spec.ingress.istio. */
function operatorIngressIstioOf(istio: IstioSettings, install: KnativeSettings['install']): Record<string, unknown> {
  // The operator rewrites the selector of the Gateways and the local Service it ships, so they pick
  // the same pods as the gateways named above.
  const operatorIngressIstio: Record<string, unknown> = { enabled: true };
  if (istio.customIngress) operatorIngressIstio[KNATIVE_GATEWAYS.ingress.name] = { selector: istio.ingressSelector };
  if (istio.customLocal) {
    const local: Record<string, unknown> = { selector: istio.localSelector };
    // When KServe uses the operator's own knative-local-gateway, its `servers` override (which
    // replaces the Gateway's servers) is how the serving namespaces become its hosts; otherwise
    // they would be ignored. Same port as net-istio ships (8081, HTTP).
    if (install === 'operator' && istio.servingNamespaces.length > 0 && istio.localGateway.ref === DEFAULT_LOCAL_GATEWAY) {
      local.servers = [{ port: { number: LOCAL_GATEWAY_PORT, name: 'http', protocol: 'HTTP' }, hosts: istio.localHosts }];
    }
    operatorIngressIstio[KNATIVE_GATEWAYS.local.name] = local;
  }
  return operatorIngressIstio;
}
