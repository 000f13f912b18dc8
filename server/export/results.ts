// Aggregate results of a session (tallies per poll option), as JSON and as CSV.
import { stringify } from 'csv-stringify/sync';
import type { PollType } from '../deck/types.js';
import type { PollStatus } from '../protocol.js';
import type { Session } from '../session/session.js';

export interface PollResults {
  id: string;
  type: PollType;
  question: string;
  slide: string;
  status: PollStatus;
  revealed: boolean;
  round: number;
  respondents: number;
  options: { id: string; label: string; count: number }[];
}

export interface SessionResults {
  code: string;
  title: string;
  deck: string;
  createdAt: string;
  participantsConnected: number;
  polls: PollResults[];
}

export function sessionResults(session: Session): SessionResults {
  const slideNumber = new Map(session.deck.slides.map((s) => [`${s.position.h}/${s.position.v}`, s.number]));
  return {
    code: session.code,
    title: session.deck.meta.title,
    deck: session.deck.id,
    createdAt: new Date(session.createdAt).toISOString(),
    participantsConnected: session.participants,
    polls: [...session.allPolls()].map((state) => {
      const { poll } = state;
      const tally = state.tally();
      return {
        id: poll.id,
        type: poll.type,
        question: poll.question,
        slide: slideNumber.get(`${poll.slide.h}/${poll.slide.v}`) ?? '',
        status: state.status,
        revealed: state.revealed,
        round: state.round,
        respondents: tally.respondents,
        options: poll.options.map((o) => ({ id: o.id, label: o.label, count: tally.counts[o.id] ?? 0 })),
      };
    }),
  };
}

const RESULTS_COLUMNS = ['poll_id', 'question', 'option_id', 'label', 'count'];

/** One row per poll option. UTF-8 with BOM so that Excel detects the encoding. */
export function resultsCsv(results: SessionResults): string {
  const rows = results.polls.flatMap((p) => p.options.map((o) => [p.id, p.question, o.id, o.label, o.count]));
  return stringify([RESULTS_COLUMNS, ...rows.map((r) => r.map(neutraliseFormula))], { bom: true, record_delimiter: 'windows' });
}

/**
 * Spreadsheets run a cell that starts with = + - @ (or tab / carriage return) as a formula;
 * a leading apostrophe makes it plain text (OWASP's advice against CSV injection).
 */
export function neutraliseFormula(value: string | number): string | number {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
