/**
 * The plan's data: which files to write, from which templates, with which context. Pure data, so
 * --dry-run is free and the render step needs nothing else.
 */
import type { HelmChart, Release, TESTED_TOOLS } from '../catalog/index.js';
import type { ValuesTable } from '../catalog/values-keys.js';
import type { Preset } from '../preset/schema.js';
import type { LlmSettings, Resolved } from '../resolve/index.js';
import type { ImagePatch } from '../resolve/offline.js';

export type FileKind = 'helm-values' | 'manifest' | 'kustomization' | 'example' | 'secret' | 'patch' | 'pem' | 'preset' | 'images' | 'markdown' | 'checksums';

/** A third-party chart INSTALL.md installs with a values file this tool writes. */
export type ChartWithValues = HelmChart & { path: string; namespace: string };

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
  chart?: HelmChart & { keys: ValuesTable };
  /** For manifests: the object this file holds, used for its name and by kustomization. */
  object?: { kind: string; name: string; namespace?: string };
  /** File-specific template data, merged over the shared context as `file`. */
  data?: Record<string, unknown>;
}

/** The LLM stack as INSTALL.md and the values templates see it: the resolved settings plus their commands. */
export interface LlmContext extends LlmSettings {
  chart: ChartWithValues;
  aiGatewayChart: ChartWithValues | null;
  commands: {
    inferenceExtension: string[];
    adopt: string[];
    lws: string[];
    aiGateway: string[];
    crds: string;
    resources: string[];
    patches: string[];
  };
  /** The values file opens kserve.llmisvc (createGIECRDs off, or the controller image offline). */
  llmisvcSection: boolean;
  createGieCrdsOff: boolean;
  /** Offline: the claim the example model is copied into. */
  exampleClaim: { claim: string; dir: string; loader: string } | null;
  /** v1alpha1 or v1alpha2. */
  apiVersionName: string;
}

export interface Plan {
  files: PlannedFile[];
  context: TemplateContext;
  warnings: string[];
  /** The first commands INSTALL.md gives, for the wizard to print once the files are written. */
  firstCommands: string[];
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
  kong: Resolved['kong'] | null;
  storage: Resolved['storage'];
  rollout: Resolved['rollout'];
  /** Secret files (mode 0600), applied apart from manifests/ and never committed. */
  secretFiles: { path: string; namespace: string }[];
  deployPatchFile: string | null;
  /** Offline: JSON patches for images the chart hard-codes (patches/), applied after the charts. */
  imagePatches: ImagePatch[];
  /** The Helm and kubectl versions the output is tested with. */
  testedTools: typeof TESTED_TOOLS;
  /** Kong through the Gateway API (KServe >= 0.15.0-rc0) rather than Ingress objects of class kong. */
  kongGatewayApi: boolean;
  kongChart: ChartWithValues | null;
  /** The Gateway API layer (InferenceServices' and/or LLM routes): the one set of names every layer uses. */
  gatewayApi: Resolved['gatewayApi'] | null;
  /** InferenceServices route through that Gateway (HTTPRoutes), not only LLMInferenceServices. */
  isvcGatewayApi: boolean;
  /** The kserve / kserve-resources chart is installed (false: the LLM stack alone). */
  predictive: boolean;
  llm: LlmContext | null;
  gatewayApiProvider: { envoy: boolean; istio: boolean; kong: boolean; gatewayclass: boolean };
  envoyGatewayChart: ChartWithValues | null;
  knativeOperatorChart: ChartWithValues | null;
  offline: Resolved['offline'] | null;
  /** Why a chart default image is replaced (values comments). */
  imageNotes: string[];
  /** Image overrides for the KServe values files, split by the mapping they extend. */
  images: {
    controller: object | null;
    storage: object | null;
    modelmesh: object | null;
    /** Top-level kserve.* entries the template does not open itself (agent, router, servingruntime). */
    rest: object | null;
    /** kserve.servingruntime.* entries of kserve-runtime-configs. */
    runtimeConfigs: object | null;
  };
  /** Knative through the operator (KnativeServing CR) or from release YAML (ConfigMap patches). */
  knativeOperator: boolean;
  knativeManifests: boolean;
  usesIstio: boolean;
  /** Istio's ingress gateway release (istio/gateway): not with the Gateway API, where istiod deploys each Gateway. */
  istioIngressGateway: boolean;
  /** The install runs Istio's gateway chart with --skip-schema-validation (istio.gatewayChartSkipsSchema, when a gateway chart is installed). */
  gatewayChartSkipsSchema: boolean;
  kserveNamespace: string;
  storageSecretNameAnnotation: string;
  manifests: { path: string; kind: string; name: string; namespace: string | null }[];
  /** helm/kserve(-resources).values.yaml; '' for the LLM stack alone (no kserve chart). */
  mainValuesFile: string;
  runtimeValuesFile: string | null;
  istioGatewayChart: ChartWithValues | null;
  /** Manifests to delete on uninstall, newest first; ConfigMap patches of Knative's own ConfigMaps are kept. */
  uninstallManifests: string[];
  /** Namespace the verification InferenceService runs in (a namespace the local gateway serves). */
  testNamespace: string;
  /** Where the example InferenceService's model comes from; offline, the claim it is copied into. */
  exampleModel: { storageUri: string; onClaim: boolean; claim: string; dir: string; fetchCommands: string[] };
  /** How INSTALL.md refers to each chart or release file: online references, or the local copies offline. */
  refs: Record<string, string>;
  /** Offline: the commands that fetch every chart and release file on a connected machine. */
  pullCommands: string[];
  /** The commands of the steps INSTALL.md opens with (the wizard prints the first few). */
  commands: {
    mirrorImages: string;
    certManager: string[];
    envoyGatewayPull: string | null;
    certManagerUninstall: string[];
    /** Offline with a pull secret: create it in every namespace that pulls from the mirror. */
    pullSecrets: string[];
    /** Give it to the ServiceAccounts of charts that take no pull secret, per install step. */
    serviceAccountPatches: { knativeOperator: string[]; kserve: string[]; lws: string[] };
  };
  /** The `kubectl get` commands that save what `check` compares with this folder, and where they save it. */
  check: { dir: string; commands: string[] };
  /** INSTALL.md step numbers (steps appear only when they apply). */
  steps: Record<string, number>;
  filesTable: { path: string; why: string }[];
}
