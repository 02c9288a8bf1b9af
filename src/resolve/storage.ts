/** Model storage: the CA bundle ConfigMap and the storage-config Secret KServe and ModelMesh read. */
import type { Release } from '../catalog/index.js';
import { UserError } from '../errors.js';
import type { ExternalInputs } from '../preset/files.js';
import type { Preset } from '../preset/schema.js';
import type { IstioSettings, StorageSettings } from './types.js';

/** Knative copies nothing; KServe copies the CA ConfigMap into every InferenceService namespace under this name. */
const GLOBAL_CA_BUNDLE = 'global-ca-bundle';
export const CREDENTIAL_PLACEHOLDERS = { accessKeyId: 'REPLACE_WITH_AWS_ACCESS_KEY_ID', secretAccessKey: 'REPLACE_WITH_AWS_SECRET_ACCESS_KEY' };

export function resolveStorage(preset: Preset, release: Release, inputs: ExternalInputs, istio: IstioSettings, warnings: string[]): StorageSettings {
  const caBundle = resolveCaBundle(preset, release, inputs);
  const sc = preset.storage.storageConfig;
  if (sc.embedCertificate && !sc.enabled) {
    warnings.push('storage.storageConfig.embedCertificate is ignored: storage.storageConfig.enabled is false');
  }
  if (!sc.enabled) return { caBundle, storageConfig: null };
  if (sc.embedCertificate && !caBundle) {
    throw new UserError('storage.storageConfig.embedCertificate', 'is true but storage.caBundle.file is empty', 'set storage.caBundle.file to the PEM to embed, or set embedCertificate: false');
  }
  if (sc.embedCertificate && !release.features.storageSpecCaBundleField) {
    throw new UserError(
      'storage.storageConfig.embedCertificate',
      `KServe ${release.version} reads the "certificate" field as a file path, while ModelMesh reads it as PEM text, so one entry cannot serve both`,
      'use KServe 0.12.0 or later, or set embedCertificate: false',
    );
  }
  const creds = inputs.credentials;
  if (!creds) {
    warnings.push('AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are not set: the storage-config Secret carries REPLACE_WITH_... placeholders to fill in');
  }
  const { entry, caField } = storageEntry(preset, release, caBundle, creds);
  return {
    caBundle,
    storageConfig: {
      secretName: sc.secretName,
      customSecretName: sc.secretName !== 'storage-config',
      namespaces: sc.namespaces.length ? sc.namespaces : istio.servingNamespaces.length ? istio.servingNamespaces : ['kserve-test'],
      entries: { default: `${JSON.stringify(entry, null, 2)}\n` },
      placeholders: !creds,
      caField,
    },
  };
}

function resolveCaBundle(preset: Preset, release: Release, inputs: ExternalInputs): StorageSettings['caBundle'] {
  const ca = preset.storage.caBundle;
  if (ca.file === '') return null;
  if (!release.features.caBundleConfigMap) {
    throw new UserError(
      'storage.caBundle.file',
      `KServe ${release.version} cannot mount a CA bundle into the storage initializer (caBundleConfigMapName arrived in 0.12)`,
      'use KServe 0.12 or later, or build a storage-initializer image that trusts your CA',
    );
  }
  if (!inputs.caBundle) throw new Error('storage.caBundle.file is set but the CA bundle was not read');
  return {
    configMapName: ca.configMapName,
    pem: inputs.caBundle.pem,
    count: inputs.caBundle.count,
    mountPath: ca.mountPath,
    customMountPath: ca.mountPath !== '/etc/ssl/custom-certs',
    outputFile: 'certs/ca-bundle.pem',
  };
}

/** The Secret's "default" entry, the JSON KServe (and ModelMesh) read, and which field carries the CA for KServe. */
function storageEntry(preset: Preset, release: Release, caBundle: StorageSettings['caBundle'], creds: ExternalInputs['credentials']): { entry: Record<string, string>; caField: string | null } {
  const { s3, embedCertificate } = preset.storage.storageConfig;
  const entry: Record<string, string> = {
    type: 's3',
    access_key_id: creds?.accessKeyId ?? CREDENTIAL_PLACEHOLDERS.accessKeyId,
    secret_access_key: creds?.secretAccessKey ?? CREDENTIAL_PLACEHOLDERS.secretAccessKey,
  };
  if (s3.endpoint) entry.endpoint_url = `${s3.useHttps ? 'https' : 'http'}://${s3.endpoint}`;
  if (s3.region) entry.region = s3.region;
  if (s3.bucket) {
    entry.bucket = s3.bucket; // KServe
    entry.default_bucket = s3.bucket; // ModelMesh
  }
  entry.verify_ssl = s3.verifySSL ? '1' : '0';
  let caField: string | null = null;
  if (caBundle && release.features.storageSpecCaBundleConfigMap) {
    // The injector mounts this ConfigMap from the InferenceService's namespace, where KServe keeps
    // its copy of caBundleConfigMapName under the name global-ca-bundle.
    entry.cabundle_configmap = GLOBAL_CA_BUNDLE;
    caField = release.features.storageSpecCaBundleField ? 'ca_bundle' : 'certificate';
    entry[caField] = `${caBundle.mountPath}/cabundle.crt`;
  }
  if (embedCertificate && caBundle) entry.certificate = caBundle.pem; // ModelMesh reads the PEM text itself
  return { entry, caField };
}
