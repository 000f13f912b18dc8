// What every choice poll shares: an answer names options of the poll, each once, and counts once
// for each option it names. A single-choice and a yes/no poll take exactly that, one option.
import type { ChoicePoll, SinglePoll, YesnoPoll } from '../../deck/types.js';
import type { Tally } from '../../protocol.js';
import type { ChoiceKind, Counter } from './kind.js';

/** Why `optionIds` cannot be an answer to a choice poll whatever its kind, or null. */
export function optionsProblem(poll: ChoicePoll, optionIds: readonly string[]): string | null {
  if (optionIds.length === 0) return 'Choose an option.';
  if (new Set(optionIds).size !== optionIds.length) return 'An option was chosen twice.';
  if (!optionIds.every((id) => poll.options.some((o) => o.id === id))) return 'That option is not part of this poll.';
  return null;
}

/** An answer of exactly one option. */
export function oneOptionProblem(poll: ChoicePoll, optionIds: readonly string[]): string | null {
  return optionsProblem(poll, optionIds) ?? (optionIds.length > 1 ? 'Choose only one option.' : null);
}

/** The same options, in any order. */
export function sameOptions(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}

/** Each option an answer names counts once; `figures` adds what the kind reads from the counts. */
export function countEach(poll: ChoicePoll, figures: (counts: Record<string, number>) => Pick<Tally, 'mean'> = () => ({})): Counter {
  const counts = new Map(poll.options.map((o) => [o.id, 0]));
  return {
    add(optionIds, sign) {
      for (const id of optionIds) counts.set(id, (counts.get(id) ?? 0) + sign);
    },
    read(respondents) {
      const read = Object.fromEntries(counts);
      return respondents ? { counts: read, ...figures(read) } : { counts: read };
    },
  };
}

/** Single-choice and yes/no polls: one option each. */
export const oneChoice: ChoiceKind<SinglePoll | YesnoPoll> = {
  answers: 'options',
  problem: oneOptionProblem,
  same: sameOptions,
  counter: (poll) => countEach(poll),
};
