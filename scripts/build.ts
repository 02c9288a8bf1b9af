/**
 * Builds dist/cli.cjs, the one file the package ships (zero runtime dependencies; templates are
 * already precompiled by gen.ts):
 *   1. src/bin.ts is bundled (esbuild, CommonJS, minified): the whole CLI, with semver's index and
 *      js-yaml made lazy (scripts/lazy-modules.ts); the build fails if the bundle needs anything at run time besides Node built-ins, if
 *      the --help/--version path statically imports a dependency, or if anything outside
 *      src/wizard/ statically imports @inquirer (issue 9);
 *   2. src/launcher.ts is bundled, and dist/cli.cjs is written as: shebang, launcher, then the CLI
 *      bundle inside a comment (see launcher.ts for why).
 * Then it reports CommonJS vs ESM for the same bundle (size, and a quick timing of `--version` and
 * of a preset run; `npm run bench` measures properly). Set CKC_BUILD_NO_COMPARE=1 to skip that.
 */
import { build, type Metafile } from 'esbuild';
import { createHash } from 'node:crypto';
import { builtinModules } from 'node:module';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lazyJsYaml, lazySemverIndex } from './lazy-modules.js';
import { fmtMs, measureAlternating, type Command } from './timing.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, 'dist', 'cli.cjs');
const SHEBANG = '#!/usr/bin/env node';

const common = {
  absWorkingDir: root, // metafile paths are then "src/...", whatever the caller's working folder
  bundle: true,
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  write: false,
  metafile: true,
} as const;


/** The CLI bundled in one format, as text (no shebang). */
async function bundleCli(format: 'cjs' | 'esm'): Promise<string> {
  const result = await build({
    ...common,
    entryPoints: [path.join(root, 'src', 'bin.ts')],
    outfile: path.join(root, 'dist', format === 'cjs' ? 'bin.cjs' : 'bin.mjs'),
    format,
    plugins: [lazySemverIndex, lazyJsYaml],
    // ESM output has no `require` for the CommonJS dependencies' require('node:fs') calls.
    ...(format === 'esm' ? { banner: { js: "import { createRequire as __ckcRequire } from 'node:module';const require = __ckcRequire(import.meta.url);" } } : {}),
  });
  checkSelfContained(result.metafile);
  checkLazyLoading(result.metafile);
  return result.outputFiles[0]!.text;
}

/**
 * The modules evaluated as soon as `entry` is: those reached through static imports. A dynamic
 * import() ends the walk, since esbuild turns it into a closure that runs only when called.
 */
function eagerInputs(meta: Metafile, entry: string): Set<string> {
  const seen = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imp of meta.inputs[file]?.imports ?? []) {
      if (!imp.external && imp.kind !== 'dynamic-import') walk(imp.path);
    }
  };
  walk(entry);
  return seen;
}

/**
 * Start-up guards (issue 9): a bare --help/--version evaluates no dependency at all, and no run
 * evaluates the wizard's prompt library until the wizard is entered (it must be `await import()`ed).
 */
function checkLazyLoading(meta: Metafile): void {
  const fast = [...eagerInputs(meta, 'src/bin.ts')].filter((f) => f.includes('node_modules/'));
  if (fast.length) throw new Error(`src/bin.ts statically imports ${fast[0]}${fast.length > 1 ? ` (and ${fast.length - 1} more)` : ''}: the --help/--version path must load no dependency; use await import()`);
  for (const entry of Object.keys(meta.inputs).filter((f) => f.startsWith('src/') && !f.startsWith('src/wizard/'))) {
    const prompts = [...eagerInputs(meta, entry)].filter((f) => f.includes('node_modules/@inquirer/'));
    if (prompts.length) throw new Error(`${entry} statically imports @inquirer (via ${prompts[0]}): load the wizard with await import()`);
  }
}

/**
 * Everything must be inside the bundle: an external import would need an installed dependency, and
 * a real dynamic import() cannot run inside the launcher's vm.Script. (A dynamic import of a
 * bundled module, e.g. `await import('./wizard/index.js')`, is fine: esbuild inlines it.)
 */
function checkSelfContained(meta: Metafile): void {
  for (const output of Object.values(meta.outputs)) {
    for (const imp of output.imports) {
      const builtin = builtinModules.includes(imp.path.replace(/^node:/, ''));
      if (imp.external && (!builtin || imp.kind === 'dynamic-import')) {
        throw new Error(`the bundle imports ${imp.path} (${imp.kind}) at run time: bundle it, or load it with require() if it is a Node built-in`);
      }
    }
  }
}

/** The bundle lives in a comment at the end of dist/cli.cjs (see src/launcher.ts). */
const BUNDLE_MARKER = '/*@create-kserve-config:bundle\n';
const BUNDLE_ESCAPE = '*\x7f/';

async function main(): Promise<void> {
  const cli = await bundleCli('cjs');
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${cli}\n})`;
  // The launcher reads the comment back as latin1 and un-escapes "*/": both must be lossless.
  if (!/^[\x00-\x7e]*$/.test(wrapped)) throw new Error('the bundle is not plain ASCII (esbuild charset must stay "ascii")');
  if (wrapped.includes(BUNDLE_MARKER.trim())) throw new Error('the bundle contains the bundle marker');
  const escaped = wrapped.replaceAll('*/', BUNDLE_ESCAPE);
  const hash = createHash('sha256').update(wrapped).digest('hex').slice(0, 16);
  const launcher = await build({
    ...common,
    entryPoints: [path.join(root, 'src', 'launcher.ts')],
    outfile,
    format: 'cjs',
    define: {
      __CLI_BUNDLE_MARKER__: JSON.stringify(BUNDLE_MARKER),
      __CLI_BUNDLE_ESCAPE__: JSON.stringify(BUNDLE_ESCAPE),
      __CLI_BUNDLE_ESCAPED__: String(escaped !== wrapped),
      __CLI_BUNDLE_HASH__: JSON.stringify(hash),
    },
  });
  checkSelfContained(launcher.metafile);
  mkdirSync(path.dirname(outfile), { recursive: true });
  writeFileSync(outfile, `${SHEBANG}\n${launcher.outputFiles[0]!.text}${BUNDLE_MARKER}${escaped}*/\n`);
  chmodSync(outfile, 0o755);
  if (process.env.CKC_BUILD_NO_COMPARE) return;
  try {
    compareFormats(cli, await bundleCli('esm'));
  } catch (err) {
    // A report, not a gate: a failing run is for the tests to report.
    console.warn(`CommonJS vs ESM comparison skipped: ${(err as Error).message.split('\n').slice(0, 2).join(' ')}`);
  }
}

/** CommonJS vs ESM output of the same bundle, and the shipped file (launcher with its compile cache). */
function compareFormats(cjs: string, esm: string): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ckc-build-'));
  try {
    const files = { cjs: path.join(dir, 'cli.cjs'), esm: path.join(dir, 'cli.mjs') };
    writeFileSync(files.cjs, `${SHEBANG}\n${cjs}`);
    writeFileSync(files.esm, `${SHEBANG}\n${esm}`);
    const preset = path.join(root, 'presets', 'serverless-istio.yaml');
    const variants = [
      { name: 'CommonJS bundle', file: files.cjs },
      { name: 'ESM bundle', file: files.esm },
      { name: 'dist/cli.cjs (CommonJS + launcher)', file: outfile },
    ];
    const commands = (args: (file: string) => string[]): Command[] => variants.map((v) => ({ name: v.name, args: args(v.file) }));
    const version = measureAlternating(commands((f) => [f, '--version']), { runs: 5, warmup: 1 });
    const run = measureAlternating(
      commands((f) => [f, '--preset', preset, '--out', path.join(dir, 'out'), '--force']),
      { runs: 5, warmup: 1 },
    );
    const rows = variants.map((v, i) => [v.name, `${(statSync(v.file).size / 1024).toFixed(1)} KB`, fmtMs(version[i]!.median), fmtMs(run[i]!.median)]);
    const header = ['build output', 'size', '--version', 'preset run'];
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
    const line = (cells: string[]) => `  ${cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')}`;
    console.log(`CommonJS vs ESM (median of 5 alternating runs each; \`npm run bench\` measures properly):`);
    console.log(line(header));
    for (const r of rows) console.log(line(r));
    console.log(`  -> shipping CommonJS: ${run[0]!.median <= run[1]!.median ? 'faster' : 'NOT faster this time'} than ESM on the preset run`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
