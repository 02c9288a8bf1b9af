/** Kong: the kong/ingress chart; the Gateway API from KServe 0.15 (gateway-api.ts), Ingress objects of class kong before. */
import type { Release } from '../catalog/index.js';
import type { Preset } from '../preset/schema.js';
import { validatePreset } from '../preset/validate.js';
import type { KongSettings } from './types.js';

export function resolveKong(preset: Preset, release: Release, warnings: string[]): KongSettings {
  const gatewayApi = release.features.gatewayApi;
  if (!gatewayApi) {
    // Only Gateway settings someone set are worth calling unused (the wizard asks none before 0.15).
    const set = JSON.stringify(preset.ingress.kong) !== JSON.stringify(validatePreset({ kserve: { version: release.version } }).ingress.kong);
    warnings.push(
      `KServe ${release.version} has no Gateway API support (it arrived in 0.15.0-rc0): generating Kubernetes Ingress objects of class kong instead${set ? '; the ingress.kong Gateway settings are not used' : ''}`,
    );
  }
  return {
    gatewayApi,
    ingressClass: 'kong',
    namespace: 'kong',
    release: 'kong',
    chartVersion: '0.24.0',
    // With the Gateway API, the listener port (ingress.gateway, which ingress.kong.listenerPort fills) must be a proxy port.
    proxyPort: preset.ingress.gateway.listenerPort,
  };
}
