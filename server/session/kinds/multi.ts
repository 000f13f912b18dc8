// Multi-choice polls: any number of the options, or at most the deck's `limit`.
import type { MultiPoll } from '../../deck/types.js';
import { countEach, optionsProblem, sameOptions } from './choice.js';
import type { ChoiceKind } from './kind.js';

export const multi: ChoiceKind<MultiPoll> = {
  answers: 'options',
  problem(poll, optionIds) {
    const problem = optionsProblem(poll, optionIds);
    if (problem || poll.limit === undefined || optionIds.length <= poll.limit) return problem;
    return `Choose at most ${poll.limit} options.`;
  },
  same: sameOptions,
  counter: (poll) => countEach(poll),
};
