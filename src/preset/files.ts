/**
 * What a preset points at outside itself: the CA bundle file it names and the storage credentials
 * from the environment. Read here, at the edge, so everything after it stays pure.
 * Credentials are never taken from a preset (contract §2) and never appear in messages.
 */
import { X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { parseYaml } from '../yaml-input.js';
import path from 'node:path';
import { UserError, quote } from '../errors.js';
import type { Preset } from './schema.js';

export interface CaBundle {
  /** The certificates, normalised: each PEM block as read, joined by newlines. */
  pem: string;
  count: number;
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** What resolve() needs besides the preset; all optional so tests can pass only what they exercise. */
export interface ExternalInputs {
  caBundle?: CaBundle;
  credentials?: Credentials;
}

const MAX_PEM_BYTES = 1024 * 1024;
const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)\r?\n?-----END \1-----/g;

/**
 * Checks that `text` holds one or more PEM certificates and nothing else that matters.
 * `where` names the file in the error. A private key is refused outright: it has no place in a CA bundle.
 */
export function validatePem(text: string, where: string): CaBundle {
  const blocks: string[] = [];
  for (const m of text.matchAll(BLOCK)) {
    const label = m[1]!;
    if (label.includes('PRIVATE KEY')) {
      throw new UserError('storage.caBundle.file', `${where} contains a private key`, 'give a file with only the CA certificates (never a key)');
    }
    if (label !== 'CERTIFICATE' && label !== 'TRUSTED CERTIFICATE') {
      throw new UserError('storage.caBundle.file', `${where} contains a "${label}" block, not a certificate`, 'give a PEM file of CA certificates only');
    }
    const block = m[0].replace(/\r\n/g, '\n');
    try {
      new X509Certificate(block);
    } catch (err) {
      throw new UserError(
        'storage.caBundle.file',
        `certificate ${blocks.length + 1} in ${where} does not parse (${(err as Error).message.split('\n')[0]})`,
        'export the CA certificate again as PEM (openssl x509 -outform PEM)',
      );
    }
    blocks.push(block);
  }
  if (blocks.length === 0) {
    throw new UserError('storage.caBundle.file', `${where} holds no PEM certificate`, 'give a PEM file starting with -----BEGIN CERTIFICATE-----');
  }
  return { pem: `${blocks.join('\n')}\n`, count: blocks.length };
}

/**
 * Reads storage.caBundle.file, relative to the preset's folder. A relative path may not climb out of
 * both that folder and the working directory: a shared preset must not make the tool read (and
 * publish into a ConfigMap) files elsewhere on the machine. Absolute paths are the user's own choice.
 */
export function readCaBundle(preset: Preset, baseDir: string, cwd = process.cwd()): CaBundle | undefined {
  const file = preset.storage.caBundle.file;
  if (file === '') return undefined;
  const resolved = path.resolve(baseDir, file);
  if (!path.isAbsolute(file) && !isInside(resolved, baseDir) && !isInside(resolved, cwd)) {
    throw new UserError(
      'storage.caBundle.file',
      `${quote(file)} points outside the preset's folder`,
      'put the PEM file next to the preset (or below it), or give an absolute path',
    );
  }
  let st;
  try {
    st = statSync(resolved);
  } catch (err) {
    throw new UserError('storage.caBundle.file', `cannot read ${quote(file)} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, path.isAbsolute(file) ? 'check the path' : "check the path; it is relative to the preset's folder");
  }
  if (!st.isFile()) throw new UserError('storage.caBundle.file', `${quote(file)} is not a file`, 'give the path of a PEM file');
  if (st.size > MAX_PEM_BYTES) throw new UserError('storage.caBundle.file', `${quote(file)} is larger than 1 MiB`, 'give a PEM file with only the CA certificates');
  let text: string;
  try {
    text = readFileSync(resolved, 'utf8');
  } catch (err) {
    throw new UserError('storage.caBundle.file', `cannot read ${quote(file)} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, 'check the file permissions');
  }
  return validatePem(text, quote(file));
}

function isInside(child: string, dir: string): boolean {
  const rel = path.relative(path.resolve(dir), child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** S3 credentials from the environment, as the AWS tools name them; absent means placeholders. */
export function readCredentials(env: NodeJS.ProcessEnv): Credentials | undefined {
  const accessKeyId = env.AWS_ACCESS_KEY_ID ?? '';
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY ?? '';
  if (accessKeyId === '' || secretAccessKey === '') return undefined;
  return { accessKeyId, secretAccessKey };
}

/**
 * The S3 credentials a folder this tool wrote already holds: the storage-config Secrets in
 * `<out>/secrets/`. A re-run without new credentials (environment or wizard) takes these instead of
 * writing placeholders over them. Only when every such Secret agrees: otherwise nothing is guessed.
 */
export function keptCredentials(outDir: string, secretName: string): { credentials: Credentials; file: string } | { conflict: string[] } | undefined {
  const dir = path.join(outDir, 'secrets');
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => f.endsWith(`.${secretName}.yaml`)).sort();
  } catch {
    return undefined; // no secrets/ folder: nothing to keep
  }
  const found = names.flatMap((name) => {
    const credentials = credentialsInSecret(path.join(dir, name));
    return credentials ? [{ credentials, file: `secrets/${name}` }] : [];
  });
  if (found.length === 0) return undefined;
  const same = found.every((f) => f.credentials.accessKeyId === found[0]!.credentials.accessKeyId && f.credentials.secretAccessKey === found[0]!.credentials.secretAccessKey);
  return same ? found[0] : { conflict: found.map((f) => f.file) };
}

/** The keys of a storage-config Secret's "default" entry, unless they are the placeholders. */
function credentialsInSecret(file: string): Credentials | undefined {
  try {
    const docs = parseYaml(readFileSync(file, 'utf8'));
    if (docs.length !== 1) return undefined;
    const secret = docs[0] as { kind?: unknown; stringData?: { default?: unknown } } | null;
    if (secret?.kind !== 'Secret' || typeof secret.stringData?.default !== 'string') return undefined;
    const entry = JSON.parse(secret.stringData.default) as { access_key_id?: unknown; secret_access_key?: unknown };
    const { access_key_id: accessKeyId, secret_access_key: secretAccessKey } = entry;
    if (typeof accessKeyId !== 'string' || typeof secretAccessKey !== 'string' || accessKeyId === '' || secretAccessKey === '') return undefined;
    if (accessKeyId.startsWith('REPLACE_WITH_') || secretAccessKey.startsWith('REPLACE_WITH_')) return undefined;
    return { accessKeyId, secretAccessKey };
  } catch {
    return undefined; // not a Secret this tool wrote: left alone, not read
  }
}

/**
 * The credentials the storage-config Secret gets. Typed ones, else (unless the wizard was told
 * otherwise) those in the environment, else the ones the output folder already holds, so a re-run
 * never writes placeholders over real keys; `kept` says when the folder's were taken. Undefined
 * means placeholders.
 */
export function chooseCredentials(
  preset: Preset,
  outDir: string,
  env: NodeJS.ProcessEnv,
  wizard: { typed?: Credentials; source?: 'prompt' | 'env' | 'keep' | 'placeholders' } = {},
): { credentials?: Credentials; kept?: string } {
  if (!preset.storage.storageConfig.enabled || wizard.source === 'placeholders') return {};
  if (wizard.typed) return { credentials: wizard.typed };
  const fromEnv = readCredentials(env);
  if (fromEnv && wizard.source !== 'keep') return { credentials: fromEnv };
  const kept = keptCredentials(outDir, preset.storage.storageConfig.secretName);
  if (kept && 'conflict' in kept) {
    throw new UserError('--out', `${kept.conflict.join(' and ')} hold different S3 credentials`, 'set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY to the ones to write (or remove the stale Secret files)');
  }
  if (kept) return { credentials: kept.credentials, kept: kept.file };
  return fromEnv ? { credentials: fromEnv } : {};
}
