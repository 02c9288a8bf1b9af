/** Kong: the kong/ingress chart; the Gateway API from KServe 0.15 (gateway-api.ts), Ingress objects of class kong before. */
import type { Release } from '../catalog/index.js';
import type { Preset } from '../preset/schema.js';
import type { KongSettings } from './types.js';

export function resolveKong(preset: Preset, release: Release, warnings: string[]): KongSettings {
  const gatewayApi = release.features.gatewayApi;
  if (!gatewayApi) {
    warnings.push(
      `KServe ${release.version} has no Gateway API support (it arrived in 0.15.0-rc0): generating Kubernetes Ingress objects of class kong instead; ingress.kong.gateway and gatewayClassName are not used`,
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
