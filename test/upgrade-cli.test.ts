/**
 * `create-kserve-config upgrade` end to end (contract v2 §3): the built binary, spawned. The folder it
 * writes, --dry-run, --format json, bad input (one error line, exit 2, nothing written), determinism,
 * and the golden UPGRADE.md for 0.15.2 -> 0.20.0 (UPDATE_GOLDEN=1 rewrites it; read the diff).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { REPO_ROOT, listFiles, readTree, runCli, tempDir } from './support/cli.js';
import { writeFolder } from './support/upgrade.js';

const GOLDEN = path.join(REPO_ROOT, 'test', 'golden-upgrade', 'serverless-istio-0.15.2-0.20.0');
const update = process.env.UPDATE_GOLDEN === '1';

function installed(name = 'serverless-istio', version = '0.15.2'): { dir: string; folder: string } {
  const dir = tempDir();
  return { dir, folder: writeFolder(name, version, [], dir) };
}

test('upgrade FOLDER --to 0.20.0 writes FOLDER-0.20.0: the new configuration, UPGRADE.md and the stops', () => {
  const { dir } = installed();
  const r = runCli(['upgrade', 'serverless-istio-0.15.2', '--to', '0.20.0'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  const out = path.join(dir, 'serverless-istio-0.15.2-0.20.0');
  const files = listFiles(out);
  for (const f of ['UPGRADE.md', 'INSTALL.md', 'kserve-config.yaml', 'helm/kserve-resources.values.yaml', 'helm/kserve-runtime-configs.values.yaml', 'upgrade/knative-1.16.3/knativeserving-knative-serving.yaml']) {
    assert.ok(files.includes(f), f);
  }
  assert.match(r.stdout, /Next: follow serverless-istio-0\.15\.2-0\.20\.0\/UPGRADE\.md/);
  const check = runCli(['check', out]);
  assert.is(check.code, 0, `check of the new folder: ${check.stdout}`);
  // --preset kserve-config.yaml reproduces the configuration part of the folder.
  const again = path.join(dir, 'again');
  assert.is(runCli(['--preset', path.join(out, 'kserve-config.yaml'), '--out', again]).code, 0);
  const tree = readTree(out);
  for (const [p, content] of Object.entries(readTree(again))) assert.is(tree[p], content, p);
});

test('the golden UPGRADE.md for serverless-istio 0.15.2 -> 0.20.0', () => {
  const { dir } = installed();
  const r = runCli(['upgrade', 'serverless-istio-0.15.2', '--to', '0.20.0', '--out', 'next'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  const actual = readFileSync(path.join(dir, 'next', 'UPGRADE.md'), 'utf8');
  if (update) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(path.join(GOLDEN, 'UPGRADE.md'), actual);
  }
  assert.fixture(actual, readFileSync(path.join(GOLDEN, 'UPGRADE.md'), 'utf8'));
});

test('--dry-run lists the steps and the values changes, and writes nothing', () => {
  const { dir } = installed();
  const before = readdirSync(dir);
  const r = runCli(['upgrade', 'serverless-istio-0.15.2', '--to', '0.20.0', '--dry-run'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /nothing written: --dry-run/);
  assert.match(r.stdout, /Knative Serving 1\.16\.3 \(operator 1\.16\.6\)/);
  assert.match(r.stdout, /helm upgrade kserve oci:\/\/ghcr\.io\/kserve\/charts\/kserve-resources --version v0\.20\.0/);
  assert.match(r.stdout, /kserve\.controller\.deploymentMode: "Serverless" -> "Knative"/);
  assert.equal(readdirSync(dir), before);
});

test('--format json: from, to, steps with title and commands, values per chart with old, new and reason', () => {
  const { dir } = installed('offline-serverless');
  const r = runCli(['upgrade', 'offline-serverless-0.15.2', '--to', '0.20.0', '--format', 'json', '--dry-run'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.is(j.from.kserve, '0.15.2');
  assert.is(j.to.kserve, '0.20.0');
  assert.ok(j.steps.length > 10);
  for (const s of j.steps) assert.ok(typeof s.title === 'string' && Array.isArray(s.commands) && s.commands.length > 0, s.title);
  for (const [chart, d] of Object.entries(j.values as Record<string, Record<string, { key: string; old: unknown; new: unknown; reason: string }[]>>)) {
    for (const kind of ['added', 'removed', 'changed', 'moved']) {
      assert.ok(Array.isArray(d[kind]), `${chart}.${kind}`);
      for (const e of d[kind]!) assert.ok('old' in e && 'new' in e && e.reason.length > 0, `${chart}.${kind} ${e.key}`);
    }
  }
  assert.ok(j.values['kserve-runtime-configs'].moved.length > 0, 'servingruntime images moved to kserve-runtime-configs');
  assert.equal(readdirSync(dir), ['offline-serverless-0.15.2']);
  // Without --dry-run the same JSON is printed and the folder written.
  const w = runCli(['upgrade', 'offline-serverless-0.15.2', '--to', '0.20.0', '--format', 'json'], { cwd: dir });
  assert.is(w.code, 0, w.stderr);
  assert.equal(JSON.parse(w.stdout), j);
  assert.ok(existsSync(path.join(dir, 'offline-serverless-0.15.2-0.20.0', 'upgrade', 'images.txt')));
});

test('the same folder and version give byte-identical output', () => {
  const { dir } = installed('serverless-istio-custom-local-gateway', '0.13.1');
  for (const out of ['a', 'b']) assert.is(runCli(['upgrade', 'serverless-istio-custom-local-gateway-0.13.1', '--to', '0.17.1', '--out', out], { cwd: dir }).code, 0);
  assert.equal(readTree(path.join(dir, 'a')), readTree(path.join(dir, 'b')));
});

const BAD: { name: string; args: (folder: string) => string[]; where: RegExp; setup?: (dir: string) => void }[] = [
  { name: 'no folder', args: () => ['upgrade', '--to', '0.20.0'], where: /^error: upgrade: no FOLDER given — / },
  { name: 'two folders', args: (f) => ['upgrade', f, f, '--to', '0.20.0'], where: /^error: upgrade: one FOLDER expected/ },
  { name: 'no --to', args: (f) => ['upgrade', f], where: /^error: --to: is required — / },
  { name: '--to without a value', args: (f) => ['upgrade', f, '--to'], where: /^error: --to: needs a value — / },
  { name: 'not a release', args: (f) => ['upgrade', f, '--to', '0.21.0'], where: /^error: --to: "0\.21\.0" is not a supported KServe release — / },
  { name: 'older', args: (f) => ['upgrade', f, '--to', '0.14.1'], where: /^error: --to: "0\.14\.1" is not newer than the installed KServe 0\.15\.2/ },
  { name: 'same', args: (f) => ['upgrade', f, '--to', '0.15.2'], where: /^error: --to: .*nothing to upgrade/ },
  { name: 'missing folder', args: () => ['upgrade', 'nowhere', '--to', '0.20.0'], where: /^error: nowhere: no such folder — / },
  { name: 'not ours', args: () => ['upgrade', 'plain', '--to', '0.20.0'], where: /^error: plain: has no kserve-config\.yaml/, setup: (d) => mkdirSync(path.join(d, 'plain')) },
  { name: '--out is FOLDER', args: (f) => ['upgrade', f, '--to', '0.20.0', '--out', f], where: /^error: --out: .* is FOLDER itself — / },
  { name: 'bad --format', args: (f) => ['upgrade', f, '--to', '0.20.0', '--format', 'xml'], where: /^error: --format: "xml" is not an output format — / },
  { name: 'unknown flag', args: (f) => ['upgrade', f, '--to', '0.20.0', '--bogus'], where: /^error: --bogus: / },
  {
    name: 'non-empty --out without --force',
    args: (f) => ['upgrade', f, '--to', '0.20.0', '--out', 'taken'],
    where: /^error: --out: "taken" is not empty — /,
    setup: (d) => {
      mkdirSync(path.join(d, 'taken'));
      writeFileSync(path.join(d, 'taken', 'mine.txt'), 'keep me');
    },
  },
];

for (const bad of BAD) {
  test(`bad input: ${bad.name} -> one error line, exit 2, nothing written`, () => {
    const { dir, folder } = installed();
    bad.setup?.(dir);
    const before = readTree(dir);
    const r = runCli(bad.args(path.basename(folder)), { cwd: dir });
    assert.is(r.code, 2, `${r.stdout}${r.stderr}`);
    assert.match(r.stderr, bad.where);
    assert.is(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    assert.equal(readTree(dir), before, 'nothing written or changed');
  });
}

test('a configuration the target cannot do is refused with the preset key: ModelMesh after 0.15.0-rc0', () => {
  const dir = tempDir();
  writeFolder('serverless-istio', '0.14.1', ['deploymentMode=ModelMesh'], dir);
  const before = readTree(dir);
  const r = runCli(['upgrade', 'serverless-istio-0.14.1', '--to', '0.15.2'], { cwd: dir });
  assert.is(r.code, 2);
  assert.match(r.stderr, /^error: deploymentMode: ModelMesh is not installed by the KServe 0\.15\.2 chart/);
  assert.equal(readTree(dir), before);
});

test('hand edits in FOLDER are named: a warning, and step 1 of UPGRADE.md', () => {
  const { dir, folder } = installed();
  writeFileSync(path.join(folder, 'helm', 'kserve.values.yaml'), `${readFileSync(path.join(folder, 'helm', 'kserve.values.yaml'), 'utf8')}# tuned by hand\n`);
  const r = runCli(['upgrade', 'serverless-istio-0.15.2', '--to', '0.16.0'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, /^warning: helm\/kserve\.values\.yaml in serverless-istio-0\.15\.2 differ from what its kserve-config\.yaml generates/);
  assert.match(readFileSync(path.join(dir, 'serverless-istio-0.15.2-0.16.0', 'UPGRADE.md'), 'utf8'), /were edited after it was generated.*`helm\/kserve\.values\.yaml`/);
});

test('upgrade --help', () => {
  const r = runCli(['upgrade', '--help']);
  assert.is(r.code, 0);
  assert.match(r.stdout, /Usage: create-kserve-config upgrade FOLDER --to VERSION/);
  assert.match(runCli(['--help']).stdout, /upgrade FOLDER --to VERSION/);
});

test.run();
