/**
 * esbuild plugins shared by the build (scripts/build.ts) and the bench's first-run bundle
 * (scripts/bench.ts), so that the bench measures the code dist/cli.cjs runs. Each keeps a
 * dependency's start-up work out of the runs that do not use it.
 */
import type { Plugin } from 'esbuild';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/**
 * semver's index.js evaluates all ~40 of its modules when loaded (ranges/subset.js even parses
 * comparators at load time); the CLI calls a handful of functions. In the bundle its exports become
 * getters that load each module on first use: same API, same modules, no unused start-up work.
 * If a semver release changes the shape of index.js, the build warns and keeps it unchanged.
 */
export const lazySemverIndex: Plugin = {
  name: 'lazy-semver-index',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]semver[\\/]index\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const lazy = lazyExports(source);
      if (lazy === undefined) {
        console.warn('build: node_modules/semver/index.js has an unexpected shape; bundling it unchanged (slower start-up)');
        return undefined;
      }
      return { contents: lazy, loader: 'js' };
    });
  },
};

/** `const x = require('p')` lines plus `module.exports = { x, y: x.prop }` -> lazy getters, or undefined. */
function lazyExports(source: string): string | undefined {
  const requires = new Map<string, string>();
  const body = source.replace(/^'use strict'\s*/, '').replace(/^\s*\/\/.*$/gm, '');
  const match = /^([\s\S]*?)module\.exports = \{([\s\S]*?)\}\s*$/.exec(body);
  if (!match) return undefined;
  for (const line of match[1]!.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const m = /^const (\w+) = require\(('[^']+')\)$/.exec(line);
    if (!m) return undefined;
    requires.set(m[1]!, m[2]!);
  }
  const getters: string[] = [];
  for (const entry of match[2]!.split(',').map((e) => e.trim()).filter(Boolean)) {
    const m = /^(?:(\w+): )?(\w+)(?:\.(\w+))?$/.exec(entry);
    if (!m || !requires.has(m[2]!)) return undefined;
    const key = m[1] ?? m[2]!;
    if (m[1] === undefined && m[3] !== undefined) return undefined;
    getters.push(`  ${key}: { enumerable: true, get: () => require(${requires.get(m[2]!)})${m[3] ? `.${m[3]}` : ''} },`);
  }
  return `'use strict'\nObject.defineProperties(module.exports, {\n${getters.join('\n')}\n})\n`;
}

/**
 * js-yaml only reads what the fast reader (src/render/yaml-reader.ts) declines, and --set values,
 * yet evaluating it builds all its schemas and types: about 10 M instructions, 2 ms, of every run.
 * Imports of 'js-yaml' from the sources get a stand-in with the same exports as getters that load
 * the real module on first use (the stand-in's own import of it resolves as usual).
 */
export const lazyJsYaml: Plugin = {
  name: 'lazy-js-yaml',
  setup(b) {
    const names = Object.keys(createRequire(import.meta.url)('js-yaml') as object);
    b.onResolve({ filter: /^js-yaml$/ }, (args) => (args.namespace === 'lazy-js-yaml' ? undefined : { path: 'js-yaml', namespace: 'lazy-js-yaml' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-js-yaml' }, () => ({
      contents: [
        "'use strict'",
        'let lib',
        "const real = () => (lib ??= require('js-yaml'))",
        `Object.defineProperties(module.exports, {\n${names.map((n) => `  ${JSON.stringify(n)}: { enumerable: true, get: () => real()[${JSON.stringify(n)}] },`).join('\n')}\n})`,
        '',
      ].join('\n'),
      loader: 'js',
      // The stand-in's own import of js-yaml resolves from the project, wherever the build runs.
      resolveDir: fileURLToPath(new URL('..', import.meta.url)),
    }));
  },
};
