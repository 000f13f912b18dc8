// Rankings: an option counts as chosen when put first, and each option has its average position
// (1 = first); the report orders the options by it, round by round when voted on again.
import type { RankPoll } from '../../deck/types.js';
import { BAR_HEIGHT, escapeHtml, fill, formatPercent, movements } from '../html.js';
import type { ExportPoll, ExportRound } from '../types.js';
import type { ExportKind } from './kind.js';

export const rank: ExportKind<RankPoll> = {
  option: (optionId, tally) => ({ averagePosition: tally.positions?.[optionId] ?? null }),
  summaryRows: (_poll, _round, options, row) =>
    options.map((o) => row(o.id, o.label, o.count, o.percent, { average_position: o.averagePosition ?? null })),
  description: (poll) => `ranking of ${poll.options.length}`,
  responded: 'answered',
  comparesAsChart: false,
  detail: ranking,
  rounds: (poll, rounds) => [rankRounds(poll, rounds), ...movements(poll, rounds)].join('\n'),
  byRole: {
    cell: (_poll, o, at) => `<td ${at} data-count="${o.count}">${o.averagePosition ?? '—'} average · first for ${o.count}</td>`,
  },
};

/**
 * Options by average position, best first. A bar's length is (N + 1 − average) / N: full for an
 * option everyone put first, 1/N for one everyone put last.
 */
function ranking(poll: ExportPoll): string {
  const n = poll.options.length;
  const sorted = poll.options
    .map((o, i) => ({ o, i }))
    .sort((a, b) => (a.o.averagePosition ?? Infinity) - (b.o.averagePosition ?? Infinity) || a.i - b.i)
    .map(({ o }) => o);
  const rows = sorted
    .map((o) => {
      const avg = o.averagePosition ?? null;
      const width = avg === null || !n ? 0 : Math.round(((n + 1 - avg) / n) * 1000) / 10;
      return (
        `<div class="row"><div class="label">${escapeHtml(o.label)}</div><div class="bars">` +
        `<div class="bar-line wide"><svg class="bar" width="100%" height="${BAR_HEIGHT}" aria-hidden="true">` +
        `<rect class="track" width="100%" height="${BAR_HEIGHT}"/>` +
        `<rect width="${width}%" height="${BAR_HEIGHT}" ${fill(0)} data-option="${escapeHtml(o.id)}" data-position="${avg ?? ''}"/></svg>` +
        `<span class="value">${avg === null ? 'not ranked' : `${avg} average position`}</span></div>` +
        `<p class="first">ranked first by ${o.count} (${formatPercent(o.percent)})</p></div></div>`
      );
    })
    .join('\n');
  return `<figure class="chart ranking" aria-label="${escapeHtml(poll.question)}">\n${rows}\n</figure>`;
}

/** A ranking voted on again: each option's average position and first places, round by round; then the last round's ranking (the poll's own counts). */
function rankRounds(poll: ExportPoll, rounds: ExportRound[]): string {
  const head = rounds.map((r) => `<th scope="col">Round ${r.round}</th>`).join('');
  const rows = poll.options
    .map((option) => {
      const cells = rounds
        .map((r) => {
          const o = r.options.find((x) => x.id === option.id);
          const avg = o?.averagePosition ?? null;
          return `<td data-round="${r.round}" data-position="${avg ?? ''}">${avg === null ? 'not ranked' : `${avg} average`} · first for ${o?.count ?? 0}</td>`;
        })
        .join('');
      return `<tr><th scope="row">${escapeHtml(option.label)}</th>${cells}</tr>`;
    })
    .join('\n');
  const last = rounds.at(-1)!;
  return `<table class="rounds-table"><thead><tr><th>Option</th>${head}</tr></thead>\n<tbody>${rows}</tbody></table>
<h3>Round ${last.round}</h3>
${ranking(poll)}`;
}
