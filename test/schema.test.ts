/**
 * Every generated manifest and example validates against the real CRD schema it names
 * (../shared/reference/crds, unknown fields are errors as with the API server's strict validation),
 * across the whole version x scenario matrix.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generate, generateScenario, scenarioMatrix } from './support/generate.js';
import { validateCore, validateObject, validationContext } from './support/manifests.js';

test('every manifest and example of every scenario validates against the real CRDs', () => {
  const kinds = new Set<string>();
  for (const scenario of scenarioMatrix()) {
    const generated = generateScenario(scenario);
    if (!generated) continue;
    const { plan, docs } = generated;
    const ctx = validationContext(plan);
    for (const file of plan.files.filter((f) => f.kind === 'manifest' || f.kind === 'example')) {
      for (const obj of docs.get(file.path)!) {
        const o = obj as Record<string, unknown>;
        kinds.add(`${String(o.apiVersion)} ${String(o.kind)}`);
        const errors = validateObject(o, ctx);
        assert.equal(errors, [], `${scenario.name}: ${file.path}`);
      }
    }
  }
  // The matrix must exercise the CRD-backed kinds, or this test proves nothing.
  assert.ok(kinds.has('operator.knative.dev/v1beta1 KnativeServing'), [...kinds].join(', '));
  assert.ok(kinds.has('serving.kserve.io/v1beta1 InferenceService'), [...kinds].join(', '));
  assert.ok(kinds.has('gateway.networking.k8s.io/v1 Gateway'), [...kinds].join(', '));
});

test('the CRD check rejects what the API server rejects (a number in KnativeServing spec.config)', () => {
  const { docs } = generate({ kserve: { version: '0.15.2' } });
  const cr = structuredClone(docs.get('manifests/02-knativeserving-knative-serving.yaml')![0]) as { spec: { config: Record<string, Record<string, unknown>> } };
  cr.spec.config.deployment = { 'progress-deadline': 600 };
  const errors = validateObject(cr as unknown as Record<string, unknown>, { kserveVersion: '0.15.2', istioVersion: '1.23.2' });
  assert.ok(errors.some((e) => e.includes('progress-deadline')), errors.join('\n'));
});

test('the core-object check rejects unknown fields and non-string ConfigMap data', () => {
  assert.equal(validateCore({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kserve' } }), []);
  assert.ok(validateCore({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kserve' }, spec: {} }).length > 0);
  assert.ok(validateCore({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 1 } }).length > 0);
});

test.run();
