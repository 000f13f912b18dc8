// Which stored records count, decided once for whoever reads a session back: the stores (loading
// a session, listing them), the live sessions restored from them, the exports. A poll's earlier
// rounds stay stored for the record (a reset starts a new round) but only its current round
// counts; within it, how an answer counts is the rule of the poll's kind (kinds/). Pure, and
// free of the stores' types: their records have these fields and more.
import type { Answer } from './choices.js';
import type { EntryData, Upvote } from './entries.js';

/** Where a stored record belongs: a poll and one of its rounds. */
interface OfRound {
  pollId: string;
  round: number;
}

/** A session's votes, entries and upvotes, as stored. */
export interface Records<V extends OfRound, E extends OfRound, U extends OfRound> {
  votes: V[];
  entries: E[];
  upvotes: U[];
}

/**
 * Whether a record is of its poll's current round: the round stored with the poll, or round 1
 * for a poll whose state was never stored.
 */
export function ofCurrentRound(polls: readonly OfRound[]): (record: OfRound) => boolean {
  const rounds = new Map(polls.map((p) => [p.pollId, p.round]));
  return (record) => record.round === (rounds.get(record.pollId) ?? 1);
}

/** The records of each poll's current round. */
export function currentRound<V extends OfRound, E extends OfRound, U extends OfRound>(
  polls: readonly OfRound[],
  records: Records<V, E, U>,
): Records<V, E, U> {
  const current = ofCurrentRound(polls);
  return { votes: records.votes.filter(current), entries: records.entries.filter(current), upvotes: records.upvotes.filter(current) };
}

/**
 * Who took part in a session and how many answers it has: every vote and every entry (hidden and
 * held ones too) of a current round is an answer, and its sender took part.
 */
export function participation(
  polls: readonly OfRound[],
  answers: Iterable<OfRound & { participantId: string }>,
): { participants: number; answers: number } {
  const current = ofCurrentRound(polls);
  const senders = new Set<string>();
  let count = 0;
  for (const answer of answers) {
    if (!current(answer)) continue;
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

/** Records grouped by poll: each poll's, or none. */
export function byPoll(
  records: Records<OfRound & Answer & { participantId: string }, OfRound & EntryData, OfRound & Upvote>,
): (pollId: string) => RoundOfPoll {
  const polls = new Map<string, RoundOfPoll>();
  const of = (pollId: string): RoundOfPoll => {
    let round = polls.get(pollId);
    if (!round) {
      round = { answers: [], entries: [], upvotes: [] };
      polls.set(pollId, round);
    }
    return round;
  };
  for (const vote of records.votes) of(vote.pollId).answers.push([vote.participantId, vote]);
  for (const entry of records.entries) of(entry.pollId).entries.push(entry);
  for (const upvote of records.upvotes) of(upvote.pollId).upvotes.push(upvote);
  return of;
}
