/**
 * Staged, atomic output. Everything is written into a staging folder beside the target and moved
 * into place with rename(2) only once every file is there, so the target is either untouched or
 * complete. The rules that keep a user's folder safe:
 *   - Without --force the staging folder is renamed onto the target, which rename(2) refuses when
 *     the target is not empty: a folder that appears or fills while the run stages is never
 *     replaced, and of two runs racing for one folder at most one writes.
 *   - With --force the files this tool does not write are carried into the staging folder (hard
 *     links), the old folder is renamed aside and the new one renamed in. If that second rename
 *     fails the old folder is renamed back before the error is reported.
 *   - A journal beside the target (`.<name>.journal-<tag>`, written before the folders change)
 *     holds the inode of the run's staging folder (`.<name>.staging-<tag>`; the old folder is
 *     `.<name>.old-<tag>`) and the files the run writes. Anything a run leaves is deleted only
 *     where it is proven not to be the user's only copy (clearProven): a file the journal lists,
 *     or a twin of the file at the same path in the target. What cannot be proven stays, with a
 *     warning.
 * A run killed outright (SIGKILL, power loss) is finished or rolled back by the next run
 * (recoverInterrupted). SIGINT/SIGTERM are handled between JavaScript steps, never inside the
 * swap: before it (letPendingSignalsRun) the staging folder is removed and the target untouched;
 * after it the target is complete.
 */
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  readSync,
  renameSync,
  rmSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import path from 'node:path';
import { UserError, quote } from './errors.js';
import { CHECKSUMS_FILE, parseChecksums, sha256 } from './checksums.js';
import type { RenderedFile } from './render/index.js';

export interface WriteOptions {
  force: boolean;
}

/** What a write did beyond the files it was given. */
export interface WriteResult {
  /** --force: files already in the folder that this run does not write, kept as they were. */
  kept: string[];
  /** --force: of those, files an earlier run wrote and someone changed since (kept, worth a look). */
  changed: string[];
  /** --force: files an earlier run wrote, unchanged, that this run does not write: not carried over. */
  removed: string[];
  /** --force: the folder had no checksums file, so nothing in it is known to be an earlier run's. */
  unknownOrigin: boolean;
  /** Lines for `warning: ...` (leftovers that could not be proven safe to delete). */
  warnings: string[];
}

/** Staging folders and journals of the run in progress, removed if it fails or is interrupted. */
const pending = new Set<string>();

export function cleanupStaging(): void {
  for (const p of pending) removeTree(p);
  pending.clear();
}

/**
 * Checks --out before any work is done, so a bad folder is reported before rendering; first
 * recovers what interrupted runs left beside it. Returns warnings about leftovers it had to keep.
 */
/** What --out is now: the one place both the CLI and the wizard's folder question ask. */
type OutDirState = 'missing' | 'empty' | 'not-empty' | 'not-a-folder' | 'link';

export function outDirState(outDir: string): OutDirState {
  const st = lstatOrNothing(outDir);
  if (st === undefined) return 'missing'; // created when the files are written
  if (st.isSymbolicLink()) return 'link';
  if (!st.isDirectory()) return 'not-a-folder';
  return readdirSync(outDir).length > 0 ? 'not-empty' : 'empty';
}

/** Checks --out before any work is done, so a bad folder is reported before rendering; returns warnings. */
export function checkOutDir(outDir: string, { force }: WriteOptions): string[] {
  const warnings = recoverInterrupted(outDir);
  const state = outDirState(outDir);
  if (state === 'link') {
    throw new UserError('--out', `${quote(outDir)} is a symbolic link`, 'pass the folder it points to (the new folder replaces whatever --out names)');
  }
  if (state === 'not-a-folder') {
    throw new UserError('--out', `${quote(outDir)} exists and is not a folder`, 'choose a folder path for --out');
  }
  if (state === 'not-empty' && !force) throw notEmpty(outDir, '');
  return warnings;
}

function notEmpty(outDir: string, when: string): UserError {
  return new UserError(
    '--out',
    `${quote(outDir)} is not empty${when}`,
    'choose a new folder, or pass --force to replace the files this tool writes (other files are left alone)',
  );
}

/** The three names one run uses beside the target; the tag is the process id, made unique if taken. */
interface RunNames {
  stage: string;
  old: string;
  journal: string;
}

interface Journal {
  /** `dev:ino` of the staging folder: a target with this identity is this run's finished swap. */
  stageId: string;
  /** The files the run writes ("/"-separated, relative to the folder). */
  owned: string[];
}

export async function writeOutput(outDir: string, files: readonly RenderedFile[], options: WriteOptions): Promise<WriteResult> {
  const warnings = checkOutDir(outDir, options);
  const target = path.resolve(outDir);
  const parent = path.dirname(target);
  try {
    mkdirSync(parent, { recursive: true });
  } catch (err) {
    throw writeError(parent, err);
  }
  const names = freeNames(parent, path.basename(target));
  const owned = files.map((f) => f.path);
  try {
    pending.add(names.stage);
    pending.add(names.journal);
    try {
      mkdirSync(names.stage, { mode: 0o700 });
    } catch (err) {
      throw writeError(parent, err);
    }
    const journal: Journal = { stageId: idOf(statSync(names.stage)), owned };
    writeFileSync(names.journal, `${JSON.stringify(journal)}\n`, { mode: 0o600 });
    const old = options.force ? lstatOrNothing(target) : undefined;
    const oldDir = old?.isDirectory() === true;
    writeFiles(names.stage, files);
    const carried: Carried = { kept: [], changed: [], removed: [] };
    const earlier = oldDir ? readChecksums(target) : undefined;
    if (oldDir) carryOver(target, names.stage, { owned: new Set(owned), earlier: earlier ?? new Map() }, '', carried);
    // An earlier run's files left behind are disposable too: say so in the journal, so a run killed
    // during the swap is cleaned up by the next one like the rest.
    if (carried.removed.length) writeFileSync(names.journal, `${JSON.stringify({ ...journal, owned: [...owned, ...carried.removed] })}\n`, { mode: 0o600 });
    // Last, so a read-only folder mode does not stop the writes: --force keeps the folder's own mode.
    chmodSync(names.stage, oldDir ? old!.mode & 0o7777 : 0o755);
    await letPendingSignalsRun();
    // The old folder goes once everything in it is proven disposable: files this run writes anew, and an earlier run's left unchanged.
    warnings.push(...commit(outDir, target, names, options.force, new Set([...owned, ...carried.removed])));
    // sort() with no comparator is code-unit order: the same under any locale.
    return { kept: carried.kept.sort(), changed: carried.changed.sort(), removed: carried.removed.sort(), unknownOrigin: oldDir && earlier === undefined && carried.kept.length > 0, warnings };
  } catch (err) {
    cleanupStaging();
    if (err instanceof UserError) throw err;
    throw writeError(target, err);
  }
}

/**
 * Lets a SIGINT/SIGTERM that arrived while the run was busy reach its handler (bin.ts), which
 * removes the staging folder and exits 130/143: called before anything is replaced. Signals are
 * delivered in the event loop's poll phase; from inside an I/O callback one setImmediate runs
 * before the next poll, the second after it.
 */
export async function letPendingSignalsRun(): Promise<void> {
  for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Moves the staging folder into place (see the header); returns warnings. */
function commit(outDir: string, target: string, names: RunNames, force: boolean, owned: ReadonlySet<string>): string[] {
  try {
    renameSync(names.stage, target); // atomic; refused if target is a folder that is not empty
    pending.clear(); // the staging folder is the target now
    tryRemove(names.journal, unlinkSync);
    return [];
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw new UserError('--out', `${quote(outDir)} exists and is not a folder`, 'choose a folder path for --out');
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
    if (!force) throw notEmpty(outDir, ' (files appeared in it while this run was writing)');
  }
  // --force over a folder that is not empty: move it aside, then the new one in.
  renameSync(target, names.old);
  try {
    renameSync(names.stage, target);
  } catch (err) {
    restoreAfterFailedSwap(outDir, target, names, err);
  }
  pending.clear();
  const left = clearProven(names.old, target, owned);
  if (left.length === 0) {
    tryRemove(names.journal, unlinkSync);
    return [];
  }
  return [keptWarning(names.old, target, left, 'files appeared in the folder while --force replaced it')];
}

/** The second rename of a swap failed: the old folder goes back before the error is reported. */
function restoreAfterFailedSwap(outDir: string, target: string, names: RunNames, err: unknown): never {
  try {
    renameSync(names.old, target);
  } catch (restoreErr) {
    // Nothing is deleted: the journal lets the next run put the folder back, and the line says where it is.
    pending.clear();
    const codes = [err, restoreErr].map((e) => (e as NodeJS.ErrnoException).code ?? 'error').join(', then ');
    throw new UserError(
      '--out',
      `cannot move the new folder into place (${codes}); your previous folder is now ${quote(names.old)}`,
      `rename it back to ${quote(path.basename(target))} (the next run does so too); nothing in it was changed`,
    );
  }
  throw writeError(outDir, err);
}

/** The warning for a leftover folder that holds files found nowhere else. */
function keptWarning(dir: string, target: string, left: string[], origin: string): string {
  const shown = left.length > 3 ? `${left.slice(0, 3).join(', ')} and ${left.length - 3} more` : left.join(', ');
  const files = left.length === 1 ? `${shown} is` : `${left.length} files (${shown}) are`;
  return `kept ${quote(dir)} (${origin}): ${files} not in ${quote(path.basename(target))}; move what you need there, then delete the folder`;
}

/** Names not in use beside the target, so a run never writes into a leftover it could not clear. */
function freeNames(parent: string, base: string): RunNames {
  for (let n = 1; ; n++) {
    const tag = n === 1 ? `${process.pid}` : `${process.pid}-${n}`;
    const names = { stage: `.${base}.staging-${tag}`, old: `.${base}.old-${tag}`, journal: `.${base}.journal-${tag}` };
    if (Object.values(names).every((name) => !existsSync(path.join(parent, name)))) {
      return { stage: path.join(parent, names.stage), old: path.join(parent, names.old), journal: path.join(parent, names.journal) };
    }
  }
}

/**
 * Writes every file with its mode; the umask neither loosens nor tightens them. A folder holding
 * a secret (a 0600 file) is 0700, every other folder 0755.
 */
function writeFiles(stage: string, files: readonly RenderedFile[]): void {
  const folders = new Map<string, number>();
  for (const file of files) {
    const dir = path.posix.dirname(file.path);
    const secret = (file.mode & 0o077) === 0;
    for (let d = dir; d !== '.'; d = path.posix.dirname(d)) folders.set(d, folders.get(d) === 0o700 ? 0o700 : 0o755);
    if (secret && dir !== '.') folders.set(dir, 0o700);
  }
  for (const [dir, mode] of [...folders].sort(([a], [b]) => a.length - b.length)) {
    const abs = path.join(stage, ...dir.split('/'));
    mkdirSync(abs, { mode: 0o700 }); // never looser than the final mode, whatever the umask
    chmodSync(abs, mode);
  }
  for (const file of files) {
    const dest = path.join(stage, ...file.path.split('/'));
    writeFileSync(dest, file.content, { mode: file.mode & 0o700 });
    chmodSync(dest, file.mode);
  }
}

interface Carried {
  kept: string[];
  changed: string[];
  removed: string[];
}

/** The checksums file an earlier run left in the folder, if any (a small regular file). */
function readChecksums(target: string): Map<string, string> | undefined {
  const file = path.join(target, CHECKSUMS_FILE);
  const st = lstatOrNothing(file);
  if (!st?.isFile() || st.size > 1_000_000) return undefined;
  return parseChecksums(readFileSync(file, 'utf8'));
}

/**
 * Copies into the new folder what the old one holds that this run does not write: the user's own
 * files, and files an earlier run wrote that were changed since. An earlier run's file nobody
 * changed is left behind (removed with the old folder): this configuration no longer needs it.
 */
function carryOver(fromRoot: string, toRoot: string, runs: { owned: ReadonlySet<string>; earlier: ReadonlyMap<string, string> }, rel: string, out: Carried): void {
  const dir = path.join(fromRoot, rel);
  for (const entry of readdirSync(dir)) {
    const relPath = rel ? `${rel}/${entry}` : entry;
    const src = path.join(dir, entry);
    const dest = path.join(toRoot, relPath);
    const st = lstatSync(src);
    if (st.isDirectory()) {
      const created = !existsSync(dest);
      if (created) mkdirSync(dest, { mode: 0o700 });
      carryOver(fromRoot, toRoot, runs, relPath, out);
      // A folder of the user's keeps its mode (set after its contents, in case it is read-only).
      if (created) chmodSync(dest, st.mode & 0o7777);
      if (created && readdirSync(dest).length === 0 && isEarlierRunsFolder(relPath, runs.earlier)) rmdirSync(dest);
    } else if (!runs.owned.has(relPath)) {
      const hash = runs.earlier.get(relPath);
      if (hash !== undefined && st.isFile() && sha256(readFileSync(src)) === hash) {
        out.removed.push(relPath);
        continue;
      }
      out.kept.push(relPath);
      if (hash !== undefined) out.changed.push(relPath);
      try {
        linkSync(src, dest); // same file system: no copy, modes and content preserved
      } catch {
        copyFileSync(src, dest);
        chmodSync(dest, st.mode & 0o7777);
      }
    }
  }
}

/** A folder only an earlier run's files were in (e.g. patches/ once nothing needs a patch). */
function isEarlierRunsFolder(relPath: string, earlier: ReadonlyMap<string, string>): boolean {
  return [...earlier.keys()].some((p) => p.startsWith(`${relPath}/`));
}

function writeError(where: string, err: unknown): UserError {
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  return new UserError('--out', `cannot write to ${quote(where)} (${code})`, 'choose a folder you can write to');
}

/** lstat, or undefined when there is nothing there (or a path component is a file). */
function lstatOrNothing(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

function idOf(st: Stats): string {
  return `${st.dev}:${st.ino}`;
}

/**
 * Removes from `dir` what provably is not the only copy of anything of the user's: files at a path
 * in `owned` (this tool's own output), files whose twin at the same path under `twin` is the same
 * file (a hard link) or an identical copy, and folders left empty. Never follows a link. Returns
 * the paths it kept; `dir` itself is gone when the list is empty.
 */
function clearProven(dir: string, twin: string, owned: ReadonlySet<string>): string[] {
  const kept: string[] = [];
  const walk = (rel: string): boolean => {
    let empty = true;
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      const abs = path.join(dir, r);
      if (entry.isDirectory() ? walk(r) && tryRemove(abs, rmdirSync) : (owned.has(r) || sameFile(abs, path.join(twin, r))) && tryRemove(abs, unlinkSync)) continue;
      if (!entry.isDirectory()) kept.push(r);
      empty = false;
    }
    return empty;
  };
  const st = lstatOrNothing(dir);
  if (st === undefined) return [];
  if (!st.isDirectory()) return [path.basename(dir)];
  try {
    if (walk('') && tryRemove(dir, rmdirSync)) return [];
  } catch {
    // unreadable: keep it
  }
  return kept.length ? kept : ['(folders)'];
}

function tryRemove(p: string, remove: (p: string) => void): boolean {
  try {
    remove(p);
    return true;
  } catch {
    return false;
  }
}

/** Whether `b` holds what `a` holds: the same file, the same link, or a copy with the same mode and bytes. */
function sameFile(a: string, b: string): boolean {
  const sa = lstatOrNothing(a);
  const sb = lstatOrNothing(b);
  if (!sa || !sb) return false;
  if (sa.dev === sb.dev && sa.ino === sb.ino) return true;
  if (sa.isSymbolicLink() && sb.isSymbolicLink()) return readlinkSync(a) === readlinkSync(b);
  if (!sa.isFile() || !sb.isFile() || sa.size !== sb.size || sa.mode !== sb.mode) return false;
  return sameBytes(a, b, sa.size);
}

function sameBytes(a: string, b: string, size: number): boolean {
  if (size <= 1024 * 1024) return readFileSync(a).equals(readFileSync(b));
  const fa = openSync(a, 'r');
  const fb = openSync(b, 'r');
  try {
    const ba = Buffer.alloc(1024 * 1024);
    const bb = Buffer.alloc(1024 * 1024);
    for (let pos = 0; pos < size; ) {
      const n = readSync(fa, ba, 0, ba.length, pos);
      if (n === 0 || readSync(fb, bb, 0, n, pos) !== n || !ba.subarray(0, n).equals(bb.subarray(0, n))) return false;
      pos += n;
    }
    return true;
  } finally {
    closeSync(fa);
    closeSync(fb);
  }
}

/** `rm -rf` of this run's own staging folder or journal (links are removed, never followed). */
function removeTree(target: string): void {
  rmSync(target, { recursive: true, force: true });
}

/** Targets recoverInterrupted has already handled in this process. */
const recovered = new Set<string>();

/**
 * What killed runs left next to --out (SIGKILL, power loss; SIGINT/SIGTERM clean up), grouped by
 * run: `.<name>.{staging,old,journal}-<pid>[-n]`, from processes that no longer exist.
 *   - The target is missing and an old folder is there: the run died between its two renames.
 *     The old folder goes back into place (restoring never loses anything).
 *   - The staging folder: its files are the run's own (the journal lists them) or links to and
 *     copies of the target's; cleared as far as that is proven.
 *   - The old folder, once the target is that run's staging folder (same inode, from the
 *     journal): previous versions of the files the run writes, and links to what it carried over.
 *     Otherwise only twins of the target's files go.
 *   - The journal goes once neither folder is left.
 * Runs before anything looks at --out. Returns warnings about what it had to keep.
 */
function recoverInterrupted(outDir: string): string[] {
  const target = path.resolve(outDir);
  // Once per target and process: checkOutDir runs before rendering and again before writing.
  if (recovered.has(target)) return [];
  recovered.add(target);
  const parent = path.dirname(target);
  const pattern = new RegExp(`^\\.${escapeRegExp(path.basename(target))}\\.(staging|old|journal)-(([0-9]+)(?:-[0-9]+)?)$`);
  const runs = new Map<string, Partial<Record<'staging' | 'old' | 'journal', string>>>();
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return [];
  }
  for (const entry of entries) {
    const m = pattern.exec(entry);
    if (!m || pending.has(path.join(parent, entry))) continue;
    const pid = Number(m[3]);
    if (pid !== process.pid && processExists(pid)) continue; // a run in progress
    const run = runs.get(m[2]!) ?? {};
    run[m[1] as 'staging' | 'old' | 'journal'] = path.join(parent, entry);
    runs.set(m[2]!, run);
  }
  const warnings: string[] = [];
  for (const run of runs.values()) {
    try {
      warnings.push(...recoverRun(target, run));
    } catch {
      // best effort: a leftover that cannot be handled never stops a run
    }
  }
  return warnings;
}

function recoverRun(target: string, run: Partial<Record<'staging' | 'old' | 'journal', string>>): string[] {
  const journal = readJournal(run.journal);
  const owned = new Set(journal?.owned ?? []);
  if (run.old && lstatOrNothing(target) === undefined) {
    renameSync(run.old, target);
    run.old = undefined;
  }
  const now = lstatOrNothing(target);
  const swapped = journal !== undefined && now?.isDirectory() === true && idOf(now) === journal.stageId;
  const warnings: string[] = [];
  const clear = (dir: string | undefined, ownedHere: ReadonlySet<string>) => {
    if (dir === undefined) return;
    const left = clearProven(dir, target, ownedHere);
    if (left.length) warnings.push(keptWarning(dir, target, left, 'left by an interrupted run'));
  };
  clear(run.staging, owned);
  clear(run.old, swapped ? owned : new Set());
  if (run.journal && warnings.length === 0) unlinkSync(run.journal);
  return warnings;
}

function readJournal(file: string | undefined): Journal | undefined {
  if (file === undefined) return undefined;
  try {
    const j = JSON.parse(readFileSync(file, 'utf8')) as Journal;
    return typeof j.stageId === 'string' && Array.isArray(j.owned) ? j : undefined;
  } catch {
    return undefined; // cut short by the kill: it proves nothing
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
