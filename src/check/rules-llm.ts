/**
 * Rules for the LLMInferenceService stack: the InferencePool CRDs the llmisvc controller writes, a
 * Gateway whose implementation takes InferencePool backends (Envoy Gateway with Envoy AI Gateway, or
 * istiod with its inference extension), the Gateway its routes attach to, and the shared resources
 * that only one KServe release may render. Sources: ../shared/docs/gateway-and-llm-facts.md §1.5, §2.
 */
import { FEATURE_RANGES, GATEWAY_API_PROVIDERS, satisfies } from '../catalog/index.js';
import { collectCommand } from './collect.js';
import { mergeSame, outcome, type Check, type Finding, type Outcome, type Place, type Unchecked } from './finding.js';
import type { Model } from './model.js';
import { getPath } from './load.js';
import { classOf, isKongController } from './rules-gateway-api.js';

export const LLM_RULES = {
  'llm-inferencepool-crds': 'an InferencePool CRD the llmisvc controller writes is not installed',
  'llm-gateway-missing': 'kserveIngressGateway names no Gateway for the LLM routes',
  'llm-gateway-inferencepool': "the LLM routes' Gateway class has no InferencePool support",
  'llm-istiod-inference-extension': 'istiod runs without ENABLE_GATEWAY_API_INFERENCE_EXTENSION',
  'llm-shared-resources': 'the kserve and llmisvc charts both render the shared resources',
} as const;

/** In report order (rules.ts runs them after the Gateway API rules). */
export const LLM_CHECKS: readonly Check[] = [inferencePoolCrds, llmGatewayMissing, gatewayInferencePool, istiodInferenceExtension, (m) => outcome(sharedResources(m))];

const installed = (m: Model) => m.llm.evidence.length > 0;
const evidence = (m: Model) => m.llm.evidence.slice(0, 2).join(', ');

/**
 * The controller writes inference.networking.x-k8s.io/v1alpha2 InferencePools, and from 0.17 moves
 * its routes to inference.networking.k8s.io/v1 ones (v0.20.0 pkg/controller/v1alpha2/llmisvc/router.go:L286-330):
 * both CRDs must exist (#5708, #5750).
 */
export function inferencePoolCrds(m: Model): Outcome {
  if (!installed(m)) return outcome();
  const crds = m.llm.inferencePoolCrds;
  if (crds.length === 0) {
    // A generated folder applies them from a URL (INSTALL.md); only the cluster shows them.
    return outcome([], [{ rules: ['llm-inferencepool-crds'], reason: 'no InferencePool CRD is in the input', collect: [collectCommand('inferenceExtensionCrds')] }]);
  }
  const version = m.kserveVersion?.version ?? m.llm.version;
  const wanted = ['inferencepools.inference.networking.x-k8s.io'];
  if (version === undefined || satisfies(version, FEATURE_RANGES.llmisvcSplitCharts)) wanted.push('inferencepools.inference.networking.k8s.io');
  return outcome(
    wanted
      .filter((n) => !crds.includes(n))
      .map((n) => ({
        rule: 'llm-inferencepool-crds',
        severity: 'error' as const,
        places: [{ object: `CustomResourceDefinition ${n}`, file: '(not in the input)', key: 'metadata.name', actual: 'not installed' }],
        expected: `${n}, with ${crds.join(', ')}`,
        expectedFrom: `the LLMInferenceService stack (${evidence(m)})`,
        fix: `apply the inference extension CRDs KServe ships for this release (config/llmisvc/gateway-inference-extension.yaml of its tag; a generated folder's INSTALL.md has the step): the controller writes InferencePools of both groups, and "no matches for kind InferencePool" stops its reconcile. Gateway API Inference Extension v1.5's own CRDs lack the x-k8s.io one`,
      })),
  );
}

/** The Gateway API Gateway the LLM routes attach to, or undefined when the input lists no Gateway API objects. */
function llmGateways(m: Model) {
  return m.llm.gatewayRefs.map((ref) => {
    const [namespace, name] = ref.value.split('/');
    const gateway = m.apiObjects.find((o) => o.kind === 'Gateway' && !o.viaChart && o.name === name && (o.namespace ?? namespace) === namespace);
    return { ref, gateway };
  });
}

/**
 * The llmisvc controller reads ingress.kserveIngressGateway whatever enableGatewayApi says (v0.20.0
 * LLMC/config_loader.go:L154-179); with enableGatewayApi on, gateway-api-gateway-missing reports it.
 */
export function llmGatewayMissing(m: Model): Outcome {
  if (!installed(m)) return outcome();
  const listed = m.apiObjects.some((o) => o.kind === 'Gateway') || m.gatewayClassViews.length > 0 || m.generatedFolder;
  const gatewayApiOn = m.kserve.some((k) => k.enableGatewayApi?.value);
  const missing = llmGateways(m).filter(({ gateway }) => !gateway);
  if (missing.length === 0 || gatewayApiOn) return outcome();
  if (!listed) return outcome([], [{ rules: ['llm-gateway-missing'], reason: 'no Gateway API object is in the input', collect: [collectCommand('gatewayApi')] }]);
  return outcome(
    mergeSame(
      missing.map(({ ref }) => ({
        id: ref.value,
        finding: {
          rule: 'llm-gateway-missing',
          severity: 'error',
          places: [{ object: ref.object, file: ref.file, key: ref.key, actual: ref.value }],
          expected: 'a Gateway API Gateway in the input',
          fix: `apply the Gateway ${ref.value} (a generated folder has it in manifests/; KServe's charts never create one with a class you run, kserve#4720), or point kserveIngressGateway at a Gateway that exists: every LLMInferenceService route attaches to it`,
        } as Finding,
      })),
    ),
  );
}

/** The class of each LLM Gateway, and the provider facts that decide InferencePool support. */
export function gatewayInferencePool(m: Model): Outcome {
  if (!installed(m)) return outcome();
  const findings: Finding[] = [];
  const unchecked: Unchecked[] = [];
  for (const { ref, gateway } of llmGateways(m)) {
    if (!gateway) continue;
    const className = getPath(gateway.body, 'spec.gatewayClassName');
    const controller = classOf(m, gateway)?.controllerName;
    const at: Place = { object: gateway.object, file: gateway.file, key: 'spec.gatewayClassName', actual: `${String(className)} (controller ${controller ?? 'unknown'})` };
    if (isKongController(m, controller)) {
      findings.push({
        rule: 'llm-gateway-inferencepool',
        severity: 'error',
        places: [at],
        expected: 'a class of Envoy Gateway (with Envoy AI Gateway) or Istio (with its inference extension)',
        expectedFrom: `${ref.object} ${ref.key}`,
        fix: 'route LLMInferenceServices through Envoy Gateway with Envoy AI Gateway or Istio: Kong has no InferencePool backends (the scheduler routes to one) and ignores timeouts.request (gateway-and-llm-facts.md §1.5)',
      });
    } else if (controller === GATEWAY_API_PROVIDERS.envoy.controllerName) {
      const ext = m.llm.envoyGatewayExtensions;
      if (ext.length === 0) {
        unchecked.push({ rules: ['llm-gateway-inferencepool'], reason: "Envoy Gateway's configuration is not in the input", collect: [collectCommand('envoyGatewayConfig')] });
        continue;
      }
      for (const e of ext.filter((x) => !x.resources.some((r) => r.kind === 'InferencePool'))) {
        findings.push({
          rule: 'llm-gateway-inferencepool',
          severity: 'error',
          places: [{ object: e.object, file: e.file, key: e.key, actual: e.resources.length ? JSON.stringify(e.resources) : '(none)' }],
          expected: 'an InferencePool entry (inference.networking.k8s.io/v1; x-k8s.io/v1alpha2 with Envoy AI Gateway v0.3)',
          expectedFrom: `${gateway.object} spec.gatewayClassName ${String(className)}`,
          fix: "add Envoy AI Gateway's settings to Envoy Gateway's chart values (its manifests/envoy-gateway-values.yaml and examples/inference-pool/envoy-gateway-values-addon.yaml: extensionManager hooks, service and backendResources) and install Envoy AI Gateway: without them Envoy Gateway rejects the InferencePool backends of LLM routes",
        });
      }
    }
  }
  return outcome(findings, unchecked);
}

/** istiod routes to InferencePools only with this flag (istio 1.27.1 pilot/pkg/features/experimental.go:L201, conversion.go:L1072-1075). */
export function istiodInferenceExtension(m: Model): Outcome {
  if (!installed(m)) return outcome();
  const istioClass = llmGateways(m).some(({ gateway }) => gateway !== undefined && classOf(m, gateway)?.controllerName === GATEWAY_API_PROVIDERS.istio.controllerName);
  if (!istioClass) return outcome();
  const istiod = m.llm.istiod;
  if (!istiod) {
    // A generated folder sets it on the istiod install line (INSTALL.md), in no file: only the cluster shows it.
    return outcome([], [{ rules: ['llm-istiod-inference-extension'], reason: "istiod's Deployment is not in the input", collect: [collectCommand('istiod')] }]);
  }
  const value = istiod.env.ENABLE_GATEWAY_API_INFERENCE_EXTENSION;
  if (value === 'true') return outcome();
  return outcome([
    {
      rule: 'llm-istiod-inference-extension',
      severity: 'error',
      places: [{ object: istiod.object, file: istiod.file, key: 'spec.template.spec.containers[discovery].env.ENABLE_GATEWAY_API_INFERENCE_EXTENSION', actual: value ?? '(unset: false)' }],
      expected: 'true',
      expectedFrom: 'the LLM routes on an Istio Gateway',
      fix: 'upgrade istiod with --set pilot.env.ENABLE_GATEWAY_API_INFERENCE_EXTENSION=true: without it istiod rejects InferencePool backends ("InferencePool is not enabled"), and no LLMInferenceService with a scheduler is reachable',
    },
  ]);
}

/**
 * From 0.17 kserve-resources and kserve-llmisvc-resources both render inferenceservice-config, the
 * selfsigned-issuer Issuer and the default ClusterStorageContainer unless kserve.createSharedResources
 * is false on one (v0.20.0 hack/setup/common.sh:L495-537): the second release fails on objects the first owns.
 */
export function sharedResources(m: Model): Finding[] {
  const main = m.kserve.filter((k) => k.from === 'values');
  if (main.length === 0) return [];
  return m.llm.llmisvcValues
    .filter((v) => v.createSharedResources !== false && (v.version === undefined || satisfies(v.version, FEATURE_RANGES.llmisvcSplitCharts)))
    .map((v) => ({
      rule: 'llm-shared-resources',
      severity: 'error',
      places: [{ object: v.object, file: v.file, key: 'kserve.createSharedResources', actual: v.createSharedResources === undefined ? 'true (the chart default)' : 'true' }],
      expected: 'false',
      expectedFrom: `${main[0]!.object} (${main[0]!.file}), which renders them too`,
      fix: 'set kserve.createSharedResources: false in the llmisvc chart\'s values: kserve-resources keeps inferenceservice-config, Issuer selfsigned-issuer and ClusterStorageContainer default, and a second release rendering them fails ("exists and cannot be imported into the current release")',
    }));
}
