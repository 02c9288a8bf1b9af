/**
 * Staged, atomic output. Everything is written into a staging folder beside the target and moved
 * into place with rename(2) only once every file is there, so the target is either untouched or
 * complete. With --force, files this tool does not write are carried over untouched. With --force
 * the old folder is renamed aside just before the new one is renamed in: a run killed between the
 * two (SIGKILL) is rolled back by the next run (recoverInterrupted), which also deletes what killed
 * runs left behind.
 */
import {
  chmodSync,
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { UserError, quote } from './errors.js';
import type { RenderedFile } from './render/index.js';

export interface WriteOptions {
  force: boolean;
}

/** Staging folders still on disk, removed if the process is interrupted. */
const pendingStages = new Set<string>();

export function cleanupStaging(): void {
  for (const dir of pendingStages) removeTree(dir);
  pendingStages.clear();
}

/** What --out is now: the one place both the CLI and the wizard's folder question ask. */
export type OutDirState = 'missing' | 'empty' | 'not-empty' | 'not-a-folder';

export function outDirState(outDir: string): OutDirState {
  let st;
  try {
    st = statSync(outDir);
  } catch {
    return 'missing'; // created when the files are written
  }
  if (!st.isDirectory()) return 'not-a-folder';
  return readdirSync(outDir).length > 0 ? 'not-empty' : 'empty';
}

/** Checks --out before any work is done, so a bad folder is reported before rendering. */
export function checkOutDir(outDir: string, { force }: WriteOptions): void {
  recoverInterrupted(outDir);
  const state = outDirState(outDir);
  if (state === 'not-a-folder') {
    throw new UserError('--out', `${quote(outDir)} exists and is not a folder`, 'choose a folder path for --out');
  }
  if (state === 'not-empty' && !force) {
    throw new UserError(
      '--out',
      `${quote(outDir)} is not empty`,
      'choose a new folder, or pass --force to replace the files this tool writes (other files are left alone)',
    );
  }
}

/** What a write did beyond the files it was given. */
export interface WriteResult {
  /** --force: files already in the folder that this run does not write, kept as they were. */
  kept: string[];
}

export function writeOutput(outDir: string, files: readonly RenderedFile[], options: WriteOptions): WriteResult {
  const kept: string[] = [];
  checkOutDir(outDir, options);
  const target = path.resolve(outDir);
  const parent = path.dirname(target);
  try {
    mkdirSync(parent, { recursive: true });
  } catch (err) {
    throw writeError(parent, err);
  }
  const stage = path.join(parent, `.${path.basename(target)}.staging-${process.pid}`);
  removeTree(stage);
  pendingStages.add(stage);
  try {
    try {
      mkdirSync(stage, { mode: 0o755 });
    } catch (err) {
      throw writeError(parent, err);
    }
    for (const file of files) {
      const dest = path.join(stage, ...file.path.split('/'));
      mkdirSync(path.dirname(dest), { recursive: true });
      writeFileSync(dest, file.content, { mode: file.mode });
      chmodSync(dest, file.mode); // the umask must not loosen 0600 secrets, nor tighten the rest
    }
    const existing = existsSync(target) && readdirSync(target).length > 0;
    if (existing) {
      // --force: keep every file we do not write, then swap the folders.
      carryOver(target, stage, new Set(files.map((f) => f.path)), '', kept);
      const old = path.join(parent, `.${path.basename(target)}.old-${process.pid}`);
      removeTree(old);
      renameSync(target, old);
      renameSync(stage, target);
      removeTree(old);
    } else {
      // rename(2) replaces an empty folder atomically.
      renameSync(stage, target);
    }
    pendingStages.delete(stage);
  } catch (err) {
    cleanupStaging();
    if (err instanceof UserError) throw err;
    throw writeError(target, err);
  }
  return { kept: kept.sort() };
}

function carryOver(fromRoot: string, toRoot: string, owned: Set<string>, rel: string, kept: string[]): void {
  const dir = path.join(fromRoot, rel);
  for (const entry of readdirSync(dir)) {
    const relPath = rel ? `${rel}/${entry}` : entry;
    const src = path.join(dir, entry);
    const dest = path.join(toRoot, relPath);
    const st = lstatSync(src);
    if (st.isDirectory()) {
      mkdirSync(dest, { recursive: true, mode: st.mode & 0o777 });
      carryOver(fromRoot, toRoot, owned, relPath, kept);
    } else if (!owned.has(relPath)) {
      kept.push(relPath);
      try {
        linkSync(src, dest); // same file system: no copy, modes and content preserved
      } catch {
        copyFileSync(src, dest);
        chmodSync(dest, st.mode & 0o777);
      }
    }
  }
}

function writeError(where: string, err: unknown): UserError {
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  return new UserError('--out', `cannot write to ${quote(where)} (${code})`, 'choose a folder you can write to');
}

/**
 * `rm -rf`. fs.rmSync loads Node's JavaScript rimraf (about 2 ms on Node 20, a tenth of a preset
 * run: issue 9), even for a path that does not exist. This plain walk covers what this module
 * removes (its own staging and old folders); anything unusual (permissions, Windows file locks,
 * races) falls back to fs.rmSync. Links are removed, never followed.
 */
function removeTree(target: string): void {
  try {
    removeWalk(target);
  } catch {
    rmSync(target, { recursive: true, force: true });
  }
}

function removeWalk(p: string): void {
  const st = lstatSync(p, { throwIfNoEntry: false });
  if (st === undefined) return;
  if (!st.isDirectory()) return unlinkSync(p);
  for (const entry of readdirSync(p, { withFileTypes: true })) {
    const child = path.join(p, entry.name);
    if (entry.isDirectory()) removeWalk(child);
    else unlinkSync(child);
  }
  rmdirSync(p);
}

/** Targets recoverInterrupted has already handled in this process. */
const recovered = new Set<string>();

/**
 * Leftovers of a run that was killed outright (SIGKILL, power loss; SIGINT/SIGTERM clean up) next
 * to --out, from processes that no longer exist:
 *   - `.<name>.staging-<pid>`: a staging folder; the target was not touched. Deleted.
 *   - `.<name>.old-<pid>` with the target missing and that run's staging folder still there: a
 *     --force run died between its two renames, with the previous folder moved aside. It goes
 *     back into place (then the staging folder is deleted), so the target is as before that run.
 *   - any other `.<name>.old-<pid>`: the swap was done, only deleting the old copy was not. Deleted.
 * Runs before anything looks at --out, so a killed run leaves the target untouched or complete for
 * the next one. Best effort: a leftover that cannot be removed never stops a run.
 */
function recoverInterrupted(outDir: string): void {
  const target = path.resolve(outDir);
  // Once per target and process: checkOutDir runs before rendering and again before writing, and
  // listing a large parent folder (a home or temp folder) costs about a millisecond each time.
  if (recovered.has(target)) return;
  recovered.add(target);
  const parent = path.dirname(target);
  const prefix = `.${path.basename(target)}.`;
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return;
  }
  const dead = (kind: 'staging' | 'old') =>
    entries.flatMap((entry) => {
      const m = entry.startsWith(prefix) ? new RegExp(`^${kind}-([0-9]+)$`).exec(entry.slice(prefix.length)) : null;
      const pid = m ? Number(m[1]) : NaN;
      return m && pid !== process.pid && !processExists(pid) ? [{ pid, dir: path.join(parent, entry) }] : [];
    });
  const stages = dead('staging');
  try {
    for (const old of dead('old')) {
      if (!existsSync(target) && stages.some((s) => s.pid === old.pid)) renameSync(old.dir, target);
      else removeTree(old.dir);
    }
    for (const stage of stages) removeTree(stage.dir);
  } catch {
    // best effort
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
