import { test } from 'uvu';
import * as assert from 'uvu/assert';
import semver from 'semver';
import { FEATURE_RANGES, KNOWN_RELEASES, MIN_KNATIVE, TESTED, featuresOf, knativeSupported, knativeVersionOf, resolveRelease } from '../src/catalog/index.js';
import { UserError } from '../src/errors.js';

test('known releases are unique, ascending, and cover 0.11 to 0.20', () => {
  const sorted = [...KNOWN_RELEASES].sort((a, b) => semver.compare(a, b));
  assert.equal([...KNOWN_RELEASES], sorted);
  assert.is(new Set(KNOWN_RELEASES).size, KNOWN_RELEASES.length);
  const minors = new Set(KNOWN_RELEASES.map((v) => v.split('.').slice(0, 2).join('.')));
  assert.equal([...minors], ['0.11', '0.12', '0.13', '0.14', '0.15', '0.16', '0.17', '0.18', '0.19', '0.20']);
  for (const m of minors) assert.ok(TESTED[m], `tested versions for ${m}`);
});

test('feature gates count release candidates at their boundary', () => {
  const f = (v: string) => featuresOf(v);
  assert.is(f('0.15.0-rc0').gatewayApi, true);
  assert.is(f('0.14.1').gatewayApi, false);
  assert.is(f('0.16.0-rc0').newModeNames, true);
  assert.is(f('0.15.2').newModeNames, false);
  assert.is(f('0.15.0-rc0').modelMesh, true);
  assert.is(f('0.15.0-rc1').modelMesh, false);
  assert.is(f('0.17.0-rc0').splitCharts, true);
  assert.is(f('0.16.0').splitCharts, false);
  assert.is(f('0.13.0-rc1').deploymentStrategy, true);
  assert.is(f('0.13.0-rc0').deploymentStrategy, false);
  assert.is(f('0.12.0-rc1').storageSpecCaBundleField, false);
  assert.is(f('0.12.0').storageSpecCaBundleField, true);
  assert.is(f('0.11.2').ociCharts, false);
  for (const range of Object.values(FEATURE_RANGES)) assert.ok(semver.validRange(range), range);
});

test('charts per version: GitHub asset on 0.11, OCI kserve up to 0.16, kserve-resources + runtime configs from 0.17', () => {
  const r11 = resolveRelease('0.11.2');
  assert.is(r11.mainChart.name, 'kserve');
  assert.is(r11.mainChart.ref, 'https://github.com/kserve/kserve/releases/download/v0.11.2/helm-chart-kserve-v0.11.2.tgz');
  const r16 = resolveRelease('v0.16.0');
  assert.equal(r16.charts.map((c) => c.ref), ['oci://ghcr.io/kserve/charts/kserve-crd', 'oci://ghcr.io/kserve/charts/kserve']);
  assert.is(r16.mainChart.version, 'v0.16.0');
  const r17 = resolveRelease('0.17.0-rc0');
  assert.equal(r17.charts.map((c) => c.name), ['kserve-crd', 'kserve-resources', 'kserve-runtime-configs']);
  assert.equal(r17.modeNames, { knative: 'Knative', standard: 'Standard', modelMesh: 'ModelMesh' });
  assert.equal(resolveRelease('0.15.2').modeNames.knative, 'Serverless');
});

test('unknown versions are user errors naming the key and the choices', () => {
  for (const [input, hint] of [['0.15.9', '0.15.2'], ['0.21.0', '0.11-0.20'], ['0.10.0', '0.11-0.20'], ['1.0.0', '0.11-0.20']] as const) {
    try {
      resolveRelease(input);
      assert.unreachable(input);
    } catch (err) {
      assert.instance(err, UserError);
      assert.is((err as UserError).where, 'kserve.version');
      assert.ok((err as UserError).fix.includes(hint), (err as UserError).fix);
    }
  }
});

test('Knative versions: X.Y means X.Y.0, and support starts at MIN_KNATIVE (resolve and the wizard both ask here)', () => {
  assert.is(knativeVersionOf('1.15'), '1.15.0');
  assert.is(knativeVersionOf('v1.15.2'), '1.15.2');
  assert.is(MIN_KNATIVE, '1.10.0');
  assert.ok(knativeSupported(knativeVersionOf('1.10')));
  assert.not.ok(knativeSupported(knativeVersionOf('1.9.9')));
  assert.not.ok(knativeSupported(knativeVersionOf('0.26')));
  assert.ok(knativeSupported(knativeVersionOf('2.0')));
});

test.run();
