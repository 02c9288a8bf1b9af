/**
 * Writes the committed, generated documentation artefacts from the one preset schema:
 *  - presets/preset.schema.json (editors complete presets with it);
 *  - the preset reference section of README.md (between the PRESET-REFERENCE markers);
 *  - the generated excerpts in docs/*.md (scripts/docs-blocks.ts).
 * test/docs.test.ts fails when either is stale: run `npm run docs` after changing the schema.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSIONS_BEGIN, VERSIONS_END, presetReference, schemaFileText, spliceBetween, spliceReference, versionsTable } from '../src/preset/docs.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
writeFileSync(path.join(root, 'presets', 'preset.schema.json'), schemaFileText());
const readmePath = path.join(root, 'README.md');
writeFileSync(
  readmePath,
  spliceBetween(spliceReference(readFileSync(readmePath, 'utf8'), presetReference()), VERSIONS_BEGIN, VERSIONS_END, versionsTable()),
);

import { fillGeneratedBlocks } from './docs-blocks.js';
const docsDir = path.join(root, 'docs');
for (const name of readdirSync(docsDir).filter((f) => f.endsWith('.md'))) {
  const file = path.join(docsDir, name);
  writeFileSync(file, fillGeneratedBlocks(readFileSync(file, 'utf8')));
}
