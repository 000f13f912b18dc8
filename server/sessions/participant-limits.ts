// How often one participant may send text answers and upvotes (votes are limited per socket in
// the socket layer), and the caller's own limit on top (e.g. per network address): taken only
// when both allow the change, given back when the change is not stored.
import { ProtocolFailure } from '../session/failure.js';
import { RateLimiter } from '../session/rate-limit.js';

/** Text answers and questions one participant may send: a burst of a few, then one every few seconds. */
export const TEXT_RATE = { max: 5, windowMs: 30_000 };
/** Upvotes (and taking them back) one participant may make. */
export const UPVOTE_RATE = { max: 30, windowMs: 30_000 };

/** A caller's own limit, applied once the change passed the participant's checks; returns how to give back what it took. */
export type Guard = () => (() => void) | undefined;

const LIMITS = {
  text: { rate: TEXT_RATE, what: 'You are sending answers too fast' },
  upvote: { rate: UPVOTE_RATE, what: 'Too many upvotes at once' },
} as const;

export class ParticipantLimits {
  private readonly limiters = {
    text: new RateLimiter(TEXT_RATE.max, TEXT_RATE.windowMs),
    upvote: new RateLimiter(UPVOTE_RATE.max, UPVOTE_RATE.windowMs),
  };

  /**
   * Runs `change` within the participant's (`key`) limit of this kind and then the caller's
   * `guard`, taking from both only when both allow it, and giving both back when the change throws
   * (e.g. it could not be stored).
   */
  async run(kind: keyof typeof LIMITS, key: string, now: number, guard: Guard | undefined, change: () => Promise<void>): Promise<void> {
    const limiter = this.limiters[kind];
    const waitMs = limiter.wait(key, now);
    if (waitMs > 0) {
      throw new ProtocolFailure('rate_limited', `${LIMITS[kind].what} — wait ${Math.ceil(waitMs / 1000)} s and try again.`);
    }
    const giveBack = guard?.();
    limiter.take(key, now);
    try {
      await change();
    } catch (err) {
      limiter.giveBack(key, now);
      giveBack?.();
      throw err;
    }
  }
}
