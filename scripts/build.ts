/**
 * Builds dist/cli.cjs, the one file the package ships: src/bin.ts bundled by esbuild with every
 * dependency inside (templates are precompiled by gen.ts), so the package has no runtime
 * dependencies. The build fails if the bundle would need anything at run time besides Node's
 * built-ins, if code outside src/wizard/ imports Inquirer statically (only the wizard needs it), or
 * if TypeBox (the schema's build-time source) ends up in it.
 */
import { build, type Metafile } from 'esbuild';
import { builtinModules } from 'node:module';
import { chmodSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, 'dist', 'cli.cjs');

const result = await build({
  absWorkingDir: root, // metafile paths are then "src/...", whatever the caller's working folder
  entryPoints: ['src/bin.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'error',
  metafile: true,
});
checkSelfContained(result.metafile);
checkInquirerLoadedLazily(result.metafile);
checkSchemaIsData(result.metafile);
chmodSync(outfile, 0o755);
// On stderr: `npm pack --json` runs this build (prepare) and its stdout must stay JSON.
process.stderr.write(`built dist/cli.cjs (${(statSync(outfile).size / 1024).toFixed(0)} KB)\n`);

/** An import left outside the bundle would need an installed package at run time. */
function checkSelfContained(meta: Metafile): void {
  for (const output of Object.values(meta.outputs)) {
    for (const imp of output.imports) {
      if (imp.external && !builtinModules.includes(imp.path.replace(/^node:/, ''))) {
        throw new Error(`the bundle imports ${imp.path} at run time: bundle it instead`);
      }
    }
  }
}

/** Preset runs and `check` must not load the prompt library: only the wizard reaches it, through import(). */
function checkInquirerLoadedLazily(meta: Metafile): void {
  const eager = new Set<string>();
  const walk = (file: string) => {
    if (eager.has(file)) return;
    eager.add(file);
    for (const imp of meta.inputs[file]?.imports ?? []) if (!imp.external && imp.kind !== 'dynamic-import') walk(imp.path);
  };
  walk('src/bin.ts');
  const inquirer = [...eager].find((f) => f.includes('node_modules/@inquirer/'));
  if (inquirer) throw new Error(`src/bin.ts loads ${inquirer} at start-up: load the wizard with await import()`);
}

/** The preset schema reaches the CLI as data (gen.ts writes src/generated/preset-schema.ts); TypeBox builds it at build time only. */
function checkSchemaIsData(meta: Metafile): void {
  const typebox = Object.keys(meta.inputs).find((f) => f.includes('node_modules/@sinclair/typebox'));
  if (typebox) throw new Error(`the bundle holds ${typebox}: import values from src/preset/schema.ts only as types (the schema itself is src/generated/preset-schema.ts)`);
}
