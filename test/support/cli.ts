/**
 * Test support for end-to-end runs of the built CLI (dist/cli.cjs) and for temporary folders.
 * The binary is spawned exactly as a user would run it: `node dist/cli.cjs ...`, with stdin a pipe
 * (never a TTY), so the tests also cover the bundle, not only the TypeScript sources.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** This file lives at <repo>/test/support/cli.ts. */
export const REPO_ROOT: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI_PATH: string = path.join(REPO_ROOT, 'dist', 'cli.cjs');

/** Per-spawn limit: a run takes ~60-120 ms, so anything near this is a hang. */
const SPAWN_TIMEOUT_MS = 15_000;

export interface RunOptions {
  /** Text fed to stdin (stdin is always a pipe, so never a TTY). Default: empty. */
  input?: string;
  cwd?: string;
  /** Added to (and overriding) the inherited environment. */
  env?: Record<string, string>;
  /** The node executable to run the CLI with. Default: the one running the tests. */
  node?: string;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: RunOptions = {}): RunResult {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run \`npm run build\` first`);
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env };
  // A debug switch in the caller's shell would add stack traces and break the one-line checks.
  delete env.CREATE_KSERVE_CONFIG_DEBUG;
  if (opts.env?.CREATE_KSERVE_CONFIG_DEBUG !== undefined) env.CREATE_KSERVE_CONFIG_DEBUG = opts.env.CREATE_KSERVE_CONFIG_DEBUG;
  const result = spawnSync(opts.node ?? process.execPath, [CLI_PATH, ...args], {
    cwd: opts.cwd ?? REPO_ROOT,
    env,
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: SPAWN_TIMEOUT_MS,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.error) throw new Error(`spawning ${CLI_PATH} failed: ${result.error.message}`);
  if (result.status === null) throw new Error(`${CLI_PATH} ${args.join(' ')} was killed by ${result.signal ?? 'a signal'}`);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const tempDirs: string[] = [];
let cleanupRegistered = false;

/** A fresh empty folder under os.tmpdir(), removed when the test process exits. */
export function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ckc-test-'));
  tempDirs.push(dir);
  if (!cleanupRegistered) {
    cleanupRegistered = true;
    process.on('exit', () => {
      for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
    });
  }
  return dir;
}

/** Every file under `dir` (recursive), as sorted "/"-separated paths relative to `dir`. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(relPath);
      else out.push(relPath);
    }
  };
  walk('');
  return out.sort();
}

/** Every file under `dir`, relative path -> content (UTF-8). */
export function readTree(dir: string): Record<string, string> {
  const tree: Record<string, string> = {};
  for (const rel of listFiles(dir)) tree[rel] = readFileSync(path.join(dir, ...rel.split('/')), 'utf8');
  return tree;
}
