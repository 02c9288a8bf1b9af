/**
 * The list of files a run wrote, with their SHA-256, kept in the output folder in `sha256sum`'s
 * format (so `sha256sum -c .create-kserve-config.sha256` shows what was edited since). A later
 * `--force` run reads it to tell the files an earlier run wrote (and the user left alone, so they
 * can go) from the user's own files (which stay).
 */
import { createHash } from 'node:crypto';

export const CHECKSUMS_FILE = '.create-kserve-config.sha256';

export function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** `<sha256>  <path>` lines, by path. */
export function checksumEntries(files: readonly { path: string; content: string }[]): { hash: string; path: string }[] {
  return files
    .filter((f) => f.path !== CHECKSUMS_FILE)
    .map((f) => ({ hash: sha256(f.content), path: f.path }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Path -> hash of a checksums file; lines that are not `<64 hex>  <path>` are ignored. */
export function parseChecksums(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]{64}) {2}(\S.*)$/.exec(line);
    if (m) out.set(m[2]!, m[1]!);
  }
  return out;
}
