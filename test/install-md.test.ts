/**
 * INSTALL.md read as a user follows it: the steps an air-gapped cluster can run, an uninstall that
 * does not hang, cert-manager removed the way it was installed (issue 19's defects 6-8).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generate, loadShippedPreset, shippedPresetNames } from './support/generate.js';

const VERSIONS = ['0.11.2', '0.15.2', '0.20.0'];
/** The text of one `## title` section, up to the next one. */
function section(md: string, title: string): string {
  const start = md.indexOf(`## ${title}`);
  const end = md.indexOf('\n## ', start + 3);
  return md.slice(start, end === -1 ? undefined : end);
}

test('offline: the example model comes from the admin box through a claim, never from gs:// or the internet', () => {
  for (const version of VERSIONS) {
    const g = generate({ ...loadShippedPreset('offline-serverless'), kserve: { version } });
    const isvc = g.docs.get('examples/inferenceservice.yaml')![0] as { spec: { predictor: { model: { storageUri: string } } } };
    assert.is(isvc.spec.predictor.model.storageUri, 'pvc://kserve-models/sklearn-iris', version);
    const md = g.files.get('INSTALL.md')!;
    const verify = section(md, 'Verify');
    assert.ok(md.indexOf('curl -fsSL -o models/sklearn-iris/model.joblib') < md.indexOf('## Verify'), `${version}: the model is fetched on the connected machine`);
    const steps = ['kubectl apply -n kserve-test -f examples/model-pvc.yaml -f examples/model-loader.yaml', 'kubectl cp models/sklearn-iris/model.joblib', 'kubectl delete pod model-loader', 'kubectl apply -n kserve-test -f examples/inferenceservice.yaml'];
    const at = steps.map((s) => verify.indexOf(s));
    assert.ok(at.every((i, n) => i >= 0 && (n === 0 || i > at[n - 1]!)), `${version}: Verify copies the model in before the InferenceService: ${at}`);
    const loader = g.docs.get('examples/model-loader.yaml')![0] as { spec: { containers: { image: string }[] } };
    assert.ok(loader.spec.containers[0]!.image.startsWith('registry.example.internal:5000/'), 'the loader image is on the mirror');
    assert.ok(g.files.get('images.txt')!.includes(` ${loader.spec.containers[0]!.image}\n`), 'and in images.txt');
    // Online, KServe's public example bucket.
    const online = generate({ kserve: { version } });
    assert.match(online.files.get('examples/inferenceservice.yaml')!, 'storageUri: "gs://kfserving-examples/models/sklearn/1.0/model"');
    assert.not.ok(online.files.has('examples/model-pvc.yaml'));
  }
});

test('uninstall: every InferenceService goes first (their finalizer needs the controller); cert-manager goes the way it came', () => {
  for (const name of shippedPresetNames()) {
    for (const version of VERSIONS) {
      let g;
      try {
        g = generate({ ...loadShippedPreset(name), kserve: { version } });
      } catch {
        continue; // a preset this version cannot do (e.g. a CA bundle on 0.11)
      }
      const uninstall = section(g.files.get('INSTALL.md')!, 'Uninstall');
      const deleteAll = uninstall.indexOf('kubectl delete inferenceservices --all --all-namespaces --wait=true');
      assert.ok(deleteAll >= 0 && deleteAll < uninstall.indexOf('helm uninstall kserve'), `${name}@${version}: InferenceServices deleted before the controller`);
      const offline = g.plan.context.offline !== null;
      assert.is(uninstall.includes('helm uninstall cert-manager -n cert-manager'), offline, `${name}@${version}`);
      assert.is(/kubectl delete -f https:\/\/github\.com\/cert-manager/.test(uninstall), !offline, `${name}@${version}: no URL the admin box cannot reach`);
    }
  }
});

test('offline with a pull secret: it exists in every namespace a chart installs into, before the first install', () => {
  for (const version of VERSIONS) {
    for (const name of ['offline-serverless']) {
      for (const sets of [[], ['deploymentMode=Standard', 'ingress.provider=kong'], ['deploymentMode=Standard', 'ingress.provider=envoy']]) {
        let g;
        try {
          g = generate({ ...loadShippedPreset(name), kserve: { version } }, sets);
        } catch {
          continue; // e.g. Envoy Gateway before 0.15
        }
        const md = g.files.get('INSTALL.md')!;
        const loop = /^for ns in (.*); do$/m.exec(md);
        assert.ok(loop, `${version} ${sets.join(' ')}: the pull-secret loop`);
        const covered = new Set(loop![1]!.split(' '));
        const installs = [...md.matchAll(/^helm install \S+ .* -n (\S+)/gm)];
        assert.ok(installs.length > 0);
        for (const m of installs) {
          assert.ok(covered.has(m[1]!), `${version} ${sets.join(' ')}: ${m[1]} gets no pull secret`);
          assert.ok(m.index! > loop!.index, `${version}: the secret comes before \`${m[0]}\``);
        }
      }
    }
  }
});

test.run();
