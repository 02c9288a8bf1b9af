/**
 * Issue 20: the failure paths of writing (src/write.ts), driven through the built CLI with faults
 * injected by an LD_PRELOAD library (test/support/fault-shim.c): renames that fail with EIO, EXDEV
 * or ENOSPC, a SIGKILL between the two renames of --force or while the old folder is deleted, a
 * folder that fills at the moment of the swap, a signal while the run is busy. Whatever happens,
 * the user's folder and every file in it survive, and leftovers are deleted only where the next
 * run proves they hold nothing of the user's. Also: racing runs, and folder modes under any umask.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, linkSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import yaml from 'js-yaml';
import { CLI_PATH, REPO_ROOT, addUserFiles, runCliAsync, snapshot, tempDir } from './support/cli.js';
import { faultEnv } from './support/fault-shim.js';

const PRESET = path.join(REPO_ROOT, 'presets', 'serverless-istio.yaml');
const S3 = path.join(REPO_ROOT, 'presets', 'private-ca-s3.yaml');
const CREDS = { AWS_ACCESS_KEY_ID: 'AKIAWRITEFAULTS00000', AWS_SECRET_ACCESS_KEY: 'write/Faults/Secret/Key/0123456789abcd' };
const STACK = /\n\s+at /;

const leftovers = (parent: string) => readdirSync(parent).filter((e) => /^\.out\.(staging|old|journal)-/.test(e)).sort();

interface SyncRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A run of the CLI into <parent>/out that may be killed (runCli treats a kill as a test failure). */
function run(parent: string, extra: string[], env: Record<string, string> = {}, preset = PRESET): SyncRun {
  const r = spawnSync(process.execPath, [CLI_PATH, '--preset', preset, '--out', path.join(parent, 'out'), ...extra], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...CREDS, ...env },
    encoding: 'utf8',
    timeout: 15_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** One error line, no stack trace. */
function assertOneError(r: SyncRun, pattern: RegExp): void {
  assert.is(r.code, 2, r.stderr);
  assert.not.match(r.stderr, STACK);
  assert.match(r.stderr, /^error: [^\n]*\n$/, `one line: ${JSON.stringify(r.stderr)}`);
  assert.match(r.stderr, pattern);
}

/** <parent>/out as an earlier generation plus files of the user's; returns its snapshot. */
function previous(parent: string): Record<string, string> {
  const out = path.join(parent, 'out');
  const r = run(parent, ['--set', 'ingress.domain=old.example.org']);
  assert.is(r.code, 0, r.stderr);
  addUserFiles(out);
  return snapshot(out);
}

/** What --force over `before` must give: the new files, and every file of the user's as it was. */
function assertForced(out: string, before: Record<string, string>): void {
  const now = snapshot(out);
  for (const rel of ['notes.txt', 'mine/deep/values.yaml', 'manifests/99-my-extra.yaml', 'helm/my-chart.values.yaml', 'README-link']) assert.is(now[rel], before[rel], `${rel} kept`);
  assert.ok(now['helm/kserve.values.yaml']?.includes('example.com'), 'the new output is in place');
  assert.not.ok(now['helm/kserve.values.yaml']?.includes('old.example.org'));
}

/**
 * After a run that left the user's folder aside: the next run (without --force) puts it back
 * unchanged, clears the rest and refuses to overwrite it; then --force completes.
 */
function assertNextRunRestores(parent: string, before: Record<string, string>): void {
  const next = run(parent, []);
  assertOneError(next, /^error: --out: "[^"]*out" is not empty — /);
  assert.equal(snapshot(path.join(parent, 'out')), before, 'the previous folder is back, unchanged');
  assert.equal(leftovers(parent), []);
  const forced = run(parent, ['--force']);
  assert.is(forced.code, 0, forced.stderr);
  assertForced(path.join(parent, 'out'), before);
}

for (const errno of ['EIO', 'EXDEV', 'ENOSPC']) {
  test(`--force: moving the new folder into place fails (${errno}): the old folder is put back, nothing is lost or left`, () => {
    const parent = tempDir();
    const before = previous(parent);
    // @2: the first rename of the staging folder onto a folder that is not empty fails anyway (ENOTEMPTY).
    const r = run(parent, ['--force'], faultEnv([`rename:.out.staging->/out=${errno}@2`]));
    assertOneError(r, new RegExp(`^error: --out: cannot write to "[^"]*out" \\(${errno}\\) — `));
    assert.equal(snapshot(path.join(parent, 'out')), before, 'the folder is exactly as before');
    assert.equal(leftovers(parent), []);
  });
}

test('--force: moving the old folder back fails too: nothing is deleted, the line says where it is, the next run puts it back', () => {
  const parent = tempDir();
  const before = previous(parent);
  const r = run(parent, ['--force'], faultEnv(['rename:.out.staging->/out=EIO@2', 'rename:.out.old->/out=EIO']));
  assertOneError(r, /^error: --out: cannot move the new folder into place \(EIO, then EIO\); your previous folder is now "[^"]*\.out\.old-\d+" — rename it back to "out"/);
  assert.not.ok(existsSync(path.join(parent, 'out')));
  const aside = leftovers(parent).find((e) => e.startsWith('.out.old-'))!;
  assert.equal(snapshot(path.join(parent, aside)), before, 'the previous folder, whole, under the name the line gives');
  assertNextRunRestores(parent, before);
});

test('--force: moving the old folder aside fails: the folder is untouched, nothing is left', () => {
  const parent = tempDir();
  const before = previous(parent);
  const r = run(parent, ['--force'], faultEnv([`rename:${path.join(parent, 'out')}>=EIO`]));
  assertOneError(r, /^error: --out: cannot write to "[^"]*out" \(EIO\) — /);
  assert.equal(snapshot(path.join(parent, 'out')), before);
  assert.equal(leftovers(parent), []);
});

test('SIGKILL between the two renames of --force: the next run puts the old folder back, then --force completes', () => {
  const parent = tempDir();
  const before = previous(parent);
  const r = run(parent, ['--force'], faultEnv(['rename:.out.staging->/out=KILL@2']));
  assert.is(r.signal, 'SIGKILL', 'killed at the second rename');
  assert.not.ok(existsSync(path.join(parent, 'out')), 'the state between the renames');
  assert.equal(leftovers(parent).map((e) => e.replace(/-\d+$/, '')), ['.out.journal', '.out.old', '.out.staging']);
  assertNextRunRestores(parent, before);
});

test('SIGKILL while the old folder is deleted after the swap: the next run finishes the job, every user file kept', () => {
  const parent = tempDir();
  const before = previous(parent);
  const r = run(parent, ['--force'], faultEnv(['unlink:.out.old->=KILL@1']));
  assert.is(r.signal, 'SIGKILL');
  assertForced(path.join(parent, 'out'), before);
  assert.ok(leftovers(parent).some((e) => e.startsWith('.out.old-')), 'the old folder was not yet deleted');
  const next = run(parent, ['--force']);
  assert.is(next.code, 0, next.stderr);
  assert.not.match(next.stderr, /warning: kept/, 'the leftover is proven to be the run\'s own: no warning about it');
  assert.equal(leftovers(parent), []);
  assertForced(path.join(parent, 'out'), before);
});

test('SIGKILL right after the staging folder is made, before anything else: the next run clears it', () => {
  const parent = tempDir();
  const r = run(parent, [], faultEnv(['mkdir:.out.staging->=KILL@2']));
  assert.is(r.signal, 'SIGKILL');
  assert.ok(leftovers(parent).length > 0);
  const next = run(parent, []);
  assert.is(next.code, 0, next.stderr);
  assert.equal(leftovers(parent), []);
});

test('without --force, a folder that fills at the moment of the swap is refused and left as it is', () => {
  const parent = tempDir();
  const r = run(parent, [], faultEnv(['rename:.out.staging->/out=FILL@1']));
  assertOneError(r, /^error: --out: "[^"]*out" is not empty \(files appeared in it while this run was writing\) — /);
  assert.equal(snapshot(path.join(parent, 'out')), { 'appeared.txt': '644 written by someone else\n' });
  assert.equal(leftovers(parent), []);
});

test('--force: a file that appears in the folder during the swap is kept (beside it, with a warning), never deleted', () => {
  const parent = tempDir();
  const before = previous(parent);
  const r = run(parent, ['--force'], faultEnv(['rename:.out.staging->/out=FILL@1']));
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, /^warning: kept "[^"]*\.out\.old-\d+" \(files appeared in the folder while --force replaced it\): appeared\.txt is not in "out"; /);
  assertForced(path.join(parent, 'out'), before);
  const aside = leftovers(parent).find((e) => e.startsWith('.out.old-'))!;
  assert.equal(snapshot(path.join(parent, aside)), { 'appeared.txt': '644 written by someone else\n' }, 'only what is found nowhere else');
  // Later runs keep it too, and keep saying so.
  const again = run(parent, ['--force']);
  assert.is(again.code, 0, again.stderr);
  assert.match(again.stderr, /warning: kept .*appeared\.txt/);
  assert.ok(existsSync(path.join(parent, aside, 'appeared.txt')));
});

test('a leftover without a journal (an older version\'s, or not ours) loses only what is provably a copy', () => {
  const parent = tempDir();
  const before = previous(parent);
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  const aside = path.join(parent, `.out.old-${dead}`);
  mkdirSync(path.join(aside, 'empty', 'deeper'), { recursive: true });
  writeFileSync(path.join(aside, 'only-here.txt'), 'the only copy\n');
  linkSync(path.join(parent, 'out', 'notes.txt'), path.join(aside, 'notes.txt')); // the same file as out/notes.txt
  // The design this replaces deleted such a folder whenever --out existed: the only copy was lost.
  const r = run(parent, ['--force']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, /warning: kept "[^"]*\.out\.old-\d+" \(left by an interrupted run\): only-here\.txt is not in "out"/);
  assert.equal(snapshot(aside), { 'only-here.txt': '644 the only copy\n' });
  assertForced(path.join(parent, 'out'), before);
});

test('two runs racing for one new folder: at most one writes, the other refuses', async () => {
  const big = path.join(tempDir(), 'big.yaml');
  const namespaces = Array.from({ length: 60 }, (_, i) => `team-${i}`);
  writeFileSync(big, yaml.dump({ kserve: { version: '0.20.0' }, ingress: { istio: { servingNamespaces: namespaces } }, storage: { storageConfig: { enabled: true } } }));
  const reference = tempDir();
  assert.is(run(reference, [], {}, big).code, 0);
  const expected = snapshot(path.join(reference, 'out'));
  for (let round = 0; round < 4; round++) {
    const parent = tempDir();
    const out = path.join(parent, 'out');
    const [a, b] = await Promise.all([0, 1].map(() => runCliAsync(['--preset', big, '--out', out], { env: CREDS })));
    const codes = [a!.code, b!.code].sort();
    assert.equal(codes, [0, 2], `round ${round}: ${a!.stderr} | ${b!.stderr}`);
    assert.match([a!.stderr, b!.stderr].join(''), /error: --out: .* is not empty/);
    assert.equal(snapshot(out), expected, 'the folder is one complete run');
    assert.equal(leftovers(parent), []);
  }
});

/** Folder modes and file modes under `dir`: what secrets need. */
function modes(dir: string): { dirs: Record<string, string>; files: Record<string, string> } {
  const dirs: Record<string, string> = { '.': (statSync(dir).mode & 0o777).toString(8) };
  const files: Record<string, string> = {};
  for (const [rel, entry] of Object.entries(snapshot(dir))) {
    if (rel.endsWith('/')) dirs[rel.slice(0, -1)] = entry.slice(4);
    else files[rel] = entry.split(' ')[0]!;
  }
  return { dirs, files };
}

for (const umask of ['000', '077']) {
  test(`umask ${umask}: every folder holding secrets is 0700, other folders 0755, files keep their modes`, () => {
    const parent = tempDir();
    const out = path.join(parent, 'out');
    const r = spawnSync('sh', ['-c', `umask ${umask} && exec "$0" "$@"`, process.execPath, CLI_PATH, '--preset', S3, '--out', out], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...CREDS },
      encoding: 'utf8',
    });
    assert.is(r.status, 0, r.stderr);
    const { dirs, files } = modes(out);
    const secretDirs = new Set(Object.entries(files).filter(([, m]) => m === '600').map(([f]) => path.posix.dirname(f)));
    assert.ok(secretDirs.has('secrets'), `the preset writes a Secret: ${JSON.stringify(files)}`);
    for (const [dir, mode] of Object.entries(dirs)) assert.is(mode, secretDirs.has(dir) ? '700' : '755', `${dir}/`);
    for (const [file, mode] of Object.entries(files)) assert.is(mode, file.startsWith('secrets/') ? '600' : '644', file);
  });
}

test('--force over a folder whose secrets/ was left world-writable: the new secrets/ is 0700', () => {
  const parent = tempDir();
  const out = path.join(parent, 'out');
  assert.is(run(parent, [], {}, S3).code, 0);
  chmodSync(path.join(out, 'secrets'), 0o777);
  const r = run(parent, ['--force'], {}, S3);
  assert.is(r.code, 0, r.stderr);
  assert.is(statSync(path.join(out, 'secrets')).mode & 0o777, 0o700);
});

for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  test(`${signal} while the run is busy writing: exit ${code} before anything is replaced, nothing left`, () => {
    const parent = tempDir();
    const r = run(parent, [], faultEnv([`mkdir:.out.staging->=${signal}@1`]));
    assert.is(r.code, code, r.stderr);
    assert.is(r.stderr, 'Cancelled\n');
    assert.not.ok(existsSync(path.join(parent, 'out')));
    assert.equal(leftovers(parent), []);
  });
}

test('SIGINT while the new folder is being moved into place: never exit 0 (the folder is complete)', () => {
  const parent = tempDir();
  const reference = tempDir();
  assert.is(run(reference, []).code, 0);
  const r = run(parent, [], faultEnv(['rename:.out.staging->/out=SIGINT@1']));
  assert.is(r.code, 130, r.stderr);
  assert.equal(snapshot(path.join(parent, 'out')), snapshot(path.join(reference, 'out')), 'complete, never partial');
  assert.equal(leftovers(parent), []);
});

test('the fault shim is really loaded (a rule on a rename the run does not make changes nothing)', () => {
  const parent = tempDir();
  const r = run(parent, [], faultEnv(['rename:no-such-path>=EIO']));
  assert.is(r.code, 0, r.stderr);
  // And one on a rename it does make fails it: the shim is not silently ignored.
  const other = tempDir();
  assert.is(run(other, [], faultEnv(['rename:.out.staging->=EIO'])).code, 2);
  assert.equal(readdirSync(other), []);
});

test.run();
