/**
 * `check` reports: text for people (each finding: object, file, key, both values, fix; then what was
 * read, so an "OK" over the wrong files is visible), JSON for CI (one object, stable field names).
 */
import type { Model } from './model.js';
import type { Finding } from './rules.js';

export interface ReportInput {
  findings: Finding[];
  model: Model;
  files: string[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function formatText({ findings, model, files }: ReportInput): string {
  const lines: string[] = [];
  for (const f of findings) {
    lines.push(`${f.severity} ${f.rule}: ${f.object}`);
    lines.push(`  file      ${f.file}`);
    lines.push(`  key       ${f.key}`);
    lines.push(`  actual    ${f.actual}`);
    lines.push(`  expected  ${f.expected}`);
    if (f.expectedFrom) lines.push(`            (from ${f.expectedFrom})`);
    lines.push(`  fix       ${f.fix}`);
    lines.push('');
  }
  const apiObjects = model.apiObjects.filter((o) => !o.viaChart).length + model.gatewayClasses.length;
  lines.push(
    `Read ${plural(files.length, 'file')} (${plural(model.objectCount, 'object')}): ` +
      [
        plural(model.kserve.length, 'KServe configuration'),
        plural(model.knativeIstio.length, 'Knative gateway configuration'),
        plural(model.istioGateways.length, 'Istio Gateway'),
        plural(apiObjects, 'Gateway API object'),
        plural(model.configMaps.length, 'ConfigMap'),
        plural(model.images.length, 'image'),
      ].join(', ') +
      '.',
  );
  lines.push(model.kserveVersion ? `KServe ${model.kserveVersion.version} (from ${model.kserveVersion.from}).` : 'KServe version: not in the input.');
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  lines.push(findings.length === 0 ? 'No inconsistencies found.' : `${plural(errors, 'error')}, ${plural(warnings, 'warning')}.`);
  return `${lines.join('\n')}\n`;
}

export function formatJson({ findings, model, files }: ReportInput): string {
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
      object: f.object,
      file: f.file,
      key: f.key,
      actual: f.actual,
      expected: f.expected,
      expectedFrom: f.expectedFrom ?? null,
      fix: f.fix,
    })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
