// A paired poll (issue 19, part 3: `ask: [should, would]`), its two questions over the same
// options: for each option two bars, one per question — the first solid, the second darker —
// each with its name ("Should", "Would") and its count written beside it; a legend with both
// questions' wording; and the gap, how many answered the two differently ("3 would do something
// other than what they think they should"). Voted on again, the current round's pair and how many
// changed since the round before. A pure view of a Tally with `asked`: rebuilt on every tally.
// Used by the projector's chart (once the results are shown) and the console (always).
import type { Poll, PollAsk } from '../server/deck/types.js';
import type { Tally } from '../server/protocol.js';
import { h } from './dom.js';
import { changedLine, hasRounds, roundsOf } from './round-bars.js';

/** The two questions of a paired poll, or null for a poll with one question. */
export function asksOf(poll: Poll): [PollAsk, PollAsk] | null {
  if (poll.type !== 'single' || !poll.ask || poll.ask.length !== 2) return null;
  return [poll.ask[0]!, poll.ask[1]!];
}

/** A question's short name, as each bar is labelled: `should` → "Should". */
export function askName(ask: PollAsk): string {
  return ask.id.charAt(0).toUpperCase() + ask.id.slice(1);
}

/** Whether the pair is the default one, should / would: its gap is then said in those words. */
export function shouldWould(asks: [PollAsk, PollAsk]): boolean {
  return asks[0].id === 'should' && asks[1].id === 'would';
}

/**
 * The gap line: "11 would do something other than what they think they should" for the default
 * pair (should / would), "11 answered the two questions differently" for any other.
 */
export function gapLine(asks: [PollAsk, PollAsk], gap: number): string {
  const who = gap === 0 ? 'Nobody' : String(gap);
  if (shouldWould(asks)) return `${who} would do something other than what they think they should`;
  return `${who} answered the two questions differently`;
}

function share(count: number, respondents: number): number {
  return respondents ? Math.round((count / respondents) * 100) : 0;
}

/** The legend: a swatch, the name and the wording of each question. */
function legend(poll: Poll, asks: [PollAsk, PollAsk], round: number | null): HTMLElement {
  return h(
    'p',
    { class: 'pair-legend', 'data-testid': `pair-legend-${poll.id}` },
    round === null ? null : h('span', { class: 'pair-round' }, `Round ${round}`),
    ...asks.map((ask, i) =>
      h(
        'span',
        { class: 'pair-key', 'data-ask': ask.id },
        h('span', { class: `pair-swatch pair-${i === 0 ? 'first' : 'second'}`, 'aria-hidden': 'true' }),
        h('span', { class: 'pair-name' }, askName(ask)),
        h('span', { class: 'pair-question' }, ask.question),
      ),
    ),
  );
}

/** One question's bar of one option. */
function bar(poll: Poll, optionId: string, ask: PollAsk, first: boolean, count: number, respondents: number): HTMLElement {
  const pct = share(count, respondents);
  const fill = h('span', { class: 'pair-fill' });
  fill.style.width = `${pct}%`;
  return h(
    'span',
    { class: `pair-bar pair-${first ? 'first' : 'second'}`, 'data-testid': `pair-bar-${poll.id}-${optionId}-${ask.id}`, 'data-count': count },
    h('span', { class: 'pair-name' }, askName(ask)),
    h('span', { class: 'pair-track' }, fill),
    h('span', { class: 'pair-value' }, `${count} · ${pct}%`),
  );
}

/** The two questions' bars of `tally` per option, with the gap; null for a poll with one question, or a blind tally. */
export function pairBars(poll: Poll, tally: Tally): HTMLElement | null {
  const asks = asksOf(poll);
  if (!asks || tally.blind || !tally.asked) return null;
  const asked = tally.asked;
  const rounds = hasRounds(tally) ? roundsOf(tally).length : null;
  const rows = poll.options.map((option) =>
    h(
      'li',
      { class: 'pair-option', 'data-testid': `pair-${poll.id}-${option.id}` },
      h('span', { class: 'pair-label' }, option.label),
      h(
        'span',
        { class: 'pair-bars' },
        ...asks.map((ask, i) => bar(poll, option.id, ask, i === 0, asked[ask.id]?.[option.id] ?? 0, tally.respondents)),
      ),
    ),
  );
  const list = h('ol', { class: 'pair-list' }, ...rows);
  // Every bar's name as wide as the longest one, so that the bars line up.
  list.style.setProperty('--pair-name', `${Math.max(...asks.map((a) => a.id.length)) + 1}ch`);
  return h(
    'div',
    { class: 'pair', 'data-testid': `pair-view-${poll.id}` },
    legend(poll, asks, rounds),
    list,
    h('p', { class: 'pair-gap', 'data-testid': `pair-gap-${poll.id}`, 'data-gap': tally.gap ?? 0 }, gapLine(asks, tally.gap ?? 0)),
    rounds === null ? null : h('p', { class: 'rounds-changed', 'data-testid': `rounds-changed-${poll.id}` }, changedLine(tally)),
  );
}
