// What a presenter changes — slides, polls (open, close, reveal, timers, chart view), entries'
// moderation, the discussion timer, the end or deletion of a session, and `npm run dev`'s deck
// edits: one action at a time per session, decided against the session as it is, then committed
// before it is acknowledged.
import type { Change } from '../cluster/peers.js';
import type { Deck, SlidePosition } from '../deck/types.js';
import type { ChartView, Entry, ModerateAction, PollAction, SlideTimer } from '../protocol.js';
import type { SerialQueue } from '../serial.js';
import type { PollSnapshot, PollState } from '../session/poll.js';
import type { DeckReplacement, Session } from '../session/session.js';
import type { Store } from '../store/store.js';
import type { LiveSessions } from './cache.js';
import type { Commits } from './commit.js';
import type { PollTimers } from './timers.js';

export class PresenterActions {
  constructor(
    private readonly commits: Commits,
    /** One action at a time per session, timers' included (see SerialQueue). */
    private readonly queue: SerialQueue,
    private readonly now: () => number,
    private readonly store: Store,
    private readonly cache: LiveSessions,
    private readonly timers: PollTimers,
    /** The decks sessions can be started from, which `replaceDeck` replaces. */
    private readonly decks: Map<string, Deck>,
  ) {}

  /** The presenter hides, shows (approves) or marks answered one entry. */
  async moderate(session: Session, pollId: string, entryId: string, action: ModerateAction): Promise<{ entry: Entry; changed: boolean }> {
    return this.queue.run(presenterKey(session), async () => {
      const poll = session.poll(pollId);
      const { entry, changed } = poll.decideModeration(entryId, action, this.now());
      if (changed) await this.commits.commit({ kind: 'entry', entry: { code: session.code, pollId, round: poll.round, ...entry } });
      return { entry: poll.entryView(entry), changed };
    });
  }

  async control(session: Session, pollId: string, action: PollAction): Promise<{ poll: PollState; changed: boolean }> {
    return this.queue.run(presenterKey(session), async () => {
      const { poll, next } = session.decideControl(pollId, action, this.now());
      if (next) await this.commits.commit(pollChange(session, pollId, next));
      return { poll, changed: next !== null };
    });
  }

  /** Starts, restarts or stops (`null`) the timer of an open poll. */
  async setTimer(session: Session, pollId: string, seconds: number | null): Promise<{ poll: PollState; changed: boolean }> {
    return this.queue.run(presenterKey(session), async () => {
      const { poll, next } = session.decideTimer(pollId, seconds, this.now());
      if (next) await this.commits.commit(pollChange(session, pollId, next));
      return { poll, changed: next !== null };
    });
  }

  /** Shows a poll's chart as `view` on every presenter window (stored with the poll's state; phones are not told). */
  async setView(session: Session, pollId: string, view: ChartView): Promise<{ poll: PollState; changed: boolean }> {
    return this.queue.run(presenterKey(session), async () => {
      const { poll, next } = session.decideView(pollId, view);
      if (next) await this.commits.commit({ kind: 'view', poll: { code: session.code, pollId, ...next } });
      return { poll, changed: next !== null };
    });
  }

  /**
   * Starts, restarts (`seconds`) or stops (`null`) the session's discussion timer, on the current
   * slide. Nothing runs it out: clients count down and show "Time" at 0:00 (no state changes then).
   */
  async discuss(session: Session, seconds: number | null): Promise<{ timer: SlideTimer | null; changed: boolean }> {
    return this.queue.run(presenterKey(session), async () => {
      const decided = session.decideDiscussion(seconds, this.now());
      if (decided) await this.commits.commit({ kind: 'discussion', code: session.code, timer: decided.next });
      return { timer: session.discussionTimer() ?? null, changed: decided !== null };
    });
  }

  /**
   * `npm run dev`: a deck file changed and parsed. New sessions start from it, and every live
   * session of that deck not yet ended runs it from now on (Session.replaceDeck), stored as the
   * session's deck so that a restart carries on with it.
   */
  async replaceDeck(deck: Deck): Promise<{ session: Session; replacement: DeckReplacement }[]> {
    this.decks.set(deck.id, deck);
    const replaced = this.cache.ofDeck(deck.id).map((session) => {
      const replacement = session.replaceDeck(deck, this.now());
      for (const poll of replacement.closed) this.timers.schedule(session, poll);
      return { session, replacement };
    });
    // The edit is applied already (it is no answer of anybody's, and a file on disk holds it);
    // what it closed and moved is stored, and told, like any change.
    await Promise.all(
      replaced.flatMap(({ session, replacement }) => [
        this.store.saveDeck(session.code, deck),
        this.commits.commitAll([
          ...replacement.closed.map((poll) => pollChange(session, poll.poll.id, poll.snapshot())),
          ...(replacement.slideMoved ? [{ kind: 'slide', code: session.code, slide: session.position, visited: session.visited } as const] : []),
        ]),
      ]),
    );
    return replaced;
  }

  /** Moves the session to a slide; false when it was there already. `origin`: as for `Mirror.apply`. */
  async goto(session: Session, position: SlidePosition, origin?: string): Promise<boolean> {
    return this.queue.run(presenterKey(session), async () => {
      const move = session.decideGoto(position);
      if (move) await this.commits.commit({ kind: 'slide', code: session.code, slide: move.slide, visited: move.visited }, origin);
      return move !== null;
    });
  }

  /** Ends a session: open polls close, phones are told, no more votes. Returns the polls it closed. */
  async end(session: Session): Promise<PollState[]> {
    return this.queue.run(presenterKey(session), async () => {
      const ending = session.decideEnd(this.now());
      if (!ending) return [];
      // The polls close before the session ends, so that a failure part-way never leaves an ended session with an open poll.
      await this.commits.commitAll(ending.closed.map(({ poll, next }) => pollChange(session, poll.poll.id, next)));
      await this.commits.commit({ kind: 'ended', code: session.code, endedAt: ending.endedAt });
      return ending.closed.map(({ poll }) => poll);
    });
  }

  /** Deletes a session and everything recorded in it. */
  async delete(code: string): Promise<void> {
    await this.commits.commit({ kind: 'deleted', code });
  }
}

/** The presenter's actions on a session (and its timers), one at a time. */
const presenterKey = (session: Session): string => session.code;

function pollChange(session: Session, pollId: string, snapshot: PollSnapshot): Change {
  return { kind: 'poll', poll: { code: session.code, pollId, ...snapshot } };
}
