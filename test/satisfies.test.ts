/**
 * catalog satisfies() answers simple ranges without semver's range parser (start-up time, issue 9).
 * It must agree with semver.satisfies(..., { includePrerelease: true }) everywhere: every range
 * written in src/ (and pairs of them), against every known release, every tested dependency
 * version and edge cases around prereleases.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KNOWN_RELEASES, TESTED, satisfies } from '../src/catalog/index.js';
import { REPO_ROOT } from './support/cli.js';

const COMPARATOR = String.raw`(?:>=|<=|>|<|=)?v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?`;
const RANGE = new RegExp(String.raw`^(?:\*|${COMPARATOR}(?: ${COMPARATOR})*)$`);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

const written = new Set<string>();
for (const file of sourceFiles(path.join(REPO_ROOT, 'src'))) {
  for (const m of readFileSync(file, 'utf8').matchAll(/'([^'\n]*)'|"([^"\n]*)"/g)) {
    const text = m[1] ?? m[2]!;
    if (RANGE.test(text)) written.add(text);
  }
}
const comparators = [...written].flatMap((r) => r.split(' ')).filter((c) => c !== '*');
const ranges = [
  ...written,
  ...comparators.flatMap((a) => comparators.map((b) => `${a} ${b}`)),
  // Edge cases: equality, > and <=, numeric parts, rc10 vs rc9, and forms left to semver.
  '=0.15.0-rc1', '>0.15.0', '<=0.15.0-rc1', '>=0.9.0', '<0.100.0', '>=0.15.0-rc10', '<0.15.0-rc9',
  '^0.15.0', '~1.14.0', '>=0.15.0 || <0.12.0', '0.15.x', '1.2.3 - 1.4.0', '>= 0.15.0', ' >=0.15.0', '',
];

const versions = [
  ...KNOWN_RELEASES,
  ...Object.values(TESTED).flatMap((t) => Object.values(t).filter((v) => semver.valid(v))),
  '0.15.0-rc10', '0.15.0-rc9', '0.9.0', '0.100.0', '1.10.0', '1.2.3', '0.0.0', '10.0.0-beta1',
  '0.15.0-rc.1', '0.15.0-1', 'v0.15.2', '1.15', '0.15.2+build',
];

test('src/ writes ranges (sanity: the scan finds them)', () => {
  assert.ok(written.size >= 10, `found ${written.size} ranges in src/`);
});

test('satisfies() equals semver.satisfies(includePrerelease) for every version x range', () => {
  let checked = 0;
  for (const range of ranges) {
    for (const version of versions) {
      let expected: boolean;
      try {
        expected = semver.satisfies(version, range, { includePrerelease: true });
      } catch {
        continue;
      }
      assert.is(satisfies(version, range), expected, `satisfies(${JSON.stringify(version)}, ${JSON.stringify(range)})`);
      checked++;
    }
  }
  assert.ok(checked > 10_000, `checked ${checked} pairs`);
});

test.run();
