/** The llm section of a preset, which may be left out (presets before the LLM stack read back unchanged). */
import type { Preset } from './schema.js';

export type LlmPreset = NonNullable<Preset['llm']>;

/** The llm section, its defaults filled in when the preset leaves it out. */
export function llmOf(preset: Pick<Preset, 'llm'>): LlmPreset {
  return preset.llm ?? { enabled: false, predictive: true, multiNode: false };
}
