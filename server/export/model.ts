// Everything an export holds, built once from the store: the JSON export is this object as is,
// and every other format (CSV, XLSX, HTML report) is a view of it (its shapes: types.ts). Pure: no I/O.
import { type ChoicePoll, type DeckMeta, isTextPoll } from '../deck/types.js';
import { boardOrder, type RoleHidden, type Tally } from '../protocol.js';
import { Choices } from '../session/choices.js';
import { EntryBoard, type EntryData } from '../session/entries.js';
import { byRound, ofShownRound } from '../session/records.js';
import { DEFAULT_MIN_GROUP_SIZE, hiddenRoles, ROLE_POLL_ID } from '../session/roles.js';
import type { StoredSession } from '../store/store.js';
import { exportKindOf } from './kinds.js';
import type { ExportKind } from './kinds/kind.js';
import { percentOf } from './percent.js';
import { type LinkedNote, linkedNote, linkedResponses } from './linked.js';
import { linkedPseudonyms, type PollPseudonyms, pollPseudonyms } from './pseudonyms.js';
import type { ExportEntry, ExportOption, ExportPoll, ExportResponse, ExportRoleGroup, ExportRound } from './types.js';
import { type ExportFollowUp, type FollowUpSource, followUpSection, type KeptAnswers } from './follow-up.js';

export const EXPORT_VERSION = 1;

export interface SessionExport {
  version: typeof EXPORT_VERSION;
  session: {
    code: string;
    deck: string;
    startedAt: string;
    endedAt: string | null;
    /** Distinct participants who answered at least one poll or sent at least one entry. */
    participants: number;
    /** A self-paced session (pre-work, catch-up): when it was open (ISO 8601). Absent: a live session. */
    selfPaced?: { opens: string; closes: string };
  };
  deck: DeckMeta;
  /** The linked export only (ExportOptions.linked): what it is, said in the file itself. */
  linked?: LinkedNote;
  /** A follow-up session: who was linked to the earlier session, and kept commitments per earlier step (follow-up.ts). */
  followUp?: ExportFollowUp;
  polls: ExportPoll[];
  responses: ExportResponse[];
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export interface ExportOptions {
  /** The server secret the pseudonyms are derived from (the store's). */
  secret: Buffer;
  /** The privacy floor of the split by role and of the linked export (config.minGroupSize; default DEFAULT_MIN_GROUP_SIZE). */
  minGroupSize?: number;
  /** One pseudonym per participant across polls, with less of each answer (linked.ts); default: one per poll (pseudonyms.ts). */
  linked?: boolean;
  /** A follow-up session: its links and the earlier session (follow-up.ts followUpSource). */
  followUp?: FollowUpSource | null;
}

export function buildExport(stored: StoredSession, options: ExportOptions): SessionExport {
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

  // By default, a pseudonym per poll; linked, one per participant (see pseudonyms.ts, linked.ts).
  const perPoll = pollPseudonyms(options.secret, session.code);
  const linked = options.linked ? linkedPseudonyms(votes.map((v) => ({ at: v.answeredAt, participantId: v.participantId }))) : null;
  const voter = (pollId: string, participantId: string): string => linked?.get(participantId) ?? perPoll.voter(pollId, participantId);
  const roles = rolesOf(stored, deck.meta, floor);

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
          // The round's word cloud (an open-text poll's; none for Q&A).
          ...board.revealed(),
        };
      });
      return {
        ...base,
        ...(boards.length > 1 ? { roundResults } : {}),
        text: poll.text,
        // Free text can name its author: the linked export leaves it out.
        ...(linked
          ? {}
          : { entries: boards.flatMap(({ board, own }, i) => exportEntries(board, own, poll.id, i + 1, perPoll, roleLabel(poll.id, i + 1))) }),
        // The word cloud a revealed poll shows (an open-text poll's; none for Q&A).
        ...last.revealed(),
        ...times,
        respondents: last.tally(poll.id).respondents,
        options: [],
      };
    }
    const kind = exportKindOf(poll);
    const rounds = shownRounds.map((n) => Choices.restore(poll, round(poll.id, n).answers));
    const results = rounds.map((choices, i) => {
      const hiddenHere = roles?.hidden([...choices.all()].map(([participantId]) => participantId));
      if (hiddenHere) roleHidden.set(`${poll.id}/${i + 1}`, hiddenHere);
      return roundOf(poll, kind, choices, i + 1, rounds[i - 1], roles && hiddenHere ? { ...roles, hiddenHere } : null);
    });
    const last = results.at(-1)!;
    const { options, respondents, byRole } = last;
    return inFieldOrder({
      ...base,
      ...(results.length > 1 ? { roundResults: results } : {}),
      ...(byRole ? { byRole } : {}),
      ...kind.fields?.(poll, last),
      ...times,
      respondents,
      options,
    });
  });

  // Poll by poll in deck order, round by round, then in the order answered (the pseudonyms' own
  // order means nothing; a paired poll: one row per question, in the deck's order of the questions).
  const pollOrder = new Map(deck.polls.map((p, i) => [p.id, i]));
  const responses: ExportResponse[] = votes
    .filter((v) => pollsById.has(v.pollId))
    .map((v) => ({ v, round: shownAs(v.pollId, v.round), participant: voter(v.pollId, v.participantId) }))
    .sort(
      (a, b) =>
        pollOrder.get(a.v.pollId)! - pollOrder.get(b.v.pollId)! ||
        a.round - b.round ||
        a.v.answeredAt - b.v.answeredAt ||
        a.participant.localeCompare(b.participant),
    )
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
      const own = exportKindOf(poll).responses?.(poll, v.optionIds);
      return own ? own.map(({ asked, optionIds }) => row(optionIds, asked)) : [row(v.optionIds)];
    });

  const note = linked ? linkedNote(floor) : null;
  const participants = new Set([...votes, ...entries].map((r) => r.participantId));
  /** The follow-up deck's poll marked `kept`: each respondent's answer in its last shown round. */
  const keptAnswers = (): KeptAnswers | undefined => {
    const poll = deck.polls.find((p) => p.kept !== undefined);
    if (!poll || isTextPoll(poll) || poll.kept === undefined) return undefined;
    const choices = Choices.restore(poll, round(poll.id, roundsOf(poll.id).at(-1)!).answers);
    const answers = new Map(
      [...choices.all()].flatMap(([participantId, answer]) => (answer.optionIds[0] ? [[participantId, answer.optionIds[0]]] : [])),
    );
    return { pollId: poll.id, question: poll.question, options: poll.options, keptOption: poll.kept, answers };
  };
  const followUp = options.followUp ? followUpSection(options.followUp, participants, keptAnswers(), floor) : null;
  return {
    version: EXPORT_VERSION,
    session: {
      code: session.code,
      deck: session.deckId,
      startedAt: new Date(session.createdAt).toISOString(),
      endedAt: iso(session.endedAt),
      participants: participants.size,
      ...(session.selfPaced && {
        selfPaced: { opens: new Date(session.selfPaced.opens).toISOString(), closes: new Date(session.selfPaced.closes).toISOString() },
      }),
    },
    deck: deck.meta,
    ...(note ? { linked: note } : {}),
    ...(followUp ? { followUp } : {}),
    polls,
    responses: note ? linkedResponses(responses, note) : responses,
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

/**
 * ExportPoll's fields in the order the JSON export has always listed them, wherever the frame or
 * the poll's kind puts them (a paired poll's questions come before the split by role, a rating's
 * range after it). A Record, so that a field added to ExportPoll must be given its place.
 */
const POLL_FIELDS: Record<keyof ExportPoll, null> = {
  id: null,
  type: null,
  question: null,
  slide: null,
  slideTitle: null,
  status: null,
  revealed: null,
  round: null,
  rounds: null,
  roundResults: null,
  ask: null,
  gap: null,
  byRole: null,
  limit: null,
  scale: null,
  mean: null,
  text: null,
  entries: null,
  words: null,
  openedAt: null,
  closedAt: null,
  participantsAtClose: null,
  respondents: null,
  options: null,
};

function inFieldOrder(poll: ExportPoll): ExportPoll {
  // A key keeps the place it was first given: the poll's values, assigned after, take those places.
  const places = Object.fromEntries(Object.keys(POLL_FIELDS).flatMap((field) => (field in poll ? [[field, undefined]] : [])));
  return Object.assign(places, poll);
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
  kind: ExportKind,
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
        options: exportOptions(poll, kind, tally),
        ...kind.figures?.(tally),
        ...(tally.gap === undefined ? {} : { gap: tally.gap }),
      };
    }),
  };
  return {
    round,
    respondents,
    options: exportOptions(poll, kind, choices.tally(poll.id)),
    ...kind.figures?.({ mean }),
    ...(gap === undefined ? {} : { gap }),
    ...(before ? choices.movedFrom(before) : {}),
    ...(byRole ? { byRole } : {}),
  };
}

/** The options of a poll as a tally (the poll's, a round's or a role's) counts them, in deck order. */
function exportOptions(poll: ChoicePoll, kind: ExportKind, tally: Pick<Tally, 'counts' | 'respondents' | 'positions' | 'asked'>): ExportOption[] {
  const { counts, respondents } = tally;
  return poll.options.map((o) => {
    const count = counts[o.id] ?? 0;
    return { ...o, count, percent: percentOf(count, respondents), ...kind.option?.(o.id, tally) };
  });
}

/** Text answers oldest first; Q&A questions in the board's order (unanswered, most upvoted, oldest), with their votes. */
function exportEntries(
  board: EntryBoard,
  own: EntryData[],
  pollId: string,
  round: number,
  pseudonyms: PollPseudonyms,
  role: ((participantId: string) => string) | null,
): ExportEntry[] {
  const exported = (e: EntryData): ExportEntry => ({
    id: e.id,
    round,
    participant: pseudonyms.author(pollId, e.participantId),
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
