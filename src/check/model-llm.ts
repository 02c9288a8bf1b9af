/**
 * The LLMInferenceService stack as `check`'s inputs show it (model.ts builds the rest): whether it is
 * installed at all, the Gateway its routes attach to, the InferencePool CRDs, istiod's environment and
 * Envoy Gateway's extension settings. Sources: gateway-and-llm-facts.md §1.5, §2.
 */
import { loadUserYaml } from '../yaml-input.js';
import { describeObject, getPath, isObj, stringMap, type KubeObject, type Loaded, type Obj, type ValuesDoc } from './load.js';

export interface LlmView {
  /** Where the input shows the LLM stack: a preset with llm.enabled, llmisvc values, its controller or objects. Empty: none. */
  evidence: string[];
  /** The Gateway LLM routes attach to (ingress.kserveIngressGateway), where the input sets it. */
  gatewayRefs: { value: string; object: string; file: string; key: string }[];
  /** Names of the InferencePool CRDs in the input. */
  inferencePoolCrds: string[];
  /** The LLM stack's KServe version, when a preset says (0.17 and later write both InferencePool groups). */
  version?: string;
  /** istiod's container environment, when its Deployment is in the input. */
  istiod?: { object: string; file: string; env: Record<string, string> };
  /** Envoy Gateway's extensionManager.backendResources: from its chart values or its envoy-gateway-config ConfigMap. */
  envoyGatewayExtensions: { object: string; file: string; key: string; resources: Obj[] }[];
  /** The llmisvc chart's values: does it render the shared resources (kserve.createSharedResources)? */
  llmisvcValues: { object: string; file: string; createSharedResources?: boolean; version?: string }[];
}

const LLM_KINDS = new Set(['LLMInferenceService', 'LLMInferenceServiceConfig']);
const llmisvcChart = (v: ValuesDoc) => /Helm values for the (kserve-)?llmisvc-resources chart/.test(v.header);

export function readLlm(loaded: Loaded): LlmView {
  const evidence: string[] = [];
  let version: string | undefined;
  for (const p of loaded.presets) {
    if (getPath(p.body, 'llm.enabled') === true) {
      evidence.push(`${p.file} llm.enabled`);
      const v = getPath(p.body, 'kserve.version');
      if (typeof v === 'string') version = v.replace(/^v/, '');
    }
  }
  const llmisvcValues: LlmView['llmisvcValues'] = [];
  for (const v of loaded.values.filter(llmisvcChart)) {
    evidence.push(v.file);
    const shared = getPath(v.body, 'kserve.createSharedResources');
    llmisvcValues.push({
      object: 'Helm values (llmisvc chart)',
      file: v.file,
      createSharedResources: typeof shared === 'boolean' ? shared : undefined,
      version: / --version v(\S+)/.exec(v.header)?.[1],
    });
  }
  for (const o of loaded.objects) {
    if (LLM_KINDS.has(o.kind) || (o.kind === 'Deployment' && o.name.endsWith('llmisvc-controller-manager'))) evidence.push(describeObject(o));
  }
  return {
    evidence: [...new Set(evidence)],
    gatewayRefs: gatewayRefs(loaded),
    inferencePoolCrds: loaded.objects.filter((o) => o.kind === 'CustomResourceDefinition' && o.name.startsWith('inferencepools.')).map((o) => o.name),
    version,
    istiod: istiod(loaded.objects),
    envoyGatewayExtensions: envoyGatewayExtensions(loaded),
    llmisvcValues,
  };
}

/** kserveIngressGateway in inferenceservice-config, or kserveGateway in a values file that renders it. */
function gatewayRefs(loaded: Loaded): LlmView['gatewayRefs'] {
  const out: LlmView['gatewayRefs'] = [];
  for (const o of loaded.objects) {
    if (o.kind !== 'ConfigMap' || o.name !== 'inferenceservice-config') continue;
    const text = stringMap(o.body.data).ingress;
    let ingress: unknown;
    try {
      ingress = text === undefined ? undefined : JSON.parse(text);
    } catch {
      continue; // kserve-config-invalid reports it
    }
    const ref = getPath(ingress, 'kserveIngressGateway');
    if (typeof ref === 'string') out.push({ value: ref, object: describeObject(o), file: o.file, key: 'data.ingress.kserveIngressGateway' });
  }
  const key = 'kserve.controller.gateway.ingressGateway.kserveGateway';
  for (const v of loaded.values) {
    const ref = getPath(v.body, key);
    if (typeof ref === 'string') out.push({ value: ref, object: `Helm values ${v.file}`, file: v.file, key });
  }
  return out;
}

function istiod(objects: KubeObject[]): LlmView['istiod'] {
  const d = objects.find((o) => o.kind === 'Deployment' && o.name === 'istiod');
  if (!d) return undefined;
  const containers = getPath(d.body, 'spec.template.spec.containers');
  const env: Record<string, string> = {};
  for (const c of Array.isArray(containers) ? containers : []) {
    for (const e of isObj(c) && Array.isArray(c.env) ? c.env : []) if (isObj(e) && typeof e.name === 'string') env[e.name] = String(e.value ?? '');
  }
  return { object: describeObject(d), file: d.file, env };
}

function envoyGatewayExtensions(loaded: Loaded): LlmView['envoyGatewayExtensions'] {
  const out: LlmView['envoyGatewayExtensions'] = [];
  const key = 'config.envoyGateway.extensionManager.backendResources';
  for (const v of loaded.values) {
    // Envoy Gateway's chart values: the ones with its controllerName.
    if (getPath(v.body, 'config.envoyGateway') === undefined) continue;
    const resources = getPath(v.body, key);
    out.push({ object: `Helm values ${v.file}`, file: v.file, key, resources: Array.isArray(resources) ? resources.filter(isObj) : [] });
  }
  for (const o of loaded.objects) {
    if (o.kind !== 'ConfigMap' || o.name !== 'envoy-gateway-config') continue;
    // Parsed within the same limits as every other YAML check reads (yaml-input.ts).
    const config = loadUserYaml(stringMap(o.body.data)['envoy-gateway.yaml'] ?? '', `${o.file} (${describeObject(o)} data.envoy-gateway.yaml)`, 'fix the ConfigMap\'s YAML')[0];
    const resources = getPath(config, 'extensionManager.backendResources');
    out.push({ object: describeObject(o), file: o.file, key: 'data.envoy-gateway.yaml extensionManager.backendResources', resources: Array.isArray(resources) ? resources.filter(isObj) : [] });
  }
  return out;
}
