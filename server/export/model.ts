// Everything an export holds, built once from the store: the JSON export is this object as is,
// and every other format (CSV, XLSX, HTML report) is a view of it. Pure: no I/O.
import type { DeckMeta, PollOption, PollType, ScaleSpec } from '../deck/types.js';
import { scaleMean } from '../session/poll.js';
import type { PollStatus } from '../protocol.js';
import type { StoredSession } from '../store/store.js';

export const EXPORT_VERSION = 1;

export interface ExportOption extends PollOption {
  count: number;
  /** Share of respondents who chose it, 0–100, rounded to one decimal. */
  percent: number;
}

export interface ExportPoll {
  id: string;
  type: PollType;
  question: string;
  /** The slide number as the presenter shows it, e.g. "5.1". */
  slide: string;
  /** The slide's heading, e.g. "Dr. X's response A" ('' if it has none). */
  slideTitle: string;
  status: PollStatus;
  revealed: boolean;
  /** Rounds started by resets; only the last round's answers are exported. */
  round: number;
  limit?: number;
  /** `scale` polls: the range and end labels, and the average rating (null with no answers). */
  scale?: ScaleSpec;
  mean?: number | null;
  openedAt: string | null;
  closedAt: string | null;
  /** Participants connected when the poll was last closed (null if it never closed). */
  participantsAtClose: number | null;
  respondents: number;
  options: ExportOption[];
}

export interface ExportResponse {
  pollId: string;
  /** Stable per session (P01, P02… in order of first answer), never the stored id. */
  participant: string;
  optionIds: string[];
  labels: string[];
  answeredAt: string;
  changes: number;
}

export interface SessionExport {
  version: typeof EXPORT_VERSION;
  session: {
    code: string;
    deck: string;
    startedAt: string;
    endedAt: string | null;
    /** Distinct participants who answered at least one poll. */
    participants: number;
  };
  deck: DeckMeta;
  polls: ExportPoll[];
  responses: ExportResponse[];
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function buildExport(stored: StoredSession): SessionExport {
  const { session, polls: pollRecords, votes } = stored;
  const deck = session.deck;
  const slides = new Map(deck.slides.map((s) => [`${s.position.h}/${s.position.v}`, s]));
  const records = new Map(pollRecords.map((p) => [p.pollId, p]));
  const pollsById = new Map(deck.polls.map((p) => [p.id, p]));

  // Pseudonyms follow the order of each participant's first answer, so they are stable and
  // reveal nothing about the stored id.
  const ordered = [...votes].sort((a, b) => a.answeredAt - b.answeredAt || a.participantId.localeCompare(b.participantId));
  const pseudonyms = new Map<string, string>();
  for (const v of ordered) {
    if (!pseudonyms.has(v.participantId)) pseudonyms.set(v.participantId, '');
  }
  const width = Math.max(2, String(pseudonyms.size).length);
  [...pseudonyms.keys()].forEach((id, i) => pseudonyms.set(id, `P${String(i + 1).padStart(width, '0')}`));

  const polls: ExportPoll[] = deck.polls.map((poll) => {
    const record = records.get(poll.id);
    const slide = slides.get(`${poll.slide.h}/${poll.slide.v}`);
    const answers = votes.filter((v) => v.pollId === poll.id);
    const respondents = answers.length;
    const counts = new Map(poll.options.map((o) => [o.id, 0]));
    for (const a of answers) for (const id of a.optionIds) if (counts.has(id)) counts.set(id, counts.get(id)! + 1);
    return {
      id: poll.id,
      type: poll.type,
      question: poll.question,
      slide: slide?.number ?? '',
      slideTitle: slide?.title ?? '',
      status: record?.status ?? 'closed',
      revealed: record?.revealed ?? false,
      round: record?.round ?? 1,
      ...(poll.limit === undefined ? {} : { limit: poll.limit }),
      ...(poll.scale === undefined ? {} : { scale: poll.scale, mean: scaleMean(Object.fromEntries(counts)) ?? null }),
      openedAt: iso(record?.openedAt ?? null),
      closedAt: iso(record?.closedAt ?? null),
      participantsAtClose: record?.participantsAtClose ?? null,
      respondents,
      options: poll.options.map((o) => {
        const count = counts.get(o.id) ?? 0;
        return { ...o, count, percent: respondents ? Math.round((count / respondents) * 1000) / 10 : 0 };
      }),
    };
  });

  const pollOrder = new Map(deck.polls.map((p, i) => [p.id, i]));
  const responses: ExportResponse[] = [...votes]
    .filter((v) => pollsById.has(v.pollId))
    .sort(
      (a, b) =>
        pollOrder.get(a.pollId)! - pollOrder.get(b.pollId)! ||
        pseudonyms.get(a.participantId)!.localeCompare(pseudonyms.get(b.participantId)!),
    )
    .map((v) => {
      const labels = new Map(pollsById.get(v.pollId)!.options.map((o) => [o.id, o.label]));
      return {
        pollId: v.pollId,
        participant: pseudonyms.get(v.participantId)!,
        optionIds: v.optionIds,
        labels: v.optionIds.map((id) => labels.get(id) ?? id),
        answeredAt: new Date(v.answeredAt).toISOString(),
        changes: v.changes,
      };
    });

  return {
    version: EXPORT_VERSION,
    session: {
      code: session.code,
      deck: session.deckId,
      startedAt: new Date(session.createdAt).toISOString(),
      endedAt: iso(session.endedAt),
      participants: pseudonyms.size,
    },
    deck: deck.meta,
    polls,
    responses,
  };
}
