/**
 * Test support: which real CRD validates which generated object, and a strict check for the few
 * core Kubernetes kinds we write (they have no CRD in ../shared/reference).
 */
import semver from 'semver';
import type { Plan } from '../../src/plan/index.js';
import { validateAgainstCrd } from './crd.js';

/** Istio CRD releases saved in the reference folder. */
const ISTIO_SAVED = ['1.23.2', '1.27.1', '1.29.6'];
export const GATEWAY_API_SAVED = ['v1.0.0', 'v1.1.0', 'v1.2.1'];

export interface ValidationContext {
  kserveVersion: string;
  istioVersion: string;
  /** The Gateway API standard CRDs the output installs (X.Y.Z); absent: any a cluster may have. */
  gatewayApiVersion?: string;
}

/** The context to validate a generated plan's objects in: its KServe, Istio and Gateway API versions. */
export function validationContext(plan: Plan): ValidationContext {
  const c = plan.context;
  return { kserveVersion: c.release.version, istioVersion: c.istio.version, ...(c.gatewayApi ? { gatewayApiVersion: c.gatewayApi.crdVersion } : {}) };
}

/** A Gateway API standard CRD file of the reference folder, for a version such as "1.5.1". */
export function gatewayApiCrd(version: string, kind: string): string {
  const plural = { Gateway: 'gateways', GatewayClass: 'gatewayclasses', HTTPRoute: 'httproutes' }[kind] ?? `${kind.toLowerCase()}s`;
  return `crds/gateway-api/v${version.replace(/^v/, '')}/standard/gateway.networking.k8s.io_${plural}.yaml`;
}

/**
 * The CRD files an object must validate against. Gateway API objects the standard CRDs the output
 * installs, or all three older saved versions when it does not say (a cluster may have any); KServe
 * objects the saved CRD nearest their release.
 */
export function crdFilesFor(obj: { apiVersion: string; kind: string }, ctx: ValidationContext): string[] | 'core' | 'envoyproxy' {
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
      return ctx.gatewayApiVersion ? [gatewayApiCrd(ctx.gatewayApiVersion, obj.kind)] : GATEWAY_API_SAVED.map((v) => gatewayApiCrd(v, obj.kind));
    case 'gateway.envoyproxy.io':
      // Envoy Gateway's CRDs are not in the reference folder: a strict check of the fields this tool writes.
      return 'envoyproxy';
    case 'serving.kserve.io': {
      if (obj.kind === 'LLMInferenceService') {
        // The release's own LLM CRD (v0.16.0-v0.20.0 are vendored, gzip'd): v1alpha1 only in 0.16.
        const llm = ['0.16.0', '0.17.1', '0.18.1', '0.19.0', '0.20.0'].find((v) => semver.lte(semver.coerce(ctx.kserveVersion)!.version, v) && semver.minor(v) === semver.minor(ctx.kserveVersion)) ?? '0.20.0';
        return [`crds/kserve/v${llm}/serving.kserve.io_llminferenceservices.yaml.gz`];
      }
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

/**
 * The EnvoyProxy this tool writes (offline, Envoy Gateway before v1.8): exactly the fields of
 * envoyproxy/gateway's api/v1alpha1 EnvoyProxySpec it sets, nothing else. (Checked once against the
 * real gateway.envoyproxy.io_envoyproxies.yaml of v1.2.2, v1.6.3 and v1.7.0; not vendored here.)
 */
export function validateEnvoyProxy(obj: Record<string, unknown>): string[] {
  const errors: string[] = [];
  if (obj.apiVersion !== 'gateway.envoyproxy.io/v1alpha1' || obj.kind !== 'EnvoyProxy') errors.push('must be gateway.envoyproxy.io/v1alpha1 EnvoyProxy');
  const keys = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : ['(not a mapping)']);
  const only = (v: unknown, allowed: string[], at: string) => {
    for (const k of keys(v)) if (!allowed.includes(k)) errors.push(`${at}.${k}: unknown field`);
  };
  only(obj, ['apiVersion', 'kind', 'metadata', 'spec'], '');
  only(obj.metadata, ['name', 'namespace'], 'metadata');
  const spec = obj.spec as { provider?: { type?: unknown; kubernetes?: { envoyDeployment?: { container?: { image?: unknown }; pod?: { imagePullSecrets?: unknown } } } } };
  only(spec, ['provider'], 'spec');
  only(spec?.provider, ['type', 'kubernetes'], 'spec.provider');
  if (spec?.provider?.type !== 'Kubernetes') errors.push('spec.provider.type must be Kubernetes');
  only(spec?.provider?.kubernetes, ['envoyDeployment'], 'spec.provider.kubernetes');
  const deployment = spec?.provider?.kubernetes?.envoyDeployment;
  only(deployment, ['container', 'pod'], 'spec.provider.kubernetes.envoyDeployment');
  only(deployment?.container, ['image'], 'spec.provider.kubernetes.envoyDeployment.container');
  if (typeof deployment?.container?.image !== 'string') errors.push('spec.provider.kubernetes.envoyDeployment.container.image must be a string');
  if (deployment?.pod !== undefined) {
    only(deployment.pod, ['imagePullSecrets'], 'spec.provider.kubernetes.envoyDeployment.pod');
    const secrets = deployment.pod.imagePullSecrets;
    if (!Array.isArray(secrets) || secrets.some((x) => keys(x).join() !== 'name')) errors.push('imagePullSecrets must be a list of {name}');
  }
  return errors;
}

export function validateObject(obj: Record<string, unknown>, ctx: ValidationContext): string[] {
  const files = crdFilesFor(obj as { apiVersion: string; kind: string }, ctx);
  if (files === 'core') return validateCore(obj);
  if (files === 'envoyproxy') return validateEnvoyProxy(obj);
  return files.flatMap((f) => validateAgainstCrd(obj, f).map((e) => `${f}: ${e}`));
}
