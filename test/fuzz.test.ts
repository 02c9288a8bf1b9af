/**
 * Issue 10.1: injection-proof rendering, proven by fuzzing. Every free-text preset field (and the
 * S3 credentials from the environment) is fed random and adversarial strings; each case is either
 * rejected cleanly (a UserError: exit 2, one line) or every YAML file parses, reads the same under
 * YAML 1.1 (Helm, kubectl, Knative), kserve-config.yaml reads the value back exactly, and the output
 * has exactly the structure of a sentinel value's output (no extra keys anywhere). The oracles and
 * the field list are in support/fuzz.ts; `npm run fuzz` runs thousands of cases.
 *
 * FUZZ_SEED=<n> replays a run (fast-check prints the seed and the shrunk case of a failure).
 */
import path from 'node:path';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UserError } from '../src/errors.js';
import { tempDir } from './support/cli.js';
import {
  FIELDS,
  INJECTIONS,
  KNOWN_BUGS,
  YAML_SPECIALS,
  buildInput,
  canUseSet,
  caseArbitrary,
  checkCase,
  checkCaseCli,
  emptyCounts,
  fieldName,
  show,
  substitutedDifferences,
  tally,
  yaml11Differences,
  type FuzzCase,
} from './support/fuzz.js';
import { generate } from './support/generate.js';

// A fixed seed keeps `npm test` reproducible (CI must not fail at random); `npm run fuzz` explores
// with fresh seeds, and FUZZ_SEED=<n> replays or varies this run.
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20261122;
const field = (name: string): (typeof FIELDS)[number] => FIELDS.find((f) => fieldName(f) === name)!;

test('the oracles: YAML 1.1 readings and structure changes are caught, a good case passes strictly, a bad one is rejected', () => {
  assert.equal(yaml11Differences('a: "on"\nb: "0755"\nc: 80\nd: "1.15.2"\ne: |\n  - name: "y"\n', 'ok'), []);
  const caught = yaml11Differences('a: on\nb: 0755\nc: 1e3\nd: |\n  - name: y\n    namespace: "no"\n', 't');
  // on: a boolean; 0755: octal 493 (js-yaml reads 755); 1e3 is 1000 for both; y: a boolean inside the string.
  assert.is(caught.length, 3, caught.join('\n'));
  assert.ok(caught.some((d) => d.includes('embedded YAML')), 'strings holding YAML are checked too');

  const base = { spec: { config: { domain: { 'S.example.com': '' } }, hosts: ['*.S', 'x'], n: 1, json: '{"a":"S"}' } };
  assert.equal(substitutedDifferences(base, { spec: { config: { domain: { 'on.example.com': '' } }, hosts: ['*.on', 'x'], n: 1, json: '{"a": "on"}' } }, 'S', 'on'), []);
  const extraKey = substitutedDifferences(base, { spec: { config: { domain: { 'on.example.com': '', on: true } }, hosts: ['*.on', 'x'], n: 1, json: '{"a":"on"}' } }, 'S', 'on');
  assert.match(extraKey.join(), /extra keys \["on"\]/);
  const moved = substitutedDifferences(base, { spec: { config: { domain: { 'on.example.com': '' } }, hosts: ['*.on'], n: '1', json: '{"a":"S"}' } }, 'S', 'on');
  assert.is(moved.length, 3, moved.join('\n'));

  const good = checkCase({ field: field('ingress.domain'), base: 'custom-local@0.15.2', wrap: 0, atom: 'on' });
  assert.equal(good, { kind: 'accepted', strict: true }, 'a YAML 1.1 boolean as a domain is text everywhere');
  const bad = checkCase({ field: field('ingress.domain'), base: 'custom-local@0.15.2', wrap: 0, atom: 'a\nb: c' });
  assert.is(bad.kind, 'rejected');
  // Once a known bug (a gateway named like a YAML number): now a clean, strict round trip.
  const fixed = checkCase({ field: field('ingress.istio.localGateway'), base: 'custom-local@0.20.0', wrap: 1, atom: '0755' });
  assert.equal(fixed, { kind: 'accepted', strict: true });
});

test('every field x every YAML special and injection string: rejected cleanly or round-tripped', () => {
  const counts = emptyCounts();
  const failures: string[] = [];
  for (const f of FIELDS) {
    for (const atom of [...YAML_SPECIALS, ...INJECTIONS]) {
      const c: FuzzCase = { field: f, base: f.bases[0]!, wrap: 0, atom };
      const o = checkCase(c);
      tally(counts, o);
      if (o.kind === 'failure') failures.push(o.message);
    }
  }
  assert.equal(failures.slice(0, 5), [], `${failures.length} failures`);
  assert.ok(counts.rejected > 1000 && counts.acceptedStrict > 500, JSON.stringify(counts));
});

test('property: random and adversarial values in random fields (a few hundred cases)', () => {
  const counts = emptyCounts();
  fc.assert(
    fc.property(caseArbitrary(), (c) => {
      const o = checkCase(c);
      tally(counts, o);
      if (o.kind === 'failure') throw new Error(o.message);
    }),
    { numRuns: 400, seed: SEED },
  );
  assert.ok(counts.rejected > 0 && counts.acceptedStrict > 0, `both outcomes occur: ${JSON.stringify(counts)}`);
});

test('spawned CLI: exit 2 with one clean line and nothing written, or exactly the in-process files', async () => {
  const cases = fc.sample(caseArbitrary(), { numRuns: 16, seed: SEED });
  const root = tempDir();
  const failures: string[] = [];
  const kinds: Record<string, number> = {};
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      const c = cases[i]!;
      const o = await checkCaseCli(c, path.join(root, String(i)), canUseSet(c) && i % 2 === 0);
      kinds[o.kind] = (kinds[o.kind] ?? 0) + 1;
      if (o.kind === 'failure') failures.push(o.message!);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  assert.equal(failures, [], JSON.stringify(kinds));
});

test('no known bugs are left for the fuzzer to excuse', () => {
  assert.equal(KNOWN_BUGS.map((b) => b.id), []);
});

// ---------------------------------------------------------------------------------------------
// Regression tests for the bugs the fuzzer found (all fixed).

const inputFor = (name: string, base: string, value: string) => buildInput(field(name), base, value);

// Fixed (regression test): src/resolve.ts gatewayList() builds Knative's config-istio `local-gateways` /
// `external-gateways` YAML by string concatenation (`- name: ${gateway.name}` ...). A gateway name
// or namespace that is a valid DNS label but a YAML number (0755, 1e3, 0x1f, 123) reads back as a
// number: the consistency check throws InternalError and the CLI exits 1 ("error: internal: ...
// names local gateway istio-system/755, but the other files name istio-system/0755"). One that is
// a YAML 1.1 boolean (on, no, y, true) passes js-yaml but Knative's Go parser reads a boolean and
// rejects config-istio. Fix: build the list as objects and emit it with yaml.dump / JSON.stringify
// values. Input: --set kserve.version=0.20.0 on presets/serverless-istio-custom-local-gateway.yaml
// with --set ingress.istio.localGateway=istio-system/0755 (or =no/custom-local-gateway).
test('regression: gateway names that are YAML numbers or YAML 1.1 booleans in config-istio gateway lists', () => {
  for (const value of ['istio-system/0755', 'istio-system/1e3', 'no/custom-local-gateway', 'on/custom-local-gateway']) {
    const { preset, credentials } = inputFor('ingress.istio.localGateway', 'custom-local@0.20.0', value);
    const g = generate(preset, [], { credentials });
    for (const [p, content] of g.files) if (p.endsWith('.yaml')) assert.equal(yaml11Differences(content, p), [], value);
  }
});

// Fixed (regression test): src/resolve.ts resolveKnative(): `semver.coerce(requested)!.version` - semver.coerce()
// returns null for "1.04.2" or "01.15.2" (a leading zero), which the knative.version pattern
// accepts, so a TypeError escapes: exit 1 "error: internal: Cannot read properties of null
// (reading 'version')". Fix: reject leading zeros in the schema pattern, or turn a null coerce
// into a UserError at knative.version.
test('regression: knative.version with a leading zero crashes (TypeError, exit 1)', () => {
  for (const version of ['1.04.2', '01.15.2', '1.15.02']) {
    const { preset, credentials } = inputFor('knative.version', 'custom-local@0.15.2', version);
    try {
      generate(preset, [], { credentials });
      assert.unreachable(`${version} is accepted`);
    } catch (err) {
      assert.instance(err, UserError, `${version}: ${String(err)}`);
    }
  }
});

// Fixed (regression test): the "one line" error can carry line breaks and terminal control sequences.
//  - src/errors.ts quote() uses JSON.stringify, which leaves U+2028, U+2029, U+0085 and the C1
//    controls (U+0080-U+009F) as they are: `--set ingress.domain=$'a\u2028b'` prints a line
//    separator inside the error line.
//  - src/preset/validate.ts puts a map key (label selectors, imageDigests) or an unknown key into
//    <where> unescaped, so ESC, CR, NUL... reach the terminal raw: a preset with
//    `ingress: {istio: {localGatewaySelector: {"\e[31m": x}}}` colours the terminal red.
// Fix: escape (like JSON.stringify plus \u2028, \u2029 and \u0080-\u009f) both the quoted value and
// the key path.
test('regression: error lines carry raw control and line-breaking characters', () => {
  const control = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/;
  for (const [name, value] of [
    ['ingress.domain', 'a\u2028b'],
    ['ingress.domain', 'a\u0085b'],
    ['ingress.istio.localGatewaySelector{key}', '\u001b[31m'],
    ['ingress.istio.localGatewaySelector{key}', 'a\rb'],
  ] as const) {
    const { preset } = inputFor(name, 'custom-local@0.15.2', value);
    try {
      generate(preset);
      assert.unreachable(`${name} = ${show(value)} is accepted`);
    } catch (err) {
      assert.instance(err, UserError);
      assert.not.match((err as UserError).line(), control, `${name} = ${show(value)}: ${show((err as UserError).line())}`);
    }
  }
});

// Fixed (regression test): src/preset/validate.ts: <where> holds the whole offending map key (quote() shortens values
// to 80 characters, keys are never shortened), so a 10 KB label key gives a 10 KB "line".
test('regression: an invalid 10 KB map key gives a 10 KB error line', () => {
  const { preset } = inputFor('ingress.istio.localGatewaySelector{key}', 'custom-local@0.15.2', `${'a-'.repeat(5 * 1024)}!`);
  try {
    generate(preset);
  } catch (err) {
    assert.instance(err, UserError);
    assert.ok((err as UserError).line().length < 500, `${(err as UserError).line().length} characters`);
  }
});

test.run();
