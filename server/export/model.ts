// Everything an export holds, built once from the store: the JSON export is this object as is,
// and every other format (CSV, XLSX, HTML report) is a view of it. Pure: no I/O.
import { type DeckMeta, isTextPoll, type PollOption, type PollType, type ScaleSpec, type TextSpec } from '../deck/types.js';
import { boardOrder, type EntryStatus, type PollStatus, type WordCount } from '../protocol.js';
import { Choices } from '../session/choices.js';
import { EntryBoard, type EntryData } from '../session/entries.js';
import { byRound } from '../session/records.js';
import type { StoredSession } from '../store/store.js';

export const EXPORT_VERSION = 1;

export interface ExportOption extends PollOption {
  /** Participants who chose it; for `rank` polls, who put it first. */
  count: number;
  /** Share of respondents who chose it (rank: put it first), 0–100, rounded to one decimal. */
  percent: number;
  /** `rank` polls only: average position (1 = first), two decimals; null with no answers. */
  averagePosition?: number | null;
}

/** One open-text answer (`text`) or audience question (`qa`), as the participant sent it. */
export interface ExportEntry {
  id: string;
  /** The sender's pseudonym (P01…), shared with their votes. */
  participant: string;
  text: string;
  sentAt: string;
  /** `shown`; `hidden` by the presenter; `held` by the word filter and never approved. */
  status: EntryStatus;
  /** `qa` only: upvotes (one per participant). */
  votes?: number;
  /** `qa` only: when the presenter marked it answered (null if not). */
  answeredAt?: string | null;
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
  /** `text` and `qa` polls: answer length and count limits. */
  text?: TextSpec;
  /**
   * `text` and `qa` polls: every entry of the current round, hidden and held ones included.
   * text: oldest first; qa: unanswered before answered, then most votes first, then oldest.
   */
  entries?: ExportEntry[];
  /** `text` polls: the word cloud of the shown answers, [word, answers using it], most used first. */
  words?: WordCount[];
  openedAt: string | null;
  closedAt: string | null;
  /** Participants connected when the poll was last closed (null if it never closed). */
  participantsAtClose: number | null;
  /** Participants who answered (text / qa: who sent at least one entry). */
  respondents: number;
  /** In deck order; empty for `text` and `qa`. */
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
    /** Distinct participants who answered at least one poll or sent at least one entry. */
    participants: number;
  };
  deck: DeckMeta;
  polls: ExportPoll[];
  responses: ExportResponse[];
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function buildExport(stored: StoredSession): SessionExport {
  const { session, polls: pollRecords, votes, entries } = stored;
  const deck = session.deck;
  const slides = new Map(deck.slides.map((s) => [`${s.position.h}/${s.position.v}`, s]));
  const records = new Map(pollRecords.map((p) => [p.pollId, p]));
  const pollsById = new Map(deck.polls.map((p) => [p.id, p]));
  const round = byRound(stored);

  // Pseudonyms follow the order of each participant's first answer or entry, so they are stable
  // and reveal nothing about the stored id.
  const firsts = [
    ...votes.map((v) => ({ at: v.answeredAt, participantId: v.participantId })),
    ...entries.map((e) => ({ at: e.createdAt, participantId: e.participantId })),
  ].sort((a, b) => a.at - b.at || a.participantId.localeCompare(b.participantId));
  const pseudonyms = new Map<string, string>();
  for (const f of firsts) {
    if (!pseudonyms.has(f.participantId)) pseudonyms.set(f.participantId, '');
  }
  const width = Math.max(2, String(pseudonyms.size).length);
  for (const [i, id] of [...pseudonyms.keys()].entries()) pseudonyms.set(id, `P${String(i + 1).padStart(width, '0')}`);

  const polls: ExportPoll[] = deck.polls.map((poll) => {
    const record = records.get(poll.id);
    const slide = slides.get(`${poll.slide.h}/${poll.slide.v}`);
    const base = {
      id: poll.id,
      type: poll.type,
      question: poll.question,
      slide: slide?.number ?? '',
      slideTitle: slide?.title ?? '',
      status: record?.status ?? 'closed',
      revealed: record?.revealed ?? false,
      round: record?.round ?? 1,
    };
    const times = {
      openedAt: iso(record?.openedAt ?? null),
      closedAt: iso(record?.closedAt ?? null),
      participantsAtClose: record?.participantsAtClose ?? null,
    };
    // Counted as the live poll counts them (the domain's rules of its kind).
    const { answers, entries: own, upvotes } = round(poll.id, record?.round ?? 1);
    if (isTextPoll(poll)) {
      const board = EntryBoard.restore(poll, own, upvotes);
      return {
        ...base,
        text: poll.text,
        entries: exportEntries(board, own, pseudonyms),
        // The word cloud a revealed poll shows (an open-text poll's; none for Q&A).
        ...board.revealed(),
        ...times,
        respondents: board.tally(poll.id).respondents,
        options: [],
      };
    }
    const { counts, respondents, mean, positions } = Choices.restore(poll, answers).tally(poll.id);
    return {
      ...base,
      ...(poll.type === 'multi' && poll.limit !== undefined ? { limit: poll.limit } : {}),
      ...(poll.type === 'scale' ? { scale: poll.scale, mean: mean ?? null } : {}),
      ...times,
      respondents,
      options: poll.options.map((o) => {
        const count = counts[o.id] ?? 0;
        const option: ExportOption = { ...o, count, percent: respondents ? Math.round((count / respondents) * 1000) / 10 : 0 };
        if (poll.type === 'rank') option.averagePosition = positions?.[o.id] ?? null;
        return option;
      }),
    };
  });

  const pollOrder = new Map(deck.polls.map((p, i) => [p.id, i]));
  const responses: ExportResponse[] = [...votes]
    .filter((v) => pollsById.has(v.pollId))
    .sort(
      (a, b) =>
        pollOrder.get(a.pollId)! - pollOrder.get(b.pollId)! || pseudonyms.get(a.participantId)!.localeCompare(pseudonyms.get(b.participantId)!),
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

/** Text answers oldest first; Q&A questions in the board's order (unanswered, most upvoted, oldest), with their votes. */
function exportEntries(board: EntryBoard, own: EntryData[], pseudonyms: Map<string, string>): ExportEntry[] {
  const exported = (e: EntryData): ExportEntry => ({
    id: e.id,
    participant: pseudonyms.get(e.participantId)!,
    text: e.text,
    sentAt: new Date(e.createdAt).toISOString(),
    status: e.status,
  });
  if (!board.isPublic) return [...own].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id)).map(exported);
  return own
    .map((e) => ({ e, view: board.view(e) }))
    .sort((a, b) => boardOrder(a.view, b.view) || a.e.id.localeCompare(b.e.id))
    .map(({ e, view }) => ({ ...exported(e), votes: view.votes, answeredAt: iso(e.answeredAt) }));
}
