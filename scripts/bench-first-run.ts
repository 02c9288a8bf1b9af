/**
 * Child process of `npm run bench` (scaling): bundled by esbuild the way dist/cli.cjs is (CommonJS,
 * minified), so the first run below executes the code users run. It reads a preset (JSON) from
 * argv[2], runs validate + resolve + plan + render (which parses back and checks every file) once,
 * and prints the milliseconds that took. With `--no-run` after the preset it does everything but
 * the pipeline (the bench's instruction counts subtract that run).
 */
import { readFileSync } from 'node:fs';
import { buildPlan } from '../src/plan.js';
import { validatePreset } from '../src/preset/validate.js';
import { renderPlan } from '../src/render/index.js';
import { resolve } from '../src/resolve.js';

const raw = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as unknown;
const run = process.argv[3] !== '--no-run';
const start = process.hrtime.bigint();
if (run) renderPlan(buildPlan(resolve(validatePreset(raw))));
console.log(Number(process.hrtime.bigint() - start) / 1e6);
