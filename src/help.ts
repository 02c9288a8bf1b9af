/**
 * The --help text. Its own small module (no dependencies beyond generated metadata and the release
 * list) so bin.ts can answer --help/--version without loading the pipeline.
 */
import { SUPPORTED_RANGE } from './catalog/releases.js';
import { TOOL_NAME, TOOL_VERSION } from './generated/meta.js';

export const HELP = `${TOOL_NAME} ${TOOL_VERSION}
Generate coordinated, version-correct KServe Helm values, Knative/Istio/Gateway API manifests and an
INSTALL.md for KServe ${SUPPORTED_RANGE}.

Usage:
  ${TOOL_NAME}                                     interactive wizard (needs a terminal)
  ${TOOL_NAME} --preset FILE [--out DIR] [--set PATH=VALUE ...] [--force] [--dry-run]
  ${TOOL_NAME} --preset FILE --edit [--out DIR]    the wizard, every answer pre-filled from FILE
  ${TOOL_NAME} --yes [--set PATH=VALUE ...]        defaults for the newest KServe, no questions
  ${TOOL_NAME} --help | --version
  ${TOOL_NAME} check PATH... [--format text|json]  report where KServe, Knative, Istio, Gateway API disagree
  ${TOOL_NAME} upgrade FOLDER --to VERSION [--out DIR] [--dry-run] [--format text|json]
                                                   plan the upgrade of FOLDER's install: new folder + UPGRADE.md

Options:
  --preset FILE      read answers from a preset YAML file ("-" reads stdin); see presets/
  --out DIR          output folder (default ./kserve-config)
  --set PATH=VALUE   override one preset key, e.g. --set kserve.version=0.16.0 (repeatable)
  --force            write into a non-empty folder: files this tool writes are replaced, others kept
  --dry-run          validate and list the files that would be written, and why; write nothing
  --explain KEY      why the values whose key mentions KEY are set, e.g. --explain localGateway
  --edit             with --preset: ask every question, pre-filled from the preset (needs a terminal)
  -y, --yes          accept every default without asking
  -h, --help         show this help
  -v, --version      print the version

Exit codes: 0 done, 2 bad input, 1 unexpected failure, 130 cancelled.
`;

/**
 * The output for a bare `--help`/`-h` or `--version`/`-v` (the only argument), else undefined.
 * Anything else, including those flags mixed with others, goes through main()'s flag parsing.
 */
export function quickAnswer(argv: readonly string[]): string | undefined {
  if (argv.length !== 1) return undefined;
  if (argv[0] === '--help' || argv[0] === '-h') return HELP;
  if (argv[0] === '--version' || argv[0] === '-v') return `${TOOL_VERSION}\n`;
  return undefined;
}
