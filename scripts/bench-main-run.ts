/**
 * Child process of `npm run bench` (scaling): bundled like dist/cli.cjs, it runs the CLI's main()
 * once in a fresh process, `--preset argv[2] --out argv[3] --force`, with nothing printed, and
 * prints the milliseconds main() took (reading and parsing the preset, the pipeline, writing the
 * folder: everything a run does but starting Node), then those of the pipeline within it (from
 * validating the parsed preset to the rendered files, parsed back; src/phases.ts).
 */
import { main } from '../src/cli.js';
import { pipelinePhase } from '../src/phases.js';

const io = { stdout: () => {}, stderr: () => {}, readStdin: () => '', stdinIsTTY: false };

void (async () => {
  const start = process.hrtime.bigint();
  const code = await main(['--preset', process.argv[2]!, '--out', process.argv[3]!, '--force'], io);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (code !== 0) throw new Error(`main() exited with ${code}`);
  console.log(ms, Number(pipelinePhase.end! - pipelinePhase.start!) / 1e6);
})();
