/**
 * Which files to write, from which templates, with which context: pure data, so --dry-run is free.
 */
import { TESTED_TOOLS, satisfies, type HelmChart, type Release } from './catalog/index.js';
import { imagePatchFiles } from './image-patches.js';
import type { ImagePatch } from './offline.js';
import type { ValuesTable } from './catalog/values-keys.js';
import type { Preset } from './preset/schema.js';
import { LOCAL_GATEWAY_PORT, type Resolved } from './resolve.js';
import { TOOL_NAME, TOOL_VERSION } from './generated/meta.js';

export type FileKind = 'helm-values' | 'manifest' | 'kustomization' | 'example' | 'secret' | 'patch' | 'pem' | 'preset' | 'images' | 'markdown';

export interface PlannedFile {
  /** Path inside the output folder, with "/" separators. */
  path: string;
  /** Template name (templates/<name>.hbs). */
  template: string;
  kind: FileKind;
  /** Why the file exists, shown by --dry-run. */
  why: string;
  /** 0o600 for anything holding secrets. */
  mode: number;
  /** For helm-values: which chart, and which values-key table applies. */
  chart?: HelmChart & { keys: ValuesTable };
  /** For manifests: the object this file holds, used for its name and by kustomization. */
  object?: { kind: string; name: string; namespace?: string };
  /** File-specific template data, merged over the shared context as `file`. */
  data?: Record<string, unknown>;
}

export interface Plan {
  files: PlannedFile[];
  context: TemplateContext;
  warnings: string[];
}

/** What every template sees. Templates read booleans from here; they never compare versions. */
export interface TemplateContext {
  tool: { name: string; version: string };
  preset: Preset;
  release: Release;
  features: Release['features'];
  mode: { key: Resolved['mode']; name: string; isKnative: boolean; isStandard: boolean; isModelMesh: boolean };
  istio: Resolved['istio'];
  knative: Resolved['knative'] | null;
  kong: Resolved['kong'] | null;
  storage: Resolved['storage'];
  rollout: Resolved['rollout'];
  /** Secret files (mode 0600), applied apart from manifests/ and never committed. */
  secretFiles: { path: string; namespace: string }[];
  deployPatchFile: string | null;
  /** Offline: JSON patches for images the chart hard-codes (patches/), applied after the charts. */
  imagePatches: ImagePatch[];
  /** The Helm and kubectl versions the output is tested with. */
  testedTools: typeof TESTED_TOOLS;
  /** Kong through the Gateway API (KServe >= 0.15.0-rc0) rather than Ingress objects of class kong. */
  kongGatewayApi: boolean;
  kongChart: (HelmChart & { path: string; namespace: string }) | null;
  knativeOperatorChart: (HelmChart & { path: string; namespace: string }) | null;
  offline: Resolved['offline'] | null;
  /** Offline image overrides for the KServe values files, split by the mapping they extend. */
  images: {
    controller: object | null;
    storage: object | null;
    modelmesh: object | null;
    /** Top-level kserve.* entries the template does not open itself (agent, router, servingruntime). */
    rest: object | null;
    /** kserve.servingruntime.* entries of kserve-runtime-configs. */
    runtimeConfigs: object | null;
  };
  /** Knative through the operator (KnativeServing CR) or from release YAML (ConfigMap patches). */
  knativeOperator: boolean;
  knativeManifests: boolean;
  usesIstio: boolean;
  kserveNamespace: string;
  storageSecretNameAnnotation: string;
  manifests: { path: string; kind: string; name: string; namespace: string | null }[];
  mainValuesFile: string;
  runtimeValuesFile: string | null;
  istioGatewayChart: (HelmChart & { path: string; namespace: string }) | null;
  /** Manifests to delete on uninstall, newest first; ConfigMap patches of Knative's own ConfigMaps are kept. */
  uninstallManifests: string[];
  /** Namespace the verification InferenceService runs in (a namespace the local gateway serves). */
  testNamespace: string;
  /** How INSTALL.md refers to each chart or release file: online references, or the local copies offline. */
  refs: Record<string, string>;
  /** Offline: the commands that fetch every chart and release file on a connected machine. */
  pullCommands: string[];
  /** Offline: `--set` flags that install cert-manager's chart with its CRDs and mirrored images. */
  certManagerSets: string;
  /** INSTALL.md step numbers (steps appear only when they apply). */
  steps: Record<string, number>;
  filesTable: { path: string; why: string }[];
}

/**
 * Where this tool writes, in one configuration or another (INSTALL.md and kserve-config.yaml are
 * always written). A file found there that a --force run does not write is left over from an
 * earlier configuration; the CLI names it (test/cli.test.ts keeps this list true).
 */
export const GENERATED_PLACES = ['helm/', 'manifests/', 'examples/', 'secrets/', 'certs/', 'patches/', 'images.txt'] as const;

export function leftFromEarlierRun(kept: readonly string[]): string[] {
  return kept.filter((p) => GENERATED_PLACES.some((place) => (place.endsWith('/') ? p.startsWith(place) : p === place)));
}

/** Namespaces that exist before `kubectl apply -k manifests/` runs (Istio's own). */
const PREEXISTING_NAMESPACES = new Set(['istio-system', 'default']);

export function buildPlan(r: Resolved): Plan {
  const { preset, release } = r;
  const knativeMode = r.mode === 'knative' && r.knative !== undefined;
  const manifests = manifestFiles(r);

  const files: PlannedFile[] = [];
  for (const chart of release.charts.filter((c) => c.hasValues)) {
    const keys = chart === release.mainChart ? 'main' : 'runtimeConfigs';
    files.push({
      path: `helm/${chart.name}.values.yaml`,
      template: keys === 'main' ? 'helm/kserve.values.yaml' : 'helm/kserve-runtime-configs.values.yaml',
      kind: 'helm-values',
      why:
        keys === 'main'
          ? `values for the ${chart.name} chart ${chart.version || release.version}: mode, ingress and storage settings`
          : 'values for kserve-runtime-configs: since 0.17 the serving runtimes are installed by this chart, and only when enabled',
      mode: 0o644,
      chart: { ...chart, keys },
    });
  }
  let istioGatewayChart: TemplateContext['istioGatewayChart'] = null;
  if (knativeMode && r.istio.writeLocalGatewayChart) {
    const svc = r.istio.localService;
    istioGatewayChart = {
      name: 'gateway',
      release: svc.name,
      ref: 'istio/gateway',
      version: r.istio.version,
      hasValues: true,
      path: 'helm/istio-gateway.values.yaml',
      namespace: svc.namespace,
    };
    files.push({
      path: istioGatewayChart.path,
      template: 'helm/istio-gateway.values.yaml',
      kind: 'helm-values',
      why: `pods and Service ${svc.host} for the local gateway, with the selector labels and the 80->8081 port mapping Knative expects`,
      mode: 0o644,
      chart: { ...istioGatewayChart, keys: 'istioGateway' },
    });
  }
  let kongChart: TemplateContext['kongChart'] = null;
  if (r.kong) {
    kongChart = {
      name: 'ingress',
      release: r.kong.release,
      ref: 'kong/ingress',
      version: r.kong.chartVersion,
      hasValues: true,
      path: 'helm/kong.values.yaml',
      namespace: r.kong.namespace,
    };
    files.push({
      path: kongChart.path,
      template: 'helm/kong.values.yaml',
      kind: 'helm-values',
      why: r.kong.gatewayApi
        ? `Kong Ingress Controller and gateway (kong/ingress chart): the controllerName of GatewayClass ${r.kong.gatewayClassName} and a proxy port matching listener ${r.kong.listenerPort}`
        : 'Kong Ingress Controller and gateway (kong/ingress chart), serving the Ingress objects of class kong KServe creates',
      mode: 0o644,
      chart: { ...kongChart, keys: 'kong' },
    });
  }
  let knativeOperatorChart: TemplateContext['knativeOperatorChart'] = null;
  if (r.offline?.knative && r.knative?.install === 'operator') {
    knativeOperatorChart = {
      name: 'knative-operator',
      release: 'knative-operator',
      ref: `https://github.com/knative/operator/releases/download/knative-v${r.knative.operatorVersion}/knative-operator-v${r.knative.operatorVersion}.tgz`,
      version: '',
      hasValues: true,
      path: 'helm/knative-operator.values.yaml',
      namespace: 'knative-operator',
    };
    files.push({
      path: knativeOperatorChart.path,
      template: 'helm/knative-operator.values.yaml',
      kind: 'helm-values',
      why: 'the Knative Operator\'s own images, from the mirror',
      mode: 0o644,
      chart: { ...knativeOperatorChart, keys: 'knativeOperator' },
    });
  }
  files.push(...manifests);
  files.push({
    path: 'manifests/kustomization.yaml',
    template: 'manifests/kustomization.yaml',
    kind: 'kustomization',
    why: 'lists the manifests so `kubectl apply -k manifests/` applies them all',
    mode: 0o644,
    data: { resources: manifests.map((m) => m.path.replace(/^manifests\//, '')) },
  });
  const testNamespace = r.mode === 'knative' && r.istio.servingNamespaces.length ? r.istio.servingNamespaces[0]! : 'kserve-test';
  files.push({
    path: 'examples/inferenceservice.yaml',
    template: 'examples/inferenceservice.yaml',
    kind: 'example',
    why: `a sample InferenceService to verify the install (${r.modeName} mode)`,
    mode: 0o644,
    object: { kind: 'InferenceService', name: 'sklearn-iris' },
  });
  const secretFiles: TemplateContext['secretFiles'] = [];
  if (r.storage.storageConfig) {
    const sc = r.storage.storageConfig;
    for (const ns of sc.namespaces) {
      const path = `secrets/${ns}.${sc.secretName}.yaml`;
      secretFiles.push({ path, namespace: ns });
      files.push({
        path,
        template: 'secrets/storage-config.yaml',
        kind: 'secret',
        why: `the ${sc.secretName} Secret for InferenceServices in ${ns} that use storage: (S3${r.storage.caBundle ? ', private CA' : ''})${sc.placeholders ? '; fill in the REPLACE_WITH_ placeholders' : ''}`,
        mode: 0o600,
        object: { kind: 'Secret', name: sc.secretName, namespace: ns },
        data: { name: sc.secretName, namespace: ns },
      });
    }
    files.push({
      path: 'examples/inferenceservice-s3.yaml',
      template: 'examples/inferenceservice-s3.yaml',
      kind: 'example',
      why: `an InferenceService that loads its model through the ${sc.secretName} Secret (storage: key default)`,
      mode: 0o644,
      object: { kind: 'InferenceService', name: 'sklearn-s3' },
      data: { annotations: { [r.storageSecretNameAnnotation]: sc.secretName } },
    });
  }
  if (r.storage.caBundle) {
    files.push({
      path: r.storage.caBundle.outputFile,
      template: 'certs/ca-bundle.pem',
      kind: 'pem',
      why: `the ${r.storage.caBundle.count} CA certificate(s) from storage.caBundle.file, which kserve-config.yaml points at`,
      mode: 0o644,
    });
  }
  const deployPatchFile = r.rollout.defaultRolloutDeployJson ? 'patches/inferenceservice-config-deploy.yaml' : null;
  if (deployPatchFile) {
    files.push({
      path: deployPatchFile,
      template: 'patches/inferenceservice-config-deploy.yaml',
      kind: 'patch',
      why: 'the cluster-wide default rollout (inferenceservice-config deploy), which the chart has no value for',
      mode: 0o644,
    });
  }
  const imagePatches = imagePatchFiles(r);
  files.push(...imagePatches);
  if (r.offline) {
    files.push({
      path: 'images.txt',
      template: 'images.txt',
      kind: 'images',
      why: `every image this install pulls and where it goes on the mirror (SOURCE_REF MIRROR_REF), ${r.offline.images.length} lines`,
      mode: 0o644,
    });
  }
  files.push({
    path: 'kserve-config.yaml',
    template: 'kserve-config.yaml',
    kind: 'preset',
    why: 'the fully resolved preset: `--preset kserve-config.yaml` reproduces this folder',
    mode: 0o644,
  });
  files.push({
    path: 'INSTALL.md',
    template: 'INSTALL.md',
    kind: 'markdown',
    why: 'the ordered install steps, checks and troubleshooting for exactly these files',
    mode: 0o644,
  });

  const valuesFile = (keys: ValuesTable) => files.find((f) => f.chart?.keys === keys)?.path ?? null;
  const usesIstio = r.provider === 'istio' && r.mode !== 'modelmesh';

  // INSTALL.md step numbers follow the order it presents them; optional steps shift the rest.
  const steps: Record<string, number> = {};
  let step = 0;
  const add = (name: string, applies: boolean) => {
    if (applies) steps[name] = ++step;
  };
  add('mirror', r.offline !== undefined);
  add('certManager', true);
  add('istio', usesIstio);
  add('gatewayApiCrds', r.kong?.gatewayApi === true);
  add('kong', r.kong !== undefined);
  add('localGateway', istioGatewayChart !== null);
  add('knative', knativeMode);
  add('manifests', true);
  add('crds', true);
  add('kserve', true);
  add('runtimes', release.features.splitCharts);
  add('imagePatches', imagePatches.length > 0);
  add('storage', r.storage.storageConfig !== null);
  add('rollout', deployPatchFile !== null);

  const context: TemplateContext = {
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    preset: r.outputPreset,
    release,
    features: release.features,
    mode: {
      key: r.mode,
      name: r.modeName,
      isKnative: r.mode === 'knative',
      isStandard: r.mode === 'standard',
      isModelMesh: r.mode === 'modelmesh',
    },
    istio: r.istio,
    knative: r.knative ?? null,
    kong: r.kong ?? null,
    storage: r.storage,
    rollout: r.rollout,
    secretFiles,
    deployPatchFile,
    imagePatches: r.offline?.patches ?? [],
    testedTools: TESTED_TOOLS,
    kongGatewayApi: r.kong?.gatewayApi === true,
    kongChart,
    knativeOperatorChart,
    offline: r.offline ?? null,
    images: splitImageValues(r),
    ...installRefs(r),
    certManagerSets: r.offline
      ? [
          // The chart's CRD switch was renamed in cert-manager 1.15.
          satisfies(release.tested.certManager, '>=1.15.0') ? '--set crds.enabled=true' : '--set installCRDs=true',
          ...r.offline.certManager.sets.map((s) => `--set ${s.key}=${s.value}`),
        ].join(' ')
      : '',
    knativeOperator: knativeMode && r.knative!.install === 'operator',
    knativeManifests: knativeMode && r.knative!.install === 'manifests',
    usesIstio,
    kserveNamespace: preset.kserve.namespace,
    storageSecretNameAnnotation: r.storageSecretNameAnnotation,
    manifests: manifests.map((m) => ({
      path: m.path,
      kind: m.object!.kind,
      name: m.object!.name,
      namespace: m.object!.namespace ?? null,
    })),
    mainValuesFile: valuesFile('main')!,
    runtimeValuesFile: valuesFile('runtimeConfigs'),
    istioGatewayChart,
    uninstallManifests: manifests
      .filter((m) => m.object!.kind !== 'ConfigMap' || m.object!.namespace !== 'knative-serving')
      .map((m) => m.path)
      .reverse(),
    testNamespace,
    steps,
    filesTable: files.map((f) => ({ path: f.path, why: f.why })),
  };
  return { files, context, warnings: [...r.warnings] };
}

/** The manifests, in apply order, numbered NN-<kind>-<name>.yaml. */
function manifestFiles(r: Resolved): PlannedFile[] {
  const manifests: PlannedFile[] = [];
  const add = (template: string, kind: string, name: string, namespace: string | undefined, why: string, data?: Record<string, unknown>) => {
    manifests.push({
      path: '',
      template,
      kind: 'manifest',
      why,
      mode: 0o644,
      object: { kind, name, namespace },
      data: { name, namespace: namespace ?? null, ...data },
    });
  };
  const namespaces = new Set<string>();
  const addNamespace = (name: string, why: string) => {
    if (namespaces.has(name) || PREEXISTING_NAMESPACES.has(name)) return;
    namespaces.add(name);
    add('manifests/namespace.yaml', 'Namespace', name, undefined, why);
  };

  addNamespace(r.preset.kserve.namespace, 'the KServe namespace, created before the charts install into it');
  for (const ns of r.storage.storageConfig?.namespaces ?? []) {
    addNamespace(ns, `a namespace for InferenceServices, where the ${r.storage.storageConfig!.secretName} Secret goes`);
  }
  if (r.storage.caBundle) {
    const ca = r.storage.caBundle;
    add('manifests/ca-bundle-configmap.yaml', 'ConfigMap', ca.configMapName, r.preset.kserve.namespace,
      `the CA bundle (key cabundle.crt) KServe mounts into storage initializers and copies to each InferenceService namespace as global-ca-bundle`,
      { pem: ca.pem });
  }
  const k = r.mode === 'knative' ? r.knative : undefined;
  if (k) {
    const istio = r.istio;
    if (k.install === 'operator') {
      addNamespace(k.namespace, 'the namespace the Knative Operator installs Serving into');
    } else {
      namespaces.add(k.namespace); // exists: Knative was installed from its release YAML
    }
    for (const gw of [istio.writeLocalGateway ? istio.localGateway : null, istio.writeIngressGateway ? istio.ingressGateway : null]) {
      if (gw) addNamespace(gw.namespace, `the namespace of the Istio Gateway ${gw.ref}`);
    }
    if (k.install === 'operator') {
      add(
        'manifests/knativeserving.yaml',
        'KnativeServing',
        k.crName,
        k.namespace,
        `Knative Serving ${k.version} through the Knative Operator, with the domain and gateways KServe is configured with`,
      );
    }
    if (istio.writeLocalGateway) {
      add('manifests/istio-gateway.yaml', 'Gateway', istio.localGateway.name, istio.localGateway.namespace,
        `the Istio Gateway for cluster-local traffic that KServe and Knative both name (${istio.localGateway.ref})`,
        { role: 'local', selector: istio.localSelector, port: LOCAL_GATEWAY_PORT, hosts: istio.localHosts });
    }
    if (istio.writeIngressGateway) {
      add('manifests/istio-gateway.yaml', 'Gateway', istio.ingressGateway.name, istio.ingressGateway.namespace,
        `the Istio Gateway for traffic from outside the cluster that KServe and Knative both name (${istio.ingressGateway.ref})`,
        { role: 'ingress', selector: istio.ingressSelector, port: 80, hosts: ['*'] });
    }
    if (k.install === 'manifests' && Object.keys(k.configDeployment).length) {
      add('manifests/configmap.yaml', 'ConfigMap', 'config-deployment', k.namespace,
        'patch of Knative\'s config-deployment: ' + Object.keys(k.configDeployment).join(', '),
        { data: k.configDeployment, comment: 'config-deployment: tag resolution skipped for the mirror, the queue-proxy image, rollout deadline.' });
    }
    if (k.install === 'manifests') {
      add('manifests/configmap.yaml', 'ConfigMap', 'config-domain', k.namespace,
        'patch of Knative\'s config-domain: the domain KServe is configured with',
        { data: k.configDomain, comment: 'config-domain: InferenceService URLs end in this domain; KServe\'s values use the same domain.' });
      if (k.configIstioFormat !== 'none') {
        add('manifests/configmap.yaml', 'ConfigMap', 'config-istio', k.namespace,
          'patch of Knative\'s config-istio: the gateways KServe is configured with',
          { data: k.configIstio, comment: `config-istio (${k.configIstioFormat === 'lists' ? 'gateway lists, Knative >= 1.14' : 'legacy gateway keys, which every Knative version reads'}): the gateways KServe's values name.` });
      }
    }
  }
  if (r.kong?.gatewayApi) {
    const kong = r.kong;
    addNamespace(kong.gateway.namespace, `the namespace of the Gateway ${kong.gateway.ref}`);
    add('manifests/gatewayclass.yaml', 'GatewayClass', kong.gatewayClassName, undefined,
      `the GatewayClass ${kong.gatewayClassName} handled by Kong's controller ${kong.controllerName} (unmanaged mode)`);
    add('manifests/gateway.yaml', 'Gateway', kong.gateway.name, kong.gateway.namespace,
      `the Gateway KServe attaches its HTTPRoutes to (kserveGateway ${kong.gateway.ref}), standard-channel fields only`);
  }
  if (r.mode === 'standard' && r.provider === 'istio') {
    add('manifests/ingressclass.yaml', 'IngressClass', 'istio', undefined,
      'RawDeployment creates Kubernetes Ingress objects of class istio; Istio serves that class only when the IngressClass exists');
  }
  manifests.forEach((m, i) => {
    m.path = `manifests/${String(i).padStart(2, '0')}-${m.object!.kind.toLowerCase()}-${m.object!.name}.yaml`;
  });
  return manifests;
}

function splitImageValues(r: Resolved): TemplateContext['images'] {
  const main = { ...((r.offline?.kserveValues.main.kserve ?? {}) as Record<string, object>) };
  const take = (key: string) => {
    const v = main[key] ?? null;
    delete main[key];
    return v;
  };
  const controller = take('controller');
  const storage = take('storage');
  const modelmesh = take('modelmesh');
  const runtimes = (r.offline?.kserveValues.runtimeConfigs.kserve as { servingruntime?: object } | undefined)?.servingruntime ?? null;
  return { controller, storage, modelmesh, rest: Object.keys(main).length ? main : null, runtimeConfigs: runtimes };
}

/**
 * Chart and release-file references for INSTALL.md. Online they point at the registries; offline at
 * copies in charts/, which the mirror step fetches on a connected machine (helm pull, curl).
 */
function installRefs(r: Resolved): { refs: Record<string, string>; pullCommands: string[] } {
  const refs: Record<string, string> = {};
  const pulls: string[] = [];
  const offline = r.offline !== undefined;
  const t = r.release.tested;
  /** name: key in refs; online: ref with any --version flag; file: local file; pull: how to fetch it. */
  const add = (name: string, online: string, file: string, pull: string) => {
    refs[name] = offline ? `charts/${file}` : online;
    pulls.push(pull);
  };
  add('certManager', `https://github.com/cert-manager/cert-manager/releases/download/v${t.certManager}/cert-manager.yaml`,
    `cert-manager-v${t.certManager}.tgz`, `helm pull cert-manager --repo https://charts.jetstack.io --version v${t.certManager} -d charts/`);
  if (r.provider === 'istio' && r.mode !== 'modelmesh') {
    for (const chart of ['base', 'istiod', 'gateway']) {
      add(`istio-${chart}`, `istio/${chart} --version ${t.istio}`, `${chart}-${t.istio}.tgz`,
        `helm pull ${chart} --repo https://istio-release.storage.googleapis.com/charts --version ${t.istio} -d charts/`);
    }
  }
  if (r.kong) {
    add('kong', `kong/ingress --version ${r.kong.chartVersion}`, `ingress-${r.kong.chartVersion}.tgz`,
      `helm pull ingress --repo https://charts.konghq.com --version ${r.kong.chartVersion} -d charts/`);
    if (r.kong.gatewayApi) {
      const url = `https://github.com/kubernetes-sigs/gateway-api/releases/download/v${r.kong.gatewayApiVersion}/standard-install.yaml`;
      add('gatewayApi', url, `gateway-api-v${r.kong.gatewayApiVersion}-standard-install.yaml`,
        `curl -fsSL -o charts/gateway-api-v${r.kong.gatewayApiVersion}-standard-install.yaml ${url}`);
    }
  }
  if (r.mode === 'knative' && r.knative?.install === 'operator') {
    const v = r.knative.operatorVersion;
    const url = `https://github.com/knative/operator/releases/download/knative-v${v}/knative-operator-v${v}.tgz`;
    add('knativeOperator', url, `knative-operator-v${v}.tgz`, `curl -fsSL -o charts/knative-operator-v${v}.tgz ${url}`);
  }
  for (const chart of r.release.charts) {
    const file = chart.version ? `${chart.name}-${chart.version}.tgz` : chart.ref.split('/').pop()!;
    const online = chart.version ? `${chart.ref} --version ${chart.version}` : chart.ref;
    const pull = chart.version ? `helm pull ${chart.ref} --version ${chart.version} -d charts/` : `curl -fsSL -o charts/${file} ${chart.ref}`;
    add(chart.name, online, file, pull);
  }
  return { refs, pullCommands: offline ? ['mkdir -p charts', ...pulls] : [] };
}
