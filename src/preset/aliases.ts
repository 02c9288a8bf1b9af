/**
 * Contract v1 spelled Kong's Gateway as ingress.kong.{gateway, gatewayClassName, listenerName,
 * listenerPort}; v2 spells every provider's Gateway as ingress.gateway.{name, className, listenerName,
 * listenerPort}. With provider kong both are accepted: one set fills the other, and both set to
 * different values is an error (contract-v2.md §1). Whether a key was *set* is only visible before
 * defaults are filled in, so the conflict check reads the raw input and the fill runs after validation.
 */
import { UserError, quote } from '../errors.js';
import type { Preset } from './schema.js';

/** [v1 key under ingress.kong, v2 key under ingress.gateway]. */
const PAIRS = [
  ['gateway', 'name'],
  ['gatewayClassName', 'className'],
  ['listenerName', 'listenerName'],
  ['listenerPort', 'listenerPort'],
] as const;

type Raw = Record<string, unknown>;
const isMap = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Which of the pairs the raw input sets, on either side; null when the provider is not kong. */
interface AliasUse {
  v1: Set<string>;
  v2: Set<string>;
}

/**
 * Reads the raw preset: refuses a pair set to two different values, and says which sides are set.
 * An empty className is "derive it from the provider", so it never conflicts.
 */
export function checkKongAliases(raw: unknown): AliasUse | null {
  const ingress = isMap(raw) && isMap(raw.ingress) ? raw.ingress : undefined;
  if (ingress?.provider !== 'kong') return null;
  const kong = isMap(ingress.kong) ? ingress.kong : {};
  const gateway = isMap(ingress.gateway) ? ingress.gateway : {};
  const set = (map: Raw, key: string) => map[key] !== undefined && map[key] !== null && map[key] !== '';
  const use: AliasUse = { v1: new Set(), v2: new Set() };
  for (const [v1, v2] of PAIRS) {
    if (set(kong, v1)) use.v1.add(v1);
    if (set(gateway, v2)) use.v2.add(v2);
    if (use.v1.has(v1) && use.v2.has(v2) && JSON.stringify(kong[v1]) !== JSON.stringify(gateway[v2])) {
      throw new UserError(
        `ingress.gateway.${v2}`,
        `${quote(gateway[v2])} differs from ingress.kong.${v1} (${quote(kong[v1])})`,
        `set only one of them: ingress.kong.${v1} is the v1 spelling of ingress.gateway.${v2}`,
      );
    }
  }
  return use;
}

/**
 * After validation: the v2 key when it was set, else the v1 key (set or its default) fills the other,
 * so every later stage reads ingress.gateway and the written kserve-config.yaml carries both, equal
 * (reading it back then changes nothing).
 */
export function fillKongAliases(preset: Preset, use: AliasUse | null): void {
  if (!use) return;
  const kong = preset.ingress.kong as unknown as Raw;
  const gateway = preset.ingress.gateway as unknown as Raw;
  for (const [v1, v2] of PAIRS) {
    if (use.v2.has(v2)) kong[v1] = gateway[v2];
    else gateway[v2] = kong[v1];
  }
}
