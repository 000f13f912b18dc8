// Rating polls: one rating of 1…max (the options' ids), and the average rating.
import type { ScalePoll } from '../../deck/types.js';
import { countEach, oneOptionProblem, sameOptions } from './choice.js';
import type { ChoiceKind } from './kind.js';

export const scale: ChoiceKind<ScalePoll> = {
  answers: 'options',
  problem: oneOptionProblem,
  same: sameOptions,
  counter: (poll) => countEach(poll, (counts) => ({ mean: scaleMean(counts) })),
};

/** The average rating (option ids are the ratings), to two decimals; undefined with no answers. */
function scaleMean(counts: Record<string, number>): number | undefined {
  let total = 0;
  let sum = 0;
  for (const [rating, count] of Object.entries(counts)) {
    total += count;
    sum += Number(rating) * count;
  }
  return total ? Math.round((sum / total) * 100) / 100 : undefined;
}
