/**
 * End-to-end tests of the built binary (dist/cli.cjs, built by `npm test` / `npm run build`),
 * spawned the way a user runs it. Contract: ../shared/spec/contract-v1.md §1 (flags, exit codes,
 * error lines) and §3 (output folder, determinism, round trip through kserve-config.yaml).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import yaml from 'js-yaml';
import { REPO_ROOT, listFiles, readTree, runCli, tempDir, type RunOptions, type RunResult } from './support/cli.js';
import { generateScenario, scenarioMatrix } from './support/generate.js';

const PRESET = path.join(REPO_ROOT, 'presets', 'serverless-istio.yaml');
const fixture = (name: string): string => path.join(REPO_ROOT, 'test', 'fixtures', 'presets', name);
const PKG_VERSION = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** What presets/serverless-istio.yaml (KServe 0.15.2, Serverless, Istio) generates. */
const SERVERLESS_FILES = [
  '.create-kserve-config.sha256',
  'INSTALL.md',
  'examples/inferenceservice.yaml',
  'helm/kserve.values.yaml',
  'kserve-config.yaml',
  'manifests/00-namespace-kserve.yaml',
  'manifests/01-namespace-knative-serving.yaml',
  'manifests/02-knativeserving-knative-serving.yaml',
  'manifests/kustomization.yaml',
].sort();

type Doc = Record<string, any>;

const readYaml = (file: string): Doc => yaml.load(readFileSync(file, 'utf8')) as Doc;

/** Runs the CLI into a fresh `<tmp>/out` and returns both. */
function generate(args: string[], opts: RunOptions = {}): { out: string; result: RunResult } {
  const out = path.join(tempDir(), 'out');
  const result = runCli([...args, '--out', out], opts);
  return { out, result };
}

function assertOk(result: RunResult, context: string): void {
  assert.is(result.code, 0, `${context}: exit ${result.code}, stderr: ${result.stderr}`);
}

/** Byte-for-byte comparison of two folders (names and contents). */
function assertSameTree(a: string, b: string, context: string): void {
  const filesA = listFiles(a);
  assert.equal(listFiles(b), filesA, `${context}: file lists differ`);
  for (const rel of filesA) {
    const bytesA = readFileSync(path.join(a, rel));
    const bytesB = readFileSync(path.join(b, rel));
    if (!bytesA.equals(bytesB)) {
      // Show the text diff uvu renders, then fail even if only bytes differ.
      assert.fixture(bytesB.toString('utf8'), bytesA.toString('utf8'), `${context}: ${rel} differs`);
      assert.unreachable(`${context}: ${rel} differs byte-wise`);
    }
  }
}

let baselineDir: string | undefined;
/** The shipped preset generated once; several tests compare against it. */
function baseline(): string {
  if (baselineDir === undefined) {
    const { out, result } = generate(['--preset', PRESET]);
    assertOk(result, 'baseline');
    baselineDir = out;
  }
  return baselineDir;
}

interface ExpectedError {
  /** The `<where>` part: preset key path, flag or file. */
  where: string;
  /** Texts the whole line must contain. */
  mentions?: (string | RegExp)[];
  /** Texts the fix (after " — ") must contain. */
  fix?: (string | RegExp)[];
}

/** Asserts the contract's exit-2 shape: exit 2, nothing on stdout, ONE `error: <where>: <problem> — <fix>` line. */
function assertUserError(result: RunResult, expected: ExpectedError): { problem: string; fix: string } {
  assert.is(result.code, 2, `exit code (stderr: ${result.stderr})`);
  assert.is(result.stdout, '', 'nothing on stdout');
  assert.ok(result.stderr.endsWith('\n'), `stderr ends with a newline: ${JSON.stringify(result.stderr)}`);
  const line = result.stderr.slice(0, -1);
  assert.not.match(line, /\n/, `stderr is exactly one line: ${JSON.stringify(result.stderr)}`);
  assert.not.match(result.stderr, /^\s+at /m, 'no stack trace');
  const prefix = `error: ${expected.where}: `;
  assert.ok(line.startsWith(prefix), `line starts with ${JSON.stringify(prefix)}: ${line}`);
  const rest = line.slice(prefix.length);
  const dash = rest.indexOf(' — ');
  assert.ok(dash > 0, `a problem, then " — " and a fix: ${line}`);
  const problem = rest.slice(0, dash);
  const fix = rest.slice(dash + ' — '.length);
  assert.ok(problem.trim().length > 0, `non-empty problem: ${line}`);
  assert.ok(fix.trim().length > 0, `non-empty fix: ${line}`);
  for (const m of expected.mentions ?? []) {
    if (typeof m === 'string') assert.ok(line.includes(m), `line mentions ${JSON.stringify(m)}: ${line}`);
    else assert.match(line, m, `line matches ${m}: ${line}`);
  }
  for (const m of expected.fix ?? []) {
    if (typeof m === 'string') assert.ok(fix.includes(m), `fix mentions ${JSON.stringify(m)}: ${fix}`);
    else assert.match(fix, m, `fix matches ${m}: ${fix}`);
  }
  return { problem, fix };
}

/**
 * Runs args (plus `--out <parent>/out`) that must fail, checks the error line, and checks that
 * nothing was written: no out folder, no staging leftovers next to it.
 */
function expectUserError(args: string[], expected: ExpectedError, opts: RunOptions = {}): { problem: string; fix: string } {
  const parent = tempDir();
  const out = path.join(parent, 'out');
  const result = runCli([...args, '--out', out], opts);
  const parts = assertUserError(result, expected);
  assert.not.ok(existsSync(out), 'the --out folder was not created');
  assert.equal(readdirSync(parent), [], 'nothing (not even a staging folder) was left next to --out');
  return parts;
}

// ---------------------------------------------------------------------------------------------
// --help, --version

test('--help exits 0 and documents every flag', () => {
  const r = runCli(['--help']);
  assertOk(r, '--help');
  assert.is(r.stderr, '');
  for (const flag of ['--preset', '--out', '--set', '--force', '--dry-run', '--yes', '--version']) {
    assert.ok(r.stdout.includes(flag), `--help mentions ${flag}`);
  }
  assert.ok(r.stdout.includes('create-kserve-config'), 'names the tool');
});

test('--version prints the package.json version', () => {
  const r = runCli(['--version']);
  assertOk(r, '--version');
  assert.is(r.stdout, `${PKG_VERSION}\n`);
  assert.is(r.stderr, '');
});

// ---------------------------------------------------------------------------------------------
// Generating from the shipped preset

test('presets/serverless-istio.yaml: expected files and values', () => {
  const out = baseline();
  assert.equal(listFiles(out), SERVERLESS_FILES);

  // Every .yaml parses.
  for (const rel of SERVERLESS_FILES.filter((f) => f.endsWith('.yaml'))) {
    assert.not.throws(() => yaml.load(readFileSync(path.join(out, rel), 'utf8')), `${rel} parses as YAML`);
  }

  const values = readYaml(path.join(out, 'helm/kserve.values.yaml'));
  assert.is(values.kserve.controller.deploymentMode, 'Serverless');
  assert.is(values.kserve.controller.gateway.domain, 'example.com');
  assert.is(values.kserve.controller.gateway.urlScheme, 'http');
  assert.is(values.kserve.controller.gateway.localGateway.gateway, 'knative-serving/knative-local-gateway');
  assert.is(values.kserve.controller.gateway.localGateway.gatewayService, 'knative-local-gateway.istio-system.svc.cluster.local');
  assert.is(values.kserve.controller.gateway.ingressGateway.gateway, 'knative-serving/knative-ingress-gateway');

  const ks = readYaml(path.join(out, 'manifests/02-knativeserving-knative-serving.yaml'));
  assert.is(ks.apiVersion, 'operator.knative.dev/v1beta1');
  assert.is(ks.kind, 'KnativeServing');
  assert.is(ks.metadata.name, 'knative-serving');
  assert.is(ks.metadata.namespace, 'knative-serving');
  assert.is(ks.spec.version, '1.15.2');
  assert.equal(ks.spec.config.domain, { 'example.com': '' });

  const ns = readYaml(path.join(out, 'manifests/00-namespace-kserve.yaml'));
  assert.equal([ns.apiVersion, ns.kind, ns.metadata.name], ['v1', 'Namespace', 'kserve']);
  const kns = readYaml(path.join(out, 'manifests/01-namespace-knative-serving.yaml'));
  assert.equal([kns.kind, kns.metadata.name], ['Namespace', 'knative-serving']);

  const kustomization = readYaml(path.join(out, 'manifests/kustomization.yaml'));
  assert.is(kustomization.kind, 'Kustomization');
  assert.equal(kustomization.resources, [
    '00-namespace-kserve.yaml',
    '01-namespace-knative-serving.yaml',
    '02-knativeserving-knative-serving.yaml',
  ]);

  const resolved = readYaml(path.join(out, 'kserve-config.yaml'));
  assert.is(resolved.kserve.version, '0.15.2');
  assert.is(resolved.kserve.namespace, 'kserve');
  assert.is(resolved.deploymentMode, 'Serverless');
  assert.is(resolved.ingress.provider, 'istio');

  const isvc = readYaml(path.join(out, 'examples/inferenceservice.yaml'));
  assert.is(isvc.kind, 'InferenceService');

  const install = readFileSync(path.join(out, 'INSTALL.md'), 'utf8');
  assert.ok(install.startsWith('# '), 'INSTALL.md starts with a heading');
  assert.ok(install.includes('KServe 0.15.2'), 'INSTALL.md names the version');
  assert.ok(install.includes('helm/kserve.values.yaml'), 'INSTALL.md uses the values file');
  assert.ok(install.includes('manifests/'), 'INSTALL.md applies the manifests');
});

test('success prints a summary on stdout and nothing on stderr', () => {
  const { out, result } = generate(['--preset', PRESET]);
  assertOk(result, 'generate');
  assert.is(result.stderr, '');
  assert.ok(result.stdout.includes('KServe 0.15.2'), result.stdout);
  assert.ok(result.stdout.includes(`${out}/INSTALL.md`), result.stdout);
});

// ---------------------------------------------------------------------------------------------
// Every supported minor line

const VERSIONS: { version: string; normalized: string; split: boolean; mode: 'Serverless' | 'Knative' }[] = [
  { version: '0.11.2', normalized: '0.11.2', split: false, mode: 'Serverless' },
  { version: '0.12.1', normalized: '0.12.1', split: false, mode: 'Serverless' },
  { version: '0.13.1', normalized: '0.13.1', split: false, mode: 'Serverless' },
  { version: '0.14.1', normalized: '0.14.1', split: false, mode: 'Serverless' },
  { version: '0.15.0-rc0', normalized: '0.15.0-rc0', split: false, mode: 'Serverless' },
  { version: '0.15.2', normalized: '0.15.2', split: false, mode: 'Serverless' },
  { version: 'v0.16.0-rc1', normalized: '0.16.0-rc1', split: false, mode: 'Knative' },
  { version: '0.16.0', normalized: '0.16.0', split: false, mode: 'Knative' },
  { version: '0.17.1', normalized: '0.17.1', split: true, mode: 'Knative' },
  { version: '0.18.1', normalized: '0.18.1', split: true, mode: 'Knative' },
  { version: '0.19.0', normalized: '0.19.0', split: true, mode: 'Knative' },
  { version: '0.20.0', normalized: '0.20.0', split: true, mode: 'Knative' },
];

for (const v of VERSIONS) {
  test(`--set kserve.version=${v.version}: charts and mode spelling`, () => {
    const { out, result } = generate(['--preset', PRESET, '--set', `kserve.version=${v.version}`]);
    assertOk(result, v.version);
    assert.ok(result.stdout.includes(`KServe ${v.normalized} (${v.mode}`), result.stdout);
    const files = listFiles(out);
    for (const common of ['INSTALL.md', 'kserve-config.yaml', 'manifests/kustomization.yaml', 'examples/inferenceservice.yaml']) {
      assert.ok(files.includes(common), `${v.version}: ${common} written`);
    }
    const helmFiles = files.filter((f) => f.startsWith('helm/'));
    const expectedHelm = v.split
      ? ['helm/kserve-resources.values.yaml', 'helm/kserve-runtime-configs.values.yaml']
      : ['helm/kserve.values.yaml'];
    assert.equal(helmFiles, expectedHelm, `${v.version}: helm values files`);
    const main = readYaml(path.join(out, expectedHelm[0]!));
    assert.is(main.kserve.controller.deploymentMode, v.mode, `${v.version}: mode spelling`);
    const resolved = readYaml(path.join(out, 'kserve-config.yaml'));
    assert.is(resolved.kserve.version, v.version, `${v.version}: kserve-config.yaml keeps the version`);
  });
}

test('deploymentMode Knative is written as Serverless for KServe 0.15', () => {
  const { out, result } = generate(['--preset', PRESET, '--set', 'deploymentMode=Knative']);
  assertOk(result, 'Knative on 0.15.2');
  assert.is(readYaml(path.join(out, 'helm/kserve.values.yaml')).kserve.controller.deploymentMode, 'Serverless');
});

// ---------------------------------------------------------------------------------------------
// Determinism and round trip

test('determinism: two runs give byte-identical trees', () => {
  const { out, result } = generate(['--preset', PRESET]);
  assertOk(result, 'second run');
  assertSameTree(baseline(), out, 'run 1 vs run 2');
});

test('determinism: time zone and locale do not change the output', () => {
  const tokyo = generate(['--preset', PRESET, '--set', 'kserve.version=0.20.0'], {
    env: { TZ: 'Asia/Tokyo', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' },
  });
  const utc = generate(['--preset', PRESET, '--set', 'kserve.version=0.20.0'], { env: { TZ: 'UTC', LANG: 'C', LC_ALL: 'C' } });
  assertOk(tokyo.result, 'Asia/Tokyo de_DE');
  assertOk(utc.result, 'UTC C');
  assertSameTree(utc.out, tokyo.out, 'TZ/LANG');
});

test('round trip: --preset <out>/kserve-config.yaml reproduces the folder byte for byte', () => {
  const first = baseline();
  const { out, result } = generate(['--preset', path.join(first, 'kserve-config.yaml')]);
  assertOk(result, 'regenerate');
  assertSameTree(first, out, 'round trip');
});

test('round trip with non-default values set on the command line', () => {
  const sets = [
    'kserve.version=v0.16.0-rc1',
    'kserve.namespace=ml-serving',
    'ingress.domain=models.example.org',
    'ingress.urlScheme=https',
    'ingress.istio.servingNamespaces=[team-a,team-b]',
    'deployment.strategy.maxSurge=1',
  ].flatMap((s) => ['--set', s]);
  const first = generate(['--preset', PRESET, ...sets]);
  assertOk(first.result, 'first');
  const resolved = readYaml(path.join(first.out, 'kserve-config.yaml'));
  assert.is(resolved.kserve.version, 'v0.16.0-rc1');
  assert.is(resolved.kserve.namespace, 'ml-serving');
  assert.equal(resolved.ingress.istio.servingNamespaces, ['team-a', 'team-b']);
  assert.is(resolved.deployment.strategy.maxSurge, '1', 'a string key keeps "1" as text, also in the written preset');
  assert.ok(listFiles(first.out).includes('manifests/00-namespace-ml-serving.yaml'));
  const second = generate(['--preset', path.join(first.out, 'kserve-config.yaml')]);
  assertOk(second.result, 'second');
  assertSameTree(first.out, second.out, 'round trip with --set values');
});

// ---------------------------------------------------------------------------------------------
// stdin, --dry-run, --force, --yes, warnings

test('--preset - reads the preset from stdin', () => {
  const { out, result } = generate(['--preset', '-'], { input: readFileSync(PRESET, 'utf8') });
  assertOk(result, 'stdin');
  assertSameTree(baseline(), out, 'stdin vs file');
});

test('--dry-run lists every file (with a reason) and writes nothing', () => {
  const parent = tempDir();
  const out = path.join(parent, 'out');
  const r = runCli(['--preset', PRESET, '--dry-run', '--out', out]);
  assertOk(r, '--dry-run');
  assert.is(r.stderr, '');
  const lines = r.stdout.split('\n');
  for (const file of SERVERLESS_FILES) {
    const i = lines.findIndex((l) => l.trim() === file);
    assert.ok(i >= 0, `--dry-run lists ${file}:\n${r.stdout}`);
    assert.ok((lines[i + 1] ?? '').trim().length > 0, `--dry-run says why ${file} is written`);
  }
  assert.ok(r.stdout.includes(`${SERVERLESS_FILES.length} files`), r.stdout);
  assert.not.ok(existsSync(out), 'no output folder');
  assert.equal(readdirSync(parent), [], 'nothing written next to --out');
});

test('--force keeps user files and replaces the generated ones', () => {
  const parent = tempDir();
  const out = path.join(parent, 'out');
  mkdirSync(path.join(out, 'helm'), { recursive: true });
  writeFileSync(path.join(out, 'notes.txt'), 'my notes\n');
  writeFileSync(path.join(out, 'helm', 'kserve.values.yaml'), '# old version\nkserve: {controller: {deploymentMode: RawDeployment}}\n');
  const r = runCli(['--preset', PRESET, '--out', out, '--force']);
  assertOk(r, '--force');
  assert.is(readFileSync(path.join(out, 'notes.txt'), 'utf8'), 'my notes\n', 'notes.txt unchanged');
  assert.equal(listFiles(out), [...SERVERLESS_FILES, 'notes.txt'].sort());
  const expected = readTree(baseline());
  const actual = readTree(out);
  for (const file of SERVERLESS_FILES) assert.is(actual[file], expected[file], `${file} is freshly generated`);
  assert.equal(readdirSync(parent), ['out'], 'no staging or backup folder left behind');
});

test('--force removes the files an earlier configuration wrote that this one does not; edited ones and the user\'s stay', () => {
  const out = path.join(tempDir(), 'out');
  assertOk(runCli(['--preset', path.join(REPO_ROOT, 'presets', 'serverless-istio-custom-local-gateway.yaml'), '--out', out]), 'first run');
  writeFileSync(path.join(out, 'notes.txt'), 'my notes\n');
  const r = runCli(['--preset', PRESET, '--out', out, '--force']);
  assertOk(r, 'second run');
  assert.is(r.stderr, '');
  assert.match(r.stdout, 'Removed helm/istio-gateway.values.yaml, manifests/03-gateway-custom-local-gateway.yaml: an earlier run wrote them, and this configuration does not.');
  assert.equal(listFiles(out), [...SERVERLESS_FILES, 'notes.txt'].sort());
  // A file an earlier run wrote and someone edited is kept, and named.
  assertOk(runCli(['--preset', path.join(REPO_ROOT, 'presets', 'serverless-istio-custom-local-gateway.yaml'), '--out', out, '--force']), 'third run');
  const edited = path.join(out, 'helm', 'istio-gateway.values.yaml');
  writeFileSync(edited, `${readFileSync(edited, 'utf8')}# tuned by hand\n`);
  const again = runCli(['--preset', PRESET, '--out', out, '--force']);
  assert.is(
    again.stderr,
    'warning: --force kept helm/istio-gateway.values.yaml: an earlier run wrote it and it was changed since, but this configuration does not write it; delete what you do not need\n',
  );
  assert.equal(listFiles(out), [...SERVERLESS_FILES, 'helm/istio-gateway.values.yaml', 'notes.txt'].sort());
  assert.match(readFileSync(edited, 'utf8'), '# tuned by hand');
});

test('a version change with --force leaves no file of the old version behind (check would otherwise read it)', () => {
  const out = path.join(tempDir(), 'out');
  assertOk(runCli(['--preset', PRESET, '--out', out, '--set', 'kserve.version=0.15.2']), 'first run');
  assert.ok(existsSync(path.join(out, 'helm', 'kserve.values.yaml')));
  assertOk(runCli(['--preset', PRESET, '--out', out, '--set', 'kserve.version=0.20.0', '--force']), '0.20.0');
  assert.not.ok(existsSync(path.join(out, 'helm', 'kserve.values.yaml')), 'the 0.15 chart values are gone');
  assert.ok(existsSync(path.join(out, 'helm', 'kserve-resources.values.yaml')));
});

test('the checksums file lists every other file with its SHA-256, in sha256sum format', () => {
  const out = path.join(tempDir(), 'out');
  assertOk(runCli(['--preset', PRESET, '--out', out]), 'run');
  const sums = readFileSync(path.join(out, '.create-kserve-config.sha256'), 'utf8');
  const listedPaths = sums.trimEnd().split('\n').map((l) => l.split('  ')[1]);
  assert.equal(listedPaths, listFiles(out).filter((f) => f !== '.create-kserve-config.sha256'));
  const check = spawnSync('sha256sum', ['-c', '--quiet', '.create-kserve-config.sha256'], { cwd: out, encoding: 'utf8' });
  if (!check.error) assert.is(check.status, 0, check.stdout + check.stderr);
});

test('every shipped preset works from any folder, as it does from the npm package', () => {
  const cwd = tempDir();
  for (const name of readdirSync(path.join(REPO_ROOT, 'presets')).filter((f) => f.endsWith('.yaml'))) {
    const out = path.join(cwd, name.replace(/\.yaml$/, ''));
    assertOk(runCli(['--preset', path.join(REPO_ROOT, 'presets', name), '--out', out], { cwd }), name);
  }
});

test('--yes without a TTY generates the defaults for the newest release into ./kserve-config', () => {
  const cwd = tempDir();
  const r = runCli(['--yes'], { cwd });
  assertOk(r, '--yes');
  const out = path.join(cwd, 'kserve-config');
  assert.ok(statSync(out).isDirectory(), 'default --out is ./kserve-config');
  const files = listFiles(out);
  assert.ok(files.includes('helm/kserve-resources.values.yaml'), files.join(', '));
  assert.ok(files.includes('helm/kserve-runtime-configs.values.yaml'), files.join(', '));
  assert.not.ok(files.includes('helm/kserve.values.yaml'));
  const resolved = readYaml(path.join(out, 'kserve-config.yaml'));
  assert.is(resolved.kserve.version, '0.20.0');
  assert.is(readYaml(path.join(out, 'helm/kserve-resources.values.yaml')).kserve.controller.deploymentMode, 'Knative');
});

test('warnings go to stderr as "warning: " lines and keep exit 0', () => {
  const { out, result } = generate(['--preset', PRESET, '--set', 'deploymentMode=RawDeployment', '--set', 'knative.version=1.15.2']);
  assertOk(result, 'warning run');
  const lines = result.stderr.split('\n').filter((l) => l !== '');
  assert.ok(lines.length >= 1, 'at least one warning');
  for (const l of lines) assert.ok(l.startsWith('warning: '), `stderr line is a warning: ${l}`);
  assert.ok(
    lines.some((l) => l.includes('knative.version') && l.includes('ignored')),
    `warns that knative.version is ignored: ${result.stderr}`,
  );
  assert.is(readYaml(path.join(out, 'helm/kserve.values.yaml')).kserve.controller.deploymentMode, 'RawDeployment');
  assert.not.ok(listFiles(out).some((f) => f.includes('knativeserving')), 'no KnativeServing in RawDeployment mode');
});

// ---------------------------------------------------------------------------------------------
// Exit 2: one error line, nothing written

test('error: unknown preset key, with "did you mean"', () => {
  expectUserError(['--preset', fixture('unknown-key.yaml')], { where: 'kserve.namspace', fix: ['did you mean "namespace"'] });
});

test('error: unsupported KServe versions 0.10.0 and 0.21.0', () => {
  for (const version of ['0.10.0', '0.21.0']) {
    expectUserError(['--preset', PRESET, '--set', `kserve.version=${version}`], { where: 'kserve.version', mentions: [version] });
  }
});

test('error: a 0.15 patch that was never released lists the 0.15 releases', () => {
  expectUserError(['--preset', PRESET, '--set', 'kserve.version=0.15.9'], {
    where: 'kserve.version',
    mentions: ['0.15.9'],
    fix: ['0.15.0', '0.15.1', '0.15.2'],
  });
});

test('error: kserve.namespace that is not a DNS-1123 label', () => {
  expectUserError(['--preset', fixture('bad-namespace.yaml')], { where: 'kserve.namespace', mentions: ['Kserve_NS'], fix: ['DNS-1123'] });
});

test('error: ingress.istio.localGateway that is not <ns>/<name>', () => {
  expectUserError(['--preset', fixture('bad-local-gateway.yaml')], {
    where: 'ingress.istio.localGateway',
    mentions: ['nope'],
    fix: ['<namespace>/<name>'],
  });
});

test('error: version written as a YAML number says to quote it', () => {
  expectUserError(['--preset', fixture('version-number.yaml')], { where: 'kserve.version', fix: [/quote/i] });
});

test('error: ModelMesh on KServe 0.16.0', () => {
  expectUserError(['--preset', fixture('modelmesh-0.16.yaml')], { where: 'deploymentMode', mentions: ['ModelMesh', '0.16.0'] });
});

test('error: ingress.provider kong with Serverless mode', () => {
  expectUserError(['--preset', fixture('kong-serverless.yaml')], { where: 'ingress.provider', mentions: ['kong'] });
});

// Kong before 0.15.0-rc0 has no Gateway API: the working alternative (Ingress of class kong) with a warning.
test('kong before KServe 0.15.0-rc0 falls back to Ingress objects of class kong, with a warning', () => {
  const out = path.join(tempDir(), 'out');
  const r = runCli(['--preset', fixture('kong-0.14.yaml'), '--out', out]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, /^warning: .*0\.15\.0-rc0/m);
  assert.not.ok(listFiles(out).some((f) => f.includes('gateway')), listFiles(out).join(', '));
});

test('error: invalid YAML (duplicate key) names the file and the line', () => {
  const file = fixture('duplicate-key.yaml');
  expectUserError(['--preset', file], { where: file, mentions: [/line 5\b/, /duplicate/i] });
});

test('error: tab indentation names the file and the line', () => {
  const file = fixture('tab-indent.yaml');
  expectUserError(['--preset', file], { where: file, mentions: [/line 3\b/, /tab/i], fix: [/spaces|tab/i] });
});

test('error: missing preset file', () => {
  const missing = path.join(tempDir(), 'no-such-preset.yaml');
  expectUserError(['--preset', missing], { where: '--preset', mentions: ['no-such-preset.yaml'] });
});

test('error: a directory given as --preset', () => {
  const dir = tempDir();
  expectUserError(['--preset', dir], { where: '--preset', mentions: [dir, 'directory'] });
});

test('error: unknown flag', () => {
  expectUserError(['--bogus', '--preset', PRESET], { where: '--bogus', fix: ['--help'] });
});

test('error: --set with an unknown path, with "did you mean"', () => {
  expectUserError(['--preset', PRESET, '--set', 'kserve.verison=0.15.2'], { where: 'kserve.verison', fix: ['did you mean "version"'] });
});

test('error: --set without "="', () => {
  expectUserError(['--preset', PRESET, '--set', 'kserve.version'], { where: '--set', mentions: ['kserve.version'], fix: ['='] });
});

test('error: no --preset and no TTY tells to pass --preset or --yes (and writes nothing)', () => {
  const cwd = tempDir();
  const r = runCli([], { cwd });
  assertUserError(r, { where: '--preset', fix: ['--preset', '--yes'] });
  assert.equal(readdirSync(cwd), [], 'no ./kserve-config folder');
});

test('error: --out is an existing regular file (left unchanged)', () => {
  const parent = tempDir();
  const file = path.join(parent, 'a-file');
  writeFileSync(file, 'keep me\n');
  const r = runCli(['--preset', PRESET, '--out', file]);
  assertUserError(r, { where: '--out', mentions: ['a-file'] });
  assert.is(readFileSync(file, 'utf8'), 'keep me\n');
  assert.equal(readdirSync(parent), ['a-file']);
});

test('error: non-empty --out without --force (existing file untouched)', () => {
  const parent = tempDir();
  const out = path.join(parent, 'out');
  mkdirSync(out);
  writeFileSync(path.join(out, 'INSTALL.md'), 'my own install notes\n');
  const r = runCli(['--preset', PRESET, '--out', out]);
  assertUserError(r, { where: '--out', mentions: [/not empty/], fix: ['--force'] });
  assert.equal(listFiles(out), ['INSTALL.md'], 'nothing added');
  assert.is(readFileSync(path.join(out, 'INSTALL.md'), 'utf8'), 'my own install notes\n');
  assert.equal(readdirSync(parent), ['out'], 'no staging folder left');
});

test.run();
