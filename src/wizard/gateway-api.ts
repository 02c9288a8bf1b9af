/**
 * The wizard's ingress questions: the provider (Istio, Kong, Envoy Gateway or a GatewayClass the
 * cluster has), Istio's Gateway API switch, and the Gateway KServe's HTTPRoutes attach to. Only what
 * the chosen version and mode can use is offered; every typed value is checked with the preset schema.
 */
import { GATEWAY_API_PROVIDERS, LLM_TESTED, type GatewayApiProvider, type Mode, type Release } from '../catalog/index.js';
import { llmOf, type LlmPreset } from '../preset/llm.js';
import type { Preset } from '../preset/schema.js';
import { checkField, validatePreset } from '../preset/validate.js';
import type { Ask, Choice, Validate } from './ask.js';

type Provider = Preset['ingress']['provider'];

const field = (path: string): Validate => (value) => checkField(path, value);

/** Asks the provider and, where InferenceServices route through the Gateway API, its Gateway. */
export async function askIngress(ask: Ask, p: Preset, r: Release, mode: Mode, current: Provider): Promise<void> {
  p.ingress.provider = await askProvider(ask, r, mode, current, llmOf(p));
  const provider = p.ingress.provider;
  const llm = llmOf(p).enabled;
  if (provider === 'istio' && llm) {
    // LLM routes are HTTPRoutes: Istio's Gateway API implementation, with its inference extension.
    p.ingress.gatewayApi = true;
  } else if (provider === 'istio') {
    p.ingress.gatewayApi =
      mode === 'standard' && r.features.gatewayApi
        ? await ask.confirm({
            id: 'ingress.gatewayApi',
            description: 'Yes: a Gateway in manifests/ (class istio, which istiod creates and serves) and enableGatewayApi in the KServe values; no: an IngressClass and Ingress objects',
            message: "Route through Istio's Gateway API implementation (HTTPRoutes on one Gateway) instead of Ingress objects of class istio?",
            default: p.ingress.gatewayApi,
          })
        : false;
  }
  const gatewayApi = llm || provider === 'envoy' || provider === 'gatewayclass' || (provider === 'kong' && r.features.gatewayApi) || (provider === 'istio' && p.ingress.gatewayApi);
  // Answers this configuration cannot use are dropped (a leftover would only raise a warning).
  const defaults = validatePreset({ kserve: { version: p.kserve.version } }).ingress;
  if (gatewayApi) await askGateway(ask, p, provider);
  else p.ingress.gateway = defaults.gateway;
  if (provider === 'kong') mirrorKong(p);
  else p.ingress.kong = defaults.kong;
}

/** With ingress.urlScheme https, the Secret an HTTPS listener on the Gateway serves (asked after the scheme). */
export async function askGatewayTls(ask: Ask, p: Preset, r: Release, mode: Mode): Promise<void> {
  const { provider, gatewayApi } = p.ingress;
  const usesGateway = llmOf(p).enabled || (mode === 'standard' && r.features.gatewayApi && (provider !== 'istio' || gatewayApi));
  if (!usesGateway || p.ingress.urlScheme !== 'https') {
    p.ingress.gateway.tlsSecretName = '';
    return;
  }
  p.ingress.gateway.tlsSecretName = await ask.input({
    id: 'ingress.gateway.tlsSecretName',
    description: "The Gateway's HTTPS listener serves this Secret's certificate; INSTALL.md says how to create it",
    message: 'TLS Secret (kubernetes.io/tls, in the Gateway\'s namespace) for an HTTPS listener on 443 (empty: TLS ends in front of the Gateway)',
    default: p.ingress.gateway.tlsSecretName,
    validate: field('ingress.gateway.tlsSecretName'),
  });
}

/** How the wizard names each provider, in its choices and its review. */
export const PROVIDER_NAMES: Record<Provider, string> = {
  istio: 'Istio',
  kong: 'Kong',
  envoy: 'Envoy Gateway',
  gatewayclass: 'A GatewayClass this cluster already has',
};

async function askProvider(ask: Ask, r: Release, mode: Mode, current: Provider, llm: LlmPreset): Promise<Provider> {
  const standard = r.modeNames.standard;
  const istio: Choice<Provider> = {
    name: PROVIDER_NAMES.istio,
    value: 'istio',
    description:
      mode === 'knative'
        ? 'Knative routes through Istio gateways; KServe, Knative and the Gateway objects get the same names'
        : mode === 'standard'
          ? `Kubernetes Ingress objects of class istio${r.features.gatewayApi ? ", or Istio's Gateway API implementation (asked next)" : ''}; installs Istio`
          : 'ModelMesh serves inside the cluster: no ingress objects are written',
  };
  const kong: Choice<Provider> = { name: PROVIDER_NAMES.kong, value: 'kong' };
  const envoy: Choice<Provider> = {
    name: PROVIDER_NAMES.envoy,
    value: 'envoy',
    description: `KServe's own Gateway API provider (Envoy Gateway ${r.tested.envoyGateway}): a GatewayClass, a Gateway and HTTPRoutes; installs its chart`,
  };
  const gatewayclass: Choice<Provider> = {
    name: PROVIDER_NAMES.gatewayclass,
    value: 'gatewayclass',
    description: 'Your platform provides the Gateway API implementation (e.g. GKE): a Gateway of that class and HTTPRoutes; nothing is installed',
  };
  const gatewayOnly = [envoy, gatewayclass];
  if (mode === 'knative') {
    kong.disabled = `needs ${standard} mode: ${r.modeNames.knative} mode routes through Istio`;
    for (const c of gatewayOnly) c.disabled = `needs ${standard} mode (the Gateway API): ${r.modeNames.knative} mode routes through Istio`;
  } else if (mode === 'modelmesh') {
    kong.disabled = 'ModelMesh mode has no ingress for Kong to serve';
    for (const c of gatewayOnly) c.disabled = 'ModelMesh mode has no ingress';
  } else if (r.features.gatewayApi) {
    kong.description = 'Kong through the Gateway API: a GatewayClass, a Gateway and HTTPRoutes; installs the Kong chart';
  } else {
    kong.description = `No Gateway API before KServe 0.15: KServe ${r.version} creates Ingress objects of class kong, served by Kong`;
    for (const c of gatewayOnly) c.disabled = `needs the Gateway API, which KServe has from 0.15.0-rc0 (this is ${r.version})`;
  }
  if (llm.enabled) limitToLlmProviders(r, mode, llm.predictive, { istio, kong, envoy, gatewayclass });
  const choices = [istio, kong, envoy, gatewayclass];
  const available = (v: Provider) => choices.some((c) => c.value === v && !c.disabled);
  return ask.select<Provider>({
    id: 'ingress.provider',
    description: 'Which objects route traffic to InferenceServices, and which charts INSTALL.md installs for them',
    message: 'Ingress',
    default: available(current) ? current : 'istio',
    choices,
  });
}

/**
 * The LLM stack's routes need a Gateway that takes InferencePool backends: Envoy Gateway with Envoy AI
 * Gateway, or Istio (contract-v2.md §2; resolve/llm.ts refuses the rest with the same reasons).
 */
function limitToLlmProviders(r: Release, mode: Mode, predictive: boolean, c: Record<'istio' | 'kong' | 'envoy' | 'gatewayclass', Choice<Provider>>): void {
  c.kong.disabled = 'no InferencePool support for LLM routes';
  c.gatewayclass.disabled = "LLM routes need InferencePool support, which this tool cannot know of a cluster's class";
  c.istio.disabled = false;
  c.istio.description = predictive && mode === 'knative'
    ? "Knative routes InferenceServices through Istio's gateways; LLM routes go through Istio's Gateway API implementation"
    : "Istio's Gateway API implementation with its inference extension, for every route; installs Istio";
  if (predictive && mode === 'knative') {
    c.envoy.disabled = `${r.modeNames.knative} mode routes InferenceServices through Istio: a second provider for LLM routes is not supported`;
  } else {
    c.envoy.disabled = false;
    c.envoy.description = `Envoy Gateway ${LLM_TESTED[r.minor]!.envoyGateway} with Envoy AI Gateway ${LLM_TESTED[r.minor]!.aiGateway}, its InferencePool extension: a GatewayClass, a Gateway and HTTPRoutes`;
  }
}

async function askGateway(ask: Ask, p: Preset, provider: GatewayApiProvider): Promise<void> {
  const g = p.ingress.gateway;
  g.name = await ask.input({
    id: 'ingress.gateway.name',
    description: "KServe's HTTPRoutes attach to it: kserveGateway in the KServe values, and the Gateway in manifests/",
    message: 'Gateway API Gateway KServe attaches its HTTPRoutes to (<namespace>/<name>)',
    default: g.name,
    prefill: true,
    validate: field('ingress.gateway.name'),
  });
  const byProvider = GATEWAY_API_PROVIDERS[provider].className;
  // A class left at another provider's name (or empty) starts again from this provider's.
  const others = Object.values(GATEWAY_API_PROVIDERS).map((f) => f.className);
  const start = g.className === '' || (others.includes(g.className) && g.className !== byProvider) ? byProvider : g.className;
  const className = await ask.input({
    id: 'ingress.gateway.className',
    description: provider === 'gatewayclass' ? 'The Gateway in manifests/ uses it; nothing is installed for it' : provider === 'istio' ? 'The Gateway uses it; istiod creates "istio", another name is written to manifests/' : `manifests/ creates this GatewayClass for ${provider === 'kong' ? "Kong's" : "Envoy Gateway's"} controller; the Gateway uses it`,
    message:
      provider === 'gatewayclass'
        ? 'GatewayClass your cluster already has (kubectl get gatewayclass)'
        : `GatewayClass of that Gateway (handled by ${provider === 'envoy' ? 'Envoy Gateway' : provider === 'kong' ? 'Kong' : 'istiod'})`,
    default: start,
    validate: (v) => (v === '' ? 'is empty — name the GatewayClass' : checkField('ingress.gateway.className', v)),
  });
  // The provider's own name is what the preset leaves empty.
  g.className = className === byProvider ? '' : className;
  g.listenerName = await ask.input({
    id: 'ingress.gateway.listenerName',
    description: "The Gateway's HTTP listener in manifests/",
    message: "Name of the Gateway's HTTP listener",
    default: g.listenerName,
    validate: field('ingress.gateway.listenerName'),
  });
  const port = await ask.input({
    id: 'ingress.gateway.listenerPort',
    description: provider === 'kong' ? "The Gateway's listener and Kong's proxy Service (helm/kong.values.yaml) get this port" : "The Gateway's listener, and the port of the Service its proxy gets",
    message: `Port of the Gateway's HTTP listener${provider === 'kong' ? ' (a Kong proxy port)' : ''}`,
    default: String(g.listenerPort),
    validate: (v) => (/^[0-9]+$/.test(v) ? checkField('ingress.gateway.listenerPort', Number(v)) : 'is not a number — write a port such as 80'),
  });
  g.listenerPort = Number(port);
}

/** ingress.kong.* are v1's spellings of the Gateway's keys: kept equal, so the preset never contradicts itself. */
function mirrorKong(p: Preset): void {
  const g = p.ingress.gateway;
  const k = p.ingress.kong;
  k.gateway = g.name;
  k.gatewayClassName = g.className || GATEWAY_API_PROVIDERS.kong.className;
  k.listenerName = g.listenerName;
  k.listenerPort = g.listenerPort;
}
