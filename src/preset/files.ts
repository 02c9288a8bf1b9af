/**
 * What a preset points at outside itself: the CA bundle file it names and the storage credentials
 * from the environment. Read here, at the edge, so everything after it stays pure.
 * Credentials are never taken from a preset (contract §2) and never appear in messages.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
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
    throw new UserError('storage.caBundle.file', `cannot read ${quote(file)} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, `check the path; it is relative to the preset's folder`);
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
