/**
 * Fills the generated excerpts of docs/*.md: a block
 *   <!-- GENERATED preset=NAME file=PATH -->
 *   ...anything...
 *   <!-- END GENERATED -->
 * becomes the shipped preset NAME (file=PRESET) or the file PATH it generates, in a fenced block.
 * `npm run docs` rewrites them; test/docs.test.ts fails when a page is stale, so the pages always
 * show what the tool writes today.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { buildPlan } from '../src/plan/index.js';
import { readCaBundle } from '../src/preset/files.js';
import { validatePreset } from '../src/preset/validate.js';
import { renderPlan } from '../src/render/index.js';
import { resolve } from '../src/resolve/index.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BLOCK = /<!-- GENERATED preset=([a-z0-9-]+) file=(\S+) -->\n[\s\S]*?<!-- END GENERATED -->/g;

function outputOf(preset: string): Map<string, string> {
  const presetsDir = path.join(ROOT, 'presets');
  const validated = validatePreset(yaml.load(readFileSync(path.join(presetsDir, `${preset}.yaml`), 'utf8')));
  const files = renderPlan(buildPlan(resolve(validated, { caBundle: readCaBundle(validated, presetsDir, ROOT) })));
  return new Map(files.map((f) => [f.path, f.content]));
}

export function fillGeneratedBlocks(markdown: string): string {
  const cache = new Map<string, Map<string, string>>();
  return markdown.replace(BLOCK, (_all, preset: string, file: string) => {
    let content: string;
    if (file === 'PRESET') {
      content = readFileSync(path.join(ROOT, 'presets', `${preset}.yaml`), 'utf8');
    } else {
      if (!cache.has(preset)) cache.set(preset, outputOf(preset));
      const out = cache.get(preset)!.get(file);
      if (out === undefined) throw new Error(`docs: ${preset} writes no ${file}`);
      content = out;
    }
    const lang = file.endsWith('.md') ? 'markdown' : file.endsWith('.txt') ? 'text' : 'yaml';
    return `<!-- GENERATED preset=${preset} file=${file} -->\n\`\`\`${lang}\n${content.trimEnd()}\n\`\`\`\n<!-- END GENERATED -->`;
  });
}
