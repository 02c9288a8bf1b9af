/**
 * Plan -> file contents. Every YAML file is parsed back and validated before anything is written;
 * a failure here is a bug in this tool (InternalError, exit 1), never a half-written folder.
 */
import type { Plan, PlannedFile } from '../plan/index.js';
import { renderTemplate } from './engine.js';
import { validateRendered } from './validate.js';

export interface RenderedFile {
  path: string;
  content: string;
  mode: number;
}

export function fileContext(plan: Plan, file: PlannedFile): Record<string, unknown> {
  return {
    ...plan.context,
    file: {
      path: file.path,
      why: file.why,
      chart: file.chart ?? null,
      ...(file.data ?? {}),
    },
  };
}

export function renderPlan(plan: Plan): RenderedFile[] {
  const rendered = plan.files.map((file) => ({
    path: file.path,
    content: normalise(renderTemplate(file.template, fileContext(plan, file)), file.kind === 'markdown'),
    mode: file.mode,
  }));
  validateRendered(plan, rendered);
  return rendered;
}

/**
 * Ends every file with one newline and, in Markdown, collapses the runs of blank lines conditional
 * blocks leave behind. YAML templates leave none (test/templates.test.ts renders every combination
 * raw to check), and a YAML literal block's blank lines must stay as they are.
 */
function normalise(text: string, markdown: boolean): string {
  const collapsed = markdown ? text.replace(/\n{3,}/g, '\n\n') : text;
  return `${collapsed.trimEnd()}\n`;
}
