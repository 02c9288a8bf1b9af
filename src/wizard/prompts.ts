/**
 * The prompts the wizard uses, and only those: ask.ts loads this module with `await import()`.
 * Named re-exports (not the whole @inquirer/prompts namespace) let esbuild drop the prompts the
 * wizard never shows; the editor prompt alone would add ~500 KB (iconv-lite) to dist/cli.cjs.
 */
export { confirm, password, select } from '@inquirer/prompts';
export { liveInput } from './live-input.js';
