/**
 * Air-gapped installs: every image the install pulls, rewritten to the mirror registry (same
 * repository path and tag), optionally pinned by digest, plus the list of images to copy.
 * Pure data for the templates; nothing here talks to a registry.
 */
import { UserError } from '../errors.js';
import { editDistance } from '../preset/validate.js';
import { KNATIVE_LINES, NET_ISTIO_OF_OPERATOR, minorLine, satisfies, type Release } from '../catalog/index.js';
import {
  CERT_MANAGER_IMAGES,
  ENVOY_GATEWAY_IMAGES,
  ISTIO_IMAGES,
  KNATIVE_OPERATOR_IMAGES,
  KNATIVE_SERVING_IMAGES,
  KONG_IMAGES,
  KSERVE_IMAGE_SLOTS,
  KSERVE_PULL_SECRET_ONLY,
  slotImage,
  type KserveImageSlot,
} from '../catalog/images.js';
import { HF_MULTINODE, LOCAL_MODEL_SECTIONS, MODELMESH_RUNTIMES, STORAGE_CONTAINER_HARDCODED } from '../catalog/hardcoded-images.js';
import { AI_GATEWAY, LLMISVC_CONTROLLER_IMAGE, LWS, llmExampleImage, llmPresetImages } from '../catalog/llm.js';
import { LLMISVC_SHARED_IMAGE_SLOTS } from '../catalog/values-keys.js';
import type { Preset } from '../preset/schema.js';

/** Knative's own default for registries-skipping-tag-resolving (knative/serving pkg/deployment/config.go). */
export const KNATIVE_DEFAULT_SKIP = ['kind.local', 'ko.local', 'dev.local'];

export interface ImageRef {
  /** Where the image comes from, fully qualified (docker.io/library/kong:3.9). */
  source: string;
  /** Where the cluster pulls it from. */
  mirror: string;
}

/** KnativeServing spec.registry: an image template, per-container overrides, pull secrets. */
export interface KnativeRegistry {
  default: string;
  override: Record<string, string>;
  imagePullSecrets?: { name: string }[];
}

/**
 * A JSON patch (kubectl patch --type json) for an image a chart hard-codes: applied after the chart,
 * it points the object at the mirror. `replace` fails if the path is missing, so a chart that moved
 * the image makes the step fail instead of silently patching nothing.
 */
export interface ImagePatch {
  /** patches/<name>, inside the output folder. */
  path: string;
  /** The kubectl resource and object name; namespaced objects are in the KServe namespace. */
  resource: string;
  name: string;
  namespaced: boolean;
  ops: { op: 'replace'; path: string; value: string }[];
  why: string;
}

export interface OfflineSettings {
  registry: string;
  /** The mirror's host[:port], for Knative's tag-resolution skip list. */
  host: string;
  pullSecrets: string[];
  /** The same secrets as [{name}] references (the shape most charts take). */
  pullSecretRefs: { name: string }[];
  /** Knative config-deployment registries-skipping-tag-resolving: one comma-separated string. */
  skipTagResolving: string;
  /** images.txt, sorted by source. */
  images: ImageRef[];
  /** Values overrides per KServe values table, as nested objects ready to dump. */
  kserveValues: Record<'main' | 'runtimeConfigs', Record<string, unknown>>;
  knative: {
    registry: KnativeRegistry;
    queueSidecarImage: string;
    /** For Knative installed from release YAML: `kubectl set image` lines. */
    setImage: { workload: string; container: string; image: string }[];
    /** The operator's own images (null when Knative was installed from release YAML). */
    operator: { image: string; tag: string; webhookImage: string; webhookTag: string } | null;
  } | null;
  /** Kong's images; effectiveSemver is the tag without its digest, which the chart's semver checks need. */
  kong: { controller: KongImage; gateway: KongImage } | null;
  /** Envoy Gateway's controller, ratelimit and Envoy proxy images as full mirror references. */
  envoyGateway: { controller: string; ratelimit: string; proxy: string } | null;
  istio: { hub: string; tag: string } | null;
  /** The LLM stack's images: controller and shared values, Envoy AI Gateway, LWS, the example's vLLM. */
  llm: OfflineLlm | null;
  certManager: { sets: { key: string; value: string }[]; tag: string };
  /** istiod --set flags: the mirror hub/tag and pull secrets for every injected proxy. */
  istioSets: string;
  /** Images the KServe chart hard-codes, pointed at the mirror after it installs. */
  patches: ImagePatch[];
  /** Images whose tag moves (":latest"): pin them with imageDigests. */
  floatingTags: string[];
  /** Digest keys that matched an image. */
  pinned: string[];
  /** Digest keys that match no image the install pulls (resolve() warns about them). */
  unusedDigests: string[];
}

interface OfflineLlm {
  /** kserve.llmisvc.controller values of the llmisvc resources chart: image, tag, pull secrets. */
  controllerValues: Record<string, unknown>;
  /** kserve.* values of that chart for the images its shared inferenceservice-config names (LLM stack alone). */
  sharedValues: Record<string, unknown>;
  aiGateway: { controller: { repository: string; tag: string }; extProc: { repository: string; tag: string } } | null;
  /** LeaderWorkerSet's controller image (its manifests.yaml names it; INSTALL.md sets it). */
  lws: string | null;
  exampleImage: string;
}

interface KongImage {
  repository: string;
  tag: string;
  effectiveSemver: string | null;
}

interface Parsed {
  registry: string;
  /** Repository path as the chart wrote it, without the registry host. */
  path: string;
  /** Fully qualified repository for the source reference. */
  qualified: string;
}

/** Splits an image repository into registry and path the way container runtimes resolve it. */
export function parseRepository(repository: string): Parsed {
  const slash = repository.indexOf('/');
  const first = slash < 0 ? '' : repository.slice(0, slash);
  const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  const registry = hasRegistry ? first : 'docker.io';
  const path = hasRegistry ? repository.slice(slash + 1) : repository;
  const qualifiedPath = registry === 'docker.io' && !path.includes('/') ? `library/${path}` : path;
  return { registry, path, qualified: `${registry}/${qualifiedPath}` };
}

export interface OfflineInput {
  preset: Preset;
  release: Release;
  mode: 'knative' | 'standard' | 'modelmesh';
  /** The kserve / kserve-resources chart is installed (false: the LLM stack alone). */
  predictive: boolean;
  knative?: { version: string; operatorVersion: string; install: 'operator' | 'manifests' };
  /** The LLM stack, with the Envoy AI Gateway and LWS versions it installs (null: not installed). */
  llm: { aiGateway: string | null; lws: string | null } | null;
  kong: boolean;
  istio: boolean;
  /** Envoy Gateway is installed (its version). */
  envoyGateway: { version: string } | null;
  certManagerVersion: string;
}

export function resolveOffline(input: OfflineInput): OfflineSettings {
  const o = input.preset.offline;
  if (o.registry === '') {
    throw new UserError('offline.registry', 'is empty while offline.enabled is true', 'set the mirror prefix, e.g. registry.example.internal:5000');
  }
  const registry = o.registry;
  const host = registry.split('/')[0]!;
  const m = mirrorOf(registry, o.imageDigests);
  const version = input.release.version;
  const patches = [...(input.predictive ? hardcodedImagePatches(input, m.mirror) : []), ...(input.llm ? presetPatches(version, m.mirror) : [])];
  const settings = {
    kserveValues: input.predictive ? kserveImageValues(input, m.mirror) : { main: {}, runtimeConfigs: {} },
    knative: input.knative ? offlineKnative(input.knative, registry, o.imagePullSecrets, m.mirror) : null,
    kong: input.kong ? offlineKong(m.mirror) : null,
    envoyGateway: input.envoyGateway ? offlineEnvoyGateway(input.envoyGateway.version, m.mirror) : null,
    ...offlineIstio(input, registry, o.imagePullSecrets, m.mirror),
    certManager: offlineCertManager(input.certManagerVersion, o.imagePullSecrets, m.mirror),
    llm: input.llm ? offlineLlm(input, input.llm, m.mirror) : null,
  };
  const unused = Object.keys(o.imageDigests).filter((k) => !m.used.has(k));
  refuseNearMisses(unused, m.pulledKeys);
  return {
    registry,
    host,
    pullSecrets: o.imagePullSecrets,
    pullSecretRefs: o.imagePullSecrets.map((name) => ({ name })),
    skipTagResolving: [...new Set([...KNATIVE_DEFAULT_SKIP, host, ...o.skipTagResolving])].join(','),
    // Code-point order: localeCompare would follow LANG and break byte-identical output.
    images: [...m.images.values()].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0)),
    ...settings,
    patches,
    floatingTags: [...new Set(m.floatingTags)].sort(),
    pinned: [...m.used].sort(),
    // In the preset's key order, which validatePreset sorts.
    unusedDigests: unused,
  };
}

/**
 * The mirror: `mirror(repository, tag)` gives the reference the cluster pulls, pinned when a digest
 * is given for that repository (unless `pin` is false: a variant tag of a pinned repository, such
 * as huggingfaceserver's "-gpu", is another image whose digest the preset cannot name), and records
 * the image for images.txt and the digests used.
 */
function mirrorOf(registry: string, digests: Record<string, string>) {
  const used = new Set<string>();
  /** Every key a pulled image answers to in offline.imageDigests (for "did you mean"). */
  const pulledKeys = new Set<string>();
  const images = new Map<string, ImageRef>();
  const floatingTags: string[] = [];
  const mirror = (repository: string, tag: string, pin = true): { repo: string; tag: string; ref: string; pinned: boolean } => {
    const p = parseRepository(repository);
    const keys = digestKeys(repository, p);
    for (const key of keys) pulledKeys.add(key);
    const digest = pin ? digestFor(digests, used, keys) : undefined;
    const repo = `${registry}/${p.path}`;
    // "tag@digest" is a valid reference: the digest decides, the tag documents.
    const pinnedTag = digest ? `${tag}@${digest}` : tag;
    const ref = `${repo}:${pinnedTag}`;
    // Copy tools take a tag or a digest, not both: fetch by digest, store under the tag. With
    // --preserve-digests the mirror then serves that digest, which the cluster pulls by.
    images.set(ref, digest ? { source: `${p.qualified}@${digest}`, mirror: `${repo}:${tag}` } : { source: `${p.qualified}:${tag}`, mirror: ref });
    if (tag === 'latest' && !digest) floatingTags.push(`${p.qualified}:latest`);
    return { repo, tag: pinnedTag, ref, pinned: digest !== undefined };
  };
  return { mirror, used, pulledKeys, images, floatingTags };
}

/** The KServe charts' image values (and pull secrets), per chart. */
function kserveImageValues(input: OfflineInput, mirror: Mirror): OfflineSettings['kserveValues'] {
  const o = input.preset.offline;
  const version = input.release.version;
  const values = { main: {}, runtimeConfigs: {} } as OfflineSettings['kserveValues'];
  for (const slot of KSERVE_IMAGE_SLOTS) {
    if (slotApplies(slot, input, version)) setSlotValues(values[slot.chart], slot, mirror, o.imagePullSecrets, version);
  }
  for (const only of KSERVE_PULL_SECRET_ONLY) {
    if (o.imagePullSecrets.length && satisfies(version, only.range)) {
      setPath(values[only.chart], only.key, o.imagePullSecrets.map((name) => ({ name })));
    }
  }
  return values;
}

/** Knative Serving (and net-istio) from the mirror: the operator's registry override, or `kubectl set image` lines. */
function offlineKnative(k: NonNullable<OfflineInput['knative']>, registry: string, pullSecrets: string[], mirror: Mirror): OfflineSettings['knative'] {
  const tag = `v${k.version}`;
  const netIstioTag = `v${netIstioVersion(k)}`;
  const override: Record<string, string> = {};
  const setImage: { workload: string; container: string; image: string }[] = [];
  let queue = '';
  for (const img of KNATIVE_SERVING_IMAGES) {
    // Installed from release YAML, the post-install jobs (cleanup, migrate) have already run.
    if (k.install === 'manifests' && (img.container === 'cleanup' || img.container === 'migrate')) continue;
    const ref = mirror(img.source, img.netIstio ? netIstioTag : tag).ref;
    override[img.container] = ref;
    if (img.container === 'queue-proxy') queue = ref;
    const [workload, container] = img.container.includes('/') ? (img.container.split('/') as [string, string]) : [img.container, img.container];
    if (!['queue-proxy', 'cleanup', 'migrate'].includes(container)) setImage.push({ workload, container, image: ref });
  }
  let operator: NonNullable<OfflineSettings['knative']>['operator'] = null;
  if (k.install === 'operator') {
    const opTag = `v${k.operatorVersion}`;
    const op = mirror(KNATIVE_OPERATOR_IMAGES.operator, opTag);
    const webhook = mirror(KNATIVE_OPERATOR_IMAGES.webhook, opTag);
    operator = { image: op.repo, tag: op.tag, webhookImage: webhook.repo, webhookTag: webhook.tag };
  }
  return {
    registry: {
      // Anything not named in override: the last path segment of its image, under serving/cmd.
      default: `${registry}/knative-releases/knative.dev/serving/cmd/\${NAME}:${tag}`,
      override,
      ...(pullSecrets.length ? { imagePullSecrets: pullSecrets.map((name) => ({ name })) } : {}),
    },
    // The operator's override does not reach config-deployment's queue-sidecar-image (knative/operator#2313).
    queueSidecarImage: queue,
    setImage,
    operator,
  };
}

/**
 * Kong's chart runs semver on each tag (kong.effectiveVersion); "3.9@sha256:..." is none, so a pinned
 * tag comes with effectiveSemver, which the chart reads for exactly this (kong 3.2.0 values.yaml).
 */
function offlineKong(mirror: Mirror): OfflineSettings['kong'] {
  const kongImage = (image: { repository: string; tag: string }): KongImage => {
    const m = mirror(image.repository, image.tag);
    return { repository: m.repo, tag: m.tag, effectiveSemver: m.pinned ? image.tag : null };
  };
  return { controller: kongImage(KONG_IMAGES.controller), gateway: kongImage(KONG_IMAGES.gateway) };
}

function offlineEnvoyGateway(version: string, mirror: Mirror): OfflineSettings['envoyGateway'] {
  const images = ENVOY_GATEWAY_IMAGES[version];
  if (!images) throw new Error(`no Envoy Gateway images known for ${version}`);
  const ref = (image: string) => mirror(...splitRef(image)).ref;
  return { controller: ref(images.controller), ratelimit: ref(images.ratelimit), proxy: ref(images.proxy) };
}

/** Istio from the mirror through istiod's global.hub (every injected proxy follows), as --set flags. */
function offlineIstio(input: OfflineInput, registry: string, pullSecrets: string[], mirror: Mirror): Pick<OfflineSettings, 'istio' | 'istioSets'> {
  if (!input.istio) return { istio: null, istioSets: '' };
  const tag = input.release.tested.istio;
  for (const img of ISTIO_IMAGES) mirror(img, tag);
  const istio = { hub: `${registry}/istio`, tag };
  const istioSets = [`--set global.hub=${istio.hub}`, `--set global.tag=${tag}`, ...pullSecrets.map((name, i) => `--set global.imagePullSecrets[${i}]=${name}`)].join(' ');
  return { istio, istioSets };
}

function offlineCertManager(version: string, pullSecrets: string[], mirror: Mirror): OfflineSettings['certManager'] {
  const tag = `v${version}`;
  return {
    tag,
    sets: [
      ...CERT_MANAGER_IMAGES.map((img) => ({ key: img.key, value: mirror(img.source, tag).repo })),
      ...pullSecrets.map((name, i) => ({ key: `global.imagePullSecrets[${i}].name`, value: name })),
    ],
  };
}

type Mirror = (repository: string, tag: string, pin?: boolean) => { repo: string; tag: string; ref: string; pinned: boolean };

/** A KServe chart image slot's values in `tree`: the mirrored image (and tag), and the pull secrets where the chart takes them. */
function setSlotValues(tree: Record<string, unknown>, slot: KserveImageSlot, mirror: Mirror, pullSecrets: string[], version: string): void {
  const def = slotImage(slot, version);
  const m = mirror(def.image, def.tag);
  setSlotImage(tree, slot, m.repo, m.tag);
  if (slot.pullSecrets && pullSecrets.length && satisfies(version, slot.pullSecrets.range)) {
    setPath(tree, slot.pullSecrets.key, slot.pullSecrets.asJsonText ? JSON.stringify(pullSecrets) : pullSecrets.map((name) => ({ name })));
  }
}

/** A slot's image in `tree`: repository and tag under their own keys, or one "<repository>:<tag>" value. */
export function setSlotImage(tree: Record<string, unknown>, slot: KserveImageSlot, repo: string, tag: string): void {
  if (slot.tagKey) {
    setPath(tree, slot.imageKey, repo);
    setPath(tree, slot.tagKey, tag);
  } else {
    setPath(tree, slot.imageKey, `${repo}:${tag}`);
  }
}

/** "<repository>:<tag>" split at the tag's colon (a registry port has one too). */
function splitRef(image: string): [string, string] {
  const colon = image.lastIndexOf(':');
  return [image.slice(0, colon), image.slice(colon + 1)];
}

/**
 * The LLM stack's images: the llmisvc controller (and, for the LLM stack alone, the images its shared
 * inferenceservice-config names: values.yaml of kserve-llmisvc-resources has kserve-resources' keys for
 * them), Envoy AI Gateway's controller and the extproc sidecar it injects into the Envoy proxies, LWS, and
 * the example's vLLM image.
 */
function offlineLlm(input: OfflineInput, l: { aiGateway: string | null; lws: string | null }, mirror: Mirror): OfflineLlm {
  const o = input.preset.offline;
  const version = input.release.version;
  const controller = mirror(LLMISVC_CONTROLLER_IMAGE, `v${version}`);
  const controllerValues: Record<string, unknown> = { image: controller.repo, tag: controller.tag };
  // The chart writes each entry as "- name: <entry>" (templates/_helpers.tpl llm-isvc-resources.imagePullSecrets).
  if (o.imagePullSecrets.length) controllerValues.imagePullSecrets = [...o.imagePullSecrets];
  const values: Record<string, unknown> = {};
  if (!input.predictive) {
    for (const slot of KSERVE_IMAGE_SLOTS.filter((s) => (LLMISVC_SHARED_IMAGE_SLOTS as readonly string[]).includes(s.id) && satisfies(version, s.range))) {
      setSlotValues(values, slot, mirror, o.imagePullSecrets, version);
    }
  }
  const aiGateway = l.aiGateway
    ? {
        controller: (({ repo, tag }) => ({ repository: repo, tag }))(mirror(AI_GATEWAY.controllerImage, `v${l.aiGateway}`)),
        extProc: (({ repo, tag }) => ({ repository: repo, tag }))(mirror(AI_GATEWAY.extProcImage, `v${l.aiGateway}`)),
      }
    : null;
  const example = llmExampleImage(version);
  return {
    controllerValues,
    sharedValues: (values.kserve as Record<string, unknown> | undefined) ?? {},
    aiGateway,
    lws: l.lws ? mirror(LWS.image, `v${l.lws}`).ref : null,
    exampleImage: mirror(example.image, example.tag).ref,
  };
}

/** The LLMInferenceServiceConfig presets' images (catalog/llm.ts), one patch per preset, applied after the chart. */
function presetPatches(version: string, mirror: Mirror): ImagePatch[] {
  const byPreset = new Map<string, { op: 'replace'; path: string; value: string }[]>();
  for (const p of llmPresetImages(version)) {
    const [repository, tag] = splitRef(p.image);
    byPreset.set(p.preset, [...(byPreset.get(p.preset) ?? []), { op: 'replace', path: p.path, value: mirror(repository, tag).ref }]);
  }
  return [...byPreset].map(([name, ops]) => ({
    path: `patches/llminferenceserviceconfig-${name}.yaml`,
    resource: 'llminferenceserviceconfig',
    name,
    namespaced: true,
    ops,
    why: `the images of the LLMInferenceServiceConfig preset ${name}, which the chart ships as a fixed file`,
  }));
}

/** Patches for the images the KServe chart of this version hard-codes (catalog/hardcoded-images.ts), each mirrored. */
function hardcodedImagePatches(input: OfflineInput, mirror: Mirror): ImagePatch[] {
  const version = input.release.version;
  const patches: ImagePatch[] = [];
  const add = (resource: string, name: string, namespaced: boolean, ops: [string, string][], why: string) => {
    patches.push({ path: `patches/${resource}-${name}.yaml`, resource, name, namespaced, ops: ops.map(([path, value]) => ({ op: 'replace', path, value })), why });
  };
  // The same image, tag and digest as the chart's storage initializer (kserve.storage.image/tag).
  const storageInitializer = () => mirror('kserve/storage-initializer', `v${version}`).ref;
  if (satisfies(version, STORAGE_CONTAINER_HARDCODED)) {
    add('clusterstoragecontainer', 'default', false, [['/spec/container/image', storageInitializer()]],
      'the ClusterStorageContainer the chart creates names kserve/storage-initializer:latest, and this version\'s injector prefers it to inferenceservice-config');
  }
  const localModel = LOCAL_MODEL_SECTIONS.find((s) => satisfies(version, s.range));
  if (localModel) {
    const section = { ...localModel.shape, defaultJobImage: storageInitializer() };
    add('configmap', 'inferenceservice-config', true, [['/data/localModel', JSON.stringify(section)]],
      'the LocalModel download job image (inferenceservice-config localModel.defaultJobImage), which the chart hard-codes as kserve/storage-initializer:latest');
  }
  if (input.mode === 'modelmesh') {
    for (const runtime of MODELMESH_RUNTIMES.find((m) => satisfies(version, m.range))?.runtimes ?? []) {
      add('clusterservingruntime', runtime.name, false, [['/spec/containers/0/image', mirror(runtime.image, runtime.tag).ref]],
        `the image of ModelMesh's ${runtime.name} runtime, which the chart hard-codes`);
    }
  }
  if (satisfies(version, HF_MULTINODE.range)) {
    const gpu = mirror('kserve/huggingfaceserver', `v${version}${HF_MULTINODE.suffix}`, false).ref;
    if (mirror('kserve/huggingfaceserver', `v${version}`).pinned) {
      add('clusterservingruntime', HF_MULTINODE.name, false, HF_MULTINODE.paths.map((p) => [p, gpu]),
        `the multi-node Hugging Face runtime's image: the chart appends ${HF_MULTINODE.suffix} to huggingfaceserver's tag, which is pinned here`);
    }
  }
  return patches;
}

/**
 * A digest for an image the install does not pull is not an error: a team's digest list may cover
 * many images, and resolve() warns that those are not used. But a key that
 * sits beside pulled images (same registry and path, e.g. "kserve/") and is one or two edits away
 * from one of them is a typo, and a typo would leave that image unpinned: refuse it. Only keys in
 * such a folder are compared, against the few images there, so a long list costs one lookup a key.
 */
function refuseNearMisses(unused: string[], pulledKeys: Set<string>): void {
  if (unused.length === 0) return;
  const byFolder = new Map<string, string[]>();
  for (const key of pulledKeys) {
    const folder = folderOf(key);
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), key]);
  }
  for (const key of unused.filter((k) => byFolder.has(folderOf(k)))) {
    const guess = byFolder.get(folderOf(key))!.find((c) => editDistance(key.toLowerCase(), c.toLowerCase()) <= 2);
    if (guess) {
      throw new UserError(
        `offline.imageDigests.${key}`,
        'names no image this install pulls',
        `did you mean "${guess}"? (the repository without its tag, as images.txt lists it; try --dry-run)`,
      );
    }
  }
}

/** "kserve/" for "kserve/kserve-controller"; "" for a repository without a slash. */
const folderOf = (key: string) => key.slice(0, key.lastIndexOf('/') + 1);

export function slotApplies(slot: KserveImageSlot, input: Pick<OfflineInput, 'mode'>, version: string): boolean {
  if (!satisfies(version, slot.range)) return false;
  if (slot.onlyIn === 'modelmesh' && input.mode !== 'modelmesh') return false;
  return true;
}

/**
 * The keys that name a repository in offline.imageDigests: as the chart writes it, fully qualified,
 * with its registry but without docker.io's "library/", without the registry, and without the
 * registry but with "library/" ("kong", "docker.io/library/kong", "docker.io/kong", "library/kong").
 */
function digestKeys(repository: string, p: Parsed): string[] {
  return [...new Set([repository, p.qualified, `${p.registry}/${p.path}`, p.path, p.qualified.slice(p.registry.length + 1)])];
}

function digestFor(digests: Record<string, string>, used: Set<string>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const d = Object.hasOwn(digests, key) ? digests[key] : undefined;
    if (d) {
      used.add(key);
      return d;
    }
  }
  return undefined;
}

/**
 * The net-istio release the cluster runs: the one the operator release bundles for this Serving
 * line (it pins it by digest), or, for Knative from release YAML, the line's release KServe's
 * upgrades install. net-istio has patch numbers of its own; a line the tables lack gets its .0.
 */
function netIstioVersion(k: NonNullable<OfflineInput['knative']>): string {
  const line = minorLine(k.version);
  const known = k.install === 'operator' ? NET_ISTIO_OF_OPERATOR[k.operatorVersion]?.[line] : KNATIVE_LINES[line]?.netIstio;
  return known ?? `${line}.0`;
}

export function setPath(tree: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let node = tree;
  for (const k of keys.slice(0, -1)) {
    node[k] ??= {};
    node = node[k] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
}
