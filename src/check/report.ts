/**
 * `check` reports: text for people (each finding: the places it shows with their values, the
 * expected value and the fix; then what could not be checked and how to collect it; then what was
 * read, so an "OK" over the wrong files is visible), JSON for CI (one object, stable field names).
 */
import type { Finding, Unchecked } from './finding.js';
import type { Model } from './model.js';

export interface ReportInput {
  findings: Finding[];
  unchecked: Unchecked[];
  model: Model;
  files: string[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const uncheckedRules = (unchecked: Unchecked[]) => new Set(unchecked.flatMap((u) => u.rules)).size;

function findingLines(f: Finding): string[] {
  const lines = [`${f.severity} ${f.rule}: ${f.places[0]!.object}`];
  f.places.forEach((p, i) => {
    const prev = f.places[i - 1];
    if (!prev || prev.object !== p.object || prev.file !== p.file) {
      if (prev) lines.push(`  also      ${p.object}`);
      lines.push(`  file      ${p.file}`);
    }
    lines.push(`  key       ${p.key}`, `  actual    ${p.actual}`);
  });
  lines.push(`  expected  ${f.expected}`);
  if (f.expectedFrom) lines.push(`            (from ${f.expectedFrom})`);
  lines.push(`  fix       ${f.fix}`, '');
  return lines;
}

export function formatText({ findings, unchecked, model, files }: ReportInput): string {
  const lines = findings.flatMap(findingLines);
  if (unchecked.length) {
    lines.push('Not checked (the input lacks what these rules need; collect it and run check again):');
    for (const u of unchecked) {
      lines.push(`  ${u.rules.join(', ')}: ${u.reason}`);
      for (const c of u.collect) lines.push(`    ${c}`);
    }
    lines.push('');
  }
  const apiObjects = model.apiObjects.filter((o) => !o.viaChart).length + model.gatewayClassViews.length;
  lines.push(
    `Read ${plural(files.length, 'file')} (${plural(model.objectCount, 'object')}): ` +
      [
        plural(model.kserve.length, 'KServe configuration'),
        plural(model.knativeIstio.filter((n) => !n.assumed).length, 'Knative gateway configuration'),
        plural(model.istioGateways.length, 'Istio Gateway'),
        plural(apiObjects, 'Gateway API object'),
        plural(model.configMaps.length, 'ConfigMap'),
        plural(model.images.length, 'image'),
      ].join(', ') +
      '.',
  );
  lines.push(model.kserveVersion ? `KServe ${model.kserveVersion.version} (from ${model.kserveVersion.from}).` : 'KServe version: not in the input.');
  const errors = findings.filter((f) => f.severity === 'error').length;
  const notChecked = unchecked.length ? `${plural(uncheckedRules(unchecked), 'rule')} not checked (see above).` : '';
  if (findings.length === 0) lines.push(notChecked ? `No inconsistencies found in what the input shows; ${notChecked}` : 'No inconsistencies found.');
  else lines.push(`${plural(errors, 'error')}, ${plural(findings.length - errors, 'warning')}.${notChecked ? ` ${notChecked}` : ''}`);
  return `${lines.join('\n')}\n`;
}

export function formatJson({ findings, unchecked, model, files }: ReportInput): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const report = {
    ok: errors === 0,
    errors,
    warnings: findings.length - errors,
    kserveVersion: model.kserveVersion ?? null,
    inputs: { files, objects: model.objectCount },
    findings: findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      // The first place, for consumers that read one object per finding.
      object: f.places[0]!.object,
      file: f.places[0]!.file,
      key: f.places[0]!.key,
      actual: f.places[0]!.actual,
      places: f.places.map((p) => ({ object: p.object, file: p.file, key: p.key, actual: p.actual })),
      expected: f.expected,
      expectedFrom: f.expectedFrom ?? null,
      fix: f.fix,
    })),
    unchecked: unchecked.map((u) => ({ rules: u.rules, reason: u.reason, collect: u.collect })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
