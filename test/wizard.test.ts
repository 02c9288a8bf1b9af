/**
 * The wizard's flow (src/wizard/flow.ts) driven by a fake Ask with canned answers: which questions
 * are asked for each version and mode, and which preset object comes out. Every produced preset
 * must validate and generate like a preset file; for each shipped preset's scenario the wizard's
 * answers must generate exactly the files the shipped preset does.
 * Also: runInteractive's review/confirm/retry (src/wizard/index.ts) and checkField.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { latestPerMinor } from '../src/catalog/index.js';
import { UserError } from '../src/errors.js';
import { checkField, validatePreset } from '../src/preset/validate.js';
import type { Ask, ConfirmQuestion, InputQuestion, PasswordQuestion, SelectQuestion } from '../src/wizard/ask.js';
import { isCancel } from '../src/wizard/ask.js';
import { OTHER, runWizard, type WizardOptions } from '../src/wizard/flow.js';
import { checkCaFile, runInteractive } from '../src/wizard/index.js';
import { REPO_ROOT, generate, loadShippedPreset } from './support/generate.js';
import { tempDir } from './support/cli.js';

/**
 * An answer: the value to give, a list of values of which all but the last must be refused by the
 * question's validator (typing mistakes, then the fix), or a function of how often the question
 * was asked before (for runs that go round twice). A question without an answer takes its default,
 * as pressing Enter does.
 */
type Answer = unknown;

interface FakeAsk extends Ask {
  /** Question ids in the order asked. */
  asked: string[];
  notes: string[];
  questions: Map<string, SelectQuestion<unknown> | InputQuestion | ConfirmQuestion | PasswordQuestion>;
  /** Answers never asked for: a misspelt id, or a question the flow should have asked and did not. */
  unused(): string[];
}

function fakeAsk(answers: Record<string, Answer> = {}): FakeAsk {
  const asked: string[] = [];
  const notes: string[] = [];
  const questions: FakeAsk['questions'] = new Map();
  const used = new Set<string>();
  const answerFor = (q: { id: string }): { given: boolean; value?: unknown } => {
    const nth = asked.filter((id) => id === q.id).length;
    asked.push(q.id);
    questions.set(q.id, q as never);
    if (!Object.hasOwn(answers, q.id)) return { given: false };
    used.add(q.id);
    const a = answers[q.id];
    return { given: true, value: typeof a === 'function' ? (a as (n: number) => unknown)(nth) : a };
  };
  const typed = (q: InputQuestion | PasswordQuestion, value: unknown): string => {
    const attempts = Array.isArray(value) ? (value as string[]) : [value as string];
    attempts.forEach((attempt, i) => {
      const ok = q.validate ? q.validate(attempt) : true;
      if (i < attempts.length - 1) assert.type(ok, 'string', `${q.id}: ${JSON.stringify(attempt)} should be refused`);
      else if (ok !== true) assert.unreachable(`${q.id}: ${JSON.stringify(attempt)} was refused: ${ok}`);
    });
    return attempts[attempts.length - 1]!;
  };
  return {
    asked,
    notes,
    questions,
    unused: () => Object.keys(answers).filter((id) => !used.has(id)),
    async select<T>(q: SelectQuestion<T>): Promise<T> {
      const a = answerFor(q);
      const value = a.given ? (a.value as T) : q.default !== undefined ? q.default : q.choices.find((c) => !c.disabled)!.value;
      const choice = q.choices.find((c) => c.value === value);
      if (!choice) assert.unreachable(`${q.id}: ${JSON.stringify(value)} is not a choice (${q.choices.map((c) => String(c.value)).join(', ')})`);
      if (choice!.disabled) assert.unreachable(`${q.id}: ${JSON.stringify(value)} is disabled: ${String(choice!.disabled)}`);
      return value;
    },
    async input(q) {
      const a = answerFor(q);
      return typed(q, a.given ? a.value : (q.default ?? ''));
    },
    async confirm(q) {
      const a = answerFor(q);
      return a.given ? Boolean(a.value) : (q.default ?? false);
    },
    async password(q) {
      const a = answerFor(q);
      if (!a.given) assert.unreachable(`${q.id}: a password has no default, the test must answer it`);
      return typed(q, a.value);
    },
    note(text) {
      notes.push(text);
    },
  };
}

async function wizard(answers: Record<string, Answer>, options: WizardOptions = {}) {
  const ask = fakeAsk(answers);
  const result = await runWizard(ask, options);
  assert.equal(ask.unused(), [], 'every canned answer was asked for');
  return { ...result, ask };
}

/** Same files, same bytes: the wizard's answers and the preset describe the same install. */
function assertSameOutput(fromWizard: Map<string, string>, fromPreset: Map<string, string>, context: string): void {
  assert.equal([...fromWizard.keys()].sort(), [...fromPreset.keys()].sort(), `${context}: file lists`);
  for (const [p, content] of fromPreset) assert.fixture(fromWizard.get(p)!, content, `${context}: ${p}`);
}

const DIGEST = 'sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0';

test('all defaults: the newest release, Knative mode, Istio — the same preset as --yes', async () => {
  const { preset, credentials, ask } = await wizard({});
  const newest = latestPerMinor()[0]!;
  assert.equal(preset, { kserve: { version: newest }, deploymentMode: 'Knative', ingress: { provider: 'istio' } });
  assert.is(credentials, undefined);
  // --yes validates { kserve: { version: newest } } (src/cli.ts defaultAnswers): the same install.
  // Only kserve-config.yaml differs: the wizard spells the mode the way the chosen version does.
  const yes = generate({ kserve: { version: newest } }).files;
  const yesConfig = yes.get('kserve-config.yaml')!;
  assert.match(yesConfig, '\ndeploymentMode: "Serverless"\n');
  yes.set('kserve-config.yaml', yesConfig.replace('\ndeploymentMode: "Serverless"\n', '\ndeploymentMode: "Knative"\n'));
  // The checksums file lists kserve-config.yaml's hash, so it differs the same way.
  const wizardFiles = generate(preset).files;
  for (const files of [yes, wizardFiles]) files.delete('.create-kserve-config.sha256');
  assertSameOutput(wizardFiles, yes, '--yes');
  assert.equal(ask.asked, [
    'kserve.version',
    'llm.enabled',
    'kserve.namespace',
    'deploymentMode',
    'ingress.provider',
    'ingress.istio.ingressGateway',
    'ingress.istio.localGateway',
    'ingress.domain',
    'ingress.urlScheme',
    'knative.version',
    'knative.install',
    'offline.enabled',
    'wizard.privateCa',
    'storage.storageConfig.enabled',
    'deployment.progressDeadline',
  ]);
});

test('the version list: newest first, one per minor line, tested versions in each description', async () => {
  const { ask } = await wizard({});
  const q = ask.questions.get('kserve.version') as SelectQuestion<string>;
  const versions = q.choices.map((c) => c.value).filter((v) => /^\d/.test(v));
  assert.equal(versions, latestPerMinor());
  const c015 = q.choices.find((c) => c.value === '0.15.2')!;
  assert.match(c015.description!, 'Knative Serving 1.15.2');
  assert.match(c015.description!, 'Istio 1.23.2');
  assert.match(c015.description!, 'Gateway API 1.2.1');
  assert.match(q.choices.find((c) => c.value === '0.14.1')!.description!, 'no Gateway API');
});

test('a release candidate through "another release"', async () => {
  const { preset } = await wizard({ 'kserve.version': OTHER, 'kserve.version.other': '0.16.0-rc1' });
  assert.equal(preset.kserve, { version: '0.16.0-rc1' });
  assert.is(preset.deploymentMode, 'Knative');
});

test('scenario serverless-istio (0.15.2): Serverless spelled the 0.15 way; generates what the shipped preset does', async () => {
  const { preset, ask } = await wizard({ 'kserve.version': '0.15.2' });
  assert.equal(preset, { kserve: { version: '0.15.2' }, deploymentMode: 'Serverless', ingress: { provider: 'istio' } });
  const modes = (ask.questions.get('deploymentMode') as SelectQuestion<string>).choices.map((c) => c.name);
  assert.equal(modes, ['Serverless', 'RawDeployment'], '0.15.2 has no ModelMesh (removed in 0.15.0-rc1)');
  assertSameOutput(generate(preset).files, generate(loadShippedPreset('serverless-istio')).files, 'serverless-istio');
});

test('scenario custom local gateway: Service, selector and serving namespaces follow the gateway name', async () => {
  const { preset, ask } = await wizard({
    'kserve.version': '0.15.2',
    // A typo first (no namespace), then the real name.
    'ingress.istio.localGateway': ['custom-local-gateway', 'istio-system/custom-local-gateway'],
    'ingress.istio.servingNamespaces': ['online_serving', 'online-serving'],
  });
  assert.equal(preset, {
    kserve: { version: '0.15.2' },
    deploymentMode: 'Serverless',
    ingress: {
      provider: 'istio',
      istio: {
        localGateway: 'istio-system/custom-local-gateway',
        localGatewayService: 'custom-local-gateway.istio-system.svc.cluster.local',
        localGatewaySelector: { istio: 'custom-local-gateway' },
        servingNamespaces: ['online-serving'],
      },
    },
  });
  assert.is((ask.questions.get('ingress.istio.localGatewayService') as InputQuestion).default, 'custom-local-gateway.istio-system.svc.cluster.local');
  assert.is((ask.questions.get('ingress.istio.localGatewaySelector') as InputQuestion).default, 'istio=custom-local-gateway');
  assert.ok(!ask.asked.includes('ingress.istio.ingressGatewayService'), 'the default ingress gateway needs no Service question');
  assertSameOutput(
    generate(preset).files,
    generate(loadShippedPreset('serverless-istio-custom-local-gateway')).files,
    'custom local gateway',
  );
});

test('gateway, selector and Service inputs refuse what the schema refuses', async () => {
  const { ask } = await wizard({ 'kserve.version': '0.15.2', 'ingress.istio.localGateway': 'istio-system/custom-local-gateway' });
  const v = (id: string, value: string) => (ask.questions.get(id) as InputQuestion).validate!(value);
  assert.is(v('ingress.istio.localGateway', 'istio-system/custom-local-gateway'), true);
  for (const bad of ['istio-system', 'Istio-System/gw', 'a/b/c', '/gw', 'ns/-gw']) {
    assert.match(String(v('ingress.istio.localGateway', bad)), '<namespace>/<name>', bad);
  }
  assert.match(String(v('ingress.istio.localGatewayService', 'custom-local-gateway.istio-system')), '<service>.<namespace>.svc.cluster.local');
  assert.is(v('ingress.istio.localGatewaySelector', 'istio=custom-local-gateway,app=gw'), true);
  assert.match(String(v('ingress.istio.localGatewaySelector', '')), 'select no pods');
  assert.match(String(v('ingress.istio.localGatewaySelector', 'istio')), 'key=value');
  assert.match(String(v('ingress.istio.localGatewaySelector', 'istio=-bad-')), 'label values');
  assert.match(String(v('ingress.istio.servingNamespaces', 'a,a')), 'listed twice');
  assert.match(String(v('kserve.namespace', 'KServe')), 'DNS-1123');
});

test('scenario raw-kong (0.15.2): Kong through the Gateway API, rollout one pod at a time', async () => {
  const { preset, ask } = await wizard({
    'kserve.version': '0.15.2',
    deploymentMode: 'standard',
    'ingress.provider': 'kong',
    'ingress.gateway.className': ['', 'kong'],
    'ingress.gateway.listenerName': ['Proxy', 'proxy'],
    'ingress.gateway.listenerPort': ['0', 'eighty', '80'],
    'deployment.strategy.maxSurge': ['one', '1'],
    'deployment.strategy.maxUnavailable': '0',
  });
  // ingress.kong.* (v1) and ingress.gateway.* (v2) name the same Gateway: the wizard keeps them equal.
  assert.equal(preset, {
    kserve: { version: '0.15.2' },
    deploymentMode: 'RawDeployment',
    ingress: { provider: 'kong', kong: { listenerName: 'proxy' }, gateway: { listenerName: 'proxy' } },
    deployment: { strategy: { maxSurge: '1', maxUnavailable: '0' } },
  });
  const kong = (ask.questions.get('ingress.provider') as SelectQuestion<string>).choices.find((c) => c.value === 'kong')!;
  assert.not.ok(kong.disabled);
  assert.match(kong.description!, 'Gateway API');
  for (const id of ['ingress.gateway.name', 'ingress.gateway.className', 'deployment.strategy.type']) assert.ok(ask.asked.includes(id), id);
  assert.not.ok(ask.asked.includes('ingress.gatewayApi'), "Istio's Gateway API switch is not asked for Kong");
  for (const id of ['knative.version', 'knative.install', 'deployment.progressDeadline', 'ingress.istio.localGateway', 'offline.skipTagResolving']) {
    assert.not.ok(ask.asked.includes(id), `${id} is not asked in RawDeployment mode`);
  }
  assertSameOutput(generate(preset).files, generate(loadShippedPreset('raw-kong')).files, 'raw-kong');
});

test('Kong on 0.14.1: allowed, described as the Ingress-of-class-kong fallback, no Gateway questions', async () => {
  const { preset, ask } = await wizard({ 'kserve.version': '0.14.1', deploymentMode: 'standard', 'ingress.provider': 'kong' });
  assert.equal(preset, { kserve: { version: '0.14.1' }, deploymentMode: 'RawDeployment', ingress: { provider: 'kong' } });
  const kong = (ask.questions.get('ingress.provider') as SelectQuestion<string>).choices.find((c) => c.value === 'kong')!;
  assert.not.ok(kong.disabled);
  assert.match(kong.description!, 'Ingress objects of class kong');
  assert.match(kong.description!, 'No Gateway API before KServe 0.15');
  for (const id of ['ingress.gateway.name', 'ingress.gateway.className', 'ingress.gateway.listenerPort']) {
    assert.not.ok(ask.asked.includes(id), `${id} is not asked before 0.15`);
  }
  const g = generate(preset);
  assert.ok(g.files.has('helm/kong.values.yaml'));
  assert.not.ok([...g.files.keys()].some((p) => p.includes('gatewayclass')), 'no GatewayClass before 0.15');
  // Nothing was asked about a Gateway, so nothing warns that Gateway settings are unused; a set one does.
  assert.ok(g.plan.warnings.some((w) => w.includes('Ingress objects of class kong') && !w.includes('not used')), g.plan.warnings.join('\n'));
  const custom = generate({ ...preset, ingress: { provider: 'kong', kong: { gateway: 'kong/my-gateway' } } });
  assert.ok(custom.plan.warnings.some((w) => w.includes('Ingress objects of class kong') && w.includes('not used')));
});

test('Kong is disabled, with the reason, in Serverless/Knative and ModelMesh modes', async () => {
  for (const [version, mode, reason] of [
    ['0.15.2', 'knative', 'needs RawDeployment mode'],
    ['0.20.0', 'knative', 'needs Standard mode'],
    ['0.14.1', 'modelmesh', 'ModelMesh mode has no ingress'],
  ] as const) {
    const { ask, preset } = await wizard({ 'kserve.version': version, deploymentMode: mode });
    const kong = (ask.questions.get('ingress.provider') as SelectQuestion<string>).choices.find((c) => c.value === 'kong')!;
    assert.match(String(kong.disabled), reason, `${version} ${mode}`);
    assert.is((preset.ingress as { provider: string }).provider, 'istio');
    generate(preset);
  }
  // The fake refuses a disabled choice, as Inquirer does.
  try {
    await runWizard(fakeAsk({ 'kserve.version': '0.15.2', 'ingress.provider': 'kong' }));
    assert.unreachable('Kong was accepted in Serverless mode');
  } catch (err) {
    assert.match(String((err as Error).message), 'disabled');
  }
});

test('ModelMesh is offered only where the chart installs it; ModelMesh asks no ingress details or rollout', async () => {
  const modes = async (version: string) => {
    const { ask } = await wizard({ 'kserve.version': version });
    return (ask.questions.get('deploymentMode') as SelectQuestion<string>).choices.map((c) => c.name);
  };
  assert.equal(await modes('0.14.1'), ['Serverless', 'RawDeployment', 'ModelMesh']);
  assert.equal(await modes('0.16.0'), ['Knative', 'Standard']);
  const { preset, ask } = await wizard({ 'kserve.version': '0.14.1', deploymentMode: 'modelmesh' });
  assert.equal(preset, { kserve: { version: '0.14.1' }, deploymentMode: 'ModelMesh', ingress: { provider: 'istio' } });
  for (const id of ['ingress.domain', 'ingress.istio.localGateway', 'deployment.strategy.type', 'deployment.progressDeadline', 'knative.install']) {
    assert.not.ok(ask.asked.includes(id), id);
  }
  generate(preset);
});

test('scenario offline (0.15.2): mirror registry, pull secret, digest; generates what offline-serverless does', async () => {
  const { preset, ask } = await wizard({
    'kserve.version': '0.15.2',
    'offline.enabled': true,
    'offline.registry': ['', 'https://registry.example.internal:5000', 'registry.example.internal:5000'],
    'offline.imagePullSecrets': ['Mirror_Pull', 'mirror-pull'],
    'offline.imageDigests': ['kserve/kserve-controller=sha256:abc', `kserve/kserve-controller=${DIGEST}`],
  });
  assert.equal(preset, {
    kserve: { version: '0.15.2' },
    deploymentMode: 'Serverless',
    ingress: { provider: 'istio' },
    offline: {
      enabled: true,
      registry: 'registry.example.internal:5000',
      imagePullSecrets: ['mirror-pull'],
      imageDigests: { 'kserve/kserve-controller': DIGEST },
    },
  });
  assert.ok(ask.asked.includes('offline.skipTagResolving'), 'Knative mode asks for registries to skip tag resolution');
  assertSameOutput(generate(preset).files, generate(loadShippedPreset('offline-serverless')).files, 'offline-serverless');
});

test('offline with extra registries; outside Knative mode the Knative-only question is not asked', async () => {
  const { preset } = await wizard({
    'kserve.version': '0.20.0',
    'offline.enabled': true,
    'offline.registry': 'mirror.local:5000/kserve',
    'offline.skipTagResolving': 'nvcr.io, registry.local:5000',
  });
  assert.equal(preset.offline, { enabled: true, registry: 'mirror.local:5000/kserve', skipTagResolving: ['nvcr.io', 'registry.local:5000'] });
  assert.match(generate(preset).files.get('manifests/02-knativeserving-knative-serving.yaml')!, 'nvcr.io');
  const standard = await wizard({ 'kserve.version': '0.20.0', deploymentMode: 'standard', 'offline.enabled': true, 'offline.registry': 'mirror.local:5000' });
  assert.not.ok(standard.ask.asked.includes('offline.skipTagResolving'));
  generate(standard.preset);
});

test('scenario private CA + S3 (0.15.2) with credentials typed into the masked prompt', async () => {
  const { preset, credentials, ask } = await wizard(
    {
      'kserve.version': '0.15.2',
      'wizard.privateCa': true,
      'storage.caBundle.file': ['test/fixtures/missing.pem', 'test/fixtures/not-pem.txt', 'test/fixtures/private-key.pem', 'test/fixtures/private-ca.pem'],
      'storage.storageConfig.enabled': true,
      'storage.storageConfig.s3.endpoint': ['https://minio:9000', 'minio.storage.svc.cluster.local:9000'],
      'storage.storageConfig.s3.region': 'us-east-1',
      'storage.storageConfig.s3.bucket': 'models',
      'storage.storageConfig.embedCertificate': true,
      'wizard.credentials': 'prompt',
      'wizard.accessKeyId': ['', 'AKIAWIZARD'],
      'wizard.secretAccessKey': 'wizard-secret-value',
    },
    { checkCaFile: (file) => checkCaFile(file, REPO_ROOT) },
  );
  assert.equal(preset, {
    kserve: { version: '0.15.2' },
    deploymentMode: 'Serverless',
    ingress: { provider: 'istio' },
    storage: {
      caBundle: { file: 'test/fixtures/private-ca.pem' },
      storageConfig: {
        enabled: true,
        embedCertificate: true,
        s3: { endpoint: 'minio.storage.svc.cluster.local:9000', bucket: 'models', region: 'us-east-1' },
      },
    },
  });
  assert.equal(credentials, { accessKeyId: 'AKIAWIZARD', secretAccessKey: 'wizard-secret-value' });
  assert.not.ok(JSON.stringify(preset).includes('wizard-secret-value'), 'credentials are never part of the preset');
  const env = ask.questions.get('wizard.credentials') as SelectQuestion<string>;
  assert.match(String(env.choices.find((c) => c.value === 'env')!.disabled), 'not set');

  // The wizard's CA path is relative to the working folder (the repository root here).
  const withKeys = generate(preset, [], { baseDir: REPO_ROOT, credentials });
  const secret = withKeys.files.get('secrets/kserve-test.storage-config.yaml')!;
  assert.match(secret, 'wizard-secret-value');
  for (const [p, content] of withKeys.files) {
    if (!p.startsWith('secrets/')) assert.not.ok(content.includes('wizard-secret-value') || content.includes('AKIAWIZARD'), `${p} holds no credential`);
  }
  // Without typed keys (placeholders) it is exactly the shipped private-ca-s3 preset.
  assertSameOutput(generate(preset, [], { baseDir: REPO_ROOT }).files, generate(loadShippedPreset('private-ca-s3')).files, 'private-ca-s3');
});

test('no CA question on 0.11, and the note says why', async () => {
  const { ask, preset } = await wizard({ 'kserve.version': '0.11.2', 'storage.storageConfig.enabled': true });
  assert.not.ok(ask.asked.includes('wizard.privateCa'));
  assert.not.ok(ask.asked.includes('storage.storageConfig.embedCertificate'));
  assert.ok(ask.notes.some((n) => n.includes('0.11.2') && n.includes('arrived in 0.12')), ask.notes.join('\n'));
  generate(preset);
});

test('credentials from the environment when they are set; no password questions then', async () => {
  const { ask, credentials } = await wizard({ 'storage.storageConfig.enabled': true }, { envCredentials: true });
  assert.is((ask.questions.get('wizard.credentials') as SelectQuestion<string>).default, 'env');
  assert.not.ok(ask.asked.includes('wizard.accessKeyId'));
  assert.is(credentials, undefined, 'the CLI reads the environment itself');
});

test('RawDeployment before 0.13.0-rc1: no rollout questions, with the reason', async () => {
  const { ask } = await wizard({ 'kserve.version': '0.12.1', deploymentMode: 'standard' });
  assert.not.ok(ask.asked.includes('deployment.strategy.type'));
  assert.ok(ask.notes.some((n) => n.includes('0.13.0-rc1')));
});

test('Recreate asks no surge questions; Knative asks only the progress deadline', async () => {
  const { preset, ask } = await wizard({ 'kserve.version': '0.20.0', deploymentMode: 'standard', 'deployment.strategy.type': 'Recreate' });
  assert.equal(preset.deployment, { strategy: { type: 'Recreate' } });
  assert.not.ok(ask.asked.includes('deployment.strategy.maxSurge'));
  generate(preset);
  const knative = await wizard({ 'deployment.progressDeadline': ['600', '600s'] });
  assert.equal(knative.preset.deployment, { progressDeadline: '600s' });
  assert.match(generate(knative.preset).files.get('manifests/02-knativeserving-knative-serving.yaml')!, 'progress-deadline');
});

test('Knative: another Serving version and release-YAML installs', async () => {
  const { preset } = await wizard({
    'kserve.version': '0.15.2',
    'knative.version': OTHER,
    'knative.version.other': ['1.9.0', 'latest', '1.16.0'],
    'knative.install': 'manifests',
  });
  assert.equal(preset.knative, { version: '1.16.0', install: 'manifests' });
  generate(preset);
});

test('--edit: every shipped preset comes back unchanged when every answer is accepted', async () => {
  for (const name of ['serverless-istio', 'serverless-istio-custom-local-gateway', 'offline-serverless', 'raw-kong', 'private-ca-s3', 'llm-envoy-ai-gateway']) {
    const initial = loadShippedPreset(name);
    const { preset, ask } = await wizard({}, { initial });
    assert.equal(validatePreset(preset), validatePreset(initial), name);
    if (name === 'private-ca-s3') assert.ok(ask.asked.includes('wizard.credentials'));
  }
});

test('--edit: answers the version rules out are dropped, not carried over (Kong, Knative version, ModelMesh)', async () => {
  const initial = { kserve: { version: '0.14.1' }, deploymentMode: 'ModelMesh', ingress: { provider: 'kong' }, knative: { version: '1.13.1' } };
  const { preset } = await wizard({ 'kserve.version': '0.20.0' }, { initial });
  assert.equal(preset, { kserve: { version: '0.20.0' }, deploymentMode: 'Knative', ingress: { provider: 'istio' }, knative: { version: '1.13.1' } });
  const standard = await wizard({ deploymentMode: 'standard' }, { initial: { kserve: { version: '0.15.2' }, knative: { version: '1.15.2' } } });
  assert.equal(standard.preset.knative, undefined, 'knative.version is dropped outside Knative mode');
});

// runInteractive: folder first, review, change an answer

test('runInteractive: validates, reviews the planned files with their reasons, and returns the answers', async () => {
  const ask = fakeAsk({ 'kserve.version': '0.15.2', 'storage.storageConfig.enabled': true, 'wizard.credentials': 'prompt', 'wizard.accessKeyId': 'AK', 'wizard.secretAccessKey': 'very-secret' });
  const out = path.join(tempDir(), 'out');
  const r = await runInteractive({ ask, out, force: false, env: {}, cwd: REPO_ROOT });
  assert.is(r.out, out);
  assert.equal(r.credentials, { accessKeyId: 'AK', secretAccessKey: 'very-secret' });
  assert.is(r.answers.preset.kserve.version, '0.15.2');
  assert.is(ask.asked[0], 'wizard.out', 'the folder is asked first');
  assert.is(ask.asked[ask.asked.length - 1], 'wizard.review');
  const review = ask.notes.join('\n');
  assert.match(review, 'Review. Your answers:\n');
  assert.match(review, '\n  KServe version: 0.15.2\n');
  assert.match(review, '\n  Access key ID: (hidden)\n');
  assert.match(review, 'KServe 0.15.2, Serverless mode, Istio.');
  assert.match(review, 'secrets/kserve-test.storage-config.yaml (mode 0600)');
  assert.match(review, 'kserve-config.yaml\n      the fully resolved preset');
  assert.not.ok(review.includes('very-secret'), 'the review never shows a credential');
});

test('runInteractive: the review names the provider chosen, and the LLM stack alone without a mode', async () => {
  const envoy = fakeAsk({ 'kserve.version': '0.20.0', deploymentMode: 'standard', 'ingress.provider': 'envoy' });
  await runInteractive({ ask: envoy, out: path.join(tempDir(), 'out'), force: false, env: {}, cwd: REPO_ROOT });
  assert.match(envoy.notes.join('\n'), 'KServe 0.20.0, Standard mode, Envoy Gateway.');
  const llmAlone = fakeAsk({ 'kserve.version': '0.20.0', 'llm.enabled': 'llm', 'ingress.provider': 'envoy' });
  await runInteractive({ ask: llmAlone, out: path.join(tempDir(), 'out'), force: false, env: {}, cwd: REPO_ROOT });
  assert.match(llmAlone.notes.join('\n'), 'KServe 0.20.0, LLMInferenceServices only, Envoy Gateway.');
});

test('runInteractive: cancelling at the review cancels (exit 130 in the CLI); --edit pre-fills from a loaded preset', async () => {
  const ask = fakeAsk({ 'wizard.review': 'cancel' });
  const preset = validatePreset(loadShippedPreset('private-ca-s3'));
  try {
    await runInteractive({ ask, out: path.join(tempDir(), 'o'), force: false, env: {}, cwd: REPO_ROOT, initial: { preset, baseDir: path.join(REPO_ROOT, 'presets') } });
    assert.unreachable('expected a cancel');
  } catch (err) {
    assert.ok(isCancel(err), String(err));
  }
  // The preset's CA path (relative to presets/) is shown relative to the working folder.
  assert.is((ask.questions.get('storage.caBundle.file') as InputQuestion).default, 'presets/example-ca.pem');
});

test('runInteractive: an answer the pipeline refuses is shown; changing just that answer writes', async () => {
  // A typo of an image the install pulls: the pipeline refuses it (did you mean ...).
  const typoImage = `kserve/kserve-controler=${DIGEST}`;
  const ask = fakeAsk({
    'offline.enabled': true,
    'offline.registry': 'mirror.local:5000',
    'offline.imageDigests': (nth: number) => (nth === 0 ? typoImage : ''),
    'wizard.review': (nth: number) => (nth === 0 ? 'change' : 'write'),
    'wizard.change': 'offline.imageDigests',
  });
  const r = await runInteractive({ ask, out: path.join(tempDir(), 'o'), force: false, env: {}, cwd: REPO_ROOT });
  assert.ok(ask.notes.some((n) => n.startsWith('error: offline.imageDigests')), ask.notes.join('\n'));
  assert.is(ask.asked.filter((id) => id === 'kserve.version').length, 1, 'only the changed question is asked again');
  assert.is(ask.asked.filter((id) => id === 'offline.imageDigests').length, 2);
  assert.equal(r.answers.preset.offline.registry, 'mirror.local:5000', 'the other answers are kept');
  assert.equal(r.answers.preset.offline.imageDigests, {});

  const giveUp = fakeAsk({ 'offline.enabled': true, 'offline.registry': 'mirror.local:5000', 'offline.imageDigests': typoImage, 'wizard.review': 'cancel' });
  try {
    await runInteractive({ ask: giveUp, out: path.join(tempDir(), 'o'), force: false, env: {}, cwd: REPO_ROOT });
    assert.unreachable('expected the UserError');
  } catch (err) {
    assert.instance(err, UserError);
    assert.match((err as UserError).where, /^offline\.imageDigests/);
  }
});

test('runInteractive: changing the version at the review asks only what the new version makes new', async () => {
  const ask = fakeAsk({
    'kserve.version': (nth: number) => (nth === 0 ? '0.20.0' : '0.14.1'),
    deploymentMode: 'standard',
    'ingress.provider': 'kong',
    'wizard.review': (nth: number) => (nth === 0 ? 'change' : 'write'),
    'wizard.change': 'kserve.version',
  });
  const r = await runInteractive({ ask, out: path.join(tempDir(), 'o'), force: false, env: {}, cwd: REPO_ROOT });
  assert.is(r.answers.preset.kserve.version, '0.14.1');
  assert.is(r.answers.preset.deploymentMode, 'RawDeployment', 'the mode answer is kept, spelled for 0.14');
  assert.is(r.answers.preset.ingress.provider, 'kong');
  assert.is(ask.asked.filter((id) => id === 'deploymentMode').length, 1);
  assert.is(ask.asked.filter((id) => id === 'ingress.gateway.name').length, 1, 'no Gateway question on 0.14 (no Gateway API)');
});

test('runInteractive: the output folder comes first; a folder with files in it is overwritten, replaced or left', async () => {
  const cwd = tempDir();
  mkdirSync(path.join(cwd, 'taken'));
  writeFileSync(path.join(cwd, 'taken', 'mine.txt'), 'x');
  writeFileSync(path.join(cwd, 'a-file'), 'x');
  const overwrite = fakeAsk({ 'wizard.out': ['a-file', 'taken'], 'wizard.outExisting': 'overwrite' });
  const r = await runInteractive({ ask: overwrite, out: 'kserve-config', force: false, env: {}, cwd });
  assert.equal([r.out, r.force], ['taken', true]);
  assert.match((overwrite.questions.get('wizard.outExisting') as SelectQuestion<string>).message, 'taken is not empty');
  const other = fakeAsk({ 'wizard.out': (nth: number) => (nth === 0 ? 'taken' : 'fresh'), 'wizard.outExisting': 'other' });
  const r2 = await runInteractive({ ask: other, out: 'kserve-config', force: false, env: {}, cwd });
  assert.equal([r2.out, r2.force], ['fresh', false]);
  const cancel = fakeAsk({ 'wizard.out': 'taken', 'wizard.outExisting': 'cancel' });
  try {
    await runInteractive({ ask: cancel, out: 'kserve-config', force: false, env: {}, cwd });
    assert.unreachable('expected a cancel');
  } catch (err) {
    assert.ok(isCancel(err), String(err));
  }
  assert.equal(cancel.asked, ['wizard.out', 'wizard.outExisting'], 'nothing else is asked');
  const forced = fakeAsk({ 'wizard.out': 'taken' });
  assert.equal((await runInteractive({ ask: forced, out: 'x', force: true, env: {}, cwd })).force, true);
  assert.not.ok(forced.asked.includes('wizard.outExisting'), '--force already says overwrite');
});

test('the summary: the first INSTALL.md commands (cert-manager) and the command that repeats the run', async () => {
  const r = await runInteractive({ ask: fakeAsk({ 'kserve.version': '0.15.2' }), out: 'my out', force: false, env: {}, cwd: REPO_ROOT });
  const install = generate(r.answers.preset as unknown as Record<string, unknown>).files.get('INSTALL.md')!;
  const text = r.summary();
  const commands = text.split('\n').filter((l) => /^ {2}(kubectl|helm|while|mkdir)/.test(l));
  assert.equal(commands.map((c) => c.trim().split(' ')[0]), ['kubectl', 'kubectl']);
  for (const c of commands) assert.ok(install.includes(`\n${c.slice(2)}\n`), c);
  assert.match(text, "  cd 'my out'");
  assert.match(text, "Re-run without questions: create-kserve-config --preset 'my out/kserve-config.yaml' --out 'my out' --force");
});

test('checkField: one value against the schema, "<problem> — <fix>"', () => {
  assert.is(checkField('ingress.istio.localGateway', 'istio-system/custom-local-gateway'), true);
  assert.match(String(checkField('ingress.istio.localGateway', 'custom')), /is not valid here — write it as <namespace>\/<name>/);
  assert.match(String(checkField('ingress.kong.listenerPort', 70000)), 'out of range');
  assert.match(String(checkField('offline.imagePullSecrets', ['ok', 'Not_OK'])), 'Not_OK');
  assert.is(checkField('ingress.istio.localGatewaySelector', { istio: 'x' }), true);
  assert.match(String(checkField('offline.imageDigests', { 'kserve/kserve-controller': 'sha256:1' })), '64 lowercase hex');
  assert.throws(() => checkField('no.such.key', 'x'), /no preset key/);
});

test('the CA path is checked by the function the caller gives (the CLI reads the file), as typed', async () => {
  const seen: string[] = [];
  await wizard({ 'wizard.privateCa': true, 'storage.caBundle.file': 'x.pem' }, { checkCaFile: (f) => (seen.push(f), true) });
  assert.equal(seen, ['x.pem']);
});

// ---------------------------------------------------------------------------------------------
// Issue 23: the Gateway API providers (src/wizard/gateway-api.ts)

test('scenario raw-envoy-gateway (0.20.0): Envoy Gateway, the Gateway questions, same files as the shipped preset', async () => {
  const { preset, ask } = await wizard({ 'kserve.version': '0.20.0', deploymentMode: 'standard', 'ingress.provider': 'envoy', 'ingress.gateway.name': ['kserve', 'kserve/kserve-ingress-gateway'] });
  assert.equal(preset, { kserve: { version: '0.20.0' }, deploymentMode: 'Standard', ingress: { provider: 'envoy' } });
  for (const id of ['ingress.gateway.name', 'ingress.gateway.className', 'ingress.gateway.listenerName', 'ingress.gateway.listenerPort']) assert.ok(ask.asked.includes(id), id);
  for (const id of ['ingress.gatewayApi', 'ingress.istio.ingressGateway', 'ingress.gateway.tlsSecretName']) assert.not.ok(ask.asked.includes(id), id);
  const envoy = (ask.questions.get('ingress.provider') as SelectQuestion<string>).choices.find((c) => c.value === 'envoy')!;
  assert.match(envoy.description!, 'Envoy Gateway 1.8.1');
  assertSameOutput(generate(preset).files, generate(loadShippedPreset('raw-envoy-gateway')).files, 'raw-envoy-gateway');
});

test("scenario raw-istio-gateway-api (0.20.0): Istio, then its Gateway API switch; same files as the shipped preset", async () => {
  const { preset, ask } = await wizard({ 'kserve.version': '0.20.0', deploymentMode: 'standard', 'ingress.provider': 'istio', 'ingress.gatewayApi': true });
  assert.equal(preset, { kserve: { version: '0.20.0' }, deploymentMode: 'Standard', ingress: { provider: 'istio', gatewayApi: true } });
  assert.ok(ask.asked.includes('ingress.gateway.name'));
  assert.is((ask.questions.get('ingress.gateway.className') as InputQuestion).default, 'istio');
  assertSameOutput(generate(preset).files, generate(loadShippedPreset('raw-istio-gateway-api')).files, 'raw-istio-gateway-api');
  // Without the switch: Ingress objects of class istio, no Gateway questions.
  const { ask: plain } = await wizard({ 'kserve.version': '0.20.0', deploymentMode: 'standard' });
  assert.ok(plain.asked.includes('ingress.gatewayApi'));
  assert.not.ok(plain.asked.includes('ingress.gateway.name'));
});

test('a GatewayClass the cluster has: its name is required; https asks for the TLS Secret of the HTTPS listener', async () => {
  const { preset, ask } = await wizard({
    'kserve.version': '0.19.0',
    deploymentMode: 'standard',
    'ingress.provider': 'gatewayclass',
    'ingress.gateway.name': 'gateways/models',
    'ingress.gateway.className': ['', 'Bad_Name', 'gke-l7-rilb'],
    'ingress.urlScheme': 'https',
    'ingress.gateway.tlsSecretName': ['Not_A_Secret', 'models-tls'],
  });
  assert.equal((preset.ingress as Record<string, unknown>).gateway, { name: 'gateways/models', className: 'gke-l7-rilb', tlsSecretName: 'models-tls' });
  assert.ok(ask.asked.indexOf('ingress.gateway.tlsSecretName') > ask.asked.indexOf('ingress.urlScheme'));
  const g = generate(preset);
  assert.ok(g.files.has('manifests/02-gateway-models.yaml'), [...g.files.keys()].join(', '));
  assert.equal(g.plan.warnings, []);
});

test('Envoy Gateway and a GatewayClass are disabled, with the reason, outside Standard mode and before 0.15', async () => {
  for (const [version, mode, reason] of [
    ['0.20.0', 'knative', 'needs Standard mode'],
    ['0.14.1', 'standard', 'needs the Gateway API, which KServe has from 0.15.0-rc0'],
    ['0.14.1', 'modelmesh', 'ModelMesh mode has no ingress'],
  ] as const) {
    const { ask } = await wizard({ 'kserve.version': version, deploymentMode: mode });
    for (const value of ['envoy', 'gatewayclass']) {
      const choice = (ask.questions.get('ingress.provider') as SelectQuestion<string>).choices.find((c) => c.value === value)!;
      assert.match(String(choice.disabled), reason, `${value} ${version} ${mode}`);
    }
    assert.not.ok(ask.asked.includes('ingress.gatewayApi'), `${version} ${mode}: no Gateway API switch`);
  }
});

test('--edit from Kong to Envoy Gateway: the v1 Kong keys are dropped, the Gateway is kept', async () => {
  const initial = validatePreset({ kserve: { version: '0.18.1' }, deploymentMode: 'Standard', ingress: { provider: 'kong', kong: { gateway: 'edge/kong', listenerName: 'proxy' } } }) as unknown as Record<string, unknown>;
  const { preset } = await wizard({ 'ingress.provider': 'envoy' }, { initial });
  assert.equal((preset.ingress as Record<string, unknown>).kong, undefined);
  assert.equal((preset.ingress as Record<string, unknown>).gateway, { name: 'edge/kong', listenerName: 'proxy' });
  const g = generate(preset);
  assert.is((g.docs.get('manifests/02-gatewayclass-envoy.yaml')![0] as { metadata: { name: string } }).metadata.name, 'envoy');
});

test('LLM: InferenceServices and LLMInferenceServices on 0.20, Standard, Envoy Gateway: the shipped llm-envoy-ai-gateway preset', async () => {
  const { preset, ask } = await wizard({ 'llm.enabled': 'both', deploymentMode: 'standard', 'ingress.provider': 'envoy' });
  assert.equal(preset.llm, { enabled: true });
  // Only the providers that route LLMInferenceServices, each disabled one with the reason.
  const choices = (ask.questions.get('ingress.provider') as SelectQuestion<string>).choices;
  assert.match(String(choices.find((c) => c.value === 'kong')!.disabled), 'InferencePool');
  assert.match(String(choices.find((c) => c.value === 'gatewayclass')!.disabled), 'InferencePool');
  assert.match(choices.find((c) => c.value === 'envoy')!.description!, 'Envoy AI Gateway 1.0.0');
  assert.ok(ask.asked.includes('llm.multiNode') && ask.asked.includes('ingress.gateway.name'));
  assertSameOutput(generate(preset).files, generate(loadShippedPreset('llm-envoy-ai-gateway')).files, 'llm-envoy-ai-gateway');
});

test('LLM: Knative mode with both keeps Istio (Envoy Gateway disabled), asks the Gateway; the LLM stack alone skips mode, Knative and storage', async () => {
  const knative = await wizard({ 'llm.enabled': 'both', 'llm.multiNode': true });
  assert.equal(knative.preset.llm, { enabled: true, multiNode: true });
  assert.is(knative.preset.ingress && (knative.preset.ingress as { gatewayApi?: boolean }).gatewayApi, true, "Istio's Gateway API carries the LLM routes");
  const envoy = (knative.ask.questions.get('ingress.provider') as SelectQuestion<string>).choices.find((c) => c.value === 'envoy')!;
  assert.match(String(envoy.disabled), 'routes InferenceServices through Istio');
  assert.ok(knative.ask.asked.includes('ingress.gateway.name') && knative.ask.asked.includes('knative.version'));
  generate(knative.preset);

  const alone = await wizard({ 'llm.enabled': 'llm', 'ingress.provider': 'envoy' });
  for (const id of ['deploymentMode', 'knative.version', 'wizard.privateCa', 'storage.storageConfig.enabled', 'deployment.progressDeadline']) assert.not.ok(alone.ask.asked.includes(id), id);
  assert.equal(alone.preset.llm, { enabled: true, predictive: false });
  assert.not.ok(generate(alone.preset).files.has('examples/inferenceservice.yaml'));
});

test('LLM: 0.16 cannot run the stack alone (disabled with the reason); before 0.16 nothing is asked; the namespace must be kserve', async () => {
  const v16 = await wizard({ 'kserve.version': OTHER, 'kserve.version.other': '0.16.0', 'llm.enabled': 'both', deploymentMode: 'standard', 'ingress.provider': 'envoy' });
  const alone = (v16.ask.questions.get('llm.enabled') as SelectQuestion<string>).choices.find((c) => c.value === 'llm')!;
  assert.match(String(alone.disabled), 'needs KServe 0.17');
  generate(v16.preset);
  const v15 = await wizard({ 'kserve.version': '0.15.2' });
  assert.not.ok(v15.ask.asked.includes('llm.enabled'));
  const ns = await wizard({ 'llm.enabled': 'both', 'kserve.namespace': ['models', 'kserve'] });
  assert.is(ns.preset.kserve && (ns.preset.kserve as { namespace?: string }).namespace, undefined, 'kserve, the default, after models was refused');
});

test.run();
