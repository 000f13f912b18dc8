// Coalesces live updates: however many votes arrive, each session's presenters get at most one
// tally message per interval (and phones one results update for a revealed poll, or one board
// update for a Q&A poll), so the broadcast cost is O(listeners) per tick, never
// O(listeners × votes). Text answers and questions reach presenters the same way: the entries
// added or changed since the last tick, in one message per poll. Each presenter view gets the tallies
// as it may see them (a projector: how many answered, until the results are shown) and a projector
// gets no entries of a poll whose results it does not show.
import { PRESENTER_VIEWS } from '../protocol.js';
import type { Session } from '../session/session.js';
import { PhoneStateSender } from './phone-state.js';
import { presenterRoom, presenterViewRoom, type ParleyServer } from './types.js';

export const TALLY_INTERVAL_MS = 100;

interface Pending {
  session: Session;
  /** Polls whose tally changed. */
  polls: Set<string>;
  /** Entries added or changed, by poll id. */
  entries: Map<string, Set<string>>;
}

export class TallyBroadcaster {
  private readonly pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | undefined;
  /** Every state the phones are sent goes through here (this one's results updates too). */
  readonly phones: PhoneStateSender;

  constructor(private readonly io: ParleyServer) {
    this.phones = new PhoneStateSender(io);
  }

  /** A poll's tally changed. */
  pollChanged(session: Session, pollId: string): void {
    this.entry(session).polls.add(pollId);
  }

  /** A text answer or question was added, moderated or upvoted. */
  entryChanged(session: Session, pollId: string, entryId: string): void {
    const { entries } = this.entry(session);
    const ids = entries.get(pollId) ?? new Set<string>();
    ids.add(entryId);
    entries.set(pollId, ids);
  }

  /** The number of connected participants changed. */
  participantsChanged(session: Session): void {
    this.entry(session);
  }

  /** Sends what is pending now, the phones' waiting state too (used on shutdown). */
  flush(): void {
    this.tick();
    this.phones.flush();
  }

  /** The tick: the tallies and entries changed since the last one (the phones' state keeps its own timing). */
  private tick(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = [...this.pending.values()];
    this.pending.clear();
    for (const { session, polls, entries } of batch) this.send(session, polls, entries);
  }

  private entry(session: Session): Pending {
    let entry = this.pending.get(session.code);
    if (!entry) {
      entry = { session, polls: new Set(), entries: new Map() };
      this.pending.set(session.code, entry);
    }
    this.timer ??= setTimeout(() => this.tick(), TALLY_INTERVAL_MS);
    return entry;
  }

  private send(session: Session, pollIds: Set<string>, entries: Map<string, Set<string>>): void {
    // A poll edited out of the deck (`npm run dev`) since it changed has nothing left to send.
    const polls = [...pollIds].flatMap((id) => session.findPoll(id) ?? []);
    for (const view of PRESENTER_VIEWS) {
      const tallies = polls.map((poll) => poll.tallyFor(view));
      this.io.local.to(presenterViewRoom(session.code, view)).emit('presenter:tally', { participants: session.participants, tallies });
    }
    for (const [pollId, ids] of entries) {
      const poll = session.findPoll(pollId);
      if (!poll) continue;
      // An entry of a round that a reset has since closed is no longer there to send.
      const changed = [...ids].flatMap((id) => poll.board?.viewOf(id) ?? []);
      if (!changed.length) continue;
      // Projectors read the entries only once the results are shown (the reveal sends them all).
      const room = poll.resultsShown ? presenterRoom(session.code) : presenterViewRoom(session.code, 'console');
      this.io.local.to(room).emit('presenter:entries', { pollId, round: poll.round, entries: changed });
    }
    const current = session.currentPoll();
    const id = current?.poll.id ?? '';
    // Phones see a revealed poll's results, and a Q&A board (or a revealed word cloud) as it changes.
    const resultsChanged = current?.revealed === true && (pollIds.has(id) || entries.has(id));
    const boardChanged = current?.board?.isPublic === true && entries.has(id);
    // A self-paced session's phones ignore the presenter's slide and its poll (they ask for what they show).
    if (!session.selfPaced && (resultsChanged || boardChanged)) {
      // Coalesced by this tick already: sent now.
      this.phones.sendNow(session);
    }
  }
}
