// How often one participant may send text answers and upvotes (votes and joins are limited in
// the socket layer), and the caller's own limit on top (e.g. per network address): both are taken
// before the change, the caller's only once the participant's allowed it, and both are given back
// when the change is refused or not stored. Counted in this process's memory (rate-limiter-flexible):
// a participant's messages all come through its one connection.
import { ProtocolFailure } from '../session/failure.js';
import { type GiveBack, WindowLimit } from '../rate-limit.js';

/** Text answers and questions one participant may send: a burst of a few, then more once the window is over. */
export const TEXT_RATE = { max: 5, windowMs: 30_000 };
/** Upvotes (and taking them back) one participant may make. */
export const UPVOTE_RATE = { max: 30, windowMs: 30_000 };

/** A caller's own limit, applied once the participant's allowed the change: throws to refuse, returns how to give back what it took. */
export type Guard = () => Promise<GiveBack>;

const LIMITS = {
  text: { rate: TEXT_RATE, what: 'You are sending answers too fast' },
  upvote: { rate: UPVOTE_RATE, what: 'Too many upvotes at once' },
} as const;

export class ParticipantLimits {
  private readonly limiters = {
    text: new WindowLimit(TEXT_RATE, 'participant:text'),
    upvote: new WindowLimit(UPVOTE_RATE, 'participant:upvote'),
  };

  /**
   * Takes from the participant's (`key`) limit of this kind and then from the caller's `guard`,
   * and runs `change` (which decides and stores it); gives back whatever was taken when the guard
   * refuses or the change throws (it was refused, or could not be stored).
   */
  async run(kind: keyof typeof LIMITS, key: string, guard: Guard | undefined, change: () => Promise<void>): Promise<void> {
    const own = await this.limiters[kind].take(key);
    if (!own.taken) {
      throw new ProtocolFailure('rate_limited', `${LIMITS[kind].what} — wait ${Math.max(1, Math.ceil(own.waitMs / 1000))} s and try again.`);
    }
    let giveBack: GiveBack | undefined;
    try {
      giveBack = await guard?.();
      await change();
    } catch (err) {
      await Promise.all([own.giveBack(), giveBack?.()]);
      throw err;
    }
  }
}
