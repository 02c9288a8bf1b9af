/**
 * "Why is this set?" for --dry-run: every value the generated YAML files set, with the reason.
 *
 * The reasons are the comments the templates already write above each value (what users read first
 * in the files), so the explanation cannot drift from the output: a value inherits the nearest
 * comment above it at its own or a parent level.
 */
import type { RenderedFile } from './render/index.js';

export interface Explanation {
  file: string;
  /** Dotted key path inside the file, e.g. kserve.controller.deploymentMode. */
  key: string;
  /** The value as written (one line; block values are summarised). */
  value: string;
  reason: string;
}

interface Frame {
  indent: number;
  key: string;
  reason: string;
}

const KEY_LINE = /^(\s*)(?:- )?("(?:[^"\\]|\\.)*"|[^\s:#][^:#]*?):(?:\s+(.*))?$/;

/**
 * Explains the values the YAML files set. Helm values files: every value. Manifests: the values
 * with a comment of their own (their structure is the object's, explained once by the file's reason).
 */
export function explainFiles(files: readonly RenderedFile[], whyByPath: ReadonlyMap<string, string> = new Map()): Explanation[] {
  const out: Explanation[] = [];
  for (const file of files) {
    if (!file.path.endsWith('.yaml') || file.path === 'kserve-config.yaml' || file.path.startsWith('secrets/')) continue;
    const all = explainYaml(file.path, file.content, whyByPath.get(file.path) ?? 'set by this tool');
    out.push(...(file.path.startsWith('helm/') ? all : all.filter((e) => e.own)));
  }
  return out;
}

export function explainYaml(path: string, text: string, fileWhy: string): (Explanation & { own: boolean })[] {
  const out: (Explanation & { own: boolean })[] = [];
  const stack: (Frame & { own: boolean })[] = [];
  let pending: string[] = [];
  let inHeader = true;
  // A comment usually covers the run of sibling keys below it, up to a blank line or a new comment.
  let previous = new Map<number, { reason: string; own: boolean }>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+$/, '');
    const comment = /^\s*#\s?(.*)$/.exec(line);
    if (comment) {
      pending.push(comment[1]!);
      continue;
    }
    if (line.trim() === '') {
      pending = []; // a blank line separates a comment from what follows
      previous = new Map();
      continue;
    }
    if (inHeader) {
      pending = []; // comments above the first key describe the file, not a value
      inHeader = false;
    }
    const m = KEY_LINE.exec(line);
    if (!m) {
      pending = [];
      continue; // list items and block scalar lines belong to the key above
    }
    const indent = m[1]!.length;
    const key = m[2]!.replace(/^"(.*)"$/, '$1');
    while (stack.length && stack[stack.length - 1]!.indent >= indent) stack.pop();
    const parent = stack[stack.length - 1];
    const sibling = previous.get(indent);
    for (const depth of previous.keys()) if (depth > indent) previous.delete(depth);
    const own = pending.length > 0 || (sibling?.own ?? false);
    const reason = pending.length ? pending.join(' ') : (sibling?.reason ?? parent?.reason ?? fileWhy);
    pending = [];
    previous.set(indent, { reason, own });
    const value = m[3];
    if (value === undefined || value === '') {
      stack.push({ indent, key, reason, own: own || (parent?.own ?? false) });
    } else {
      const dotted = [...stack.map((f) => f.key), key].join('.');
      out.push({ file: path, key: dotted, value: value === '|' || value === '|-' ? '(text block)' : value, reason, own: own || (parent?.own ?? false) });
    }
  }
  return out;
}

/** Entries whose key path (or file) mentions `query`, ignoring case, "-" and "_" (localGateway ~ local-gateway). */
export function filterExplanations(all: readonly Explanation[], query: string): Explanation[] {
  const norm = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
  const q = norm(query);
  return all.filter((e) => norm(e.key).includes(q) || norm(e.file).includes(q));
}

export function formatExplanations(list: readonly Explanation[]): string {
  const lines: string[] = [];
  let file = '';
  for (const e of list) {
    if (e.file !== file) {
      file = e.file;
      lines.push(`  ${file}`);
    }
    lines.push(`    ${e.key} = ${e.value}`, `        why: ${e.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
