/**
 * Issue: storage credentials, custom CA bundles and rollout settings, per version and per mode.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UserError } from '../src/errors.js';
import { validatePem } from '../src/preset/files.js';
import { REPO_ROOT, generate, loadShippedPreset } from './support/generate.js';
import { validateObject } from './support/manifests.js';
import { runCli, tempDir } from './support/cli.js';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');
const PEM = readFileSync(path.join(FIXTURES, 'private-ca.pem'), 'utf8');
const CA_S3 = loadShippedPreset('private-ca-s3');
const at = (version: string, extra: Record<string, unknown> = {}) => ({ ...structuredClone(CA_S3), ...extra, kserve: { version } });
const get = (o: unknown, p: string) => p.split('.').reduce<unknown>((n, k) => (n as Record<string, unknown>)?.[k], o);
const userError = (fn: () => unknown): UserError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
};
const entry = (g: ReturnType<typeof generate>) => {
  const secret = g.docs.get('secrets/kserve-test.storage-config.yaml')![0];
  return JSON.parse(String(get(secret, 'stringData.default'))) as Record<string, string>;
};

for (const version of ['0.12.1', '0.15.2', '0.20.0']) {
  test(`CA bundle on ${version}: ConfigMap with cabundle.crt, caBundleConfigMapName, Secret pointing at the namespace copy`, () => {
    const g = generate(at(version));
    const cm = g.docs.get('manifests/02-configmap-kserve-ca-bundle.yaml')![0];
    assert.equal(get(cm, 'metadata'), { name: 'kserve-ca-bundle', namespace: 'kserve' });
    assert.is(get(cm, 'data.cabundle.crt'), undefined, 'the key is literally "cabundle.crt"');
    assert.is((get(cm, 'data') as Record<string, string>)['cabundle.crt'], PEM);
    const values = g.docs.get(g.plan.context.mainValuesFile)![0];
    assert.is(get(values, 'kserve.storage.caBundleConfigMapName'), 'kserve-ca-bundle');
    assert.is(get(values, 'kserve.storage.caBundleVolumeMountPath'), undefined, 'default mount path is not written');
    const e = entry(g);
    assert.is(e.type, 's3');
    assert.is(e.cabundle_configmap, 'global-ca-bundle');
    assert.is(e.ca_bundle, '/etc/ssl/custom-certs/cabundle.crt');
    assert.is(e.certificate, PEM, 'embedCertificate: the PEM text for ModelMesh');
    assert.is(e.endpoint_url, 'https://minio.storage.svc.cluster.local:9000');
    assert.is(e.verify_ssl, '1');
    assert.is(g.files.get('certs/ca-bundle.pem'), PEM);
    assert.is((g.docs.get('kserve-config.yaml')![0] as { storage: { caBundle: { file: string } } }).storage.caBundle.file, 'certs/ca-bundle.pem');
    const ctx = { kserveVersion: version, istioVersion: g.plan.context.istio.version };
    for (const p of ['secrets/kserve-test.storage-config.yaml', 'manifests/02-configmap-kserve-ca-bundle.yaml', 'examples/inferenceservice-s3.yaml']) {
      assert.equal(validateObject(g.docs.get(p)![0] as Record<string, unknown>, ctx), [], p);
    }
  });
}

test('Secret without embedCertificate: no certificate field; a custom mount path is written where the version has it', () => {
  const g = generate(at('0.15.2', { storage: { ...(CA_S3.storage as object), caBundle: { file: '../test/fixtures/private-ca.pem', mountPath: '/etc/pki/models' }, storageConfig: { enabled: true, s3: { endpoint: 'minio:9000', useHttps: false, verifySSL: false } } } }));
  const e = entry(g);
  assert.not.ok('certificate' in e);
  assert.is(e.ca_bundle, '/etc/pki/models/cabundle.crt');
  assert.is(e.endpoint_url, 'http://minio:9000');
  assert.is(e.verify_ssl, '0');
  assert.is(get(g.docs.get('helm/kserve.values.yaml')![0], 'kserve.storage.caBundleVolumeMountPath'), '/etc/pki/models');
});

test('KServe 0.11: a CA bundle is a clear user error; 0.12 rcs name the CA field "certificate" and cannot embed', () => {
  const e11 = userError(() => generate(at('0.11.2')));
  assert.is(e11.where, 'storage.caBundle.file');
  assert.ok(e11.fix.includes('0.12'), e11.fix);
  const rc = generate(at('0.12.0-rc1', { storage: { ...(CA_S3.storage as object), storageConfig: { enabled: true } } }));
  assert.is(entry(rc).certificate, '/etc/ssl/custom-certs/cabundle.crt');
  assert.not.ok('ca_bundle' in entry(rc));
  assert.is(userError(() => generate(at('0.12.0-rc1'))).where, 'storage.storageConfig.embedCertificate');
  assert.is(userError(() => generate({ kserve: { version: '0.15.2' }, storage: { storageConfig: { enabled: true, embedCertificate: true } } })).where, 'storage.storageConfig.embedCertificate');
});

test('PEM validation: several certificates pass; corrupt, key, non-PEM and missing files are rejected naming the file', () => {
  assert.is(validatePem(readFileSync(path.join(FIXTURES, 'two-cas.pem'), 'utf8'), 'two-cas.pem').count, 2);
  for (const [file, words] of [
    ['corrupt-cert.pem', 'does not parse'],
    ['private-key.pem', 'private key'],
    ['not-pem.txt', 'no PEM certificate'],
  ] as const) {
    const err = userError(() => generate({ kserve: { version: '0.15.2' }, storage: { caBundle: { file: file } } }, [], { baseDir: FIXTURES }));
    assert.is(err.where, 'storage.caBundle.file');
    assert.ok(err.problem.includes(words) && err.problem.includes(file), err.problem);
  }
  assert.ok(userError(() => generate({ kserve: { version: '0.15.2' }, storage: { caBundle: { file: 'nope.pem' } } }, [], { baseDir: FIXTURES })).problem.includes('ENOENT'));
  assert.ok(userError(() => generate({ kserve: { version: '0.15.2' }, storage: { caBundle: { file: 'presets' } } }, [], { baseDir: FIXTURES })).problem.includes('not a file'));
  const escape = userError(() => generate({ kserve: { version: '0.15.2' }, storage: { caBundle: { file: '../../../../../../etc/hostname' } } }, [], { baseDir: FIXTURES }));
  assert.ok(escape.problem.includes('outside'), escape.problem);
});

test('credentials: from the environment into the Secret (mode 0600), never printed; placeholders and a warning otherwise', () => {
  const out = path.join(tempDir(), 'out');
  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  const r = runCli(['--preset', 'presets/private-ca-s3.yaml', '--out', out], { cwd: REPO_ROOT, env: { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE123', AWS_SECRET_ACCESS_KEY: secret } });
  assert.is(r.code, 0, r.stderr);
  const file = path.join(out, 'secrets', 'kserve-test.storage-config.yaml');
  assert.is(statSync(file).mode & 0o777, 0o600);
  assert.ok(readFileSync(file, 'utf8').includes(secret));
  assert.not.ok(r.stdout.includes(secret) || r.stderr.includes(secret) || r.stdout.includes('AKIAEXAMPLE123'));
  assert.not.ok(readFileSync(path.join(out, 'kserve-config.yaml'), 'utf8').includes(secret));
  const dry = runCli(['--preset', 'presets/private-ca-s3.yaml', '--out', out, '--dry-run'], { cwd: REPO_ROOT, env: { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE123', AWS_SECRET_ACCESS_KEY: secret } });
  assert.not.ok(dry.stdout.includes(secret) || dry.stderr.includes(secret));
  const noCreds = runCli(['--preset', 'presets/private-ca-s3.yaml', '--out', path.join(tempDir(), 'o2')], { cwd: REPO_ROOT, env: { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' } });
  assert.is(noCreds.code, 0, noCreds.stderr);
  assert.match(noCreds.stderr, /^warning: .*placeholders/m);
  // The folder regenerates itself from kserve-config.yaml (which points at certs/ca-bundle.pem inside it).
  const again = runCli(['--preset', path.join(out, 'kserve-config.yaml'), '--out', path.join(tempDir(), 'o3')], { env: { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE123', AWS_SECRET_ACCESS_KEY: secret } });
  assert.is(again.code, 0, again.stderr);
});

test('rollout: deploymentStrategy and a restrictive securityContext in RawDeployment examples from 0.13.0-rc1, valid against the real CRD', () => {
  const raw = loadShippedPreset('raw-kong');
  for (const version of ['0.15.2', '0.20.0']) {
    const g = generate({ ...raw, kserve: { version } });
    const isvc = g.docs.get('examples/inferenceservice.yaml')![0] as Record<string, unknown>;
    assert.equal(get(isvc, 'spec.predictor.deploymentStrategy'), { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    assert.is(get(isvc, 'spec.predictor.model.securityContext.allowPrivilegeEscalation'), false);
    assert.equal(validateObject(isvc, { kserveVersion: version, istioVersion: '1.27.1' }), []);
  }
  const recreate = generate({ ...raw, kserve: { version: '0.13.1' }, deployment: { strategy: { type: 'Recreate' } } });
  assert.equal(get(recreate.docs.get('examples/inferenceservice.yaml')![0], 'spec.predictor.deploymentStrategy'), { type: 'Recreate' });
  const old = generate({ ...raw, kserve: { version: '0.12.1' } });
  assert.is(get(old.docs.get('examples/inferenceservice.yaml')![0], 'spec.predictor.deploymentStrategy'), undefined);
  assert.ok(old.plan.warnings.some((w) => w.includes('0.13.0-rc1')), old.plan.warnings.join('\n'));
  const serverless = generate({ kserve: { version: '0.20.0' }, deployment: { strategy: { maxSurge: '1' } } });
  assert.is(get(serverless.docs.get('examples/inferenceservice.yaml')![0], 'spec.predictor.deploymentStrategy'), undefined);
  assert.ok(serverless.plan.warnings.some((w) => w.includes("Knative's")), serverless.plan.warnings.join('\n'));
  assert.ok(serverless.files.get('INSTALL.md')!.includes('Rollouts in Knative mode'));
});

test('rollout: a default-rollout patch of inferenceservice-config on Standard >= 0.16 (no chart value), carrying the mode', () => {
  const raw = loadShippedPreset('raw-kong');
  const g = generate({ ...raw, kserve: { version: '0.16.0' } });
  const patch = g.docs.get('patches/inferenceservice-config-deploy.yaml')![0];
  // raw-kong rolls out with maxSurge 1, maxUnavailable 0: the count 1 has no place in the cluster
  // default (percentages only), 0 is 0%.
  assert.equal(JSON.parse(String(get(patch, 'data.deploy'))), {
    defaultDeploymentMode: 'Standard',
    deploymentRolloutStrategy: { defaultRollout: { maxUnavailable: '0%' } },
  });
  assert.ok(g.plan.warnings.some((w) => w.includes('deployment.strategy.maxSurge "1" is a count')), g.plan.warnings.join('\n'));
  assert.ok(g.files.get('INSTALL.md')!.includes('--patch-file patches/inferenceservice-config-deploy.yaml'));
  assert.not.ok(generate({ ...raw, kserve: { version: '0.15.2' } }).files.has('patches/inferenceservice-config-deploy.yaml'));
});

test('rollout: every value of the cluster-wide default is a percentage, the only string Kubernetes takes for maxSurge/maxUnavailable', () => {
  // KServe (v0.16.0-v0.20.0 applyRolloutStrategyFromConfigmap) copies them into the Deployment as
  // IntOrString strings; apps/v1 validation (ValidatePositiveIntOrPercent) refuses a string that is not a percentage.
  for (const version of ['0.16.0', '0.17.1', '0.20.0']) {
    for (const strategy of [{ maxSurge: '1', maxUnavailable: '0' }, { maxSurge: '2', maxUnavailable: '1' }, { maxSurge: '50%', maxUnavailable: '0' }]) {
      const g = generate({ kserve: { version }, deploymentMode: 'Standard', deployment: { strategy } });
      const patch = g.docs.get('patches/inferenceservice-config-deploy.yaml')?.[0];
      const rollout = patch ? (JSON.parse(String(get(patch, 'data.deploy'))) as { deploymentRolloutStrategy: { defaultRollout: Record<string, string> } }).deploymentRolloutStrategy.defaultRollout : {};
      for (const [key, value] of Object.entries(rollout)) assert.match(value, /^[0-9]+%$/, `${version} ${JSON.stringify(strategy)}: ${key}`);
      // The counts still reach each InferenceService, as integers.
      const example = g.docs.get('examples/inferenceservice.yaml')![0];
      assert.equal(get(example, 'spec.predictor.deploymentStrategy.rollingUpdate.maxSurge'), /%$/.test(strategy.maxSurge) ? strategy.maxSurge : Number(strategy.maxSurge));
    }
  }
});

test('progress deadline: a string in KnativeServing config.deployment, valid against the CRD', () => {
  const g = generate({ kserve: { version: '0.15.2' }, deployment: { progressDeadline: '900s' } });
  const cr = g.docs.get('manifests/02-knativeserving-knative-serving.yaml')![0] as Record<string, unknown>;
  assert.is(get(cr, 'spec.config.deployment.progress-deadline'), '900s');
  assert.equal(validateObject(cr, { kserveVersion: '0.15.2', istioVersion: '1.23.2' }), []);
  assert.ok(g.files.get('INSTALL.md')!.includes('progress-deadline` (900s'));
  // Outside Knative mode it is not silently dropped: KServe fixes the deadline at 600 s there.
  for (const deploymentMode of ['RawDeployment', 'ModelMesh']) {
    const other = generate({ kserve: { version: '0.14.1' }, deploymentMode, deployment: { progressDeadline: '900s' } });
    assert.ok(other.plan.warnings.some((w) => w.startsWith('deployment.progressDeadline is not used') && w.includes('600 s')), other.plan.warnings.join('\n'));
  }
});

test.run();
