/**
 * node:util parseArgs for every command, with its errors as one UserError line naming the flag:
 * the main command, `check` and `upgrade` report bad flags the same way.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError, oneLine } from './errors.js';

/** `help` says where the flags are listed, e.g. "--help" or "create-kserve-config check --help". */
export function parseCommandLine<T extends ParseArgsConfig['options']>(args: string[], options: T, allowPositionals: boolean, help: string) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (err) {
    const message = (err as Error).message;
    // node:util names the option as "'-p, --preset <value>'" or "'--bogus'": prefer the long form.
    const flag = /--[a-z][a-z-]*/.exec(message)?.[0] ?? /'(-[^' ,]+)/.exec(message)?.[1] ?? 'command line';
    if (/argument missing|argument is ambiguous/.test(message)) {
      // "--preset --out x" reads as a missing value, not as a preset file named "--out".
      throw new UserError(flag, 'needs a value', `put the value right after ${flag}, e.g. ${flag} VALUE (see ${help})`);
    }
    throw new UserError(flag, oneLine(message.replace(/\. To specify.*$/s, '')), `see ${help} for the flags`);
  }
}
