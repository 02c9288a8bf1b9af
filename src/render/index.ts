/**
 * Plan -> file contents. Every YAML file is parsed back and validated before anything is written;
 * a failure here is a bug in this tool (InternalError, exit 1), never a half-written folder.
 */
import type { Plan, PlannedFile } from '../plan.js';
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
    content: normalise(renderTemplate(file.template, fileContext(plan, file))),
    mode: file.mode,
  }));
  validateRendered(plan, rendered);
  return rendered;
}

/**
 * Collapses the blank lines conditional blocks leave behind and ends every file with one newline.
 * Text that already ends that way is returned as it is: a new string would be copied again when it
 * is next read (a long file is worth the check, issue 9).
 */
function normalise(text: string): string {
  const collapsed = text.includes('\n\n\n') ? text.replace(/\n{3,}/g, '\n\n') : text;
  const trimmed = collapsed.trimEnd();
  return trimmed.length === collapsed.length - 1 && collapsed.endsWith('\n') ? collapsed : `${trimmed}\n`;
}
