/**
 * Staged, atomic output. Everything is written into a staging folder beside the target and moved
 * into place with rename(2) only once every file is there, so the target is either untouched or
 * complete. With --force, files this tool does not write are carried over untouched.
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
  statSync,
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
  for (const dir of pendingStages) rmSync(dir, { recursive: true, force: true });
  pendingStages.clear();
}

/** Checks --out before any work is done, so a bad folder is reported before rendering. */
export function checkOutDir(outDir: string, { force }: WriteOptions): void {
  let st;
  try {
    st = statSync(outDir);
  } catch {
    return; // does not exist yet: fine
  }
  if (!st.isDirectory()) {
    throw new UserError('--out', `${quote(outDir)} exists and is not a folder`, 'choose a folder path for --out');
  }
  if (readdirSync(outDir).length > 0 && !force) {
    throw new UserError(
      '--out',
      `${quote(outDir)} is not empty`,
      'choose a new folder, or pass --force to replace the files this tool writes (other files are left alone)',
    );
  }
}

export function writeOutput(outDir: string, files: readonly RenderedFile[], options: WriteOptions): void {
  checkOutDir(outDir, options);
  const target = path.resolve(outDir);
  const parent = path.dirname(target);
  try {
    mkdirSync(parent, { recursive: true });
  } catch (err) {
    throw writeError(parent, err);
  }
  const stage = path.join(parent, `.${path.basename(target)}.staging-${process.pid}`);
  rmSync(stage, { recursive: true, force: true });
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
      carryOver(target, stage, new Set(files.map((f) => f.path)), '');
      const old = path.join(parent, `.${path.basename(target)}.old-${process.pid}`);
      rmSync(old, { recursive: true, force: true });
      renameSync(target, old);
      renameSync(stage, target);
      rmSync(old, { recursive: true, force: true });
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
}

function carryOver(fromRoot: string, toRoot: string, owned: Set<string>, rel: string): void {
  const dir = path.join(fromRoot, rel);
  for (const entry of readdirSync(dir)) {
    const relPath = rel ? `${rel}/${entry}` : entry;
    const src = path.join(dir, entry);
    const dest = path.join(toRoot, relPath);
    const st = lstatSync(src);
    if (st.isDirectory()) {
      mkdirSync(dest, { recursive: true, mode: st.mode & 0o777 });
      carryOver(fromRoot, toRoot, owned, relPath);
    } else if (!owned.has(relPath)) {
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
