// Aggregate results of a session (tallies per poll option), as JSON and as CSV.
import type { PollType } from '../deck/types.js';
import type { PollStatus } from '../protocol.js';
import type { Session } from '../session/session.js';
import { toCsv } from './csv.js';

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
  return toCsv([RESULTS_COLUMNS, ...rows]);
}
