/**
 * A text prompt that validates as you type: Inquirer's own `input` checks only on Enter, and its
 * `transformer` cannot add text after the value without misplacing the cursor. This is the same
 * prompt (same keys: Enter, Tab to take the default, Backspace on an empty line to drop it, the
 * default pre-filled for editing with prefill "editable") with the validator run on every
 * keystroke: a problem is shown under the line while typing, and Enter refuses an invalid value.
 *
 * Built with @inquirer/core, the prompt kit @inquirer/prompts itself is made of (the same installed
 * copy, bundled; it is no separate runtime dependency). Only ever loaded through ask.ts's import().
 */
import { createPrompt, isBackspaceKey, isEnterKey, isTabKey, makeTheme, useEffect, useKeypress, usePrefix, useState } from '@inquirer/core';

export interface LiveInputConfig {
  message: string;
  default?: string;
  prefill?: 'tab' | 'editable';
  validate?: (value: string) => true | string;
  theme?: Record<string, unknown>;
}

export const liveInput = createPrompt<string, LiveInputConfig>((config, done) => {
  const theme = makeTheme(config.theme);
  const validate = config.validate ?? (() => true);
  const [status, setStatus] = useState<'idle' | 'done'>('idle');
  const [defaultValue, setDefaultValue] = useState(config.default ?? '');
  const [value, setValue] = useState('');
  // Set when Enter was refused; cleared by the next keystroke (then the live check takes over).
  const [submitError, setSubmitError] = useState<string | undefined>(undefined);
  const prefix = usePrefix({ status, theme });

  useKeypress((key, rl) => {
    if (status !== 'idle') return;
    if (isEnterKey(key)) {
      const answer = value || defaultValue;
      const ok = validate(answer);
      if (ok === true) {
        setValue(answer);
        setStatus('done');
        done(answer);
      } else {
        // readline cleared its line on Enter: put the text back so it can be fixed, not retyped.
        rl.write(value);
        setSubmitError(ok);
      }
    } else if (isBackspaceKey(key) && !value) {
      setDefaultValue('');
    } else if (isTabKey(key) && !value) {
      setDefaultValue('');
      rl.clearLine(0); // drop the tab character
      rl.write(defaultValue);
      setValue(defaultValue);
    } else {
      setValue(rl.line);
      setSubmitError(undefined);
    }
  });

  useEffect((rl) => {
    if (config.prefill === 'editable' && defaultValue) {
      rl.write(defaultValue);
      setValue(defaultValue);
    }
  }, []);

  const message = theme.style.message(config.message, status);
  if (status === 'done') return `${prefix} ${message} ${theme.style.answer(value)}`;
  const shown = [prefix, message];
  if (defaultValue && !value) shown.push(theme.style.defaultAnswer(defaultValue));
  shown.push(value);
  let bottom = '';
  if (submitError !== undefined) {
    bottom = theme.style.error(submitError);
  } else if (value !== '') {
    const live = validate(value);
    if (live !== true) bottom = theme.style.help(`\u2717 ${live}`);
  }
  return [shown.join(' '), bottom];
});
