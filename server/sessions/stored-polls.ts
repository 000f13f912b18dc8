// A stored session's records (votes, entries, upvotes, poll states) regrouped per poll and round,
// as the domain's Session is built from them after a restart or a reload.
import { byRound } from '../session/records.js';
import type { StoredPoll } from '../session/session.js';
import type { StoredSession } from '../store/store.js';

/** A stored session's polls with the answers, entries and upvotes of their shown rounds. */
export function storedPolls(stored: StoredSession): StoredPoll[] {
  const of = byRound(stored);
  // Votes of polls that were never opened-and-saved cannot exist, so polls covers every vote.
  return stored.polls.map(({ code: _code, pollId, ...snapshot }) => ({ pollId, snapshot, rounds: (round) => of(pollId, round) }));
}
