/**
 * Issue: air-gapped installs. Every image the output references comes from the mirror, images.txt
 * lists exactly those images, Knative skips tag resolution for the mirror, digests pin images.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KSERVE_IMAGE_KEYS_NOT_PULLED, KSERVE_IMAGE_SLOTS, KSERVE_PULL_SECRET_ONLY, KSERVE_TAG } from '../src/catalog/images.js';
import { HF_MULTINODE } from '../src/catalog/hardcoded-images.js';
import { NET_ISTIO_OF_OPERATOR, TESTED, satisfies } from '../src/catalog/index.js';
import { UserError } from '../src/errors.js';
import { leafPaths } from '../src/render/validate.js';
import { SAVED_TAGS, generate, loadShippedPreset, referenceValues, type Generated } from './support/generate.js';
import { validateObject, validationContext } from './support/manifests.js';

const MIRROR = 'registry.example.internal:5000';
const OFFLINE = loadShippedPreset('offline-serverless');
const at = (version: string, extra: Record<string, unknown> = {}) => ({ ...structuredClone(OFFLINE), ...extra, kserve: { version } });
const get = (o: unknown, p: string) => p.split('.').reduce<unknown>((n, k) => (n as Record<string, unknown>)?.[k], o);

const CHART_DIRS = { main: 'kserve-resources', runtimeConfigs: 'kserve-runtime-configs' } as const;
const IMAGE_KEY = /(^|\.)(image|[a-zA-Z]+Image)$/;

test('image catalog = every image key of every real chart values.yaml, with the same defaults', () => {
  for (const tag of SAVED_TAGS) {
    for (const [chart, dir] of Object.entries(CHART_DIRS) as [keyof typeof CHART_DIRS, string][]) {
      let values: unknown;
      try {
        values = referenceValues(tag, dir);
      } catch {
        continue; // chart absent in this release
      }
      const slots = KSERVE_IMAGE_SLOTS.filter((s) => s.chart === chart && satisfies(tag, s.range));
      const covered = new Set(slots.flatMap((s) => [s.imageKey, s.tagKey ?? '']));
      for (const key of leafPaths(values).filter((k) => IMAGE_KEY.test(k) && !k.includes('securityContext'))) {
        assert.ok(covered.has(key) || key in KSERVE_IMAGE_KEYS_NOT_PULLED[chart], `${dir}@${tag}: image key ${key} is not in the image catalog`);
      }
      for (const slot of slots) {
        const def = slot.defaults.find((d) => satisfies(tag, d.range))!;
        const image = get(values, slot.imageKey);
        if (slot.tagKey) {
          assert.is(image, def.image, `${dir}@${tag}: ${slot.imageKey}`);
          const chartTag = get(values, slot.tagKey);
          // The chart's own version tag is either the anchored "v<version>" (<= 0.16) or "" (= kserve.version).
          const expected = def.tag === KSERVE_TAG ? [`v${tag}`, ''] : [def.tag];
          assert.ok(expected.includes(chartTag as string), `${dir}@${tag}: ${slot.tagKey} is ${String(chartTag)}, catalog says ${def.tag}`);
        } else {
          assert.is(image, `${def.image}:${def.tag}`, `${dir}@${tag}: ${slot.imageKey}`);
        }
      }
      // Every pull-secret list the chart offers is one the catalog fills.
      const secretKeys = new Set(slots.filter((s) => s.pullSecrets && satisfies(tag, s.pullSecrets.range)).map((s) => s.pullSecrets!.key));
      for (const only of KSERVE_PULL_SECRET_ONLY) if (only.chart === chart && satisfies(tag, only.range)) secretKeys.add(only.key);
      for (const key of leafPaths(values).filter((k) => k.endsWith('.imagePullSecrets'))) {
        assert.ok(secretKeys.has(key) || key in KSERVE_IMAGE_KEYS_NOT_PULLED[chart], `${dir}@${tag}: ${key} is not filled with offline.imagePullSecrets`);
      }
    }
  }
});

/** Every image reference in the output (values image/tag pairs joined), with where it was found. */
function imageRefs(g: Generated): { ref: string; where: string }[] {
  const out: { ref: string; where: string }[] = [];
  for (const [path, docs] of g.docs) {
    if (path === 'kserve-config.yaml') continue;
    docs.forEach((doc) => walk(doc, path, out));
  }
  return out;
}

function walk(node: unknown, where: string, out: { ref: string; where: string }[]): void {
  if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${where}[${i}]`, out));
  if (node === null || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  for (const [k, v] of Object.entries(obj)) {
    const at = `${where}.${k}`;
    if (typeof v === 'string') {
      // Tags sit beside their image as tag, defaultVersion, <x>ImageTag (ModelMesh) or <x>Tag (localmodel.defaultJobTag).
      const imageTag = /Image$/.test(k) ? [`${k}Tag`, k.replace(/Image$/, 'Tag')].find((t) => t in obj) : undefined;
      const tagKey = k === 'image' ? ('tag' in obj ? 'tag' : 'defaultVersion' in obj ? 'defaultVersion' : null) : k === 'repository' ? 'tag' : imageTag ?? null;
      if (tagKey) out.push({ ref: `${v}:${String(obj[tagKey])}`, where: at });
      else if (/(^|\.|-)image$|Image$|^(default|override\..*)$/.test(k) || /^[a-z0-9.-]+(:[0-9]+)?\/[a-z0-9._/-]+:[\w.@:-]+$/.test(v)) {
        if (/\//.test(v) && /:/.test(v)) out.push({ ref: v, where: at });
      }
    } else {
      walk(v, at, out);
    }
  }
}

const PUBLIC = /(^|\/)(docker\.io|gcr\.io|quay\.io|nvcr\.io|ghcr\.io|registry\.k8s\.io)\//;

for (const version of ['0.11.2', '0.15.2', '0.17.1', '0.19.0', '0.20.0']) {
  const gatewayApi = satisfies(version, '>=0.15.0-rc0');
  for (const [name, extra] of [
    ['serverless', {}],
    ['raw-istio', { deploymentMode: 'RawDeployment' }],
    ['knative-manifests', { knative: { install: 'manifests' } }],
    ['raw-kong', { deploymentMode: 'RawDeployment', ingress: { provider: 'kong' } }],
    // Envoy Gateway's controller, ratelimit and Envoy proxy images (through the chart from v1.8, an EnvoyProxy before).
    ...(gatewayApi ? [['raw-envoy', { deploymentMode: 'Standard', ingress: { provider: 'envoy' } }] as const] : []),
    ...(gatewayApi ? [['raw-istio-gateway-api', { deploymentMode: 'Standard', ingress: { provider: 'istio', gatewayApi: true } }] as const] : []),
  ] as const) {
    test(`offline ${name} on ${version}: no public registry anywhere, images.txt lists exactly the referenced images`, () => {
      const g = generate(at(version, extra));
      const refs = imageRefs(g);
      assert.ok(refs.length >= 10, `found ${refs.length} image references`);
      for (const r of refs) {
        assert.ok(r.ref.startsWith(`${MIRROR}/`), `${r.where} = ${r.ref} is not from the mirror`);
        assert.not.ok(PUBLIC.test(r.ref), r.ref);
      }
      // Strings anywhere in the YAML output must not name a public registry either.
      for (const [path, content] of g.files) {
        if (path.endsWith('.yaml') && path !== 'kserve-config.yaml') {
          for (const line of content.split('\n').filter((l) => !l.trimStart().startsWith('#'))) {
            assert.not.ok(PUBLIC.test(line), `${path}: ${line}`);
          }
        }
      }
      const listed = g.files.get('images.txt')!.trimEnd().split('\n').map((l) => l.split(' ') as [string, string]);
      const mirrors = new Set(listed.map(([, m]) => m));
      // The output pins "tag@digest"; images.txt stores that image under its tag.
      const referenced = new Set(refs.filter((r) => !r.ref.includes('${NAME}')).map((r) => r.ref.replace(/@sha256:[a-f0-9]{64}$/, '')));
      const install = g.files.get('INSTALL.md')!;
      for (const m of mirrors) {
        // Istio's and cert-manager's images are set through --set flags in INSTALL.md, not YAML:
        // cert-manager's by repository, Istio's through istiod's global.hub.
        const viaFlags = install.includes(m.replace(/:[^:/]+$/, '')) || (m.startsWith(`${MIRROR}/istio/`) && install.includes(`global.hub=${MIRROR}/istio `));
        // The multi-node Hugging Face runtime's image is huggingfaceserver's with "-gpu" appended by the chart.
        const derived = m.endsWith(HF_MULTINODE.suffix) && referenced.has(m.slice(0, -HF_MULTINODE.suffix.length));
        assert.ok(referenced.has(m) || viaFlags || derived, `images.txt lists ${m}, which nothing references`);
      }
      for (const r of referenced) assert.ok(mirrors.has(r), `${r} is referenced but not in images.txt`);
      for (const [source, mirror] of listed) {
        assert.ok(PUBLIC.test(source), `source ${source} should be a public reference`);
        assert.is(mirror.replace(`${MIRROR}/`, '').replace(/[:@].*$/, ''), source.replace(/^[^/]+\//, '').replace(/^library\//, '').replace(/[:@].*$/, ''), 'same repository path');
      }
      for (const file of g.plan.files.filter((f) => f.kind === 'manifest')) {
        assert.equal(validateObject(g.docs.get(file.path)![0] as Record<string, unknown>, validationContext(g.plan)), [], file.path);
      }
    });
  }
}

test('Knative tag resolution: one string with the defaults, the mirror host and the extras, deduplicated in order', () => {
  const g = generate(at('0.15.2', { offline: { ...(OFFLINE.offline as object), skipTagResolving: ['nvcr.io', 'ko.local', 'nvcr.io', 'index.docker.io'] } }));
  const cr = g.docs.get('manifests/02-knativeserving-knative-serving.yaml')![0] as { spec: { config: { deployment: Record<string, unknown> } } };
  assert.is(cr.spec.config.deployment['registries-skipping-tag-resolving'], `kind.local,ko.local,dev.local,${MIRROR},nvcr.io,index.docker.io`);
  assert.is(cr.spec.config.deployment['queue-sidecar-image'], `${MIRROR}/knative-releases/knative.dev/serving/cmd/queue:v1.15.2`);
});

test('digests: the pinned image is referenced as tag@digest and copied by digest', () => {
  const digest = (OFFLINE.offline as { imageDigests: Record<string, string> }).imageDigests['kserve/kserve-controller']!;
  const g = generate(at('0.15.2'));
  const values = g.docs.get('helm/kserve.values.yaml')![0];
  assert.is(get(values, 'kserve.controller.tag'), `v0.15.2@${digest}`);
  assert.ok(g.files.get('images.txt')!.includes(`docker.io/kserve/kserve-controller@${digest} ${MIRROR}/kserve/kserve-controller:v0.15.2\n`));
  // Also on 0.17+ (tag defaults to kserve.version) and for a full-reference slot.
  const g17 = generate(at('0.17.1', { offline: { enabled: true, registry: MIRROR, imageDigests: { 'quay.io/brancz/kube-rbac-proxy': digest, 'docker.io/seldonio/mlserver': digest } } }));
  assert.is(get(g17.docs.get('helm/kserve-resources.values.yaml')![0], 'kserve.controller.rbacProxyImage'), `${MIRROR}/brancz/kube-rbac-proxy:v0.18.0@${digest}`);
  assert.is(get(g17.docs.get('helm/kserve-runtime-configs.values.yaml')![0], 'kserve.servingruntime.mlserver.tag'), `1.5.0@${digest}`);
});

test('digests for images the install does not pull: a typo beside a pulled image is refused, others are not used and reported', () => {
  const digest = (OFFLINE.offline as { imageDigests: Record<string, string> }).imageDigests['kserve/kserve-controller']!;
  const offline = (imageDigests: Record<string, string>) => at('0.15.2', { offline: { enabled: true, registry: MIRROR, imageDigests } });
  for (const [key, guess] of [
    ['kserve/kserve-controler', 'kserve/kserve-controller'],
    ['docker.io/kserve/kserve-controler', 'docker.io/kserve/kserve-controller'],
    ['gcr.io/knative-releases/knative.dev/serving/cmd/activatr', 'gcr.io/knative-releases/knative.dev/serving/cmd/activator'],
  ] as const) {
    try {
      generate(offline({ [key]: digest }));
      assert.unreachable(`${key} was accepted`);
    } catch (err) {
      assert.instance(err, UserError, key);
      assert.is((err as UserError).where, `offline.imageDigests.${key}`);
      assert.ok((err as UserError).fix.startsWith(`did you mean "${guess}"?`), (err as UserError).fix);
    }
  }
  // A team's digest list: 500 images elsewhere and one unrelated name beside KServe's images.
  const many: Record<string, string> = { 'kserve/my-custom-runtime': digest };
  for (let i = 0; i < 500; i++) many[`registry.example.internal/team-${i}/model-server`] = digest;
  const plain = generate(offline({}));
  const extra = generate(offline(many));
  assert.equal(
    extra.plan.warnings.filter((w) => w.startsWith('offline.imageDigests')),
    ['offline.imageDigests: 501 entries name images this install does not pull (e.g. "kserve/my-custom-runtime"), so they are not used; images.txt lists every image it pulls'],
  );
  assert.equal([...extra.files.keys()], [...plain.files.keys()]);
  for (const [p, content] of plain.files) {
    // kserve-config.yaml lists the extra digests, and the checksums file lists kserve-config.yaml.
    if (p !== 'kserve-config.yaml' && p !== '.create-kserve-config.sha256') assert.is(extra.files.get(p), content, `${p} changed`);
  }
  // Docker Hub library images answer to every way of writing them, and the suggestion for a typo is
  // always a key that works.
  const kongAt = (imageDigests: Record<string, string>) => ({ ...offline(imageDigests), deploymentMode: 'RawDeployment', ingress: { provider: 'kong' } });
  for (const key of ['kong', 'library/kong', 'docker.io/kong', 'docker.io/library/kong']) {
    const g = generate(kongAt({ [key]: digest }));
    assert.ok(g.files.get('images.txt')!.includes(`docker.io/library/kong@${digest} `), key);
    assert.equal(g.plan.warnings.filter((w) => w.startsWith('offline.imageDigests')), [], key);
  }
  try {
    generate(kongAt({ 'library/kongg': digest }));
    assert.unreachable('library/kongg was accepted');
  } catch (err) {
    assert.ok((err as UserError).fix.startsWith('did you mean "library/kong"?'), (err as UserError).fix);
  }
  const one = generate(offline({ 'kserve/no-such-image': digest }));
  assert.ok(one.plan.warnings.includes('offline.imageDigests: "kserve/no-such-image" names no image this install pulls, so it is not used; images.txt lists every image it pulls'));
});

test('pull secrets go wherever the chart or CR takes them', () => {
  const g = generate(at('0.15.2'));
  const values = g.docs.get('helm/kserve.values.yaml')![0];
  assert.equal(get(values, 'kserve.controller.imagePullSecrets'), [{ name: 'mirror-pull' }]);
  assert.equal(get(values, 'kserve.servingruntime.sklearnserver.imagePullSecrets'), [{ name: 'mirror-pull' }]);
  const cr = g.docs.get('manifests/02-knativeserving-knative-serving.yaml')![0];
  assert.equal(get(cr, 'spec.registry.imagePullSecrets'), [{ name: 'mirror-pull' }]);
  // 0.13 has no pull-secret values: INSTALL.md says how to attach the secret instead.
  const old = generate(at('0.13.1'));
  assert.is(get(old.docs.get('helm/kserve.values.yaml')![0], 'kserve.controller.imagePullSecrets'), undefined);
  assert.ok(old.files.get('INSTALL.md')!.includes('kubectl patch serviceaccount kserve-controller-manager'));
});

test('Knative from release YAML: config-deployment patch, `kubectl set image` lines, no KnativeServing', () => {
  const g = generate(at('0.15.2', { knative: { install: 'manifests' } }));
  const paths = [...g.files.keys()];
  assert.not.ok(paths.some((p) => p.includes('knativeserving')));
  const patch = g.docs.get(paths.find((p) => p.endsWith('configmap-config-deployment.yaml'))!)![0];
  assert.ok(String(get(patch, 'data.registries-skipping-tag-resolving')).includes(MIRROR));
  const install = g.files.get('INSTALL.md')!;
  assert.ok(install.includes(`kubectl set image deployment/activator -n knative-serving activator=${MIRROR}/`));
  assert.ok(install.includes(`kubectl set image deployment/net-istio-controller -n knative-serving controller=${MIRROR}/`));
});

test('RawDeployment offline: no Knative settings, and INSTALL.md says tag resolution does not apply', () => {
  const g = generate(at('0.16.0', { deploymentMode: 'Standard', offline: { ...(OFFLINE.offline as object), skipTagResolving: ['nvcr.io'] } }));
  assert.not.ok([...g.files.values()].some((c) => c.includes('registries-skipping-tag-resolving: ')));
  assert.ok(g.files.get('INSTALL.md')!.includes('tag resolution (`registries-skipping-tag-resolving`) does not apply'));
  assert.ok(g.plan.warnings.some((w) => w.includes('skipTagResolving')), g.plan.warnings.join('\n'));
});

test('offline needs a registry; INSTALL.md starts with the mirror step and installs charts from charts/', () => {
  try {
    generate({ kserve: { version: '0.15.2' }, offline: { enabled: true } });
    assert.unreachable();
  } catch (err) {
    assert.is((err as UserError).where, 'offline.registry');
  }
  const install = generate(at('0.20.0')).files.get('INSTALL.md')!;
  assert.ok(install.indexOf('Mirror images and charts') < install.indexOf('. cert-manager'));
  assert.ok(install.includes('helm pull oci://ghcr.io/kserve/charts/kserve-resources --version v0.20.0 -d charts/'));
  assert.ok(install.includes('helm install kserve-resources charts/kserve-resources-v0.20.0.tgz -n kserve'));
  assert.ok(install.includes('skopeo copy'));
  assert.not.ok(install.includes('helm repo add'), 'no network repositories offline');
});

test('net-istio images are the release the Knative Operator deploys for that Serving line, not its .0', () => {
  // operator knative-v1.15.7 cmd/operator/kodata/ingress/1.15/istio/net-istio.yaml is net-istio 1.15.1, pinned by digest.
  const expected: Record<string, string> = { '0.11.2': 'v1.10.1', '0.14.1': 'v1.13.1', '0.15.2': 'v1.15.1', '0.16.0': 'v1.15.1', '0.20.0': 'v1.21.1' };
  for (const [version, tag] of Object.entries(expected)) {
    const g = generate(at(version));
    const lines = g.files.get('images.txt')!.split('\n').filter((l) => l.includes('/net-istio/cmd/'));
    assert.is(lines.length, 2, version);
    for (const line of lines) assert.match(line, `:${tag} `, `${version}: ${line}`);
  }
  // Every operator release the catalog installs has the row.
  for (const [minor, t] of Object.entries(TESTED)) {
    const line = t.knativeServing.split('.').slice(0, 2).join('.');
    assert.ok(NET_ISTIO_OF_OPERATOR[t.knativeOperator]?.[line], `${minor}: operator ${t.knativeOperator} line ${line}`);
  }
});

test.run();
