// The rows of the two tables every spreadsheet export holds (CSV and XLSX share them).
import type { ExportPoll, ExportRound, SessionExport } from './model.js';

export type Cell = string | number | Date | null;

export const SUMMARY_COLUMNS = [
  'poll_id',
  'round',
  'slide',
  'question',
  'option_id',
  'label',
  'count',
  'percent',
  'respondents',
  'participants_at_close',
  'type',
  'mean',
  'average_position',
  'status',
  'answered_both',
  'changed',
];

export const RESPONSE_COLUMNS = [
  'session_code',
  'deck_title',
  'slide',
  'poll_id',
  'round',
  'question',
  'participant',
  'option_ids',
  'labels',
  'answered_at',
  'changes',
  'text',
  'status',
  'votes',
];

/**
 * Option polls: one row per option (rank: count = put first, plus its average position).
 * Text polls: one row per word of the cloud. Q&A polls: one row per question, count = its votes.
 * A poll voted on again has one such block per round, oldest first; the rounds after the first
 * say how many answered both that round and the one before, and how many of them changed.
 */
export function summaryRows(data: SessionExport): Cell[][] {
  return data.polls.flatMap((p) =>
    roundsOf(p).flatMap((r) => {
      const row = (
        optionId: string,
        label: string,
        count: number,
        percent: number | null,
        averagePosition: number | null,
        status: string,
      ): Cell[] => [
        p.id,
        r.round,
        p.slide,
        p.question,
        optionId,
        label,
        count,
        percent,
        r.respondents,
        p.participantsAtClose,
        p.type,
        r.mean ?? null,
        averagePosition,
        status,
        r.answeredBoth ?? null,
        r.changed ?? null,
      ];
      if (p.type === 'text') return (r.words ?? []).map(([word, count]) => row('', word, count, percentOf(count, r.respondents), null, ''));
      if (p.type === 'qa')
        return (p.entries ?? []).filter((e) => e.round === r.round).map((e) => row(e.id, e.text, e.votes ?? 0, null, null, e.status));
      return r.options.map((o) => row(o.id, o.label, o.count, o.percent, o.averagePosition ?? null, ''));
    }),
  );
}

/** A poll's shown rounds: its per-round results once voted on again, else its one round. */
function roundsOf(poll: ExportPoll): ExportRound[] {
  if (poll.roundResults) return poll.roundResults;
  const { respondents, options, mean, words } = poll;
  return [{ round: 1, respondents, options, ...(mean !== undefined ? { mean } : {}), ...(words ? { words } : {}) }];
}

/**
 * One row per participant per poll and round (a multi-choice answer keeps its options in one
 * cell, a ranking lists them first to last), and one row per text answer or Q&A question; round
 * by round (as shown: 1, 2, …), then participant by participant.
 */
export function responseRows(data: SessionExport): Cell[][] {
  return data.polls.flatMap((poll) => {
    const votes = data.responses
      .filter((r) => r.pollId === poll.id)
      .map((r) => [
        ...lead(data, poll, r.round, r.participant),
        r.optionIds.join(';'),
        r.labels.join('; '),
        new Date(r.answeredAt),
        r.changes,
        '',
        '',
        null,
      ]);
    const entries = [...(poll.entries ?? [])]
      .sort((a, b) => a.round - b.round || a.participant.localeCompare(b.participant) || a.sentAt.localeCompare(b.sentAt) || a.id.localeCompare(b.id))
      .map((e) => [...lead(data, poll, e.round, e.participant), '', '', new Date(e.sentAt), 0, e.text, e.status, e.votes ?? null]);
    return [...votes, ...entries];
  });
}

function lead(data: SessionExport, poll: ExportPoll, round: number, participant: string): Cell[] {
  return [data.session.code, data.deck.title, poll.slide, poll.id, round, poll.question, participant];
}

function percentOf(count: number, respondents: number): number {
  return respondents ? Math.round((count / respondents) * 1000) / 10 : 0;
}
