/**
 * Issue 10.4: credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from the environment) never
 * appear on stdout or stderr, in kserve-config.yaml or any file but the storage-config Secrets, in
 * --dry-run output or in error messages - including errors raised after the credentials were read -
 * and Secret files are 0600. Every output is searched for each credential as written, JSON-escaped
 * and base64-encoded. test/storage.test.ts covers the basic success case and the placeholders.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import yaml from 'js-yaml';
import { REPO_ROOT, listFiles, runCli, tempDir, type RunResult } from './support/cli.js';

const S3 = 'presets/private-ca-s3.yaml';

/** Credentials with everything that could break out of a YAML or JSON string. */
const HOSTILE = {
  AWS_ACCESS_KEY_ID: 'AKIA"HOSTILE\'KEY: #{{id}}',
  AWS_SECRET_ACCESS_KEY: 'wJal"rXUtn\\FEMI/K7MDENG: x\n---\nkind: ConfigMapFromTheKey\n# {{yaml preset}} \u00e9\u2028end',
};
const PLAIN = { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

/** The forms a credential could be leaked in. */
function forms(secret: string): string[] {
  return [secret, JSON.stringify(secret).slice(1, -1), Buffer.from(secret).toString('base64'), ...secret.split('\n').filter((l) => l.length >= 12)];
}

function assertNoLeak(text: string, creds: Record<string, string>, where: string): void {
  for (const secret of Object.values(creds)) {
    for (const f of forms(secret)) assert.not.ok(text.includes(f), `${where} contains the credential ${JSON.stringify(f)}`);
  }
}

/** stdout, stderr and every file outside secrets/ are free of the credentials. */
function assertNothingLeaks(r: RunResult, out: string, creds: Record<string, string>, ctx: string): void {
  assertNoLeak(r.stdout, creds, `${ctx}: stdout`);
  assertNoLeak(r.stderr, creds, `${ctx}: stderr`);
  if (!existsSync(out)) return;
  for (const f of listFiles(out)) {
    if (!f.startsWith('secrets/')) assertNoLeak(readFileSync(path.join(out, f), 'utf8'), creds, `${ctx}: ${f}`);
  }
}

test('credentials with quotes, newlines, "---", "#", "{{" and unicode: exact in the Secrets (0600), nowhere else', () => {
  for (const creds of [PLAIN, HOSTILE]) {
    const out = path.join(tempDir(), 'out');
    const r = runCli(['--preset', S3, '--out', out, '--set', 'storage.storageConfig.namespaces=[team-a, team-b]'], { env: creds });
    assert.is(r.code, 0, r.stderr);
    assertNothingLeaks(r, out, creds, 'generate');
    const secrets = listFiles(out).filter((f) => f.startsWith('secrets/'));
    assert.equal(secrets, ['secrets/team-a.storage-config.yaml', 'secrets/team-b.storage-config.yaml']);
    for (const f of secrets) {
      assert.is(lstatSync(path.join(out, f)).mode & 0o777, 0o600, `${f} is 0600`);
      const docs = yaml.loadAll(readFileSync(path.join(out, f), 'utf8')).filter(Boolean) as { kind: string; stringData: { default: string } }[];
      assert.is(docs.length, 1, `${f}: one document (no "---" injected)`);
      assert.is(docs[0]!.kind, 'Secret');
      const entry = JSON.parse(docs[0]!.stringData.default) as Record<string, string>;
      assert.is(entry.access_key_id, creds.AWS_ACCESS_KEY_ID, 'access key read back exactly');
      assert.is(entry.secret_access_key, creds.AWS_SECRET_ACCESS_KEY, 'secret read back exactly');
    }
    for (const f of listFiles(out).filter((x) => !x.startsWith('secrets/'))) assert.is(lstatSync(path.join(out, f)).mode & 0o777, 0o644, f);
    // --dry-run lists the Secret files, never their content.
    const dry = runCli(['--preset', S3, '--out', path.join(tempDir(), 'dry'), '--dry-run'], { env: creds });
    assert.is(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /secrets\/kserve-test\.storage-config\.yaml \(mode 0600\)/);
    assertNothingLeaks(dry, '', creds, '--dry-run');
  }
});

test('errors raised after the credentials were read never show them', () => {
  const parent = tempDir();
  writeFileSync(path.join(parent, 'a-file'), 'x\n');
  mkdirSync(path.join(parent, 'full'));
  writeFileSync(path.join(parent, 'full', 'notes.txt'), 'x\n');
  const failing: [string, string[]][] = [
    // resolve: an impossible combination
    ['CA bundle on 0.11', ['--set', 'kserve.version=0.11.2']],
    ['embedCertificate on a 0.12 rc', ['--set', 'kserve.version=0.12.0-rc0']],
    // after rendering: --out checks and the write itself
    ['--out is a file', ['--out', path.join(parent, 'a-file')]],
    ['--out not empty', ['--out', path.join(parent, 'full')]],
    ['--out below a file', ['--out', path.join(parent, 'a-file', 'out')]],
    // validation (before the credentials are read), with the credential pasted into a value
    ['credential pasted into a key', ['--set', `storage.storageConfig.s3.secretAccessKey=${PLAIN.AWS_SECRET_ACCESS_KEY}`]],
  ];
  for (const creds of [PLAIN, HOSTILE]) {
    for (const [name, args] of failing) {
      const r = runCli(['--preset', S3, ...(args.includes('--out') ? [] : ['--out', path.join(parent, 'never')]), ...args], { env: creds });
      assert.is(r.code, 2, `${name}: ${r.stderr}`);
      assert.match(r.stderr, /^error: [^\n]+\n$/, `${name}: one error line`);
      assertNothingLeaks(r, '', creds, name);
      assert.not.ok(existsSync(path.join(parent, 'never')), `${name}: nothing written`);
    }
  }
});

test('a preset cannot carry credentials: such keys are refused, naming the key but not echoing the value', () => {
  const dir = tempDir();
  const file = path.join(dir, 'preset.yaml');
  writeFileSync(file, `kserve:\n  version: "0.15.2"\nstorage:\n  storageConfig:\n    enabled: true\n    s3:\n      accessKeyId: ${PLAIN.AWS_ACCESS_KEY_ID}\n      secretAccessKey: ${PLAIN.AWS_SECRET_ACCESS_KEY}\n`);
  const r = runCli(['--preset', file, '--out', path.join(dir, 'out')], { env: { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' } });
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, /^error: storage\.storageConfig\.s3\.accessKeyId: unknown key — /);
  assertNothingLeaks(r, path.join(dir, 'out'), PLAIN, 'preset with credentials');
});

test('credentials in the environment reach no file when storage-config is off', () => {
  const out = path.join(tempDir(), 'out');
  const r = runCli(['--preset', 'presets/offline-serverless.yaml', '--out', out], { env: PLAIN, cwd: REPO_ROOT });
  assert.is(r.code, 0, r.stderr);
  assertNothingLeaks(r, out, PLAIN, 'storage off');
  assert.not.ok(listFiles(out).some((f) => f.startsWith('secrets/')));
});

test('--force over a folder whose Secret file was loosened to 0644: the new Secret is 0600, user files keep their modes', () => {
  const out = path.join(tempDir(), 'out');
  assert.is(runCli(['--preset', S3, '--out', out], { env: PLAIN }).code, 0);
  const secret = path.join(out, 'secrets', 'kserve-test.storage-config.yaml');
  chmodSync(secret, 0o644);
  writeFileSync(path.join(out, 'secrets', 'my-other-secret.yaml'), 'kind: Secret\n', { mode: 0o640 });
  chmodSync(path.join(out, 'secrets', 'my-other-secret.yaml'), 0o640);
  const r = runCli(['--preset', S3, '--out', out, '--force'], { env: HOSTILE });
  assert.is(r.code, 0, r.stderr);
  assert.is(lstatSync(secret).mode & 0o777, 0o600);
  assert.is(lstatSync(path.join(out, 'secrets', 'my-other-secret.yaml')).mode & 0o777, 0o640);
  const doc = yaml.load(readFileSync(secret, 'utf8')) as { stringData: { default: string } };
  assert.is((JSON.parse(doc.stringData.default) as Record<string, string>).secret_access_key, HOSTILE.AWS_SECRET_ACCESS_KEY, 'the new credentials');
  assertNothingLeaks(r, out, HOSTILE, '--force');
});


test('a re-run without credentials keeps the ones the folder holds, says so, and never writes placeholders over them', () => {
  const out = path.join(tempDir(), 'out');
  const noCreds = { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' };
  assert.is(runCli(['--preset', S3, '--out', out], { env: PLAIN }).code, 0);
  const secretFile = path.join(out, 'secrets', 'kserve-test.storage-config.yaml');
  const first = readFileSync(secretFile, 'utf8');
  // The regenerate command INSTALL.md gives, from the folder, with nothing in the environment.
  const again = runCli(['--preset', 'kserve-config.yaml', '--out', '.', '--force'], { cwd: out, env: noCreds });
  assert.is(again.code, 0, again.stderr);
  assert.is(readFileSync(secretFile, 'utf8'), first, 'the Secret is written again with the same keys');
  assert.match(again.stdout, 'Kept the S3 credentials of secrets/kserve-test.storage-config.yaml');
  assert.not.match(again.stderr, 'REPLACE_WITH_');
  assertNothingLeaks(again, out, PLAIN, 're-run');
  // New credentials in the environment replace them.
  const other = { AWS_ACCESS_KEY_ID: 'AKIAOTHEREXAMPLE0000', AWS_SECRET_ACCESS_KEY: 'another/secret/key/EXAMPLE' };
  assert.is(runCli(['--preset', 'kserve-config.yaml', '--out', '.', '--force'], { cwd: out, env: other }).code, 0);
  assert.match(readFileSync(secretFile, 'utf8'), 'AKIAOTHEREXAMPLE0000');
});

test('Secrets in the folder that disagree are not guessed between: exit 2, nothing written', () => {
  const out = path.join(tempDir(), 'out');
  assert.is(runCli(['--preset', S3, '--out', out, '--set', 'storage.storageConfig.namespaces=[team-a, team-b]'], { env: PLAIN }).code, 0);
  const b = path.join(out, 'secrets', 'team-b.storage-config.yaml');
  writeFileSync(b, readFileSync(b, 'utf8').replaceAll(PLAIN.AWS_ACCESS_KEY_ID, 'AKIADIFFERENTEXAMPLE'), { mode: 0o600 });
  const before = readFileSync(b, 'utf8');
  const r = runCli(['--preset', 'kserve-config.yaml', '--out', '.', '--force'], { cwd: out, env: { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' } });
  assert.is(r.code, 2);
  assert.match(r.stderr, /^error: --out: secrets\/team-a\.storage-config\.yaml and secrets\/team-b\.storage-config\.yaml hold different S3 credentials — set AWS_ACCESS_KEY_ID/);
  assert.is(readFileSync(b, 'utf8'), before);
  assertNothingLeaks(r, out, PLAIN, 'conflict');
});

test.run();
