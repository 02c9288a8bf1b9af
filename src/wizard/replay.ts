/**
 * Changing one answer at the review: the questions run again through an Ask that answers, from the
 * last run, every question but the one being changed, and asks only that one and whatever the
 * change makes new (Kong's Gateway once Kong is chosen, say). A remembered answer the new choices
 * rule out (a mode the new version lacks, a name that no longer validates) is asked again too.
 */
import type { Ask, Choice, ConfirmQuestion, InputQuestion, PasswordQuestion, SelectQuestion } from './ask.js';

export interface Answer {
  id: string;
  message: string;
  /** How the review shows it: the chosen choice's name, the text typed, "yes"/"no"; hidden for passwords. */
  shown: string;
  value: unknown;
}

/**
 * An Ask that records every answer, replaying `previous` ones except `change`. Notes already shown
 * (`shownNotes`, shared across runs) are not repeated.
 */
export function replayingAsk(
  ask: Ask,
  previous: ReadonlyMap<string, Answer>,
  change: string | undefined,
  shownNotes: Set<string>,
): { ask: Ask; answers: Map<string, Answer> } {
  const answers = new Map<string, Answer>();
  const remembered = (id: string, ok: (value: unknown) => boolean): { value: unknown } | undefined => {
    const before = previous.get(id);
    return before && id !== change && ok(before.value) ? { value: before.value } : undefined;
  };
  const record = <T>(id: string, message: string, value: T, shown: string): T => {
    answers.set(id, { id, message, value, shown });
    return value;
  };
  const enabled = <T>(choices: Choice<T>[], value: unknown) => choices.some((c) => c.value === value && !c.disabled);
  return {
    answers,
    ask: {
      async select<T>(q: SelectQuestion<T>): Promise<T> {
        const again = remembered(q.id, (v) => enabled(q.choices, v));
        const before = previous.get(q.id)?.value;
        const value = again ? (again.value as T) : await ask.select({ ...q, ...(enabled(q.choices, before) ? { default: before as T } : {}) });
        return record(q.id, q.message, value, q.choices.find((c) => c.value === value)?.name ?? String(value));
      },
      async input(q: InputQuestion): Promise<string> {
        const again = remembered(q.id, (v) => typeof v === 'string' && (q.validate?.(v) ?? true) === true);
        const value = again ? (again.value as string) : await ask.input(q);
        return record(q.id, q.message, value, value === '' ? '(empty)' : value);
      },
      async confirm(q: ConfirmQuestion): Promise<boolean> {
        const again = remembered(q.id, (v) => typeof v === 'boolean');
        const value = again ? (again.value as boolean) : await ask.confirm(q);
        return record(q.id, q.message, value, value ? 'yes' : 'no');
      },
      async password(q: PasswordQuestion): Promise<string> {
        const again = remembered(q.id, (v) => typeof v === 'string' && (q.validate?.(v) ?? true) === true);
        const value = again ? (again.value as string) : await ask.password(q);
        return record(q.id, q.message, value, '(hidden)');
      },
      note(text: string): void {
        if (shownNotes.has(text)) return;
        shownNotes.add(text);
        ask.note(text);
      },
    },
  };
}
