/**
 * net-istio's config-istio, written (resolve) and read (the generator's own agreement check in
 * src/render/consistency.ts, and `check`) in one place: legacy
 * `gateway.<ns>.<name>` / `local-gateway.<ns>.<name>` keys, or (Knative >= 1.14) the
 * `external-gateways` / `local-gateways` YAML lists; mixing them is rejected by net-istio; a role
 * with no key gets net-istio's default gateway (ecosystem-facts.md §2).
 */
import { KNATIVE_GATEWAYS } from './catalog/index.js';
import { parseYaml } from './yaml-input.js';
import { yamlWord } from './yaml-word.js';

export const NET_ISTIO_DEFAULTS = { local: KNATIVE_GATEWAYS.local, external: KNATIVE_GATEWAYS.ingress } as const;

/**
 * One gateway list entry, as a YAML document in a string (the value of local-gateways or
 * external-gateways). Each word goes through yamlWord: a name such as "0755" or "on" must stay a
 * string when net-istio reads it.
 */
export function formatGatewayList(gateway: { namespace: string; name: string }, service: string): string {
  return `- name: ${yamlWord(gateway.name)}\n  namespace: ${yamlWord(gateway.namespace)}\n  service: ${yamlWord(service)}\n`;
}

export interface GatewayEntry {
  namespace: string;
  name: string;
  service: string;
  key: string;
  /** The entry without labelSelector (lists) or any legacy key: the gateway used unless a namespace label picks another. */
  isDefault: boolean;
  /** Not in the data: net-istio's default for a role the data does not name. */
  implicit?: boolean;
}

export interface ConfigIstio {
  local: GatewayEntry[];
  external: GatewayEntry[];
  format: 'lists' | 'legacy' | 'mixed' | 'none';
  problems: { key: string; actual: string; problem: string; fix: string }[];
}

/** Parses config-istio data; `prefix` is where the data sits (`spec.config.istio`, `data`), for keys in findings. */
export function parseConfigIstio(data: Record<string, string>, prefix: string): ConfigIstio {
  const view: ConfigIstio = { local: [], external: [], format: 'none', problems: [] };
  let legacy = false;
  let lists = false;
  const listed: Record<'local' | 'external', boolean> = { local: false, external: false };
  for (const [key, value] of Object.entries(data)) {
    const old = /^(local-gateway|gateway)\.([^.]+)\.(.+)$/.exec(key);
    if (old) {
      legacy = true;
      const role = old[1] === 'local-gateway' ? 'local' : 'external';
      listed[role] = true;
      view[role].push({ namespace: old[2]!, name: old[3]!, service: value.trim(), key: `${prefix}.${key}`, isDefault: true });
    } else if (key === 'local-gateways' || key === 'external-gateways') {
      const role = key === 'local-gateways' ? 'local' : 'external';
      if (value.trim() === '') continue; // empty means the default, like an absent key
      lists = true;
      listed[role] = true;
      view[role].push(...parseGatewayList(view, `${prefix}.${key}`, value));
    }
  }
  view.format = legacy && lists ? 'mixed' : legacy ? 'legacy' : lists ? 'lists' : 'none';
  for (const role of ['local', 'external'] as const) {
    if (!listed[role]) {
      const d = NET_ISTIO_DEFAULTS[role];
      view[role].push({ namespace: d.namespace, name: d.name, service: d.service, key: `${prefix} (no ${role === 'local' ? 'local-gateway' : 'external gateway'} key: net-istio's default)`, isDefault: true, implicit: true });
    }
  }
  return view;
}

function parseGatewayList(view: ConfigIstio, key: string, text: string): GatewayEntry[] {
  let parsed: unknown;
  try {
    // A ConfigMap value `check` read: user input, within yaml-input's limits like any other.
    const docs = parseYaml(text);
    if (docs.length > 1) throw Object.assign(new Error(), { reason: 'expected a single document in the stream' });
    parsed = docs[0];
  } catch (err) {
    view.problems.push({ key, actual: text.trim(), problem: `is not a YAML list: ${(err as { reason?: string }).reason ?? 'parse error'}`, fix: 'write a YAML list of {name, namespace, service} entries' });
    return [];
  }
  if (!Array.isArray(parsed)) {
    view.problems.push({ key, actual: text.trim(), problem: 'is not a YAML list', fix: 'write a YAML list of {name, namespace, service} entries' });
    return [];
  }
  const out: GatewayEntry[] = [];
  parsed.forEach((item, i) => {
    const e = (item !== null && typeof item === 'object' && !Array.isArray(item) ? item : {}) as Record<string, unknown>;
    const missing = ['name', 'namespace', 'service'].filter((k) => typeof e[k] !== 'string' || e[k] === '');
    if (missing.length) {
      view.problems.push({ key: `${key}[${i}]`, actual: JSON.stringify(item), problem: `lacks ${missing.join(', ')}`, fix: 'give every entry name, namespace and service (net-istio requires all three)' });
      return;
    }
    out.push({ namespace: e.namespace as string, name: e.name as string, service: e.service as string, key: `${key}[${i}]`, isDefault: e.labelSelector === undefined });
  });
  return out;
}
