// Rate limits per key (a participant, an address…). Pure: the caller passes the time.
//
// RateLimiter: a sliding window — at most `max` events in any `windowMs`.
// TokenBucket: a burst of `burst` events, refilled at `perSecond` — O(1) time and memory per key,
// for the high-volume limits (per address) where a window would keep thousands of timestamps.

export class RateLimiter {
  private readonly events = new Map<string, number[]>();
  private takes = 0;

  constructor(
    readonly max: number,
    readonly windowMs: number,
  ) {}

  /** How many ms until `key` may have another event (0: now). Records nothing. */
  wait(key: string, now: number): number {
    const recent = (this.events.get(key) ?? []).filter((t) => now - t < this.windowMs);
    return recent.length >= this.max ? recent[0]! + this.windowMs - now : 0;
  }

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

  /** Takes back an event recorded at `at` (what it was for did not happen). */
  giveBack(key: string, at: number): void {
    const times = this.events.get(key);
    const i = times?.lastIndexOf(at) ?? -1;
    if (i >= 0) times!.splice(i, 1);
  }

  /** Forgets keys with no event in the window, so memory follows active participants only. */
  private sweep(now: number): void {
    for (const [key, times] of this.events) {
      if (times.every((t) => now - t >= this.windowMs)) this.events.delete(key);
    }
  }
}

export interface Rate {
  /** Events allowed at once (the bucket's size). */
  burst: number;
  /** Events allowed per second once the burst is spent (the refill rate). */
  perSecond: number;
}

export class TokenBucket {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private takes = 0;

  constructor(readonly rate: Rate) {}

  /** How many ms until `key` has a token (0: now). Takes nothing. */
  wait(key: string, now: number): number {
    const tokens = this.tokens(key, now);
    return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / this.rate.perSecond) * 1000);
  }

  /** Takes a token for `key` and returns 0, or, when it has none, how many ms to wait (nothing taken). */
  take(key: string, now: number): number {
    if (++this.takes % 1000 === 0) this.sweep(now);
    const tokens = this.tokens(key, now);
    if (tokens < 1) return Math.ceil(((1 - tokens) / this.rate.perSecond) * 1000);
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    return 0;
  }

  /** Gives back a token taken for `key` (what it was for did not happen). */
  giveBack(key: string, now: number): void {
    const bucket = this.buckets.get(key);
    if (bucket) this.buckets.set(key, { tokens: Math.min(this.rate.burst, this.tokens(key, now) + 1), at: now });
  }

  /** Takes every token `key` has left. */
  drain(key: string, now: number): void {
    this.buckets.set(key, { tokens: Math.min(0, this.tokens(key, now)), at: now });
  }

  /** Keys tracked now (for tests and metrics). */
  get size(): number {
    return this.buckets.size;
  }

  private tokens(key: string, now: number): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return this.rate.burst;
    const refilled = bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * this.rate.perSecond;
    return Math.min(this.rate.burst, refilled);
  }

  /** Forgets full buckets: they are the same as no bucket, so memory follows active keys only. */
  private sweep(now: number): void {
    for (const key of [...this.buckets.keys()]) {
      if (this.tokens(key, now) >= this.rate.burst) this.buckets.delete(key);
    }
  }
}
