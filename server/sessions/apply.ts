// A stored change applied to a session's copy in memory — this process's own change once stored,
// or another process's as it arrives: one path for both (Mirror.apply). Pure: no I/O.
import type { Change } from '../cluster/peers.js';
import type { PollState } from '../session/poll.js';
import type { Session } from '../session/session.js';

/**
 * Applies `change` (any kind but `deleted`, which drops the session instead) to `session`.
 * Returns the poll whose state it replaced, whose timer must then be scheduled again; else null.
 */
export function applyChange(session: Session, change: Exclude<Change, { kind: 'deleted' }>): PollState | null {
  switch (change.kind) {
    case 'vote': {
      const { pollId, round, participantId, optionIds, answeredAt, changes } = change.vote;
      session.findPoll(pollId)?.adoptAnswer(round, participantId, { optionIds, answeredAt, changes });
      return null;
    }
    case 'entry': {
      const { code: _c, pollId, round, ...entry } = change.entry;
      session.findPoll(pollId)?.adoptEntry(round, entry);
      return null;
    }
    case 'upvote': {
      const { pollId, round, entryId, participantId } = change.upvote;
      session.findPoll(pollId)?.adoptUpvote(round, entryId, participantId, change.up);
      return null;
    }
    case 'poll':
    case 'view': {
      const { code: _c, pollId, ...snapshot } = change.poll;
      const poll = session.findPoll(pollId);
      return poll?.adopt(snapshot) ? poll : null;
    }
    case 'slide':
      session.goto(change.slide, change.visited);
      return null;
    case 'discussion':
      session.adoptDiscussion(change.timer);
      return null;
    case 'ended':
      session.endedAt ??= change.endedAt;
      return null;
  }
}
