/**
 * In-process tests of the preset stage: src/preset/load.ts (YAML parsing, --set) and
 * src/preset/validate.ts (defaults, unknown keys, value checks), plus the generated docs
 * (presets/preset.schema.json and README.md's preset reference) being up to date.
 * Contract: ../shared/spec/contract-v1.md §2.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import yaml from 'js-yaml';
import { UserError } from '../src/errors.js';
import { applySet, loadPreset, parsePresetYaml, readPresetText } from '../src/preset/load.js';
import { validatePreset } from '../src/preset/validate.js';
import { presetReference, schemaFileText, spliceReference } from '../src/preset/docs.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'presets');
const CONTRACT = path.resolve(REPO_ROOT, '..', 'shared', 'spec', 'contract-v1.md');

type Doc = Record<string, any>;

/** Runs fn, which must throw a UserError, and checks the error's shape (contract §1). */
function userError(fn: () => unknown): UserError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  return checkedUserError(caught);
}

/** userError for a function that returns a promise. */
async function userErrorOf(fn: () => Promise<unknown>): Promise<UserError> {
  let caught: unknown;
  try {
    await fn();
  } catch (err) {
    caught = err;
  }
  return checkedUserError(caught);
}

function checkedUserError(caught: unknown): UserError {
  assert.ok(caught !== undefined, 'expected a UserError, nothing was thrown');
  if (!(caught instanceof UserError)) {
    assert.unreachable(`expected a UserError, got ${String((caught as Error)?.stack ?? caught)}`);
    throw caught;
  }
  const err = caught;
  assert.ok(err.where.trim().length > 0, 'non-empty where');
  assert.ok(err.problem.trim().length > 0, 'non-empty problem');
  assert.ok(err.fix.trim().length > 0, 'non-empty fix');
  const line = err.line();
  assert.ok(line.startsWith('error: '), `line() starts with "error: ": ${line}`);
  assert.not.match(line, /[\r\n]/, `line() is a single line: ${JSON.stringify(line)}`);
  assert.ok(line.startsWith(`error: ${err.where.replace(/\r?\n/g, '\\n')}: `), `line() starts with the where: ${line}`);
  assert.ok(line.includes(' — '), `line() separates the fix with " — ": ${line}`);
  return err;
}

/** Sets a dotted path in a plain object, creating the mappings on the way. */
function setIn(target: Doc, dotted: string, value: unknown): Doc {
  const keys = dotted.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Doc;
  }
  node[keys[keys.length - 1]!] = value;
  return target;
}

const getIn = (obj: unknown, dotted: string): unknown =>
  dotted.split('.').reduce<unknown>((node, key) => (node as Doc | undefined)?.[key], obj);

const versioned = (): Doc => ({ kserve: { version: '0.15.2' } });
const withKey = (dotted: string, value: unknown): Doc => setIn(versioned(), dotted, value);

/** Every key of contract §2 with its default (kserve.version is required and has none). */
const CONTRACT_DEFAULTS: Record<string, unknown> = {
  'kserve.namespace': 'kserve',
  deploymentMode: 'Serverless', // "Default: Serverless/Knative": either spelling, checked below
  'knative.version': '',
  'knative.install': 'operator',
  'ingress.provider': 'istio',
  'ingress.domain': 'example.com',
  'ingress.urlScheme': 'http',
  'ingress.istio.ingressGateway': 'knative-serving/knative-ingress-gateway',
  'ingress.istio.ingressGatewayService': 'istio-ingressgateway.istio-system.svc.cluster.local',
  'ingress.istio.localGateway': 'knative-serving/knative-local-gateway',
  'ingress.istio.localGatewayService': 'knative-local-gateway.istio-system.svc.cluster.local',
  'ingress.istio.localGatewaySelector': { istio: 'ingressgateway' },
  'ingress.istio.servingNamespaces': [],
  'ingress.kong.gateway': 'kserve/kserve-ingress-gateway',
  'ingress.kong.gatewayClassName': 'kong',
  'ingress.kong.controllerName': 'konghq.com/kic-gateway-controller',
  'ingress.kong.listenerPort': 80,
  'offline.enabled': false,
  'offline.registry': '',
  'offline.skipTagResolving': [],
  'offline.imagePullSecrets': [],
  'offline.imageDigests': {},
  'storage.caBundle.file': '',
  'storage.caBundle.configMapName': 'kserve-ca-bundle',
  'storage.storageConfig.enabled': false,
  'storage.storageConfig.secretName': 'storage-config',
  'storage.storageConfig.embedCertificate': false,
  'storage.storageConfig.s3.endpoint': '',
  'storage.storageConfig.s3.region': '',
  'storage.storageConfig.s3.useHttps': true,
  'storage.storageConfig.s3.verifySSL': true,
  'deployment.strategy.type': 'RollingUpdate',
  'deployment.strategy.maxSurge': '25%',
  'deployment.strategy.maxUnavailable': '25%',
};

/** Maps with free keys: their content is a value, not more preset keys. */
const FREE_MAPS = new Set(['ingress.istio.localGatewaySelector', 'offline.imageDigests']);

function leaves(obj: Doc, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    const p = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && !FREE_MAPS.has(p) && Object.keys(value).length > 0) {
      Object.assign(out, leaves(value as Doc, p));
    } else {
      out[p] = value;
    }
  }
  return out;
}

function assertDefaults(preset: unknown, context: string): void {
  for (const [key, expected] of Object.entries(CONTRACT_DEFAULTS)) {
    const actual = getIn(preset, key);
    if (key === 'deploymentMode') {
      assert.ok(actual === 'Serverless' || actual === 'Knative', `${context}: ${key} defaults to Serverless/Knative, got ${String(actual)}`);
    } else {
      assert.equal(actual, expected, `${context}: default of ${key}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Defaults

test('an empty-but-versioned preset gets the contract default for every key', () => {
  const preset = validatePreset(versioned());
  assert.is(preset.kserve.version, '0.15.2');
  assertDefaults(preset, 'defaults');
  // Validation is idempotent: the resolved preset (what kserve-config.yaml holds) validates to itself.
  assert.equal(validatePreset(structuredClone(preset)), preset);
});

test('the contract defaults table above covers every key of contract §2', () => {
  if (!existsSync(CONTRACT)) return; // the shared spec is not next to every checkout
  const text = readFileSync(CONTRACT, 'utf8');
  const section = text.slice(text.indexOf('## 2.'));
  const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(block, 'contract §2 has a yaml block');
  const contract = leaves(yaml.load(block!) as Doc);
  assert.equal(Object.keys(contract).sort(), [...Object.keys(CONTRACT_DEFAULTS), 'kserve.version'].sort());
  for (const [key, value] of Object.entries(CONTRACT_DEFAULTS)) assert.equal(contract[key], value, `contract default of ${key}`);
});

test('kserve.version is required', () => {
  for (const input of [{}, { kserve: null }, { kserve: {} }, null]) {
    const err = userError(() => validatePreset(input));
    assert.is(err.where, 'kserve.version');
    assert.match(err.problem, /missing/);
    assert.match(err.fix, /"0\.\d+\.\d+"/);
  }
});

test('null values mean "use the default"', () => {
  const input = {
    kserve: { version: '0.15.2', namespace: null },
    deploymentMode: null,
    knative: null,
    ingress: { provider: null, istio: null, kong: { listenerPort: null } },
    offline: { enabled: null, imageDigests: null, skipTagResolving: null },
    storage: { caBundle: null, storageConfig: { s3: null, enabled: null } },
    deployment: { strategy: { type: null, maxSurge: null } },
  };
  const preset = validatePreset(input);
  assertDefaults(preset, 'nulls');
  assert.equal(preset, validatePreset(versioned()));
  // The same through YAML: "key:" with nothing after it is null.
  const fromYaml = validatePreset(
    parsePresetYaml('kserve:\n  version: "0.15.2"\n  namespace:\ningress:\n  istio:\n  kong:\n    listenerPort: ~\n', 'nulls.yaml'),
  );
  assert.equal(fromYaml, validatePreset(versioned()));
});

test('given values are kept, and free-key maps come out with sorted keys', () => {
  const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;
  const preset = validatePreset({
    kserve: { version: 'v0.16.0-rc1', namespace: 'ml' },
    deploymentMode: 'Standard',
    ingress: { kong: { listenerPort: 8080 }, istio: { servingNamespaces: ['b', 'a'] } },
    offline: { imageDigests: { 'kserve/zz': digest, 'kserve/aa': digest } },
  });
  assert.is(preset.kserve.version, 'v0.16.0-rc1');
  assert.is(preset.kserve.namespace, 'ml');
  assert.is(preset.deploymentMode, 'Standard');
  assert.is(preset.ingress.kong.listenerPort, 8080);
  assert.equal(preset.ingress.istio.servingNamespaces, ['b', 'a'], 'list order is the user\'s');
  assert.equal(Object.keys(preset.offline.imageDigests), ['kserve/aa', 'kserve/zz']);
});

// ---------------------------------------------------------------------------------------------
// Unknown keys and bad values

const TYPOS: [parent: string, typo: string, guess: string][] = [
  ['', 'deploymentMod', 'deploymentMode'],
  ['kserve', 'namspace', 'namespace'],
  ['knative', 'instal', 'install'],
  ['ingress', 'domian', 'domain'],
  ['ingress.istio', 'localGatway', 'localGateway'],
  ['ingress.kong', 'listenerPrt', 'listenerPort'],
  ['offline', 'registy', 'registry'],
  ['storage', 'cabundle', 'caBundle'],
  ['storage.caBundle', 'configMapNam', 'configMapName'],
  ['storage.storageConfig', 'secretNme', 'secretName'],
  ['storage.storageConfig.s3', 'regon', 'region'],
  ['deployment', 'stratgy', 'strategy'],
  ['deployment.strategy', 'maxSurg', 'maxSurge'],
];

for (const [parent, typo, guess] of TYPOS) {
  const where = parent ? `${parent}.${typo}` : typo;
  test(`unknown key ${where} suggests "${guess}"`, () => {
    const err = userError(() => validatePreset(withKey(where, 'x')));
    assert.is(err.where, where);
    assert.match(err.problem, /unknown key/);
    assert.ok(err.fix.includes(`did you mean "${guess}"`), err.fix);
  });
}

test('an unknown key far from every valid one lists the valid keys', () => {
  const err = userError(() => validatePreset(withKey('kserve.zzzzzzzzzz', 1)));
  assert.is(err.where, 'kserve.zzzzzzzzzz');
  assert.not.ok(err.fix.includes('did you mean'), err.fix);
  assert.ok(err.fix.includes('version') && err.fix.includes('namespace'), err.fix);
});

// Keys that happen to be Object.prototype members must not slip through an `in` check.
test('keys named like Object.prototype members are unknown keys too', () => {
  const err = userError(() => validatePreset(parsePresetYaml(readFileSync(path.join(FIXTURES, 'prototype-key.yaml'), 'utf8'), 'prototype-key.yaml')));
  assert.is(err.where, 'kserve.constructor');
  assert.is(userError(() => validatePreset({ ...versioned(), toString: 1 })).where, 'toString');
  const proto = parsePresetYaml('kserve: {version: "0.15.2"}\n__proto__: {a: 1}\n', 'proto.yaml');
  assert.is(userError(() => validatePreset(proto)).where, '__proto__');
});

test('enum typo: deploymentMode Standrd suggests "Standard"', () => {
  const err = userError(() => validatePreset({ ...versioned(), deploymentMode: 'Standrd' }));
  assert.is(err.where, 'deploymentMode');
  assert.ok(err.problem.includes('Standrd'), err.problem);
  assert.ok(err.fix.includes('did you mean "Standard"'), err.fix);
});

test('enum values are case-sensitive but still get a suggestion', () => {
  const err = userError(() => validatePreset(withKey('knative.install', 'Operator')));
  assert.is(err.where, 'knative.install');
  assert.ok(err.fix.includes('did you mean "operator"'), err.fix);
});

test('integer out of range: ingress.kong.listenerPort 70000 (and 0)', () => {
  const err = userError(() => validatePreset(withKey('ingress.kong.listenerPort', 70000)));
  assert.is(err.where, 'ingress.kong.listenerPort');
  assert.ok(err.problem.includes('70000'), err.problem);
  assert.ok(err.fix.includes('65535'), err.fix);
  assert.is(userError(() => validatePreset(withKey('ingress.kong.listenerPort', 0))).where, 'ingress.kong.listenerPort');
  const text = userError(() => validatePreset(withKey('ingress.kong.listenerPort', '80')));
  assert.match(text.problem, /whole number/);
  assert.is(validatePreset(withKey('ingress.kong.listenerPort', 65535)).ingress.kong.listenerPort, 65535);
});

test('wrong types: number for a string says quote it, string for a boolean', () => {
  const num = userError(() => validatePreset({ kserve: { version: 0.2 } }));
  assert.is(num.where, 'kserve.version');
  assert.match(num.fix, /quote/i);
  const bool = userError(() => validatePreset(withKey('offline.enabled', 'yes')));
  assert.is(bool.where, 'offline.enabled');
  assert.match(bool.fix, /true or false/);
  const map = userError(() => validatePreset({ ...versioned(), ingress: 'istio' }));
  assert.is(map.where, 'ingress');
  assert.ok(map.fix.includes('provider'), map.fix);
});

test('kserve.version must look like a release', () => {
  for (const bad of ['0.15', '0.15.2.1', 'latest', '0.15.2-beta1', '']) {
    const err = userError(() => validatePreset({ kserve: { version: bad } }));
    assert.is(err.where, 'kserve.version', bad);
  }
  for (const good of ['0.15.2', 'v0.15.2', '0.16.0-rc1', 'v0.16.0-rc1']) {
    assert.is(validatePreset({ kserve: { version: good } }).kserve.version, good);
  }
});

test('names must be DNS-1123 labels and <ns>/<name> pairs two of them', () => {
  const ns = userError(() => validatePreset({ kserve: { version: '0.15.2', namespace: 'Kserve_NS' } }));
  assert.is(ns.where, 'kserve.namespace');
  assert.ok(ns.problem.includes('Kserve_NS'), ns.problem);
  assert.ok(ns.fix.includes('DNS-1123'), ns.fix);
  assert.is(userError(() => validatePreset(withKey('kserve.namespace', 'a'.repeat(64)))).where, 'kserve.namespace');
  assert.is(validatePreset(withKey('kserve.namespace', 'a'.repeat(63))).kserve.namespace, 'a'.repeat(63));
  for (const bad of ['nope', 'a/b/c', 'NS/name', 'ns/', '/name']) {
    const err = userError(() => validatePreset(withKey('ingress.istio.localGateway', bad)));
    assert.is(err.where, 'ingress.istio.localGateway', bad);
    assert.ok(err.fix.includes('<namespace>/<name>'), err.fix);
  }
  assert.is(validatePreset(withKey('ingress.kong.gateway', 'gw-ns/my-gw')).ingress.kong.gateway, 'gw-ns/my-gw');
});

test('servingNamespaces: a duplicate is an error naming the list entry', () => {
  const err = userError(() => validatePreset(withKey('ingress.istio.servingNamespaces', ['team-a', 'team-b', 'team-a'])));
  assert.is(err.where, 'ingress.istio.servingNamespaces[2]');
  assert.ok(err.problem.includes('team-a') && err.problem.includes('twice'), err.problem);
  const bad = userError(() => validatePreset(withKey('ingress.istio.servingNamespaces', ['ok', 'Not_OK'])));
  assert.is(bad.where, 'ingress.istio.servingNamespaces[1]');
  const notList = userError(() => validatePreset(withKey('ingress.istio.servingNamespaces', 'team-a')));
  assert.is(notList.where, 'ingress.istio.servingNamespaces');
  assert.match(notList.problem, /list/);
});

test('imageDigests: a bad digest and a bad repository key', () => {
  const good = `sha256:${'a'.repeat(64)}`;
  assert.equal(validatePreset(withKey('offline.imageDigests', { 'kserve/kserve-controller': good })).offline.imageDigests, {
    'kserve/kserve-controller': good,
  });
  const digest = userError(() => validatePreset(withKey('offline.imageDigests', { 'kserve/kserve-controller': 'sha256:abc' })));
  assert.is(digest.where, 'offline.imageDigests.kserve/kserve-controller');
  assert.ok(digest.fix.includes('sha256:'), digest.fix);
  const upper = userError(() => validatePreset(withKey('offline.imageDigests', { 'kserve/kserve-controller': `sha256:${'A'.repeat(64)}` })));
  assert.is(upper.where, 'offline.imageDigests.kserve/kserve-controller');
  const repo = userError(() => validatePreset(withKey('offline.imageDigests', { 'Kserve/Controller:latest': good })));
  assert.is(repo.where, 'offline.imageDigests.Kserve/Controller:latest');
  assert.ok(repo.problem.includes('Kserve/Controller:latest'), repo.problem);
  assert.ok(repo.fix.includes('repository'), repo.fix);
});

test('localGatewaySelector: a bad label value and a bad label key', () => {
  const value = userError(() => validatePreset(withKey('ingress.istio.localGatewaySelector', { istio: 'bad value!' })));
  assert.is(value.where, 'ingress.istio.localGatewaySelector.istio');
  assert.ok(value.problem.includes('bad value!'), value.problem);
  assert.ok(value.fix.includes('63'), value.fix);
  const long = userError(() => validatePreset(withKey('ingress.istio.localGatewaySelector', { app: 'x'.repeat(64) })));
  assert.is(long.where, 'ingress.istio.localGatewaySelector.app');
  const key = userError(() => validatePreset(withKey('ingress.istio.localGatewaySelector', { 'bad key': 'x' })));
  assert.is(key.where, 'ingress.istio.localGatewaySelector.bad key');
  const labels = { 'app.kubernetes.io/name': 'local-gw', istio: '' };
  assert.equal(validatePreset(withKey('ingress.istio.localGatewaySelector', labels)).ingress.istio.localGatewaySelector, labels);
});

// ---------------------------------------------------------------------------------------------
// applySet (--set)

test('applySet: string keys keep the text ("0.20" stays "0.20")', () => {
  const raw: Doc = {};
  applySet(raw, 'kserve.version=0.20');
  assert.is(raw.kserve.version, '0.20');
  applySet(raw, 'ingress.domain=a=b');
  assert.is(raw.ingress.domain, 'a=b', 'only the first "=" splits');
  applySet(raw, 'deployment.strategy.maxSurge=1');
  assert.is(raw.deployment.strategy.maxSurge, '1');
  applySet(raw, 'knative.version=');
  assert.is(raw.knative.version, '');
  // And validation then reports the bad version as a version problem, not a type problem.
  const err = userError(() => validatePreset(raw));
  assert.is(err.where, 'kserve.version');
  assert.ok(err.problem.includes('"0.20"'), err.problem);
});

test('applySet: booleans, integers and lists are parsed as YAML', () => {
  const raw: Doc = {};
  applySet(raw, 'offline.enabled=true');
  assert.is(raw.offline.enabled, true);
  applySet(raw, 'storage.storageConfig.s3.useHttps=false');
  assert.is(raw.storage.storageConfig.s3.useHttps, false);
  applySet(raw, 'ingress.kong.listenerPort=8080');
  assert.is(raw.ingress.kong.listenerPort, 8080);
  applySet(raw, 'ingress.istio.servingNamespaces=[a,b]');
  assert.equal(raw.ingress.istio.servingNamespaces, ['a', 'b']);
  applySet(raw, 'offline.imagePullSecrets=[]');
  assert.equal(raw.offline.imagePullSecrets, []);
});

test('applySet: creates nested mappings and keeps siblings', () => {
  const raw: Doc = { kserve: { version: '0.15.2', namespace: 'ml' } };
  applySet(raw, 'storage.storageConfig.s3.region=us-east-1');
  assert.equal(raw.storage, { storageConfig: { s3: { region: 'us-east-1' } } });
  applySet(raw, 'kserve.version=0.16.0');
  assert.equal(raw.kserve, { version: '0.16.0', namespace: 'ml' });
  applySet(raw, 'ingress.istio.localGatewaySelector.app=local-gw');
  assert.equal(raw.ingress, { istio: { localGatewaySelector: { app: 'local-gw' } } });
  const preset = validatePreset(raw);
  assert.is(preset.storage.storageConfig.s3.region, 'us-east-1');
  assert.is(preset.storage.storageConfig.s3.endpoint, '', 'siblings of a --set key keep their defaults');
  assert.equal(preset.ingress.istio.localGatewaySelector, { app: 'local-gw' });
  // A later --set wins over the preset and over an earlier --set.
  applySet(raw, 'kserve.namespace=first');
  applySet(raw, 'kserve.namespace=second');
  assert.is(raw.kserve.namespace, 'second');
});

// README: "VALUE is a YAML scalar, string keys keep the text", also inside free-key maps.
test('applySet: string values in free-key maps keep the text', () => {
  const raw: Doc = versioned();
  applySet(raw, 'ingress.istio.localGatewaySelector.version=1.20');
  assert.is(raw.ingress.istio.localGatewaySelector.version, '1.20');
  assert.equal(validatePreset(raw).ingress.istio.localGatewaySelector, { version: '1.20' });
});

test('applySet: an unknown path names the path and suggests the key', () => {
  const top = userError(() => applySet({}, 'kserve.verison=0.15.2'));
  assert.is(top.where, 'kserve.verison');
  assert.ok(top.fix.includes('did you mean "version"'), top.fix);
  const mid = userError(() => applySet({}, 'ingress.istoi.localGateway=a/b'));
  assert.is(mid.where, 'ingress.istoi', 'names the path up to the bad key');
  assert.ok(mid.fix.includes('did you mean "istio"'), mid.fix);
  const far = userError(() => applySet({}, 'zzzzzzzzzzzz=1'));
  assert.is(far.where, 'zzzzzzzzzzzz');
  assert.ok(far.fix.includes('kserve'), `lists the valid keys: ${far.fix}`);
  const leaf = userError(() => applySet({}, 'kserve.version.major=1'));
  assert.is(leaf.where, 'kserve.version.major');
  assert.match(leaf.fix, /not sub-keys/);
});

test('applySet: an assignment without "=" or without a path', () => {
  for (const bad of ['kserve.version', '=0.15.2', '']) {
    const err = userError(() => applySet({}, bad));
    assert.is(err.where, '--set', bad);
    assert.ok(err.fix.includes('kserve.version='), err.fix);
  }
});

test('applySet: an unparsable YAML value for a non-string key', () => {
  const err = userError(() => applySet({}, 'ingress.istio.servingNamespaces=[a, b'));
  assert.is(err.where, 'ingress.istio.servingNamespaces');
  assert.match(err.fix, /quote|syntax/);
});

test('applySet: a key --set adds is checked like the same key in a file (__proto__ in free-key maps)', () => {
  const digest = `sha256:${'0'.repeat(64)}`;
  const cases = [
    [`offline.imageDigests.__proto__=${digest}`, `offline: {imageDigests: {__proto__: "${digest}"}}`],
    ['ingress.istio.localGatewaySelector.__proto__=x', 'ingress: {istio: {localGatewaySelector: {__proto__: x}}}'],
  ];
  for (const [assignment, yamlText] of cases) {
    const raw: Record<string, unknown> = { kserve: { version: '0.15.2' } };
    applySet(raw, assignment!);
    const fromSet = userError(() => validatePreset(raw));
    const fromFile = userError(() => validatePreset(parsePresetYaml(`kserve: {version: "0.15.2"}\n${yamlText}\n`, 'p.yaml')));
    assert.is(fromSet.line(), fromFile.line(), assignment);
    assert.match(fromSet.where, /\.__proto__$/, 'blamed on the key itself');
  }
  const raw: Record<string, any> = {};
  applySet(raw, 'ingress.istio.localGatewaySelector.__proto__=x');
  assert.is(Object.getPrototypeOf(raw.ingress.istio.localGatewaySelector), Object.prototype, 'no prototype was replaced');
  assert.ok(Object.hasOwn(raw.ingress.istio.localGatewaySelector, '__proto__'));
});

// ---------------------------------------------------------------------------------------------
// parsePresetYaml, readPresetText, loadPreset

test('parsePresetYaml: a normal preset, a leading "---", an empty file', () => {
  assert.equal(parsePresetYaml('kserve:\n  version: "0.15.2"\n', 'p.yaml'), { kserve: { version: '0.15.2' } });
  assert.equal(parsePresetYaml('---\nkserve: {version: "0.15.2"}\n', 'p.yaml'), { kserve: { version: '0.15.2' } });
  assert.equal(parsePresetYaml('# only a comment\n', 'p.yaml'), {});
  assert.equal(parsePresetYaml('', 'p.yaml'), {});
});

test('parsePresetYaml: more than one document', () => {
  const err = userError(() => parsePresetYaml('kserve: {version: "0.15.2"}\n---\ndeploymentMode: Standard\n', 'multi.yaml'));
  assert.is(err.where, 'multi.yaml');
  assert.match(err.problem, /more than one/);
  assert.ok(err.fix.includes('---'), err.fix);
});

test('parsePresetYaml: a root that is not a mapping (list, scalar)', () => {
  for (const [text, name] of [
    ['- kserve\n- version\n', 'list.yaml'],
    ['just text\n', 'scalar.yaml'],
    ['42\n', 'number.yaml'],
  ] as const) {
    const err = userError(() => parsePresetYaml(text, name));
    assert.is(err.where, name);
    assert.match(err.problem, /not a mapping/);
    assert.ok(err.fix.includes('kserve:'), err.fix);
  }
});

test('parsePresetYaml: duplicate keys are an error with the line number', () => {
  const text = readFileSync(path.join(FIXTURES, 'duplicate-key.yaml'), 'utf8');
  const err = userError(() => parsePresetYaml(text, 'duplicate-key.yaml'));
  assert.is(err.where, 'duplicate-key.yaml');
  assert.match(err.problem, /line 5\b/);
  assert.match(err.problem, /duplicate/i);
});

test('parsePresetYaml: tab indentation is an error with the line number', () => {
  const text = readFileSync(path.join(FIXTURES, 'tab-indent.yaml'), 'utf8');
  const err = userError(() => parsePresetYaml(text, 'tab-indent.yaml'));
  assert.is(err.where, 'tab-indent.yaml');
  assert.match(err.problem, /line 3\b/);
  assert.match(err.problem, /tab/i);
});

test('readPresetText: "-" reads stdin; a directory and a missing file are --preset errors', async () => {
  assert.is(await readPresetText('-', () => 'from stdin'), 'from stdin');
  const dir = await userErrorOf(() => readPresetText(FIXTURES, () => ''));
  assert.is(dir.where, '--preset');
  assert.match(dir.problem, /directory/);
  const missing = await userErrorOf(() => readPresetText(path.join(FIXTURES, 'no-such.yaml'), () => ''));
  assert.is(missing.where, '--preset');
  assert.ok(missing.problem.includes('no-such.yaml'), missing.problem);
});

test('loadPreset: file with --set overrides, baseDir next to the file; stdin uses the cwd', async () => {
  const loaded = await loadPreset(path.join(FIXTURES, 'minimal.yaml'), ['kserve.version=0.20.0', 'offline.enabled=true'], () => {
    throw new Error('stdin must not be read for a file preset');
  });
  assert.is(loaded.preset.kserve.version, '0.20.0');
  assert.is(loaded.preset.offline.enabled, true);
  assert.is(loaded.preset.kserve.namespace, 'kserve');
  assert.is(loaded.baseDir, FIXTURES);
  const fromStdin = await loadPreset('-', [], () => 'kserve: {version: "0.11.2"}\n');
  assert.is(fromStdin.preset.kserve.version, '0.11.2');
  assert.is(fromStdin.baseDir, process.cwd());
  const err = await userErrorOf(() => loadPreset('-', [], () => '- a\n'));
  assert.is(err.where, '<stdin>');
});

test('loadPreset: every shipped preset loads', async () => {
  const file = path.join(REPO_ROOT, 'presets', 'serverless-istio.yaml');
  const { preset } = await loadPreset(file, [], () => '');
  assert.is(preset.kserve.version, '0.15.2');
  assert.is(preset.deploymentMode, 'Serverless');
  assert.is(preset.ingress.provider, 'istio');
});

test('UserError.line() stays one line even with newlines in user text', () => {
  const err = new UserError('kserve.namespace', '"a\nb" is not valid here', 'fix it\r\nnow');
  const line = err.line();
  assert.ok(line.startsWith('error: kserve.namespace: '), line);
  assert.not.match(line, /[\r\n]/);
  // A multi-line value in a preset is reported on one line too.
  const fromPreset = userError(() => validatePreset(withKey('kserve.namespace', 'two\nlines')));
  assert.is(fromPreset.where, 'kserve.namespace');
});

// ---------------------------------------------------------------------------------------------
// Generated documentation is committed up to date

/** The first differing line of two texts, short enough for a failure message. */
function firstDifference(actual: string, expected: string): string {
  const a = actual.split('\n');
  const e = expected.split('\n');
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    if (a[i] !== e[i]) return `first difference at line ${i + 1}:\n  committed: ${JSON.stringify(a[i] ?? '<end of file>')}\n  generated: ${JSON.stringify(e[i] ?? '<end of file>')}`;
  }
  return 'texts differ';
}

test('presets/preset.schema.json equals schemaFileText() (run `npm run docs` if not)', () => {
  const onDisk = readFileSync(path.join(REPO_ROOT, 'presets', 'preset.schema.json'), 'utf8');
  const expected = schemaFileText();
  assert.ok(onDisk === expected, `presets/preset.schema.json is stale: run \`npm run docs\`\n${firstDifference(onDisk, expected)}`);
  const schema = JSON.parse(onDisk) as Doc;
  assert.is(schema.additionalProperties, false, 'unknown top-level keys are rejected by editors too');
  assert.ok(schema.properties.kserve.properties.version, 'the schema describes kserve.version');
});

test('README.md preset reference is up to date (run `npm run docs` if not)', () => {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const expected = spliceReference(readme, presetReference());
  assert.ok(readme === expected, `README.md preset reference is stale: run \`npm run docs\`\n${firstDifference(readme, expected)}`);
  assert.ok(readme.includes('| `kserve.version` | (required) |'), 'the reference lists kserve.version');
  assert.ok(readme.includes('| `ingress.kong.listenerPort` | `80` |'), 'the reference lists defaults');
});

test('long lists and maps are checked in one go, and a bad entry is still named', () => {
  const names = Array.from({ length: 100 }, (_, i) => `team-${i}`);
  const withNamespaces = (list: unknown[]) => ({ ...versioned(), ingress: { istio: { servingNamespaces: list } } });
  assert.equal(validatePreset(withNamespaces(names)).ingress.istio.servingNamespaces, names);
  for (const [bad, index] of [
    ['Team-57', 57],
    ['team-57\nteam-58', 57],
    ['', 57],
    [`t${'x'.repeat(63)}`, 57],
    [57, 57],
    ['team-3', 57],
  ] as const) {
    const list: unknown[] = [...names];
    list[57] = bad;
    const err = userError(() => validatePreset(withNamespaces(list)));
    assert.is(err.where, `ingress.istio.servingNamespaces[${index}]`, JSON.stringify(bad));
  }
  const digest = `sha256:${'a'.repeat(64)}`;
  const digests = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`registry.example/team-${i}/model`, digest]));
  const withDigests = (map: Record<string, unknown>) => ({ ...versioned(), offline: { imageDigests: map } });
  assert.equal(Object.keys(validatePreset(withDigests(digests)).offline.imageDigests).length, 50);
  assert.is(userError(() => validatePreset(withDigests({ ...digests, 'Registry.example/x': digest }))).where, 'offline.imageDigests.Registry.example/x');
  assert.is(userError(() => validatePreset(withDigests({ ...digests, 'a\nb': digest }))).where, 'offline.imageDigests.a\nb');
  assert.is(userError(() => validatePreset(withDigests({ ...digests, 'registry.example/team-7/model': 'sha256:x' }))).where, 'offline.imageDigests.registry.example/team-7/model');
});

test.run();
