/**
 * Issue 20: hostile input to the built CLI, for presets and for `check`. Every case ends within a
 * few seconds in one `error:` line and exit 2, or in 130/143 when a signal ends a run that waits
 * for input; nothing is written. Covered: a FIFO with no writer and a stdin that never closes
 * (Ctrl+C and SIGTERM work), endless input under a small heap (--max-old-space-size), devices,
 * YAML alias bombs (expansion and merge keys), self-referencing aliases, deep nesting in YAML and
 * in the JSON inside inferenceservice-config.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { REPO_ROOT, runCliAsync, tempDir, type AsyncRunResult } from './support/cli.js';

const PRESET_TEXT = 'kserve:\n  version: "0.15.2"\n';
/** Well above the time a run needs to reach its read (about 100 ms), well below the timeouts. */
const WAIT_MS = 700;

function mkfifo(dir: string, name: string): string {
  const file = path.join(dir, name);
  const r = spawnSync('mkfifo', [file]);
  if (r.status !== 0) throw new Error(`mkfifo failed: ${r.stderr}`);
  return file;
}

function assertCancelled(r: AsyncRunResult, code: number, dir: string): void {
  assert.not.ok(r.timedOut, `ended by the signal, not by the test's timeout: ${r.stderr}`);
  assert.is(r.code, code, `exit ${code}: ${r.stderr}`);
  assert.is(r.stderr, 'Cancelled\n');
  assert.ok(r.ms < WAIT_MS + 3000, `within seconds: ${r.ms.toFixed(0)} ms`);
  assert.equal(readdirSync(dir).filter((e) => e !== 'fifo'), [], 'nothing written');
}

function assertOneError(r: AsyncRunResult, pattern: RegExp, maxMs = 5000): void {
  assert.not.ok(r.timedOut, `no hang: ${r.stderr}`);
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, /^error: [^\n]*\n$/, `one line: ${JSON.stringify(r.stderr.slice(0, 400))}`);
  assert.match(r.stderr, pattern);
  assert.ok(r.ms < maxMs, `within seconds: ${r.ms.toFixed(0)} ms`);
}

for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
  test(`--preset on a FIFO nobody writes to: ${signal} ends it with ${code}`, async () => {
    const dir = tempDir();
    const fifo = mkfifo(dir, 'fifo');
    const r = await runCliAsync(['--preset', fifo, '--out', path.join(dir, 'out')], { stdin: 'ignore', signalAfterMs: WAIT_MS, signal, timeoutMs: 8000 });
    assertCancelled(r, code, dir);
  });

  test(`--preset - on a stdin that never closes: ${signal} ends it with ${code}`, async () => {
    const dir = tempDir();
    const r = await runCliAsync(['--preset', '-', '--out', path.join(dir, 'out')], { stdin: 'open', feed: (s) => s.write('kserve:\n'), signalAfterMs: WAIT_MS, signal, timeoutMs: 8000 });
    assertCancelled(r, code, dir);
  });

  test(`check on a FIFO nobody writes to, and on a stdin that never closes: ${signal} ends it with ${code}`, async () => {
    const dir = tempDir();
    const fifo = mkfifo(dir, 'fifo');
    assertCancelled(await runCliAsync(['check', fifo], { stdin: 'ignore', signalAfterMs: WAIT_MS, signal, timeoutMs: 8000 }), code, dir);
    assertCancelled(await runCliAsync(['check', '-'], { stdin: 'open', signalAfterMs: WAIT_MS, signal, timeoutMs: 8000 }), code, dir);
  });
}

test('a FIFO is read like a file once a writer comes (the preset arrives late)', async () => {
  const dir = tempDir();
  const fifo = mkfifo(dir, 'fifo');
  const run = runCliAsync(['--preset', fifo, '--out', path.join(dir, 'out')], { stdin: 'ignore' });
  await new Promise((r) => setTimeout(r, 300));
  writeFileSync(fifo, PRESET_TEXT); // opens the FIFO for writing: blocks until the CLI reads
  const r = await run;
  assert.is(r.code, 0, r.stderr);
  assert.ok(readdirSync(path.join(dir, 'out')).includes('INSTALL.md'));
});

/** Writes `chunk` to stdin for as long as the CLI reads. */
function endless(chunk: string): (stdin: Writable) => void {
  const data = Buffer.from(chunk.repeat(Math.ceil(65536 / chunk.length)));
  return (stdin) => {
    const pump = () => {
      while (stdin.writable && stdin.write(data));
      if (stdin.writable) stdin.once('drain', pump);
    };
    pump();
  };
}

/** A heap far smaller than reading everything would need: an unbounded read fails, a bounded one ends in exit 2. */
const SMALL_HEAP = ['--max-old-space-size=48'];

test('endless input on stdin under a 48 MB heap: --preset - and check - stop at their limits (exit 2)', async () => {
  const dir = tempDir();
  const preset = await runCliAsync(['--preset', '-', '--out', path.join(dir, 'out')], { nodeArgs: SMALL_HEAP, stdin: 'open', feed: endless('\0') });
  assertOneError(preset, /^error: --preset: larger than 1 MB — /);
  const check = await runCliAsync(['check', '-'], { nodeArgs: SMALL_HEAP, stdin: 'open', feed: endless('# a comment line of cluster state\n') });
  assertOneError(check, /^error: <stdin>: larger than 32 MB — /, 10_000);
  assert.equal(readdirSync(dir), []);
});

test('devices are refused: --preset /dev/zero, check /dev/zero', async () => {
  assertOneError(await runCliAsync(['--preset', '/dev/zero'], { nodeArgs: SMALL_HEAP }), /^error: --preset: "\/dev\/zero" is a device, not a file — /);
  assertOneError(await runCliAsync(['check', '/dev/zero'], { nodeArgs: SMALL_HEAP }), /^error: \/dev\/zero: is a device, not a file — /);
});

test('check: inputs together larger than 32 MB are refused at the file that crosses the limit', async () => {
  const dir = tempDir();
  // Comment lines: quick to read, so the test spends its time on the limit, not on parsing.
  const line = '# padding padding padding padding padding padding padding padding padding\n';
  const big = `${line.repeat(Math.floor(20_000_000 / line.length))}kind: ConfigMap\nmetadata: {name: a}\n`;
  writeFileSync(path.join(dir, 'a.yaml'), big);
  writeFileSync(path.join(dir, 'b.yaml'), big);
  const r = await runCliAsync(['check', path.join(dir, 'a.yaml'), path.join(dir, 'b.yaml')]);
  assertOneError(r, /^error: [^:]*b\.yaml: with the inputs before it, larger than 32 MB — /, 10_000);
});

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
