// The `rank` poll on a phone: tap the options in order (each tap gives the next place), submit the
// order; after the reveal, the options by average position.
import type { Dispatch } from '../actions.js';
import { h } from '../dom.js';
import { lang, t } from '../i18n.js';
import { RANK_WORDS } from '../locales/rank-words.js';
import './rank.css';
import type { RankModel, RankPollModel } from '../model.js';

type RankPoll = RankPollModel['poll'];
import { changeNote, hintLine, optionGroup, questionHeading, statusLine } from './parts.js';

/** This screen's words in the page's language of the moment. */
const w = () => RANK_WORDS[lang];

function rankHint(poll: RankPoll, open: boolean): string {
  if (!open) return t.votingClosed;
  if (poll.results) return w().stillOpenOrder;
  return t.rankHint;
}

function optionButtons(poll: RankPoll, rank: RankModel, open: boolean, dispatch: Dispatch): HTMLElement {
  return h(
    'div',
    { class: 'rank-list' },
    ...poll.options.map((opt) => {
      const place = rank.order.indexOf(opt.id) + 1;
      return h(
        'button',
        {
          type: 'button',
          id: `rank-${opt.id}`,
          class: place ? 'option rank-option ranked' : 'option rank-option',
          'data-testid': `rank-option-${opt.id}`,
          'data-rank': place || null,
          'aria-label': place ? w().ranked(opt.label, place) : w().notRanked(opt.label),
          disabled: !open,
          onclick: () => dispatch({ type: 'rankTapped', optionId: opt.id }),
        },
        h('span', { class: 'rank-badge', 'aria-hidden': 'true' }, place ? String(place) : ''),
        h('span', { class: 'option-label' }, opt.label),
      );
    }),
  );
}

function actions(poll: RankPoll, rank: RankModel, dispatch: Dispatch): HTMLElement {
  const complete = rank.order.length === poll.options.length;
  return h(
    'div',
    { class: 'actions' },
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        id: 'rank-reset',
        'data-testid': 'rank-reset',
        disabled: rank.order.length === 0,
        onclick: () => dispatch({ type: 'rankCleared' }),
      },
      w().startOver,
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'primary',
        id: 'rank-submit',
        'data-testid': 'rank-submit',
        disabled: !complete,
        onclick: () => dispatch({ type: 'rankSubmitted' }),
      },
      w().submitOrder,
    ),
  );
}

function results(poll: RankPoll, rank: RankModel): HTMLElement | null {
  const tally = poll.results;
  if (!tally) return null;
  const n = poll.options.length;
  const positions = tally.positions ?? {};
  const sorted = poll.options
    .map((opt, i) => ({ opt, i, avg: positions[opt.id] }))
    .sort((a, b) => (a.avg ?? Infinity) - (b.avg ?? Infinity) || a.i - b.i);
  return h(
    'section',
    { class: 'results', 'data-testid': 'rank-results', 'aria-labelledby': 'results-title' },
    h('h2', { id: 'results-title' }, t.results),
    h('p', { class: 'respondents' }, tally.respondents === 0 ? w().nobodyRanked : t.answered(tally.respondents)),
    h(
      'ol',
      { class: 'result-list rank-results' },
      ...sorted.map(({ opt, avg }) => {
        const mine = rank.recorded ? rank.recorded.indexOf(opt.id) + 1 : 0;
        const first = tally.counts[opt.id] ?? 0;
        const fill = h('span', { class: 'fill' });
        // Position 1 fills the bar, the last position leaves a sliver (1/N).
        fill.style.width = avg === undefined ? '0%' : `${Math.max(0, Math.min(1, (n + 1 - avg) / n)) * 100}%`;
        return h(
          'li',
          {
            class: mine === 1 ? 'result mine' : 'result',
            'data-testid': `rank-result-${opt.id}`,
            'data-position': avg ?? null,
          },
          h(
            'span',
            { class: 'result-head' },
            h('span', { class: 'result-label' }, opt.label),
            mine > 0 && h('span', { class: 'mark' }, w().yourRank(mine)),
          ),
          h('span', { class: 'bar', 'aria-hidden': 'true' }, fill),
          h(
            'span',
            { class: 'result-num' },
            ...(avg === undefined
              ? [w().noRankings]
              : [h('strong', {}, avg.toFixed(1)), w().averagePosition, first > 0 ? w().rankedFirst(first) : '']),
          ),
        );
      }),
    ),
  );
}

export function rankBody(model: RankPollModel, dispatch: Dispatch): (Node | null)[] {
  const { poll, rank } = model;
  const open = poll.status === 'open';
  const hint = hintLine(rankHint(poll, open), open);
  const controls = [optionButtons(poll, rank, open, dispatch), open ? actions(poll, rank, dispatch) : null];
  const body: (Node | null)[] = [];
  if (poll.results) {
    body.push(questionHeading(poll.question), hint, results(poll, rank));
    if (open) body.push(optionGroup(h('span', { class: 'legend-small', id: 'change-q' }, w().changeOrder), open, null, ...controls));
  } else {
    body.push(optionGroup(questionHeading(poll.question), open, null, hint, ...controls));
  }
  body.push(statusLine(model), changeNote(model));
  return body;
}
