// A stored session's records (votes, entries, upvotes, poll states) regrouped per poll, as the
// domain's Session is built from them after a restart or a reload.
import type { EntryData, Upvote } from '../session/entries.js';
import type { Answer } from '../session/choices.js';
import type { StoredPoll } from '../session/session.js';
import type { StoredSession } from '../store/store.js';

/** A stored session's polls with the answers, entries and upvotes of their current round. */
export function storedPolls(stored: StoredSession): StoredPoll[] {
  const answers = new Map<string, Map<string, Answer>>();
  for (const v of stored.votes) {
    const byParticipant = answers.get(v.pollId) ?? new Map<string, Answer>();
    byParticipant.set(v.participantId, { optionIds: v.optionIds, answeredAt: v.answeredAt, changes: v.changes });
    answers.set(v.pollId, byParticipant);
  }
  const entries = groupBy(stored.entries, (e): EntryData => {
    const { code: _c, pollId: _p, round: _r, ...entry } = e;
    return entry;
  });
  const upvotes = groupBy(stored.upvotes, ({ entryId, participantId }): Upvote => ({ entryId, participantId }));
  // Votes of polls that were never opened-and-saved cannot exist, so polls covers every vote.
  return stored.polls.map(({ code: _code, pollId, ...snapshot }) => ({
    pollId,
    snapshot,
    answers: answers.get(pollId) ?? new Map(),
    entries: entries.get(pollId) ?? [],
    upvotes: upvotes.get(pollId) ?? [],
  }));
}

/** Records of a session grouped by poll id, each mapped to what the domain keeps. */
function groupBy<R extends { pollId: string }, T>(records: R[], map: (record: R) => T): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const record of records) {
    const group = groups.get(record.pollId) ?? [];
    group.push(map(record));
    groups.set(record.pollId, group);
  }
  return groups;
}
