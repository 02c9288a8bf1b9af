/**
 * `npm run bench` (after `npm run build`): measures every target of issue 9 and prints one table.
 *
 *   tsx scripts/bench.ts [--runs N] [--warmup N] [--harness auto|node|hyperfine] [--strict]
 *                        [--only process,package,combinations,scaling,instructions]
 *
 * - Whole-process timings of dist/cli.cjs against `node -e 0` and create-vite (devDependency).
 *   The Node harness (used when hyperfine is missing) alternates the commands round by round,
 *   discards the warm-up rounds and reports medians; hyperfine runs each command's share back to
 *   back, in three passes over the commands so that drift hits them alike. `--harness node`
 *   forces the Node harness. The preset run is also measured with the compile cache off.
 * - The scaling case is measured on a first run in a fresh process (what one CLI invocation does):
 *   main() on a preset file, timed inside the CLI's own code bundled like dist/cli.cjs
 *   (scripts/bench-main-run.ts), with the pipeline's share of it (src/phases.ts). Reported too:
 *   the pipeline alone in a fresh process that parsed the preset from JSON before the timer
 *   (scripts/bench-first-run.ts; on the sources through tsx, `--first-run FILE` is that child
 *   mode), warm runs in one process, and the whole process through dist/cli.cjs.
 * - `--only instructions` (not run by default; needs valgrind): the pipeline-alone first runs
 *   counted in machine instructions, which repeat to within 0.01% on a noisy VM where times drift
 *   by 20%, to tell whether a change to the scaled path helps.
 * - Package: runtime dependencies and the `npm pack` tarball.
 * - In-process (sources, via tsx): validate + resolve + plan + render (which parses back and checks
 *   every file) for every supported release x mode x ingress x offline; and the scaling case.
 * A target that misses prints FAIL; the exit code is 0 unless --strict is given.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import yaml from 'js-yaml';
import { KNOWN_RELEASES, featuresOf } from '../src/catalog/index.js';
import { buildPlan } from '../src/plan.js';
import { validatePreset } from '../src/preset/validate.js';
import { renderPlan } from '../src/render/index.js';
import { resolve } from '../src/resolve.js';
import { lazyJsYaml, lazySemverIndex } from './lazy-modules.js';
import { fmtMs, hyperfineAvailable, measureAlternating, measureHyperfine, median, type Command, type Timing } from './timing.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(root, 'dist', 'cli.cjs');
const PRESET = path.join(root, 'presets', 'serverless-istio.yaml');

const { values: opts } = parseArgs({
  options: {
    runs: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '3' },
    harness: { type: 'string', default: 'auto' },
    strict: { type: 'boolean', default: false },
    only: { type: 'string' },
    'first-run': { type: 'string' },
  },
});
const SECTIONS = ['process', 'package', 'combinations', 'scaling'] as const;
/** Sections run only when --only names them. */
const OPT_IN = ['instructions'] as const;
const KNOWN_SECTIONS: readonly string[] = [...SECTIONS, ...OPT_IN];
const only = new Set((opts.only ?? SECTIONS.join(',')).split(','));
for (const s of only) if (!KNOWN_SECTIONS.includes(s)) throw new Error(`--only ${s}: use one or more of ${KNOWN_SECTIONS.join(',')}`);
const RUNS = Math.max(10, Number(opts.runs));
const WARMUP = Math.max(1, Number(opts.warmup));

interface Row {
  target: string;
  measured: string;
  limit: string;
  /** PASS/FAIL, or 'info' for context rows that are not targets. */
  result: 'PASS' | 'FAIL' | 'info';
}
const rows: Row[] = [];
const row = (target: string, measured: string, limit: string, ok: boolean | null) =>
  rows.push({ target, measured, limit, result: ok === null ? 'info' : ok ? 'PASS' : 'FAIL' });
const times = (r: number) => `${r.toFixed(2)}x`;
const ratio = (a: number, b: number) => times(a / b);

// ---------------------------------------------------------------------------------------------
// Whole-process timings

function processTimings(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm run bench does)`);
  const viteBin = path.join(root, 'node_modules', 'create-vite', 'index.js');
  const viteVersion = (JSON.parse(readFileSync(path.join(root, 'node_modules', 'create-vite', 'package.json'), 'utf8')) as { version: string }).version;
  const work = mkdtempSync(path.join(os.tmpdir(), 'ckc-bench-'));
  try {
    mkdirSync(path.join(work, 'vite'));
    const out = path.join(work, 'kserve-config');
    const ours = ['--preset', PRESET, '--out', out, '--force'];
    const commands: Command[] = [
      { name: 'node -e 0', args: ['-e', '0'] },
      { name: 'preset run', args: [CLI, ...ours] },
      { name: 'create-vite', args: [viteBin, 'x', '--template', 'vanilla-ts', '--no-interactive', '--overwrite'], cwd: path.join(work, 'vite') },
      { name: 'preset run, no compile cache', args: [CLI, ...ours], env: { CREATE_KSERVE_CONFIG_NO_COMPILE_CACHE: '1' } },
      { name: '--help', args: [CLI, '--help'] },
      { name: '--version', args: [CLI, '--version'] },
    ];
    const useHyperfine = opts.harness === 'hyperfine' || (opts.harness === 'auto' && hyperfineAvailable());
    console.log(
      useHyperfine
        ? `Timing with hyperfine: ${RUNS} runs of each command (in 3 passes over the commands) after ${WARMUP} warm-up runs...`
        : `Timing with the Node harness: ${RUNS} alternating rounds of ${commands.length} commands after ${WARMUP} warm-up rounds...`,
    );
    const timings = useHyperfine ? measureHyperfine(commands, { runs: RUNS, warmup: WARMUP }) : measureAlternating(commands, { runs: RUNS, warmup: WARMUP });
    const t = Object.fromEntries(timings.map((x) => [x.name, x])) as Record<string, Timing>;
    console.log('');
    console.log('  command                          median      min      max');
    for (const x of timings) console.log(`  ${x.name.padEnd(30)} ${fmtMs(x.median).padStart(9)} ${fmtMs(x.min).padStart(8)} ${fmtMs(x.max).padStart(8)}`);
    console.log('');

    const node = t['node -e 0']!.median;
    const run = t['preset run']!.median;
    const vite = t['create-vite']!.median;
    row(`preset run vs create-vite ${viteVersion} (ratio)`, `${fmtMs(run)} / ${fmtMs(vite)} = ${ratio(run, vite)}`, '<= 1.00x', run <= vite);
    row('preset run vs node -e 0 (ratio)', `${fmtMs(run)} / ${fmtMs(node)} = ${ratio(run, node)}`, 'report', null);
    const cold = t['preset run, no compile cache']!.median;
    row('  same, compile cache off (first run)', `${fmtMs(cold)} = ${ratio(cold, vite)} create-vite, ${ratio(cold, node)} node`, 'report', null);
    for (const flag of ['--help', '--version']) {
      const m = t[flag]!.median;
      row(`${flag} vs node -e 0 (ratio)`, `${fmtMs(m)} / ${fmtMs(node)} = ${ratio(m, node)}`, '<= 1.15x', m <= 1.15 * node);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Package

function packageChecks(): void {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; bin?: Record<string, string> };
  const deps = Object.keys(pkg.dependencies ?? {});
  row('runtime dependencies', deps.length ? `${deps.length} (${deps.join(', ')})` : '0', '0', deps.length === 0);
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', shell: process.platform === 'win32' });
  if (r.status !== 0) {
    row('npm pack tarball', `npm pack failed: ${r.stderr.trim().split('\n').pop()}`, '<= 250 KB', false);
    return;
  }
  const info = (JSON.parse(r.stdout) as { size: number; unpackedSize: number; files: { path: string }[] }[])[0]!;
  const files = info.files.map((f) => f.path).sort();
  row('npm pack tarball', `${(info.size / 1024).toFixed(1)} KB (${files.length} files, ${(info.unpackedSize / 1024).toFixed(1)} KB unpacked)`, '<= 250 KB', info.size <= 250 * 1024);
  const allowed = (f: string) => f === 'package.json' || f === 'README.md' || /^LICENSE/.test(f) || f === 'dist/cli.cjs' || /^presets\/[^/]+\.(yaml|json|pem)$/.test(f); // presets, their schema, the stand-in CA of private-ca-s3
  const extra = files.filter((f) => !allowed(f));
  const bins = Object.values(pkg.bin ?? {});
  row(
    'package holds only the bundle, presets, README',
    extra.length ? `also: ${extra.join(', ')}` : `${files.join(', ')}`.replace(/presets\/[^,]+(, presets\/[^,]+)*/, 'presets/*'),
    `bin -> ${bins.join(', ')}`,
    extra.length === 0 && bins.length > 0 && bins.every((b) => b === 'dist/cli.cjs'),
  );
}

// ---------------------------------------------------------------------------------------------
// In-process pipeline

type Raw = Record<string, unknown>;

/** What the CLI does after reading the preset, minus the writes: validate, resolve, plan, render (+ parse-back checks). */
function pipeline(raw: Raw): { bytes: number; files: number } {
  const rendered = renderPlan(buildPlan(resolve(validatePreset(structuredClone(raw)))));
  return { bytes: rendered.reduce((n, f) => n + Buffer.byteLength(f.content), 0), files: rendered.length };
}

function timeOnce(fn: () => void): { ms: number; error?: string } {
  const start = process.hrtime.bigint();
  let error: string | undefined;
  try {
    fn();
  } catch (err) {
    error = (err as Error).message.split('\n')[0];
  }
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, error };
}

const OFFLINE = { enabled: true, registry: 'registry.example.internal:5000' };

interface Combo {
  version: string;
  column: string;
  raw: Raw;
}

function combinations(): Combo[] {
  const out: Combo[] = [];
  for (const version of KNOWN_RELEASES) {
    const modes: [string, string, string][] = [
      ['Serverless', 'istio', 'Serverless/istio'],
      ['RawDeployment', 'istio', 'Raw/istio'],
      ['RawDeployment', 'kong', 'Raw/kong'],
    ];
    if (featuresOf(version).modelMesh) modes.push(['ModelMesh', 'istio', 'ModelMesh/istio']);
    for (const [deploymentMode, provider, label] of modes) {
      for (const offline of [false, true]) {
        out.push({
          version,
          column: `${label}${offline ? ' off' : ''}`,
          raw: { kserve: { version }, deploymentMode, ingress: { provider }, ...(offline ? { offline: OFFLINE } : {}) },
        });
      }
    }
  }
  return out;
}

function inProcessCombinations(): void {
  const combos = combinations();
  const results = combos.map((c) => ({ ...c, ...timeOnce(() => pipeline(c.raw)) }));
  const total = results.reduce((n, r) => n + r.ms, 0);
  const columns = [...new Set(results.map((r) => r.column))];
  const cell = new Map(results.map((r) => [`${r.version} ${r.column}`, r]));

  console.log(`In-process, every combination (ms; "off" = offline mirror; "!" = rejected by the pipeline, still timed):`);
  console.log(`  ${'KServe'.padEnd(11)}${columns.map((c) => c.padStart(Math.max(9, c.length + 1))).join('')}`);
  for (const version of KNOWN_RELEASES) {
    const cells = columns.map((c) => {
      const r = cell.get(`${version} ${c}`);
      const text = r ? `${r.ms.toFixed(1)}${r.error ? '!' : ''}` : '-';
      return text.padStart(Math.max(9, c.length + 1));
    });
    console.log(`  ${version.padEnd(11)}${cells.join('')}`);
  }
  const rejected = results.filter((r) => r.error);
  const byError = new Map<string, number>();
  for (const r of rejected) byError.set(r.error!, (byError.get(r.error!) ?? 0) + 1);
  for (const [message, count] of byError) console.log(`  ! ${count} x ${message}`);
  const sorted = [...results].sort((a, b) => b.ms - a.ms);
  const ms = results.map((r) => r.ms);
  console.log(`  slowest: ${sorted.slice(0, 5).map((r) => `${r.version} ${r.column} ${r.ms.toFixed(1)}`).join('; ')}`);
  console.log('');
  row(
    `in-process: all ${results.length} combinations`,
    `${fmtMs(total)} total (min ${ms.length ? Math.min(...ms).toFixed(1) : '-'} / median ${median(ms).toFixed(1)} / max ${Math.max(...ms).toFixed(1)} ms)`,
    '< 1000 ms',
    total < 1000,
  );
  if (rejected.length) row('  combinations rejected by the pipeline', `${rejected.length} of ${results.length}`, 'report', null);
}

// ---------------------------------------------------------------------------------------------
// Scaling

const pad = (i: number) => String(i).padStart(4, '0');
const namespaces = (n: number) => Array.from({ length: n }, (_, i) => `team-${pad(i)}`);
const digest = (i: number) => `sha256:${(pad(i) + 'a1b2c3d4e5f6').repeat(6).slice(0, 64)}`;

/**
 * The default preset with `nsCount` serving namespaces (their hosts go on Knative's own local
 * gateway, through the KnativeServing servers override) and, with `digests`, an offline mirror
 * (digests pin mirror images, so they only apply with one).
 */
function withScale(base: Raw, nsCount: number, digests: Record<string, string> | undefined): Raw {
  const raw = structuredClone(base);
  const ingress = (raw.ingress ??= {}) as Raw;
  const istio = (ingress.istio ??= {}) as Raw;
  istio.servingNamespaces = namespaces(nsCount);
  if (digests) raw.offline = { ...OFFLINE, imageDigests: digests };
  return raw;
}

/** Medians per case, and per case the median of its same-round ratios to the first case. */
interface CaseTimes {
  median: Record<string, number>;
  ratio: Record<string, number>;
}

/**
 * One child process per case per round, the cases alternating, `runs` rounds after one discarded
 * round; each child prints numbers separated by spaces. For each of those numbers (columns), the
 * medians and the same-round ratios: a shared VM speeds up and slows down for seconds at a time,
 * and a ratio of two medians taken across such a change can be off by 20%, while cases run back to
 * back see the same machine.
 */
function alternatingRuns(names: string[], argsOf: (name: string) => string[], runs: number): CaseTimes[] {
  const samples: number[][][] = names.map(() => []);
  for (let round = 0; round < runs + 1; round++) {
    names.forEach((n, i) => {
      const r = spawnSync(process.execPath, argsOf(n), { cwd: root, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`run of ${n} failed: ${r.stderr}`);
      if (round > 0) samples[i]!.push(r.stdout.trim().split(' ').map(Number));
    });
  }
  const columns = samples[0]![0]!.length;
  return Array.from({ length: columns }, (_, c) => {
    const column = samples.map((perRound) => perRound.map((values) => values[c]!));
    return {
      median: Object.fromEntries(names.map((n, i) => [n, median(column[i]!)])),
      ratio: Object.fromEntries(names.map((n, i) => [n, median(column[i]!.map((t, round) => t / column[0]![round]!))])),
    };
  });
}

/**
 * The pipeline's first run in fresh processes, the modules already loaded. `bundle`:
 * scripts/bench-first-run.ts bundled like dist/cli.cjs (the code users run, see bundleFirstRun);
 * without it, this script's own `--first-run` mode, on the sources through tsx.
 */
function firstRunTimes(cases: Record<string, Raw>, bundle: string | undefined, runs = 25): CaseTimes {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ckc-bench-first-'));
  try {
    const files: Record<string, string> = {};
    for (const [n, raw] of Object.entries(cases)) {
      files[n] = path.join(dir, `${n}.json`);
      writeFileSync(files[n], JSON.stringify(raw));
    }
    const argsOf = (n: string) => (bundle ? [bundle, files[n]!] : ['--import', 'tsx', fileURLToPath(import.meta.url), '--first-run', files[n]!]);
    return alternatingRuns(Object.keys(cases), argsOf, runs)[0]!;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * scripts/bench-first-run.ts bundled into `dir` the way dist/cli.cjs is built (CommonJS, minified,
 * semver's index and js-yaml lazy, so they load during the run as they do in the CLI).
 */
async function bundleFirstRun(dir: string, entry = 'bench-first-run.ts'): Promise<string> {
  const bundle = path.join(dir, entry.replace(/\.ts$/, '.cjs'));
  await esbuild({
    entryPoints: [path.join(root, 'scripts', entry)],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    charset: 'ascii',
    logLevel: 'error',
    plugins: [lazySemverIndex, lazyJsYaml],
  });
  return bundle;
}

/**
 * main() timed in fresh processes (scripts/bench-main-run.ts, bundled like dist/cli.cjs): for each
 * case, main()'s time and the pipeline's time within it.
 */
async function mainRunTimes(dir: string, files: Record<string, string>, runs = 25): Promise<{ total: CaseTimes; pipeline: CaseTimes }> {
  const bundle = await bundleFirstRun(dir, 'bench-main-run.ts');
  const [total, pipeline] = alternatingRuns(Object.keys(files), (n) => [bundle, files[n]!, path.join(dir, `out-${n}`)], runs);
  return { total: total!, pipeline: pipeline! };
}

/** Median of `runs` timings after warm-up, each case alternating with the others. */
function medianTimes(cases: Record<string, Raw>, runs = 15): Record<string, number> {
  const names = Object.keys(cases);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < runs + 3; round++) {
    for (const n of names) {
      const start = process.hrtime.bigint();
      pipeline(cases[n]!);
      if (round >= 3) samples[n]!.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  return Object.fromEntries(names.map((n) => [n, median(samples[n]!)]));
}

/**
 * The scaling case: the default preset plus 1,000 serving namespaces and 500 digests, as a team's
 * digest list would hold them: every image this install pulls (pinned) and others it does not
 * pull (reported by a warning, not used). `pinned` holds the digests of the pulled images only.
 */
function scalingCases() {
  const base = yaml.load(readFileSync(PRESET, 'utf8')) as Raw;
  const pulled = resolve(validatePreset(withScale(base, 0, {}))).offline?.images ?? [];
  const repos = [...new Set(pulled.map((img) => img.source.replace(/@.*$/, '').replace(/:[^:/]+$/, '')))];
  const pinned: Record<string, string> = Object.fromEntries(repos.map((r, i) => [r, digest(i)]));
  const digests = { ...pinned };
  for (let i = repos.length; i < 500; i++) digests[`registry.example.internal/team-${pad(i)}/model-server`] = digest(i);
  const digestNote = `500 digests (${repos.length} pulled + ${500 - repos.length} others)`;
  return { base, scaled: withScale(base, 1000, digests), digests, pinned, repos, digestNote };
}

async function scaling(): Promise<void> {
  const { base, scaled, digests, pinned, repos, digestNote } = scalingCases();

  // A CLI run executes main() once, in a fresh process: that first run (lazy set-up, cold JIT) is
  // what a user waits for once Node has started. main() is timed inside runs of the CLI's own code,
  // bundled like dist/cli.cjs, on preset files; the pipeline's share is timed inside the same runs.
  // Where the time goes: the same configuration (an offline mirror) at its smallest, and with the
  // namespaces but only the digests of pulled images.
  const presets = mkdtempSync(path.join(os.tmpdir(), 'ckc-bench-main-'));
  try {
    const file = (name: string, raw: Raw) => {
      const f = path.join(presets, `${name}.yaml`);
      writeFileSync(f, yaml.dump(raw));
      return f;
    };
    const inMain = await mainRunTimes(presets, {
      default: PRESET,
      scaled: file('scaled', scaled),
      smallest: file('smallest', withScale(base, 0, pinned)),
      namespaces: file('namespaces', withScale(base, 1000, pinned)),
    });
    const { total, pipeline } = inMain;
    row('in-process, first run: default preset (main(), without starting Node)', fmtMs(total.median.default!), 'baseline', null);
    row(`scaling, first run: 1000 namespaces + ${digestNote}`, `${fmtMs(total.median.scaled!)} = ${times(total.ratio.scaled!)} default`, '<= 2.00x', total.ratio.scaled! <= 2);
    row(
      '  of which the pipeline (validate the preset -> render, parse back)',
      `${fmtMs(pipeline.median.scaled!)} = ${times(pipeline.ratio.scaled!)} default (${fmtMs(pipeline.median.default!)})`,
      'report',
      null,
    );
    row(
      `  same configuration at its smallest (0 namespaces, ${repos.length} pulled digests)`,
      `${fmtMs(total.median.smallest!)} = ${times(total.ratio.smallest!)} default; scaled = ${times(total.ratio.scaled! / total.ratio.smallest!)} this`,
      'report',
      null,
    );
    row(`  1000 namespaces + ${repos.length} pulled digests`, `${fmtMs(total.median.namespaces!)} = ${times(total.ratio.namespaces!)} default`, 'report', null);
  } finally {
    rmSync(presets, { recursive: true, force: true });
  }

  // The pipeline alone in a process that did nothing else first (the preset parsed from JSON before
  // the timer): the measure used up to now. Its process state is not a CLI run's (see README).
  const bundleDir = mkdtempSync(path.join(os.tmpdir(), 'ckc-bench-bundle-'));
  try {
    const alone = firstRunTimes({ default: base, scaled }, await bundleFirstRun(bundleDir));
    row('  the pipeline alone, in a fresh process', `${fmtMs(alone.median.scaled!)} = ${times(alone.ratio.scaled!)} default (${fmtMs(alone.median.default!)})`, 'report', null);
  } finally {
    rmSync(bundleDir, { recursive: true, force: true });
  }
  const fromSources = firstRunTimes({ default: base, scaled }, undefined, 15);
  row('  same, sources through tsx', `${fmtMs(fromSources.median.scaled!)} = ${times(fromSources.ratio.scaled!)} default (${fmtMs(fromSources.median.default!)})`, 'report', null);
  const t = medianTimes({ default: base, scaled, ns100: withScale(base, 100, undefined), ns1000: withScale(base, 1000, undefined) });
  row('  same, warm (repeated in one process)', `${fmtMs(t.scaled!)} = ${ratio(t.scaled!, t.default!)} default (${fmtMs(t.default!)})`, 'report', null);

  // Output growth per namespace: 100 -> 550 and 550 -> 1000 must cost the same per namespace. (The
  // first namespace also adds fixed text: the gateway override and INSTALL.md's notes on it.)
  const bytes = (n: number) => pipeline(withScale(base, n, undefined)).bytes;
  const [b100, b550, b1000] = [bytes(100), bytes(550), bytes(1000)];
  const perNsLow = (b550 - b100) / 450;
  const perNsHigh = (b1000 - b550) / 450;
  const linear = perNsLow > 0 && Math.abs(perNsHigh / perNsLow - 1) <= 0.05;
  row(
    'output growth, 100 / 550 / 1000 namespaces',
    `${(b100 / 1024).toFixed(1)} / ${(b550 / 1024).toFixed(1)} / ${(b1000 / 1024).toFixed(1)} KB: ${perNsLow.toFixed(0)} then ${perNsHigh.toFixed(0)} B/namespace`,
    'linear (±5%)',
    linear,
  );
  row('  time, 100 vs 1000 namespaces', `${fmtMs(t.ns100!)} -> ${fmtMs(t.ns1000!)}`, 'report', null);

  // What a user waits for: the same two presets through dist/cli.cjs.
  const work = mkdtempSync(path.join(os.tmpdir(), 'ckc-bench-scale-'));
  try {
    const scaledFile = path.join(work, 'scaled.yaml');
    writeFileSync(scaledFile, yaml.dump(withScale(base, 1000, digests)));
    const run = (name: string, preset: string): Command => ({ name, args: [CLI, '--preset', preset, '--out', path.join(work, name), '--force'] });
    const [d, sc] = measureAlternating([run('default', PRESET), run('scaled', scaledFile)], { runs: 10, warmup: 2 });
    row('  same, whole process (dist/cli.cjs)', `${fmtMs(sc!.median)} = ${ratio(sc!.median, d!.median)} default (${fmtMs(d!.median)})`, 'report', null);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The scaling first runs counted in machine instructions (valgrind, V8 made deterministic with
 * --predictable and fixed seeds): the pipeline's count is a run's count minus that of the same
 * process stopping before the pipeline (`--no-run`). Counts are not times (compiling code runs
 * fewer instructions per ms than scanning text), so this reports, it does not judge a target.
 */
async function instructions(): Promise<void> {
  if (spawnSync('valgrind', ['--version']).status !== 0) {
    row('instructions', 'valgrind is not installed (apt-get install valgrind)', 'report', null);
    return;
  }
  const { base, scaled, pinned, digestNote } = scalingCases();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ckc-bench-instr-'));
  try {
    const bundle = await bundleFirstRun(dir);
    const count = (file: string, noRun: boolean): number => {
      const args = ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', '--smc-check=all-non-file'];
      const node = [process.execPath, '--predictable', '--hash-seed=1', '--random-seed=1', bundle, file, ...(noRun ? ['--no-run'] : [])];
      const r = spawnSync('valgrind', [...args, ...node], { cwd: root, encoding: 'utf8' });
      const refs = /I\s+refs:\s+([\d,]+)/.exec(r.stderr);
      if (r.status !== 0 || !refs) throw new Error(`valgrind run failed: ${r.stderr.slice(-500)}`);
      return Number(refs[1]!.replaceAll(',', ''));
    };
    const pipeline = (name: string, raw: Raw): number => {
      const file = path.join(dir, `${name}.json`);
      writeFileSync(file, JSON.stringify(raw));
      return count(file, false) - count(file, true);
    };
    const d = pipeline('default', base);
    const sc = pipeline('scaled', scaled);
    // What each part of the scaled case adds, one step at a time.
    const mirror = pipeline('mirror', withScale(base, 0, pinned));
    const oneNs = pipeline('one-namespace', withScale(base, 1, pinned));
    const allNs = pipeline('namespaces', withScale(base, 1000, pinned));
    const m = (n: number) => `${(n / 1e6).toFixed(2)} M`;
    const more = (n: number) => `+${m(n)}`;
    row('instructions, first run: default preset', m(d), 'report', null);
    row(`instructions, first run: 1000 namespaces + ${digestNote}`, `${m(sc)} = ${ratio(sc, d)} default`, 'report', null);
    row('  of which: the offline mirror (pulled digests only)', more(mirror - d), 'report', null);
    row('  one serving namespace (the local gateway customised)', more(oneNs - mirror), 'report', null);
    row('  999 more namespaces', more(allNs - oneNs), 'report', null);
    row('  the digests of images the install does not pull', more(sc - allNs), 'report', null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------

function printTable(): void {
  const header: Row = { target: 'Target', measured: 'Measured', limit: 'Limit', result: 'info' };
  const w = {
    target: Math.max(...[header, ...rows].map((r) => r.target.length)),
    measured: Math.max(...[header, ...rows].map((r) => r.measured.length)),
    limit: Math.max(...[header, ...rows].map((r) => r.limit.length)),
  };
  const line = (r: Row, result: string) => `| ${r.target.padEnd(w.target)} | ${r.measured.padEnd(w.measured)} | ${r.limit.padEnd(w.limit)} | ${result.padEnd(6)} |`;
  console.log(line(header, 'Result'));
  console.log(`| ${'-'.repeat(w.target)} | ${'-'.repeat(w.measured)} | ${'-'.repeat(w.limit)} | ------ |`);
  for (const r of rows) console.log(line(r, r.result === 'info' ? '' : r.result));
}

if (opts['first-run']) {
  // Child of firstRunTimes(): the pipeline is imported; time its first run and print milliseconds.
  const raw = JSON.parse(readFileSync(opts['first-run'], 'utf8')) as Raw;
  const start = process.hrtime.bigint();
  pipeline(raw);
  console.log(Number(process.hrtime.bigint() - start) / 1e6);
  process.exit(0);
}

console.log(`create-kserve-config benchmark: Node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${os.platform()} ${os.arch()}\n`);
if (only.has('process')) processTimings();
if (only.has('package')) packageChecks();
if (only.has('combinations')) inProcessCombinations();
if (only.has('scaling')) await scaling();
if (only.has('instructions')) await instructions();
console.log('');
printTable();
const failed = rows.filter((r) => r.result === 'FAIL');
console.log(`\n${failed.length ? `${failed.length} target(s) missed` : 'Every target met'}${opts.strict ? '' : ' (exit code 0 unless --strict)'}.`);
if (opts.strict && failed.length) process.exitCode = 1;
