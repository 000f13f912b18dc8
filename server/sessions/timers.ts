// Poll timers: when one runs out, its poll closes exactly as when the presenter closes it. Every
// process serving the session has the timer; the one that claims it closes the poll, and keeps
// trying until that is stored (the others hear of it as of any change).
import type { Peers } from '../cluster/peers.js';
import type { PollState } from '../session/poll.js';
import type { Session } from '../session/session.js';
import { Deadlines, type Scheduler } from '../session/timers.js';

/** How long one process holds the right to close a poll whose timer ran out. */
const TIMER_CLAIM_MS = 60_000;
/** How soon closing a timed-out poll is tried again when the store refused it. */
export const TIMER_RETRY_MS = 1000;

/** A poll timer ran out but closing the poll failed (it is tried again TIMER_RETRY_MS later, until it is stored). */
export interface TimerFailure {
  session: Session;
  pollId: string;
  error: unknown;
}

/** What running a timer out needs of the sessions. */
export interface TimedSessions {
  /** Whether `session` is still the one in memory (not deleted, nor dropped, meanwhile). */
  holds(session: Session): boolean;
  /** Closes the poll as the presenter does (stored, applied, told). */
  close(session: Session, pollId: string): Promise<unknown>;
}

export class PollTimers {
  /** Keyed `code/pollId`. */
  private readonly deadlines: Deadlines;
  private failed: (failure: TimerFailure) => void = () => {};

  constructor(
    private readonly now: () => number,
    scheduler: Scheduler | undefined,
    private readonly peers: Peers,
    private readonly sessions: TimedSessions,
  ) {
    this.deadlines = new Deadlines(now, scheduler);
  }

  /** Who hears of a timer that ran out but whose poll could not be closed (the log). */
  onFailed(listener: (failure: TimerFailure) => void): void {
    this.failed = listener;
  }

  /** Keeps the poll's wake-up in line with its timer: set while one runs, cancelled otherwise. */
  schedule(session: Session, poll: PollState): void {
    const key = `${session.code}/${poll.poll.id}`;
    if (poll.timer) this.deadlines.set(key, poll.timer.endsAt, () => void this.expire(session, poll.poll.id));
    else this.deadlines.cancel(key);
  }

  /** Cancels a session's timers (it left memory). */
  forget(code: string): void {
    this.deadlines.cancelAll(`${code}/`);
  }

  /** Cancels every pending timer (shutdown): the stored deadlines resume after a restart. */
  stop(): void {
    this.deadlines.cancelAll();
  }

  private async expire(session: Session, pollId: string, claimed = false): Promise<void> {
    // The session was deleted, or the poll edited out of the deck, meanwhile.
    if (!this.sessions.holds(session)) return;
    const poll = session.findPoll(pollId);
    if (!poll?.timer) return;
    if (!poll.timerExpired(this.now())) {
      this.schedule(session, poll); // woken a little early (clock adjustments)
      return;
    }
    try {
      // Every process serving the session has this timer; one of them closes the poll, and the
      // others hear of it as of any change. The one that claimed it keeps trying until it is stored.
      if (!claimed && !(await this.peers.claim(`timer:${session.code}/${pollId}/${poll.timer.endsAt}`, TIMER_CLAIM_MS))) return;
      claimed = true;
      await this.sessions.close(session, pollId);
    } catch (error) {
      this.failed({ session, pollId, error });
      this.deadlines.set(`${session.code}/${pollId}`, this.now() + TIMER_RETRY_MS, () => void this.expire(session, pollId, claimed));
    }
  }
}
