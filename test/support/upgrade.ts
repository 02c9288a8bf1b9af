/**
 * Test support for `upgrade`: folders as generate writes them (for a shipped preset on a release), and
 * a reading of UPGRADE.md commands: which files each needs and which files earlier commands produce.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import type { Credentials } from '../../src/preset/files.js';
import { generate, loadShippedPreset } from './generate.js';
import { tempDir } from './cli.js';

/** The saved-tag pairs the issue names: every adjacent minor line, and the long jumps. */
export const ADJACENT_PAIRS: [string, string][] = [
  ['0.11.2', '0.12.1'],
  ['0.12.1', '0.13.1'],
  ['0.13.1', '0.14.1'],
  ['0.14.1', '0.15.2'],
  ['0.15.2', '0.16.0'],
  ['0.16.0', '0.17.1'],
  ['0.17.1', '0.18.1'],
  ['0.18.1', '0.19.0'],
  ['0.19.0', '0.20.0'],
];
export const LONG_JUMPS: [string, string][] = [
  ['0.11.2', '0.15.2'],
  ['0.15.2', '0.17.1'],
  ['0.15.2', '0.20.0'],
  ['0.17.1', '0.20.0'],
];
export const ALL_PAIRS = [...ADJACENT_PAIRS, ...LONG_JUMPS];

/** Writes what `--preset presets/<name>.yaml --set kserve.version=<version>` writes; returns the folder. */
export function writeFolder(name: string, version: string, sets: string[] = [], parent = tempDir(), credentials?: Credentials): string {
  const preset = loadShippedPreset(name);
  (preset.kserve as Record<string, unknown>).version = version;
  const folder = path.join(parent, `${name}-${version}`);
  for (const [rel, content] of generate(preset, sets, { credentials }).files) {
    mkdirSync(path.dirname(path.join(folder, rel)), { recursive: true });
    writeFileSync(path.join(folder, rel), content);
  }
  return folder;
}

/** Can this preset be generated on this release at all (a CA bundle needs 0.12, the Gateway API providers 0.15, the LLM stack 0.16)? */
export function presetRuns(name: string, version: string): boolean {
  if (['raw-envoy-gateway', 'raw-istio-gateway-api'].includes(name) && semver.lt(version, '0.15.0-rc0')) return false;
  if (name === 'llm-envoy-ai-gateway' && semver.lt(version, '0.16.0-rc0')) return false;
  return !(name === 'private-ca-s3' && semver.lt(version, '0.12.0'));
}

const FILE_FLAGS = new Set(['-f', '--patch-file', '-k']);

/** Local paths a command reads (after -f, --patch-file, -k, or as a charts/ archive), URLs and stdin excluded. */
export function filesRead(command: string): string[] {
  const words = command.split(/\s+/);
  const out: string[] = [];
  words.forEach((w, i) => {
    const prev = words[i - 1] ?? '';
    if (FILE_FLAGS.has(prev) && w !== '-' && !/^https?:\/\//.test(w)) out.push(w);
    else if (/^charts\/\S+\.(tgz|yaml)$/.test(w) && prev !== '-o') out.push(w);
  });
  return out;
}

/** Files a command writes: `> FILE`, `curl -o FILE`, `helm pull REF --version V -d DIR/`, and `--untar --untardir DIR` (a folder, "DIR/<chart>/"). */
export function filesWritten(command: string): string[] {
  const out: string[] = [];
  for (const m of command.matchAll(/>\s*(\S+)/g)) out.push(m[1]!);
  const curl = /curl .*-o (\S+)/.exec(command);
  if (curl) out.push(curl[1]!);
  const pull = /^helm pull (\S+)(?: --repo \S+)? --version (\S+) -d (\S+)$/.exec(command);
  if (pull) out.push(`${pull[3]!.replace(/\/$/, '')}/${pull[1]!.split('/').pop()}-${pull[2]}.tgz`);
  const untar = /^helm pull (\S+) --version \S+ --untar --untardir (\S+)$/.exec(command);
  if (untar) out.push(`${untar[2]!.replace(/\/$/, '')}/${untar[1]!.split('/').pop()}/`);
  return out;
}
