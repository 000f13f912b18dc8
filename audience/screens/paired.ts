// A paired poll on a phone (`ask`: "What should you do?" / "What would you actually do?"): both
// questions on one screen over the same options, one pick for each, then Submit sends both as one
// answer. Revealed: per option one bar per question, and how many answered the two differently.
// Loaded only when such a poll is on screen.
import './paired.css';
import type { Dispatch } from '../actions.js';
import { h } from '../dom.js';
import { lang, t } from '../i18n.js';
import { PAIRED_WORDS } from '../locales/paired-words.js';
import type { PairPollModel } from '../model.js';
import { answerWords, askName, changeNote, hintLine, optionGroup, questionHeading, statusLine } from './parts.js';

/** This screen's words in the page's language of the moment. */
const w = () => PAIRED_WORDS[lang];

function results(model: PairPollModel): HTMLElement | null {
  const { poll, answer } = model;
  const tally = poll.results;
  if (!tally) return null;
  const n = tally.respondents;
  return h(
    'section',
    { class: 'results', 'data-testid': 'results', 'aria-labelledby': 'results-title' },
    h('h2', { id: 'results-title' }, t.results),
    h('p', { class: 'respondents' }, t.answered(n)),
    n > 0 && tally.gap !== undefined && h('p', { class: 'respondents', 'data-testid': 'gap' }, w().gap(tally.gap, n)),
    h(
      'ul',
      { class: 'result-list pair-results' },
      ...poll.options.map((opt) =>
        h(
          'li',
          { class: 'result', 'data-testid': `result-${opt.id}` },
          h('span', { class: 'result-label' }, opt.label),
          ...poll.ask.map((ask, i) => {
            const count = tally.asked?.[ask.id]?.[opt.id] ?? 0;
            const pct = n > 0 ? Math.round((count / n) * 100) : 0;
            const fill = h('span', { class: 'fill' });
            fill.style.width = `${pct}%`;
            return h(
              'span',
              { class: `pair-row${answer?.[i] === opt.id ? ' own' : ''}`, 'data-testid': `count-${ask.id}-${opt.id}`, 'data-count': count },
              h('span', {}, answer?.[i] === opt.id && '✓ ', askName(ask.id)),
              h('span', { class: 'bar', 'aria-hidden': 'true' }, fill),
              h('span', {}, `${count} · ${pct}%`),
            );
          }),
        ),
      ),
    ),
  );
}

export function pairBody(model: PairPollModel, dispatch: Dispatch): (Node | null)[] {
  const { poll, picked, answer } = model;
  const open = poll.status === 'open';
  const revealed = !!poll.results;
  const groups = poll.ask.map((ask, i) => {
    const group = optionGroup(
      h('h2', { class: 'ask-q', id: `ask-${i}` }, ask.question),
      open,
      'radiogroup',
      ...poll.options.map((opt) => {
        const on = picked[i] === opt.id;
        const mine = answer?.[i] === opt.id;
        return h(
          'button',
          {
            type: 'button',
            id: `pair-${i}-${opt.id}`,
            class: `option${on ? ' selected' : ''}${mine ? ' recorded' : ''}`,
            role: 'radio',
            'aria-checked': String(on),
            'data-testid': `pair-${ask.id}-${opt.id}`,
            onclick: () => dispatch({ type: 'pairPicked', ask: i, optionId: opt.id }),
          },
          h('span', { class: 'dot', 'aria-hidden': 'true' }),
          h(
            'span',
            { class: 'option-text' },
            h('span', { class: 'option-label' }, opt.label),
            mine && h('span', { class: 'mark' }, `✓ ${t.yourAnswer}`),
          ),
        );
      }),
    );
    group.classList.add('pair');
    return group;
  });
  return [
    questionHeading(poll.question),
    hintLine(open ? (revealed ? t.stillOpen : w().bothHint) : t.votingClosed, open),
    results(model),
    ...(open || !revealed ? groups : []),
    open
      ? h(
          'button',
          {
            type: 'button',
            class: 'primary',
            id: 'submit-vote',
            'data-testid': 'submit-vote',
            disabled: picked.includes(null),
            onclick: () => dispatch({ type: 'pairSubmitted' }),
          },
          t.submit,
        )
      : null,
    statusLine(model),
    answer && h('p', { class: 'status-note', 'data-testid': 'pair-answer' }, `${t.yourAnswer}: `, h('strong', {}, answerWords(poll, answer))),
    changeNote(model),
  ];
}
