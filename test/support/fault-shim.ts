/**
 * Builds test/support/fault-shim.c (an LD_PRELOAD library that injects file system faults) with
 * the machine's C compiler, once per test process, and gives the environment that loads it.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT, tempDir } from './cli.js';

let built: string | undefined;

/** Path of the built library. Fails the calling test when there is no compiler (never skips silently). */
export function faultShim(): string {
  if (built) return built;
  const out = path.join(tempDir(), 'fault-shim.so');
  const cc = process.env.CC ?? 'gcc';
  const r = spawnSync(cc, ['-shared', '-fPIC', '-O1', '-Wall', '-o', out, path.join(REPO_ROOT, 'test', 'support', 'fault-shim.c'), '-ldl'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`building the fault shim with ${cc} failed (install gcc, or set CC): ${r.error?.message ?? r.stderr}`);
  built = out;
  return out;
}

/** Environment for a CLI run with the given CKC_FAULTS rules (see fault-shim.c). */
export function faultEnv(rules: string[]): Record<string, string> {
  return { LD_PRELOAD: faultShim(), CKC_FAULTS: rules.join(';') };
}
