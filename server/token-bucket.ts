// Token buckets decided synchronously, for the limits every vote and every packet pass through:
// one connection's message budget (socket/limits.ts MessageBudget) and a participant's joins and
// votes. They live in this process only (a participant's messages all come through its one
// connection), so nothing is shared and nothing needs a promise; rate-limiter-flexible
// (rate-limit.ts) keeps the per-address counts, which may live in Redis. Measured in
// `npm run bench`: rate-limiter-flexible's in-memory count cost every vote four promises, a
// result object and a timer per key and window (docs/performance.md).
import type { Rate } from './rate-limit.js';

/** `burst` tokens at most, refilled at `perSecond`; one event takes one. */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly rate: Rate,
    now: number,
  ) {
    this.tokens = rate.burst;
    this.at = now;
  }

  /** Takes a token: 0 when taken, else how many ms until one is there (nothing taken). */
  take(now: number): number {
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / this.rate.perSecond) * 1000);
  }

  /** Puts a token back (the event it was taken for did not happen); never beyond the burst. */
  giveBack(now: number): void {
    this.refill(now);
    this.tokens = Math.min(this.rate.burst, this.tokens + 1);
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.rate.burst, this.tokens + (Math.max(0, now - this.at) / 1000) * this.rate.perSecond);
    this.at = now;
  }
}

/** How often full buckets are dropped: memory follows the keys active lately, not every key ever seen. */
const SWEEP_EVERY_MS = 60_000;

/**
 * A token bucket per key (a participant, in a group: their session), kept as one number: when the
 * key's bucket will be full again (the generic cell rate algorithm's "theoretical arrival time"),
 * in ms from this object's start, so that it stays a small integer. Each event moves that time on
 * by 1 / perSecond; an event is refused while that would leave it further ahead than the burst
 * allows. A key whose bucket is full again holds nothing a new one would not: it is dropped at the
 * next sweep. Keyed by group, then key, rather than by one string made of both: the two strings a
 * socket holds keep their hashes, where a string made per vote would be hashed afresh each time.
 */
export class KeyedBuckets {
  private readonly groups = new Map<string, Map<string, number>>();
  private readonly start = Date.now();
  private sweptAt = 0;
  /** ms one event adds. */
  private readonly interval: number;
  /** How far ahead of now the time may be, the event just taken included. */
  private readonly room: number;

  constructor(rate: Rate) {
    this.interval = 1000 / rate.perSecond;
    this.room = rate.burst * this.interval;
  }

  /** Takes one event for `key` of `group`: 0 when taken, else how many ms to wait (nothing taken). */
  take(group: string, key: string): number {
    const now = Date.now() - this.start;
    if (now - this.sweptAt >= SWEEP_EVERY_MS) this.sweep(now);
    let fullAt = this.groups.get(group);
    if (!fullAt) {
      fullAt = new Map();
      this.groups.set(group, fullAt);
    }
    let held = fullAt.get(key);
    // Never stored further ahead than the burst allows: the clock was set back since. Counted
    // afresh rather than refused until the clock catches up.
    if (held !== undefined && held - now > this.room) held = undefined;
    const next = Math.max(held ?? now, now) + this.interval;
    if (next - now > this.room) return Math.ceil(next - now - this.room);
    fullAt.set(key, next);
    return 0;
  }

  /** Gives back an event taken for `key` of `group` (a key already dropped was full: nothing to give back). */
  giveBack(group: string, key: string): void {
    const fullAt = this.groups.get(group);
    const at = fullAt?.get(key);
    if (fullAt && at !== undefined) fullAt.set(key, Math.max(Date.now() - this.start, at - this.interval));
  }

  /** Keys held now, over every group (tests: memory follows the active keys). */
  get size(): number {
    let size = 0;
    for (const fullAt of this.groups.values()) size += fullAt.size;
    return size;
  }

  private sweep(now: number): void {
    this.sweptAt = now;
    for (const [group, fullAt] of this.groups) {
      for (const [key, at] of fullAt) if (at <= now) fullAt.delete(key);
      if (fullAt.size === 0) this.groups.delete(group);
    }
  }
}
