// Everything an export holds, built once from the store: the JSON export is this object as is,
// and every other format (CSV, XLSX, HTML report) is a view of it. Pure: no I/O.
import {
  type ChoicePoll,
  type DeckMeta,
  isTextPoll,
  type PollAsk,
  type PollOption,
  type PollType,
  type ScaleSpec,
  type TextSpec,
} from '../deck/types.js';
import { boardOrder, type EntryStatus, type PollStatus, type RoleHidden, type Tally, type WordCount } from '../protocol.js';
import { Choices } from '../session/choices.js';
import { EntryBoard, type EntryData } from '../session/entries.js';
import { byRound, ofShownRound } from '../session/records.js';
import { DEFAULT_MIN_GROUP_SIZE, hiddenRoles, ROLE_POLL_ID } from '../session/roles.js';
import type { StoredSession } from '../store/store.js';

export const EXPORT_VERSION = 1;

export interface ExportOption extends PollOption {
  /** Participants who chose it; for `rank` polls, who put it first. */
  count: number;
  /** Share of respondents who chose it (rank: put it first), 0–100, rounded to one decimal. */
  percent: number;
  /** `rank` polls only: average position (1 = first), two decimals; null with no answers. */
  averagePosition?: number | null;
  /**
   * Paired polls (`ask`): the option's count and percent for each question, by ask id
   * (`{ should: { count: 4, percent: 80 }, would: … }`); `count` and `percent` above are the first question's.
   */
  asked?: Record<string, { count: number; percent: number }>;
}

/**
 * A poll's counts per role (a deck with `roles`), under the privacy floor: a role held by fewer
 * than `floor` of the round's respondents is never shown on its own, and while the respondents
 * not shown (smaller roles, "Prefer not to say", no role) would be fewer than `floor` but some,
 * the smallest role shown is left out too. The answers of a role not shown count in the total only.
 */
export interface ExportRoleSplit {
  /** The smallest group shown on its own (MIN_GROUP_SIZE): "fewer than 5". */
  floor: number;
  /** Every role of the deck, in its order. */
  groups: ExportRoleGroup[];
}

/** One role of a split: shown on its own with its figures, or not shown and why. */
export type ExportRoleGroup = {
  /** The role's id and label (the deck's `roles`). */
  role: string;
  label: string;
} & (
  | {
      shown: true;
      /** The group's respondents and counts, as the poll's own. */
      respondents: number;
      options: ExportOption[];
      mean?: number | null;
      gap?: number;
    }
  | {
      /** Not shown on its own: no figures. */
      shown: false;
      /**
       * Why: `small`, fewer than `floor` ("fewer than 5"); `complement`, `floor` or more, left out
       * so that the rest is not a small group ("hidden to protect a group under 5").
       */
      hidden: RoleHidden;
    }
);

/** One open-text answer (`text`) or audience question (`qa`), as the participant sent it. */
export interface ExportEntry {
  id: string;
  /** The round it was sent in, as shown: 1, 2, … (see `ExportPoll.rounds`). */
  round: number;
  /** The sender's pseudonym (P01…), shared with their votes. */
  participant: string;
  /**
   * A deck with `roles`: the sender's role (its label); '' for none, "Prefer not to say", or a
   * role held by fewer than the floor of the round's senders.
   */
  role?: string;
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
  /**
   * The current round's stored number: 1, plus one per reset and per vote again (a reset round is
   * erased and never exported; rounds as shown are numbered 1…`rounds`).
   */
  round: number;
  /** Rounds shown: 1, plus one per vote again. The poll's counts below are the last one's. */
  rounds: number;
  /** Polls voted on again (`rounds` ≥ 2): each shown round's results, oldest first, the last one included. */
  roundResults?: ExportRound[];
  /** Paired polls: the two questions over the same options, in order (their ids key `asked`). */
  ask?: PollAsk[];
  /** Paired polls: respondents who answered the two questions differently (the last round's). */
  gap?: number;
  /** A deck with `roles`, option polls: the last round's counts per role (see ExportRoleSplit). */
  byRole?: ExportRoleSplit;
  limit?: number;
  /** `scale` polls: the range and end labels, and the average rating (null with no answers). */
  scale?: ScaleSpec;
  mean?: number | null;
  /** `text` and `qa` polls: answer length and count limits. */
  text?: TextSpec;
  /**
   * `text` and `qa` polls: every entry of every shown round, hidden and held ones included, round
   * by round; within a round, text: oldest first; qa: unanswered before answered, then most votes
   * first, then oldest.
   */
  entries?: ExportEntry[];
  /** `text` polls: the word cloud of the last round's shown answers, [word, answers using it], most used first. */
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

/** One shown round of a poll voted on again. */
export interface ExportRound {
  /** As shown: 1, 2, … */
  round: number;
  /** Participants who answered in this round (text / qa: who sent at least one entry). */
  respondents: number;
  /** The options' counts in this round, in deck order (percent of this round's respondents); empty for `text` and `qa`. */
  options: ExportOption[];
  /** `scale` polls: the round's average rating (null with no answers). */
  mean?: number | null;
  /** Paired polls: the round's respondents who answered the two questions differently. */
  gap?: number;
  /** A deck with `roles`, option polls: the round's counts per role. */
  byRole?: ExportRoleSplit;
  /** `text` and `qa` polls: entries sent in this round, hidden and held ones included. */
  entries?: number;
  /** `text` polls: the round's word cloud, as `ExportPoll.words`. */
  words?: WordCount[];
  /** Option polls, rounds after the first: participants who answered both this round and the one before. */
  answeredBoth?: number;
  /** Of those, how many gave a different answer this round ("9 of 24 changed their answer"). */
  changed?: number;
  /**
   * `single` and `yesno` polls, rounds after the first: `flows[from][to]`, how many of those who
   * answered both chose option `from` in the round before and `to` in this one (every option present, 0 included).
   */
  flows?: Record<string, Record<string, number>>;
}

export interface ExportResponse {
  pollId: string;
  /** The round as shown: 1, 2, … (a poll voted on again has a response per participant per round). */
  round: number;
  /** Stable per session (P01, P02… in order of first answer), never the stored id. */
  participant: string;
  /**
   * A deck with `roles`: the participant's role (its label); '' for none, "Prefer not to say", or
   * a role held by fewer than the floor of the round's respondents.
   */
  role?: string;
  /** Paired polls: which question this row answers (the ask's id, e.g. `should`); one row per question. */
  asked?: string;
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

export interface ExportOptions {
  /** The privacy floor of the split by role (config.minGroupSize; default DEFAULT_MIN_GROUP_SIZE). */
  minGroupSize?: number;
}

export function buildExport(stored: StoredSession, options: ExportOptions = {}): SessionExport {
  const floor = options.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
  const { session, polls: pollRecords } = stored;
  const deck = session.deck;
  const slides = new Map(deck.slides.map((s) => [`${s.position.h}/${s.position.v}`, s]));
  const records = new Map(pollRecords.map((p) => [p.pollId, p]));
  const pollsById = new Map(deck.polls.map((p) => [p.id, p]));
  // Only the shown rounds are exported (the stores read no other; a reset round never counts).
  const shown = ofShownRound(pollRecords);
  // A role given (the hidden poll of roles) is no answer: it makes nobody a participant.
  const votes = stored.votes.filter((v) => v.pollId !== ROLE_POLL_ID && shown(v));
  const entries = stored.entries.filter(shown);
  const round = byRound({ votes, entries, upvotes: stored.upvotes.filter(shown) });
  /** Each poll's shown rounds by stored number, oldest first. */
  const roundsOf = (pollId: string): number[] => {
    const record = records.get(pollId);
    return [...(record?.kept ?? []), record?.round ?? 1];
  };
  /** A stored round's position among its poll's shown rounds: 1, 2, … */
  const shownAs = (pollId: string, stored: number): number => roundsOf(pollId).indexOf(stored) + 1;

  // Pseudonyms follow the order of each participant's first answer or entry (in any shown round),
  // so they are stable across polls and rounds and reveal nothing about the stored id.
  const firsts = [
    ...votes.map((v) => ({ at: v.answeredAt, participantId: v.participantId })),
    ...entries.map((e) => ({ at: e.createdAt, participantId: e.participantId })),
  ].sort((a, b) => a.at - b.at || a.participantId.localeCompare(b.participantId));
  const pseudonyms = new Map<string, string>();
  for (const f of firsts) {
    if (!pseudonyms.has(f.participantId)) pseudonyms.set(f.participantId, '');
  }
  const width = Math.max(2, String(pseudonyms.size).length);
  const roles = rolesOf(stored, deck.meta, floor);
  for (const [i, id] of [...pseudonyms.keys()].entries()) pseudonyms.set(id, `P${String(i + 1).padStart(width, '0')}`);

  /** The roles not shown among each poll's respondents, by `pollId/round` (round as shown). */
  const roleHidden = new Map<string, Map<string, RoleHidden>>();
  /** A deck with roles: who holds which role, as a round of a poll writes it (blank under the floor). */
  const roleLabel = (pollId: string, round: number): ((participantId: string) => string) | null =>
    roles &&
    ((participantId) => {
      const role = roles.roleOf(participantId);
      const hidden = roleHidden.get(`${pollId}/${round}`);
      return role !== undefined && hidden !== undefined && !hidden.has(role) ? roles.labels.get(role)! : '';
    });

  const polls: ExportPoll[] = deck.polls.map((poll) => {
    const record = records.get(poll.id);
    const slide = slides.get(`${poll.slide.h}/${poll.slide.v}`);
    const shownRounds = roundsOf(poll.id);
    const base = {
      id: poll.id,
      type: poll.type,
      question: poll.question,
      slide: slide?.number ?? '',
      slideTitle: slide?.title ?? '',
      status: record?.status ?? 'closed',
      revealed: record?.revealed ?? false,
      round: record?.round ?? 1,
      rounds: shownRounds.length,
    };
    const times = {
      openedAt: iso(record?.openedAt ?? null),
      closedAt: iso(record?.closedAt ?? null),
      participantsAtClose: record?.participantsAtClose ?? null,
    };
    // Each round counted as the live poll counts it (the domain's rules of its kind).
    if (isTextPoll(poll)) {
      const boards = shownRounds.map((n, i) => {
        const { entries: own, upvotes } = round(poll.id, n);
        if (roles) roleHidden.set(`${poll.id}/${i + 1}`, roles.hidden(own.map((e) => e.participantId)));
        return { board: EntryBoard.restore(poll, own, upvotes), own };
      });
      const last = boards.at(-1)!.board;
      const roundResults = boards.map(({ board }, i): ExportRound => {
        const { respondents, entries: sent } = board.tally(poll.id);
        return {
          round: i + 1,
          respondents,
          options: [],
          entries: sent ?? 0,
          ...(poll.type === 'text' ? { words: board.revealed().words ?? [] } : {}),
        };
      });
      return {
        ...base,
        ...(boards.length > 1 ? { roundResults } : {}),
        text: poll.text,
        entries: boards.flatMap(({ board, own }, i) => exportEntries(board, own, i + 1, pseudonyms, roleLabel(poll.id, i + 1))),
        // The word cloud a revealed poll shows (an open-text poll's; none for Q&A).
        ...last.revealed(),
        ...times,
        respondents: last.tally(poll.id).respondents,
        options: [],
      };
    }
    const rounds = shownRounds.map((n) => Choices.restore(poll, round(poll.id, n).answers));
    const results = rounds.map((choices, i) => {
      const hiddenHere = roles?.hidden([...choices.all()].map(([participantId]) => participantId));
      if (hiddenHere) roleHidden.set(`${poll.id}/${i + 1}`, hiddenHere);
      return roundOf(poll, choices, i + 1, rounds[i - 1], roles && hiddenHere ? { ...roles, hiddenHere } : null);
    });
    const { options, respondents, mean, gap, byRole } = results.at(-1)!;
    return {
      ...base,
      ...(results.length > 1 ? { roundResults: results } : {}),
      ...(poll.type === 'single' && poll.ask ? { ask: poll.ask, gap: gap ?? 0 } : {}),
      ...(byRole ? { byRole } : {}),
      ...(poll.type === 'multi' && poll.limit !== undefined ? { limit: poll.limit } : {}),
      ...(poll.type === 'scale' ? { scale: poll.scale, mean: mean ?? null } : {}),
      ...times,
      respondents,
      options,
    };
  });

  // Poll by poll in deck order, round by round, then participant by participant (a paired poll:
  // one row per question, in the deck's order of the questions).
  const pollOrder = new Map(deck.polls.map((p, i) => [p.id, i]));
  const responses: ExportResponse[] = votes
    .filter((v) => pollsById.has(v.pollId))
    .map((v) => ({ v, round: shownAs(v.pollId, v.round), participant: pseudonyms.get(v.participantId)! }))
    .sort((a, b) => pollOrder.get(a.v.pollId)! - pollOrder.get(b.v.pollId)! || a.round - b.round || a.participant.localeCompare(b.participant))
    .flatMap(({ v, round, participant }) => {
      const poll = pollsById.get(v.pollId)!;
      const labels = new Map(poll.options.map((o) => [o.id, o.label]));
      const role = roleLabel(v.pollId, round);
      const row = (optionIds: string[], asked?: string): ExportResponse => ({
        pollId: v.pollId,
        round,
        participant,
        ...(role ? { role: role(v.participantId) } : {}),
        ...(asked === undefined ? {} : { asked }),
        optionIds,
        labels: optionIds.map((id) => labels.get(id) ?? id),
        answeredAt: new Date(v.answeredAt).toISOString(),
        changes: v.changes,
      });
      const ask = poll.type === 'single' ? poll.ask : undefined;
      return ask ? ask.map((a, i) => row(v.optionIds[i] === undefined ? [] : [v.optionIds[i]!], a.id)) : [row(v.optionIds)];
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

/**
 * A poll's shown rounds as the exports list them: its per-round results once voted on again, else
 * its one round (the poll's own figures). The summary's blocks and the report's tables by role
 * both go round by round through these.
 */
export function roundsOf(poll: ExportPoll): ExportRound[] {
  if (poll.roundResults) return poll.roundResults;
  const { respondents, options, mean, words, gap, byRole } = poll;
  return [
    {
      round: 1,
      respondents,
      options,
      ...(mean !== undefined ? { mean } : {}),
      ...(words ? { words } : {}),
      ...(gap !== undefined ? { gap } : {}),
      ...(byRole ? { byRole } : {}),
    },
  ];
}

/** The session's roles as the exports read them: each participant's (their latest answer to the hidden poll). */
interface RoleReader {
  floor: number;
  /** The deck's role ids, in order. */
  ids: string[];
  labels: Map<string, string>;
  /** A participant's role of the deck; undefined for none or "Prefer not to say". */
  roleOf(participantId: string): string | undefined;
  /** The roles not shown on their own among these respondents, and why (the live split's rule: hiddenRoles). */
  hidden(respondents: readonly string[]): Map<string, RoleHidden>;
}

function rolesOf(stored: StoredSession, meta: DeckMeta, floor: number): RoleReader | null {
  if (!meta.roles?.length) return null;
  const labels = new Map(meta.roles.map((r) => [r.id, r.label]));
  const latest = new Map<string, { role: string | undefined; at: number }>();
  for (const v of stored.votes) {
    if (v.pollId !== ROLE_POLL_ID) continue;
    const held = latest.get(v.participantId);
    if (held && held.at > v.answeredAt) continue;
    const role = v.optionIds[0];
    latest.set(v.participantId, { role: role !== undefined && labels.has(role) ? role : undefined, at: v.answeredAt });
  }
  const ids = [...labels.keys()];
  const roleOf = (participantId: string): string | undefined => latest.get(participantId)?.role;
  return {
    floor,
    ids,
    labels,
    roleOf,
    hidden(respondents) {
      const people = new Set(respondents);
      const sizes = new Map(ids.map((id) => [id, 0]));
      for (const p of people) {
        const role = roleOf(p);
        if (role !== undefined) sizes.set(role, sizes.get(role)! + 1);
      }
      return hiddenRoles(ids, (role) => sizes.get(role)!, people.size, floor);
    },
  };
}

/** One round of an option poll: its counts, and how the room moved from the round before (if any). */
function roundOf(
  poll: ChoicePoll,
  choices: Choices,
  round: number,
  before: Choices | undefined,
  roles: (RoleReader & { hiddenHere: Map<string, RoleHidden> }) | null,
): ExportRound {
  const { respondents, mean, gap } = choices.tally(poll.id);
  const byRole = roles && {
    floor: roles.floor,
    groups: [...choices.split(roles.ids, roles.roleOf)].map(([role, tally]): ExportRoleGroup => {
      const label = roles.labels.get(role)!;
      const hidden = roles.hiddenHere.get(role);
      if (hidden) return { role, label, shown: false, hidden };
      return {
        role,
        label,
        shown: true,
        respondents: tally.respondents,
        options: exportOptions(poll, tally),
        ...(poll.type === 'scale' ? { mean: tally.mean ?? null } : {}),
        ...(tally.gap === undefined ? {} : { gap: tally.gap }),
      };
    }),
  };
  return {
    round,
    respondents,
    options: exportOptions(poll, choices.tally(poll.id)),
    ...(poll.type === 'scale' ? { mean: mean ?? null } : {}),
    ...(gap === undefined ? {} : { gap }),
    ...(before ? choices.movedFrom(before) : {}),
    ...(byRole ? { byRole } : {}),
  };
}

/** The options of a poll as a tally (the poll's, a round's or a role's) counts them, in deck order. */
function exportOptions(poll: ChoicePoll, tally: Pick<Tally, 'counts' | 'respondents' | 'positions' | 'asked'>): ExportOption[] {
  const { counts, respondents, positions, asked } = tally;
  return poll.options.map((o) => {
    const count = counts[o.id] ?? 0;
    const option: ExportOption = { ...o, count, percent: percentOf(count, respondents) };
    if (poll.type === 'rank') option.averagePosition = positions?.[o.id] ?? null;
    if (asked) {
      option.asked = Object.fromEntries(
        Object.entries(asked).map(([ask, c]) => [ask, { count: c[o.id] ?? 0, percent: percentOf(c[o.id] ?? 0, respondents) }]),
      );
    }
    return option;
  });
}

function percentOf(count: number, respondents: number): number {
  return respondents ? Math.round((count / respondents) * 1000) / 10 : 0;
}

/** Text answers oldest first; Q&A questions in the board's order (unanswered, most upvoted, oldest), with their votes. */
function exportEntries(
  board: EntryBoard,
  own: EntryData[],
  round: number,
  pseudonyms: Map<string, string>,
  role: ((participantId: string) => string) | null,
): ExportEntry[] {
  const exported = (e: EntryData): ExportEntry => ({
    id: e.id,
    round,
    participant: pseudonyms.get(e.participantId)!,
    ...(role ? { role: role(e.participantId) } : {}),
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
