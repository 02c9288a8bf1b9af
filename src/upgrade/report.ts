/**
 * The upgrade as data (`--format json`), as a short listing (`--dry-run`), and the context
 * templates/UPGRADE.md.hbs renders.
 */
import semver from 'semver';
import { TOOL_NAME, TOOL_VERSION } from '../generated/meta.js';
import type { ChartDiff } from './values-diff.js';
import type { UpgradeContext, UpgradeStep } from './types.js';

export interface UpgradeResult {
  ctx: UpgradeContext;
  steps: UpgradeStep[];
  values: ChartDiff[];
}

const versions = (ctx: UpgradeContext, which: 'from' | 'to') => {
  const r = ctx[which].resolved;
  return {
    kserve: r.release.version,
    mode: r.modeName,
    charts: r.release.charts.map((c) => c.name),
    knativeServing: r.knative?.version ?? null,
    knativeOperator: r.knative?.install === 'operator' ? r.knative.operatorVersion : null,
    istio: r.usesIstio ? r.istio.version : null,
    certManager: r.release.tested.certManager,
    gatewayApi: r.gatewayApi?.installCrds ? r.gatewayApi.crdVersion : null,
    kubernetesTested: r.release.tested.kubernetes,
  };
};

export function toJson(result: UpgradeResult): string {
  const { ctx, steps, values } = result;
  const report = {
    from: versions(ctx, 'from'),
    to: versions(ctx, 'to'),
    steps: steps.map((s, i) => ({
      number: i + 1,
      id: s.id,
      layer: s.layer,
      title: s.title,
      why: s.why,
      commands: s.commands,
      check: s.check,
      expect: s.expect,
      rollback: s.rollback,
      rollbackNote: s.rollbackNote ?? null,
      minKubernetes: s.minKubernetes ?? null,
    })),
    values: Object.fromEntries(values.map((d) => [d.chart, d])),
    files: [...ctx.extraFiles.values()].map((f) => ({ path: f.path, why: f.why })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function toText(result: UpgradeResult, out: string, written: boolean): string {
  const { ctx, steps, values } = result;
  const lines = [
    `${written ? 'Wrote' : 'Would write'} ${out}/ for KServe ${ctx.to.resolved.release.version} and UPGRADE.md: ${steps.length} steps from ${ctx.from.resolved.release.version}${written ? '' : ' (nothing written: --dry-run)'}:`,
  ];
  steps.forEach((s, i) => {
    lines.push(`  ${String(i + 1).padStart(2)}. ${s.title}`);
    if (!written) for (const c of s.commands) lines.push(`        ${c}`);
  });
  if (!written) {
    lines.push('', 'Values changes (per chart):');
    for (const d of values) {
      lines.push(`  ${d.chart}${d.previousChart ? ` (was ${d.previousChart})` : ''}: ${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed, ${d.moved.length} moved`);
      for (const c of [...d.changed, ...d.added, ...d.removed, ...d.moved]) lines.push(`    ${c.key}: ${show(c.old)} -> ${show(c.new)} (${c.reason})`);
    }
  } else {
    lines.push(`Next: follow ${out}/UPGRADE.md step by step.`);
  }
  return `${lines.join('\n')}\n`;
}

const show = (v: unknown) => (v === null || v === undefined ? '-' : JSON.stringify(v));
/** A table cell: JSON text in backticks, pipes escaped. */
const cell = (v: unknown) => (v === null || v === undefined ? '' : `\`${JSON.stringify(v).replace(/\|/g, '\\|')}\``);

/** The Kubernetes versions steps need, in step order. */
function kubernetesFloors(steps: UpgradeStep[]): { step: number; title: string; version: string }[] {
  return steps.flatMap((s, i) => (s.minKubernetes ? [{ step: i + 1, title: s.title, version: s.minKubernetes }] : []));
}

export function markdownContext(result: UpgradeResult): Record<string, unknown> {
  const { ctx, steps, values } = result;
  const from = versions(ctx, 'from');
  const to = versions(ctx, 'to');
  const stops = (layer: string) => steps.filter((s) => s.layer === layer).map((s) => s.title).join('; ');
  const row = (component: string, a: string | null, b: string | null, layer?: string) =>
    a === null && b === null ? [] : [{ component, from: a ?? '—', to: b ?? '—', steps: layer ? stops(layer) : '' }];
  const floors = kubernetesFloors(steps);
  return {
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    folder: ctx.folder,
    from,
    to,
    modeLabel: from.mode === to.mode ? `${to.mode} mode` : `${from.mode} mode, called ${to.mode} from 0.16`,
    usesIstio: to.istio !== null,
    kong: ctx.to.resolved.kong !== undefined,
    splitRelease: ctx.from.resolved.release.features.splitCharts,
    changes: [
      ...row('KServe', `${from.kserve} (${from.charts.join(', ')})`, `${to.kserve} (${to.charts.join(', ')})`, 'kserve'),
      ...row('Deployment mode', from.mode, to.mode),
      ...row('cert-manager', `v${from.certManager}`, `v${to.certManager}`, 'cert-manager'),
      ...row('Istio', from.istio, to.istio, 'istio'),
      ...row('Gateway API CRDs', from.gatewayApi && `v${from.gatewayApi}`, to.gatewayApi && `v${to.gatewayApi}`, 'gateway-api'),
      ...row(
        'Knative Serving',
        from.knativeServing && `${from.knativeServing}${from.knativeOperator ? ` (operator ${from.knativeOperator})` : ''}`,
        to.knativeServing && `${to.knativeServing}${to.knativeOperator ? ` (operator ${to.knativeOperator})` : ''}`,
        'knative',
      ),
      ...row('Kubernetes (tested)', from.kubernetesTested, to.kubernetesTested),
    ],
    kubernetesFloors: floors,
    kubernetesMin: floors.length ? floors.reduce((a, b) => (semver.gt(b.version, a.version) ? b : a)).version : null,
    steps: steps.map((s, i) => ({ ...s, number: i + 1 })),
    values: values.map((d) => ({
      ...d,
      rows: [
        ...d.changed.map((c) => ({ kind: 'changed', key: c.key, old: cell(c.old), new: cell(c.new), reason: c.reason })),
        ...d.added.map((c) => ({ kind: 'added', key: c.key, old: '', new: cell(c.new), reason: c.reason })),
        ...d.removed.map((c) => ({ kind: 'removed', key: c.key, old: cell(c.old), new: '', reason: c.reason })),
        ...d.moved.map((c) => ({ kind: `moved from ${c.fromChart}`, key: c.key, old: cell(c.old), new: cell(c.new), reason: c.reason })),
      ],
    })),
    files: [...ctx.extraFiles.values()].sort((a, b) => (a.path < b.path ? -1 : 1)).map((f) => ({ path: f.path, why: f.why })),
  };
}
