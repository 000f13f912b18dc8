// Which stored records count, decided once for whoever reads a session back: the stores (loading
// a session, listing them), the live sessions restored from them, the exports. Every round of a
// poll stays stored for the record, but only its shown rounds count: the current one and those a
// "vote again" kept (a reset round is neither); within a round, how an answer counts is the rule
// of the poll's kind (kinds/). Pure, and free of the stores' types: their records have these
// fields and more.
import type { Answer } from './choices.js';
import type { EntryData, Upvote } from './entries.js';
import { ROLE_POLL_ID } from './roles.js';

/** Where a stored record belongs: a poll and one of its rounds. */
interface OfRound {
  pollId: string;
  round: number;
}

/** A stored poll's rounds: its current one, and the earlier ones kept by vote again. */
interface PollRounds extends OfRound {
  kept?: number[];
}

/** A session's votes, entries and upvotes, as stored. */
export interface Records<V extends OfRound, E extends OfRound, U extends OfRound> {
  votes: V[];
  entries: E[];
  upvotes: U[];
}

/**
 * Whether a record is of one of its poll's shown rounds: the round stored with the poll or one it
 * kept — round 1 for a poll whose state was never stored.
 */
export function ofShownRound(polls: readonly PollRounds[]): (record: OfRound) => boolean {
  const shown = new Map(polls.map((p) => [p.pollId, new Set([...(p.kept ?? []), p.round])]));
  return (record) => shown.get(record.pollId)?.has(record.round) ?? record.round === 1;
}

/** The records of each poll's shown rounds. */
export function shownRounds<V extends OfRound, E extends OfRound, U extends OfRound>(
  polls: readonly PollRounds[],
  records: Records<V, E, U>,
): Records<V, E, U> {
  const shown = ofShownRound(polls);
  return { votes: records.votes.filter(shown), entries: records.entries.filter(shown), upvotes: records.upvotes.filter(shown) };
}

/**
 * Who took part in a session and how many answers it has: every vote and every entry (hidden and
 * held ones too) of a shown round is an answer, and its sender took part. A role given (the
 * hidden poll of roles) is no answer.
 */
export function participation(
  polls: readonly PollRounds[],
  answers: Iterable<OfRound & { participantId: string }>,
): { participants: number; answers: number } {
  const current = ofShownRound(polls);
  const senders = new Set<string>();
  let count = 0;
  for (const answer of answers) {
    if (!current(answer) || answer.pollId === ROLE_POLL_ID) continue;
    senders.add(answer.participantId);
    count += 1;
  }
  return { participants: senders.size, answers: count };
}

/** One poll's records of a round, as a poll's answers are rebuilt from them (PollState.restore, the exports). */
export interface RoundOfPoll {
  /** Participant id and answer (where one participant has several, the one given last counts: Choices). */
  answers: [participantId: string, answer: Answer][];
  entries: EntryData[];
  upvotes: Upvote[];
}

/** Records grouped by poll and round: each round's, or none. */
export function byRound(
  records: Records<OfRound & Answer & { participantId: string }, OfRound & EntryData, OfRound & Upvote>,
): (pollId: string, round: number) => RoundOfPoll {
  const rounds = new Map<string, RoundOfPoll>();
  const of = (pollId: string, round: number): RoundOfPoll => {
    const key = JSON.stringify([pollId, round]);
    let records = rounds.get(key);
    if (!records) {
      records = { answers: [], entries: [], upvotes: [] };
      rounds.set(key, records);
    }
    return records;
  };
  for (const vote of records.votes) of(vote.pollId, vote.round).answers.push([vote.participantId, vote]);
  for (const entry of records.entries) of(entry.pollId, entry.round).entries.push(entry);
  for (const upvote of records.upvotes) of(upvote.pollId, upvote.round).upvotes.push(upvote);
  return of;
}
