/**
 * Test support: which real CRD validates which generated object, and a strict check for the few
 * core Kubernetes kinds we write (they have no CRD in ../shared/reference).
 */
import semver from 'semver';
import { validateAgainstCrd } from './crd.js';

/** Istio CRD releases saved in the reference folder. */
const ISTIO_SAVED = ['1.23.2', '1.27.1', '1.29.6'];
export const GATEWAY_API_SAVED = ['v1.0.0', 'v1.1.0', 'v1.2.1'];

/**
 * The CRD files an object must validate against. Gateway API objects must pass all three standard
 * channel versions (a cluster may have any); KServe objects the saved CRD nearest their release.
 */
export function crdFilesFor(obj: { apiVersion: string; kind: string }, ctx: { kserveVersion: string; istioVersion: string }): string[] | 'core' {
  const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0]! : '';
  switch (group) {
    case 'operator.knative.dev':
      // The 1.15.7 CRD file cannot be parsed by JS YAML parsers; 1.23.0 has the same spec.config/ingress schema.
      return ['crds/knative-operator/knative-v1.23.0/operator.knative.dev_knativeservings.yaml'];
    case 'networking.istio.io': {
      const istio = ISTIO_SAVED.filter((v) => semver.lte(v, semver.coerce(ctx.istioVersion)!.version)).pop() ?? ISTIO_SAVED[0]!;
      return [`crds/istio/${istio}/${obj.kind.toLowerCase()}s.networking.istio.io.yaml`];
    }
    case 'gateway.networking.k8s.io':
      return GATEWAY_API_SAVED.map((v) => `crds/gateway-api/${v}/standard/gateway.networking.k8s.io_${obj.kind.toLowerCase()}es.yaml`.replace('gatewayes', 'gateways').replace('httproutees', 'httproutes'));
    case 'serving.kserve.io': {
      const saved = semver.lt(ctx.kserveVersion, '0.16.0-rc0') ? 'v0.15.2' : 'v0.20.0';
      return [`crds/kserve/${saved}/serving.kserve.io_${obj.kind.toLowerCase()}s.yaml`];
    }
    case '':
    case 'networking.k8s.io':
      return 'core';
    default:
      throw new Error(`no reference CRD known for ${obj.apiVersion} ${obj.kind}`);
  }
}

const CORE_SHAPES: Record<string, { apiVersion: string; fields: string[] }> = {
  Namespace: { apiVersion: 'v1', fields: [] },
  ConfigMap: { apiVersion: 'v1', fields: ['data', 'binaryData', 'immutable'] },
  Secret: { apiVersion: 'v1', fields: ['data', 'stringData', 'type', 'immutable'] },
  IngressClass: { apiVersion: 'networking.k8s.io/v1', fields: ['spec'] },
  PersistentVolumeClaim: { apiVersion: 'v1', fields: ['spec'] },
  Pod: { apiVersion: 'v1', fields: ['spec'] },
};

/** The spec fields the core objects use (k8s.io/api core/v1 types), checked one level deep. */
const CORE_SPEC_FIELDS: Record<string, string[]> = {
  IngressClass: ['controller', 'parameters'],
  PersistentVolumeClaim: ['accessModes', 'resources', 'storageClassName', 'volumeMode', 'selector', 'dataSource'],
  Pod: ['containers', 'initContainers', 'volumes', 'securityContext', 'imagePullSecrets', 'serviceAccountName', 'restartPolicy', 'nodeSelector'],
};

/** Strict check of core objects: known kind/apiVersion, no unknown top-level fields, string data. */
export function validateCore(obj: Record<string, unknown>): string[] {
  const shape = CORE_SHAPES[String(obj.kind)];
  if (!shape) return [`unexpected core kind ${String(obj.kind)}`];
  const errors: string[] = [];
  if (obj.apiVersion !== shape.apiVersion) errors.push(`apiVersion must be ${shape.apiVersion}`);
  const meta = obj.metadata as Record<string, unknown> | undefined;
  if (!meta || typeof meta.name !== 'string' || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(meta.name)) errors.push('metadata.name must be a DNS name');
  for (const key of Object.keys(meta ?? {})) if (!['name', 'namespace', 'labels', 'annotations'].includes(key)) errors.push(`metadata.${key}: unknown field`);
  for (const key of Object.keys(obj)) if (!['apiVersion', 'kind', 'metadata', ...shape.fields].includes(key)) errors.push(`${key}: unknown field`);
  for (const field of ['data', 'stringData']) {
    const data = obj[field];
    if (data !== undefined) for (const [k, v] of Object.entries(data as object)) if (typeof v !== 'string') errors.push(`${field}.${k} must be a string`);
  }
  const spec = obj.spec as Record<string, unknown> | undefined;
  if (obj.kind === 'IngressClass' && typeof spec?.controller !== 'string') errors.push('spec.controller must be a string');
  if (obj.kind === 'Pod' && !Array.isArray(spec?.containers)) errors.push('spec.containers must be a list');
  const allowed = CORE_SPEC_FIELDS[String(obj.kind)];
  if (allowed) for (const key of Object.keys(spec ?? {})) if (!allowed.includes(key)) errors.push(`spec.${key}: unknown field`);
  return errors;
}

export function validateObject(obj: Record<string, unknown>, ctx: { kserveVersion: string; istioVersion: string }): string[] {
  const files = crdFilesFor(obj as { apiVersion: string; kind: string }, ctx);
  if (files === 'core') return validateCore(obj);
  return files.flatMap((f) => validateAgainstCrd(obj, f).map((e) => `${f}: ${e}`));
}
