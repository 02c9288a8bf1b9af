/**
 * Process entry point: runs the CLI and maps signals to the contract's exit codes.
 * Kept apart from cli.ts so tests can call main() in-process.
 *
 * Start-up budget (issue 9, `npm run bench`): a bare `--help` or `--version` is answered from
 * help.ts alone, before the pipeline is loaded. Everything else is behind the dynamic import()
 * below; in the single-file CommonJS bundle esbuild turns it into a lazily evaluated closure, so
 * js-yaml, semver, the Handlebars runtime and the precompiled templates are not evaluated on the
 * fast path. The interactive wizard (@inquirer/prompts) must likewise only be reached through
 * `await import()`, never a static import.
 *
 * The published dist/cli.cjs wraps this file's bundle in src/launcher.ts (see scripts/build.ts).
 */
import { quickAnswer } from './help.js';
import { writeOut } from './stdio.js';

const argv = process.argv.slice(2);
const answer = quickAnswer(argv);

if (answer !== undefined) {
  writeOut(1, answer);
} else {
  run().then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = 1;
    },
  );
}

async function run(): Promise<number> {
  const [{ main }, { cleanupStaging, letPendingSignalsRun }] = await Promise.all([import('./cli.js'), import('./write.js')]);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.on(signal, () => {
      // Nothing half-written survives an interrupt: the staging folder goes, the target is untouched.
      cleanupStaging();
      writeOut(2, 'Cancelled\n');
      process.exit(code);
    });
  }
  const code = await main(argv);
  // A signal that came while the end of the run was busy is handled (exit 130/143), never lost.
  await letPendingSignalsRun();
  return code;
}
