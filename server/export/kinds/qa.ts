// Q&A: the room's questions in the board's order with their votes, flagged when answered; the
// summary has a row per question (count = its votes).
import type { QaPoll } from '../../deck/types.js';
import { escapeHtml } from '../html.js';
import type { ExportEntry } from '../types.js';
import { entryRounds, entryText } from './entries.js';
import type { ExportKind } from './kind.js';

export const qa: ExportKind<QaPoll> = {
  summaryRows: (poll, round, _options, row) =>
    (poll.entries ?? []).filter((e) => e.round === round.round).map((e) => row(e.id, e.text, e.votes ?? 0, null, { status: e.status })),
  description: () => 'Q&amp;A',
  responded: 'asked',
  comparesAsChart: false,
  detail: (poll) => questionList(poll.entries ?? []),
  rounds: (poll, rounds) => entryRounds(poll, rounds, (_round, entries) => questionList(entries)),
};

function questionList(entries: ExportEntry[]): string {
  if (!entries.length) return '<p class="muted">No questions.</p>';
  const items = entries
    .map((e) => {
      const votes = e.votes ?? 0;
      const answered = e.answeredAt ? ' <span class="flag answered">answered</span>' : '';
      return `<li class="entry ${escapeHtml(e.status)}" data-status="${escapeHtml(e.status)}" data-votes="${votes}"><span class="votes">${votes === 1 ? '1 vote' : `${votes} votes`}</span> ${entryText(e)}${answered}</li>`;
    })
    .join('\n');
  return `<ol class="questions">\n${items}\n</ol>`;
}
