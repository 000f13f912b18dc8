// The choice polls on a phone (single, multi, yes/no, scale): tap an answer (multi: tick, then
// Submit); after the reveal, the results with this participant's answer marked.
import type { PollOption } from '../../server/deck/types.js';
import type { Dispatch } from '../actions.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import type { ChoicePollModel } from '../model.js';
import { changeNote, hintLine, optionGroup, questionHeading, statusLine } from './parts.js';

function percent(count: number, respondents: number): number {
  return respondents > 0 ? Math.round((count / respondents) * 100) : 0;
}

function results(model: ChoicePollModel): HTMLElement | null {
  const { poll, recorded } = model;
  const tally = poll.results;
  if (!tally) return null;
  const n = tally.respondents;
  // The leading option(s) carry a mark in words, not only the longest bar.
  const most = Math.max(0, ...Object.values(tally.counts));
  // Voted on again: the round before, pale under each bar, and how many changed their answer.
  const earlier = tally.earlier;
  const before = earlier?.rounds.at(-1);
  const rounds = earlier?.rounds.length ?? 0;
  return h(
    'section',
    { class: 'results', 'data-testid': 'results', 'aria-labelledby': 'results-title' },
    h('h2', { id: 'results-title' }, t.results),
    h(
      'p',
      { class: 'respondents' },
      t.answered(n) + (poll.type === 'scale' && tally.mean !== undefined ? t.average(tally.mean.toFixed(1), String(poll.scale.max)) : ''),
    ),
    !!earlier?.answeredBoth && h('p', { class: 'respondents', 'data-testid': 'changed' }, t.changed(earlier.changed, earlier.answeredBoth)),
    h(
      'ul',
      { class: 'result-list' },
      ...poll.options.map((opt) => {
        const count = tally.counts[opt.id] ?? 0;
        const pct = percent(count, n);
        const mine = recorded?.has(opt.id) ?? false;
        const top = count > 0 && count === most;
        const fill = h('span', { class: 'fill' });
        fill.style.width = `${pct}%`;
        const was = before ? percent(before.counts[opt.id] ?? 0, before.respondents) : null;
        const wasFill = h('span', { class: 'fill' });
        wasFill.style.width = `${was}%`;
        return h(
          'li',
          {
            class: `result${mine ? ' mine' : ''}${top ? ' leading' : ''}`,
            'data-testid': `result-${opt.id}`,
            'data-count': count,
            'data-percent': pct,
            'data-before': was,
          },
          h(
            'span',
            { class: 'result-head' },
            h('span', { class: 'result-label' }, opt.label),
            top && h('span', { class: 'mark lead' }, `★ ${t.leading}`),
            mine && h('span', { class: 'mark' }, `✓ ${t.yourAnswer}`),
          ),
          h('span', { class: 'bar', 'aria-hidden': 'true' }, fill),
          was !== null && h('span', { class: 'bar before', 'aria-hidden': 'true' }, wasFill),
          h(
            'span',
            { class: 'result-num' },
            h('span', { class: 'count', 'data-testid': `count-${opt.id}` }, String(count)),
            t.votes(count),
            h('strong', {}, `${pct}%`),
            was !== null && t.roundPercent(rounds, was),
          ),
        );
      }),
    ),
  );
}

/** The label and, under it, the own-answer mark: one column beside the radio dot or check box. */
function optionContent(opt: PollOption, recorded: boolean): HTMLElement {
  return h(
    'span',
    { class: 'option-text' },
    h('span', { class: 'option-label' }, opt.label),
    recorded && h('span', { class: 'mark' }, `✓ ${t.yourAnswer}`),
  );
}

function hintText(poll: ChoicePollModel['poll'], open: boolean, selectedCount: number): string {
  if (!open) return t.votingClosed;
  if (poll.results) return t.stillOpen;
  if (poll.type !== 'multi') return t.tapAnswer;
  if (poll.limit) return t.pickUpTo(poll.limit, selectedCount);
  return t.pickAll;
}

export function choiceBody(model: ChoicePollModel, dispatch: Dispatch): (Node | null)[] {
  const { poll, recorded, selected } = model;
  const open = poll.status === 'open';
  const revealed = poll.results !== undefined;
  const multi = poll.type === 'multi';
  const limitReached = poll.type === 'multi' && poll.limit !== undefined && selected.size >= poll.limit;

  const scale = poll.type === 'scale' ? poll.scale : undefined;
  const optionEls = poll.options.map((opt) => {
    const isSelected = selected.has(opt.id);
    const isRecorded = recorded?.has(opt.id) ?? false;
    const cls = `option${isSelected ? ' selected' : ''}${isRecorded ? ' recorded' : ''}`;
    // Real buttons with radio/checkbox semantics: a tap on a single-choice option votes at once,
    // a tap on a multi option toggles it (Submit sends).
    return h(
      'button',
      {
        type: 'button',
        id: `opt-${opt.id}`,
        class: cls,
        role: multi ? 'checkbox' : 'radio',
        'aria-checked': isSelected ? 'true' : 'false',
        // A rating button shows just its number; the full label (with the end's words) is read out.
        'aria-label': scale ? `${opt.label}${isRecorded ? `, ${t.yourAnswer}` : ''}` : null,
        'data-testid': `option-${opt.id}`,
        disabled: !open || (limitReached && !isSelected),
        onclick: () =>
          dispatch(multi ? { type: 'optionToggled', optionId: opt.id, checked: !isSelected } : { type: 'optionTapped', optionId: opt.id }),
      },
      ...(scale
        ? [h('span', { class: 'option-label' }, opt.id), isRecorded ? h('span', { class: 'mark', 'aria-hidden': 'true' }, '✓') : null]
        : [h('span', { class: multi ? 'box' : 'dot', 'aria-hidden': 'true' }), optionContent(opt, isRecorded)]),
    );
  });
  // A rating is one row of numbered buttons with the words for both ends beneath it.
  const choices: (Node | null)[] = scale
    ? [
        h('div', { class: 'scale-row' }, ...optionEls),
        h('div', { class: 'scale-ends', 'aria-hidden': 'true' }, h('span', {}, scale.low ?? ''), h('span', {}, scale.high ?? '')),
      ]
    : optionEls;

  const hint = hintLine(hintText(poll, open, selected.size), open);
  const submit =
    multi && open
      ? h(
          'button',
          {
            type: 'button',
            class: 'primary',
            id: 'submit-vote',
            'data-testid': 'submit-vote',
            onclick: () => dispatch({ type: 'choicesSubmitted' }),
          },
          t.submit,
        )
      : null;

  const question = questionHeading(poll.question);
  const role = multi ? null : 'radiogroup';
  const body: (Node | null)[] = [];
  if (revealed) {
    body.push(question, hint, results(model));
    if (open) {
      body.push(optionGroup(h('span', { class: 'legend-small', id: 'change-q' }, t.changeAnswer), open, role, ...choices, submit));
    }
  } else {
    body.push(optionGroup(question, open, role, hint, ...choices, submit));
  }
  body.push(statusLine(model), changeNote(model));
  return body;
}
