/**
 * What a `check` rule reports, shared by every rule file (rules.ts documents how to write one).
 *
 * A Finding is one misconfiguration, listing every place it shows (the same wrong value in the
 * folder's values and in the cluster's ConfigMap is one finding with two places). An Unchecked entry
 * is a rule that applies to the input but could not run, with the reason and the `kubectl get`
 * command that collects what it needs. Output order never depends on the locale.
 */
import type { Place } from './load.js';
import type { Model } from './model.js';

export type { Place };

export type Severity = 'error' | 'warning';

export interface Finding {
  rule: string;
  /** error: the install is broken or will break; warning: it works, but not as configured. */
  severity: Severity;
  /** Every place the misconfiguration shows; fixing all of them (or the other layer) fixes it. */
  places: Place[];
  expected: string;
  /** Where the expected value comes from (the other layer). */
  expectedFrom?: string;
  fix: string;
}

/** Rules that apply to this input but cannot tell: what the input lacks, and the commands that collect it. */
export interface Unchecked {
  rules: string[];
  reason: string;
  collect: string[];
}

export interface Outcome {
  findings: Finding[];
  unchecked: Unchecked[];
}

/** A rule function: reads the model, reports what it found and what it could not check. */
export type Check = (m: Model) => Outcome;

export const outcome = (findings: Finding[] = [], unchecked: Unchecked[] = []): Outcome => ({ findings, unchecked });

/** Code-point order: localeCompare would follow LANG, and reports must be the same everywhere. */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Findings that describe the same misconfiguration (same id) become one finding with all their
 * places; the first one's texts are kept, so ids must only join findings whose texts agree.
 */
export function mergeSame(items: readonly { id: string; finding: Finding }[]): Finding[] {
  const byId = new Map<string, Finding>();
  for (const { id, finding } of items) {
    const first = byId.get(id);
    if (first) first.places.push(...finding.places);
    else byId.set(id, { ...finding, places: [...finding.places] });
  }
  return [...byId.values()];
}

/** Items grouped by key, groups in the order their first item came. */
/** Items without repeats, in first-seen order. */
export const unique = <T>(items: T[]): T[] => [...new Set(items)];

export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

const placeId = (p: Place) => `${p.file}\0${p.object}\0${p.key}\0${p.actual}`;
const comparePlaces = (a: Place, b: Place) => byCodePoint(a.file, b.file) || byCodePoint(a.object, b.object) || byCodePoint(a.key, b.key) || byCodePoint(a.actual, b.actual);

/** Places without repeats (a file given twice, two views of one object), in a stable order. */
export function sortedPlaces(places: readonly Place[]): Place[] {
  const seen = new Set<string>();
  return places.filter((p) => !seen.has(placeId(p)) && seen.add(placeId(p))).sort(comparePlaces);
}

/**
 * Runs the checks in order and returns one stable report: each finding's places sorted, findings in
 * check order and then by their first place; rules that could not run for the same reason are named
 * together in one unchecked entry.
 */
export function runChecks(checks: readonly Check[], m: Model): Outcome {
  const findings: Finding[] = [];
  const unchecked = new Map<string, Unchecked>();
  for (const check of checks) {
    const out = check(m);
    const mine = out.findings.filter((f) => f.places.length > 0).map((f) => ({ ...f, places: sortedPlaces(f.places) }));
    findings.push(...mine.sort((a, b) => comparePlaces(a.places[0]!, b.places[0]!)));
    for (const u of out.unchecked) {
      const id = `${u.reason}\0${u.collect.join('\0')}`;
      const same = unchecked.get(id);
      if (same) same.rules = [...new Set([...same.rules, ...u.rules])];
      else unchecked.set(id, { ...u, rules: [...u.rules] });
    }
  }
  return { findings, unchecked: [...unchecked.values()] };
}
