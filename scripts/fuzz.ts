/**
 * The long fuzz run (issue 10): `npm run fuzz [-- --cases N --cli N --seed N]`.
 *
 *   1. every free-text field x every YAML special and injection string (deterministic);
 *   2. N random cases (default 5000) from the same generators test/fuzz.test.ts samples a few
 *      hundred of;
 *   3. a smaller number of the random cases through the built CLI (dist/cli.cjs; run `npm run build`
 *      first): exit 2 with one clean error line and nothing written, or exactly the in-process files.
 *
 * Prints tried / rejected cleanly / accepted and round-tripped / failures (plus cases that hit a
 * known, reported bug: support/fuzz.ts KNOWN_BUGS) and exits 1 on any failure. The oracles are
 * described in test/support/fuzz.ts. FUZZ_SEED (or --seed) replays a run.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { CLI_PATH, tempDir } from '../test/support/cli.js';
import {
  FIELDS,
  INJECTIONS,
  YAML_SPECIALS,
  canUseSet,
  caseArbitrary,
  checkCase,
  checkCaseCli,
  emptyCounts,
  fieldName,
  tally,
  type Counts,
  type FuzzCase,
  type Outcome,
} from '../test/support/fuzz.js';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '5000' },
    cli: { type: 'string', default: '200' },
    seed: { type: 'string' },
    'fail-on-known': { type: 'boolean', default: false },
  },
});
const randomCases = Number(values.cases);
const cliCases = Number(values.cli);
const seed = Number(values.seed ?? process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

const total = emptyCounts();
const perField = new Map<string, Counts>();
const failures: string[] = [];
const known = new Map<string, { count: number; example: string }>();

function record(c: FuzzCase, o: Outcome): void {
  tally(total, o);
  const name = fieldName(c.field);
  if (!perField.has(name)) perField.set(name, emptyCounts());
  tally(perField.get(name)!, o);
  if (o.kind === 'failure') failures.push(o.message);
  if (o.kind === 'known-bug') {
    const k = known.get(o.bug) ?? { count: 0, example: o.message };
    k.count++;
    known.set(o.bug, k);
  }
}

const started = performance.now();

// 1. Deterministic: every field, every base preset and wrapper, every special and injection string.
for (const field of FIELDS) {
  for (const base of field.bases) {
    for (let wrap = 0; wrap < field.wraps.length; wrap++) {
      for (const atom of [...YAML_SPECIALS, ...INJECTIONS]) {
        const c = { field, base, wrap, atom };
        record(c, checkCase(c));
      }
    }
  }
}
const deterministic = total.tried;

// 2. Random cases.
for (const c of fc.sample(caseArbitrary(), { numRuns: randomCases, seed })) record(c, checkCase(c));

// 3. Through the built CLI.
const cli = { tried: 0, rejected: 0, accepted: 0, knownBugs: 0, failures: 0 };
if (cliCases > 0) {
  if (!existsSync(CLI_PATH)) {
    console.error(`${CLI_PATH} is missing: run \`npm run build\` first (or pass --cli 0)`);
    process.exit(1);
  }
  const cases = fc.sample(caseArbitrary(), { numRuns: cliCases, seed: seed + 1 });
  const root = tempDir();
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      const c = cases[i]!;
      const o = await checkCaseCli(c, path.join(root, String(i)), canUseSet(c) && i % 2 === 0);
      cli.tried++;
      if (o.kind === 'rejected') cli.rejected++;
      else if (o.kind === 'accepted') cli.accepted++;
      else if (o.kind === 'known-bug') cli.knownBugs++;
      else {
        cli.failures++;
        failures.push(o.message!);
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
const pad = (s: string | number, n: number) => String(s).padStart(n);
console.log(`fuzz: seed ${seed}, ${seconds} s`);
console.log('');
console.log(`${'field'.padEnd(48)}${pad('tried', 7)}${pad('rejected', 10)}${pad('accepted', 10)}${pad('strict', 8)}${pad('known', 7)}${pad('failed', 8)}`);
for (const [name, c] of [...perField].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
  console.log(`${name.padEnd(48)}${pad(c.tried, 7)}${pad(c.rejected, 10)}${pad(c.accepted, 10)}${pad(c.acceptedStrict, 8)}${pad(c.knownBugs, 7)}${pad(c.failures, 8)}`);
}
console.log('');
console.log(`in-process: ${total.tried} cases (${deterministic} deterministic, ${total.tried - deterministic} random)`);
console.log(`  rejected cleanly (exit 2, one line):      ${total.rejected}`);
console.log(`  accepted and round-tripped:               ${total.accepted} (${total.acceptedStrict} also structure-checked against a sentinel)`);
console.log(`  known bugs (KNOWN_BUGS, reported):        ${total.knownBugs}`);
console.log(`  failures:                                 ${total.failures}`);
console.log(`spawned CLI: ${cli.tried} cases: ${cli.rejected} rejected, ${cli.accepted} accepted (files identical to in-process), ${cli.knownBugs} known bugs, ${cli.failures} failures`);
console.log('');
console.log(
  `TOTAL tried ${total.tried + cli.tried} / rejected cleanly ${total.rejected + cli.rejected} / accepted+round-tripped ${total.accepted + cli.accepted} / failures ${failures.length}` +
    (total.knownBugs + cli.knownBugs ? ` (+ ${total.knownBugs + cli.knownBugs} cases hitting known bugs)` : ''),
);
for (const [bug, k] of known) console.log(`  known bug ${bug}: ${k.count} cases, e.g. ${k.example.slice(0, 300)}`);
for (const f of failures.slice(0, 20)) console.log(`FAILURE: ${f}`);
if (failures.length > 20) console.log(`... and ${failures.length - 20} more`);
process.exitCode = failures.length > 0 || (values['fail-on-known'] && known.size > 0) ? 1 : 0;
