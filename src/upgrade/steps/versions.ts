/** Version paths through minor lines, and the offline settings of an intermediate version. */
import semver from 'semver';
import { linesBetween } from '../../catalog/index.js';
import { resolveOffline, type OfflineSettings } from '../../resolve/offline.js';
import { offlineInput } from '../../resolve/index.js';
import type { UpgradeContext } from '../types.js';

/**
 * The versions an upgrade from `from` to `to` stops at when the project upgrades one minor line at a
 * time: the newest known patch of every line in between (from `lines`), then `to`. Empty when equal.
 */
export function versionPath(from: string, to: string, lines: Readonly<Record<string, string>>): string[] {
  if (from === to) return [];
  if (semver.lt(to, from)) return [];
  const between = linesBetween(from, to).map((l) => {
    const v = lines[l];
    if (!v) throw new Error(`no release known for the ${l} line between ${from} and ${to}`);
    return v;
  });
  return [...between, to];
}

/**
 * Offline settings as the target configuration would have them with other dependency versions: the
 * mirror references and --set flags of an intermediate Istio, cert-manager or Knative release.
 */
export function offlineAt(
  ctx: UpgradeContext,
  at: { istio?: string; certManager?: string; knative?: { version: string; operatorVersion: string } },
): OfflineSettings | undefined {
  const to = ctx.to.resolved;
  if (!to.offline) return undefined;
  const tested = { ...to.release.tested, ...(at.istio ? { istio: at.istio } : {}) };
  const knative = at.knative && to.knative ? { ...at.knative, install: to.knative.install } : to.knative;
  return resolveOffline({
    ...offlineInput(ctx.to.preset, { ...to.release, tested }, to.mode, to.predictive, knative, to.kong !== undefined, to.gatewayApi),
    certManagerVersion: at.certManager ?? to.release.tested.certManager,
  });
}

/** Images an intermediate version pulls that the target's images.txt does not list. */
export function extraImages(ctx: UpgradeContext, offline: OfflineSettings | undefined): string[] {
  if (!offline) return [];
  const listed = new Set((ctx.to.resolved.offline?.images ?? []).map((i) => i.source));
  return offline.images.filter((i) => !listed.has(i.source)).map((i) => `${i.source} ${i.mirror}`);
}
