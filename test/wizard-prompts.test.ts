/**
 * The wizard's questions rendered by the real prompts (@inquirer/testing `render()`, keypresses into
 * a fake terminal): the configs are taken from the flow itself (src/wizard/flow.ts), turned into
 * Inquirer configs by src/wizard/ask.ts, and shown with the prompts the CLI uses.
 */
import { PassThrough } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { render } from '@inquirer/testing';
import { password, select } from '@inquirer/prompts';
import type { Ask, InputQuestion, PasswordQuestion, SelectQuestion } from '../src/wizard/ask.js';
import { inputConfig, inquirerAsk, isCancel, passwordConfig, selectConfig } from '../src/wizard/ask.js';
import { runWizard } from '../src/wizard/flow.js';
import { liveInput } from '../src/wizard/live-input.js';

type AnyQuestion = SelectQuestion<unknown> | InputQuestion | PasswordQuestion;

/** Runs the flow with `answers` (by question id; the rest take their defaults) and returns every question asked. */
async function questions(answers: Record<string, unknown>): Promise<Map<string, AnyQuestion>> {
  const seen = new Map<string, AnyQuestion>();
  const pick = <T>(q: { id: string; default?: T }, fallback: T): T => {
    seen.set(q.id, q as AnyQuestion);
    return Object.hasOwn(answers, q.id) ? (answers[q.id] as T) : (q.default ?? fallback);
  };
  const ask: Ask = {
    select: async (q) => pick(q, q.choices.find((c) => !c.disabled)!.value),
    input: async (q) => pick(q, ''),
    confirm: async (q) => pick(q, false),
    password: async (q) => pick(q as PasswordQuestion & { default?: string }, 'x'),
    note: () => {},
  };
  await runWizard(ask, {});
  return seen;
}

const q = async <T extends AnyQuestion>(id: string, answers: Record<string, unknown> = {}): Promise<T> => {
  const found = (await questions(answers)).get(id);
  if (!found) throw new Error(`the flow asked no ${id}`);
  return found as T;
};

const ctrlU = { name: 'u', ctrl: true };

test('gateway input: pre-filled with the default; an invalid <ns>/<name> shows the problem as you type and Enter refuses it', async () => {
  const question = await q<InputQuestion>('ingress.istio.localGateway', { 'kserve.version': '0.15.2' });
  const { answer, events, getScreen } = await render(liveInput, inputConfig(question, true));
  assert.match(getScreen(), 'Istio Gateway for cluster-local traffic (<namespace>/<name>) knative-serving/knative-local-gateway');

  events.keypress(ctrlU); // clear the pre-filled text
  events.type('istio-system');
  assert.match(getScreen(), '"istio-system" is not valid here — write it as <namespace>/<name>, both DNS-1123 labels');
  events.keypress('enter');
  await Promise.resolve();
  assert.match(getScreen(), '> "istio-system" is not valid here');
  assert.match(getScreen(), 'istio-system', 'the text stays for fixing');

  events.type('/Custom');
  assert.match(getScreen(), 'is not valid here', 'uppercase is no DNS-1123 label');
  for (let i = 0; i < 'Custom'.length; i++) events.keypress('backspace');
  events.type('custom-local-gateway');
  assert.not.match(getScreen(), 'not valid', 'a valid name shows no problem');
  events.keypress('enter');
  assert.is(await answer, 'istio-system/custom-local-gateway');
  assert.match(getScreen(), 'istio-system/custom-local-gateway');
});

test('gateway input: Enter on the pre-filled default accepts it', async () => {
  const question = await q<InputQuestion>('ingress.istio.ingressGateway');
  const { answer, events } = await render(liveInput, inputConfig(question, true));
  events.keypress('enter');
  assert.is(await answer, 'knative-serving/knative-ingress-gateway');
});

test('namespace input: the default in parentheses, Tab to edit it, a bad label refused', async () => {
  const question = await q<InputQuestion>('kserve.namespace');
  const { answer, events, getScreen } = await render(liveInput, inputConfig(question, true));
  assert.match(getScreen(), 'Namespace to install KServe into (kserve)');
  events.type('KServe');
  assert.match(getScreen(), 'DNS-1123 label');
  events.keypress('enter');
  await Promise.resolve();
  assert.match(getScreen(), '> "KServe" is not valid here');
  for (let i = 0; i < 6; i++) events.keypress('backspace');
  events.type('kserve-system');
  events.keypress('enter');
  assert.is(await answer, 'kserve-system');
});

test('version select: newest first, the highlighted release shows its tested Knative/Istio/Gateway API versions', async () => {
  const question = await q<SelectQuestion<string>>('kserve.version');
  const { answer, events, getScreen } = await render(select, selectConfig(question, true));
  const screen = getScreen();
  assert.ok(screen.indexOf('0.20.0 (newest)') < screen.indexOf('0.19.0'), screen);
  assert.match(screen, 'Tested with Knative Serving 1.21.1, Istio 1.27.1, Gateway API 1.5.1, Kubernetes 1.34; modes Knative/Standard');
  for (let i = 0; i < 5; i++) events.keypress('down');
  assert.match(getScreen(), 'Tested with Knative Serving 1.15.2, Istio 1.23.2, Gateway API 1.2.1');
  events.keypress('down');
  assert.match(getScreen(), 'Tested with Knative Serving 1.13.1, Istio 1.20.4, no Gateway API');
  assert.match(getScreen(), 'modes Serverless/RawDeployment/ModelMesh');
  events.keypress('up');
  events.keypress('enter');
  assert.is(await answer, '0.15.2');
});

test('ingress select in Serverless mode: Kong is shown disabled with the reason and cannot be chosen', async () => {
  const question = await q<SelectQuestion<string>>('ingress.provider', { 'kserve.version': '0.15.2' });
  const { answer, events, getScreen } = await render(select, selectConfig(question, true));
  assert.match(getScreen(), 'Kong (needs RawDeployment mode: Serverless mode routes through Istio)');
  events.keypress('down');
  events.keypress('enter');
  assert.match(getScreen(), 'This option is disabled and cannot be selected.');
  events.keypress('up');
  events.keypress('enter');
  assert.is(await answer, 'istio');
});

test('ingress select on 0.14.1 RawDeployment: Kong selectable, described as the Ingress fallback', async () => {
  const question = await q<SelectQuestion<string>>('ingress.provider', { 'kserve.version': '0.14.1', deploymentMode: 'standard' });
  const { answer, events, getScreen } = await render(select, selectConfig(question, true));
  events.keypress('down');
  assert.match(getScreen(), 'No Gateway API before KServe 0.15: KServe 0.14.1 creates Ingress objects of class kong');
  events.keypress('enter');
  assert.is(await answer, 'kong');
});

test('password prompt: masked, never echoed, ctrl+t does not reveal it', async () => {
  const question = await q<PasswordQuestion>('wizard.secretAccessKey', { 'storage.storageConfig.enabled': true, 'wizard.credentials': 'prompt' });
  const { answer, events, getScreen, getFullOutput } = await render(password, passwordConfig(question, true));
  events.type('s3cr3t-value');
  events.keypress({ name: 't', ctrl: true });
  assert.match(getScreen(), '************');
  assert.not.match(getScreen(), 's3cr3t');
  events.keypress('enter');
  assert.is(await answer, 's3cr3t-value');
  assert.not.match(await getFullOutput({ raw: true }), 's3cr3t', 'not in anything written to the terminal');
});

test('NO_COLOR theme: no colour or style escapes in what the prompts draw', async () => {
  const question = await q<SelectQuestion<string>>('kserve.version');
  const { answer, events, getScreen } = await render(select, selectConfig(question, true));
  assert.not.match(getScreen({ raw: true }), /\x1b\[[0-9;]*m/);
  events.keypress('enter');
  await answer;
});

test('inquirerAsk: prompts and notes go through the injected streams; Ctrl+C rejects with a cancel', async () => {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (d: Buffer) => (shown += d.toString('utf8')));
  // The first prompt loads Inquirer (import()): type once it has drawn itself.
  const drawn = (text: string) =>
    new Promise<void>((done) => {
      const check = () => (shown.includes(text) ? done() : setTimeout(check, 5));
      check();
    });
  const ask = inquirerAsk({ input, output, noColor: true });
  ask.note('a note');
  const name = ask.input({ id: 'kserve.namespace', message: 'Namespace', default: 'kserve', validate: (v) => (v === 'Bad' ? 'is bad — fix it' : true) });
  await drawn('Namespace');
  input.write('Bad\r');
  await drawn('> is bad — fix it');
  input.write('\x7f\x7f\x7fgood\r');
  assert.is(await name, 'good');
  assert.match(shown, 'a note\n');

  const cancelled = ask.confirm({ id: 'x', message: 'Go on?' });
  await drawn('Go on?');
  input.write('\x03');
  try {
    await cancelled;
    assert.unreachable('Ctrl+C must reject');
  } catch (err) {
    assert.ok(isCancel(err), String(err));
    assert.is((err as Error).name, 'ExitPromptError');
  }
  input.end();
});

test.run();
