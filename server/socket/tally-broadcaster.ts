// Coalesces live updates: however many votes arrive, each session's presenters get at most one
// tally message per interval (and phones one results update for a revealed poll), so the
// broadcast cost is O(listeners) per tick, never O(listeners × votes).
import type { Session } from '../session/session.js';
import { audienceRoom, presenterRoom, type ParleyServer } from './types.js';

export const TALLY_INTERVAL_MS = 100;

interface Pending {
  session: Session;
  polls: Set<string>;
}

export class TallyBroadcaster {
  private readonly pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly io: ParleyServer) {}

  /** A poll's tally changed. */
  pollChanged(session: Session, pollId: string): void {
    this.entry(session).polls.add(pollId);
  }

  /** The number of connected participants changed. */
  participantsChanged(session: Session): void {
    this.entry(session);
  }

  /** Sends what is pending now (used on shutdown). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = [...this.pending.values()];
    this.pending.clear();
    for (const { session, polls } of batch) this.send(session, polls);
  }

  private entry(session: Session): Pending {
    let entry = this.pending.get(session.code);
    if (!entry) {
      entry = { session, polls: new Set() };
      this.pending.set(session.code, entry);
    }
    this.timer ??= setTimeout(() => this.flush(), TALLY_INTERVAL_MS);
    return entry;
  }

  private send(session: Session, pollIds: Set<string>): void {
    const tallies = [...pollIds].map((id) => session.poll(id).tally());
    this.io.to(presenterRoom(session.code)).emit('presenter:tally', { participants: session.participants, tallies });
    const current = session.currentPoll();
    if (current?.revealed && pollIds.has(current.poll.id)) {
      this.io.to(audienceRoom(session.code)).emit('audience:state', session.audienceState());
    }
  }
}
