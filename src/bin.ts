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
  const [{ main }, { cleanupStaging }] = await Promise.all([import('./cli.js'), import('./write.js')]);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      // Nothing half-written survives an interrupt: the staging folder goes, the target is untouched.
      cleanupStaging();
      process.stderr.write('Cancelled\n');
      process.exit(130);
    });
  }
  return main(argv);
}
