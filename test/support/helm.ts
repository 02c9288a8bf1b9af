/**
 * `helmTemplate(args)`: `helm template` with Helm 4 (or the Helm of `helm`, e.g. HELM3) from
 * test/support/tools.ts, synchronously (the upgrade tests render one side after the other). Nothing
 * reaches a cluster or the network: every chart is a local folder of ../shared/reference/charts.
 */
import { spawnSync } from 'node:child_process';
import { HELM4, isolatedEnv, toolPath, type ToolSpec } from './tools.js';

/** `helm template ARGS`: stdout, or an Error with Helm's stderr. */
export function helmTemplate(args: string[], helm: ToolSpec = HELM4): string {
  const r = spawnSync(toolPath(helm), ['template', ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: isolatedEnv() });
  if (r.status !== 0) throw new Error(`helm ${helm.version} template ${args.join(' ')} failed: ${r.stderr || r.error?.message}`);
  return r.stdout;
}
