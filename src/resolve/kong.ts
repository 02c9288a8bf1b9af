/** Kong: Gateway API names from KServe 0.15, Ingress objects of class kong before. */
import { MIN_GATEWAY_API, satisfies, type Release } from '../catalog/index.js';
import type { Preset } from '../preset/schema.js';
import { validatePreset } from '../preset/validate.js';
import { gatewayRef } from './istio.js';
import type { KongSettings } from './types.js';

export function resolveKong(preset: Preset, release: Release, warnings: string[]): KongSettings {
  const k = preset.ingress.kong;
  const gatewayApi = release.features.gatewayApi;
  if (!gatewayApi) {
    // Only Gateway settings someone set are worth calling unused (the wizard asks none before 0.15).
    const set = JSON.stringify(k) !== JSON.stringify(validatePreset({ kserve: { version: release.version } }).ingress.kong);
    warnings.push(
      `KServe ${release.version} has no Gateway API support (it arrived in 0.15.0-rc0): generating Kubernetes Ingress objects of class kong instead${set ? '; the ingress.kong Gateway settings are not used' : ''}`,
    );
  }
  const tested = release.tested.gatewayApi;
  return {
    gatewayApi,
    gateway: gatewayRef(k.gateway),
    gatewayClassName: k.gatewayClassName,
    controllerName: k.controllerName,
    listenerName: k.listenerName,
    listenerPort: k.listenerPort,
    gatewayApiVersion: tested && satisfies(tested, `>=${MIN_GATEWAY_API}`) ? tested : MIN_GATEWAY_API,
    ingressClass: 'kong',
    namespace: 'kong',
    release: 'kong',
    chartVersion: '0.24.0',
  };
}
