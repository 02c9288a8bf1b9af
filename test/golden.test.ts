/**
 * Golden files: the complete output of every shipped preset for a spread of releases, byte for byte.
 * They are the readable spec of what the tool writes. After an intended change, regenerate with
 * `UPDATE_GOLDEN=1 npm test` and read the diff before committing.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UserError } from '../src/errors.js';
import { GOLDEN_VERSIONS, REPO_ROOT, generate, loadShippedPreset, shippedPresetNames } from './support/generate.js';

const GOLDEN_DIR = path.join(REPO_ROOT, 'test', 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

function listTree(dir: string, rel = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(path.join(dir, rel), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listTree(dir, path.posix.join(rel, e.name)) : [path.posix.join(rel, e.name)]))
    .sort();
}

for (const name of shippedPresetNames()) {
  for (const version of GOLDEN_VERSIONS) {
    test(`golden: ${name} on ${version}`, () => {
      const preset = loadShippedPreset(name);
      (preset.kserve as Record<string, unknown>).version = version;
      const dir = path.join(GOLDEN_DIR, name, version);
      let files: Map<string, string>;
      try {
        files = generate(preset).files;
      } catch (err) {
        // A preset this release cannot serve: the golden output is the one-line error.
        if (!(err instanceof UserError)) throw err;
        files = new Map([['ERROR', `${err.line()}\n`]]);
      }
      if (update) {
        rmSync(dir, { recursive: true, force: true });
        for (const [p, content] of files) {
          mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
          writeFileSync(path.join(dir, p), content);
        }
      }
      assert.equal([...files.keys()].sort(), listTree(dir), 'file list');
      for (const [p, content] of files) assert.fixture(content, readFileSync(path.join(dir, p), 'utf8'), p);
    });
  }
}

test('golden folders exist only for shipped presets', () => {
  const presets = new Set(shippedPresetNames());
  for (const dir of readdirSync(GOLDEN_DIR)) assert.ok(presets.has(dir), `stale golden folder ${dir}`);
});

test.run();
