/**
 * Issue 20: hostile YAML and JSON given to the built CLI, for presets and for `check`. Every case
 * ends within a few seconds, under a small heap where memory is the risk, in one `error:` line and
 * exit 2: YAML alias bombs (expansion and merge keys), self-referencing aliases, deep nesting in
 * YAML and in the JSON inside inferenceservice-config.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { REPO_ROOT, runCliAsync, tempDir, type AsyncRunResult } from './support/cli.js';

const PRESET_TEXT = 'kserve:\n  version: "0.15.2"\n';
function assertOneError(r: AsyncRunResult, pattern: RegExp, maxMs = 5000): void {
  assert.not.ok(r.timedOut, `no hang: ${r.stderr}`);
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, /^error: [^\n]*\n$/, `one line: ${JSON.stringify(r.stderr.slice(0, 400))}`);
  assert.match(r.stderr, pattern);
  assert.ok(r.ms < maxMs, `within seconds: ${r.ms.toFixed(0)} ms`);
}

/** A heap far smaller than expanding the input would need: only a bounded read ends in exit 2. */
const SMALL_HEAP = ['--max-old-space-size=48'];

/** Nine levels of nine aliases: 9^9 (387 million) values once expanded, in 1 KB of text. */
function billionLaughs(tail: string): string {
  const names = 'abcdefghi';
  const lines = ['a0: &a [x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < names.length; i++) lines.push(`a${i}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(', ')}]`);
  return `${lines.join('\n')}\n${tail}`;
}

test('check: a YAML alias bomb is refused in seconds under a small heap', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'bomb.yaml');
  writeFileSync(file, billionLaughs('kind: ConfigMap\nmetadata: {name: x, labels: {l: *i}}\ndata: {d: *i}\n'));
  assertOneError(await runCliAsync(['check', file], { nodeArgs: SMALL_HEAP }), /^error: [^:]*bomb\.yaml: expands to more than 10,000,000 values and characters through its aliases — /);
});

test('a preset alias bomb is refused before validation looks at it', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'bomb.yaml');
  writeFileSync(file, billionLaughs(`${PRESET_TEXT}ingress:\n  istio:\n    servingNamespaces: *i\n`));
  assertOneError(await runCliAsync(['--preset', file, '--out', path.join(dir, 'out')], { nodeArgs: SMALL_HEAP }), /bomb\.yaml: expands to more than/);
});

test('check: merge keys (<<) that copy a big mapping many times are refused while parsing', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'merge.yaml');
  const keys = Array.from({ length: 20_000 }, (_, i) => `k${i}: v`).join(', ');
  const copies = Array.from({ length: 2_000 }, (_, i) => `c${i}: {<<: *big}`).join('\n');
  writeFileSync(file, `big: &big {${keys}}\n${copies}\nkind: ConfigMap\nmetadata: {name: x}\n`);
  assertOneError(await runCliAsync(['check', file], { nodeArgs: SMALL_HEAP }), /merge\.yaml: builds more than [0-9,]+ entries while it is read \(merge keys\?\) — /);
});

test('check: an alias that refers to the node holding it is refused', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'cycle.yaml');
  writeFileSync(file, 'kind: ConfigMap\nmetadata: {name: x}\ndata: &d {self: *d}\n');
  assertOneError(await runCliAsync(['check', file]), /cycle\.yaml: has an alias that refers to a node containing it, so it never ends — /);
});

test('check: YAML nested deeper than 100 levels, and aliases that nest it deeper, are refused', async () => {
  const dir = tempDir();
  const deep = path.join(dir, 'deep.yaml');
  writeFileSync(deep, `kind: ConfigMap\nmetadata: {name: x}\ndata: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`);
  assertOneError(await runCliAsync(['check', deep]), /deep\.yaml: is nested more than 100 levels deep at line 3, column \d+ — /);
  // Each anchor nests 40 levels and holds the one before: 160 levels once expanded.
  const chain = path.join(dir, 'chain.yaml');
  const level = (inner: string) => `${'['.repeat(40)}${inner}${']'.repeat(40)}`;
  writeFileSync(chain, `a: &a ${level('1')}\nb: &b ${level('*a')}\nc: &c ${level('*b')}\nkind: ConfigMap\nmetadata: {name: x}\ndata: {d: ${level('*c')}}\n`);
  assertOneError(await runCliAsync(['check', chain]), /chain\.yaml: is nested more than 100 levels deep once its aliases are expanded — /);
});

test('check: deeply nested JSON inside inferenceservice-config is refused (it was a stack overflow, exit 1)', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'cm.json');
  const deep = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'inferenceservice-config', namespace: 'kserve' }, data: { ingress: deep, deploy: '{"defaultDeploymentMode":"Serverless"}' } };
  writeFileSync(file, JSON.stringify(cm));
  assertOneError(await runCliAsync(['check', file]), /^error: [^:]*cm\.json: data\.ingress of ConfigMap kserve\/inferenceservice-config is nested more than 100 levels deep — /);
});

test('real inputs stay well inside the limits: every reference CRD and chart values file is read by check', async () => {
  const r = await runCliAsync(['check', path.join(REPO_ROOT, '..', 'shared', 'reference', 'crds'), '--format', 'json']);
  assert.ok(r.code === 0 || r.code === 1, `read, not refused: ${r.stderr.slice(0, 300)}`);
  assert.ok(JSON.parse(r.stdout).inputs.files.length > 10);
});

test.run();
