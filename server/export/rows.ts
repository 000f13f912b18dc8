// The rows of the two tables every spreadsheet export holds (CSV and XLSX share them).
import type { SessionExport } from './model.js';

export type Cell = string | number | Date | null;

export const SUMMARY_COLUMNS = [
  'poll_id',
  'slide',
  'question',
  'option_id',
  'label',
  'count',
  'percent',
  'respondents',
  'participants_at_close',
];

export const RESPONSE_COLUMNS = [
  'session_code',
  'deck_title',
  'slide',
  'poll_id',
  'question',
  'participant',
  'option_ids',
  'labels',
  'answered_at',
  'changes',
];

/** One row per poll option. */
export function summaryRows(data: SessionExport): Cell[][] {
  return data.polls.flatMap((p) =>
    p.options.map((o) => [p.id, p.slide, p.question, o.id, o.label, o.count, o.percent, p.respondents, p.participantsAtClose]),
  );
}

/** One row per participant per poll; a multi-choice answer keeps its options in one cell. */
export function responseRows(data: SessionExport): Cell[][] {
  const polls = new Map(data.polls.map((p) => [p.id, p]));
  return data.responses.map((r) => {
    const poll = polls.get(r.pollId)!;
    return [
      data.session.code,
      data.deck.title,
      poll.slide,
      r.pollId,
      poll.question,
      r.participant,
      r.optionIds.join(';'),
      r.labels.join('; '),
      new Date(r.answeredAt),
      r.changes,
    ];
  });
}
