// Who is told what, once a change is stored. Every change applied to a session in memory — a
// vote, a poll opened, a slide moved, whether this process made it or another one on the same
// Redis did — comes through Sessions.onChange to `show` here, after its write succeeded: clients
// never see what is not stored, and a new kind of change is told in this one place. Every emit
// goes to this process's own sockets (`io.local`); the other processes tell theirs. Presenters
// also hear whether answers are being saved at all (storage-status.ts). A poll's state goes to each
// presenter view as it may see it: the console every count, a projector none before the results are
// shown (revealed, or `results: live`). Phones get their whole state, once per run of changes made
// together (phone-state.ts: at most 40 ms after the last one), so never before the presenter's windows.
import type { Change } from '../cluster/peers.js';
import { PRESENTER_VIEWS } from '../protocol.js';
import type { PollState } from '../session/poll.js';
import { ROLE_POLL_ID } from '../session/roles.js';
import type { Session } from '../session/session.js';
import type { Sessions } from '../sessions.js';
import type { StorageWatch } from '../storage-status.js';
import type { TallyBroadcaster } from './tally-broadcaster.js';
import { audienceRoom, presenterRoom, presenterViewRoom, type LiveNotifier, type ParleyServer } from './types.js';

export function attachNotifier(io: ParleyServer, sessions: Sessions, broadcaster: TallyBroadcaster, storage: StorageWatch): LiveNotifier {
  // Phones are sent their whole state, once per run of changes (phone-state.ts).
  const { phones } = broadcaster;
  /** Every presenter window of the session is sent the poll's state, each view its own. */
  const tellPollState = (session: Session, poll: PollState): void => {
    for (const view of PRESENTER_VIEWS) {
      io.local.to(presenterViewRoom(session.code, view)).emit('presenter:poll-state', session.presenterPoll(poll, view));
    }
  };
  const live: LiveNotifier = {
    pollChanged(session, poll) {
      tellPollState(session, poll);
      // A self-paced session's phones are told of any poll closed, opened or reset (selfPaced.closed).
      if (session.selfPaced || session.currentPoll() === poll) phones.changed(session);
    },
    slideMoved(session, origin) {
      // The presenter that moved shows the slide already: an echo could pull it back a slide.
      const presenters = io.local.to(presenterRoom(session.code));
      (origin ? presenters.except(origin) : presenters).emit('presenter:slide', session.position);
      // Every window, the one that moved too: it learns here that the slide counts as visited.
      presenters.emit('presenter:visited', [...session.visited]);
      // A self-paced session's phones go their own way: the console's slide is nothing to them.
      if (!session.selfPaced) phones.changed(session);
    },
    discussionChanged(session) {
      // Every presenter view sees the same timer; phones see it in their state.
      io.local.to(presenterRoom(session.code)).emit('presenter:discussion', session.discussionTimer() ?? null);
      if (!session.selfPaced) phones.changed(session);
    },
    sessionEnded(session) {
      for (const poll of session.allPolls()) tellPollState(session, poll);
      io.local.to(presenterRoom(session.code)).emit('presenter:ended', { endedAt: new Date(session.endedAt!).toISOString() });
      phones.changed(session);
    },
    sessionDeleted(code) {
      // Nothing is left to show: the clients are let go (they can join another session).
      phones.cancel(code);
      io.local.in([audienceRoom(code), presenterRoom(code)]).disconnectSockets(true);
    },
    async deckChanged(deck) {
      for (const { session, replacement } of await sessions.replaceDeck(deck)) {
        const presenters = io.local.to(presenterRoom(session.code));
        presenters.emit('presenter:deck', session.deck);
        // Polls may have been added, closed (taken out) or lost answers (an option taken out).
        for (const poll of session.allPolls()) tellPollState(session, poll);
        if (replacement.slideMoved) {
          presenters.emit('presenter:slide', session.position);
          presenters.emit('presenter:visited', [...session.visited]);
        }
        phones.changed(session);
      }
    },
    deckFailed(deckId, errors) {
      for (const session of sessions.liveSessionsOf(deckId)) io.local.to(presenterRoom(session.code)).emit('presenter:deck-errors', errors);
    },
  };

  const show = (session: Session, change: Change, origin?: string): void => {
    switch (change.kind) {
      case 'vote':
        // Tallies are coalesced: one message per tick however many votes arrive. A role given
        // changes the split by role of every poll its participant answered.
        if (change.vote.pollId === ROLE_POLL_ID) {
          for (const answer of session.answersOf(change.vote.participantId)) broadcaster.pollChanged(session, answer.pollId);
        } else broadcaster.pollChanged(session, change.vote.pollId);
        break;
      case 'entry':
        broadcaster.pollChanged(session, change.entry.pollId);
        broadcaster.entryChanged(session, change.entry.pollId, change.entry.id);
        break;
      case 'upvote':
        broadcaster.entryChanged(session, change.upvote.pollId, change.upvote.entryId);
        break;
      case 'poll': {
        const poll = session.findPoll(change.poll.pollId);
        if (poll) live.pollChanged(session, poll);
        break;
      }
      case 'view': {
        // Presenter windows only: nothing changed for the phones.
        const poll = session.findPoll(change.poll.pollId);
        if (poll) tellPollState(session, poll);
        break;
      }
      case 'slide':
        live.slideMoved(session, origin);
        break;
      case 'discussion':
        live.discussionChanged(session);
        break;
      case 'ended':
        live.sessionEnded(session);
        break;
      case 'deleted':
        live.sessionDeleted(session.code);
        break;
    }
  };
  sessions.onChange(show);
  // Read back from the store (changes of another process were missed, or a write's outcome was
  // unknown): every client of the session gets the whole state again.
  sessions.onReload((session) => {
    for (const poll of session.allPolls()) tellPollState(session, poll);
    if (session.endedAt !== null) live.sessionEnded(session);
    io.local.to(presenterRoom(session.code)).emit('presenter:discussion', session.discussionTimer() ?? null);
    live.slideMoved(session);
  });
  // Every presenter window of this process: answers stopped being saved, or are saved again.
  storage.onChange((status) => {
    const rooms = sessions.codes().map(presenterRoom);
    if (rooms.length) io.local.to(rooms).emit('presenter:storage', status);
  });
  return live;
}
