// The first, aggregate results endpoints (results.csv / results.json), kept for compatibility:
// tallies of every poll, derived from the same export model as every other format.
import type { PollType } from '../deck/types.js';
import type { PollStatus } from '../protocol.js';
import { toCsv } from './csv.js';
import type { SessionExport } from './model.js';

export interface SessionResults {
  code: string;
  title: string;
  deck: string;
  createdAt: string;
  polls: {
    id: string;
    type: PollType;
    question: string;
    slide: string;
    status: PollStatus;
    revealed: boolean;
    round: number;
    respondents: number;
    options: { id: string; label: string; count: number }[];
  }[];
}

export function sessionResults(data: SessionExport): SessionResults {
  return {
    code: data.session.code,
    title: data.deck.title,
    deck: data.session.deck,
    createdAt: data.session.startedAt,
    polls: data.polls.map((p) => ({
      id: p.id,
      type: p.type,
      question: p.question,
      slide: p.slide,
      status: p.status,
      revealed: p.revealed,
      round: p.round,
      respondents: p.respondents,
      options: p.options.map(({ id, label, count }) => ({ id, label, count })),
    })),
  };
}

const RESULTS_COLUMNS = ['poll_id', 'question', 'option_id', 'label', 'count'];

/** One row per poll option. */
export function resultsCsv(results: SessionResults): string {
  const rows = results.polls.flatMap((p) => p.options.map((o) => [p.id, p.question, o.id, o.label, o.count]));
  return toCsv([RESULTS_COLUMNS, ...rows]);
}
