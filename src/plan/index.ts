/**
 * Resolved settings -> the plan: which files to write (files.ts), from which templates, with which
 * context (context.ts), and the commands the wizard shows first. Pure data, so --dry-run is free.
 */
import type { Resolved } from '../resolve/index.js';
import { thirdPartyCharts } from './charts.js';
import { templateContext } from './context.js';
import { plannedFiles } from './files.js';
import type { Plan } from './types.js';

export type { ChartWithValues, FileKind, Plan, PlannedFile, TemplateContext } from './types.js';

export function buildPlan(r: Resolved): Plan {
  const charts = thirdPartyCharts(r);
  const files = plannedFiles(r, charts);
  const context = templateContext(r, files, charts);
  // INSTALL.md opens with the mirror step (offline) and cert-manager: the same commands, from here.
  const firstCommands = [...(r.offline ? [context.commands.mirrorImages, ...context.pullCommands] : []), ...context.commands.certManager].slice(0, 3);
  return { files, context, warnings: [...r.warnings], firstCommands };
}
