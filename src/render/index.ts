/**
 * Plan -> file contents. Every YAML file is parsed back and validated before anything is written;
 * a failure here is a bug in this tool (InternalError, exit 1), never a half-written folder.
 */
import type { Plan, PlannedFile } from '../plan/index.js';
import { checksumEntries } from '../checksums.js';
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
  const render = (file: PlannedFile, data: Record<string, unknown> = {}) => ({
    path: file.path,
    content: normalise(renderTemplate(file.template, fileContext(plan, { ...file, data: { ...file.data, ...data } })), file.kind === 'markdown'),
    mode: file.mode,
  });
  const rendered = plan.files.filter((f) => f.kind !== 'checksums').map((file) => render(file));
  // The checksums file lists the others, so it is rendered from them, last.
  const checksums = plan.files.find((f) => f.kind === 'checksums');
  const all = checksums ? [...rendered, render(checksums, { entries: checksumEntries(rendered) })] : rendered;
  validateRendered(plan, all);
  const byPath = new Map(all.map((r) => [r.path, r]));
  return plan.files.map((f) => byPath.get(f.path)!);
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
