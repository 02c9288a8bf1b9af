/**
 * The fast reader (src/render/yaml-reader.ts) parses rendered files back instead of js-yaml. It
 * must read exactly what js-yaml reads, or decline so js-yaml reads the file: js-yaml is the oracle
 * in every test here. It must also actually take this tool's output (otherwise issue 9's scaling
 * target is silently lost), and the emitter's one-step string lists must write what the general
 * path writes.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import yaml from 'js-yaml';
import { readBlockYaml } from '../src/render/yaml-reader.js';
import { yamlBlock, yamlScalar } from '../src/render/yaml-helpers.js';
import { sameData } from '../src/render/validate.js';
import { REPO_ROOT, generate, loadShippedPreset } from './support/generate.js';

const oracle = (text: string) => yaml.loadAll(text).filter((d) => d !== null && d !== undefined);

/** The reader either declines or agrees with js-yaml; returns whether it took the text. */
function agrees(text: string, label: string): boolean {
  const fast = readBlockYaml(text);
  if (fast === undefined) return false;
  let expected: unknown[];
  try {
    expected = oracle(text);
  } catch (err) {
    assert.unreachable(`${label}: the reader accepted text js-yaml rejects (${(err as Error).message.split('\n')[0]}):\n${text}`);
    return true;
  }
  assert.equal(fast, expected, `${label}: reader and js-yaml disagree on:\n${text}`);
  return true;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? yamlFiles(p) : p.endsWith('.yaml') ? [p] : [];
  });
}

test('every golden YAML file: the reader takes it and reads what js-yaml reads', () => {
  const files = yamlFiles(path.join(REPO_ROOT, 'test', 'golden'));
  assert.ok(files.length > 100, `found ${files.length} golden YAML files`);
  for (const file of files) {
    assert.ok(agrees(readFileSync(file, 'utf8'), path.relative(REPO_ROOT, file)), `the reader declined ${file}`);
  }
});

test('every shipped preset: the reader takes it (presets are read on the fast path, src/yaml-input.ts)', () => {
  const dir = path.join(REPO_ROOT, 'presets');
  const presets = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  assert.ok(presets.length >= 5, `found ${presets.length} shipped presets`);
  for (const name of presets) assert.ok(agrees(readFileSync(path.join(dir, name), 'utf8'), name), `the reader declined presets/${name}`);
  // As yaml.dump writes a preset (plain 0.15.2, registry:5000, sha256:..., '' for empty strings).
  const dumped = yaml.dump({ kserve: { version: '0.15.2' }, offline: { registry: 'registry.example:5000', imageDigests: { 'kserve/agent': `sha256:${'a'.repeat(64)}` } }, storage: { caBundle: { file: '' } } });
  assert.ok(agrees(dumped, 'yaml.dump preset'), `the reader declined:\n${dumped}`);
});

test('1,000 serving namespaces and an offline mirror: every file taken, lists read in one step', () => {
  const preset = loadShippedPreset('serverless-istio-custom-local-gateway') as { ingress: { istio: Record<string, unknown> } };
  preset.ingress.istio.servingNamespaces = Array.from({ length: 1000 }, (_, i) => `team-${i}`);
  (preset as Record<string, unknown>).offline = { enabled: true, registry: 'registry.example.internal:5000' };
  const { files } = generate(preset);
  let hostLists = 0;
  for (const [p, content] of files) {
    if (!p.endsWith('.yaml')) continue;
    assert.ok(agrees(content, p), `the reader declined ${p}`);
    if (content.includes('- "*.team-999.svc.cluster.local"')) hostLists++;
  }
  assert.ok(hostLists > 0, 'some file lists the namespace hosts');
});

/** n lines `  kN: "sha256:..."` (a digest list), keys prefixed with `prefix`. */
const entries = (n: number, prefix = 'registry.example/team-') =>
  Array.from({ length: n }, (_, i) => `  ${prefix}${i}/model: "sha256:${String(i).padStart(64, '0')}"\n`).join('');

/** Texts inside the subset, read on the fast path. */
const TAKEN: Record<string, string> = {
  'plain words and numbers': 'kind: Gateway\napiVersion: networking.istio.io/v1\nport: 8081\nratio: 0.25\nneg: -3\nzero: -0\n',
  'booleans, null, empty collections': 'a: true\nb: false\nc: null\nd: []\ne: {}\nf:\n',
  'JSON strings with escapes': 'a: "tab\\there \\"quoted\\" \\\\ \\/ \\u00e9 \\ud83d\\ude00"\nb: ""\n',
  'quoted keys': '"a: b": 1\n"#x": 2\n"": 3\n',
  'comments everywhere': '# head\na: 1 # after a number\n  # indented comment\nb: "x" # after a string\nc: word  # two spaces\n\n# tail\n',
  'sequences of mappings': 'items:\n  - name: "a"\n    port: 1\n  - name: "b"\n    nested:\n      - "x"\n      -\n        k: v\n  -\n  - []\n',
  'literal blocks': 'clip: |\n  line 1\n\n  line 3\nstrip: |-\n  no newline\nkeep: |+\n  kept\n\n\nafter: 1\ndeep:\n  - |\n    in a list\n      indented more\n',
  'multi-document': '---\na: 1\n---\n# only a comment\n---\n- b\n',
  'string runs': 'hosts:\n  - "*.a"\n  - "*.a.svc"\n  - "x"\nnext:\n  - "solo"\nlast:\n  - "ends the file"\n',
  'string run broken by other items': 'l:\n  - "a"\n  - "b"\n  - 3\n  - "c"\n  - "d" # note\n  - "e"\n',
  'quoted keys in list items (they end in a quote, like a string run)': 'l:\n  - "a": "b"\n  - "c"\n',
  'long fractions': 'a: -0.003006571863969613\nb: 1.4196354247839138\n',
  'a run of string entries (read in one step)': `digests:\n${entries(12)}  after: 1\nnext: "x"\n`,
  'a run of string entries then more keys of the same mapping': `m:\n${entries(9)}  nested:\n    a: "b"\n${entries(9, 'z')}`,
  'entries with a broken line (read line by line)': `m:\n${entries(5)}  odd: "a" # "note"\n${entries(5, 'z')}`,
  'non-ASCII text': 'a: "ünïcødé ✓"\nb: "\u2028"\nc: "\u0085"\n',
  // As hand-written presets and yaml.dump write them (src/yaml-input.ts reads presets here first).
  'plain texts that can only be strings':
    'version: 0.15.2\nmaxSurge: 25%\nmountPath: /etc/ssl/custom-certs\nregistry: registry.example.internal:5000\ndigest: sha256:0a1b\nurl: http://x/y\nodd: a:b::c%\n',
  'single-quoted scalars': "a: 'x'\nb: ''\nc: 'it''s'\nd: ' spaced # not a comment '\ne: 'x' # comment\nl:\n  - 'y'\n",
};

/** Texts outside the subset: the reader must leave them to js-yaml. */
const DECLINED: Record<string, string> = {
  tab: 'a:\t1\n',
  'carriage return': 'a: 1\r\nb: 2\r\n',
  anchor: 'a: &x 1\nb: *x\n',
  tag: 'a: !!str 1\n',
  'flow sequence': 'a: [1, 2]\n',
  'flow mapping': 'a: {b: 1}\n',
  folded: 'a: >\n  x\n',
  'literal with indentation indicator': 'a: |2\n   x\n',
  'duplicate key': 'a: 1\na: 2\n',
  __proto__: '__proto__: 1\n',
  'YAML 1.1 / 1.2 words': 'a: True\n',
  'key word': 'NULL: 1\n',
  'tilde null': 'a: ~\n',
  'merge key': '<<: {}\n',
  'timestamp-looking': 'a: 2024-01-01\n',
  'octal-looking': 'a: 0755\n',
  'exponent': 'a: 1e3\n',
  'plain with spaces': 'a: two words\n',
  'plain with a trailing colon': 'a: b:\n',
  'single-quoted over two lines': "a: 'x\n  y'\n",
  'single-quoted then junk': "a: 'x' y\n",
  'single-quoted key': "'a': 1\n",
  'digit-led plain that is not a version': 'a: 1.2.x\nb: 2024-01-01T00:00:00Z\n',
  'compact sequence under a key': 'a:\n- 1\n',
  'document end marker': 'a: 1\n...\n',
  directive: '%YAML 1.2\n---\na: 1\n',
  'bare scalar document': 'just text\n',
  'bad indentation': 'a:\n    b: 1\n  c: 2\n',
  'unterminated string': 'a: "x\n',
  'non-JSON escape': 'a: "\\x41"\n',
  'string then junk': 'a: "x" y\n',
  'blank line with spaces in a literal block': 'a: |\n  x\n     \n  y\n',
  BOM: '\ufeffa: 1\n',
  'duplicate key in a run of entries': `m:\n${entries(8)}${entries(1)}`,
  'duplicate key after a run of entries': `m:\n${entries(8)}  registry.example/team-3/model: "x"\n`,
  'boolean-looking key in a run of entries': `m:\n${entries(8)}  True: "x"\n${entries(8, 'z')}`,
  '__proto__ in a run of entries': `m:\n${entries(8)}  __proto__: "x"\n`,
  'lone surrogate': 'a: "\ud800"\n',
  'control character': 'a: "\u0001"\n',
  // No scan of the whole text first: each construct must refuse these on its own (issue 9).
  'control character in a string run': `l:\n${'  - "x"\n'.repeat(9)}  - "y\u0001"\n${'  - "x"\n'.repeat(9)}`,
  'control character in a run of entries': `m:\n${entries(8)}  k: "\u0007"\n${entries(8, 'z')}`,
  'tab in a comment': '# a\tb\na: 1\n',
  'control character in a comment after a value': 'a: 1 # \u0001\n',
  'control character in a literal block': 'a: |\n  x\n  \u0001\n',
  'carriage return in a literal block': 'a: |\n  x\r\n  y\n',
  'forbidden character in a run line': `l:\n${'  - "x"\n'.repeat(9)}  - "\ufffe"\n`,
};

test('texts inside the subset are taken and read as js-yaml reads them', () => {
  for (const [label, text] of Object.entries(TAKEN)) assert.ok(agrees(text, label), `the reader declined "${label}"`);
});

test('texts outside the subset are left to js-yaml', () => {
  for (const [label, text] of Object.entries(DECLINED)) {
    assert.is(readBlockYaml(text), undefined, `the reader took "${label}": ${JSON.stringify(text)}`);
  }
});

// User presets and the files `check` reads go through the reader first (src/yaml-input.ts): texts
// built from the lines presets have, and the mistakes people make in them, must be declined or read
// exactly as js-yaml reads them.
const indentText = fc.constantFrom('', '', '  ', '  ', '    ', ' ', '   ', '      ');
const keyText = fc.constantFrom('a', 'b', 'kserve', 'version', 'x.y', 'a/b', '"q"', '"a: b"', 'True', 'null', '~', '-', '?', '- a', '__proto__', '<<', '0', '1e3', "'s'", 'a b', '', 'a:b');
const valueText = fc.constantFrom(
  '', ' 1', ' -2', ' 0.5', ' 0.15.2', ' "0.15.2"', ' v1', ' true', ' True', ' ~', ' null', ' 0755', ' 1e3', ' 0x1F', ' .inf', ' 2024-01-01',
  ' a:b', ' a: b', ' b:', " 'x'", " 'it''s'", ' "x" # c', ' x # c', ' x#c', ' [a]', ' {a: 1}', ' []', ' {}', ' |', ' |-', ' |+', ' >', ' &a x', ' *a',
  ' !!str 1', ' -x', ' - x', ' 25%', ' /etc/x', ' "\\t"', ' "\\x41"', ' é', '\t1', ' "unterminated', ' #c', '  two  spaces', ' a b',
);
const yamlLine = fc.oneof(
  fc.tuple(indentText, keyText, fc.constantFrom(':', ':', ': ', ''), valueText).map(([i, k, c, v]) => `${i}${k}${c}${v}`),
  fc.tuple(indentText, valueText).map(([i, v]) => `${i}-${v}`),
  fc.constantFrom('', '---', '# comment', '  # indented', '...', '%YAML 1.2', '  text', '\ufeffa: 1', 'a: 1\r'),
);

test('random block-YAML-like texts: the reader declines them or reads what js-yaml reads', () => {
  let taken = 0;
  fc.assert(
    fc.property(fc.array(yamlLine, { minLength: 1, maxLength: 12 }), (lines) => {
      if (agrees(`${lines.join('\n')}\n`, 'random text')) taken++;
    }),
    { seed: 20261123, numRuns: 4000 },
  );
  assert.ok(taken >= 50, `the reader took only ${taken} of 4000 texts`);
});

// The same values inside well-formed nesting, so that most texts are valid YAML.
type Tree = { map: [string, string | Tree][] } | { seq: (string | Tree)[] };
const scalarText = valueText.filter((v) => v !== '');
const { tree } = fc.letrec<{ tree: Tree; map: Tree; seq: Tree }>((tie) => ({
  tree: fc.oneof({ depthSize: 'small' }, tie('map'), tie('seq')),
  map: fc
    .array(fc.tuple(fc.constantFrom('a', 'b', 'kserve', 'x.y', 'a/b', '"q"', '"a: b"', 'True', '0', 'a:b'), fc.oneof(scalarText, scalarText, tie('tree'))), { minLength: 1, maxLength: 4 })
    .map((map) => ({ map })),
  seq: fc.array(fc.oneof(scalarText, scalarText, tie('tree')), { minLength: 1, maxLength: 4 }).map((seq) => ({ seq })),
}));
function treeText(t: Tree, indent: number): string {
  const pad = ' '.repeat(indent);
  const child = (v: string | Tree) => (typeof v === 'string' ? v : `\n${treeText(v, indent + 2)}`);
  const lines = 'map' in t ? t.map.map(([k, v]) => `${pad}${k}:${child(v)}`) : t.seq.map((v) => `${pad}-${child(v)}`);
  return lines.join('\n');
}

test('random nested texts: the reader declines them or reads what js-yaml reads', () => {
  let taken = 0;
  fc.assert(
    fc.property(tree, (t) => {
      if (agrees(`${treeText(t, 0)}\n`, 'random nested text')) taken++;
    }),
    { seed: 20261123, numRuns: 3000 },
  );
  assert.ok(taken >= 100, `the reader took only ${taken} of 3000 texts`);
});

test('a broken string run is read line by line, each line once', () => {
  // 2,000 lines ending in a quote that are not bare strings: declined as a run, still read right.
  const lines = Array.from({ length: 2000 }, (_, i) => `  - "k${i}": "v"`);
  const text = `list:\n${lines.join('\n')}\n`;
  assert.ok(agrees(text, 'quoted keys in a list'));
});

// Values the emitter writes: every string JSON-quoted, multi-line text as literal blocks.
const tricky = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', ' ', '"', '\\', '\n', '#', ':', '-', '\t', 'é', '\u2028', '\u0085', '{', '*', '|') }),
  fc.constantFrom('true', 'null', '0755', '~', '- x', '', ' lead', 'trail ', 'a\n', '\n\nx', 'x\n\n'),
  fc.string(),
);
// Decimals like 0.125 are read on the fast path; doubles with exponents are left to js-yaml.
const scalar = fc.oneof(tricky, fc.integer(), fc.integer().map((i) => i / 8), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
const keys = fc.oneof(fc.constantFrom('a', 'b.c', 'x/y', 'True', 'on', '0', '__x'), tricky.filter((k) => k !== '__proto__'));
const { value: data } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('value'), { maxLength: 6 }),
  map: fc.dictionary(keys, tie('value'), { maxKeys: 5, noNullPrototype: true }),
}));

test('emitted YAML: read back exactly, by the reader (when it takes it) and by js-yaml', () => {
  let taken = 0;
  fc.assert(
    fc.property(fc.dictionary(keys, data, { minKeys: 1, maxKeys: 5, noNullPrototype: true }), (value) => {
      const text = `root:${yamlBlock(value, 2)}\nafter: 1\n`;
      assert.equal(oracle(text), [{ root: value, after: 1 }]);
      if (agrees(text, 'emitted')) taken++;
    }),
    { seed: 20261122, numRuns: 400 },
  );
  // Raw tabs (in literal blocks) and exponents send the rest to js-yaml.
  assert.ok(taken >= 50, `the reader took only ${taken} of 400 emitted texts`);
});

test('one-step string lists and mappings write exactly what the item-by-item path writes', () => {
  const itemByItem = (items: string[], indent: number) => items.map((s) => `\n${' '.repeat(indent)}- ${yamlScalar(s)}`).join('');
  fc.assert(
    fc.property(fc.array(tricky, { minLength: 1, maxLength: 20 }), fc.integer({ min: 0, max: 8 }), (items, indent) => {
      const oneLine = items.every((s) => !s.includes('\n'));
      if (oneLine) assert.is(yamlBlock(items, indent), itemByItem(items, indent));
    }),
    { seed: 20261122, numRuns: 300 },
  );
  assert.is(yamlBlock(['a', 'b'], 2), '\n  - "a"\n  - "b"');
  // Mappings of 8 or more string entries: compared with the same mapping plus a number entry, which
  // takes the entry-by-entry path; its text is the same up to that last line.
  // Mostly keys and texts the one-step path takes, sometimes one it must leave to the general path.
  const entryKeys = fc.oneof(
    { arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{0,6}([./][a-z0-9]{1,4})?$/), weight: 12 },
    { arbitrary: fc.constantFrom('True', 'on', 'n', 'NULL', 'a..b', 'a.', '-x', '0', 'a b', 'a\nb', 'x\non', 'a":"b', 'a","b', 'a\\b'), weight: 2 },
    { arbitrary: tricky, weight: 1 },
  );
  const entryTexts = fc.oneof(
    { arbitrary: fc.stringMatching(/^[ -~]{0,12}$/), weight: 12 },
    { arbitrary: fc.constantFrom('x","y', 'x":"y', 'é'), weight: 1 },
    { arbitrary: tricky, weight: 1 },
  );
  fc.assert(
    fc.property(fc.dictionary(entryKeys, entryTexts, { minKeys: 8, maxKeys: 20, noNullPrototype: true }), fc.integer({ min: 0, max: 8 }), (map, indent) => {
      if ('zzz-number' in map) return;
      const general = yamlBlock({ ...map, 'zzz-number': 0 }, indent);
      assert.is(yamlBlock(map, indent), general.slice(0, general.lastIndexOf('\n')));
      // The same mapping as a list item starts on the dash's line.
      const item = yamlBlock([{ ...map, 'zzz-number': 0 }], indent);
      assert.is(yamlBlock([map], indent), item.slice(0, item.lastIndexOf('\n')));
    }),
    { seed: 20261122, numRuns: 300 },
  );
  const digests = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`reg.example/t${i}/m`, `sha256:${i}`]));
  // A key with a line break whose halves look plain: written JSON-quoted, never as two lines.
  assert.ok(yamlBlock({ ...digests, 'a\nb': 'x' }, 2).endsWith('\n  "a\\nb": "x"'));
  assert.is(yamlBlock(digests, 2).split('\n')[1], '  reg.example/t0/m: "sha256:0"');
  // Each awkward key or text, first and last: the same text as the entry-by-entry path.
  for (const odd of ['a b', 'a\nb', 'a":"b', 'a","b', 'a\\b', 'on', 'True', '0', 'é']) {
    for (const map of [{ [odd]: 'x', ...digests }, { ...digests, [odd]: 'x' }, { k: odd, ...digests }, { ...digests, k: odd }]) {
      const general = yamlBlock({ ...map, 'zzz-number': 0 }, 2);
      assert.is(yamlBlock(map, 2), general.slice(0, general.lastIndexOf('\n')), JSON.stringify(map));
    }
  }
  // Not all strings: the general path (numbers stay numbers).
  assert.is(yamlBlock(['1', 1], 2), '\n  - "1"\n  - 1');
});

test('the preset read back is compared exactly, key order included', () => {
  const preset = { a: ['x', 'y'], b: { c: 1, d: null, e: true, f: [] }, g: {} };
  assert.ok(sameData(preset, structuredClone(preset)));
  for (const other of [
    { ...preset, a: ['x'] },
    { ...preset, a: ['x', 'z'] },
    { ...preset, b: { c: 1, d: null, e: 'true', f: [] } },
    { ...preset, b: { c: 1, d: null, e: true, f: {} } },
    { ...preset, b: { c: 1, d: undefined, e: true, f: [] } },
    { ...preset, b: { c: 1, e: true, f: [] } },
    { ...preset, g: [] },
    { g: {}, a: ['x', 'y'], b: preset.b },
    { ...preset, extra: 1 },
  ]) {
    assert.not.ok(sameData(preset, other), JSON.stringify(other));
    assert.not.ok(sameData(other, preset), JSON.stringify(other));
  }
});

test.run();
