/** Test support for the Gateway API layer: the releases and presets the issue-23 tests run over. */
import { latestPerMinor, satisfies } from '../../src/catalog/index.js';
import type { Generated } from './generate.js';

export const PROVIDERS = ['envoy', 'istio', 'kong', 'gatewayclass'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** Every KServe line with the Gateway API: its first release (0.15.0-rc0) and each line's newest. */
export const GATEWAY_API_RELEASES = ['0.15.0-rc0', ...latestPerMinor().filter((v) => satisfies(v, '>=0.15.0')).reverse()];

/** A Standard-mode preset for a provider (istio with gatewayApi; gatewayclass with a class the cluster would have). */
export function gatewayPreset(provider: Provider, version: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const ingress: Record<string, unknown> = { provider, ...(provider === 'istio' ? { gatewayApi: true } : {}), ...(provider === 'gatewayclass' ? { gateway: { className: 'platform-gateways' } } : {}) };
  return { kserve: { version }, deploymentMode: 'Standard', ...extra, ingress: { ...ingress, ...((extra.ingress as object | undefined) ?? {}) } };
}

/** The one generated manifest of a kind, parsed; undefined when the folder has none. */
export function manifestOf(g: Generated, kind: string): Record<string, any> | undefined {
  const file = g.plan.files.find((f) => f.object?.kind === kind && f.kind === 'manifest');
  return file ? (g.docs.get(file.path)![0] as Record<string, any>) : undefined;
}
