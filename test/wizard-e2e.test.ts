/**
 * The wizard end to end: the built binary (dist/cli.cjs) in a real pseudo-terminal, answered with
 * keystrokes by test/support/pty_drive.py (Python's pty module: no tmux or native module needed).
 * Checks the files written, that kserve-config.yaml regenerates the folder byte for byte with
 * --preset, and that Ctrl+C exits 130 with nothing written. Contract §1 (TTY wizard, exit codes).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CLI_PATH, REPO_ROOT, listFiles, runCli, tempDir } from './support/cli.js';

const DRIVER = path.join(REPO_ROOT, 'test', 'support', 'pty_drive.py');

interface Step {
  expect?: string;
  send?: string;
}

interface Report {
  code: number | null;
  signal: number | null;
  error: string | null;
  /** Output with escape sequences removed. */
  transcript: string;
  raw: string;
}

const ENTER = '\r';
const DOWN = '\x1b[B';
const UP = '\x1b[A';
const CTRL_C = '\x03';
const CTRL_U = '\x15';

/** A regular expression matching `text` literally. */
const lit = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const python = spawnSync('python3', ['-c', 'import pty, termios'], { encoding: 'utf8' });
const canDrive = process.platform !== 'win32' && python.status === 0;

function drive(args: string[], steps: Step[], env: Record<string, string | null> = {}): Report {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run \`npm run build\` first`);
  const script = {
    argv: [process.execPath, CLI_PATH, ...args],
    cwd: REPO_ROOT,
    // NO_COLOR as a user sets it; an inherited FORCE_COLOR (test runners set it) would make Node warn.
    env: { NO_COLOR: '1', FORCE_COLOR: null, CREATE_KSERVE_CONFIG_DEBUG: null, ...env },
    cols: 200, // wide enough that no prompt line wraps (the waits match whole lines)
    rows: 40,
    timeout: 8,
    steps,
  };
  const r = spawnSync('python3', [DRIVER], { input: JSON.stringify(script), encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`pty_drive.py failed (${r.status ?? r.signal}): ${r.stderr}`);
  const report = JSON.parse(r.stdout) as Report;
  if (report.error) throw new Error(`${report.error}\n--- transcript (end) ---\n${report.transcript.slice(-3000)}`);
  return report;
}

/** Accept the shown answer of each prompt, in order. */
const enterAt = (...prompts: string[]): Step[] => prompts.map((p) => ({ expect: lit(p), send: ENTER }));

/** The prompts of the default flow (the newest KServe, Knative mode) from the version to the CA question. */
const DEFAULT_FLOW_TO_STORAGE = [
  'KServe version',
  'What to serve',
  'Namespace to install KServe into',
  'Deployment mode',
  'Ingress',
  'traffic from outside the cluster',
  'cluster-local traffic',
  'Domain InferenceService',
  'URL scheme',
  'Knative Serving version',
  'How Knative Serving is installed',
  'Air-gapped install',
  'behind a private CA',
];

function assertSameTree(a: string, b: string, context: string): void {
  const files = listFiles(a);
  assert.equal(listFiles(b), files, `${context}: file lists`);
  for (const rel of files) {
    const bytesA = readFileSync(path.join(a, rel));
    if (!bytesA.equals(readFileSync(path.join(b, rel)))) {
      assert.fixture(readFileSync(path.join(b, rel), 'utf8'), bytesA.toString('utf8'), `${context}: ${rel}`);
      assert.unreachable(`${context}: ${rel} differs byte-wise`);
    }
  }
}

if (!canDrive) {
  test('wizard end to end (skipped: needs python3 with pty/termios on a POSIX system)', () => {
    console.warn(`wizard-e2e skipped: ${python.error?.message ?? python.stderr}`);
  });
} else {
  test('keystrokes through the whole wizard write the folder the preset would, and kserve-config.yaml repeats it', () => {
    const out = path.join(tempDir(), 'out');
    const report = drive(['--out', out], [
      // The folder first: the one given with --out, shown as the default.
      { expect: lit(`Output folder (${out})`), send: ENTER },
      // KServe 0.15.2: five down from the newest, and its tested versions are on screen.
      { expect: lit('KServe version') },
      { send: DOWN.repeat(5) },
      { expect: lit('Tested with Knative Serving 1.15.2, Istio 1.23.2, Gateway API 1.2.1'), send: ENTER },
      ...enterAt('Namespace to install KServe into', 'Deployment mode (spelled as KServe 0.15.2 expects: Serverless/RawDeployment'),
      // Kong is on screen, disabled with the reason; Istio is highlighted.
      { expect: lit('Kong (needs RawDeployment mode: Serverless mode routes through Istio)'), send: ENTER },
      ...enterAt('traffic from outside the cluster (<namespace>/<name>)'),
      // The local gateway: clear the pre-filled name, type half of one (the problem shows as you
      // type, Enter is refused), then finish it.
      { expect: lit('cluster-local traffic (<namespace>/<name>)'), send: `${CTRL_U}knative-serving` },
      { expect: lit('"knative-serving" is not valid here — write it as <namespace>/<name>'), send: ENTER },
      { expect: lit('> "knative-serving" is not valid here'), send: `/knative-local-gateway${ENTER}` },
      ...enterAt(
        'Domain InferenceService hostnames are created under',
        'URL scheme',
        'Knative Serving version',
        'How Knative Serving is installed',
        'Air-gapped install',
        'behind a private CA',
        'storage-config Secret',
        'Knative progress deadline',
        'Write these 9 files',
      ),
      { expect: lit('Re-run without questions') },
    ]);
    assert.is(report.code, 0, report.transcript.slice(-2000));
    const t = report.transcript;
    assert.match(t, 'Review. Your answers:\n  KServe version: 0.15.2\n');
    assert.match(t, 'KServe 0.15.2, Serverless mode, Istio. 9 files go to');
    // Text prompts say what the answer leads to.
    assert.match(t, 'Helm installs the KServe charts there');
    assert.match(t, 'manifests/02-knativeserving-knative-serving.yaml');
    assert.match(t, `Wrote 9 files to ${out}/`);
    // The next three commands from INSTALL.md, and how to repeat the run.
    const commands = readFileSync(path.join(out, 'INSTALL.md'), 'utf8').match(/^kubectl apply -f https:\/\/github.com\/cert-manager.*$/m)![0];
    assert.match(t, `  cd ${out}\n  ${commands}\n  kubectl wait --for=condition=Available deployment --all -n cert-manager`);
    assert.match(t, `Re-run without questions: create-kserve-config --preset ${out}/kserve-config.yaml --out ${out} --force`);
    // NO_COLOR: no colour or text-style escapes at all.
    assert.not.match(report.raw, /\x1b\[[0-9;]*m/);

    // The same folder as the shipped preset for this scenario...
    const fromPreset = path.join(tempDir(), 'preset');
    assert.is(runCli(['--preset', 'presets/serverless-istio.yaml', '--out', fromPreset]).code, 0);
    assertSameTree(fromPreset, out, 'wizard vs presets/serverless-istio.yaml');
    // ...and kserve-config.yaml regenerates it byte for byte.
    const again = path.join(tempDir(), 'again');
    const r = runCli(['--preset', path.join(out, 'kserve-config.yaml'), '--out', again]);
    assert.is(r.code, 0, r.stderr);
    assertSameTree(out, again, 'wizard vs --preset kserve-config.yaml');
  });

  test('--preset FILE --edit: every question pre-filled; accepting them all writes what --preset writes', () => {
    const preset = 'presets/serverless-istio-custom-local-gateway.yaml';
    const out = path.join(tempDir(), 'out');
    const report = drive(['--preset', preset, '--edit', '--out', out], [
      ...enterAt(
        'Output folder',
        'KServe version',
        'Namespace to install KServe into',
        'Deployment mode',
        'Ingress',
        'traffic from outside the cluster',
        'cluster-local traffic (<namespace>/<name>) istio-system/custom-local-gateway',
        'Service (FQDN) of the pods behind istio-system/custom-local-gateway (custom-local-gateway.istio-system.svc.cluster.local)',
        'Labels of the pods behind istio-system/custom-local-gateway (key=value, comma-separated) (istio=custom-local-gateway)',
        'Namespaces istio-system/custom-local-gateway serves (comma-separated; empty: all namespaces) (online-serving)',
        'Domain InferenceService',
        'URL scheme',
        'Knative Serving version',
        'How Knative Serving is installed',
        'Air-gapped install',
        'behind a private CA',
        'storage-config Secret',
        'Knative progress deadline',
        'Write these',
      ),
      { expect: lit('Re-run without questions') },
    ]);
    assert.is(report.code, 0, report.transcript.slice(-2000));
    const fromPreset = path.join(tempDir(), 'preset');
    assert.is(runCli(['--preset', preset, '--out', fromPreset]).code, 0);
    assertSameTree(fromPreset, out, 'wizard --edit vs --preset');
  });

  test('Ctrl+C mid-flow: "Cancelled", exit 130, no output folder and nothing left beside it', () => {
    const parent = tempDir();
    const out = path.join(parent, 'out');
    const report = drive(['--out', out], [
      ...enterAt('Output folder', 'KServe version', 'What to serve', 'Namespace to install KServe into', 'Deployment mode'),
      { expect: lit('Kong (needs'), send: CTRL_C },
      { expect: 'Cancelled' },
    ]);
    assert.is(report.code, 130, report.transcript.slice(-2000));
    assert.match(report.transcript, /Cancelled\n?$/);
    assert.not.ok(existsSync(out), 'no output folder');
    assert.equal(readdirSync(parent), [], 'no staging folder either');
  });

  test('a folder with files in it: overwrite it, change an answer at the review, then write', () => {
    const out = path.join(tempDir(), 'out');
    mkdirSync(out);
    writeFileSync(path.join(out, 'notes.txt'), 'mine');
    const report = drive(['--out', out], [
      { expect: lit(`Output folder (${out})`), send: ENTER },
      // Overwrite is the first choice; the folder is named.
      { expect: lit(`${out} is not empty. What now?`), send: ENTER },
      ...enterAt(
        ...DEFAULT_FLOW_TO_STORAGE,
        'storage-config Secret',
        'Knative progress deadline',
      ),
      // The review: change the domain (the eighth answer), then write.
      { expect: lit('Write the files?'), send: DOWN },
      { expect: lit('Change an answer'), send: ENTER },
      { expect: lit('Which answer?'), send: DOWN.repeat(7) },
      { expect: lit('Domain InferenceService hostnames are created under: example.com'), send: ENTER },
      { expect: lit('Domain InferenceService hostnames are created under'), send: `${CTRL_U}models.example.org${ENTER}` },
      // Nothing else is asked again: straight back to the review, with the new answer.
      { expect: lit('Domain InferenceService hostnames are created under: models.example.org') },
      { expect: lit('Write the files?'), send: ENTER },
      { expect: lit('Re-run without questions') },
    ]);
    assert.is(report.code, 0, report.transcript.slice(-2000));
    assert.is(report.transcript.match(/✔ KServe version/g)?.length, 1, 'the version was answered once');
    assert.is(report.transcript.match(/✔ Domain InferenceService/g)?.length, 2, 'the domain twice');
    assert.match(readFileSync(path.join(out, 'kserve-config.yaml'), 'utf8'), 'domain: "models.example.org"');
    assert.is(readFileSync(path.join(out, 'notes.txt'), 'utf8'), 'mine', "the user's file is kept");
  });

  test('typed S3 keys: written to the Secret only; the re-run the wizard prints keeps them', () => {
    const out = path.join(tempDir(), 'out');
    const report = drive(['--out', out], [
      ...enterAt('Output folder', ...DEFAULT_FLOW_TO_STORAGE),
      { expect: lit('Write a storage-config Secret'), send: `y${ENTER}` },
      ...enterAt('S3 endpoint', 'S3 region', 'Default bucket', "Verify the endpoint's certificate", 'Namespaces to create the Secret in'),
      // Placeholders (last) is the default without AWS_* in the environment: go up to "Type them now".
      { expect: lit('S3 credentials for the Secret'), send: UP },
      { expect: lit('Type them now (hidden)'), send: ENTER },
      { expect: lit('Access key ID'), send: `AKIATYPEDEXAMPLE0001${ENTER}` },
      { expect: lit('Secret access key'), send: `typed/secret/EXAMPLE${ENTER}` },
      ...enterAt('Knative progress deadline', 'Write these'),
      { expect: lit('Re-run without questions') },
    ], { AWS_ACCESS_KEY_ID: null, AWS_SECRET_ACCESS_KEY: null });
    assert.is(report.code, 0, report.transcript.slice(-2000));
    assert.not.match(report.raw, 'typed/secret/EXAMPLE');
    const secret = path.join(out, 'secrets', 'kserve-test.storage-config.yaml');
    const written = readFileSync(secret, 'utf8');
    assert.match(written, 'AKIATYPEDEXAMPLE0001');
    // The command the wizard printed, as printed, with nothing in the environment.
    const rerun = /Re-run without questions: create-kserve-config (.*)$/m.exec(report.transcript)![1]!.split(' ');
    const r = runCli(rerun, { env: { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' } });
    assert.is(r.code, 0, r.stderr);
    assert.is(readFileSync(secret, 'utf8'), written);
    assert.match(r.stdout, 'Kept the S3 credentials of secrets/kserve-test.storage-config.yaml');
    // The wizard on that folder offers to keep them, first.
    const again = drive(['--preset', path.join(out, 'kserve-config.yaml'), '--edit', '--out', out, '--force'], [
      ...enterAt(
        'Output folder',
        ...DEFAULT_FLOW_TO_STORAGE,
        'Write a storage-config Secret',
        'S3 endpoint',
        'S3 region',
        'Default bucket',
        "Verify the endpoint's certificate",
        'Namespaces to create the Secret in',
      ),
      { expect: lit('S3 credentials for the Secret') },
      { expect: lit('❯ Keep the ones already written'), send: CTRL_C },
      { expect: 'Cancelled' },
    ], { AWS_ACCESS_KEY_ID: null, AWS_SECRET_ACCESS_KEY: null });
    assert.is(again.code, 130);
  });
}

test('no terminal: exit 2 with one line — --edit needs --preset, and needs a terminal', () => {
  const alone = runCli(['--edit']);
  assert.is(alone.code, 2);
  assert.match(alone.stderr, /^error: --edit: needs --preset FILE/);
  const out = path.join(tempDir(), 'o');
  const piped = runCli(['--preset', 'presets/serverless-istio.yaml', '--edit', '--out', out]);
  assert.is(piped.code, 2);
  assert.is(piped.stderr, 'error: --edit: needs a terminal to ask the questions on — run it in a terminal, or leave out --edit to generate from the preset as it is\n');
  assert.not.ok(existsSync(out));
});

test.run();
