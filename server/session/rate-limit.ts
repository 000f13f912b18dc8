// A sliding-window rate limit per key (e.g. session + participant): at most `max` events in any
// `windowMs`. Pure: the caller passes the time.
export class RateLimiter {
  private readonly events = new Map<string, number[]>();
  private takes = 0;

  constructor(
    readonly max: number,
    readonly windowMs: number,
  ) {}

  /** Records an event for `key` and returns 0, or, when over the limit, how many ms to wait (nothing recorded). */
  take(key: string, now: number): number {
    if (++this.takes % 1000 === 0) this.sweep(now);
    const recent = (this.events.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.max) {
      this.events.set(key, recent);
      return recent[0]! + this.windowMs - now;
    }
    recent.push(now);
    this.events.set(key, recent);
    return 0;
  }

  /** Forgets keys with no event in the window, so memory follows active participants only. */
  private sweep(now: number): void {
    for (const [key, times] of this.events) {
      if (times.every((t) => now - t >= this.windowMs)) this.events.delete(key);
    }
  }
}
