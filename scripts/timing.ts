/**
 * Whole-process timing shared by scripts/build.ts and scripts/bench.ts: spawns each command many
 * times, alternating between the commands round by round (so drift in machine load hits every
 * command alike), discards warm-up rounds and reports medians. Uses hyperfine when asked to and
 * available; the Node harness needs nothing but Node.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Command {
  name: string;
  /** Arguments to `node` (the Node running this script). */
  args: string[];
  cwd?: string;
  env?: Record<string, string>;
}

export interface Timing {
  name: string;
  /** Milliseconds, one per measured run, in run order. */
  runs: number[];
  median: number;
  min: number;
  max: number;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function summarise(name: string, runs: number[]): Timing {
  return { name, runs, median: median(runs), min: Math.min(...runs), max: Math.max(...runs) };
}

function spawnOnce(cmd: Command): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, cmd.args, {
    cwd: cmd.cwd,
    env: { ...process.env, ...cmd.env },
    stdio: 'ignore',
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) {
    const again = spawnSync(process.execPath, cmd.args, { cwd: cmd.cwd, env: { ...process.env, ...cmd.env }, encoding: 'utf8' });
    throw new Error(`${cmd.name}: \`node ${cmd.args.join(' ')}\` exited ${r.status ?? r.signal}\n${again.stderr ?? ''}`);
  }
  return ms;
}

/** Node harness: `warmup` unmeasured rounds, then `runs` rounds; each round runs every command once, in rotating order. */
export function measureAlternating(commands: readonly Command[], { runs, warmup }: { runs: number; warmup: number }): Timing[] {
  const samples = commands.map(() => [] as number[]);
  for (let round = 0; round < warmup + runs; round++) {
    for (let k = 0; k < commands.length; k++) {
      const i = (round + k) % commands.length;
      const ms = spawnOnce(commands[i]!);
      if (round >= warmup) samples[i]!.push(ms);
    }
  }
  return commands.map((c, i) => summarise(c.name, samples[i]!));
}

export function hyperfineAvailable(): boolean {
  const r = spawnSync('hyperfine', ['--version'], { stdio: 'ignore' });
  return r.status === 0;
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * hyperfine, `passes` times over the command list (each pass runs every command's share of the
 * runs back to back, as hyperfine does), samples merged: drift in machine load then hits every
 * command alike, as in the Node harness. `--shell=none` so no shell start-up is measured; the
 * command's environment is hyperfine's own, which its children inherit.
 */
export function measureHyperfine(commands: readonly Command[], { runs, warmup, passes = 3 }: { runs: number; warmup: number; passes?: number }): Timing[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ckc-hyperfine-'));
  const samples = commands.map(() => [] as number[]);
  const perPass = Math.ceil(runs / passes);
  try {
    for (let pass = 0; pass < passes; pass++) {
      commands.forEach((cmd, i) => {
        const json = path.join(dir, `out-${pass}-${i}.json`);
        const line = [process.execPath, ...cmd.args].map(shellQuote).join(' ');
        const args = ['--shell=none', '--style=none', `--warmup=${pass === 0 ? warmup : 1}`, `--runs=${Math.max(2, perPass)}`, `--export-json=${json}`, `--command-name=${cmd.name}`, '--', line];
        const r = spawnSync('hyperfine', args, { cwd: cmd.cwd, env: { ...process.env, ...cmd.env }, encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`hyperfine failed for ${cmd.name}:\n${r.stderr}`);
        const result = (JSON.parse(readFileSync(json, 'utf8')) as { results: { command: string; times: number[] }[] }).results[0]!;
        if (result.command !== cmd.name) throw new Error(`hyperfine reported ${result.command} for ${cmd.name}`);
        samples[i]!.push(...result.times.map((sec) => sec * 1000));
      });
    }
    return commands.map((c, i) => summarise(c.name, samples[i]!));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function fmtMs(ms: number): string {
  return `${ms.toFixed(1)} ms`;
}
