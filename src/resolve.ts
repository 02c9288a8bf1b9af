/**
 * Answers + catalog -> resolved settings.
 *
 * This is the one place where names are derived: every template reads gateway names, services,
 * selectors and mode spellings from here and nowhere else, which is what keeps KServe's
 * inferenceservice-config, Knative's config-istio and the Istio/Gateway API objects in agreement.
 * It also rejects impossible combinations (exit 2) before anything is rendered.
 */
import { yamlWord } from './render/yaml-helpers.js';
import { UserError, quote } from './errors.js';
import type { Preset } from './preset/schema.js';
import { resolveOffline, type KnativeRegistry, type OfflineSettings } from './offline.js';
import type { ExternalInputs } from './preset/files.js';
import {
  ISTIO_GATEWAY_SCHEMA_REJECTED,
  ISTIO_V1_API,
  KNATIVE_FEATURE_RANGES,
  MIN_KNATIVE,
  knativeSupported,
  knativeVersionOf,
  resolveRelease,
  satisfies,
  type Release,
} from './catalog/index.js';

export type Mode = 'knative' | 'standard' | 'modelmesh';

export interface GatewayRef {
  namespace: string;
  name: string;
  /** "<namespace>/<name>", the form KServe's ConfigMap uses. */
  ref: string;
}

export interface ServiceRef {
  /** The FQDN as configured. */
  host: string;
  name: string;
  namespace: string;
}

export interface KnativeSettings {
  version: string;
  /** Knative Operator release that ships this Serving version. */
  operatorVersion: string;
  install: 'operator' | 'manifests';
  namespace: 'knative-serving';
  /** config-istio in the format this Knative understands: lists (>= 1.14) or legacy keys. */
  configIstio: Record<string, string>;
  configIstioFormat: 'lists' | 'legacy' | 'none';
  /** spec.config.domain / config-domain: the user's domain, value "" (all InferenceServices). */
  configDomain: Record<string, string>;
  /** config-deployment keys this install sets (tag-resolution skip list, queue image, progress deadline). */
  configDeployment: Record<string, string>;
  /** Why config-deployment is set (a comment for the generated files), or '' when it is not. */
  configDeploymentReason: string;
  /** KnativeServing spec.registry (offline): image template, overrides and pull secrets. */
  operatorRegistry: KnativeRegistry | null;
  /** KnativeServing spec.ingress.istio: enabled, plus the operator's gateway selector overrides. */
  operatorIngressIstio: Record<string, unknown>;
  /** KnativeServing CR apiVersion/kind are fixed; kept here so templates never spell them. */
  crName: 'knative-serving';
}

export interface IstioSettings {
  version: string;
  ingressGateway: GatewayRef;
  ingressService: ServiceRef;
  localGateway: GatewayRef;
  localService: ServiceRef;
  localSelector: Record<string, string>;
  ingressSelector: Record<string, string>;
  servingNamespaces: string[];
  /** Hosts the local gateway serves: *.ns, *.ns.svc, *.ns.svc.cluster.local per serving namespace, or "*". */
  localHosts: string[];
  /** The first few hosts, and how many more, for prose (INSTALL.md) that must stay readable with 1,000 namespaces. */
  localHostsShown: string[];
  localHostsMore: number;
  /** Write an Istio Gateway object for the local / ingress gateway (a name Knative does not ship). */
  writeLocalGateway: boolean;
  writeIngressGateway: boolean;
  /** Write helm/istio-gateway.values.yaml: the local gateway Service is not one net-istio ships. */
  writeLocalGatewayChart: boolean;
  /** Anything differs from net-istio's shipped defaults: every layer must be told. */
  customIngress: boolean;
  customLocal: boolean;
  /** networking.istio.io/v1 where the tested Istio serves it, else v1beta1. */
  gatewayApiVersion: string;
  /** Its gateway chart's values schema is rejected by current Helm: install it with --skip-schema-validation. */
  gatewayChartSkipsSchema: boolean;
}

export interface KongSettings {
  /** KServe >= 0.15.0-rc0: HTTPRoutes on a Gateway API Gateway; older: Kubernetes Ingress of class kong. */
  gatewayApi: boolean;
  gateway: GatewayRef;
  gatewayClassName: string;
  controllerName: string;
  listenerName: string;
  listenerPort: number;
  /** Gateway API standard CRDs to install (the version KServe was tested with, at least v1.2). */
  gatewayApiVersion: string;
  /** The IngressClass Kong's chart creates, used by KServe's Ingress objects before 0.15. */
  ingressClass: 'kong';
  /** Where the kong/ingress chart is installed; its proxy Service is <release>-gateway-proxy. */
  namespace: 'kong';
  release: 'kong';
  chartVersion: string;
}

export interface StorageSettings {
  caBundle: {
    configMapName: string;
    pem: string;
    count: number;
    mountPath: string;
    /** Only a changed mount path is written to the values (the chart default is /etc/ssl/custom-certs). */
    customMountPath: boolean;
    /** Copy of the PEM in the output folder, which kserve-config.yaml points at. */
    outputFile: string;
  } | null;
  storageConfig: {
    secretName: string;
    customSecretName: boolean;
    namespaces: string[];
    /** stringData entries: key -> the JSON KServe (and ModelMesh) read. */
    entries: Record<string, string>;
    placeholders: boolean;
    /** Which field carries the CA for KServe in this version: ca_bundle (>= 0.12.0) or certificate. */
    caField: string | null;
  } | null;
}

export interface RolloutSettings {
  /** predictor.deploymentStrategy for RawDeployment/Standard (>= 0.13.0-rc1). */
  deploymentStrategy: Record<string, unknown> | null;
  /** inferenceservice-config data.deploy with a default rollout (>= 0.16, no chart value). */
  defaultRolloutDeployJson: string | null;
}

export interface Resolved {
  preset: Preset;
  /** The preset as written to kserve-config.yaml (file paths point into the output folder). */
  outputPreset: Preset;
  storage: StorageSettings;
  rollout: RolloutSettings;
  release: Release;
  mode: Mode;
  /** The mode as the chosen version spells it (Serverless|RawDeployment|ModelMesh or Knative|Standard|ModelMesh). */
  modeName: string;
  provider: 'istio' | 'kong';
  istio: IstioSettings;
  knative?: KnativeSettings;
  kong?: KongSettings;
  offline?: OfflineSettings;
  /** Which chart value names the storage-config secret annotation KServe honours (always emitted). */
  storageSecretNameAnnotation: string;
  warnings: string[];
}

const DEFAULT_INGRESS_GATEWAY = 'knative-serving/knative-ingress-gateway';
const DEFAULT_INGRESS_SERVICE = 'istio-ingressgateway.istio-system.svc.cluster.local';
const DEFAULT_LOCAL_GATEWAY = 'knative-serving/knative-local-gateway';
const DEFAULT_LOCAL_SERVICE = 'knative-local-gateway.istio-system.svc.cluster.local';
/** The port of net-istio's local Gateway server (its local Service sends port 80 there). */
export const LOCAL_GATEWAY_PORT = 8081;
const DEFAULT_SELECTOR = { istio: 'ingressgateway' };

export function resolve(preset: Preset, inputs: ExternalInputs = {}): Resolved {
  const release = resolveRelease(preset.kserve.version);
  const warnings: string[] = [];
  const mode = modeOf(preset.deploymentMode)!; // the schema admits only the five spellings
  const modeName =
    mode === 'knative' ? release.modeNames.knative : mode === 'standard' ? release.modeNames.standard : release.modeNames.modelMesh;

  if (mode === 'modelmesh' && !release.features.modelMesh) {
    throw new UserError(
      'deploymentMode',
      `ModelMesh is not installed by the KServe ${release.version} chart (removed in 0.15.0-rc1)`,
      'choose Serverless/Knative or RawDeployment/Standard, or pick KServe 0.15.0-rc0 or older for ModelMesh',
    );
  }
  if (preset.ingress.provider === 'kong' && mode !== 'standard') {
    throw new UserError(
      'ingress.provider',
      `kong cannot serve deploymentMode ${preset.deploymentMode}`,
      `Kong requires deploymentMode ${release.modeNames.standard}; Serverless/Knative needs Istio (set ingress.provider: istio)`,
    );
  }

  const istio = resolveIstio(preset, release);
  const kong = preset.ingress.provider === 'kong' ? resolveKong(preset, release, warnings) : undefined;
  const knative = mode === 'knative' ? resolveKnative(preset, release, istio) : undefined;
  if (mode !== 'knative' && preset.knative.version !== '') {
    warnings.push(`knative.version is ignored: deploymentMode ${preset.deploymentMode} does not use Knative`);
  }
  const offline = preset.offline.enabled
    ? resolveOffline({
        preset,
        release,
        mode,
        knative,
        kong: kong !== undefined,
        istio: preset.ingress.provider === 'istio' && mode !== 'modelmesh',
        certManagerVersion: release.tested.certManager,
      })
    : undefined;
  if (offline) {
    const unused = offline.unusedDigests;
    if (unused.length) {
      warnings.push(
        unused.length === 1
          ? `offline.imageDigests: ${quote(unused[0]!)} names no image this install pulls, so it is not used; images.txt lists every image it pulls`
          : `offline.imageDigests: ${unused.length} entries name images this install does not pull (e.g. ${quote(unused[0]!)}), so they are not used; images.txt lists every image it pulls`,
      );
    }
    for (const ref of offline.floatingTags) {
      warnings.push(`${ref} is a moving tag: pin it with offline.imageDigests so the mirror and the cluster run the same image`);
    }
    if (!knative && preset.offline.skipTagResolving.length) {
      warnings.push(`offline.skipTagResolving is not used: Knative's tag resolution only exists in Serverless/Knative mode`);
    }
  } else if (preset.offline.registry !== '' || Object.keys(preset.offline.imageDigests).length) {
    warnings.push('offline.registry and offline.imageDigests are ignored while offline.enabled is false');
  }
  if (knative) {
    if (offline?.knative) {
      knative.operatorRegistry = offline.knative.registry;
      knative.configDeployment['registries-skipping-tag-resolving'] = offline.skipTagResolving;
      knative.configDeployment['queue-sidecar-image'] = offline.knative.queueSidecarImage;
    }
    if (preset.deployment.progressDeadline) knative.configDeployment['progress-deadline'] = preset.deployment.progressDeadline;
    const reasons = [];
    if (offline) {
      reasons.push(
        'skip tag-to-digest resolution for the mirror (the controller cannot reach public registries) and name the queue-proxy image directly: the operator registry override does not rewrite queue-sidecar-image (knative/operator#2313).',
      );
    }
    if (preset.deployment.progressDeadline) reasons.push('progress-deadline bounds how long a revision may take to become ready.');
    knative.configDeploymentReason = reasons.join(' ');
  }

  const storage = resolveStorage(preset, release, inputs, istio, warnings);
  const rollout = resolveRollout(preset, release, mode, modeName, warnings);
  // Only the CA bundle path differs (it points into the output folder); the rest is shared, not
  // cloned: nothing downstream mutates a preset.
  const outputPreset: Preset = storage.caBundle
    ? { ...preset, storage: { ...preset.storage, caBundle: { ...preset.storage.caBundle, file: storage.caBundle.outputFile } } }
    : preset;

  return {
    preset,
    outputPreset,
    storage,
    rollout,
    release,
    mode,
    modeName,
    provider: preset.ingress.provider,
    istio,
    knative,
    kong,
    offline,
    storageSecretNameAnnotation: 'serving.kserve.io/secretName',
    warnings,
  };
}

/** Either spelling of a deployment mode (Serverless/Knative, RawDeployment/Standard, ModelMesh); undefined for others. */
export function modeOf(input: string): Mode | undefined {
  switch (input) {
    case 'Serverless':
    case 'Knative':
      return 'knative';
    case 'RawDeployment':
    case 'Standard':
      return 'standard';
    case 'ModelMesh':
      return 'modelmesh';
    default:
      return undefined;
  }
}

function gatewayRef(ref: string): GatewayRef {
  const [namespace, name] = ref.split('/') as [string, string];
  return { namespace, name, ref };
}

function serviceRef(host: string, where: string): ServiceRef {
  const parts = host.split('.');
  // Knative and KServe address gateway Services by FQDN: <name>.<namespace>.svc.cluster.local.
  if (parts.length < 3 || parts[2] !== 'svc') {
    throw new UserError(
      where,
      `${quote(host)} is not a Service host name`,
      'write the Service FQDN as <service>.<namespace>.svc.cluster.local',
    );
  }
  return { host, name: parts[0]!, namespace: parts[1]! };
}

function resolveIstio(preset: Preset, release: Release): IstioSettings {
  const i = preset.ingress.istio;
  const localSelector = i.localGatewaySelector;
  const same = (a: object, b: object) => JSON.stringify(a) === JSON.stringify(b);
  const customLocal =
    i.localGateway !== DEFAULT_LOCAL_GATEWAY ||
    i.localGatewayService !== DEFAULT_LOCAL_SERVICE ||
    !same(localSelector, DEFAULT_SELECTOR) ||
    i.servingNamespaces.length > 0;
  const customIngress =
    i.ingressGateway !== DEFAULT_INGRESS_GATEWAY ||
    i.ingressGatewayService !== DEFAULT_INGRESS_SERVICE ||
    !same(i.ingressGatewaySelector, DEFAULT_SELECTOR);
  for (const [key, selector] of [['localGatewaySelector', localSelector], ['ingressGatewaySelector', i.ingressGatewaySelector]] as const) {
    if (Object.keys(selector).length === 0) {
      throw new UserError(
        `ingress.istio.${key}`,
        'is empty, so the gateway would select no pods',
        'give the labels of the gateway pods, e.g. { istio: ingressgateway }',
      );
    }
  }
  const istioVersion = release.tested.istio;
  const manifestsInstall = preset.knative.install === 'manifests';
  const localService = serviceRef(i.localGatewayService, 'ingress.istio.localGatewayService');
  const localHosts = i.servingNamespaces.length ? namespaceHosts(i.servingNamespaces) : ['*'];
  return {
    version: istioVersion,
    ingressGateway: gatewayRef(i.ingressGateway),
    ingressService: serviceRef(i.ingressGatewayService, 'ingress.istio.ingressGatewayService'),
    localGateway: gatewayRef(i.localGateway),
    localService,
    localSelector,
    ingressSelector: i.ingressGatewaySelector,
    servingNamespaces: i.servingNamespaces,
    localHosts,
    localHostsShown: localHosts.slice(0, 6),
    localHostsMore: Math.max(0, localHosts.length - 6),
    customIngress,
    customLocal,
    // A Gateway Knative ships is owned by the operator (which takes selector overrides instead);
    // with release-YAML installs the tool re-applies it with the chosen selector and hosts.
    writeLocalGateway: i.localGateway !== DEFAULT_LOCAL_GATEWAY || (customLocal && manifestsInstall),
    writeIngressGateway: i.ingressGateway !== DEFAULT_INGRESS_GATEWAY || (customIngress && manifestsInstall),
    writeLocalGatewayChart: i.localGatewayService !== DEFAULT_LOCAL_SERVICE,
    gatewayApiVersion: satisfies(istioVersion, ISTIO_V1_API) ? 'networking.istio.io/v1' : 'networking.istio.io/v1beta1',
    gatewayChartSkipsSchema: satisfies(istioVersion, ISTIO_GATEWAY_SCHEMA_REJECTED),
  };
}

/**
 * The three host patterns of each namespace, in order: *.ns, *.ns.svc, *.ns.svc.cluster.local.
 * The longer two extend the first, so V8 keeps them as two-part strings sharing it: three strings
 * per namespace instead of five (template literals build theirs in steps), so fewer collections.
 */
function namespaceHosts(namespaces: string[]): string[] {
  const hosts = new Array<string>(namespaces.length * 3);
  for (let i = 0; i < namespaces.length; i++) {
    const host = '*.' + namespaces[i]!;
    hosts[3 * i] = host;
    hosts[3 * i + 1] = host + '.svc';
    hosts[3 * i + 2] = host + '.svc.cluster.local';
  }
  return hosts;
}

/** Gateway API standard CRDs from v1.2 carry HTTPRoute timeouts, which KServe >= 0.15 always sets. */
const MIN_GATEWAY_API = '1.2.1';

function resolveKong(preset: Preset, release: Release, warnings: string[]): KongSettings {
  const k = preset.ingress.kong;
  const gatewayApi = release.features.gatewayApi;
  if (!gatewayApi) {
    warnings.push(
      `KServe ${release.version} has no Gateway API support (it arrived in 0.15.0-rc0): generating Kubernetes Ingress objects of class kong instead; ingress.kong.gateway and gatewayClassName are not used`,
    );
  }
  const tested = release.tested.gatewayApi;
  return {
    gatewayApi,
    gateway: gatewayRef(k.gateway),
    gatewayClassName: k.gatewayClassName,
    controllerName: k.controllerName,
    listenerName: k.listenerName,
    listenerPort: k.listenerPort,
    gatewayApiVersion: tested && satisfies(tested, `>=${MIN_GATEWAY_API}`) ? tested : MIN_GATEWAY_API,
    ingressClass: 'kong',
    namespace: 'kong',
    release: 'kong',
    chartVersion: '0.24.0',
  };
}

function resolveKnative(preset: Preset, release: Release, istio: IstioSettings): KnativeSettings {
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
  // The operator release that ships a Serving version carries the same version number.
  const operatorVersion = version === release.tested.knativeServing ? release.tested.knativeOperator : version;
  const install = preset.knative.install;

  const lists = satisfies(version, KNATIVE_FEATURE_RANGES.istioGatewayLists);
  // Operator >= 1.21 moves the knative-local-gateway Service into the namespace of a list entry named
  // knative-local-gateway; when that is not the Service's namespace, the legacy keys avoid the move.
  const operatorTrap =
    install === 'operator' &&
    satisfies(operatorVersion, KNATIVE_FEATURE_RANGES.operatorMovesLocalGatewayService) &&
    istio.localGateway.name === 'knative-local-gateway' &&
    istio.localGateway.namespace !== istio.localService.namespace;
  let configIstio: Record<string, string> = {};
  let configIstioFormat: KnativeSettings['configIstioFormat'] = 'none';
  if (istio.customLocal || istio.customIngress) {
    if (lists && !operatorTrap) {
      configIstioFormat = 'lists';
      configIstio = {
        'external-gateways': gatewayList(istio.ingressGateway, istio.ingressService),
        'local-gateways': gatewayList(istio.localGateway, istio.localService),
      };
    } else {
      configIstioFormat = 'legacy';
      configIstio = {
        [`gateway.${istio.ingressGateway.namespace}.${istio.ingressGateway.name}`]: istio.ingressService.host,
        [`local-gateway.${istio.localGateway.namespace}.${istio.localGateway.name}`]: istio.localService.host,
      };
    }
  }

  // The operator rewrites the selector of the Gateways and the local Service it ships, so they pick
  // the same pods as the gateways named above.
  const operatorIngressIstio: Record<string, unknown> = { enabled: true };
  if (istio.customIngress) operatorIngressIstio['knative-ingress-gateway'] = { selector: istio.ingressSelector };
  if (istio.customLocal) {
    const local: Record<string, unknown> = { selector: istio.localSelector };
    // When KServe uses the operator's own knative-local-gateway, its `servers` override (which
    // replaces the Gateway's servers) is how the serving namespaces become its hosts; otherwise
    // they would be ignored. Same port as net-istio ships (8081, HTTP).
    if (install === 'operator' && istio.servingNamespaces.length > 0 && istio.localGateway.ref === DEFAULT_LOCAL_GATEWAY) {
      local.servers = [{ port: { number: LOCAL_GATEWAY_PORT, name: 'http', protocol: 'HTTP' }, hosts: istio.localHosts }];
    }
    operatorIngressIstio['knative-local-gateway'] = local;
  }

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

/**
 * One net-istio gateway list, serialised the way config-istio expects (a YAML document in a string).
 * Each value goes through yamlWord, not concatenation: a name such as "0755" or "on" must stay a
 * string when Knative reads it.
 */
function gatewayList(gateway: GatewayRef, service: ServiceRef): string {
  return `- name: ${yamlWord(gateway.name)}\n  namespace: ${yamlWord(gateway.namespace)}\n  service: ${yamlWord(service.host)}\n`;
}

/** Knative copies nothing; KServe copies the CA ConfigMap into every InferenceService namespace under this name. */
const GLOBAL_CA_BUNDLE = 'global-ca-bundle';
export const CREDENTIAL_PLACEHOLDERS = { accessKeyId: 'REPLACE_WITH_AWS_ACCESS_KEY_ID', secretAccessKey: 'REPLACE_WITH_AWS_SECRET_ACCESS_KEY' };

function resolveStorage(preset: Preset, release: Release, inputs: ExternalInputs, istio: IstioSettings, warnings: string[]): StorageSettings {
  const ca = preset.storage.caBundle;
  const sc = preset.storage.storageConfig;
  let caBundle: StorageSettings['caBundle'] = null;
  if (ca.file !== '') {
    if (!release.features.caBundleConfigMap) {
      throw new UserError(
        'storage.caBundle.file',
        `KServe ${release.version} cannot mount a CA bundle into the storage initializer (caBundleConfigMapName arrived in 0.12)`,
        'use KServe 0.12 or later, or build a storage-initializer image that trusts your CA',
      );
    }
    if (!inputs.caBundle) throw new Error('storage.caBundle.file is set but the CA bundle was not read');
    caBundle = {
      configMapName: ca.configMapName,
      pem: inputs.caBundle.pem,
      count: inputs.caBundle.count,
      mountPath: ca.mountPath,
      customMountPath: ca.mountPath !== '/etc/ssl/custom-certs',
      outputFile: 'certs/ca-bundle.pem',
    };
  }

  let storageConfig: StorageSettings['storageConfig'] = null;
  if (sc.embedCertificate && !sc.enabled) {
    warnings.push('storage.storageConfig.embedCertificate is ignored: storage.storageConfig.enabled is false');
  }
  if (sc.enabled) {
    if (sc.embedCertificate && !caBundle) {
      throw new UserError('storage.storageConfig.embedCertificate', 'is true but storage.caBundle.file is empty', 'set storage.caBundle.file to the PEM to embed, or set embedCertificate: false');
    }
    if (sc.embedCertificate && !release.features.storageSpecCaBundleField) {
      throw new UserError(
        'storage.storageConfig.embedCertificate',
        `KServe ${release.version} reads the "certificate" field as a file path, while ModelMesh reads it as PEM text, so one entry cannot serve both`,
        'use KServe 0.12.0 or later, or set embedCertificate: false',
      );
    }
    const s3 = sc.s3;
    const creds = inputs.credentials;
    const entry: Record<string, string> = {
      type: 's3',
      access_key_id: creds?.accessKeyId ?? CREDENTIAL_PLACEHOLDERS.accessKeyId,
      secret_access_key: creds?.secretAccessKey ?? CREDENTIAL_PLACEHOLDERS.secretAccessKey,
    };
    if (s3.endpoint) entry.endpoint_url = `${s3.useHttps ? 'https' : 'http'}://${s3.endpoint}`;
    if (s3.region) entry.region = s3.region;
    if (s3.bucket) {
      entry.bucket = s3.bucket; // KServe
      entry.default_bucket = s3.bucket; // ModelMesh
    }
    entry.verify_ssl = s3.verifySSL ? '1' : '0';
    let caField: string | null = null;
    if (caBundle && release.features.storageSpecCaBundleConfigMap) {
      // The injector mounts this ConfigMap from the InferenceService's namespace, where KServe keeps
      // its copy of caBundleConfigMapName under the name global-ca-bundle.
      entry.cabundle_configmap = GLOBAL_CA_BUNDLE;
      caField = release.features.storageSpecCaBundleField ? 'ca_bundle' : 'certificate';
      entry[caField] = `${caBundle.mountPath}/cabundle.crt`;
    }
    if (sc.embedCertificate && caBundle) entry.certificate = caBundle.pem; // ModelMesh reads the PEM text itself
    if (!creds) {
      warnings.push('AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are not set: the storage-config Secret carries REPLACE_WITH_... placeholders to fill in');
    }
    const namespaces = sc.namespaces.length ? sc.namespaces : istio.servingNamespaces.length ? istio.servingNamespaces : ['kserve-test'];
    storageConfig = {
      secretName: sc.secretName,
      customSecretName: sc.secretName !== 'storage-config',
      namespaces,
      entries: { default: `${JSON.stringify(entry, null, 2)}\n` },
      placeholders: !creds,
      caField,
    };
  }
  return { caBundle, storageConfig };
}

function resolveRollout(preset: Preset, release: Release, mode: Mode, modeName: string, warnings: string[]): RolloutSettings {
  const st = preset.deployment.strategy;
  const isDefault = st.type === 'RollingUpdate' && st.maxSurge === '25%' && st.maxUnavailable === '25%';
  // A whole number must be an integer in a Deployment; a string must be a percentage.
  const intOrPercent = (v: string): string | number => (v.endsWith('%') ? v : Number(v));
  if (mode !== 'standard') {
    if (!isDefault) warnings.push(`deployment.strategy only applies to RawDeployment/Standard; in ${modeName} mode rollout is ${mode === 'knative' ? "Knative's (see INSTALL.md)" : "ModelMesh's"}`);
    return { deploymentStrategy: null, defaultRolloutDeployJson: null };
  }
  if (!release.features.deploymentStrategy) {
    if (!isDefault) warnings.push(`deployment.strategy is not used: InferenceService deploymentStrategy arrived in KServe 0.13.0-rc1 (this is ${release.version})`);
    return { deploymentStrategy: null, defaultRolloutDeployJson: null };
  }
  const deploymentStrategy: Record<string, unknown> =
    st.type === 'Recreate'
      ? { type: 'Recreate' }
      : { type: 'RollingUpdate', rollingUpdate: { maxSurge: intOrPercent(st.maxSurge), maxUnavailable: intOrPercent(st.maxUnavailable) } };
  let defaultRolloutDeployJson: string | null = null;
  if (release.features.defaultRolloutStrategy && st.type === 'RollingUpdate' && !isDefault) {
    // data.deploy is one JSON string: the patch must carry the mode too, or it would be dropped.
    defaultRolloutDeployJson = JSON.stringify({
      defaultDeploymentMode: modeName,
      deploymentRolloutStrategy: { defaultRollout: { maxSurge: st.maxSurge, maxUnavailable: st.maxUnavailable } },
    });
  }
  return { deploymentStrategy, defaultRolloutDeployJson };
}
