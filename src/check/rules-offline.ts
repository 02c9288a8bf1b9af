/**
 * Offline rules. The input counts as offline when --offline-registry or kserve-config.yaml names the
 * mirror, when registries-skipping-tag-resolving lists a registry beyond Knative's defaults, or when
 * every KServe and Knative image it shows comes from registries none of them is published to (the
 * cluster pulls from a mirror, whatever the flags say).
 */
import { CERT_MANAGER_IMAGES, ISTIO_IMAGES, KNATIVE_OPERATOR_IMAGES, KNATIVE_SERVING_IMAGES, KONG_IMAGES, KSERVE_IMAGE_SLOTS } from '../catalog/images.js';
import { KNATIVE_DEFAULT_SKIP, parseRepository } from '../resolve/offline.js';
import { collectCommand } from './collect.js';
import { groupBy, unique, outcome, type Finding, type Outcome } from './finding.js';
import { knativeMode, type Model } from './model.js';

export const OFFLINE_RULES = {
  'offline-tag-resolving': 'offline, registries-skipping-tag-resolving lacks the mirror the images come from',
  'offline-image-registry': 'offline, an image comes from a registry outside registries-skipping-tag-resolving',
} as const;


/**
 * The registry host of an image as Knative compares it with registries-skipping-tag-resolving:
 * go-containerregistry names Docker Hub "index.docker.io", also for images written without a host.
 * `auto` (Istio's injected proxy), ko:// references and templates name no registry.
 */
export function imageRegistry(image: string): string | undefined {
  if (image === '' || image === 'auto' || /^[a-z]+:\/\//.test(image) || image.includes('{{')) return undefined;
  return dockerHub(parseRepository(image).registry.toLowerCase());
}

function dockerHub(host: string): string {
  return host === 'docker.io' ? 'index.docker.io' : host;
}

/** Where the images an install pulls are published (catalog/images.ts): any other registry is a mirror. */
const PUBLISHED = new Set(
  [
    ...KSERVE_IMAGE_SLOTS.flatMap((s) => s.defaults.map((d) => d.image)),
    ...KNATIVE_SERVING_IMAGES.map((i) => i.source),
    ...Object.values(KNATIVE_OPERATOR_IMAGES),
    ...ISTIO_IMAGES,
    ...CERT_MANAGER_IMAGES.map((i) => i.source),
    KONG_IMAGES.gateway.repository,
    KONG_IMAGES.controller.repository,
  ].map((image) => imageRegistry(image)!),
);

interface Offline {
  /** Registries the cluster pulls from instead of the public ones, and what says so. */
  mirrors: { host: string; from: string }[];
  /** The hosts registries-skipping-tag-resolving lists where the input sets it. */
  skip: string[];
}

function offlineOf(m: Model): Offline | undefined {
  const skip = unique(m.skipLists.filter((s) => s.set).flatMap((s) => s.hosts));
  const declared = m.offlineRegistries.map((r) => ({ host: dockerHub(r.host), from: r.from }));
  const inferred = inferredMirrors(m);
  if (declared.length === 0 && inferred.length === 0 && skip.every((h) => KNATIVE_DEFAULT_SKIP.includes(h))) return undefined;
  const mirrors = [...groupBy([...declared, ...inferred], (r) => r.host).values()].map((g) => g[0]!);
  return { mirrors, skip };
}

/** Every install image (not an InferenceService's) with a registry comes from one that is not public: those are mirrors. */
function inferredMirrors(m: Model): Offline['mirrors'] {
  const install = m.images.filter((i) => !i.user).flatMap((i) => {
    const host = imageRegistry(i.image);
    return host ? [{ image: i, host }] : [];
  });
  if (install.length === 0 || install.some((x) => PUBLISHED.has(x.host))) return [];
  return [...groupBy(install, (x) => x.host).values()].map((g) => ({
    host: g[0]!.host,
    from: `every KServe and Knative image in the input comes from a registry they are not published to (e.g. ${g[0]!.image.object} ${g[0]!.image.key})`,
  }));
}

/** Offline, the mirror must be in registries-skipping-tag-resolving, wherever the input configures Knative's deployments. */
export function offlineTagResolving(m: Model): Outcome {
  const offline = offlineOf(m);
  if (!offline || offline.mirrors.length === 0) return outcome();
  if (!(m.kserve.some(knativeMode) || m.knativeServings.length > 0 || m.skipLists.length > 0)) return outcome(); // no Knative: no tag resolution
  if (m.skipLists.length === 0) {
    return outcome([], [{
      rules: ['offline-tag-resolving'],
      reason: "Knative's registries-skipping-tag-resolving (the config-deployment ConfigMap, or a KnativeServing's spec.config.deployment) is not in the input",
      collect: [collectCommand('knativeConfigMaps')],
    }]);
  }
  // Knative reads the ConfigMap: where the cluster's is in the input, a KnativeServing that leaves the
  // key unset does not change it (the operator overwrites only the keys the KnativeServing sets).
  const liveConfigMap = m.skipLists.some((s) => s.source === 'configmap' && s.fromCluster);
  const judged = m.skipLists.filter((s) => !(liveConfigMap && s.source === 'knativeserving' && s.fromCluster && !s.set));
  const lacking = judged.flatMap((s) => {
    const missing = offline.mirrors.filter((r) => !s.hosts.includes(r.host));
    return missing.length ? [{ s, missing }] : [];
  });
  if (lacking.length === 0) return outcome();
  const missing = unique(lacking.flatMap((x) => x.missing.map((r) => r.host)));
  const from = unique(lacking.flatMap((x) => x.missing.map((r) => r.from)));
  const keys = unique(lacking.map((x) => x.s.key)).join(' and ');
  const operator =
    m.knativeServings.length > 0 && lacking.some((x) => x.s.source === 'configmap') ? ' (with the Knative Operator, set it in the KnativeServing: the operator writes config-deployment from it)' : '';
  return outcome([{
    rule: 'offline-tag-resolving',
    severity: 'error',
    places: lacking.map(({ s }) => ({ object: s.object, file: s.file, key: s.key, actual: s.set ? s.hosts.join(',') || '(empty)' : `(unset: Knative's default ${KNATIVE_DEFAULT_SKIP.join(',')})` })),
    expected: `a list with ${missing.join(', ')}`,
    expectedFrom: from.join('; '),
    fix:
      `add ${missing.join(', ')} to ${keys}${operator}: Knative's controller resolves every image tag to a digest by asking the image's registry unless that registry is listed, ` +
      'and against a mirror (a private CA, plain HTTP, no route from the controller) that fails: revisions stay unready with "failed to resolve image to digest"',
  }]);
}

/**
 * Offline, every image must come from a listed registry or the mirror: anything else neither resolves
 * (Knative asks the registry for the digest) nor pulls in an air-gapped cluster. One finding per registry.
 */
export function offlineImageRegistry(m: Model): Outcome {
  const findings: Finding[] = [];
  const offline = offlineOf(m);
  const allowed = offline ? unique([...offline.skip, ...offline.mirrors.map((r) => r.host), ...KNATIVE_DEFAULT_SKIP]) : [...KNATIVE_DEFAULT_SKIP];
  const setLists = m.skipLists.filter((s) => s.set);
  if (offline) {
    const mirrorHosts = offline.mirrors.map((r) => r.host);
    const from = unique([...setLists.map((s) => `${s.object} ${s.key}`), ...offline.mirrors.filter((r) => !offline.skip.includes(r.host)).map((r) => r.from)]).join('; ');
    const mirror = mirrorHosts[0] ?? offline.skip.find((h) => !KNATIVE_DEFAULT_SKIP.includes(h))!;
    const outside = m.images.flatMap((img) => {
      const host = imageRegistry(img.image);
      return host !== undefined && !allowed.includes(host) ? [{ img, host }] : [];
    });
    for (const [host, group] of groupBy(outside, (x) => x.host)) {
      const images = unique(group.map((x) => x.img.image));
      const hubNote = host === 'index.docker.io' && offline.skip.includes('docker.io') ? ' (Knative names Docker Hub index.docker.io, so "docker.io" in the list does not match)' : '';
      findings.push({
        rule: 'offline-image-registry',
        severity: 'error',
        places: group.map(({ img }) => ({ object: img.object, file: img.file, key: img.key, actual: `${host} (${img.image})` })),
        expected: allowed.join(', '),
        expectedFrom: from,
        fix: `mirror ${images.join(', ')} to ${mirror} and reference the mirrored image${images.length === 1 ? '' : 's'}, or add ${host} to registries-skipping-tag-resolving${hubNote}; offline, Knative cannot resolve the tag and nodes cannot pull from ${host}`,
      });
    }
  }
  findings.push(...queueSidecarImage(m, offline, allowed));
  return outcome(findings);
}

/**
 * The operator's spec.registry rewrites container images but not config-deployment's queue-sidecar-image,
 * so revisions keep pulling gcr.io (knative/operator#2313; ecosystem-facts.md §1).
 */
function queueSidecarImage(m: Model, offline: Offline | undefined, allowed: string[]): Finding[] {
  const queueInConfigMap = m.configMaps.some((c) => c.name === 'config-deployment' && (c.data['queue-sidecar-image'] ?? c.data.queueSidecarImage));
  const unset = m.knativeServings.filter((ks) => ks.mirrorsImages && !ks.queueSidecarImageSet && !queueInConfigMap);
  return [...groupBy(unset, (ks) => ks.object).values()].map((group) => ({
    rule: 'offline-image-registry',
    severity: 'error' as const,
    places: group.map((ks) => ({ object: ks.object, file: ks.file, key: 'spec.config.deployment.queue-sidecar-image', actual: "gcr.io (unset: Knative's default queue-proxy image)" })),
    expected: allowed.join(', '),
    expectedFrom: unique([...m.skipLists.filter((s) => s.set).map((s) => `${s.object} ${s.key}`), ...m.offlineRegistries.map((r) => r.from)]).join('; ') || `${group[0]!.object} spec.registry`,
    fix: `set spec.config.deployment.queue-sidecar-image to the mirrored queue-proxy image (${offline?.mirrors[0]?.host ?? 'your mirror'}/...): spec.registry does not reach it, so every revision still pulls from gcr.io`,
  }));
}

export const OFFLINE_CHECKS = [offlineTagResolving, offlineImageRegistry] as const;
