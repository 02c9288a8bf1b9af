/**
 * `npm run bench` (after `npm run build`): whole-process timings of dist/cli.cjs against `node -e 0`
 * and create-vite, the scaling case, the build and the package, as one table.
 *   tsx scripts/bench.ts [--runs N]
 * Timings come from hyperfine when it is installed, else from a loop that alternates the commands
 * round by round (a shared machine changes speed for seconds at a time; alternating keeps the
 * ratios fair) and takes medians. The targets are reported, not enforced.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import yaml from 'js-yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(root, 'dist', 'cli.cjs');
const PRESET = path.join(root, 'presets', 'serverless-istio.yaml');
const RUNS = Number(parseArgs({ options: { runs: { type: 'string' } } }).values.runs ?? 20);
const work = mkdtempSync(path.join(os.tmpdir(), 'ckc-bench-'));

type Command = { name: string; args: string[] };
const rows: string[][] = [];
const row = (what: string, measured: string, target: string, ok: boolean) => rows.push([what, measured, target, ok ? 'PASS' : 'FAIL']);
const ms = (s: number) => `${(s * 1000).toFixed(1)} ms`;

/** Median wall time of each command, in seconds. */
function medians(commands: Command[]): Record<string, number> {
  return spawnSync('hyperfine', ['--version']).status === 0 ? withHyperfine(commands) : alternating(commands);
}

function withHyperfine(commands: Command[]): Record<string, number> {
  const json = path.join(work, 'hyperfine.json');
  const quoted = commands.map((c) => [process.execPath, ...c.args].map((a) => `'${a}'`).join(' '));
  const r = spawnSync('hyperfine', ['-N', '--warmup', '3', '--runs', String(RUNS), '--export-json', json, ...quoted], { stdio: 'ignore' });
  if (r.status !== 0) throw new Error('hyperfine failed');
  const results = (JSON.parse(readFileSync(json, 'utf8')) as { results: { median: number }[] }).results;
  return Object.fromEntries(commands.map((c, i) => [c.name, results[i]!.median]));
}

function alternating(commands: Command[]): Record<string, number> {
  const times = new Map<string, number[]>(commands.map((c) => [c.name, []]));
  for (let round = 0; round < RUNS + 2; round++) {
    for (const c of commands) {
      const start = process.hrtime.bigint();
      const r = spawnSync(process.execPath, c.args, { cwd: work, stdio: 'ignore' });
      if (r.status !== 0) throw new Error(`${c.name} exited ${r.status}`);
      if (round >= 2) times.get(c.name)!.push(Number(process.hrtime.bigint() - start) / 1e9);
    }
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return Object.fromEntries([...times].map(([name, xs]) => [name, median(xs)]));
}

/** The shipped default preset with `count` serving namespaces and, with digests, an offline mirror. */
function scaledPreset(count: number, digests?: Record<string, string>): string {
  const preset = yaml.load(readFileSync(PRESET, 'utf8')) as Record<string, any>;
  preset.ingress = { ...preset.ingress, istio: { servingNamespaces: Array.from({ length: count }, (_, i) => `team-${i}`) } };
  if (digests) preset.offline = { enabled: true, registry: 'registry.example.internal:5000', imageDigests: digests };
  const file = path.join(work, `preset-${count}${digests ? '-digests' : ''}.yaml`);
  writeFileSync(file, yaml.dump(preset));
  return file;
}

const hex = (i: number) => i.toString(16).padStart(64, '0');
const generate = (preset: string, out: string): Command => ({ name: out, args: [CLI, '--preset', preset, '--out', path.join(work, out), '--force'] });

function folderBytes(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((sum, e) => sum + statSync(path.join(e.parentPath, e.name)).size, 0);
}

function timings(): void {
  const digests = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`registry.example.internal/team-${i}/model-server`, `sha256:${hex(i)}`]));
  const vite = path.join(root, 'node_modules', 'create-vite', 'index.js');
  const t = medians([
    { name: 'node', args: ['-e', '0'] },
    { name: 'help', args: [CLI, '--help'] },
    { name: 'version', args: [CLI, '--version'] },
    generate(PRESET, 'default'),
    generate(scaledPreset(1000, digests), 'scaled'),
    { name: 'vite', args: [vite, 'vite-app', '--template', 'vanilla-ts', '--no-interactive', '--overwrite'] },
  ]);
  const ratio = (a: string, b: string) => t[a]! / t[b]!;
  row('preset run vs create-vite 9.3', `${ms(t.default!)} / ${ms(t.vite!)} = ${ratio('default', 'vite').toFixed(2)}x`, '<= 1.25x', ratio('default', 'vite') <= 1.25);
  row('preset run vs node -e 0', `${ms(t.default!)} / ${ms(t.node!)} = ${ratio('default', 'node').toFixed(2)}x`, '<= 1.70x', ratio('default', 'node') <= 1.7);
  for (const flag of ['help', 'version']) {
    row(`--${flag} vs node -e 0`, `${ms(t[flag]!)} = ${ratio(flag, 'node').toFixed(2)}x`, '<= 1.30x', ratio(flag, 'node') <= 1.3);
  }
  row('1,000 namespaces + 500 digests vs default', `${ms(t.scaled!)} = ${ratio('scaled', 'default').toFixed(2)}x`, '<= 2.00x', ratio('scaled', 'default') <= 2);
}

function outputGrowth(): void {
  const counts = [100, 550, 1000];
  const bytes = counts.map((n) => {
    const out = `growth-${n}`;
    const r = spawnSync(process.execPath, generate(scaledPreset(n), out).args, { stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`generating ${n} namespaces failed`);
    return folderBytes(path.join(work, out));
  });
  const perNs = [(bytes[1]! - bytes[0]!) / 450, (bytes[2]! - bytes[1]!) / 450];
  const linear = Math.abs(perNs[1]! - perNs[0]!) <= 0.05 * perNs[0]!;
  row('output, 100 / 550 / 1000 namespaces', `${bytes.map((b) => (b / 1024).toFixed(1)).join(' / ')} KB (${perNs.map((b) => b.toFixed(0)).join(', ')} B each)`, 'linear (±5%)', linear);
}

function buildAndPackage(): void {
  const start = process.hrtime.bigint();
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const lines = `${build.stdout}${build.stderr}`.trim().split('\n').filter(Boolean);
  row('npm run build', `${seconds.toFixed(2)} s, ${lines.length} line(s) of output`, '<= 3 s, 1 line', build.status === 0 && seconds <= 3 && lines.length === 1);
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies?: object };
  const deps = Object.keys(pkg.dependencies ?? {}).length;
  row('runtime dependencies', String(deps), '0', deps === 0);
  const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
  let info: { size: number; files: unknown[] } | undefined;
  try {
    info = (JSON.parse(pack.stdout) as { size: number; files: unknown[] }[])[0];
  } catch {
    // reported below as not valid JSON
  }
  row('npm pack tarball / --json', info ? `${(info.size / 1024).toFixed(1)} KB, ${info.files.length} files / valid JSON` : 'npm pack --json is not valid JSON', '<= 250 KB / valid', info !== undefined && info.size <= 250 * 1024);
}

function printTable(): void {
  const header = ['Target', 'Measured', 'Limit', 'Result'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
  console.log(`\nNode ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), ${RUNS} runs per command, medians.`);
}

try {
  buildAndPackage();
  timings();
  outputGrowth();
  printTable();
} finally {
  rmSync(work, { recursive: true, force: true });
}
