/**
 * YAML-safety of the templates: values may enter a YAML template only through {{yaml ...}}.
 * A bare {{value}} is allowed only inside a "#" comment line, where it cannot change structure
 * (and the values used there are validated names and versions, which cannot hold newlines).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import yaml from 'js-yaml';
import { yamlBlock, yamlScalar } from '../src/render/yaml-helpers.js';
import { REPO_ROOT, generate, loadShippedPreset, shippedPresetNames } from './support/generate.js';
import { KNOWN_RELEASES } from '../src/catalog/index.js';
import { UserError } from '../src/errors.js';
import { renderTemplate } from '../src/render/engine.js';
import { fileContext } from '../src/render/index.js';

/** Returns the offending mustaches of a YAML template. */
export function bareMustaches(source: string): string[] {
  const bad: string[] = [];
  source.split('\n').forEach((line, i) => {
    if (/^\s*#/.test(line)) return; // YAML comment line
    for (const m of line.matchAll(/\{\{~?\s*([^}]*?)\s*~?\}\}/g)) {
      const inner = m[1]!;
      // Block open/close/else, comments, and the two YAML-safe helper forms.
      if (/^[#/!^]/.test(inner) || inner === 'else' || /^else\b/.test(inner) || /^yaml\s/.test(inner)) continue;
      bad.push(`line ${i + 1}: ${m[0]}`);
    }
  });
  return bad;
}

function yamlTemplates(dir = path.join(REPO_ROOT, 'templates')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlTemplates(path.join(dir, e.name)) : e.name.endsWith('.yaml.hbs') ? [path.join(dir, e.name)] : [],
  );
}

test('no YAML template interpolates a bare value', () => {
  const files = yamlTemplates();
  assert.ok(files.length >= 5, `found ${files.length} YAML templates`);
  for (const file of files) assert.equal(bareMustaches(readFileSync(file, 'utf8')), [], path.relative(REPO_ROOT, file));
});

test('the lint catches bare values, triple-stash and unknown helpers outside comments', () => {
  assert.equal(bareMustaches('a: {{yaml x}}\n# {{tool.version}}\n{{#if y}}\nb:{{yaml z nindent=2}}\n{{/if}}\n'), []);
  assert.equal(bareMustaches('a: {{x}}').length, 1);
  assert.equal(bareMustaches('a: "{{x}}"').length, 1);
  assert.equal(bareMustaches('a: {{{x}}}').length, 1);
  assert.equal(bareMustaches('a: {{json x}}').length, 1);
});

const HOSTILE = [
  'x\nevil: true',
  'a: b # c',
  '#comment',
  '{{ .Name }}-{{ .Namespace }}',
  '"quoted"',
  "it's",
  'on',
  'no',
  'yes',
  '0755',
  '1e3',
  '10.0',
  '~',
  'null',
  '- item',
  '[a, b]',
  '{a: b}',
  '&anchor',
  '*alias',
  '!!binary',
  '|\n  block',
  'tab\there',
  'ünïcødé ✓',
  '\u2028line separator',
  'x'.repeat(10000),
  '',
  ' leading and trailing ',
];

test('{{yaml}} scalars read back exactly, whatever the text', () => {
  for (const value of HOSTILE) {
    const doc = yaml.load(`key: ${yamlScalar(value)}\nother: 1\n`) as Record<string, unknown>;
    assert.equal(doc, { key: value, other: 1 }, JSON.stringify(value).slice(0, 40));
  }
  for (const value of [0, 1.5, true, false, null]) assert.equal((yaml.load(`k: ${yamlScalar(value)}`) as { k: unknown }).k, value);
});

test('{{yaml nindent}} collections read back exactly at any depth', () => {
  const value = { list: HOSTILE, nested: { [HOSTILE[0]!]: HOSTILE[1]!, 'a.b/c': ['x'] }, empty: {}, none: [] };
  const text = `root:\n  child:${yamlBlock(value, 4)}\n  sibling: 1\n`;
  assert.equal(yaml.load(text), { root: { child: value, sibling: 1 } });
  assert.is(yamlBlock([], 2), ' []');
  assert.is(yamlBlock({}, 2), ' {}');
  assert.throws(() => yamlScalar({ a: 1 }), /nindent/);
});

test('{{yaml nindent}} text stays exact next to the blank lines templates leave', () => {
  // The render step collapses 3+ line breaks into 2 (blank lines left by conditional blocks), and a
  // "|+" block would also take in a template's blank line after it: such text must be JSON-quoted.
  const texts = ['a\n\n\nb', 'a\n\n', 'a\n\n\n', 'x\n\n\n\n\ny\n', 'a\n\nb\n', 'a\nb', 'a\n'];
  for (const text of texts) {
    const out = yamlBlock({ k: text }, 2);
    const rendered = `m:${out}\n\nnext: 1\n`.replace(/\n{3,}/g, '\n\n');
    assert.equal(yaml.load(rendered), { m: { k: text }, next: 1 }, JSON.stringify(text));
  }
  // Text without such runs stays a readable literal block.
  assert.match(yamlBlock({ k: 'a\n\nb\n' }, 2), /k: \|\n/);
});

test('YAML templates never leave a run of blank lines (only Markdown is collapsed on render)', () => {
  // Every shipped preset at every release, and the default one in every mode x ingress x offline.
  const cases: { name: string; preset: Record<string, unknown>; sets: string[] }[] = [];
  for (const name of shippedPresetNames()) {
    for (const version of KNOWN_RELEASES) cases.push({ name: `${name} ${version}`, preset: loadShippedPreset(name), sets: [`kserve.version=${version}`] });
  }
  for (const version of KNOWN_RELEASES) {
    for (const mode of ['Serverless', 'RawDeployment', 'ModelMesh']) {
      for (const provider of ['istio', 'kong']) {
        for (const offline of [false, true]) {
          const sets = [`kserve.version=${version}`, `deploymentMode=${mode}`, `ingress.provider=${provider}`];
          if (offline) sets.push('offline.enabled=true', 'offline.registry=registry.example.internal:5000');
          cases.push({ name: sets.join(' '), preset: loadShippedPreset('serverless-istio'), sets });
        }
      }
    }
  }
  let checked = 0;
  for (const c of cases) {
    let plan;
    try {
      plan = generate(c.preset, c.sets).plan;
    } catch (err) {
      if (err instanceof UserError) continue; // a combination the tool refuses
      throw err;
    }
    for (const file of plan.files) {
      if (file.kind === 'markdown') continue;
      const raw = renderTemplate(file.template, fileContext(plan, file));
      assert.not.ok(raw.includes('\n\n\n'), `${c.name}: ${file.path} has a run of blank lines`);
      checked++;
    }
  }
  assert.ok(checked > 1000, `only ${checked} files checked`);
});

test.run();
