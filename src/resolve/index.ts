/**
 * Answers + catalog -> resolved settings.
 *
 * This is the one place where names are derived: every template reads gateway names, services,
 * selectors and mode spellings from here and nowhere else, which is what keeps KServe's
 * inferenceservice-config, Knative's config-istio and the Istio/Gateway API objects in agreement.
 * It also rejects impossible combinations (exit 2) before anything is rendered.
 */
import { LLM_TESTED, modeNameOf, modeOf, resolveRelease, type Mode, type Release } from '../catalog/index.js';
import { UserError, quote } from '../errors.js';
import type { ExternalInputs } from '../preset/files.js';
import { llmOf } from '../preset/llm.js';
import type { Preset } from '../preset/schema.js';
import { resolveIstio } from './istio.js';
import { resolveKnative } from './knative.js';
import { resolveGatewayApi, unusedGatewayWarning, usesGatewayApi } from './gateway-api.js';
import { resolveKong } from './kong.js';
import { llmDependencyVersions, refuseImpossibleLlm, resolveLlm, unusedLlmWarning } from './llm.js';
import { resolveOffline, setSlotImage, slotApplies, type OfflineInput, type OfflineSettings } from './offline.js';
import { KSERVE_IMAGE_SLOTS, slotImage } from '../catalog/images.js';
import { resolveRollout } from './rollout.js';
import { resolveStorage } from './storage.js';
import type { GatewayApiSettings, KnativeSettings, Resolved } from './types.js';

export type * from './types.js';
export { CREDENTIAL_PLACEHOLDERS } from './storage.js';

export function resolve(preset: Preset, inputs: ExternalInputs = {}): Resolved {
  const release = resolveRelease(preset.kserve.version);
  const warnings: string[] = [];
  const llmOn = llmOf(preset).enabled;
  const predictive = !llmOn || llmOf(preset).predictive;
  // Without the kserve chart (the LLM stack alone) deploymentMode does not apply (contract-v2.md §2):
  // the stack takes Standard mode's paths, with no Knative and no ModelMesh, whatever the preset says.
  const mode: Mode = predictive ? modeOf(preset.deploymentMode)! : 'standard'; // the schema admits only the five spellings
  const modeName = modeNameOf(release, mode);
  if (llmOn) refuseImpossibleLlm(preset, release, mode);
  const unusedLlm = unusedLlmWarning(preset);
  if (unusedLlm) warnings.push(unusedLlm);
  if (predictive) refuseImpossibleMode(preset, release, mode);

  const istio = resolveIstio(preset, release);
  const kong = predictive && preset.ingress.provider === 'kong' ? resolveKong(preset, release, warnings) : undefined;
  const isvcGatewayApi = predictive && usesGatewayApi(preset, release, mode, llmOn);
  const gatewayApi =
    isvcGatewayApi || llmOn
      ? resolveGatewayApi(preset, release, warnings, isvcGatewayApi, llmOn ? LLM_TESTED[release.minor]!.envoyGateway : release.tested.envoyGateway)
      : undefined;
  const unused = gatewayApi || preset.ingress.provider === 'kong' ? null : unusedGatewayWarning(preset);
  if (unused) warnings.push(unused);
  const knative = predictive && mode === 'knative' ? resolveKnative(preset, release, istio) : undefined;
  warnings.push(...knativeOnlyWarnings(preset, predictive, knative !== undefined, modeName));
  const offline = preset.offline.enabled ? resolveOffline(offlineInput(preset, release, mode, predictive, knative, kong !== undefined, gatewayApi)) : undefined;
  warnings.push(...offlineWarnings(preset, offline, knative !== undefined));
  if (knative) configureDeployment(knative, preset, offline);

  const storage = resolveStorage(preset, release, inputs, istio, warnings);
  const rollout = predictive ? resolveRollout(preset, release, mode, modeName, warnings) : { deploymentStrategy: null, defaultRolloutDeployJson: null };
  const testNamespace = testNamespaceOf(mode, istio.servingNamespaces);
  const llm = llmOn ? resolveLlm(preset, release, offline?.llm?.exampleImage ?? null, testNamespace) : undefined;
  // Only the CA bundle path differs (it points into the output folder); the rest is shared, not
  // cloned: nothing downstream mutates a preset.
  const outputPreset: Preset = storage.caBundle
    ? { ...preset, storage: { ...preset.storage, caBundle: { ...preset.storage.caBundle, file: storage.caBundle.outputFile } } }
    : preset;

  return {
    preset,
    outputPreset,
    storage,
    rollout,
    release,
    mode,
    modeName,
    provider: preset.ingress.provider,
    istio,
    knative,
    kong,
    gatewayApi,
    predictive,
    llm,
    offline,
    storageSecretNameAnnotation: 'serving.kserve.io/secretName',
    testNamespace,
    usesIstio: usesIstio(preset, mode),
    ...kserveImages(release, mode, offline),
    warnings,
  };
}

/** Istio is installed for this configuration (ModelMesh serves inside the cluster, with no ingress). */
function usesIstio(preset: Preset, mode: Mode): boolean {
  return preset.ingress.provider === 'istio' && mode !== 'modelmesh';
}

/** How summary lines name what is installed: the deployment mode, or the LLM stack alone (which has none). */
export function installedKind(r: Resolved): string {
  return r.predictive ? r.modeName : 'LLMInferenceServices only';
}

/** Settings that only Knative reads, given while Knative is not installed. */
function knativeOnlyWarnings(preset: Preset, predictive: boolean, usesKnative: boolean, modeName: string): string[] {
  if (usesKnative) return [];
  const out: string[] = [];
  const noKnative = predictive ? `deploymentMode ${preset.deploymentMode} does not use Knative` : 'the LLM stack alone (llm.predictive false) does not use Knative';
  if (preset.knative.version !== '') out.push(`knative.version is ignored: ${noKnative}`);
  if (preset.deployment.progressDeadline !== '') {
    // kserve v0.11.2-v0.20.0 deployment_reconciler.go setDefaultDeploymentSpec: progressDeadlineSeconds is always 600.
    out.push(
      predictive
        ? `deployment.progressDeadline is not used: it is Knative's setting, and in ${modeName} mode KServe gives every predictor Deployment a fixed progress deadline of 600 s`
        : `deployment.progressDeadline is not used: ${noKnative}`,
    );
  }
  return out;
}

/** What the mirror must hold: which layers this install runs, and at which versions (upgrade asks again for intermediate ones). */
export function offlineInput(
  preset: Preset,
  release: Release,
  mode: Mode,
  predictive: boolean,
  knative: OfflineInput['knative'],
  kong: boolean,
  gatewayApi: GatewayApiSettings | undefined,
): OfflineInput {
  return {
    preset,
    release,
    mode,
    predictive,
    knative,
    kong,
    istio: usesIstio(preset, mode),
    envoyGateway: gatewayApi?.envoy ?? null,
    certManagerVersion: release.tested.certManager,
    llm: llmOf(preset).enabled ? llmDependencyVersions(preset, release) : null,
  };
}

/** The namespace the verification InferenceService (and LLMInferenceService) runs in: one the local gateway serves. */
function testNamespaceOf(mode: Mode, servingNamespaces: string[]): string {
  return mode === 'knative' && servingNamespaces.length ? servingNamespaces[0]! : 'kserve-test';
}


/** The KServe charts' image values: the mirror's offline, else only the replacements of defaults that are gone. */
function kserveImages(release: Release, mode: Mode, offline: OfflineSettings | undefined): Pick<Resolved, 'kserveImages' | 'imageNotes'> {
  const replaced = KSERVE_IMAGE_SLOTS.filter((slot) => slotApplies(slot, { mode }, release.version)).flatMap((slot) => {
    const image = slotImage(slot, release.version);
    return image.replaced ? [{ slot, image, why: image.replaced }] : [];
  });
  const imageNotes = replaced.map((r) => r.why);
  if (offline) return { kserveImages: offline.kserveValues, imageNotes };
  const kserveImages: Resolved['kserveImages'] = { main: {}, runtimeConfigs: {} };
  for (const { slot, image } of replaced) setSlotImage(kserveImages[slot.chart], slot, image.image, image.tag);
  return { kserveImages, imageNotes };
}

function refuseImpossibleMode(preset: Preset, release: Release, mode: Mode): void {
  if (mode === 'modelmesh' && !release.features.modelMesh) {
    throw new UserError(
      'deploymentMode',
      `ModelMesh is not installed by the KServe ${release.version} chart (removed in 0.15.0-rc1)`,
      'choose Serverless/Knative or RawDeployment/Standard, or pick KServe 0.15.0-rc0 or older for ModelMesh',
    );
  }
  if (preset.ingress.provider === 'kong' && mode !== 'standard') {
    throw new UserError(
      'ingress.provider',
      `kong cannot serve deploymentMode ${preset.deploymentMode}`,
      `Kong requires deploymentMode ${release.modeNames.standard}; Serverless/Knative needs Istio (set ingress.provider: istio)`,
    );
  }
}

function offlineWarnings(preset: Preset, offline: OfflineSettings | undefined, usesKnative: boolean): string[] {
  if (!offline) {
    const ignored = preset.offline.registry !== '' || Object.keys(preset.offline.imageDigests).length > 0;
    return ignored ? ['offline.registry and offline.imageDigests are ignored while offline.enabled is false'] : [];
  }
  const out: string[] = [];
  const unused = offline.unusedDigests;
  if (unused.length) {
    out.push(
      unused.length === 1
        ? `offline.imageDigests: ${quote(unused[0]!)} names no image this install pulls, so it is not used; images.txt lists every image it pulls`
        : `offline.imageDigests: ${unused.length} entries name images this install does not pull (e.g. ${quote(unused[0]!)}), so they are not used; images.txt lists every image it pulls`,
    );
  }
  for (const ref of offline.floatingTags) {
    out.push(`${ref} is a moving tag: pin it with offline.imageDigests so the mirror and the cluster run the same image`);
  }
  if (!usesKnative && preset.offline.skipTagResolving.length) {
    out.push(`offline.skipTagResolving is not used: Knative's tag resolution only exists in Serverless/Knative mode`);
  }
  return out;
}

/** Knative's config-deployment: the mirror (tag resolution, queue-proxy image) and the progress deadline. */
function configureDeployment(knative: KnativeSettings, preset: Preset, offline: OfflineSettings | undefined): void {
  const reasons = [];
  if (offline?.knative) {
    knative.operatorRegistry = offline.knative.registry;
    knative.configDeployment['registries-skipping-tag-resolving'] = offline.skipTagResolving;
    knative.configDeployment['queue-sidecar-image'] = offline.knative.queueSidecarImage;
  }
  if (offline) {
    reasons.push(
      'skip tag-to-digest resolution for the mirror (the controller cannot reach public registries) and name the queue-proxy image directly: the operator registry override does not rewrite queue-sidecar-image (knative/operator#2313).',
    );
  }
  if (preset.deployment.progressDeadline) {
    knative.configDeployment['progress-deadline'] = preset.deployment.progressDeadline;
    reasons.push('progress-deadline bounds how long a revision may take to become ready.');
  }
  knative.configDeploymentReason = reasons.join(' ');
}
