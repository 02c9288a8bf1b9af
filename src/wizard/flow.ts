/**
 * The wizard's questions, as a pure flow over an `Ask`: no files written, no process exit, no
 * terminal. The answers become a raw preset object, which the caller validates with validatePreset
 * and generates from exactly like a preset file, so the wizard and --preset cannot drift.
 *
 * Only what applies is asked: the choices a KServe version offers come from the catalog (mode
 * spellings, ModelMesh, Gateway API, CA bundle, deploymentStrategy), and every typed value is
 * checked with the preset schema itself (checkField) while it is typed.
 */
import { KNATIVE_GATEWAYS, KNOWN_RELEASES, MIN_KNATIVE, knativeSupported, knativeVersionOf, latestPerMinor, modeNameOf, modeOf, resolveRelease, type Mode, type Release } from '../catalog/index.js';
import type { Credentials } from '../preset/files.js';
import { llmOf } from '../preset/llm.js';
import type { Preset } from '../preset/schema.js';
import { checkField, schemaAt, validatePreset } from '../preset/validate.js';
import type { Ask, Choice, Validate } from './ask.js';
import { askGatewayTls, askIngress } from './gateway-api.js';
import { askServe } from './llm.js';

export interface WizardOptions {
  /** Answers to start from (a preset loaded for --edit, or defaults plus --set): every question is pre-filled from it. */
  initial?: Record<string, unknown>;
  /** AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set, so the Secret can take them from the environment. */
  envCredentials?: boolean;
  /** The output folder already holds real S3 credentials for this Secret name: where (e.g. secrets/kserve-test.storage-config.yaml). */
  keptCredentials?: (secretName: string) => string | undefined;
  /** Checks a CA bundle path as typed (exists, is PEM); the CLI reads the file, tests may fake it. */
  checkCaFile?: Validate;
}

export interface WizardResult {
  /** The answers as a raw preset (keys equal to their defaults left out), ready for validatePreset. */
  preset: Record<string, unknown>;
  /** Typed into the masked prompts; never part of the preset. */
  credentials?: Credentials;
  /** Where the Secret's credentials come from; 'keep': the ones already in the output folder. */
  credentialSource?: CredentialSource;
}

export type CredentialSource = 'prompt' | 'env' | 'keep' | 'placeholders';


const DEFAULT_LOCAL_GATEWAY = KNATIVE_GATEWAYS.local.ref;
const DEFAULT_LOCAL_SERVICE = KNATIVE_GATEWAYS.local.service;
const DEFAULT_INGRESS_GATEWAY = KNATIVE_GATEWAYS.ingress.ref;
/** The value of the "another ..." choices, which lead to a second question. */
export const OTHER = '(other)';

/** Keys kept in the result even at their default: they say what the preset is about. */
const ALWAYS_KEPT = new Set(['kserve.version', 'deploymentMode', 'ingress.provider']);

export async function runWizard(ask: Ask, options: WizardOptions = {}): Promise<WizardResult> {
  const start = startingPoint(options.initial);
  const p: Preset = structuredClone(start);

  // 1. KServe version
  p.kserve.version = await askVersion(ask, start.kserve.version);
  const release = resolveRelease(p.kserve.version);
  // What to serve: predictive InferenceServices, LLMInferenceServices (0.16+), or both.
  await askServe(ask, p, release);
  await askNamespace(ask, p, start.kserve.namespace);

  // 2. Deployment mode, spelled as this version spells it (the LLM stack alone has none)
  const mode = llmOf(p).predictive ? await askMode(ask, release, modeOf(start.deploymentMode)!) : modeOf(start.deploymentMode)!;
  p.deploymentMode = modeNameOf(release, mode) as Preset['deploymentMode'];
  const predictiveMode: Mode | 'none' = llmOf(p).predictive ? mode : 'none';

  // 3. Ingress (provider, and the Gateway API Gateway where one is used)
  await askIngress(ask, p, release, mode, start.ingress.provider);

  // 4. Istio gateways (only Knative mode names them: RawDeployment/Standard uses Ingress objects of class istio)
  if (predictiveMode === 'knative') await askIstioGateways(ask, p);

  // 5. Domain and URL scheme (ModelMesh exposes no URLs through an ingress)
  if (mode !== 'modelmesh') await askDomain(ask, p);
  await askGatewayTls(ask, p, release, mode);

  // Knative Serving itself
  if (predictiveMode === 'knative') {
    await askKnative(ask, p, release);
  } else {
    p.knative.version = ''; // unused outside Knative mode, and a leftover would only raise a warning
  }

  // 6. Offline
  await askOffline(ask, p, mode);

  // 7. Storage (the predictive stack's: caBundle and storage-config configure InferenceServices)
  const { credentials, credentialSource } = llmOf(p).predictive ? await askStorage(ask, p, release, options) : {};

  // 8. Rollout
  if (predictiveMode !== 'none') await askRollout(ask, p, release, predictiveMode);

  return { preset: prune(p), ...(credentials ? { credentials } : {}), ...(credentialSource ? { credentialSource } : {}) };
}

/** The namespace the KServe charts go into (the LLM stack's charts hard-code kserve). */
async function askNamespace(ask: Ask, p: Preset, previous: string): Promise<void> {
  const llm = llmOf(p).enabled;
  p.kserve.namespace = await ask.input({
    id: 'kserve.namespace',
    message: 'Namespace to install KServe into',
    description: llm
      ? 'Helm installs the KServe charts there; the LLM stack needs kserve, which its charts hard-code'
      : 'Helm installs the KServe charts there; the controller and its inferenceservice-config live there',
    default: llm ? 'kserve' : previous,
    validate: llm ? (v) => (v === 'kserve' ? true : 'must be kserve for the LLM stack — its charts hard-code the namespace (kserve#5372)') : field('kserve.namespace'),
  });
}

/** The domain InferenceService hostnames live under, and the scheme their URLs use. */
async function askDomain(ask: Ask, p: Preset): Promise<void> {
  p.ingress.domain = await ask.input({
    id: 'ingress.domain',
    message: 'Domain InferenceService hostnames are created under',
    description: "InferenceService URLs end in it (<name>-<namespace>.<domain>): KServe's values and Knative's domain setting",
    default: p.ingress.domain,
    validate: field('ingress.domain'),
  });
  p.ingress.urlScheme = await ask.select<Preset['ingress']['urlScheme']>({
    id: 'ingress.urlScheme',
    message: 'URL scheme KServe writes into InferenceService status',
    default: p.ingress.urlScheme,
    choices: [
      { name: 'http', value: 'http', description: 'URLs read http://<name>-<namespace>.<domain>; TLS, if any, is terminated elsewhere' },
      { name: 'https', value: 'https', description: 'URLs read https://...: set it when the gateway serves TLS for the domain' },
    ],
  });
}

/** The initial answers with every default filled in (and the newest release when none is given). */
function startingPoint(initial: Record<string, unknown> | undefined): Preset {
  const raw = structuredClone(initial ?? {}) as { kserve?: Record<string, unknown> };
  const newest = latestPerMinor()[0]!;
  const version = typeof raw.kserve?.version === 'string' ? raw.kserve.version.replace(/^v/, '') : '';
  raw.kserve = { ...raw.kserve, version: (KNOWN_RELEASES as readonly string[]).includes(version) ? version : newest };
  return validatePreset(raw);
}

function field(path: string): Validate {
  return (value) => checkField(path, value);
}

function testedLine(r: Release): string {
  const t = r.tested;
  const modes = [r.modeNames.knative, r.modeNames.standard, ...(r.features.modelMesh ? ['ModelMesh'] : [])].join('/');
  const gatewayApi = t.gatewayApi ? `Gateway API ${t.gatewayApi}` : 'no Gateway API';
  return `Tested with Knative Serving ${t.knativeServing}, Istio ${t.istio}, ${gatewayApi}, Kubernetes ${t.kubernetes}; modes ${modes}`;
}

async function askVersion(ask: Ask, current: string): Promise<string> {
  const newestFirst = [...KNOWN_RELEASES].reverse() as string[];
  const offered = new Set([...latestPerMinor(), current]);
  const choice = (v: string): Choice<string> => ({ name: v === newestFirst.find((x) => !x.includes('-')) ? `${v} (newest)` : v, value: v, description: testedLine(resolveRelease(v)) });
  const picked = await ask.select<string>({
    id: 'kserve.version',
    message: 'KServe version',
    default: current,
    choices: [
      ...newestFirst.filter((v) => offered.has(v)).map(choice),
      { name: 'Another release or release candidate...', value: OTHER, description: `Every release and rc from ${newestFirst[newestFirst.length - 1]} to ${newestFirst[0]}` },
    ],
  });
  if (picked !== OTHER) return picked;
  return ask.select<string>({ id: 'kserve.version.other', message: 'KServe release', default: current, choices: newestFirst.map(choice) });
}

async function askMode(ask: Ask, r: Release, current: Mode): Promise<Mode> {
  const choices: Choice<Mode>[] = [
    {
      name: r.modeNames.knative,
      value: 'knative',
      description: 'Knative Serving runs each model: scale to zero, revisions, canary rollouts; installs Knative and Istio',
    },
    {
      name: r.modeNames.standard,
      value: 'standard',
      description: 'Plain Deployments, Services and Ingress or HTTPRoutes: no Knative, no scale to zero; Istio or Kong in front',
    },
  ];
  // Only where the chart still installs ModelMesh (up to 0.15.0-rc0).
  if (r.features.modelMesh) {
    choices.push({ name: 'ModelMesh', value: 'modelmesh', description: 'Many models share a pool of serving pods (ModelMesh Serving), for high model density' });
  }
  const spelling = r.features.newModeNames ? 'Knative/Standard since 0.16' : 'Serverless/RawDeployment before 0.16';
  return ask.select<Mode>({
    id: 'deploymentMode',
    message: `Deployment mode (spelled as KServe ${r.version} expects: ${spelling})`,
    default: choices.some((c) => c.value === current) ? current : 'knative',
    choices,
  });
}

async function askIstioGateways(ask: Ask, p: Preset): Promise<void> {
  const i = p.ingress.istio;
  i.ingressGateway = await ask.input({
    id: 'ingress.istio.ingressGateway',
    message: 'Istio Gateway for traffic from outside the cluster (<namespace>/<name>)',
    description: "KServe's values and Knative's config-istio both name it; a Gateway Knative does not ship is written to manifests/",
    default: i.ingressGateway,
    prefill: true,
    validate: field('ingress.istio.ingressGateway'),
  });
  if (i.ingressGateway !== DEFAULT_INGRESS_GATEWAY) {
    // A Gateway Knative does not ship: this tool writes it, so it needs its pods' Service and labels.
    i.ingressGatewayService = await ask.input({
      id: 'ingress.istio.ingressGatewayService',
      message: `Service (FQDN) of the pods behind ${i.ingressGateway}`,
      description: "Knative's config-istio points the ingress Gateway at this Service",
      default: i.ingressGatewayService,
      validate: serviceHost('ingress.istio.ingressGatewayService'),
    });
    i.ingressGatewaySelector = await askLabels(ask, 'ingress.istio.ingressGatewaySelector', `Labels of the pods behind ${i.ingressGateway} (key=value, comma-separated)`, i.ingressGatewaySelector);
  }
  const wasDefaultLocal = i.localGateway === DEFAULT_LOCAL_GATEWAY;
  i.localGateway = await ask.input({
    id: 'ingress.istio.localGateway',
    message: 'Istio Gateway for cluster-local traffic (<namespace>/<name>)',
    description: "KServe's values and Knative's config-istio both name it: the activator and InferenceService-to-InferenceService calls go through it",
    default: i.localGateway,
    prefill: true,
    validate: field('ingress.istio.localGateway'),
  });
  if (i.localGateway === DEFAULT_LOCAL_GATEWAY) return;
  // A custom local gateway: its own pods (an Istio gateway chart release named after the Service),
  // selected by their labels, serving the namespaces InferenceServices run in.
  const [ns, name] = i.localGateway.split('/') as [string, string];
  const derived = wasDefaultLocal || i.localGatewayService === DEFAULT_LOCAL_SERVICE;
  i.localGatewayService = await ask.input({
    id: 'ingress.istio.localGatewayService',
    message: `Service (FQDN) of the pods behind ${i.localGateway}`,
    description: 'Knative and KServe send cluster-local traffic to this Service; helm/istio-gateway.values.yaml creates it with its pods',
    default: derived ? `${name}.${ns}.svc.cluster.local` : i.localGatewayService,
    validate: serviceHost('ingress.istio.localGatewayService'),
  });
  const serviceName = i.localGatewayService.split('.')[0]!;
  const selector = derived || sameLabels(i.localGatewaySelector, { istio: 'ingressgateway' }) ? { istio: serviceName } : i.localGatewaySelector;
  i.localGatewaySelector = await askLabels(ask, 'ingress.istio.localGatewaySelector', `Labels of the pods behind ${i.localGateway} (key=value, comma-separated)`, selector);
  i.servingNamespaces = await askList(
    ask,
    'ingress.istio.servingNamespaces',
    `Namespaces ${i.localGateway} serves (comma-separated; empty: all namespaces)`,
    i.servingNamespaces,
    'The hosts *.<ns>, *.<ns>.svc and *.<ns>.svc.cluster.local of the local Gateway; the example InferenceService runs in the first',
  );
}

function serviceHost(path: string): Validate {
  return (v) => {
    const ok = checkField(path, v);
    if (ok !== true) return ok;
    // The same rule resolve() applies: Knative and KServe address gateway Services by FQDN.
    return v.split('.')[2] === 'svc' ? true : 'is not a Service host name — write it as <service>.<namespace>.svc.cluster.local';
  };
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** "a=b, c=d" -> { a: "b", c: "d" }, or the problem with the text. `example` shows the expected form. */
export function parsePairs(text: string, example: string): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) return `${JSON.stringify(part)} is not key=value — write it like ${example}`;
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

export function parseLabels(text: string): Record<string, string> | string {
  const labels = parsePairs(text, 'istio=custom-local-gateway');
  if (typeof labels === 'object' && Object.keys(labels).length === 0) {
    return 'is empty, so the gateway would select no pods — give the labels of the gateway pods, e.g. istio=ingressgateway';
  }
  return labels;
}

const formatLabels = (labels: Record<string, string>) => Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');

async function askLabels(ask: Ask, path: string, message: string, current: Record<string, string>): Promise<Record<string, string>> {
  const text = await ask.input({
    id: path,
    message,
    description: 'The Istio Gateway selects the gateway pods by these labels; the operator re-labels the Gateways it ships to match',
    default: formatLabels(current),
    validate: (v) => {
      const labels = parseLabels(v);
      return typeof labels === 'string' ? labels : checkField(path, labels);
    },
  });
  return parseLabels(text) as Record<string, string>;
}

export function parseList(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

async function askList(ask: Ask, path: string, message: string, current: string[], description: string): Promise<string[]> {
  const text = await ask.input({ id: path, message, description, default: current.join(','), validate: (v) => checkField(path, parseList(v)) });
  return parseList(text);
}

async function askKnative(ask: Ask, p: Preset, r: Release): Promise<void> {
  const tested = r.tested.knativeServing;
  const which = await ask.select<string>({
    id: 'knative.version',
    message: 'Knative Serving version',
    default: p.knative.version === '' ? '' : OTHER,
    choices: [
      { name: `${tested} (tested with KServe ${r.minor})`, value: '', description: `The version KServe ${r.minor}'s own CI and quick install used` },
      { name: 'Another version...', value: OTHER, description: `Any Knative Serving from ${MIN_KNATIVE}; config-istio is written in the format that version reads` },
    ],
  });
  p.knative.version =
    which === ''
      ? ''
      : await ask.input({
          id: 'knative.version.other',
          message: 'Knative Serving version (e.g. 1.15.2)',
          description: 'config-istio is written in the format this version reads; INSTALL.md installs the matching operator',
          default: p.knative.version || tested,
          validate: (v) => {
            const ok = checkField('knative.version', v);
            if (ok !== true) return ok;
            if (v === '') return `is empty — write a version such as ${tested}`;
            return knativeSupported(knativeVersionOf(v)) ? true : `is older than this tool supports — use ${MIN_KNATIVE} or newer`;
          },
        });
  p.knative.install = await ask.select<Preset['knative']['install']>({
    id: 'knative.install',
    message: 'How Knative Serving is installed',
    default: p.knative.install,
    choices: [
      { name: 'Knative Operator', value: 'operator', description: 'Settings go into the KnativeServing resource; INSTALL.md installs the operator' },
      { name: 'Release YAML (already installed)', value: 'manifests', description: 'Settings are written as patches of config-istio, config-domain and config-deployment' },
    ],
  });
}

async function askOffline(ask: Ask, p: Preset, mode: Mode): Promise<void> {
  const o = p.offline;
  o.enabled = await ask.confirm({
    id: 'offline.enabled',
    message: 'Air-gapped install (every image pulled from your mirror registry)?',
    description: 'Yes: every image is rewritten to your mirror, images.txt lists what to copy, and INSTALL.md installs charts from local files',
    default: o.enabled,
  });
  if (!o.enabled) {
    // Leftovers would only be ignored with a warning.
    p.offline = validatePreset({ kserve: { version: p.kserve.version } }).offline;
    return;
  }
  o.registry = await ask.input({
    id: 'offline.registry',
    message: 'Mirror registry prefix (host[:port][/path]) every image is rewritten to',
    description: 'Every image reference in the values and manifests starts with it',
    default: o.registry,
    validate: (v) => (v === '' ? 'is empty — write a registry prefix such as registry.example.internal:5000' : checkField('offline.registry', v)),
  });
  o.imagePullSecrets = await askList(ask, 'offline.imagePullSecrets', 'Image pull Secrets for the mirror (comma-separated; empty: none)', o.imagePullSecrets,
    'Every chart and the Knative Operator reference them; INSTALL.md creates them in each namespace that pulls from the mirror');
  if (mode === 'knative') {
    o.skipTagResolving = await askList(
      ask,
      'offline.skipTagResolving',
      'Other registries Knative must not resolve tags for (comma-separated; the mirror is always included)',
      o.skipTagResolving,
      "registries-skipping-tag-resolving in Knative's config-deployment: Knative's controller cannot reach those registries",
    );
  } else {
    o.skipTagResolving = [];
  }
  const example = 'kserve/kserve-controller=sha256:<64 hex digits>';
  const digests = await ask.input({
    id: 'offline.imageDigests',
    message: 'Pin images by digest (repository=sha256:..., comma-separated; empty: none)',
    description: 'A pinned image is written as tag@sha256:... everywhere it is used, and copied by digest (images.txt)',
    default: Object.entries(o.imageDigests).map(([k, v]) => `${k}=${v}`).join(','),
    validate: (v) => {
      const map = parsePairs(v, example);
      return typeof map === 'string' ? map : checkField('offline.imageDigests', map);
    },
  });
  o.imageDigests = parsePairs(digests, example) as Record<string, string>;
}

async function askStorage(ask: Ask, p: Preset, r: Release, options: WizardOptions): Promise<{ credentials?: Credentials; credentialSource?: CredentialSource }> {
  await askCaBundle(ask, p, r, options);
  const sc = p.storage.storageConfig;
  sc.enabled = await ask.confirm({
    id: 'storage.storageConfig.enabled',
    message: 'Write a storage-config Secret for S3-compatible model storage?',
    description: 'Yes: a storage-config Secret per namespace in secrets/ (mode 0600), and an example InferenceService that loads its model through it',
    default: sc.enabled,
  });
  if (!sc.enabled) {
    sc.embedCertificate = false;
    return {};
  }
  await askS3(ask, p, r);
  return askCredentials(ask, sc.secretName, options);
}

async function askCaBundle(ask: Ask, p: Preset, r: Release, options: WizardOptions): Promise<void> {
  const ca = p.storage.caBundle;
  if (!r.features.caBundleConfigMap) {
    ask.note(`(No CA bundle question: KServe ${r.version} cannot mount one into the storage initializer; caBundleConfigMapName arrived in 0.12.)`);
    ca.file = '';
    return;
  }
  const privateCa = await ask.confirm({
    id: 'wizard.privateCa',
    message: 'Is model storage (S3, MinIO, HTTPS) behind a private CA the storage initializer must trust?',
    description: 'Yes: a ConfigMap with the CA (manifests/), mounted into every storage initializer through caBundleConfigMapName',
    default: ca.file !== '',
  });
  ca.file = privateCa
    ? await ask.input({
        id: 'storage.caBundle.file',
        message: 'PEM file with the CA certificate(s)',
        description: 'Copied into certs/ and into the CA ConfigMap; give only certificates, never a key',
        default: ca.file,
        validate: (v) => (v.trim() === '' ? 'is empty — give the path of a PEM file' : options.checkCaFile ? options.checkCaFile(v) : true),
      })
    : '';
}

async function askS3(ask: Ask, p: Preset, r: Release): Promise<void> {
  const sc = p.storage.storageConfig;
  const s3 = sc.s3;
  const text = (key: 'endpoint' | 'region' | 'bucket', message: string, description: string) =>
    ask.input({ id: `storage.storageConfig.s3.${key}`, message, description, default: s3[key], validate: field(`storage.storageConfig.s3.${key}`) });
  s3.endpoint = await text('endpoint', 'S3 endpoint host[:port] (empty: AWS S3)', 'The endpoint_url of the Secret; KServe and ModelMesh both read it');
  s3.region = await text('region', 'S3 region (empty: none)', 'The region of the Secret');
  s3.bucket = await text('bucket', 'Default bucket (empty: each InferenceService names its own)', 'bucket (KServe) and default_bucket (ModelMesh) of the Secret');
  if (s3.endpoint !== '') {
    s3.useHttps = await ask.confirm({
      id: 'storage.storageConfig.s3.useHttps',
      message: `Talk to ${s3.endpoint} over HTTPS?`,
      description: 'The endpoint_url of the Secret starts with https:// or http://',
      default: s3.useHttps,
    });
  }
  if (s3.useHttps) {
    s3.verifySSL = await ask.confirm({
      id: 'storage.storageConfig.s3.verifySSL',
      message: "Verify the endpoint's certificate?",
      description: 'verify_ssl in the Secret: no only for test endpoints with self-signed certificates',
      default: s3.verifySSL,
    });
  }
  sc.namespaces = await askList(
    ask,
    'storage.storageConfig.namespaces',
    'Namespaces to create the Secret in, beside the InferenceServices (comma-separated; empty: the serving namespaces, else kserve-test)',
    sc.namespaces,
    'One secrets/<ns>.<name>.yaml per namespace: an InferenceService reads the Secret from its own namespace',
  );
  const caFile = p.storage.caBundle.file;
  if (caFile !== '' && r.features.storageSpecCaBundleField) {
    sc.embedCertificate = await ask.confirm({
      id: 'storage.storageConfig.embedCertificate',
      message: 'Also embed the CA certificate in the Secret (the field ModelMesh reads)?',
      description: 'The certificate field of the Secret carries the PEM text, which ModelMesh reads',
      default: sc.embedCertificate,
    });
  } else {
    if (caFile !== '') ask.note(`(Not embedding the CA in the Secret: KServe ${r.version} reads that field as a file path, ModelMesh as PEM text.)`);
    sc.embedCertificate = false;
  }
}

async function askCredentials(ask: Ask, secretName: string, options: WizardOptions): Promise<{ credentials?: Credentials; credentialSource?: CredentialSource }> {
  const kept = options.keptCredentials?.(secretName);
  const source = await ask.select<CredentialSource>({
    id: 'wizard.credentials',
    message: 'S3 credentials for the Secret',
    default: kept ? 'keep' : options.envCredentials ? 'env' : 'placeholders',
    choices: [
      ...(kept ? [{ name: 'Keep the ones already written', value: 'keep' as const, description: `Taken from ${kept} in the output folder and written again` }] : []),
      {
        name: 'From AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY',
        value: 'env',
        description: 'Read from the environment now; written only into secrets/ (mode 0600), never into kserve-config.yaml',
        ...(options.envCredentials ? {} : { disabled: 'not set in this environment' }),
      },
      { name: 'Type them now (hidden)', value: 'prompt', description: 'Asked with masked input; written only into secrets/ (mode 0600), never shown or kept elsewhere' },
      { name: 'Placeholders', value: 'placeholders', description: `The Secret carries REPLACE_WITH_... values to fill in before applying it${kept ? ` (they replace those in ${kept})` : ''}` },
    ],
  });
  if (source !== 'prompt') return { credentialSource: source };
  const required: Validate = (v) => (v === '' ? 'is empty — type the value, or go back and choose placeholders' : true);
  const description = 'Written only into secrets/ (mode 0600); never shown, never kept in kserve-config.yaml';
  const accessKeyId = await ask.password({ id: 'wizard.accessKeyId', message: 'Access key ID', description, validate: required });
  const secretAccessKey = await ask.password({ id: 'wizard.secretAccessKey', message: 'Secret access key', description, validate: required });
  return { credentials: { accessKeyId, secretAccessKey }, credentialSource: 'prompt' };
}

async function askRollout(ask: Ask, p: Preset, r: Release, mode: Mode): Promise<void> {
  const d = p.deployment;
  if (mode === 'knative') {
    // Knative rolls revisions out itself; only how long a revision may take is configurable here.
    d.progressDeadline = await ask.input({
      id: 'deployment.progressDeadline',
      message: "Knative progress deadline, how long a revision may take to become ready (e.g. 600s; empty: Knative's default)",
      description: "Knative's progress-deadline in config-deployment: a revision that is not ready by then fails",
      default: d.progressDeadline,
      validate: field('deployment.progressDeadline'),
    });
    return;
  }
  d.progressDeadline = '';
  if (mode === 'modelmesh') return;
  if (!r.features.deploymentStrategy) {
    ask.note(`(No rollout questions: InferenceService deploymentStrategy arrived in KServe 0.13.0-rc1; ${r.version} uses Kubernetes' default.)`);
    return;
  }
  d.strategy.type = await ask.select<Preset['deployment']['strategy']['type']>({
    id: 'deployment.strategy.type',
    message: 'How predictors roll out a new version',
    default: d.strategy.type,
    choices: [
      { name: 'RollingUpdate', value: 'RollingUpdate', description: 'Replace pods a few at a time: no downtime, briefly old and new side by side' },
      { name: 'Recreate', value: 'Recreate', description: 'Stop every old pod first: never two versions at once, but a gap in service' },
    ],
  });
  if (d.strategy.type !== 'RollingUpdate') return;
  d.strategy.maxSurge = await ask.input({
    id: 'deployment.strategy.maxSurge',
    message: 'Extra pods allowed during a rollout (a count or a percentage)',
    description: 'deploymentStrategy of every predictor (and, from 0.16, the cluster-wide default rollout)',
    default: d.strategy.maxSurge,
    validate: field('deployment.strategy.maxSurge'),
  });
  d.strategy.maxUnavailable = await ask.input({
    id: 'deployment.strategy.maxUnavailable',
    message: 'Pods that may be unavailable during a rollout (a count or a percentage)',
    description: 'deploymentStrategy of every predictor (and, from 0.16, the cluster-wide default rollout)',
    default: d.strategy.maxUnavailable,
    validate: field('deployment.strategy.maxUnavailable'),
  });
}

/** The preset without keys that equal their defaults (except the few that say what it is about). */
function prune(p: Preset): Record<string, unknown> {
  // The optional llm section's defaults too: a section equal to them is left out like any other.
  const defaults = { ...validatePreset({ kserve: { version: p.kserve.version } }), llm: llmOf({}) } as unknown as Record<string, unknown>;
  const walk = (value: Record<string, unknown>, def: Record<string, unknown>, prefix: string): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const path = prefix ? `${prefix}.${key}` : key;
      const d = def[key];
      // Recurse into the schema's own sections only; label and digest maps are values in one piece.
      const section = schemaAt(path)?.properties !== undefined;
      if (ALWAYS_KEPT.has(path)) out[key] = v;
      else if (section) {
        const sub = walk(v as Record<string, unknown>, d as Record<string, unknown>, path);
        if (Object.keys(sub).length) out[key] = sub;
      } else if (JSON.stringify(v) !== JSON.stringify(d)) out[key] = v;
    }
    return out;
  };
  return walk(p as unknown as Record<string, unknown>, defaults, '');
}
