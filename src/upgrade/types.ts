/** The data an upgrade plan is made of: both sides, the ordered steps, the files the steps add. */
import type { Plan } from '../plan/index.js';
import type { ExternalInputs } from '../preset/files.js';
import type { Preset } from '../preset/schema.js';
import type { RenderedFile } from '../render/index.js';
import type { Resolved } from '../resolve/index.js';

/** One configuration: what FOLDER describes (from) or what the upgrade writes (to). */
export interface Side {
  preset: Preset;
  /** What resolve() read besides the preset (CA bundle, credentials). */
  inputs: ExternalInputs;
  resolved: Resolved;
  plan: Plan;
  files: RenderedFile[];
}

export interface UpgradeStep {
  /** Stable identifier, e.g. "knative-1.16" (tests and JSON readers key on it). */
  id: string;
  /** The layer it belongs to: backup, cert-manager, istio, gateway-api, kong, knative, kserve, ... */
  layer: string;
  title: string;
  /** Why the step exists, each sentence naming its source where a rule comes from upstream. */
  why: string[];
  /** What to run, in order, waits included. */
  commands: string[];
  /** Commands whose output shows the step worked, and what to expect from them. */
  check: string[];
  expect: string;
  /** How to undo this step (empty: nothing to undo). */
  rollback: string[];
  rollbackNote?: string;
  /** The oldest Kubernetes this step's software starts on, where it checks (Knative). */
  minKubernetes?: string;
}

/** A file the upgrade writes besides the new configuration (intermediate manifests, image lists). */
export interface ExtraFile {
  path: string;
  content: string;
  why: string;
}

export interface UpgradeContext {
  /** FOLDER, relative to the output folder (where UPGRADE.md's commands run), e.g. "../kserve-config". */
  folder: string;
  from: Side;
  to: Side;
  /** FOLDER's files that differ from what its kserve-config.yaml generates (hand edits). */
  edited: string[];
  /** Files added by step builders, keyed by path. */
  extraFiles: Map<string, ExtraFile>;
  /** Offline: "SOURCE MIRROR" lines of images only intermediate versions pull (upgrade/images.txt). */
  extraImages: Set<string>;
  /** Offline: commands that fetch the charts and files only intermediate versions need. */
  extraPulls: string[];
}

/** A layer's step builder: appends its steps (and files) to the plan; later features add their own. */
export type StepBuilder = (ctx: UpgradeContext) => UpgradeStep[];
