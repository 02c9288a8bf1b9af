/**
 * Process entry point: runs the CLI and maps signals to the contract's exit codes.
 * Kept apart from cli.ts so tests can call main() in-process. A bare --help or --version is
 * answered from help.ts alone; the pipeline (and the wizard, behind its own import()) loads only
 * when there is work to do.
 */
import { quickAnswer } from './help.js';

const argv = process.argv.slice(2);
const answer = quickAnswer(argv);

if (answer !== undefined) {
  process.stdout.write(answer);
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
      process.stderr.write('Cancelled\n');
      process.exit(code);
    });
  }
  const code = await main(argv);
  // A signal that came while the end of the run was busy is handled (exit 130/143), never lost.
  await letPendingSignalsRun();
  return code;
}
