/**
 * Reads what the user points the tool at (a preset, the files `check` reads): a path or `-` for
 * stdin, a regular file or a pipe alike. Three rules:
 *   - Never block the main thread: a FIFO without a writer or a stdin that never closes waits in
 *     the event loop, so Ctrl+C and SIGTERM still end the run. FIFOs are opened non-blocking and
 *     read as pipes: a thread blocked in open(2) or read(2) would keep even process.exit() from
 *     returning (libuv joins its threads on exit).
 *   - Read at most `maxBytes`: an endless source (/dev/zero through a pipe) is an error, not
 *     gigabytes of memory.
 *   - Refuse devices (/dev/zero, /dev/tty given as a path): they are never a preset or cluster state.
 */
import { close, constants, fstat, open, read, type Stats } from 'node:fs';
import net from 'node:net';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { UserError, quote } from './errors.js';

export interface InputSpec {
  /** Blamed in error lines: a flag (--preset) or the input as given. */
  where: string;
  maxBytes: number;
  /** The error for an input of more than maxBytes. */
  tooLarge: () => UserError;
  /** The error for a path that cannot be opened or read (errno code). */
  unreadable: (code: string) => UserError;
}

/** Reads stdin for `-`; tests pass text. */
export type StdinReader = (spec: InputSpec) => string | Promise<string>;

/** Limits are stated in decimal megabytes, as the error lines print them. */
export const MB = 1_000_000;

export async function readInput(file: string, spec: InputSpec, readStdin: StdinReader): Promise<string> {
  const text = file === '-' ? await readStdin(spec) : await readPath(file, spec);
  if (Buffer.byteLength(text, 'utf8') > spec.maxBytes) throw spec.tooLarge();
  return text;
}

/** stdin through Node's stream (a pipe or terminal waits in the event loop), at most maxBytes. */
export async function readProcessStdin(spec: InputSpec): Promise<string> {
  const bytes = await readCapped(process.stdin, spec);
  return bytes.toString('utf8');
}

const openFd = promisify(open);
const fstatFd = promisify(fstat);
const readFd = promisify(read);
const closeFd = promisify(close);

async function readPath(file: string, spec: InputSpec): Promise<string> {
  let fd: number;
  let st: Stats;
  try {
    // O_NONBLOCK: open(2) of a FIFO returns at once instead of waiting for a writer in a thread.
    fd = await openFd(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (err) {
    throw spec.unreadable(codeOf(err));
  }
  try {
    st = await fstatFd(fd);
  } catch (err) {
    await closeFd(fd).catch(() => {});
    throw spec.unreadable(codeOf(err));
  }
  if (st.isFIFO() || st.isSocket()) {
    // The socket owns fd from here and closes it.
    return (await readCapped(new net.Socket({ fd, readable: true, writable: false }), spec)).toString('utf8');
  }
  try {
    if (st.isDirectory()) throw spec.unreadable('EISDIR');
    if (!st.isFile()) throw new UserError(spec.where, `${spec.where === file ? '' : `${quote(file)} `}is a device, not a file`, 'pass a file, a pipe, or - for stdin');
    if (st.size > spec.maxBytes) throw spec.tooLarge();
    return (await readFileCapped(fd, spec)).toString('utf8');
  } finally {
    await closeFd(fd).catch(() => {});
  }
}

/** A regular file, read in chunks up to maxBytes (it may grow while it is read). */
async function readFileCapped(fd: number, spec: InputSpec): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(64 * 1024);
    let bytesRead: number;
    try {
      ({ bytesRead } = await readFd(fd, chunk, 0, chunk.length, null));
    } catch (err) {
      throw spec.unreadable(codeOf(err));
    }
    if (bytesRead === 0) return Buffer.concat(chunks, size);
    size += bytesRead;
    if (size > spec.maxBytes) throw spec.tooLarge();
    chunks.push(chunk.subarray(0, bytesRead));
  }
}

async function readCapped(stream: Readable, spec: InputSpec): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > spec.maxBytes) throw spec.tooLarge(); // leaving the loop destroys the stream
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw spec.unreadable(codeOf(err));
  }
  return Buffer.concat(chunks, size);
}

function codeOf(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? 'error';
}
