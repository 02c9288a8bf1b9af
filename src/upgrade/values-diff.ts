/**
 * Key-by-key differences between the Helm values FOLDER installed and those of the new version, per
 * chart, each with its reason: the chart's key range (catalog/values-keys.ts), a rename or move the
 * catalog names, or the comment the generated file itself gives the key.
 */
import yaml from 'js-yaml';
import { isDeepStrictEqual } from 'node:util';
import { satisfies } from '../catalog/index.js';
import { valuesKeyRange, type ValuesTable } from '../catalog/values-keys.js';
import { leafPaths } from '../render/validate.js';
import type { Side } from './types.js';

interface ValueChange {
  key: string;
  old: unknown;
  new: unknown;
  reason: string;
}

interface MovedValue extends ValueChange {
  fromChart: string;
  toChart: string;
}

export interface ChartDiff {
  chart: string;
  /** The chart's name in the installed version, where it was renamed (kserve -> kserve-resources). */
  previousChart: string | null;
  file: string | null;
  previousFile: string | null;
  added: ValueChange[];
  removed: ValueChange[];
  changed: ValueChange[];
  moved: MovedValue[];
}

interface ValuesFile {
  table: ValuesTable;
  chart: string;
  path: string;
  values: Record<string, unknown>;
  comments: Map<string, string>;
  version: string;
}

const get = (o: unknown, key: string): unknown => key.split('.').reduce<unknown>((n, k) => (n && typeof n === 'object' ? (n as Record<string, unknown>)[k] : undefined), o);

function valuesFiles(side: Side): ValuesFile[] {
  return side.plan.files
    .filter((f) => f.kind === 'helm-values' && f.chart)
    .map((f) => {
      const text = side.files.find((r) => r.path === f.path)!.content;
      return {
        table: f.chart!.keys,
        chart: f.chart!.name,
        path: f.path,
        values: (yaml.load(text) ?? {}) as Record<string, unknown>,
        comments: keyComments(text),
        version: side.resolved.release.version,
      };
    });
}

/** The comment block above each key of a block-YAML file, by dotted key path. */
function keyComments(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const stack: { indent: number; key: string }[] = [];
  let pending: string[] = [];
  for (const line of text.split('\n')) {
    const comment = /^\s*#\s?(.*)$/.exec(line);
    if (comment) {
      pending.push(comment[1]!);
      continue;
    }
    const m = /^(\s*)(?:- )?("[^"]*"|[^\s:#][^:#]*):(\s|$)/.exec(line);
    if (!m || line.trimStart().startsWith('- ')) {
      pending = [];
      continue;
    }
    const indent = m[1]!.length;
    while (stack.length && stack[stack.length - 1]!.indent >= indent) stack.pop();
    const key = m[2]!.replace(/^"|"$/g, '');
    stack.push({ indent, key });
    if (pending.length && indent > 0) out.set(stack.map((s) => s.key).join('.'), pending.join(' '));
    pending = [];
  }
  return out;
}

/** The comment on the key or the nearest mapping above it. */
function commentFor(file: ValuesFile | undefined, key: string): string | undefined {
  if (!file) return undefined;
  const parts = key.split('.');
  for (let n = parts.length; n > 0; n--) {
    const c = file.comments.get(parts.slice(0, n).join('.'));
    if (c) return c;
  }
  return undefined;
}

const leaves = (file: ValuesFile | undefined) => (file ? leafPaths(file.values).filter((k) => k !== '') : []);

export function diffValues(from: Side, to: Side): ChartDiff[] {
  const before = valuesFiles(from);
  const after = valuesFiles(to);
  const tables = [...new Set([...after.map((f) => f.table), ...before.map((f) => f.table)])];
  const diffs = tables.map((table) => diffTable(before.find((f) => f.table === table), after.find((f) => f.table === table), from, to));
  markMoves(diffs);
  return diffs.filter((d) => d.added.length + d.removed.length + d.changed.length + d.moved.length > 0);
}

function diffTable(old: ValuesFile | undefined, neu: ValuesFile | undefined, from: Side, to: Side): ChartDiff {
  const diff: ChartDiff = {
    chart: neu?.chart ?? old!.chart,
    previousChart: old && neu && old.chart !== neu.chart ? old.chart : null,
    file: neu?.path ?? null,
    previousFile: old?.path ?? null,
    added: [],
    removed: [],
    changed: [],
    moved: [],
  };
  const oldKeys = new Set(leaves(old));
  const newKeys = new Set(leaves(neu));
  const table = (neu ?? old)!.table;
  const fromVersion = from.resolved.release.version;
  const toVersion = to.resolved.release.version;
  for (const key of newKeys) {
    const value = get(neu!.values, key);
    if (!oldKeys.has(key)) {
      const range = valuesKeyRange(table, key);
      const why = range && range !== '*' && !satisfies(fromVersion, range) ? `the ${diff.chart} chart has this key only in ${range} (not ${fromVersion})` : 'the new configuration sets it';
      diff.added.push({ key, old: null, new: value, reason: withComment(why, commentFor(neu, key)) });
    } else if (!isDeepStrictEqual(get(old!.values, key), value)) {
      diff.changed.push({ key, old: get(old!.values, key), new: value, reason: changeReason(key, get(old!.values, key), value, from, to, commentFor(neu, key)) });
    }
  }
  for (const key of oldKeys) {
    if (newKeys.has(key)) continue;
    const range = valuesKeyRange(table, key);
    const why = range && range !== '*' && !satisfies(toVersion, range) ? `the ${diff.chart} chart ${toVersion} has no such key (only in ${range})` : 'the new configuration does not set it';
    diff.removed.push({ key, old: get(old!.values, key), new: null, reason: withComment(why, commentFor(old, key)) });
  }
  return diff;
}

const withComment = (why: string, comment: string | undefined) => (comment ? `${why}: ${comment}` : why);

function changeReason(key: string, old: unknown, value: unknown, from: Side, to: Side, comment: string | undefined): string {
  const f = from.resolved.release;
  const t = to.resolved.release;
  if (key.endsWith('.deploymentMode') && f.features.newModeNames !== t.features.newModeNames) {
    return `KServe 0.16 renamed the deployment modes (Serverless to Knative, RawDeployment to Standard) and ${t.version} expects ${String(value)}`;
  }
  const text = (v: unknown) => JSON.stringify(v) ?? '';
  if (text(old).includes(f.version) && text(value).includes(t.version)) return `follows the KServe version (${f.version} to ${t.version})`;
  return withComment('the new version needs another value', comment);
}

/**
 * A key removed from one chart and added to another is a move (0.17 moved kserve.servingruntime.* from
 * the main chart to kserve-runtime-configs, features.ts splitCharts).
 */
function markMoves(diffs: ChartDiff[]): void {
  for (const src of diffs) {
    for (const removed of [...src.removed]) {
      for (const dst of diffs) {
        if (dst === src) continue;
        const i = dst.added.findIndex((a) => a.key === removed.key);
        if (i < 0) continue;
        const added = dst.added.splice(i, 1)[0]!;
        src.removed.splice(src.removed.indexOf(removed), 1);
        dst.moved.push({
          key: removed.key,
          old: removed.old,
          new: added.new,
          fromChart: src.previousChart ?? src.chart,
          toChart: dst.chart,
          reason: `KServe 0.17 split the charts: ${removed.key.split('.').slice(0, 2).join('.')}.* moved from the ${src.previousChart ?? src.chart} chart to ${dst.chart}`,
        });
        break;
      }
    }
  }
}
