/**
 * The wizard's LLM questions (contract-v2.md §2): what to serve (predictive InferenceServices,
 * LLMInferenceServices, or both) on releases that have the LLM stack, and LeaderWorkerSet for multi-node
 * workers. The ingress questions (gateway-api.ts) then offer only the providers the choice allows.
 */
import type { Release } from '../catalog/index.js';
import { llmOf } from '../preset/llm.js';
import type { Preset } from '../preset/schema.js';
import type { Ask, Choice } from './ask.js';

type Serve = 'predictive' | 'both' | 'llm';

/** Asks what to install; sets llm.enabled / llm.predictive (and resets them where the release has no LLM stack). */
export async function askServe(ask: Ask, p: Preset, r: Release): Promise<void> {
  if (!r.features.llmInferenceService) {
    delete p.llm;
    return;
  }
  const l = llmOf(p);
  const current: Serve = !l.enabled ? 'predictive' : l.predictive ? 'both' : 'llm';
  const choices: Choice<Serve>[] = [
    { name: 'InferenceServices', value: 'predictive', description: 'Predictive models (sklearn, xgboost, Hugging Face, ...): the KServe chart, as before' },
    {
      name: 'InferenceServices and LLMInferenceServices',
      value: 'both',
      description: 'Also the LLM stack: llmisvc charts, inference extension CRDs, Envoy AI Gateway or Istio; one Gateway for both',
    },
    {
      name: 'LLMInferenceServices only',
      value: 'llm',
      description: 'The LLM stack without the kserve-resources chart; no deployment mode applies',
      disabled: r.features.llmisvcSplitCharts ? false : `needs KServe 0.17: ${r.version}'s llmisvc chart renders a fixed inferenceservice-config only the kserve chart can replace`,
    },
  ];
  const serve = await ask.select<Serve>({
    id: 'llm.enabled',
    description: 'LLMInferenceServices route through a Gateway API Gateway (Envoy Gateway with Envoy AI Gateway, or Istio) and live in namespace kserve',
    message: 'What to serve',
    default: choices.some((c) => c.value === current && !c.disabled) ? current : 'predictive',
    choices,
  });
  const enabled = serve !== 'predictive';
  const multiNode = enabled
    ? await ask.confirm({
        id: 'llm.multiNode',
        description: 'Installs LeaderWorkerSet, which LLMInferenceServices with spec.worker (several nodes per replica) run on',
        message: 'Multi-node LLM workers (LeaderWorkerSet)?',
        default: l.multiNode,
      })
    : false;
  p.llm = { enabled, predictive: serve !== 'llm', multiNode };
}
