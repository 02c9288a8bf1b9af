/**
 * The commands INSTALL.md gives for this tool itself (regenerate the folder, `check` it) work as
 * written from the generated folder, with `create-kserve-config` on the PATH the way README's
 * `npm install -g .` puts it there (a link named after the bin, to dist/cli.cjs).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CLI_PATH, readTree, runCli, tempDir } from './support/cli.js';

/** A PATH whose first folder holds `create-kserve-config`, as a global install leaves it. */
function pathWithCli(): string {
  const bin = path.join(tempDir(), 'bin');
  mkdirSync(bin);
  symlinkSync(CLI_PATH, path.join(bin, 'create-kserve-config'));
  return `${bin}${path.delimiter}${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`;
}

/** INSTALL.md's lines and inline commands that run this tool. */
function toolCommands(installMd: string): string[] {
  const inline = [...installMd.matchAll(/`(create-kserve-config [^`]+)`/g)].map((m) => m[1]!);
  const lines = installMd.split('\n').filter((l) => l.startsWith('create-kserve-config '));
  return [...new Set([...inline, ...lines])];
}

test('regenerate and check, as INSTALL.md writes them, from the generated folder', () => {
  for (const preset of ['serverless-istio.yaml', 'raw-kong.yaml']) {
    const out = path.join(tempDir(), 'out');
    assert.is(runCli(['--preset', `presets/${preset}`, '--out', out]).code, 0);
    const before = readTree(out);
    const commands = toolCommands(readFileSync(path.join(out, 'INSTALL.md'), 'utf8'));
    assert.ok(commands.some((c) => c.includes('--preset kserve-config.yaml --out . --force')), `${preset}: regenerate command`);
    assert.ok(commands.some((c) => c.startsWith('create-kserve-config check ')), `${preset}: check command`);
    const env = { ...process.env, PATH: pathWithCli() };
    for (const command of commands) {
      const r = spawnSync('sh', ['-c', command], { cwd: out, env, encoding: 'utf8', timeout: 30_000 });
      assert.is(r.status, 0, `${preset}: ${command}\n${r.stdout}${r.stderr}`);
    }
    assert.equal(readTree(out), before, `${preset}: regenerating changed nothing`);
  }
});

test.run();
