// A poll voted on again (issue 19, part 2), its rounds side by side: for each option one bar per
// round — the earlier rounds pale, the current one solid — each with its count written beside it;
// how many changed their answer between the last two rounds, with a legend ("Round 1 / Round 2");
// for a `scale` poll each round's mean and the shift, for a `rank` poll each option's average
// position per round and the shift. A pure view of a Tally with `earlier`: rebuilt on every tally.
// Used by the projector's chart (once the results are shown) and the console (always).
import type { Poll } from '../server/deck/types.js';
import type { RoundTally, Tally } from '../server/protocol.js';
import { h } from './dom.js';

/** Every shown round of a tally, oldest first: the earlier ones, then the current one. */
export function roundsOf(tally: Tally): RoundTally[] {
  return [...(tally.earlier?.rounds ?? []), tally];
}

/** Whether a tally shows more than one round (a blind one never does). */
export function hasRounds(tally: Tally): boolean {
  return !tally.blind && (tally.earlier?.rounds.length ?? 0) > 0;
}

/** "2 of 5 changed their answer" (between the last two rounds). */
export function changedLine(tally: Tally): string {
  const earlier = tally.earlier;
  if (!earlier) return '';
  const since = earlier.rounds.length > 1 ? ` since round ${earlier.rounds.length}` : '';
  if (earlier.answeredBoth === 0) return `Nobody has answered both rounds yet`;
  return `${earlier.changed} of ${earlier.answeredBoth} changed their answer${since}`;
}

/** "+0.6", "−0.3", "±0": a shift between two rounds, one decimal, with a real minus sign. */
export function shift(from: number, to: number): string {
  // Half away from zero, as the means themselves are shown: −1.25 is −1.3, as +1.25 is +1.3.
  const d = (Math.sign(to - from) * Math.round(Math.abs(to - from) * 10)) / 10;
  if (d === 0) return '±0';
  return d > 0 ? `+${d.toFixed(1)}` : `−${Math.abs(d).toFixed(1)}`;
}

function share(count: number, respondents: number): number {
  return respondents ? Math.round((count / respondents) * 100) : 0;
}

/** The legend: a swatch per round, pale for the earlier ones, solid for the current one. */
function legend(poll: Poll, rounds: number): HTMLElement {
  return h(
    'p',
    { class: 'rounds-legend', 'data-testid': `rounds-legend-${poll.id}` },
    ...Array.from({ length: rounds }, (_, i) =>
      h(
        'span',
        { class: 'rounds-key', 'data-round': i + 1 },
        h('span', { class: `rounds-swatch ${i + 1 < rounds ? 'round-earlier' : 'round-current'}`, 'aria-hidden': 'true' }),
        `Round ${i + 1}`,
      ),
    ),
  );
}

/** One round's bar of one option: its fill (as a share of the bar's full length) and its value. */
function bar(poll: Poll, optionId: string, round: number, last: boolean, width: number, value: string, count: number): HTMLElement {
  const fill = h('span', { class: 'round-fill' });
  fill.style.width = `${width}%`;
  return h(
    'span',
    {
      class: `round-bar ${last ? 'round-current' : 'round-earlier'}`,
      'data-testid': `round-bar-${poll.id}-${optionId}-${round}`,
      'data-round': round,
      'data-count': count,
    },
    h('span', { class: 'round-name' }, `R${round}`),
    h('span', { class: 'round-track' }, fill),
    h('span', { class: 'round-value' }, value),
  );
}

/** Counts per option and round (choices and ratings). */
function countRows(poll: Poll, rounds: RoundTally[]): HTMLElement[] {
  return poll.options.map((option) =>
    h(
      'li',
      { class: 'rounds-option', 'data-testid': `rounds-${poll.id}-${option.id}` },
      h('span', { class: 'rounds-label' }, option.label),
      h(
        'span',
        { class: 'rounds-pair' },
        ...rounds.map((round, i) => {
          const count = round.counts[option.id] ?? 0;
          const pct = share(count, round.respondents);
          return bar(poll, option.id, i + 1, i === rounds.length - 1, pct, `${count} · ${pct}%`, count);
        }),
      ),
    ),
  );
}

/** Average position per option and round (a ranking), best first by the current round, with the shift. */
function positionRows(poll: Poll, rounds: RoundTally[]): HTMLElement[] {
  const n = poll.options.length;
  const current = rounds.at(-1)?.positions ?? {};
  const before = rounds.at(-2)?.positions ?? {};
  const order = [...poll.options].sort((a, b) => (current[a.id] ?? n) - (current[b.id] ?? n));
  return order.map((option) => {
    const now = current[option.id];
    const then = before[option.id];
    // A lower average position is a better one: moving up is a negative shift, said as "up".
    const moved =
      now === undefined || then === undefined ? '' : now === then ? 'same place' : `${now < then ? 'up' : 'down'} ${Math.abs(now - then).toFixed(1)}`;
    return h(
      'li',
      { class: 'rounds-option', 'data-testid': `rounds-${poll.id}-${option.id}` },
      h(
        'span',
        { class: 'rounds-label' },
        option.label,
        moved ? h('span', { class: 'rounds-shift', 'data-testid': `rounds-shift-${poll.id}-${option.id}` }, ` (${moved})`) : null,
      ),
      h(
        'span',
        { class: 'rounds-pair' },
        ...rounds.map((round, i) => {
          const average = round.positions?.[option.id];
          const width = average === undefined ? 0 : Math.round(((n + 1 - average) / n) * 100);
          const value = average === undefined ? '—' : `avg ${average.toFixed(1)}`;
          return bar(poll, option.id, i + 1, i === rounds.length - 1, width, value, round.counts[option.id] ?? 0);
        }),
      ),
    );
  });
}

/** A `scale` poll: each round's mean and the shift between the last two. */
function meanLine(poll: Poll, rounds: RoundTally[]): HTMLElement | null {
  if (poll.type !== 'scale') return null;
  const means = rounds.map((r, i) => (r.mean === undefined ? `Round ${i + 1} —` : `Round ${i + 1} ${r.mean.toFixed(1)}`));
  const [then, now] = [rounds.at(-2)?.mean, rounds.at(-1)?.mean];
  const moved = then === undefined || now === undefined ? '' : ` · shift ${shift(then, now)}`;
  return h('p', { class: 'rounds-mean', 'data-testid': `rounds-mean-${poll.id}` }, `Mean: ${means.join(' → ')}${moved}`);
}

/** Typed answers (`text`, `qa`): how many each round had. */
function entryLine(poll: Poll, rounds: RoundTally[]): HTMLElement {
  const what = poll.type === 'qa' ? ['question', 'questions'] : ['answer', 'answers'];
  const parts = rounds.map((r, i) => `Round ${i + 1}: ${r.entries ?? 0} ${(r.entries ?? 0) === 1 ? what[0] : what[1]}`);
  return h('p', { class: 'rounds-entries', 'data-testid': `rounds-entries-${poll.id}` }, parts.join(' · '));
}

/** The rounds of `tally` side by side, for `poll`; null when it has only one round to show. */
export function roundBars(poll: Poll, tally: Tally): HTMLElement | null {
  if (!hasRounds(tally)) return null;
  const rounds = roundsOf(tally);
  if (poll.type === 'text' || poll.type === 'qa') {
    return h('div', { class: 'rounds rounds-typed', 'data-testid': `rounds-view-${poll.id}` }, entryLine(poll, rounds));
  }
  const rows = poll.type === 'rank' ? positionRows(poll, rounds) : countRows(poll, rounds);
  // Past eight bars, each option's rounds go on one line: a 1–10 rating voted twice still fits the slide.
  const dense = poll.options.length * rounds.length > 8;
  return h(
    'div',
    { class: `rounds${dense ? ' rounds-dense' : ''}`, 'data-testid': `rounds-view-${poll.id}`, 'data-rounds': rounds.length },
    h('ol', { class: 'rounds-bars' }, ...rows),
    meanLine(poll, rounds),
    // Who changed, and the legend beside it: one line under the bars, for a slide with a long case.
    h(
      'div',
      { class: 'rounds-foot' },
      h('p', { class: 'rounds-changed', 'data-testid': `rounds-changed-${poll.id}` }, changedLine(tally)),
      legend(poll, rounds.length),
    ),
  );
}
