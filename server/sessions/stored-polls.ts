// A stored session's records (votes, entries, upvotes, poll states) regrouped per poll and round,
// as the domain's Session is built from them after a restart or a reload.
import { byRound } from '../session/records.js';
import { ROLE_POLL_ID, ROLE_POLL_STATE } from '../session/roles.js';
import type { StoredPoll } from '../session/session.js';
import type { StoredSession } from '../store/store.js';

/**
 * A stored session's polls with the answers, entries and upvotes of their shown rounds — and the
 * hidden poll of roles, always open and never stored as a poll state, with its answers.
 */
export function storedPolls(stored: StoredSession): StoredPoll[] {
  const of = byRound(stored);
  // Votes of polls that were never opened-and-saved cannot exist, so polls covers every vote (but roles').
  const polls = stored.polls.map(({ code: _code, pollId, ...snapshot }): StoredPoll => ({ pollId, snapshot, rounds: (round) => of(pollId, round) }));
  return [...polls, { pollId: ROLE_POLL_ID, snapshot: ROLE_POLL_STATE, rounds: (round) => of(ROLE_POLL_ID, round) }];
}
