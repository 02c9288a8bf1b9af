/**
 * Knative Serving, one minor line at a time (catalog/upgrade-paths.ts KNATIVE_LINES): through the
 * Knative Operator (a KnativeServing per stop) or, when it was installed from release YAML, by
 * applying each release's YAML in turn.
 */
import { isDeepStrictEqual } from 'node:util';
import yaml from 'js-yaml';
import semver from 'semver';
import { KNATIVE_LINES, linesBetween, minorLine } from '../../catalog/index.js';
import { buildPlan } from '../../plan/index.js';
import { knativeOperatorUrl } from '../../plan/charts.js';
import { renderPlan } from '../../render/index.js';
import { resolve, type KnativeSettings } from '../../resolve/index.js';
import type { Side, StepBuilder, UpgradeContext, UpgradeStep } from '../types.js';
import { isKnativeObject, jsonpath, step } from './common.js';
import { extraImages, offlineAt } from './versions.js';

/** One stop on the way: the Serving version, its operator, and the files that configure it. */
interface Stop {
  serving: string;
  operator: string;
  knative: KnativeSettings;
  /** Path (in the new folder) of the KnativeServing manifest, or of the folder of ConfigMap patches. */
  manifest: string;
  /** Offline: the operator's values file for this stop. */
  operatorValues: string | null;
}

const SERVING_RELEASES = 'https://github.com/knative/serving/releases/download';

export const knativeSteps: StepBuilder = (ctx) => {
  const from = ctx.from.resolved.knative;
  const to = ctx.to.resolved.knative;
  if (!from || !to || from.install !== to.install) return [];
  if (from.version === to.version && from.operatorVersion === to.operatorVersion && isDeepStrictEqual(knativeObjects(ctx.from), knativeObjects(ctx.to))) return [];
  const stops = [stopOf(ctx, ctx.from, 'from'), ...intermediateStops(ctx), stopOf(ctx, ctx.to, 'to')];
  const steps: UpgradeStep[] = [];
  for (let i = 1; i < stops.length; i++) {
    const [prev, next] = [stops[i - 1]!, stops[i]!];
    steps.push(to.install === 'operator' ? operatorStep(ctx, prev, next) : manifestsStep(ctx, prev, next));
  }
  return steps;
};

/** Knative's objects a side's manifests hold, parsed (comments differ between versions, objects need not). */
function knativeObjects(side: Side): unknown[] {
  return side.plan.files.filter((f) => f.object && isKnativeObject(f.object)).map((f) => yaml.load(side.files.find((r) => r.path === f.path)!.content));
}

/** The newest release of every Knative line between the installed and the target Serving. */
function intermediateStops(ctx: UpgradeContext): Stop[] {
  const from = ctx.from.resolved.knative!.version;
  const to = ctx.to.resolved.knative!.version;
  if (!semver.gt(to, from)) return [];
  return linesBetween(from, to).map((l) => {
    const known = KNATIVE_LINES[l];
    if (!known) throw new Error(`no Knative release known for the ${l} line`);
    return renderStop(ctx, ctx.to, known.serving, `an intermediate stop on the way to ${to}`);
  });
}

/** The configuration the target folder would have with Knative Serving `serving`, rendered and validated. */
function renderStop(ctx: UpgradeContext, side: Side, serving: string, role: string): Stop {
  const preset = structuredClone(side.preset);
  preset.knative.version = serving;
  const resolved = resolve(preset, side.inputs);
  const plan = buildPlan(resolved);
  const rendered = new Map(renderPlan(plan).map((f) => [f.path, f.content]));
  const dir = `upgrade/knative-${serving}`;
  const header = `# Knative Serving ${serving}, ${role} (Knative upgrades one minor version at a time).\n`;
  let operatorValues: string | null = null;
  for (const f of plan.files) {
    if (!(f.object && isKnativeObject(f.object)) && f.chart?.keys !== 'knativeOperator') continue;
    const name = f.path.split('/').pop()!.replace(/^\d+-/, '');
    const path = `${dir}/${name}`;
    if (f.chart) operatorValues = path;
    ctx.extraFiles.set(path, { path, content: header + rendered.get(f.path)!, why: `Knative Serving ${serving}, ${role}` });
  }
  const knative = resolved.knative!;
  if (resolved.offline && side === ctx.to) recordOffline(ctx, knative);
  return { serving, operator: knative.operatorVersion, knative, manifest: knative.install === 'operator' ? `${dir}/knativeserving-knative-serving.yaml` : `${dir}/`, operatorValues };
}

/** The installed stop (rendered into upgrade/ so its rollback has a file) or the target (the new folder's own files). */
function stopOf(ctx: UpgradeContext, side: Side, which: 'from' | 'to'): Stop {
  const knative = side.resolved.knative!;
  if (which === 'from') {
    const stop = renderStop(ctx, side, knative.version, 'what runs before the upgrade, for rolling the first Knative step back');
    return { ...stop, operator: knative.operatorVersion };
  }
  const manifests = side.plan.files.filter((f) => f.object && isKnativeObject(f.object));
  const operatorValues = side.plan.context.knativeOperatorChart?.path ?? null;
  return {
    serving: knative.version,
    operator: knative.operatorVersion,
    knative,
    manifest: knative.install === 'operator' ? manifests[0]!.path : manifests.map((m) => m.path).join(' -f '),
    operatorValues,
  };
}

function recordOffline(ctx: UpgradeContext, knative: KnativeSettings): void {
  const offline = offlineAt(ctx, { knative: { version: knative.version, operatorVersion: knative.operatorVersion } });
  for (const line of extraImages(ctx, offline)) ctx.extraImages.add(line);
  if (knative.install === 'operator') ctx.extraPulls.push(`curl -fsSL -o charts/knative-operator-v${knative.operatorVersion}.tgz ${knativeOperatorUrl(knative.operatorVersion)}`);
}

/** config-istio keys the previous stop set that the next does not (the format changes at 1.14 and for operator >= 1.21). */
function staleConfigIstio(prev: Stop, next: Stop): string[] {
  const keys = Object.keys(prev.knative.configIstio).filter((k) => !(k in next.knative.configIstio));
  if (keys.length === 0) return [];
  const patch = JSON.stringify({ data: Object.fromEntries(keys.map((k) => [k, null])) });
  return [`kubectl patch configmap config-istio -n knative-serving --type merge -p '${patch}'`];
}

/** The net-istio release of a Serving release's line (its own patch numbers). */
const netIstioOf = (serving: string) => KNATIVE_LINES[minorLine(serving)]?.netIstio ?? serving;
const minKubernetes = (serving: string) => KNATIVE_LINES[minorLine(serving)]?.minKubernetes;
const versionCheck = (min: string) => `kubectl version  # the server must be v${min} or newer: if not, stop and upgrade Kubernetes first`;

function operatorStep(ctx: UpgradeContext, prev: Stop, next: Stop): UpgradeStep {
  const offline = ctx.to.resolved.offline !== undefined;
  const chartRef = (v: string) => (offline ? `charts/knative-operator-v${v}.tgz` : knativeOperatorUrl(v));
  const commands: string[] = [];
  const rollback: string[] = [];
  const minK8s = minKubernetes(next.serving);
  if (minK8s) commands.push(versionCheck(minK8s));
  if (prev.operator !== next.operator) {
    commands.push(
      `helm upgrade knative-operator ${chartRef(next.operator)} -n knative-operator${next.operatorValues ? ` -f ${next.operatorValues}` : ''}`,
      'kubectl rollout status deployment/knative-operator -n knative-operator --timeout=300s',
    );
  }
  // Ready may still be the old version's: wait for the operator to report the new version first.
  const ready = (v: string) => [
    `kubectl wait --for=jsonpath='{.status.version}'=${v} knativeserving/knative-serving -n knative-serving --timeout=600s`,
    'kubectl wait --for=condition=Ready knativeserving/knative-serving -n knative-serving --timeout=600s',
  ];
  commands.push(`kubectl apply --server-side -f ${next.manifest}`, ...staleConfigIstio(prev, next), ...ready(next.serving));
  rollback.push(`kubectl apply --server-side -f ${prev.manifest}`, ...staleConfigIstio(next, prev), ...ready(prev.serving));
  if (prev.operator !== next.operator) rollback.push('helm rollback knative-operator -n knative-operator');
  const why = [
    prev.serving === next.serving
      ? `KServe ${ctx.to.resolved.release.minor} installs Knative through operator ${next.operator}, which still bundles Serving ${next.serving}.`
      : `Knative Serving upgrades one minor version at a time (knative.dev/docs/install/upgrade), and the operator refuses larger jumps ("not supported to upgrade or downgrade across multiple MINOR versions", knative/operator pkg/reconciler/common/releases.go): ${prev.serving} to ${next.serving}.`,
  ];
  if (prev.operator !== next.operator) why.push(`Operator ${next.operator} bundles Serving ${minorLine(next.serving)} and the three lines before it, so it keeps ${prev.serving} running until the KnativeServing asks for ${next.serving}.`);
  if (minK8s) why.push(`Knative ${minorLine(next.serving)} refuses Kubernetes older than v${minK8s} (knative.dev/pkg version.go defaultMinimumVersion).`);
  return step({
    id: `knative-${next.serving}${prev.serving === next.serving ? '-operator' : ''}`,
    layer: 'knative',
    title: prev.serving === next.serving ? `Knative Operator ${next.operator} (Serving stays ${next.serving})` : `Knative Serving ${next.serving} (operator ${next.operator})`,
    why,
    commands,
    check: [jsonpath('knativeserving knative-serving -n knative-serving', '{.status.version}'), 'kubectl get pods -n knative-serving'],
    expect: `\`${next.serving}\`, and every pod Running.`,
    rollback,
    rollbackNote: 'The operator allows a downgrade by one minor version; Serving goes back first, then the operator.',
    minKubernetes: minK8s,
  });
}

function manifestsStep(ctx: UpgradeContext, prev: Stop, next: Stop): UpgradeStep {
  const offline = ctx.to.resolved.offline !== undefined;
  const release = (s: Stop) => {
    const ni = netIstioOf(s.serving);
    return [
      { url: `${SERVING_RELEASES}/knative-v${s.serving}/serving-crds.yaml`, file: `charts/knative-serving-v${s.serving}-crds.yaml` },
      { url: `${SERVING_RELEASES}/knative-v${s.serving}/serving-core.yaml`, file: `charts/knative-serving-v${s.serving}-core.yaml` },
      { url: `https://github.com/knative-extensions/net-istio/releases/download/knative-v${ni}/net-istio.yaml`, file: `charts/net-istio-v${ni}.yaml` },
    ];
  };
  const apply = (s: Stop) => release(s).map((r) => `kubectl apply -f ${offline ? r.file : r.url}`);
  const postInstall = { url: `${SERVING_RELEASES}/knative-v${next.serving}/serving-post-install-jobs.yaml`, file: `charts/knative-serving-v${next.serving}-post-install-jobs.yaml` };
  if (offline) for (const r of [...release(next), postInstall, ...release(prev)]) ctx.extraPulls.push(`curl -fsSL -o ${r.file} ${r.url}`);
  // Offline, the release YAML names the public images: point the Deployments at the mirror again.
  const setImage = (s: Stop) =>
    (offlineAt(ctx, { knative: { version: s.serving, operatorVersion: s.operator } })?.knative?.setImage ?? []).map(
      (i) => `kubectl set image deployment/${i.workload} -n knative-serving ${i.container}=${i.image}`,
    );
  const wait = 'kubectl wait --for=condition=Available deployment --all -n knative-serving --timeout=300s';
  const minK8s = minKubernetes(next.serving);
  const ni = netIstioOf(next.serving);
  return step({
    id: `knative-${next.serving}`,
    layer: 'knative',
    title: `Knative Serving ${next.serving} (release YAML)`,
    why: [
      `Knative Serving upgrades one minor version at a time (knative.dev/docs/install/upgrade): ${prev.serving} to ${next.serving}, with net-istio ${ni}; the post-install job migrates stored objects to the new storage versions (knative.dev/docs/install/upgrade/upgrade-installation).`,
      `The ConfigMap patches go on again after each release YAML${staleConfigIstio(prev, next).length ? ', and config-istio keys in the old format are removed (net-istio refuses both formats at once)' : ''}.`,
      ...(minK8s ? [`Knative ${minorLine(next.serving)} refuses Kubernetes older than v${minK8s} (knative.dev/pkg version.go defaultMinimumVersion).`] : []),
    ],
    commands: [
      ...(minK8s ? [versionCheck(minK8s)] : []),
      ...apply(next),
      ...setImage(next),
      `kubectl apply --server-side --force-conflicts -f ${next.manifest}`,
      ...staleConfigIstio(prev, next),
      wait,
      `kubectl create -f ${offline ? postInstall.file : postInstall.url}`,
    ],
    check: [jsonpath('deployment controller -n knative-serving', '{.metadata.labels.app\\.kubernetes\\.io/version}'), 'kubectl get pods -n knative-serving'],
    expect: `\`${next.serving}\`, and every pod Running.`,
    rollback: [...apply(prev), ...setImage(prev), `kubectl apply --server-side --force-conflicts -f ${prev.manifest}`, ...staleConfigIstio(next, prev), wait],
    minKubernetes: minK8s,
  });
}
