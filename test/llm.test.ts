/**
 * Issue 24, the LLMInferenceService stack, without a cluster: what the tool refuses and why; the
 * catalog (src/catalog/llm.ts) against the vendored charts and CRDs of every LLM release; the order
 * of INSTALL.md per release; the route the presets make, against the Gateway API CRDs. The charts
 * INSTALL.md installs are rendered with Helm 3 and 4 and their layers compared in helm-render.test.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import yaml from 'js-yaml';
import {
  AI_GATEWAY,
  LLMISVC_CONTROLLER_IMAGE,
  envoyGatewayExtensionValues,
  aiGatewayInferencePool,
  inferenceExtensionCrds,
  llmPresetImages,
  llmisvcChartNames,
  llmisvcObjects,
} from '../src/catalog/llm.js';
import { ENVOY_GATEWAY_IMAGES } from '../src/catalog/images.js';
import { LLM_TESTED, featuresOf } from '../src/catalog/index.js';
import { UserError } from '../src/errors.js';
import { validateAgainstCrd } from './support/crd.js';
import { REFERENCE_DIR, generate } from './support/generate.js';
import { helmTemplate } from './support/helm.js';
import { presetRoute } from './support/llm-layers.js';
import { gatewayApiCrd } from './support/manifests.js';

type Doc = Record<string, any>;
const CHARTS = path.join(REFERENCE_DIR, 'charts');
const LLM_RELEASES = ['0.16.0', '0.17.1', '0.18.1', '0.19.0', '0.20.0'];
const minorOf = (v: string) => v.split('.').slice(0, 2).join('.');
const docsOf = (text: string) => (yaml.loadAll(text) as Doc[]).filter((d) => d && typeof d === 'object');
const readYaml = (rel: string) => docsOf(readFileSync(path.join(REFERENCE_DIR, rel), 'utf8'));

/** The llmisvc resources chart of a release, rendered once (values as `sets`). */
const renders = new Map<string, Doc[]>();
function render(version: string, chart: 'llmisvc' | 'runtime-configs' | 'kserve', sets: string[] = []): Doc[] {
  const key = `${version} ${chart} ${sets.join(' ')}`;
  if (!renders.has(key)) {
    const f = featuresOf(version);
    const dir = chart === 'llmisvc' ? llmisvcChartNames(f.llmisvcSplitCharts).resources : chart === 'kserve' ? 'kserve-resources' : 'kserve-runtime-configs';
    renders.set(key, docsOf(helmTemplate(['x', path.join(CHARTS, 'kserve', `v${version}`, dir), '-n', 'kserve', ...sets.flatMap((s) => ['--set', s])])));
  }
  return renders.get(key)!;
}

const presets = (version: string) =>
  featuresOf(version).llmisvcSplitCharts
    ? render(version, 'runtime-configs', ['kserve.llmisvcConfigs.enabled=true'])
    : render(version, 'llmisvc').filter((d) => d.kind === 'LLMInferenceServiceConfig');

function refused(preset: Record<string, unknown>): UserError {
  try {
    generate(preset);
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error(`not refused: ${JSON.stringify(preset)}`);
}

test('refused with the reason: before 0.16, Kong, a foreign GatewayClass, Istio without the Gateway API, two providers in Knative mode, another namespace, 0.16 alone, storage alone', () => {
  const llm = { llm: { enabled: true } };
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{ kserve: { version: '0.15.2' }, ...llm }, 'llm.enabled', /no LLMInferenceService \(it arrived in 0\.16\.0-rc0\)/],
    [{ kserve: { version: '0.20.0' }, deploymentMode: 'Standard', ...llm, ingress: { provider: 'kong' } }, 'ingress.provider', /no InferencePool backends/],
    [{ kserve: { version: '0.20.0' }, deploymentMode: 'Standard', ...llm, ingress: { provider: 'gatewayclass', gateway: { className: 'gke' } } }, 'ingress.provider', /InferencePool/],
    [{ kserve: { version: '0.20.0' }, deploymentMode: 'Standard', ...llm, ingress: { provider: 'istio' } }, 'ingress.gatewayApi', /Gateway API HTTPRoutes/],
    [{ kserve: { version: '0.20.0' }, ...llm, ingress: { provider: 'envoy' } }, 'ingress.provider', /two providers/],
    [{ kserve: { version: '0.20.0', namespace: 'models' }, deploymentMode: 'Standard', ...llm, ingress: { provider: 'envoy' } }, 'kserve.namespace', /hard-codes namespace kserve/],
    [{ kserve: { version: '0.16.0' }, llm: { enabled: true, predictive: false }, ingress: { provider: 'envoy' } }, 'llm.predictive', /kserve#4836/],
    [{ kserve: { version: '0.20.0' }, llm: { enabled: true, predictive: false }, ingress: { provider: 'envoy' }, storage: { storageConfig: { enabled: true } } }, 'storage.storageConfig.enabled', /predictive/],
  ];
  for (const [preset, where, problem] of cases) {
    const err = refused(preset);
    assert.is(err.where, where, JSON.stringify(preset));
    assert.match(err.problem, problem);
    assert.match(err.line(), /^error: \S+: .+ — .+$/);
  }
  // The LLM stack alone: deploymentMode does not apply, so Envoy Gateway is fine in Knative's default.
  generate({ kserve: { version: '0.20.0' }, llm: { enabled: true, predictive: false }, ingress: { provider: 'envoy' } });
  // A preset without llm reads back without it; llm options without llm.enabled are reported.
  assert.not.match(generate({ kserve: { version: '0.20.0' } }).files.get('kserve-config.yaml')!, /llm/);
  assert.match(generate({ kserve: { version: '0.20.0' }, llm: { multiNode: true } }).plan.warnings.join(), /llm\.predictive and llm\.multiNode are not used/);
});

test('the LLM stack alone ignores deploymentMode: every mode spelling writes the same folder (ModelMesh too, with Istio)', () => {
  for (const provider of [{ provider: 'istio', gatewayApi: true }, { provider: 'envoy' }]) {
    const folders = ['Standard', 'Knative', 'ModelMesh'].map((deploymentMode) => {
      const g = generate({ kserve: { version: '0.20.0' }, deploymentMode, llm: { enabled: true, predictive: false }, ingress: provider });
      return [...g.files].filter(([p]) => p !== 'kserve-config.yaml' && p !== '.create-kserve-config.sha256');
    });
    assert.ok(folders[0]!.some(([p]) => p === 'INSTALL.md'));
    assert.equal(folders[1], folders[0], `${provider.provider}: Knative`);
    assert.equal(folders[2], folders[0], `${provider.provider}: ModelMesh`);
  }
});

test('catalog = vendored charts: preset images and their JSON pointers, controller image and object names, on every LLM release', () => {
  for (const version of LLM_RELEASES) {
    const found = presets(version).flatMap((p) => {
      const out: { preset: string; path: string; image: string }[] = [];
      const walk = (v: unknown, at: string): void => {
        if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}/${i}`));
        else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (k === 'image' && typeof x === 'string' ? out.push({ preset: p.metadata.name, path: `${at}/image`, image: x }) : walk(x, `${at}/${k}`));
      };
      walk(p.spec, '/spec');
      return out;
    });
    const key = (x: { preset: string; path: string; image: string }) => `${x.preset} ${x.path} ${x.image}`;
    assert.equal(llmPresetImages(version).map(key).sort(), found.map(key).sort(), `${version}: every preset image, where it is`);
    assert.ok(presets(version).every((p) => (p.metadata.namespace ?? 'kserve') === 'kserve'), `${version}: presets in kserve`);
    const docs = render(version, 'llmisvc');
    const objects = llmisvcObjects(featuresOf(version).llmisvcSplitCharts);
    const deployment = docs.find((d) => d.kind === 'Deployment')!;
    assert.is(deployment.metadata.name, objects.deployment, version);
    assert.is(deployment.spec.template.spec.containers[0].image, `${LLMISVC_CONTROLLER_IMAGE}:v${version}`, version);
    assert.ok(docs.some((d) => d.kind === 'Service' && d.metadata.name === objects.webhookService), `${version}: webhook Service`);
    assert.ok(docs.some((d) => d.kind === 'Certificate' && d.metadata.name === objects.certificate), `${version}: Certificate`);
  }
});

test('catalog = vendored CRDs: the inference extension set per release, the same as the chart bundles; createGIECRDs false leaves them out', () => {
  for (const version of LLM_RELEASES) {
    const f = featuresOf(version);
    const names = inferenceExtensionCrds(version);
    const file = f.llmisvcSplitCharts
      ? readYaml(`crds/kserve/v${version}/gateway-inference-extension.yaml`)
      : ['inference.networking.x-k8s.io_inferencemodels.yaml', 'inference.networking.x-k8s.io_inferencepools.yaml'].flatMap((n) => readYaml(`crds/gateway-api-inference-extension/v${LLM_TESTED[minorOf(version)]!.inferenceExtension}/${n}`));
    assert.equal(file.map((d) => d.metadata.name).sort(), [...names].sort(), `${version}: the file INSTALL.md applies`);
    const bundled = render(version, 'llmisvc').filter((d) => d.kind === 'CustomResourceDefinition');
    if (!f.llmisvcSplitCharts) {
      assert.is(bundled.length, 0, '0.16 bundles none');
      continue;
    }
    assert.equal(bundled.map((d) => d.metadata.name).sort(), [...names].sort(), `${version}: the chart bundles the same CRDs`);
    for (const crd of bundled) assert.equal(crd.spec, file.find((d) => d.metadata.name === crd.metadata.name)!.spec, `${version}: ${crd.metadata.name} spec`);
    if (f.llmisvcCreateGieCrdsValue) {
      assert.is(render(version, 'llmisvc', ['kserve.llmisvc.createGIECRDs=false']).filter((d) => d.kind === 'CustomResourceDefinition').length, 0, version);
    }
  }
});

test("catalog = Envoy AI Gateway's own files: Envoy Gateway's extension settings, images, controller Service, and Envoy Gateway v1.5.0's images", () => {
  for (const [minor, t] of Object.entries(LLM_TESTED)) {
    const dir = path.join('charts', 'envoy-ai-gateway', `v${t.aiGateway}`);
    const ours = envoyGatewayExtensionValues({
      extensionHost: `${AI_GATEWAY.controller}.${AI_GATEWAY.namespace}.svc.cluster.local`,
      extensionPort: AI_GATEWAY.extensionPort,
      inferencePool: aiGatewayInferencePool(t.aiGateway),
    });
    let theirs: Doc;
    if (t.aiGateway === '0.3.0') {
      const config = yaml.load(readYaml(`${dir}/examples/inference-pool/config.yaml`)[0]!.data['envoy-gateway.yaml']) as Doc;
      theirs = { extensionApis: config.extensionApis, extensionManager: config.extensionManager };
    } else {
      const base = readYaml(`${dir}/manifests/envoy-gateway-values.yaml`)[0]!.config.envoyGateway;
      const addon = readYaml(`${dir}/examples/inference-pool/envoy-gateway-values-addon.yaml`)[0]!.config.envoyGateway;
      theirs = { extensionApis: base.extensionApis, extensionManager: { ...base.extensionManager, ...addon.extensionManager } };
    }
    assert.equal(ours, theirs, `KServe ${minor}: Envoy AI Gateway v${t.aiGateway}`);
    const chart = readYaml(`${dir}/ai-gateway-helm/Chart.yaml`)[0]!;
    const values = readYaml(`${dir}/ai-gateway-helm/values.yaml`)[0]!;
    assert.is(chart.appVersion, `v${t.aiGateway}`, 'image tags default to appVersion');
    assert.is(values.controller.image.repository, AI_GATEWAY.controllerImage);
    assert.is(values.extProc.image.repository, AI_GATEWAY.extProcImage);
    assert.is(values.controller.fullnameOverride, AI_GATEWAY.controller);
    assert.ok(values.controller.service.ports.some((p: Doc) => p.name === 'grpc' && p.port === AI_GATEWAY.extensionPort));
  }
  const eg = readYaml('charts/envoy-gateway/v1.5.0/gateway-helm/values.yaml')[0]!;
  assert.is(eg.global.images.envoyGateway.image, ENVOY_GATEWAY_IMAGES['1.5.0']!.controller);
  assert.is(eg.global.images.ratelimit.image, ENVOY_GATEWAY_IMAGES['1.5.0']!.ratelimit);
});

test("0.16: the kserve chart's LLM webhooks, patched, are the llmisvc chart's", () => {
  const g = generate({ kserve: { version: '0.16.0' }, deploymentMode: 'Standard', llm: { enabled: true }, ingress: { provider: 'envoy' } });
  const patches = g.plan.context.llm!.patches;
  assert.is(patches.length, 2);
  for (const p of patches) {
    const ours = structuredClone(render('0.16.0', 'kserve').find((d) => d.kind === 'ValidatingWebhookConfiguration' && d.metadata.name === p.name)!);
    const theirs = render('0.16.0', 'llmisvc').find((d) => d.kind === 'ValidatingWebhookConfiguration' && d.metadata.name === p.name)!;
    assert.not.equal(ours, theirs, 'they differ before');
    for (const op of p.ops) {
      const keys = op.path.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
      let node = ours;
      for (const k of keys.slice(0, -1)) node = node[k];
      assert.ok(keys[keys.length - 1]! in node, `${op.path} exists (replace would fail otherwise)`);
      node[keys[keys.length - 1]!] = op.value;
    }
    assert.equal(ours, theirs, p.name);
  }
});

test("the route preset's HTTPRoute: valid on the Gateway API CRDs INSTALL.md installs, invalid on older ones where it names its rules", () => {
  for (const version of LLM_RELEASES) {
    const g = generate({ kserve: { version }, deploymentMode: 'Standard', llm: { enabled: true }, ingress: { provider: 'envoy' } });
    const preset = presets(version).find((p) => p.metadata.name === 'kserve-config-llm-router-route')!;
    const example = g.docs.get('examples/llminferenceservice.yaml')![0] as Doc;
    const route = presetRoute(preset, example, 'kserve-test', 'kserve/kserve-ingress-gateway');
    const crdVersion = g.plan.context.gatewayApi!.crdVersion;
    assert.equal(validateAgainstCrd(route, gatewayApiCrd(crdVersion, 'HTTPRoute')), [], `${version} on v${crdVersion}`);
    const older = validateAgainstCrd(route, gatewayApiCrd('1.2.1', 'HTTPRoute'));
    if (featuresOf(version).llmRouteRuleNames) assert.ok(older.some((e) => /rules\[0\]\.name: unknown field/.test(e)), `${version}: ${older.join('; ')}`);
    else assert.equal(older, [], `${version}: no rule names`);
    // The example: the API version the release stores; v1alpha2 is not served by 0.16.
    const crd = `crds/kserve/v${version}/serving.kserve.io_llminferenceservices.yaml.gz`;
    assert.equal(validateAgainstCrd({ ...example, metadata: { name: example.metadata.name, namespace: 'kserve-test' } }, crd), [], `${version} example`);
    if (!featuresOf(version).llmisvcV1alpha2) {
      assert.match(validateAgainstCrd({ ...example, apiVersion: 'serving.kserve.io/v1alpha2', metadata: { name: 'x' } }, crd).join(), /version "v1alpha2" is not defined/);
    }
  }
});

test('INSTALL.md in the order that works for each release, with the waits that matter', () => {
  for (const version of LLM_RELEASES) {
    const f = featuresOf(version);
    const install = generate({ kserve: { version }, deploymentMode: 'Standard', llm: { enabled: true, multiNode: true }, ingress: { provider: 'envoy' } }).files.get('INSTALL.md')!;
    const at = (needle: string | RegExp) => {
      const i = typeof needle === 'string' ? install.indexOf(needle) : install.search(needle);
      assert.ok(i >= 0, `${version}: ${String(needle)}`);
      return i;
    };
    const before = (a: string | RegExp, b: string | RegExp) => assert.ok(at(a) < at(b), `${version}: ${String(a)} before ${String(b)}`);
    const gie = /kubectl apply --server-side -f \S*(gateway-inference-extension|inference-extension)\S*/;
    before('standard-install.yaml', gie);
    before(gie, 'helm install eg ');
    before(gie, /^helm install (kserve-)?llmisvc-resources/m);
    before('lws/releases/download', /^helm install (kserve-)?llmisvc-resources/m);
    before('helm install eg ', 'helm install aieg-crd');
    before('helm install aieg ', 'kubectl apply --server-side -k manifests/');
    before('condition=Programmed gateway/kserve-ingress-gateway', /^helm install (kserve-)?llmisvc-crd/m);
    before('certificate/llmisvc-serving-cert', 'endpoints/llmisvc-webhook-server-service');
    if (f.llmisvcSplitCharts) {
      before('helm install kserve-resources ', 'helm install kserve-llmisvc-resources ');
      before('endpoints/llmisvc-webhook-server-service', 'helm install kserve-runtime-configs ');
      assert.is(install.includes('meta.helm.sh/release-name=kserve-llmisvc-resources'), !f.llmisvcCreateGieCrdsValue, `${version}: adoption only where the chart cannot leave the CRDs alone`);
      if (!f.llmisvcCreateGieCrdsValue) before('kubectl annotate crd', 'helm install kserve-llmisvc-resources ');
    } else {
      before('helm install llmisvc-resources ', /helm install kserve \S+ .*--take-ownership/);
      before('--take-ownership', 'kubectl patch validatingwebhookconfiguration llminferenceservice.serving.kserve.io');
    }
    assert.match(install, `/kserve-test/facebook-opt-125m/v1/completions`);
  }
});

test.run();
