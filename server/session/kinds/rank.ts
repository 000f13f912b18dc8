// Rankings: every option once, in the participant's order (first = best). An option counts as
// chosen when put first, and each option has its average position.
import type { RankPoll } from '../../deck/types.js';
import { optionsProblem } from './choice.js';
import type { ChoiceKind } from './kind.js';

export const rank: ChoiceKind<RankPoll> = {
  answers: 'options',
  problem(poll, optionIds) {
    const problem = optionsProblem(poll, optionIds);
    if (problem || optionIds.length === poll.options.length) return problem;
    return 'Put every option in order.';
  },
  // The order is the answer.
  same: (a, b) => a.length === b.length && a.every((id, i) => b[i] === id),
  counter(poll) {
    const firsts = new Map(poll.options.map((o) => [o.id, 0]));
    /** The sum of each option's positions (1 = first) over the answers. */
    const positionSums = new Map(firsts);
    return {
      add(optionIds, sign) {
        for (const [i, id] of optionIds.entries()) positionSums.set(id, (positionSums.get(id) ?? 0) + sign * (i + 1));
        const first = optionIds[0];
        if (first !== undefined) firsts.set(first, (firsts.get(first) ?? 0) + sign);
      },
      read(respondents) {
        const counts = Object.fromEntries(firsts);
        if (!respondents) return { counts };
        const positions = Object.fromEntries([...positionSums].map(([id, sum]) => [id, Math.round((sum / respondents) * 100) / 100]));
        return { counts, positions };
      },
    };
  },
};
