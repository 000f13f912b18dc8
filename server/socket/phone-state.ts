// What the phones are sent: only ever their whole `audience:state`, so a state sent a moment later
// replaces every one before it. A presenter's steps that come together (a slide and its poll
// opened, a poll closed and its results shown) reach each phone as one message, not one each:
// with thousands of phones, every message is thousands of sends on a shared Wi-Fi.
import type { Session } from '../session/session.js';
import { audienceRoom, type ParleyServer } from './types.js';

/** A change waits this long for the next one (each one sent at most this late, when none follows). */
export const PHONE_STATE_DELAY_MS = 40;
/** However many changes follow each other, the phones are sent the state at most this long after the first. */
export const PHONE_STATE_MAX_WAIT_MS = 200;

/**
 * Runs of changes per key: `schedule` runs the last function given for a key once no other
 * follows within PHONE_STATE_DELAY_MS, and at most PHONE_STATE_MAX_WAIT_MS after the first.
 * (The bench's floor sends its state messages through it too, so that both send as many.)
 */
export class RunsOfChanges {
  private readonly pending = new Map<string, { since: number; timer: NodeJS.Timeout; run: () => void }>();

  schedule(key: string, run: () => void): void {
    const now = Date.now();
    const earlier = this.pending.get(key);
    if (earlier) clearTimeout(earlier.timer);
    const since = earlier?.since ?? now;
    const due = Math.min(now + PHONE_STATE_DELAY_MS, since + PHONE_STATE_MAX_WAIT_MS);
    const timer = setTimeout(() => {
      this.pending.delete(key);
      run();
    }, due - now);
    // A run waiting to go never holds a stopping process up (shutdown calls flush).
    timer.unref();
    this.pending.set(key, { since, timer, run });
  }

  /** Drops what waits for the key. */
  cancel(key: string): void {
    const waiting = this.pending.get(key);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.pending.delete(key);
  }

  /** Runs everything waiting now. */
  flush(): void {
    for (const [key, { run }] of [...this.pending]) {
      this.cancel(key);
      run();
    }
  }
}

export class PhoneStateSender {
  private readonly runs = new RunsOfChanges();

  constructor(private readonly io: ParleyServer) {}

  /** The session's state changed for its phones: sent once no other change follows within PHONE_STATE_DELAY_MS. */
  changed(session: Session): void {
    this.runs.schedule(session.code, () => this.send(session));
  }

  /** Sends the session's state now (what was waiting goes with it). */
  sendNow(session: Session): void {
    this.runs.cancel(session.code);
    this.send(session);
  }

  /** Nothing more to send for this session (it was deleted: its phones are let go). */
  cancel(code: string): void {
    this.runs.cancel(code);
  }

  /** Sends everything waiting now (on shutdown). */
  flush(): void {
    this.runs.flush();
  }

  private send(session: Session): void {
    this.io.local.to(audienceRoom(session.code)).emit('audience:state', session.audienceState());
  }
}
