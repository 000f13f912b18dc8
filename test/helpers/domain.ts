// The pure domain driven as Sessions drives it, minus the store: each change is decided, then
// applied — so that unit tests of the state machine read as a sequence of actions.
import type { PollAction } from '../../server/protocol.js';
import type { VoteOutcome } from '../../server/session/choices.js';
import type { EntryData } from '../../server/session/entries.js';
import type { PollState } from '../../server/session/poll.js';
import type { Session } from '../../server/session/session.js';

/** A presenter action on a poll; false when it changed nothing. */
export function act(poll: PollState, action: PollAction, now: number): boolean {
  const next = poll.next(action, now);
  if (next) poll.adopt(next);
  return next !== null;
}

/** A presenter action on a poll of a session (which records the participants at a close). */
export function control(session: Session, pollId: string, action: PollAction, now: number): boolean {
  const { poll, next } = session.decideControl(pollId, action, now);
  if (next) poll.adopt(next);
  return next !== null;
}

/** Starts, restarts or stops (`null`) a poll's timer; false when it changed nothing. */
export function setTimer(poll: PollState, seconds: number | null, now: number): boolean {
  const next = poll.nextTimer(seconds, now);
  if (next) poll.adopt(next);
  return next !== null;
}

export function vote(poll: PollState, participantId: string, optionIds: string[], now: number): VoteOutcome {
  const outcome = poll.decideVote(participantId, optionIds, now);
  if (outcome.changed) poll.adoptAnswer(poll.round, participantId, outcome.answer);
  return outcome;
}

export function addEntry(poll: PollState, entry: EntryData): void {
  poll.adoptEntry(poll.round, entry);
}

export function upvote(poll: PollState, participantId: string, entryId: string, up: boolean): boolean {
  const changed = poll.decideUpvote(participantId, entryId, up);
  if (changed) poll.adoptUpvote(poll.round, entryId, participantId, up);
  return changed;
}

/** Ends the session: its open polls close. */
export function endSession(session: Session, now: number): void {
  const ending = session.decideEnd(now);
  if (!ending) return;
  for (const { poll, next } of ending.closed) poll.adopt(next);
  session.endedAt = ending.endedAt;
}

/** Starts, restarts or stops (`null`) the session's discussion timer; false when it changed nothing. */
export function discuss(session: Session, seconds: number | null, now: number): boolean {
  const decided = session.decideDiscussion(seconds, now);
  if (decided) session.adoptDiscussion(decided.next);
  return decided !== null;
}

/** Moves the presenter to a slide. */
export function goto(session: Session, position: { h: number; v: number }): void {
  const move = session.decideGoto(position);
  if (move) session.goto(move.slide, move.visited);
}
