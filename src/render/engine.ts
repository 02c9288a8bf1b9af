/**
 * The Handlebars runtime, isolated from the global instance, with only YAML-safe helpers.
 * Templates are precompiled at build time (scripts/gen.ts, strict + noEscape), so only the small
 * Handlebars runtime ships and nothing is compiled when the CLI starts.
 */
import HandlebarsRuntime from 'handlebars/runtime.js';
import { TEMPLATE_SPECS } from '../generated/templates.js';
import { yamlBlock, yamlEntries, yamlScalar } from './yaml-helpers.js';

type HelperOptions = { hash: Record<string, unknown> };
type TemplateFn = (context: unknown) => string;

// The runtime build has the full API minus the compiler; its .d.ts just does not say so.
const hb = (HandlebarsRuntime as unknown as typeof import('handlebars')).create();

hb.registerHelper('yaml', (value: unknown, options: HelperOptions) => {
  const { nindent, indent } = options.hash;
  if (typeof indent === 'number') return yamlEntries(value, indent);
  return typeof nindent === 'number' ? yamlBlock(value, nindent) : yamlScalar(value);
});
// Markdown/shell helpers: values reaching them were validated as DNS names, numbers or versions.
hb.registerHelper('join', (list: unknown, sep: unknown) => (Array.isArray(list) ? list.join(typeof sep === 'string' ? sep : ', ') : ''));
hb.registerHelper('json', (value: unknown) => JSON.stringify(value));
hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
hb.registerHelper('not', (a: unknown) => !a);
hb.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
hb.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));

const cache = new Map<string, TemplateFn>();

export function renderTemplate(name: string, context: unknown): string {
  let fn = cache.get(name);
  if (!fn) {
    const spec = (TEMPLATE_SPECS as Record<string, unknown>)[name];
    if (!spec) throw new Error(`no template named ${name}`);
    fn = hb.template(spec as Parameters<typeof hb.template>[0]) as TemplateFn;
    cache.set(name, fn);
  }
  return fn(context);
}
