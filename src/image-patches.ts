/**
 * The patches/ files for images a KServe chart hard-codes (offline.ts decides which; the catalog's
 * hardcoded-images.ts says why each exists). INSTALL.md applies them after the charts.
 */
import type { PlannedFile } from './plan.js';
import type { Resolved } from './resolve.js';

export function imagePatchFiles(r: Resolved): PlannedFile[] {
  return (r.offline?.patches ?? []).map((p) => ({
    path: p.path,
    template: 'patches/image-patch.yaml',
    kind: 'patch',
    why: `offline: ${p.why}`,
    mode: 0o644,
    data: { resource: p.resource, name: p.name, namespaced: p.namespaced, ops: p.ops },
  }));
}
