/**
 * Both sides of an upgrade, each exactly as a generate run makes it: FOLDER's kserve-config.yaml
 * re-resolved as it is (what is installed) and with kserve.version set to --to (what to install).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { resolveRelease } from '../catalog/index.js';
import { UserError, quote } from '../errors.js';
import { buildPlan } from '../plan/index.js';
import { chooseCredentials, readCaBundle, type Credentials } from '../preset/files.js';
import { loadPreset, type LoadedPreset } from '../preset/load.js';
import { renderPlan } from '../render/index.js';
import { resolve } from '../resolve/index.js';
import type { Side } from './types.js';

const PRESET_FILE = 'kserve-config.yaml';

/** FOLDER must be a folder this tool wrote: it holds kserve-config.yaml. */
function presetPath(folder: string): string {
  let st;
  try {
    st = statSync(folder);
  } catch {
    throw new UserError(folder, 'no such folder', 'pass the folder create-kserve-config wrote for the running install (it holds kserve-config.yaml)');
  }
  if (!st.isDirectory()) throw new UserError(folder, 'is not a folder', 'pass the folder create-kserve-config wrote (it holds kserve-config.yaml)');
  const file = path.join(folder, PRESET_FILE);
  if (!existsSync(file)) {
    throw new UserError(folder, `has no ${PRESET_FILE}, so it was not written by create-kserve-config`, 'pass the folder INSTALL.md was followed from, or regenerate one with --preset');
  }
  return file;
}

function side(loaded: LoadedPreset, credentials: Credentials | undefined): Side {
  const inputs = { caBundle: readCaBundle(loaded.preset, loaded.baseDir), credentials };
  const resolved = resolve(loaded.preset, inputs);
  const plan = buildPlan(resolved);
  return { preset: loaded.preset, inputs, resolved, plan, files: renderPlan(plan) };
}

/** The installed side, and the side for `to`; refuses a `to` that is not newer. */
export async function loadSides(folder: string, to: string): Promise<{ from: Side; to: Side }> {
  const file = presetPath(folder);
  // The S3 keys FOLDER's Secrets hold (or the environment's) go into both sides, so the new Secrets
  // carry them over instead of placeholders (preset/files.ts chooseCredentials).
  let installed: LoadedPreset;
  let credentials: Credentials | undefined;
  try {
    installed = await loadPreset(file, [], () => '');
    credentials = chooseCredentials(installed.preset, folder, process.env).credentials;
  } catch (err) {
    if (err instanceof UserError) throw new UserError(folder, err.problem, err.fix);
    throw err;
  }
  const from = side(installed, credentials);
  if (from.resolved.llm && !from.resolved.predictive) {
    throw new UserError(
      'llm.predictive',
      'false: upgrade has no plan for the LLM stack alone yet',
      'generate the new folder with --set kserve.version=VERSION and follow the LLM steps of its INSTALL.md as helm upgrade',
    );
  }
  let target: string;
  try {
    target = resolveRelease(to).version;
  } catch (err) {
    if (err instanceof UserError) throw new UserError('--to', err.problem, err.fix);
    throw err;
  }
  const running = from.resolved.release.version;
  if (!semver.gt(target, running)) {
    throw new UserError(
      '--to',
      `${quote(to)} is not newer than the installed KServe ${running} (${PRESET_FILE} in ${quote(folder)})`,
      target === running ? 'nothing to upgrade; pass a newer release' : 'upgrade only goes forward; to go back, follow the rollback commands of the UPGRADE.md that brought this version',
    );
  }
  return { from, to: side(await loadPreset(file, [`kserve.version=${target}`], () => ''), credentials) };
}

/**
 * Files of FOLDER that differ from what its kserve-config.yaml generates: hand edits, which the plan
 * (made from kserve-config.yaml) does not see and the new folder does not carry over.
 */
export function editedFiles(folder: string, from: Side): string[] {
  return from.files
    .filter((f) => {
      const file = path.join(folder, ...f.path.split('/'));
      try {
        return readFileSync(file, 'utf8') !== f.content;
      } catch {
        return false;
      }
    })
    .map((f) => f.path);
}
