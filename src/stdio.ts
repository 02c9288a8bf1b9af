/**
 * Output without building process.stdout/process.stderr: creating those stream objects loads
 * Node's stream (and tty/net) modules, a few ms of a ~20 ms run (issue 9). A plain synchronous
 * write to the file descriptor is what the stream would do anyway for files, terminals and (on
 * Linux) pipes. If a synchronous write fails (EAGAIN on a non-blocking pipe, say), the rest goes
 * through the stream and so does everything after it, so output stays in order. On Windows the
 * stream is always used (it converts text for the console).
 */
import { writeSync } from 'node:fs';

const viaStream = { 1: process.platform === 'win32', 2: process.platform === 'win32' };

export function writeOut(fd: 1 | 2, text: string): void {
  let rest: string | Uint8Array = text;
  if (!viaStream[fd]) {
    const bytes = Buffer.from(text, 'utf8');
    let done = 0;
    try {
      while (done < bytes.length) done += writeSync(fd, bytes, done);
      return;
    } catch {
      viaStream[fd] = true;
      rest = bytes.subarray(done);
    }
  }
  (fd === 1 ? process.stdout : process.stderr).write(rest);
}
