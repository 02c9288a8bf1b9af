/**
 * The KServe and Knative versions the input names, kept apart by side: what a generated folder was
 * written for (values headers, kserve-config.yaml, its KnativeServing manifest) and what a cluster
 * runs (the controller's image tag, the KnativeServing's status, the version labels Knative's release
 * YAML puts on its ConfigMaps and CRDs). The KServe CRDs carry no version (controller-gen output, no
 * labels), so the controller image is KServe's only running version.
 */
import semver from 'semver';
import { TESTED, knativeVersionOf, modeOf } from '../catalog/index.js';
import { describeObject, getPath, isObj, type KubeObject, type Loaded, type Place } from './load.js';

export interface VersionSeen {
  /** X.Y.Z (a prerelease kept). */
  version: string;
  /** Prose for reports: `the header of helm/kserve.values.yaml`, `Deployment kserve/x image ...`. */
  from: string;
  /** Cluster side: the object and key the version was read from. */
  place?: Place;
}

export interface VersionSides {
  folder: VersionSeen[];
  cluster: VersionSeen[];
}

export interface Versions {
  kserve: VersionSides;
  knative: VersionSides;
}

/** "v0.15.2", "0.15.2-rc1", "v0.15.2@sha256:..." -> "0.15.2"; undefined for anything else (devel, latest). */
export function normVersion(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  return semver.valid(v.trim().replace(/@.*$/, '').replace(/^v/, '')) ?? undefined;
}

const CONTROLLER_IMAGE = /\/?kserve-controller:([^@\s]+)(@\S+)?$/;
const WORKLOADS = new Set(['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Pod']);

export function readVersions(loaded: Loaded): Versions {
  return { kserve: kserveVersions(loaded), knative: knativeVersions(loaded) };
}

function kserveVersions(loaded: Loaded): VersionSides {
  const folder: VersionSeen[] = [];
  for (const v of loaded.values) {
    if (v.role !== 'kserve') continue;
    const header = normVersion(/Helm values for the \S+ chart (\S+)/.exec(v.header)?.[1]);
    if (header) folder.push({ version: header, from: `the header of ${v.file}` });
    const key = normVersion(getPath(v.body, 'kserve.version'));
    if (key) folder.push({ version: key, from: `${v.file} kserve.version` });
  }
  for (const p of loaded.presets) {
    const version = normVersion(getPath(p.body, 'kserve.version'));
    if (version) folder.push({ version, from: `${p.file} kserve.version` });
  }
  const cluster: VersionSeen[] = [];
  for (const o of loaded.objects) {
    if (o.kind !== 'ConfigMap' || o.name !== 'inferenceservice-config') continue;
    const label = normVersion(o.labels['app.kubernetes.io/version']) ?? normVersion(/-(v?\d+\.\d+\.\d+\S*)$/.exec(o.labels['helm.sh/chart'] ?? '')?.[1]);
    if (label) cluster.push({ version: label, from: `the labels of ${describeObject(o)}`, place: { object: describeObject(o), file: o.file, key: 'metadata.labels', actual: label } });
  }
  // The controller's Deployment is never in a generated folder: it is what runs.
  for (const o of loaded.objects) {
    if (!WORKLOADS.has(o.kind)) continue;
    const spec = o.kind === 'Pod' ? o.body.spec : getPath(o.body, 'spec.template.spec');
    const at = o.kind === 'Pod' ? 'spec.containers' : 'spec.template.spec.containers';
    const containers = isObj(spec) && Array.isArray(spec.containers) ? spec.containers : [];
    containers.forEach((c, i) => {
      const image = isObj(c) && typeof c.image === 'string' ? c.image : '';
      const version = normVersion(CONTROLLER_IMAGE.exec(image)?.[1]);
      if (version) cluster.push({ version, from: `${describeObject(o)} image ${image}`, place: { object: describeObject(o), file: o.file, key: `${at}[${i}].image`, actual: image } });
    });
  }
  return { folder, cluster };
}

function knativeVersions(loaded: Loaded): VersionSides {
  const folder: VersionSeen[] = [];
  const cluster: VersionSeen[] = [];
  for (const o of loaded.objects) {
    if (o.kind === 'KnativeServing' && o.apiVersion.startsWith('operator.knative.dev/')) {
      const spec = normVersion(getPath(o.body, 'spec.version'));
      const status = normVersion(getPath(o.body, 'status.version'));
      if (!o.fromCluster) {
        if (spec) folder.push({ version: spec, from: `${o.file} spec.version` });
        continue;
      }
      // status.version is what the operator installed; spec.version what it was asked for.
      const [version, key] = status ? [status, 'status.version'] : [spec, 'spec.version'];
      if (version) cluster.push({ version, from: `${describeObject(o)} ${key}`, place: { object: describeObject(o), file: o.file, key, actual: version } });
    } else if (o.fromCluster && isKnativeRelease(o)) {
      const key = o.labels['app.kubernetes.io/version'] !== undefined ? 'app.kubernetes.io/version' : 'serving.knative.dev/release';
      const version = normVersion(o.labels[key]);
      if (version) cluster.push({ version, from: `the labels of ${describeObject(o)}`, place: { object: describeObject(o), file: o.file, key: `metadata.labels.${key}`, actual: o.labels[key]! } });
    }
  }
  for (const p of loaded.presets) {
    // The preset's default mode is Serverless.
    if (modeOf(String(getPath(p.body, 'deploymentMode') ?? 'Serverless')) !== 'knative') continue;
    const knative = getPath(p.body, 'knative.version');
    const version = normVersion(typeof knative === 'string' && knative !== '' ? knativeVersionOf(knative) : undefined);
    if (version) {
      folder.push({ version, from: `${p.file} knative.version` });
      continue;
    }
    // Empty knative.version: the generator installs the Knative Serving version that KServe line was tested with.
    const kserve = normVersion(getPath(p.body, 'kserve.version'));
    const tested = kserve ? TESTED[`${semver.major(kserve)}.${semver.minor(kserve)}`]?.knativeServing : undefined;
    if (tested) folder.push({ version: tested, from: `the Knative version KServe ${kserve} was tested with (${p.file} knative.version is empty)` });
  }
  return { folder, cluster };
}

/** Knative's release YAML labels its ConfigMaps and CRDs with the release version (`devel` in git). */
function isKnativeRelease(o: KubeObject): boolean {
  const knativeObject =
    (o.kind === 'ConfigMap' && o.namespace === 'knative-serving' && (o.name === 'config-istio' || o.name === 'config-deployment')) ||
    (o.kind === 'CustomResourceDefinition' && o.name.endsWith('.serving.knative.dev'));
  return knativeObject && (o.labels['app.kubernetes.io/version'] !== undefined || o.labels['serving.knative.dev/release'] !== undefined);
}

/** KServe drifts at any version difference; Knative by minor (net-istio and Serving patch numbers differ). */
export function sameRelease(component: 'kserve' | 'knative', a: string, b: string): boolean {
  if (component === 'kserve') return semver.eq(a, b);
  return semver.major(a) === semver.major(b) && semver.minor(a) === semver.minor(b);
}
