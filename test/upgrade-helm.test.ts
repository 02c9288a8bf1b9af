/**
 * Both sides of every upgrade pair rendered with real Helm (helm v4.1.4) against the real charts in
 * ../shared/reference/charts: the installed values with the installed version's chart, the new values
 * with the new chart. Then what Helm would do on `helm upgrade` is read off the two renders: every
 * object the old release has and the new one lacks is deleted by Helm unless UPGRADE.md keeps it.
 */
import path from 'node:path';
import yaml from 'js-yaml';
import semver from 'semver';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { planUpgrade } from '../src/upgrade/index.js';
import type { Side } from '../src/upgrade/types.js';
import { REFERENCE_DIR } from './support/generate.js';
import { helmTemplate } from './support/helm.js';
import { ALL_PAIRS, presetRuns, writeFolder } from './support/upgrade.js';
import { existsSync, writeFileSync } from 'node:fs';
import { tempDir } from './support/cli.js';

type Obj = { kind: string; metadata: { name: string }; data?: Record<string, string>; spec?: any };
const CHART_DIRS: Record<string, string> = { main: 'kserve-resources', runtimeConfigs: 'kserve-runtime-configs' };

/** The reference chart folder for a values table on one side, or null where ../shared/reference has none. */
function chartDir(side: Side, table: string): string | null {
  const r = side.resolved;
  const at = (...p: string[]) => path.join(REFERENCE_DIR, 'charts', ...p);
  if (CHART_DIRS[table]) return at('kserve', `v${r.release.version}`, CHART_DIRS[table]!);
  if (table === 'kong') return at('kong', r.kong!.chartVersion, 'ingress');
  if (table === 'knativeOperator') return existsSync(at('knative-operator', r.knative!.operatorVersion)) ? at('knative-operator', r.knative!.operatorVersion, 'knative-operator') : null;
  return null;
}
const scratch = tempDir();

/** Sides repeat across pairs (0.15.2 is the start of three): each chart + values is rendered once. */
const renders = new Map<string, string>();

/** Renders one side's KServe charts with its own values; objects by chart table. */
function render(side: Side): Record<string, Obj[]> {
  const out: Record<string, Obj[]> = {};
  const tag = `v${side.resolved.release.version}`;
  for (const f of side.plan.files.filter((x) => x.chart && chartDir(side, x.chart.keys))) {
    const values = path.join(scratch, `${tag}-${f.chart!.keys}-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(values, side.files.find((r) => r.path === f.path)!.content);
    const namespace = 'namespace' in f.chart! ? String((f.chart as { namespace: string }).namespace) : side.preset.kserve.namespace;
    const args = [f.chart!.release, chartDir(side, f.chart!.keys)!, '-n', namespace];
    const content = side.files.find((r) => r.path === f.path)!.content;
    const cacheKey = `${args.join(' ')}\n${content}`;
    const text = renders.get(cacheKey) ?? helmTemplate([...args, '-f', values]);
    renders.set(cacheKey, text);
    out[f.chart!.keys] = (yaml.loadAll(text) as Obj[]).filter((d) => d && typeof d === 'object');
  }
  return out;
}

const id = (o: Obj) => `${o.kind}/${o.metadata.name}`;

/** Objects an upgrade may drop: what the configuration never uses, with the reason. */
function mayDrop(o: Obj, side: Side): string | null {
  if (/modelmesh/i.test(o.metadata.name) || o.metadata.name === 'model-serving-config-defaults' || /^(mlserver-1|ovms-1|triton-2|torchserve-0)\.x$/.test(o.metadata.name)) {
    return side.resolved.mode !== 'modelmesh' ? 'ModelMesh left the chart in 0.15.0-rc1; this configuration does not use it' : null;
  }
  if (o.kind === 'ValidatingWebhookConfiguration' && /^(localmodelcache|llminferenceservice|llminferenceserviceconfig)\./.test(o.metadata.name)) {
    return 'LocalModel and LLMInferenceService webhooks moved to their own charts in 0.17; this configuration installs neither';
  }
  if (id(o) === 'ClusterRole/kserve-addressable-resolver') return 'the 0.14 chart no longer ships it';
  return null;
}

const pairs = ['serverless-istio', 'raw-kong', 'offline-serverless'].flatMap((name) =>
  ALL_PAIRS.filter(([from]) => presetRuns(name, from)).map(([from, to]) => ({ name, from, to })),
);

for (const { name, from, to } of pairs) {
  test(`helm template on both sides: ${name} ${from} -> ${to}`, async () => {
    const plan = await planUpgrade(writeFolder(name, from), to);
    const before = render(plan.ctx.from);
    const after = render(plan.ctx.to);
    for (const [side, objs] of [
      [plan.ctx.from, before],
      [plan.ctx.to, after],
    ] as const) {
      const cm = objs.main!.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'inferenceservice-config')!;
      assert.is(JSON.parse(cm.data!.deploy!).defaultDeploymentMode, side.resolved.modeName, `${side.resolved.release.version}: rendered default mode`);
      const manager = objs.main!.find((o) => o.kind === 'Deployment' && o.metadata.name === 'kserve-controller-manager')!;
      const image: string = manager.spec.template.spec.containers.find((c: { name: string }) => c.name === 'manager').image;
      assert.match(image, new RegExp(`:v${side.resolved.release.version.replace(/\./g, '\\.')}(@|$)`), `${side.resolved.release.version}: controller image ${image}`);
    }
    for (const [side, objs] of [
      [plan.ctx.from, before],
      [plan.ctx.to, after],
    ] as const) {
      const k = side.resolved.kong;
      if (k && objs.kong) {
        const env = JSON.stringify(objs.kong.filter((o) => o.kind === 'Deployment').map((o) => o.spec.template.spec.containers));
        assert.is(env.includes(side.resolved.preset.ingress.kong.controllerName), k.gatewayApi, `kong ${side.resolved.release.version}: the controller names its GatewayClass controller only with the Gateway API`);
      }
      if (objs.knativeOperator) {
        const op = objs.knativeOperator.find((o) => o.kind === 'Deployment' && o.metadata.name === 'knative-operator')!;
        assert.match(op.spec.template.spec.containers[0].image, new RegExp(`knative.dev/operator/cmd/operator:v${side.resolved.knative!.operatorVersion.replace(/\./g, '\\.')}`));
      }
    }
    const kept = new Set((after.runtimeConfigs ?? []).map(id));
    const newMain = new Set(after.main!.map(id));
    const controller = plan.steps.find((s) => s.id === 'kserve-controller')!;
    const keepsRuntimes = controller.commands.findIndex((c) => c.includes('clusterservingruntimes') && c.includes('resource-policy=keep'));
    const upgrades = controller.commands.findIndex((c) => c.startsWith('helm upgrade'));
    for (const o of before.main!.filter((x) => !newMain.has(id(x)))) {
      if (o.kind === 'ClusterServingRuntime' && kept.has(id(o))) {
        assert.ok(keepsRuntimes >= 0 && keepsRuntimes < upgrades, `${id(o)} leaves the main release and is kept before \`helm upgrade\``);
        assert.ok(plan.steps.some((s) => s.commands.some((c) => c.includes('release-name=kserve-runtime-configs'))), `${id(o)} is handed to kserve-runtime-configs`);
        continue;
      }
      assert.ok(mayDrop(o, plan.ctx.from), `${name} ${from} -> ${to}: Helm would delete ${id(o)}, which UPGRADE.md does not keep`);
    }
    if (before.runtimeConfigs && after.runtimeConfigs) {
      const dropped = before.runtimeConfigs.filter((o) => !kept.has(id(o)));
      assert.equal(dropped.map(id), [], 'kserve-runtime-configs drops no runtime between these versions');
    }
    if (semver.lt(from, '0.17.0-rc0') && semver.gte(to, '0.17.0-rc0')) assert.ok((after.runtimeConfigs ?? []).some((o) => o.kind === 'ClusterServingRuntime'), 'the new runtime chart renders the runtimes');
  });
}

test.run();
