/**
 * The published entry point, dist/cli.cjs (scripts/build.ts): one file holding
 *   - this launcher, which answers a bare --help/--version itself, and
 *   - the whole CLI (src/bin.ts bundled), in a comment at the end of the file, compiled only when
 *     there is work to do.
 *
 * Why a comment: V8 must pre-parse every function of a script before running any of it, about 6 ms
 * for the bundle on a small machine, while a comment is only skipped over. So --help/--version cost
 * little more than `node -e 0`. To run the CLI the launcher reads its own file, takes the text of
 * that comment and compiles it with vm.Script.
 *
 * Compile cache: most of a preset run's own time is V8 compiling the code it runs (js-yaml,
 * semver, Handlebars, templates). Like Node 22's module.enableCompileCache() (absent from Node 20),
 * the launcher keeps V8's code cache for the bundle in a per-user folder under the OS temp folder
 * and reuses it on later runs. The file name carries a hash of the bundle, the Node version and the
 * architecture, and V8 rejects a cache made by another V8 build or other flags, so a stale or
 * foreign cache is never used. Any failure (read-only, not ours, disk full) just means no cache.
 * Set CREATE_KSERVE_CONFIG_NO_COMPILE_CACHE=1 (or Node's NODE_DISABLE_COMPILE_CACHE=1) to turn
 * it off.
 */
import { quickAnswer } from './help.js';
import { writeOut } from './stdio.js';

// Build-time constants (scripts/build.ts). The bundle is src/bin.ts bundled as CommonJS (ASCII
// only), wrapped as `(function (exports, require, module, __filename, __dirname) {...})`, and
// stored after the last BUNDLE_MARKER of this file up to its final "*/"; every "*/" inside it is
// written as BUNDLE_ESCAPE.
declare const __CLI_BUNDLE_MARKER__: string;
declare const __CLI_BUNDLE_ESCAPE__: string;
declare const __CLI_BUNDLE_ESCAPED__: boolean;
/** Hash of the bundle: a cache must never outlive the code it was made for. */
declare const __CLI_BUNDLE_HASH__: string;

type Fs = typeof import('node:fs');

/** Cache files kept in the folder (one per tool version x Node version in use). */
const KEEP_CACHES = 4;

const answer = quickAnswer(process.argv.slice(2));
if (answer !== undefined) writeOut(1, answer);
else runBundle();

function runBundle(): void {
  const fs = require('node:fs') as Fs;
  const { Script } = require('node:vm') as typeof import('node:vm');
  const cache = cachePaths();
  let cachedData: Buffer | undefined;
  if (cache !== undefined && ownFolder(fs, cache.dir)) {
    try {
      cachedData = fs.readFileSync(cache.file);
    } catch {
      // no cache yet
    }
  }
  const { source, lineOffset } = bundleSource(fs);
  // lineOffset: stack traces point at the real lines of dist/cli.cjs.
  const script = new Script(source, { filename: __filename, lineOffset, cachedData });
  if (cache !== undefined && (cachedData === undefined || script.cachedDataRejected)) {
    // Written after the run, so the cache also holds every function the run compiled.
    process.once('exit', () => saveCache(fs, script, cache));
  }
  const fn = script.runInThisContext() as (...args: unknown[]) => void;
  const bundleModule = { exports: {} };
  fn.call(bundleModule.exports, bundleModule.exports, require, bundleModule, __filename, __dirname);
}

/** The bundle, read back from the comment at the end of this very file, and the line it starts on. */
function bundleSource(fs: Fs): { source: string; lineOffset: number } {
  const file = fs.readFileSync(__filename);
  // The last marker (the launcher's own code holds it too) up to the comment's end.
  const marker = file.lastIndexOf(__CLI_BUNDLE_MARKER__, undefined, 'latin1');
  const end = file.lastIndexOf('*/', undefined, 'latin1');
  if (marker < 0 || end < marker) throw new Error(`${__filename} is damaged: the bundled CLI is missing; reinstall create-kserve-config`);
  const start = marker + __CLI_BUNDLE_MARKER__.length;
  let lineOffset = 0;
  for (let nl = file.indexOf(10); nl !== -1 && nl < start; nl = file.indexOf(10, nl + 1)) lineOffset++;
  const body = file.toString('latin1', start, end);
  return { source: __CLI_BUNDLE_ESCAPED__ ? body.replaceAll(__CLI_BUNDLE_ESCAPE__, '*/') : body, lineOffset };
}

interface CachePaths {
  dir: string;
  file: string;
}

/** Where the cache lives, or undefined when it is turned off. */
function cachePaths(): CachePaths | undefined {
  const env = process.env;
  if (env.CREATE_KSERVE_CONFIG_NO_COMPILE_CACHE || env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const os = require('node:os') as typeof import('node:os');
  const path = require('node:path') as typeof import('node:path');
  const uid = process.getuid?.();
  const dir = path.join(os.tmpdir(), `create-kserve-config-cache${uid === undefined ? '' : `-${uid}`}`);
  return { dir, file: path.join(dir, `${__CLI_BUNDLE_HASH__}-node${process.versions.node}-${process.arch}.bin`) };
}

/**
 * In a shared temp folder someone else could have made the folder first: use it only if it is a
 * real folder (not a link) of this user that nobody else can write to.
 */
function ownFolder(fs: Fs, dir: string): boolean {
  try {
    const st = fs.lstatSync(dir);
    const uid = process.getuid?.();
    return st.isDirectory() && (uid === undefined || (st.uid === uid && (st.mode & 0o022) === 0));
  } catch {
    return false;
  }
}

function saveCache(fs: Fs, script: import('node:vm').Script, { dir, file }: CachePaths): void {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!ownFolder(fs, dir)) return;
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
    fs.renameSync(tmp, file); // atomic: concurrent runs never read half a cache
    // Caches of other versions of this tool (or of Node) pile up: keep the newest few, so switching
    // between a couple of versions does not make each run throw the other's cache away.
    const path = require('node:path') as typeof import('node:path');
    const caches = fs
      .readdirSync(dir)
      .filter((name) => name.endsWith('.bin'))
      .map((name) => ({ name, mtime: fs.statSync(path.join(dir, name)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const old of caches.slice(KEEP_CACHES)) fs.unlinkSync(path.join(dir, old.name));
  } catch {
    // a cache is an optimisation, never a failure
  }
}
