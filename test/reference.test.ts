/**
 * Checks generated Helm values against the real chart values.yaml of each KServe release
 * (../shared/reference/kserve/<tag>/<chart>/values.yaml): every key written must exist in that
 * release's chart, and the values-key catalog must say exactly which releases have each key.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FEATURE_RANGES, satisfies } from '../src/catalog/index.js';
import { KSERVE_IMAGE_SLOTS } from '../src/catalog/images.js';
import { VALUES_KEYS } from '../src/catalog/values-keys.js';
import { leafPaths } from '../src/render/validate.js';
import { SAVED_TAGS, generate, generateScenario, hasValuesKey, nearestSavedTag, referenceValues, scenarioMatrix } from './support/generate.js';

const CHART_DIRS = { main: 'kserve-resources', runtimeConfigs: 'kserve-runtime-configs', llmisvc: 'kserve-llmisvc-resources' } as const;
/** The folder of a table's chart in a saved release (0.16's LLM chart is llmisvc-resources). */
const chartDir = (table: keyof typeof CHART_DIRS, tag: string) => (table === 'llmisvc' && !satisfies(tag, FEATURE_RANGES.llmisvcSplitCharts) ? 'llmisvc-resources' : CHART_DIRS[table]);
const JSON_TEXT_KEYS = new Set(KSERVE_IMAGE_SLOTS.filter((s) => s.pullSecrets?.asJsonText).map((s) => s.pullSecrets!.key));

test('values-key catalog matches every saved chart: a key is allowed exactly where the chart has it', () => {
  for (const tag of SAVED_TAGS) {
    for (const table of Object.keys(CHART_DIRS) as (keyof typeof CHART_DIRS)[]) {
      const dir = chartDir(table, tag);
      let values: unknown = {};
      try {
        values = referenceValues(tag, dir);
      } catch {
        values = {}; // chart does not exist in this release
      }
      for (const [key, range] of Object.entries(VALUES_KEYS[table])) {
        const allowed = range === '*' || satisfies(tag, range);
        assert.is(hasValuesKey(values, key), allowed, `${dir}@${tag}: ${key} (catalog range ${range})`);
      }
    }
  }
});

test('every key of every generated helm/kserve*.values.yaml exists in that release chart, across the whole matrix', () => {
  let checked = 0;
  for (const scenario of scenarioMatrix()) {
    const generated = generateScenario(scenario);
    if (!generated) continue;
    const { plan, docs } = generated;
    const tag = nearestSavedTag(plan.context.release.version);
    for (const file of plan.files.filter((f) => f.kind === 'helm-values' && (f.path.startsWith('helm/kserve') || f.chart?.keys === 'llmisvc'))) {
      const dir = chartDir(file.chart!.keys as keyof typeof CHART_DIRS, tag);
      const reference = referenceValues(tag, dir);
      const ours = docs.get(file.path)![0];
      for (const key of leafPaths(ours)) {
        assert.ok(hasValuesKey(reference, key), `${scenario.name}: ${file.path} key ${key} is not in ${dir}@${tag}`);
        checked++;
      }
    }
  }
  assert.ok(checked > 1000, `checked ${checked} keys`);
});

test('mode spelling: Knative mode writes the chart default of that release (Serverless before 0.16, Knative after)', () => {
  for (const tag of SAVED_TAGS) {
    const { plan, docs } = generate({ kserve: { version: tag } });
    const values = docs.get(plan.context.mainValuesFile)![0] as { kserve: { controller: { deploymentMode: string } } };
    const chartDefault = (referenceValues(tag, 'kserve-resources') as { kserve: { controller: { deploymentMode: string } } }).kserve.controller.deploymentMode;
    assert.is(values.kserve.controller.deploymentMode, chartDefault, tag);
  }
});

test('mode spelling: RawDeployment is spelled Standard from 0.16.0-rc0 and both input spellings agree', () => {
  const cases: [string, string][] = [['0.15.2', 'RawDeployment'], ['0.16.0-rc0', 'Standard'], ['0.20.0', 'Standard'], ['0.11.2', 'RawDeployment']];
  for (const [version, expected] of cases) {
    for (const input of ['RawDeployment', 'Standard']) {
      const { plan, docs } = generate({ kserve: { version }, deploymentMode: input });
      const mode = (docs.get(plan.context.mainValuesFile)![0] as { kserve: { controller: { deploymentMode: string } } }).kserve.controller.deploymentMode;
      assert.is(mode, expected, `${version} ${input}`);
    }
  }
});

test('generated values match the type of the chart default they override', () => {
  for (const scenario of scenarioMatrix(SAVED_TAGS)) {
    const generated = generateScenario(scenario);
    if (!generated) continue;
    const { plan, docs } = generated;
    for (const file of plan.files.filter((f) => f.kind === 'helm-values' && (f.path.startsWith('helm/kserve') || f.chart?.keys === 'llmisvc'))) {
      const reference = referenceValues(plan.context.release.version, chartDir(file.chart!.keys as keyof typeof CHART_DIRS, plan.context.release.version));
      for (const key of leafPaths(docs.get(file.path)![0])) {
        const ours = get(docs.get(file.path)![0], key);
        const theirs = get(reference, key);
        // The chart uses "" as "unset" for some booleans and strings; anything else must keep its type.
        if (theirs === '' || theirs === null) continue;
        // A list the chart prints verbatim into a JSON section is written as its JSON text (images.ts asJsonText).
        if (JSON_TEXT_KEYS.has(key)) continue;
        assert.is(kind(ours), kind(theirs), `${scenario.name}: ${file.path} ${key}`);
      }
    }
  }
});

function get(obj: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], obj);
}
function kind(v: unknown): string {
  return Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
}

test.run();
