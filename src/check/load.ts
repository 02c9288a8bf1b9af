/**
 * `check` input: files, folders and stdin -> a flat list of Kubernetes objects and Helm values.
 *
 * Accepts what users actually have: `kubectl get ... -o yaml` output (one object, or a `kind: List`
 * with `items`), multi-document YAML, `-o json`, and a folder written by the generator (its
 * `helm/*.values.yaml` files carry settings that only become Kubernetes objects once Helm renders
 * them, so they are kept as values documents for model.ts to translate).
 * Anything unreadable is a UserError: one line, exit 2.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { MB, readInput, type StdinReader } from '../input.js';
import { loadUserYaml } from '../yaml-input.js';

export type Obj = Record<string, unknown>;

export interface KubeObject {
  apiVersion: string;
  kind: string;
  name: string;
  /** Absent on cluster-scoped objects and on hand-written files that leave it to `kubectl -n`. */
  namespace?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Read back from a cluster (`kubectl get` prints metadata.uid), not a manifest written to be applied. */
  fromCluster: boolean;
  body: Obj;
  /** The input it came from (a path as given, or `<stdin>`). */
  file: string;
}

/**
 * kserve: a values file of a KServe chart (kserve, kserve-resources, kserve-runtime-configs).
 * istio-gateway: values of Istio's gateway chart (the pods behind a gateway Service).
 * other: another chart's values (only scanned for images).
 */
export type ValuesRole = 'kserve' | 'istio-gateway' | 'other';

export interface ValuesDoc {
  role: ValuesRole;
  body: Obj;
  file: string;
  /** The comment block the file starts with: generated files name chart, version and namespace there. */
  header: string;
}

/** A create-kserve-config preset (kserve-config.yaml in a generated folder). */
export interface PresetDoc {
  body: Obj;
  file: string;
}

export interface Loaded {
  /** Every input file read, in order. */
  files: string[];
  objects: KubeObject[];
  values: ValuesDoc[];
  presets: PresetDoc[];
}

const YAML_FILE = /\.(ya?ml|json)$/i;
/**
 * All inputs together: a `kubectl get -o yaml` of the objects check reads is a few MB even on a
 * large cluster; 32 MB of YAML takes about 2 s and 200 MB of memory to read.
 */
export const MAX_CHECK_BYTES = 32 * MB;
const STDIN = '<stdin>';
/** How to produce input, quoted in fixes. */
const COLLECT = 'save cluster state with `kubectl get ... -o yaml > FILE`, or pass a folder written by create-kserve-config';

export async function loadInputs(paths: string[], readStdin: StdinReader): Promise<Loaded> {
  const loaded: Loaded = { files: [], objects: [], values: [], presets: [] };
  let recognised = 0;
  let bytes = 0;
  // Overlapping arguments (`check . cluster-state/`) must not read a file twice: findings would repeat.
  const seen = new Set<string>();
  for (const p of paths) {
    for (const file of p === '-' ? [STDIN] : expand(p)) {
      const id = file === STDIN ? STDIN : path.resolve(file);
      if (seen.has(id)) continue;
      seen.add(id);
      const text = await readText(file, MAX_CHECK_BYTES - bytes, bytes > 0, readStdin);
      bytes += Buffer.byteLength(text, 'utf8');
      loaded.files.push(file);
      recognised += addDocuments(loaded, text, file);
    }
  }
  if (recognised === 0) {
    throw new UserError(
      paths.map((p) => (p === '-' ? STDIN : p)).join(' '),
      'holds no Kubernetes objects or Helm values',
      COLLECT,
    );
  }
  return loaded;
}

/** A file is itself; a folder is every YAML/JSON file under it, sorted (code points, not the locale) so reports are stable. */
function expand(p: string): string[] {
  let isDir: boolean;
  try {
    isDir = statSync(p).isDirectory();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(p, code === 'ENOENT' ? 'no such file or folder' : `cannot be read (${code ?? 'error'})`, `check the path; ${COLLECT}`);
  }
  if (!isDir) return [p];
  const out: string[] = [];
  const walk = (dir: string) => {
    // Code-point order: localeCompare would follow the user's locale, and reports must not.
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      // Hidden folders and node_modules are never cluster state or generated output.
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (YAML_FILE.test(entry.name)) out.push(full);
    }
  };
  walk(p);
  if (out.length === 0) throw new UserError(p, 'holds no .yaml, .yml or .json files', COLLECT);
  return out;
}

/** One input, at most `maxBytes` (what is left of MAX_CHECK_BYTES after the inputs before it). */
function readText(file: string, maxBytes: number, afterOthers: boolean, readStdin: StdinReader): Promise<string> {
  const limit = MAX_CHECK_BYTES / MB;
  return readInput(file === STDIN ? '-' : file, {
    where: file,
    maxBytes,
    tooLarge: () =>
      afterOthers
        ? new UserError(file, `with the inputs before it, larger than ${limit} MB`, `check reads at most ${limit} MB in all: pass only the objects KServe needs (see \`check --help\`)`)
        : new UserError(file, `larger than ${limit} MB`, `pass only the objects KServe needs (see \`check --help\`); check reads at most ${limit} MB`),
    unreadable: (code) => new UserError(file, `cannot be read (${code})`, 'check the file permissions'),
  }, readStdin);
}

/** Parses one input and files its documents; returns how many it recognised. */
function addDocuments(loaded: Loaded, text: string, file: string): number {
  const content = loadUserYaml(text, file, `fix the file, or ${COLLECT}`);
  if (content.length === 0) {
    // What `kubectl get ... > FILE` leaves behind when kubectl failed (e.g. the CRD is not installed).
    throw new UserError(file, 'is empty', 'the command that wrote it probably failed: run it again and read its error');
  }
  let count = 0;
  for (const doc of content) {
    if (!isObj(doc)) continue;
    if (typeof doc.kind === 'string') count += addObject(loaded, doc, file);
    else count += addValues(loaded, doc, file, text);
  }
  return count;
}

/** Lists (`kind: List`, or typed `...List` with items) are flattened; an empty List still counts as input. */
function addObject(loaded: Loaded, doc: Obj, file: string): number {
  const kind = doc.kind as string;
  if (kind.endsWith('List') && Array.isArray(doc.items)) {
    for (const item of doc.items) if (isObj(item) && typeof item.kind === 'string') addObject(loaded, item, file);
    return 1;
  }
  const meta = isObj(doc.metadata) ? doc.metadata : {};
  loaded.objects.push({
    apiVersion: typeof doc.apiVersion === 'string' ? doc.apiVersion : '',
    kind,
    name: typeof meta.name === 'string' ? meta.name : '',
    namespace: typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : undefined,
    labels: stringMap(meta.labels),
    annotations: stringMap(meta.annotations),
    fromCluster: typeof meta.uid === 'string' && meta.uid !== '',
    body: doc,
    file,
  });
  return 1;
}

/** Keys only a create-kserve-config preset has at its top level (values files nest under `kserve:`). */
const PRESET_KEYS = ['deploymentMode', 'ingress', 'knative', 'offline', 'deployment'];

function addValues(loaded: Loaded, doc: Obj, file: string, text: string): number {
  const base = path.basename(file);
  if (base === 'kserve-config.yaml' || PRESET_KEYS.some((k) => k in doc)) {
    loaded.presets.push({ body: doc, file });
    return 1;
  }
  const header = leadingComments(text);
  let role: ValuesRole | undefined;
  if (isObj(doc.kserve)) role = 'kserve';
  else if (/istio.*gateway.*values\.ya?ml$/i.test(base) || header.includes('istio/gateway')) role = 'istio-gateway';
  else if (/values\.ya?ml$/i.test(base)) role = 'other';
  if (role === undefined) return 0;
  loaded.values.push({ role, body: doc, file, header });
  return 1;
}

function leadingComments(text: string): string {
  const lines: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.startsWith('#')) break;
    lines.push(line);
  }
  return lines.join('\n');
}

export function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A string-valued map (labels, ConfigMap data, spec.config sections); non-strings are kept as JSON. */
export function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObj(v)) for (const [k, val] of Object.entries(v)) if (val !== null && val !== undefined) out[k] = typeof val === 'string' ? val : JSON.stringify(val);
  return out;
}

/** How a report names an object: `Kind namespace/name`. */
export function describeObject(o: { kind: string; namespace?: string; name: string }): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/** The value at a dotted path (`spec.gatewayClassName`), or undefined where any step is not an object. */
export function getPath(node: unknown, dotted: string): unknown {
  let cur = node;
  for (const k of dotted.split('.')) {
    if (!isObj(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/** One key of one object where the misconfiguration shows, with the value it has there. */
export interface Place {
  /** How the report names the object: `ConfigMap kserve/inferenceservice-config`, `Helm values (kserve chart)`. */
  object: string;
  /** The input it was read from. */
  file: string;
  key: string;
  actual: string;
}
