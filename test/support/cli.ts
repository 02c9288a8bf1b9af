/**
 * Test support for end-to-end runs of the built CLI (dist/cli.cjs) and for temporary folders.
 * The binary is spawned exactly as a user would run it: `node dist/cli.cjs ...`, with stdin a pipe
 * (never a TTY), so the tests also cover the bundle, not only the TypeScript sources.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { Writable } from 'node:stream';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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

export interface AsyncRunOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Options for node itself, before the script (e.g. --max-old-space-size=48). */
  nodeArgs?: string[];
  /** 'ignore': stdin is /dev/null; 'open': a pipe that `feed` writes to and nobody closes. Default: a pipe closed at once. */
  stdin?: 'ignore' | 'open';
  feed?: (stdin: Writable) => void;
  /** Sends `signal` this many ms after the spawn. */
  signalAfterMs?: number;
  signal?: NodeJS.Signals;
  /** The run is SIGKILLed after this long and the result says so (default 15 s). */
  timeoutMs?: number;
}

export interface AsyncRunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

/** Runs the built CLI without blocking the test process: for signals, pipes that stay open, races. */
export function runCliAsync(args: string[], opts: AsyncRunOptions = {}): Promise<AsyncRunResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env };
  if (opts.env?.CREATE_KSERVE_CONFIG_DEBUG === undefined) delete env.CREATE_KSERVE_CONFIG_DEBUG;
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), CLI_PATH, ...args], {
      cwd: opts.cwd ?? REPO_ROOT,
      env,
      stdio: [opts.stdin === 'ignore' ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    if (child.stdin) {
      child.stdin.on('error', () => {}); // the CLI may stop reading (and exit) first
      if (opts.feed) opts.feed(child.stdin);
      if (opts.stdin !== 'open') child.stdin.end();
    }
    const signalTimer = opts.signalAfterMs !== undefined ? setTimeout(() => child.kill(opts.signal ?? 'SIGINT'), opts.signalAfterMs) : undefined;
    const killTimer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? SPAWN_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(signalTimer);
      clearTimeout(killTimer);
      child.stdin?.destroy();
      resolvePromise({ code, signal, stdout, stderr, ms: performance.now() - t0, timedOut });
    });
  });
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

/** Writes `files` (path -> content) into a new temporary folder and returns it. */
export function writeFiles(files: Map<string, string>): string {
  const dir = tempDir();
  for (const [p, content] of files) {
    mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    writeFileSync(path.join(dir, p), content);
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

/**
 * Every entry under `dir` with its type, mode and content ("link -> target" for links, "dir NNN"
 * for folders): what "untouched" and "byte-identical" compare.
 */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${e}` : e;
      const abs = path.join(dir, r);
      const st = lstatSync(abs);
      if (st.isSymbolicLink()) out[r] = `link -> ${readlinkSync(abs)}`;
      else if (st.isDirectory()) {
        out[`${r}/`] = `dir ${(st.mode & 0o777).toString(8)}`;
        walk(r);
      } else out[r] = `${(st.mode & 0o777).toString(8)} ${readFileSync(abs, 'utf8')}`;
    }
  };
  walk('');
  return out;
}

/**
 * Files of the user's in a generated folder, for --force runs: nested, read-only, with their own
 * mode inside a generated folder, and a link.
 */
export function addUserFiles(dir: string): void {
  writeFileSync(path.join(dir, 'notes.txt'), 'my notes\n');
  mkdirSync(path.join(dir, 'mine', 'deep'), { recursive: true });
  writeFileSync(path.join(dir, 'mine', 'deep', 'values.yaml'), 'mine: true\n');
  writeFileSync(path.join(dir, 'manifests', '99-my-extra.yaml'), 'kind: ConfigMap\n');
  chmodSync(path.join(dir, 'manifests', '99-my-extra.yaml'), 0o444);
  writeFileSync(path.join(dir, 'helm', 'my-chart.values.yaml'), 'x: 1\n');
  chmodSync(path.join(dir, 'helm', 'my-chart.values.yaml'), 0o640);
  symlinkSync('INSTALL.md', path.join(dir, 'README-link'));
}

/** Every file under `dir`, relative path -> content (UTF-8). */
export function readTree(dir: string): Record<string, string> {
  const tree: Record<string, string> = {};
  for (const rel of listFiles(dir)) tree[rel] = readFileSync(path.join(dir, ...rel.split('/')), 'utf8');
  return tree;
}
