// Rating polls: the range, and the average rating of the poll, of each round and of each role.
import type { ScalePoll } from '../../deck/types.js';
import { escapeHtml } from '../html.js';
import type { ExportPoll } from '../types.js';
import { optionPoll } from './choice.js';
import type { ExportKind } from './kind.js';

export const scale: ExportKind<ScalePoll> = {
  ...optionPoll,
  fields: (poll, last) => ({ scale: poll.scale, mean: last.mean ?? null }),
  figures: (tally) => ({ mean: tally.mean ?? null }),
  description: (poll) => `rating 1 to ${maxOf(poll)}`,
  figuresLine(poll, versions, codes) {
    const means =
      codes.length === 1 && poll.roundResults
        ? poll.roundResults.map((r) => `round ${r.round} ${r.mean ?? '—'}`)
        : versions.map((v, i) => `${codes.length > 1 ? `${escapeHtml(codes[i]!)} ` : ''}${v?.mean ?? '—'}`);
    return `<p class="rate">Mean: ${means.join(' · ')} (of ${maxOf(poll)})</p>`;
  },
  byRole: { ...optionPoll.byRole, column: { head: '<th>Mean</th>', cell: (group) => `<td>${group.mean ?? '—'}</td>` } },
};

/** The highest rating (the options are the ratings 1…max). */
function maxOf(poll: ExportPoll): number {
  return poll.scale?.max ?? poll.options.length;
}
