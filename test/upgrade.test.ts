/**
 * `upgrade` plans, checked as properties over every adjacent minor pair and the long jumps, for every
 * shipped preset: the new folder is exactly what generate writes for the target, every command reads
 * files that exist (or that an earlier command wrote), Knative/Istio/cert-manager never skip a minor
 * line, CRDs go before controllers, and the 0.17 migration keeps what Helm would delete.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KNATIVE_LINES, KNATIVE_OPERATOR_BUNDLED_LINES, knativeOperatorFor } from '../src/catalog/index.js';
import { planUpgrade } from '../src/upgrade/index.js';
import type { UpgradeStep } from '../src/upgrade/types.js';
import { generate, loadShippedPreset, shippedPresetNames } from './support/generate.js';
import { ALL_PAIRS, filesRead, filesWritten, presetRuns, writeFolder } from './support/upgrade.js';

const minor = (v: string) => semver.minor(v);
const versionIn = (title: string) => /(\d+\.\d+\.\d+)/.exec(title)?.[1];

type Plan = Awaited<ReturnType<typeof planUpgrade>>;
const plans: { name: string; sets: string[]; from: string; to: string; folder: string; plan: Plan }[] = [];
for (const name of shippedPresetNames()) {
  for (const [from, to] of ALL_PAIRS) {
    if (!presetRuns(name, from)) continue;
    const folder = writeFolder(name, from);
    plans.push({ name, sets: [], from, to, folder, plan: await planUpgrade(folder, to) });
  }
}
/** Knative installed from release YAML (ConfigMap patches instead of a KnativeServing), online and offline. */
const MANIFESTS: [string, string, string][] = [
  ['serverless-istio-custom-local-gateway', '0.13.1', '0.17.1'],
  ['serverless-istio', '0.11.2', '0.15.2'],
  ['offline-serverless', '0.15.2', '0.20.0'],
];
for (const [name, from, to] of MANIFESTS) {
  const sets = ['knative.install=manifests'];
  const folder = writeFolder(name, from, sets);
  plans.push({ name: `${name} (manifests)`, sets, from, to, folder, plan: await planUpgrade(folder, to) });
}

const layer = (steps: UpgradeStep[], l: string) => steps.filter((s) => s.layer === l);
const index = (steps: UpgradeStep[], id: string) => steps.findIndex((s) => s.id === id);

test('the new folder is byte for byte what generate writes for the target version', async () => {
  for (const { name, sets, to, plan } of plans) {
    const preset = loadShippedPreset(name.replace(/ \(manifests\)$/, ''));
    (preset.kserve as Record<string, unknown>).version = to;
    const expected = generate(preset, sets).files;
    const written = new Map(plan.files.map((f) => [f.path, f.content]));
    for (const [p, content] of expected) assert.is(written.get(p), content, `${name} -> ${to}: ${p}`);
    const extra = [...written.keys()].filter((p) => !expected.has(p));
    assert.ok(extra.every((p) => p === 'UPGRADE.md' || p.startsWith('upgrade/')), `${name}: only UPGRADE.md and upgrade/ added, got ${extra.join(', ')}`);
  }
});

test('every command reads a file the new folder has, FOLDER has, or an earlier command wrote', async () => {
  for (const { name, from, to, folder, plan } of plans) {
    const have = new Set(plan.files.map((f) => f.path));
    const written = new Set<string>();
    const all = plan.steps.flatMap((s) => [...s.commands, ...s.check]);
    for (const command of [...all, ...plan.steps.flatMap((s) => s.rollback)]) {
      for (const f of filesRead(command)) {
        const dir = f.endsWith('/') ? f : null;
        // A folder an earlier `helm pull --untar` unpacked (Envoy Gateway's chart) provides what is under it.
        const unpacked = [...written].some((w) => w.endsWith('/') && f.startsWith(w));
        const ok = unpacked || (dir ? [...have].some((p) => p.startsWith(dir)) : have.has(f) || written.has(f) || (f.startsWith(`${plan.ctx.folder}/`) && existsSync(path.resolve(`${folder}-${to}`, f))));
        assert.ok(ok, `${name} ${from} -> ${to}: \`${command}\` reads ${f}, which nothing provides`);
      }
      for (const f of filesWritten(command)) written.add(f);
    }
  }
});

test('Knative steps never skip a minor line, and each operator bundles the Serving it runs', async () => {
  for (const { name, from, to, plan } of plans) {
    const f = plan.ctx.from.resolved.knative;
    const t = plan.ctx.to.resolved.knative;
    const steps = layer(plan.steps, 'knative');
    if (!f || !t) {
      assert.is(steps.length, 0);
      continue;
    }
    let serving = f.version;
    let operator = f.operatorVersion;
    for (const s of steps) {
      const next = /Serving (\d+\.\d+\.\d+)/.exec(s.title)?.[1] ?? /stays (\d+\.\d+\.\d+)/.exec(s.title)?.[1];
      const op = /operator (\d+\.\d+\.\d+)/i.exec(s.title)?.[1] ?? operator;
      assert.ok(next, s.title);
      assert.ok(minor(next!) - minor(serving) <= 1 && minor(next!) >= minor(serving), `${name} ${from} -> ${to}: ${serving} -> ${next} skips a line`);
      for (const v of t.install === 'operator' ? [serving, next!] : []) {
        const gap = minor(op) - minor(v);
        assert.ok(gap >= 0 && gap <= KNATIVE_OPERATOR_BUNDLED_LINES, `${name} ${from} -> ${to}: operator ${op} does not bundle Serving ${v}`);
      }
      assert.ok(semver.gte(op, operator), `operator ${operator} -> ${op} goes back`);
      [serving, operator] = [next!, op];
    }
    assert.is(serving, t.version, `${name} ${from} -> ${to}: ends at ${t.version}`);
    if (steps.length && t.install === 'operator') assert.is(operator, t.operatorVersion);
  }
});

test('Istio and cert-manager move one minor line per step and end at the versions the target was tested with', async () => {
  for (const { name, from, to, plan } of plans) {
    for (const [l, start, end] of [
      ['istio', plan.ctx.from.resolved.istio.version, plan.ctx.to.resolved.istio.version],
      ['cert-manager', plan.ctx.from.resolved.release.tested.certManager, plan.ctx.to.resolved.release.tested.certManager],
    ] as const) {
      const steps = layer(plan.steps, l);
      if (l === 'istio' && plan.ctx.to.resolved.provider !== 'istio') continue;
      let v: string = start;
      for (const s of steps) {
        const next = versionIn(s.title)!;
        assert.is(minor(next) - minor(v), 1, `${name} ${from} -> ${to}: ${l} ${v} -> ${next}`);
        v = next;
      }
      assert.is(v, end, `${name} ${from} -> ${to}: ${l} ends at ${end}`);
    }
  }
});

test('CRDs before controllers, dependencies before KServe, backup before any change, verify last', async () => {
  for (const { name, from, to, plan } of plans) {
    const s = plan.steps;
    const at = (id: string) => index(s, id);
    const where = `${name} ${from} -> ${to}`;
    assert.is(s[0]!.id, 'preflight', where);
    assert.is(s[1]!.id, 'backup', where);
    assert.is(s[s.length - 1]!.id, 'verify', where);
    assert.ok(at('kserve-crds') > 1 && at('kserve-crds') < at('kserve-controller'), `${where}: CRDs before the controller`);
    for (const dep of s.filter((x) => ['cert-manager', 'istio', 'knative', 'gateway-api', 'kong'].includes(x.layer))) {
      assert.ok(index(s, dep.id) < at('kserve-crds'), `${where}: ${dep.title} before KServe`);
    }
    if (at('kserve-runtimes') >= 0) assert.ok(at('kserve-runtimes') > at('kserve-controller'), `${where}: runtimes after the controller`);
  }
});

test('the 0.17 migration keeps CRDs and ClusterServingRuntimes until their new releases own them', async () => {
  const migrations = plans.filter((p) => semver.lt(p.from, '0.17.0-rc0') && semver.gte(p.to, '0.17.0-rc0'));
  assert.ok(migrations.length > 0);
  for (const { name, from, to, plan } of migrations) {
    const where = `${name} ${from} -> ${to}`;
    const crd = plan.steps.find((s) => s.id === 'kserve-crds')!.commands;
    const keepCrds = crd.findIndex((c) => c.includes('crd') && c.includes('resource-policy=keep'));
    const upgradeCrds = crd.findIndex((c) => c.startsWith('helm upgrade kserve-crd'));
    assert.ok(keepCrds >= 0 && keepCrds < upgradeCrds, `${where}: CRDs kept before kserve-crd is upgraded`);
    const ctl = plan.steps.find((s) => s.id === 'kserve-controller')!.commands;
    const keepRuntimes = ctl.findIndex((c) => c.includes('clusterservingruntimes') && c.includes('resource-policy=keep'));
    const upgrade = ctl.findIndex((c) => /^helm upgrade kserve \S*kserve-resources/.test(c));
    assert.ok(keepRuntimes >= 0 && keepRuntimes < upgrade, `${where}: runtimes kept before the kserve release drops them (the release keeps its name kserve)`);
    const rt = plan.steps.find((s) => s.id === 'kserve-runtimes')!.commands;
    const own = rt.findIndex((c) => c.includes('release-name=kserve-runtime-configs'));
    const install = rt.findIndex((c) => c.startsWith('helm upgrade -i kserve-runtime-configs'));
    const unkeep = rt.findIndex((c) => c.includes('resource-policy-'));
    assert.ok(own >= 0 && own < install && install < unkeep, `${where}: annotate, install, then release the keep`);
  }
});

test('InferenceService mode annotations are fixed exactly when an upgrade crosses 0.16, status first on 0.16.x', async () => {
  for (const { name, from, to, plan } of plans) {
    const step = plan.steps.find((s) => s.id === 'isvc-mode-annotations');
    const crosses = semver.lt(from, '0.16.0-rc0') && semver.gte(to, '0.16.0-rc0');
    assert.is(step !== undefined, crosses, `${name} ${from} -> ${to}`);
    if (!step) continue;
    const statusFirst = step.commands.some((c) => c.includes('--subresource=status'));
    assert.is(statusFirst, semver.lt(to, '0.17.0-rc0'), `${name} ${from} -> ${to}: status patch only on 0.16.x`);
    assert.ok(step.commands.some((c) => c.includes('deploymentMode=Knative')) && step.commands.some((c) => c.includes('deploymentMode=Standard')));
  }
});

test('every step says why, and every changing step says how to undo it', async () => {
  for (const { name, from, to, plan } of plans) {
    for (const s of plan.steps) {
      assert.ok(s.why.length > 0 && s.commands.length > 0, `${name} ${from} -> ${to}: ${s.title}`);
      const changes = !['preflight', 'backup', 'mirror', 'verify'].includes(s.layer) && s.id !== 'rollout-patch';
      if (changes) assert.ok(s.rollback.length > 0 || /leave|rolled back/i.test(s.rollbackNote ?? ''), `${name} ${from} -> ${to}: ${s.title} has no rollback`);
    }
  }
});

test('values diff: the 0.16 mode rename and the 0.17 runtime move, each with a reason', async () => {
  const p = plans.find((x) => x.name === 'offline-serverless' && x.from === '0.15.2' && x.to === '0.20.0')!.plan;
  const main = p.values.find((d) => d.chart === 'kserve-resources')!;
  assert.is(main.previousChart, 'kserve');
  const mode = main.changed.find((c) => c.key === 'kserve.controller.deploymentMode')!;
  assert.equal([mode.old, mode.new], ['Serverless', 'Knative']);
  assert.match(mode.reason, /renamed/);
  const runtimes = p.values.find((d) => d.chart === 'kserve-runtime-configs')!;
  const moved = runtimes.moved.find((m) => m.key === 'kserve.servingruntime.sklearnserver.image')!;
  assert.is(moved.fromChart, 'kserve');
  assert.match(String(moved.old), /registry\.example\.internal:5000\/kserve\/sklearnserver/);
  assert.match(moved.reason, /0\.17/);
  const tag = main.changed.find((c) => c.key === 'kserve.controller.tag')!;
  assert.match(tag.reason, /follows the KServe version/);
  for (const d of p.values) for (const c of [...d.added, ...d.removed, ...d.changed, ...d.moved]) assert.ok(c.reason.length > 10, `${d.chart} ${c.key}`);
});

test('Knative from release YAML: each stop applies its release, its patches and its post-install job; config-istio keys in the old format go', async () => {
  const p = plans.find((x) => x.name === 'serverless-istio-custom-local-gateway (manifests)')!.plan;
  const steps = layer(p.steps, 'knative');
  assert.equal(steps.map((s) => versionIn(s.title)), ['1.14.1', '1.15.3', '1.16.3', '1.17.1', '1.18.2', '1.19.8', '1.20.3', '1.21.1']);
  const first = steps[0]!.commands;
  assert.ok(first.includes('kubectl apply -f https://github.com/knative/serving/releases/download/knative-v1.14.1/serving-core.yaml'));
  assert.ok(first.includes('kubectl apply -f https://github.com/knative-extensions/net-istio/releases/download/knative-v1.14.2/net-istio.yaml'));
  assert.ok(first.includes('kubectl apply --server-side --force-conflicts -f upgrade/knative-1.14.1/'));
  assert.ok(first.some((c) => c.includes('patch configmap config-istio') && c.includes('"local-gateway.istio-system.custom-local-gateway":null')), 'legacy keys removed when the lists take over');
  assert.ok(first.some((c) => c.endsWith('/knative-v1.14.1/serving-post-install-jobs.yaml')));
  const offline = plans.find((x) => x.name === 'offline-serverless (manifests)')!.plan;
  const step = layer(offline.steps, 'knative')[0]!;
  assert.ok(step.commands.includes('kubectl apply -f charts/knative-serving-v1.16.3-core.yaml'), 'offline: the release YAML from charts/');
  assert.ok(step.commands.some((c) => c.startsWith('kubectl set image deployment/controller -n knative-serving controller=registry.example.internal:5000/')));
  assert.ok(offline.steps.find((s) => s.id === 'mirror')!.commands.some((c) => c.endsWith('/knative-v1.16.3/serving-core.yaml')));
});

test("storage: the keys FOLDER's Secrets hold are carried over, and the Secret is re-applied only when its format changes", async () => {
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
  const keys = { accessKeyId: 'AKIAEXAMPLEKEY', secretAccessKey: 'example-secret-key' };
  const folder = writeFolder('private-ca-s3', '0.12.0-rc1', ['storage.storageConfig.embedCertificate=false'], undefined, keys);
  const p = await planUpgrade(folder, '0.12.1');
  const secret = p.files.find((f) => f.path.startsWith('secrets/'))!.content;
  assert.ok(secret.includes('AKIAEXAMPLEKEY') && !secret.includes('REPLACE_WITH_'), 'the keys, not placeholders');
  assert.ok(secret.includes('ca_bundle'), '0.12.0 reads ca_bundle');
  const step = p.steps.find((s) => s.id === 'storage-secrets')!;
  assert.ok(step.commands.every((c) => c.startsWith('kubectl apply -f secrets/')));
  assert.not.match(step.why.join(' '), /REPLACE_WITH_/);
  assert.equal(p.ctx.edited, [], 'the re-rendered installed folder matches the files on disk');
  const same = await planUpgrade(writeFolder('private-ca-s3', '0.15.2', [], undefined, keys), '0.16.0');
  assert.not.ok(same.steps.some((s) => s.id === 'storage-secrets'), 'an unchanged Secret is not applied again');
});

test('offline: every intermediate image and chart is listed for the mirror', async () => {
  const p = plans.find((x) => x.name === 'offline-serverless' && x.from === '0.15.2' && x.to === '0.20.0')!.plan;
  const images = p.files.find((f) => f.path === 'upgrade/images.txt')!.content;
  for (const ref of ['docker.io/istio/pilot:1.24.6', 'gcr.io/knative-releases/knative.dev/serving/cmd/controller:v1.16.3', 'gcr.io/knative-releases/knative.dev/operator/cmd/operator:v1.18.3']) {
    assert.ok(images.includes(`${ref} `), ref);
  }
  const mirror = p.steps.find((s) => s.id === 'mirror')!;
  assert.ok(mirror.commands.some((c) => c.includes('knative-operator-v1.19.6.tgz')));
  assert.is(new Set(mirror.commands).size, mirror.commands.length, 'no command twice');
});

test('knative.version left empty follows the catalog; a chosen Serving version runs under the newest operator of its line', async () => {
  assert.is(knativeOperatorFor('1.19.8'), '1.19.6');
  assert.is(knativeOperatorFor('1.9.0'), '1.9.0');
  for (const [line, row] of Object.entries(KNATIVE_LINES)) {
    assert.is(`${semver.major(row.serving)}.${semver.minor(row.serving)}`, line);
    assert.is(`${semver.major(row.operator)}.${semver.minor(row.operator)}`, line);
  }
});

test('LLM stack: its CRDs before its controller, before the presets; what a release stops rendering is kept first (0.16 rename, 0.19 createGIECRDs)', async () => {
  const llm = plans.filter((p) => p.name === 'llm-envoy-ai-gateway');
  assert.ok(llm.length >= 4, `${llm.length} LLM upgrade plans`);
  for (const { from, to, plan } of llm) {
    const s = plan.steps;
    const where = `llm ${from} -> ${to}`;
    const at = (id: string) => index(s, id);
    assert.ok(at('llm-inference-extension') > 1 && at('llm-inference-extension') < at('llm-controller'), `${where}: inference extension CRDs before the controller`);
    assert.ok(at('llm-crds') > at('kserve-crds') && at('llm-crds') < at('llm-controller'), `${where}: LLM CRDs after KServe's, before the controller`);
    assert.ok(at('llm-controller') > at('kserve-controller') && at('llm-controller') < at('kserve-runtimes'), `${where}: controller before the presets`);
    const commands = (id: string) => s.find((x) => x.id === id)!.commands;
    const before = (list: string[], a: RegExp, b: RegExp) => {
      const i = list.findIndex((c) => a.test(c));
      const j = list.findIndex((c) => b.test(c));
      assert.ok(i >= 0 && j >= 0 && i < j, `${where}: ${a} before ${b} in ${JSON.stringify(list)}`);
    };
    if (semver.lt(from, '0.17.0-rc0')) {
      before(commands('llm-crds'), /annotate crd llminferenceservices\S* .*resource-policy=keep.*release-name=kserve-llmisvc-crd/, /^helm uninstall llmisvc-crd/);
      before(commands('llm-controller'), /annotate configmap inferenceservice-config .*resource-policy=keep/, /^helm uninstall llmisvc-resources/);
      before(commands('llm-controller'), /^kubectl annotate crd .*meta\.helm\.sh\/release-name=kserve-llmisvc-resources/, /^helm install kserve-llmisvc-resources/);
    } else if (semver.lt(from, '0.19.0-rc0') && semver.gte(to, '0.19.0-rc0')) {
      before(commands('llm-controller'), /^kubectl annotate crd .*inferencepools.*resource-policy=keep/, /^helm upgrade kserve-llmisvc-resources/);
    } else {
      assert.not.ok(commands('llm-controller').some((c) => c.includes('resource-policy')), `${where}: nothing to keep`);
    }
  }
});

test.run();
