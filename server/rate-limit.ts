// Rate limits on rate-limiter-flexible: events per key (a participant, a network address) counted
// in fixed windows — in this process's memory, or, for the limits that must hold across every
// process serving one audience (REDIS_URL), in Redis. A Redis count is insured by one in memory:
// while Redis is away (or does not answer within LIMIT_TIMEOUT_MS) this process counts on its own,
// so that a Redis outage never refuses or holds up anything for the limits' sake.
// Used by the socket layer and the HTTP routes (per address) and by the live sessions (per
// participant); it knows nothing of either.
import type { Redis } from 'ioredis';
import {
  BurstyRateLimiter,
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  RLWrapperTimeouts,
} from 'rate-limiter-flexible';

/** A burst of `burst` events at once, then `perSecond` a second (see BurstLimit). */
export interface Rate {
  /** Events allowed at once. */
  burst: number;
  /** Events allowed per second once the burst is spent. */
  perSecond: number;
}

/** Counts kept in a Redis that every Parley process shares (REDIS_URL), under REDIS_KEY_PREFIX. */
export interface SharedCounts {
  /** A connected client of Parley's own (store role: no offline queue), used for nothing else. */
  client: Redis;
  keyPrefix: string;
}

/**
 * How long a count waits for Redis before this process's memory counts instead: a connection
 * that looks alive but does not answer holds no join or vote up for longer.
 */
export const LIMIT_TIMEOUT_MS = 1000;

/**
 * Gives back an event that was taken (what it was for did not happen): there is room for one more
 * while the window it was counted in lasts — unless attempts were refused in that window since
 * (rate-limiter-flexible counts every attempt, refused ones too).
 */
export type GiveBack = () => Promise<void>;

/** An event taken (and how to give it back), or refused (and how long to wait). */
export type Take = { taken: true; giveBack: GiveBack } | { taken: false; waitMs: number };

/**
 * One fixed-window counter: `points` events per `seconds` per key, the window starting at a key's
 * first event (RateLimiterMemory, or RateLimiterRedis insured by a RateLimiterMemory).
 */
function counter(points: number, seconds: number, name: string, shared: SharedCounts | undefined): RateLimiterAbstract {
  const options = { points, duration: seconds, keyPrefix: `${shared?.keyPrefix ?? ''}limit:${name}` };
  if (!shared) return new RateLimiterMemory(options);
  return new RLWrapperTimeouts({
    limiter: new RateLimiterRedis({
      ...options,
      storeClient: shared.client,
      // Fails at once while the connection is down (the client keeps no offline queue either).
      rejectIfRedisNotReady: true,
      // A key found over its count is refused from this process's memory until its window ends:
      // a flood past the limit costs Redis nothing.
      inMemoryBlockOnConsumed: points + 1,
    }),
    timeoutMs: LIMIT_TIMEOUT_MS,
    // On the wrapper, not the Redis limiter: a command that times out and fails later is then
    // counted in memory once, not twice.
    insuranceLimiter: new RateLimiterMemory(options),
  });
}

/**
 * A give-back for an event counted in a window ending `msLeft` from now: once that window is over
 * the event no longer counts, and giving it back would make room in the next one.
 */
function giveBackWithin(limiter: RateLimiterAbstract, key: string, msLeft: number): GiveBack {
  const until = Date.now() + msLeft;
  return async () => {
    if (Date.now() < until) await limiter.reward(key);
  };
}

/** Takes one event of `limiter` for `key` through `consume`: a library refusal is a `Take`, any other error is thrown. */
async function consumed(consume: () => Promise<RateLimiterRes>, giveBack: (res: RateLimiterRes) => GiveBack): Promise<Take> {
  try {
    const res = await consume();
    return { taken: true, giveBack: giveBack(res) };
  } catch (err) {
    if (err instanceof RateLimiterRes) return { taken: false, waitMs: err.msBeforeNext };
    throw err;
  }
}

/** At most `max` events per `windowMs` per key (a window starts at a key's first event). In memory. */
export class WindowLimit {
  private readonly limiter: RateLimiterAbstract;

  constructor(rate: { max: number; windowMs: number }, name: string) {
    this.limiter = counter(rate.max, rate.windowMs / 1000, name, undefined);
  }

  take(key: string): Promise<Take> {
    return consumed(
      () => this.limiter.consume(key),
      (res) => giveBackWithin(this.limiter, key, res.msBeforeNext),
    );
  }
}

/**
 * "A burst of B, then R a second", as rate-limiter-flexible's BurstyRateLimiter composes it: R
 * events in each one-second window (one event per 1/R s when R < 1), and beyond them an allowance
 * of B − R more, which comes back B / R seconds after it was first drawn on — the time the whole
 * burst takes to earn back at R a second. So B pass at once and R a second after that; a flood that
 * never stops gets R a second plus the allowance once per B / R seconds (under 2R on average).
 * With `shared`, every process counts in the same Redis keys.
 */
export class BurstLimit {
  private readonly steady: RateLimiterAbstract;
  private readonly extra: RateLimiterAbstract;
  private readonly bursty: BurstyRateLimiter;
  private readonly steadyPoints: number;
  private readonly extraPoints: number;

  constructor(rate: Rate, name: string, shared?: SharedCounts) {
    const window = Math.max(1, Math.round(1 / rate.perSecond));
    this.steadyPoints = Math.max(1, Math.round(rate.perSecond * window));
    this.extraPoints = Math.max(0, rate.burst - this.steadyPoints);
    this.steady = counter(this.steadyPoints, window, name, shared);
    this.extra = counter(this.extraPoints, Math.ceil(rate.burst / rate.perSecond), `${name}:burst`, shared);
    this.bursty = new BurstyRateLimiter(this.steady, this.extra);
  }

  /** Takes one event for `key`, or says how long to wait (a refused event takes nothing that was left). */
  take(key: string): Promise<Take> {
    return consumed(
      () => this.bursty.consume(key),
      (res) => {
        // Beyond the steady count (or refused by it from memory, which reports 0), the event was the allowance's.
        if (res.consumedPoints === 0 || res.consumedPoints > this.steadyPoints) return giveBackWithin(this.extra, key, res.msBeforeNext);
        const until = Date.now() + res.msBeforeNext;
        return async () => {
          if (Date.now() >= until) return;
          const left = await this.steady.reward(key);
          // The steady count also counts every event that went on to the allowance: once that
          // happened in this window, the room an event given back leaves is in the allowance.
          if (left.consumedPoints >= this.steadyPoints) await this.extra.reward(key);
        };
      },
    );
  }

  /** How many ms until `key` may have another event (0: now). Takes nothing. */
  async waitMs(key: string): Promise<number> {
    const [steady, extra] = await Promise.all([this.steady.get(key), this.extra.get(key)]);
    if (!steady || steady.consumedPoints < this.steadyPoints) return 0;
    if (this.extraPoints === 0) return steady.msBeforeNext;
    if (!extra || extra.consumedPoints < this.extraPoints) return 0;
    return Math.min(steady.msBeforeNext, extra.msBeforeNext);
  }

  /** Uses up the burst of `key`: from now on it gets the steady rate only, until the allowance comes back. */
  async useUpBurst(key: string): Promise<void> {
    if (this.extraPoints > 0) await this.extra.penalty(key, this.extraPoints);
  }
}
