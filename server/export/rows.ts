// The rows of the two tables every spreadsheet export holds (CSV and XLSX share them).
import type { ExportPoll, SessionExport } from './model.js';

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
  'type',
  'mean',
  'average_position',
  'status',
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
  'text',
  'status',
  'votes',
];

/**
 * Option polls: one row per option (rank: count = put first, plus its average position).
 * Text polls: one row per word of the cloud. Q&A polls: one row per question, count = its votes.
 */
export function summaryRows(data: SessionExport): Cell[][] {
  return data.polls.flatMap((p) => {
    const row = (optionId: string, label: string, count: number, percent: number | null, averagePosition: number | null, status: string): Cell[] => [
      p.id,
      p.slide,
      p.question,
      optionId,
      label,
      count,
      percent,
      p.respondents,
      p.participantsAtClose,
      p.type,
      p.mean ?? null,
      averagePosition,
      status,
    ];
    if (p.type === 'text') return (p.words ?? []).map(([word, count]) => row('', word, count, percentOf(count, p), null, ''));
    if (p.type === 'qa') return (p.entries ?? []).map((e) => row(e.id, e.text, e.votes ?? 0, null, null, e.status));
    return p.options.map((o) => row(o.id, o.label, o.count, o.percent, o.averagePosition ?? null, ''));
  });
}

/**
 * One row per participant per poll (a multi-choice answer keeps its options in one cell, a
 * ranking lists them first to last), and one row per text answer or Q&A question.
 */
export function responseRows(data: SessionExport): Cell[][] {
  return data.polls.flatMap((poll) => {
    const votes = data.responses
      .filter((r) => r.pollId === poll.id)
      .map((r) => [...lead(data, poll, r.participant), r.optionIds.join(';'), r.labels.join('; '), new Date(r.answeredAt), r.changes, '', '', null]);
    const entries = [...(poll.entries ?? [])]
      .sort((a, b) => a.participant.localeCompare(b.participant) || a.sentAt.localeCompare(b.sentAt) || a.id.localeCompare(b.id))
      .map((e) => [...lead(data, poll, e.participant), '', '', new Date(e.sentAt), 0, e.text, e.status, e.votes ?? null]);
    return [...votes, ...entries];
  });
}

function lead(data: SessionExport, poll: ExportPoll, participant: string): Cell[] {
  return [data.session.code, data.deck.title, poll.slide, poll.id, poll.question, participant];
}

function percentOf(count: number, poll: ExportPoll): number {
  return poll.respondents ? Math.round((count / poll.respondents) * 1000) / 10 : 0;
}
