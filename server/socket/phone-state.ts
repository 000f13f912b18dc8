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

interface Pending {
  session: Session;
  /** When the first change not yet sent was made. */
  since: number;
  timer: NodeJS.Timeout;
}

export class PhoneStateSender {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly io: ParleyServer) {}

  /** The session's state changed for its phones: sent once no other change follows within PHONE_STATE_DELAY_MS. */
  changed(session: Session): void {
    const now = Date.now();
    const earlier = this.pending.get(session.code);
    if (earlier) clearTimeout(earlier.timer);
    const since = earlier?.since ?? now;
    const due = Math.min(now + PHONE_STATE_DELAY_MS, since + PHONE_STATE_MAX_WAIT_MS);
    const timer = setTimeout(() => this.sendNow(session), due - now);
    // A state waiting to go never holds a stopping server up (shutdown sends it: flush).
    timer.unref();
    this.pending.set(session.code, { session, since, timer });
  }

  /** Sends the session's state now (what was waiting goes with it). */
  sendNow(session: Session): void {
    this.cancel(session.code);
    this.io.local.to(audienceRoom(session.code)).emit('audience:state', session.audienceState());
  }

  /** Nothing more to send for this session (it was deleted: its phones are let go). */
  cancel(code: string): void {
    const waiting = this.pending.get(code);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.pending.delete(code);
  }

  /** Sends everything waiting now (on shutdown). */
  flush(): void {
    for (const { session } of [...this.pending.values()]) this.sendNow(session);
  }
}
