/**
 * Which files to write, from which templates, with which context: pure data, so --dry-run is free.
 */
import type { HelmChart, Release } from './catalog/index.js';
import type { Preset } from './preset/schema.js';
import type { Resolved } from './resolve.js';
import { TOOL_NAME, TOOL_VERSION } from './generated/meta.js';

export type FileKind = 'helm-values' | 'manifest' | 'kustomization' | 'example' | 'preset' | 'markdown';

export interface PlannedFile {
  /** Path inside the output folder, with "/" separators. */
  path: string;
  /** Template name (templates/<name>.hbs). */
  template: string;
  kind: FileKind;
  /** Why the file exists, shown by --dry-run. */
  why: string;
  /** 0o600 for anything holding secrets. */
  mode: number;
  /** For helm-values: which chart, and which values-key table applies. */
  chart?: HelmChart & { keys: 'main' | 'runtimeConfigs' };
  /** For manifests: the object this file holds, used for its name and by kustomization. */
  object?: { kind: string; name: string; namespace?: string };
  /** File-specific template data, merged over the shared context as `file`. */
  data?: Record<string, unknown>;
}

export interface Plan {
  files: PlannedFile[];
  context: TemplateContext;
  warnings: string[];
}

/** What every template sees. Templates read booleans from here; they never compare versions. */
export interface TemplateContext {
  tool: { name: string; version: string };
  preset: Preset;
  release: Release;
  features: Release['features'];
  mode: { key: Resolved['mode']; name: string; isKnative: boolean; isStandard: boolean; isModelMesh: boolean };
  istio: Resolved['istio'];
  knative: Resolved['knative'] | null;
  usesIstio: boolean;
  kserveNamespace: string;
  storageSecretNameAnnotation: string;
  manifests: { path: string; kind: string; name: string; namespace: string | null }[];
  mainValuesFile: string;
  runtimeValuesFile: string | null;
  /** INSTALL.md step numbers (steps appear only when they apply). */
  steps: Record<'manifests' | 'crds' | 'kserve' | 'runtimes', number>;
  filesTable: { path: string; why: string }[];
}

export function buildPlan(r: Resolved): Plan {
  const { preset, release } = r;
  const manifests: PlannedFile[] = [];
  const addManifest = (template: string, kind: string, name: string, namespace: string | undefined, why: string, data?: Record<string, unknown>) => {
    manifests.push({
      path: '', // numbered below, in apply order
      template,
      kind: 'manifest',
      why,
      mode: 0o644,
      object: { kind, name, namespace },
      data: { name, namespace: namespace ?? null, ...data },
    });
  };

  addManifest('manifests/namespace.yaml', 'Namespace', preset.kserve.namespace, undefined, 'the KServe namespace, created before the charts install into it');
  if (r.mode === 'knative' && r.knative) {
    if (r.knative.install === 'operator') {
      addManifest('manifests/namespace.yaml', 'Namespace', r.knative.namespace, undefined, 'the namespace the Knative Operator installs Serving into');
      addManifest(
        'manifests/knativeserving.yaml',
        'KnativeServing',
        r.knative.crName,
        r.knative.namespace,
        `Knative Serving ${r.knative.version} through the Knative Operator, with the domain and gateways KServe is configured with`,
      );
    }
  }
  if (r.mode === 'standard' && r.provider === 'istio') {
    addManifest('manifests/ingressclass.yaml', 'IngressClass', 'istio', undefined, 'RawDeployment creates Kubernetes Ingress objects of class istio; Istio serves that class only when the IngressClass exists');
  }
  manifests.forEach((m, i) => {
    m.path = `manifests/${String(i).padStart(2, '0')}-${m.object!.kind.toLowerCase()}-${m.object!.name}.yaml`;
  });

  const files: PlannedFile[] = [];
  for (const chart of release.charts.filter((c) => c.hasValues)) {
    const keys = chart === release.mainChart ? 'main' : 'runtimeConfigs';
    files.push({
      path: `helm/${chart.name}.values.yaml`,
      template: keys === 'main' ? 'helm/kserve.values.yaml' : 'helm/kserve-runtime-configs.values.yaml',
      kind: 'helm-values',
      why: keys === 'main' ? `values for the ${chart.name} chart ${chart.version || release.version}: mode, ingress and storage settings` : 'values for kserve-runtime-configs: since 0.17 the serving runtimes are installed by this chart, and only when enabled',
      mode: 0o644,
      chart: { ...chart, keys },
    });
  }
  files.push(...manifests);
  files.push({
    path: 'manifests/kustomization.yaml',
    template: 'manifests/kustomization.yaml',
    kind: 'kustomization',
    why: 'lists the manifests so `kubectl apply -k manifests/` applies them all',
    mode: 0o644,
    data: { resources: manifests.map((m) => m.path.replace(/^manifests\//, '')) },
  });
  files.push({
    path: 'examples/inferenceservice.yaml',
    template: 'examples/inferenceservice.yaml',
    kind: 'example',
    why: `a sample InferenceService to verify the install (${r.modeName} mode)`,
    mode: 0o644,
    object: { kind: 'InferenceService', name: 'sklearn-iris' },
  });
  files.push({
    path: 'kserve-config.yaml',
    template: 'kserve-config.yaml',
    kind: 'preset',
    why: 'the fully resolved preset: `--preset kserve-config.yaml` reproduces this folder',
    mode: 0o644,
  });
  files.push({
    path: 'INSTALL.md',
    template: 'INSTALL.md',
    kind: 'markdown',
    why: 'the ordered install steps, checks and troubleshooting for exactly these files',
    mode: 0o644,
  });

  const valuesFile = (keys: 'main' | 'runtimeConfigs') => files.find((f) => f.chart?.keys === keys)?.path ?? null;
  // Step numbers follow the order INSTALL.md presents them; optional steps shift the rest.
  let step = 1; // cert-manager
  if (r.provider === 'istio' && r.mode !== 'modelmesh') step++; // Istio
  if (r.mode === 'knative') step++; // Knative Operator
  const steps = { manifests: ++step, crds: ++step, kserve: ++step, runtimes: ++step };

  const context: TemplateContext = {
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    preset,
    release,
    features: release.features,
    mode: {
      key: r.mode,
      name: r.modeName,
      isKnative: r.mode === 'knative',
      isStandard: r.mode === 'standard',
      isModelMesh: r.mode === 'modelmesh',
    },
    istio: r.istio,
    knative: r.knative ?? null,
    usesIstio: r.provider === 'istio' && r.mode !== 'modelmesh',
    kserveNamespace: preset.kserve.namespace,
    storageSecretNameAnnotation: r.storageSecretNameAnnotation,
    manifests: manifests.map((m) => ({
      path: m.path,
      kind: m.object!.kind,
      name: m.object!.name,
      namespace: m.object!.namespace ?? null,
    })),
    mainValuesFile: valuesFile('main')!,
    runtimeValuesFile: valuesFile('runtimeConfigs'),
    steps,
    filesTable: files.map((f) => ({ path: f.path, why: f.why })),
  };
  return { files, context, warnings: [...r.warnings] };
}
