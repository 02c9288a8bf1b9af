/**
 * `create-kserve-config check PATH...`: reads cluster state or a generated folder and reports every
 * place where KServe, Knative, Istio and the Gateway API disagree.
 * Exit codes: 0 everything checkable agrees (warnings allowed; rules the input cannot feed are listed as
 * not checked), 1 problems found, 2 unreadable input or bad flags.
 */
import { parseCommandLine } from '../flags.js';
import { UserError, oneLine } from '../errors.js';
import type { StdinReader } from '../input.js';
import { TOOL_NAME } from '../generated/meta.js';
import { GENERIC_SCOPE, checkCommands } from './collect.js';
import { loadInputs } from './load.js';
import { buildModel } from './model.js';
import { formatJson, formatText } from './report.js';
import { RULES, runRules } from './rules.js';

export const CHECK_HELP = `Usage: ${TOOL_NAME} check PATH... [--format text|json] [--offline-registry HOST ...]

Reads YAML or JSON files, folders (such as one ${TOOL_NAME} wrote) or - (stdin) and reports every
inconsistency between KServe, Knative, Istio and the Gateway API: each misconfiguration once, with
every place it shows (object, key, value), the expected value and the fix. What the input lacks is
listed as not checked, with the command that collects it. Everything check reads from a cluster:

  mkdir -p ${GENERIC_SCOPE.dir}
${checkCommands(GENERIC_SCOPE)
  .map((c) => `  ${c}`)
  .join('\n')}

Options:
  --format text|json       report format (default text; json for CI)
  --offline-registry HOST  the registry an air-gapped cluster pulls from (repeatable); offline is
                           also assumed when registries-skipping-tag-resolving lists a registry
                           beyond Knative's defaults, or when every KServe and Knative image comes
                           from a registry they are not published to
  -h, --help               show this help

Rules:
${Object.entries(RULES)
  .map(([id, what]) => `  ${id.padEnd(28)} ${what}`)
  .join('\n')}

Exit codes: 0 everything checkable agrees (warnings only), 1 problems found, 2 unreadable input.
`;

export interface CheckIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin: StdinReader;
}

export async function runCheck(argv: string[], io: CheckIo): Promise<number> {
  try {
    const parsed = parseCommandLine(
      argv,
      { format: { type: 'string' }, 'offline-registry': { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } },
      true,
      `\`${TOOL_NAME} check --help\``,
    );
    const v = parsed.values;
    if (v.help) {
      io.stdout(CHECK_HELP);
      return 0;
    }
    const format = v.format ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UserError('--format', `"${format}" is not a report format`, 'use --format text or --format json');
    if (parsed.positionals.length === 0) {
      throw new UserError('check', 'no input given', `pass files or folders to read, or - for stdin (see \`${TOOL_NAME} check --help\`)`);
    }
    const loaded = await loadInputs(parsed.positionals, io.readStdin);
    const model = buildModel(loaded, { offlineRegistries: v['offline-registry'] ?? [] });
    const { findings, unchecked } = runRules(model);
    const report = { findings, unchecked, model, files: loaded.files };
    io.stdout(format === 'json' ? formatJson(report) : formatText(report));
    // What could not be checked does not fail the run: exit 0 means everything checkable agrees.
    return findings.some((f) => f.severity === 'error') ? 1 : 0;
  } catch (err) {
    if (err instanceof UserError) {
      io.stderr(`${err.line()}\n`);
      return 2;
    }
    io.stderr(`error: internal: ${oneLine(String((err as Error)?.message ?? err))} — this is a bug in ${TOOL_NAME}; please report it with your input\n`);
    return 1;
  }
}
