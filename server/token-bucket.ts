// Token buckets decided synchronously, for the limits every vote and every packet pass through:
// one connection's message budget (socket/limits.ts MessageBudget) and a participant's joins and
// votes. They live in this process only (a participant's messages all come through its one
// connection), so nothing is shared and nothing needs a promise; rate-limiter-flexible
// (rate-limit.ts) keeps the per-address counts, which may live in Redis. Measured in
// `npm run bench`: rate-limiter-flexible's in-memory count cost every vote four promises, a
// result object and a timer per key and window (docs/performance.md).
import type { Rate } from './rate-limit.js';

/**
 * Both kinds of bucket below keep, per bucket, one number: when it will be full again (the generic
 * cell rate algorithm's "theoretical arrival time"). Each event moves that time on by 1 / perSecond;
 * an event is refused while that would leave it further ahead of now than the burst allows.
 */
class Cadence {
  /** ms one event adds. */
  readonly interval: number;
  /** How far ahead of now the time may be, the event just taken included. */
  readonly room: number;

  constructor(rate: Rate) {
    this.interval = 1000 / rate.perSecond;
    this.room = rate.burst * this.interval;
  }

  /** When the bucket is full again once one more event is taken at `now` (`held`: before it; undefined: full). */
  next(held: number | undefined, now: number): number {
    // Never stored further ahead than the burst allows: the clock was set back since. Counted
    // afresh rather than refused until the clock catches up.
    const from = held === undefined || held - now > this.room ? now : Math.max(held, now);
    return from + this.interval;
  }

  /** 0 when an event whose bucket would be full again at `next` may be taken at `now`, else how many ms to wait. */
  waitMs(next: number, now: number): number {
    return Math.max(0, Math.ceil(next - now - this.room));
  }

  /** When the bucket is full again once an event taken is given back (never beyond the burst). */
  back(held: number, now: number): number {
    return Math.max(now, held - this.interval);
  }
}

/** One Cadence per rate: a connection's bucket holds a reference, not a copy (one per socket). */
const cadences = new WeakMap<Rate, Cadence>();
function cadenceOf(rate: Rate): Cadence {
  let cadence = cadences.get(rate);
  if (!cadence) {
    cadence = new Cadence(rate);
    cadences.set(rate, cadence);
  }
  return cadence;
}

/** `burst` events at once, then `perSecond`: one bucket (a connection's). */
export class TokenBucket {
  private readonly cadence: Cadence;
  private fullAt: number | undefined;

  constructor(rate: Rate) {
    this.cadence = cadenceOf(rate);
  }

  /** Takes an event at `now`: 0 when taken, else how many ms until one may be (nothing taken). */
  take(now: number): number {
    const next = this.cadence.next(this.fullAt, now);
    const wait = this.cadence.waitMs(next, now);
    if (wait === 0) this.fullAt = next;
    return wait;
  }

  /** Gives an event back (what it was taken for did not happen). */
  giveBack(now: number): void {
    if (this.fullAt !== undefined) this.fullAt = this.cadence.back(this.fullAt, now);
  }
}

/** How often full buckets are dropped: memory follows the keys active lately, not every key ever seen. */
const SWEEP_EVERY_MS = 60_000;

/**
 * A bucket per key (a participant, in a group: their session), kept as one number (see Cadence), in
 * ms from this object's start so that it stays a small integer. A key whose bucket is full again
 * holds nothing a new one would not: it is dropped at the next sweep. Keyed by group, then key,
 * rather than by one string made of both: the two strings a socket holds keep their hashes, where a
 * string made per vote would be hashed afresh each time.
 */
export class KeyedBuckets {
  private readonly groups = new Map<string, Map<string, number>>();
  private readonly start = Date.now();
  private sweptAt = 0;
  private readonly cadence: Cadence;

  constructor(rate: Rate) {
    this.cadence = new Cadence(rate);
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
    const next = this.cadence.next(fullAt.get(key), now);
    const wait = this.cadence.waitMs(next, now);
    if (wait === 0) fullAt.set(key, next);
    return wait;
  }

  /** Gives back an event taken for `key` of `group` (a key already dropped was full: nothing to give back). */
  giveBack(group: string, key: string): void {
    const fullAt = this.groups.get(group);
    const at = fullAt?.get(key);
    if (fullAt && at !== undefined) fullAt.set(key, this.cadence.back(at, Date.now() - this.start));
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
