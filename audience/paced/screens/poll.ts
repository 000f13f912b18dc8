// The poll on a self-paced slide, by how it is answered: text to type (text, Q&A), one option per
// question (paired), options to tick (multi), to put in order (rank), or one tap (single, yesno, scale).
import type { AudiencePollFields } from '../../../server/protocol.js';
import { type Child, h } from '../../dom.js';
import { lang } from '../../i18n.js';
import { PACED_WORDS } from '../../locales/paced-words.js';
import type { PacedDispatch } from '../messages.js';
import { type PacedModel, pairPicks, rankOrder, ticked } from '../model.js';

/** `open`: the session takes answers now (otherwise every control is off). */
export function pollForm(m: PacedModel, poll: AudiencePollFields, open: boolean, dispatch: PacedDispatch): HTMLElement {
  const words = PACED_WORDS[lang];
  const mine = m.answers.get(poll.id);
  const chosen = new Set(mine?.optionIds ?? []);
  /** The poll's fieldset: its question, then `children`. */
  const form = (...children: Child[]) =>
    h('fieldset', { class: 'options paced-poll' }, h('legend', { class: 'question' }, poll.question), ...children);
  const option = (id: string, label: string, selected: boolean, onclick: () => void, extra = '') =>
    h(
      'button',
      {
        type: 'button',
        class: `option${selected ? ' selected' : ''}`,
        'aria-pressed': selected ? 'true' : 'false',
        'data-testid': `option-${extra}${id}`,
        disabled: !open,
        onclick,
      },
      h('span', { class: 'option-text' }, label),
    );
  const submitButton = (label: string, msg: 'choicesSubmitted' | 'textSubmitted', enabled = true) =>
    h(
      'button',
      { type: 'button', class: 'primary', 'data-testid': 'paced-submit', disabled: !open || !enabled, onclick: () => dispatch({ type: msg }) },
      label,
    );
  if (poll.type === 'text' || poll.type === 'qa') {
    const box = h('textarea', {
      class: 'text-input',
      'data-testid': 'text-input',
      maxlength: poll.text.length,
      rows: 3,
      disabled: !open,
      'aria-label': poll.question,
      oninput: (e) => dispatch({ type: 'textTyped', value: (e.target as HTMLTextAreaElement).value }),
    });
    box.value = m.draft.typed;
    const sent = mine?.entries ?? [];
    return form(
      box,
      submitButton(words.send, 'textSubmitted'),
      sent.length > 0 && h('h3', {}, words.yourAnswers),
      sent.length > 0 && h('ul', { class: 'paced-mine', 'data-testid': 'paced-mine' }, ...sent.map((e) => h('li', {}, e.text))),
    );
  }
  if (poll.type === 'single' && poll.ask) {
    const ids = pairPicks(m, poll);
    return form(
      ...poll.ask.flatMap((q, i) => [
        h('p', { class: 'ask-q' }, q.question),
        ...poll.options.map((o) =>
          option(o.id, o.label, ids[i] === o.id, () => dispatch({ type: 'pairPicked', ask: i, optionId: o.id }), `${q.id}-`),
        ),
      ]),
      submitButton(words.submit, 'choicesSubmitted', ids.every(Boolean)),
    );
  }
  if (poll.type === 'multi') {
    const set = ticked(m, poll);
    return form(
      ...poll.options.map((o) => option(o.id, o.label, set.has(o.id), () => dispatch({ type: 'optionToggled', optionId: o.id }))),
      submitButton(words.submit, 'choicesSubmitted', set.size > 0),
    );
  }
  if (poll.type === 'rank') {
    const order = rankOrder(m, poll);
    return form(
      ...poll.options.map((o) => {
        const place = order.indexOf(o.id);
        return option(o.id, place >= 0 ? `${place + 1}. ${o.label}` : o.label, place >= 0, () => dispatch({ type: 'rankTapped', optionId: o.id }));
      }),
      h('button', { type: 'button', class: 'link', disabled: !open, onclick: () => dispatch({ type: 'rankCleared' }) }, words.clear),
      submitButton(words.submit, 'choicesSubmitted', order.length === poll.options.length),
    );
  }
  // single, yesno, scale: one tap is the answer.
  return form(
    poll.type === 'scale' &&
      (poll.scale.low || poll.scale.high) &&
      h('p', { class: 'hint' }, `1 = ${poll.scale.low ?? ''} · ${poll.scale.max} = ${poll.scale.high ?? ''}`),
    ...poll.options.map((o) => option(o.id, o.label, chosen.has(o.id), () => dispatch({ type: 'optionTapped', optionId: o.id }))),
  );
}
