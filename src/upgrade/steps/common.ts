/** Names and small command builders every layer's steps share. */
import type { Side, UpgradeContext, UpgradeStep } from '../types.js';

/** The shell variable the preflight step sets when the main release name is not known in advance. */
export const KSERVE_RELEASE_VAR = 'KSERVE_RELEASE';

/**
 * The Helm release of the main KServe chart. Folders for <= 0.16 installed it as `kserve`, and the
 * 0.17 migration keeps that name with the kserve-resources chart (kserve/website upgrade-guide.md:
 * "please use existing chart name(kserve) for upgrade"); a cluster installed at >= 0.17 calls it
 * kserve-resources, so from there the preflight step reads the name from Helm.
 */
export function mainRelease(ctx: UpgradeContext): string {
  return ctx.from.resolved.release.features.splitCharts ? `"$${KSERVE_RELEASE_VAR}"` : ctx.from.resolved.release.mainChart.release;
}

export const ns = (side: Side) => side.preset.kserve.namespace;

/** Knative's own objects (the KnativeServing, its ConfigMap patches): they move in the Knative steps. */
export const isKnativeObject = (o: { kind: string; namespace?: string | null }) => o.kind === 'KnativeServing' || (o.kind === 'ConfigMap' && o.namespace === 'knative-serving');

export const usesIstio = (side: Side) => side.resolved.usesIstio;
export const usesKnativeOperator = (side: Side) => side.resolved.knative?.install === 'operator';
export const usesKnativeManifests = (side: Side) => side.resolved.knative?.install === 'manifests';

/** `kubectl get ... -o jsonpath=...; echo` (jsonpath prints no newline of its own). */
export const jsonpath = (resource: string, path: string) => `kubectl get ${resource} -o jsonpath='${path}'; echo`;

export function step(s: Omit<UpgradeStep, 'rollback' | 'check' | 'expect'> & Partial<Pick<UpgradeStep, 'rollback' | 'check' | 'expect'>>): UpgradeStep {
  return { check: [], expect: '', rollback: [], ...s };
}
