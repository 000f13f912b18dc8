// A line that can repeat many times a second (every write refused while the store fails, every
// reconnection attempt to a Redis that is away) is logged at most once per interval; the next line
// says how many were left out, so that an outage is a few lines in the log, not one per phone.
import type { Logger } from './log.js';

/** One line per second at most, unless told otherwise. */
export const LOG_THROTTLE_MS = 1000;

export class ThrottledLog {
  private lastAt = -Infinity;
  private skipped = 0;

  constructor(
    private readonly log: Logger,
    private readonly intervalMs = LOG_THROTTLE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  error(fields: Record<string, unknown>, message: string): void {
    this.write('error', fields, message);
  }

  warn(fields: Record<string, unknown>, message: string): void {
    this.write('warn', fields, message);
  }

  /** Logged unless a line went out less than the interval ago (then counted in the next one). */
  private write(level: 'error' | 'warn', fields: Record<string, unknown>, message: string): void {
    const now = this.now();
    if (now - this.lastAt < this.intervalMs) {
      this.skipped += 1;
      return;
    }
    this.lastAt = now;
    const skipped = this.skipped;
    this.skipped = 0;
    this.log[level](skipped > 0 ? { ...fields, alikeLeftOut: skipped } : fields, message);
  }
}
