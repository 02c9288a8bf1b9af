/**
 * Bundles the CLI into one CommonJS file (dist/cli.cjs) with zero runtime dependencies.
 * CommonJS starts faster than an ESM entry on Node 20; templates are already precompiled by gen.ts.
 */
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, 'dist', 'cli.cjs');

await build({
  entryPoints: [path.join(root, 'src', 'bin.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
