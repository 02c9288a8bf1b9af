/**
 * Process entry point: runs the CLI and maps signals to the contract's exit codes.
 * Kept apart from cli.ts so tests can call main() in-process.
 */
import { main } from './cli.js';
import { cleanupStaging } from './write.js';

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // Nothing half-written survives an interrupt: the staging folder goes, the target is untouched.
    cleanupStaging();
    process.stderr.write('Cancelled\n');
    process.exit(130);
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 1;
  },
);
