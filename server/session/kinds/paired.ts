// Paired single-choice polls (`ask: [should, would]`): one option per question, in the deck's
// order of the questions; each question counted on its own, and the gap between them — how many
// answered the two differently — counted as answers come and go.
import type { SinglePoll } from '../../deck/types.js';
import { optionsProblem } from './choice.js';
import type { ChoiceKind } from './kind.js';

export const paired: ChoiceKind<SinglePoll> = {
  answers: 'options',
  problem(poll, optionIds) {
    const asks = poll.ask ?? [];
    if (optionIds.length !== asks.length) return `Answer each question: ${asks.map((a) => a.question).join(' / ')}`;
    // The same option may answer both questions: that is no gap.
    return optionsProblem(poll, [...new Set(optionIds)]);
  },
  same: (a, b) => a.length === b.length && a.every((id, i) => id === b[i]),
  counter(poll) {
    const asks = poll.ask ?? [];
    const asked = asks.map(() => new Map(poll.options.map((o) => [o.id, 0])));
    let gap = 0;
    return {
      add(optionIds, sign) {
        for (const [i, id] of optionIds.entries()) asked[i]?.set(id, (asked[i]?.get(id) ?? 0) + sign);
        if (new Set(optionIds).size > 1) gap += sign;
      },
      read() {
        const counts = asked.map((c) => Object.fromEntries(c));
        return { counts: counts[0] ?? {}, asked: Object.fromEntries(asks.map((a, i) => [a.id, counts[i]!])), gap };
      },
    };
  },
};
