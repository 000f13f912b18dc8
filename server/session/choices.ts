// The answers of a choice poll in one round: one per participant, the latest given, counted as
// the poll's kind counts them (kinds/). Plain TypeScript, no I/O.
import type { ChoicePoll } from '../deck/types.js';
import type { Tally } from '../protocol.js';
import { ProtocolFailure } from './failure.js';
import { choiceKindOf } from './kinds.js';
import type { ChoiceKind, Counter } from './kinds/kind.js';

export interface Answer {
  optionIds: string[];
  /** When the current answer was given (ms since epoch). */
  answeredAt: number;
  /** How many times this participant changed their answer in this round. */
  changes: number;
}

export interface VoteOutcome {
  answer: Answer;
  /** False when the participant re-sent the answer they already had: nothing to store. */
  changed: boolean;
}

export class Choices {
  private readonly kind: ChoiceKind;
  private readonly answers = new Map<string, Answer>();
  private readonly counter: Counter;

  constructor(private readonly poll: ChoicePoll) {
    this.kind = choiceKindOf(poll);
    this.counter = this.kind.counter(poll);
  }

  /** Rebuilds a round from stored answers: those that fit the poll, the latest of each participant. */
  static restore(poll: ChoicePoll, answers: Iterable<[string, Answer]>): Choices {
    const choices = new Choices(poll);
    for (const [participantId, answer] of answers) choices.adopt(participantId, answer);
    return choices;
  }

  /** Checks a vote and says what this participant's answer becomes; applied with `adopt` once stored. */
  decide(participantId: string, optionIds: string[], now: number): VoteOutcome {
    const problem = this.kind.problem(this.poll, optionIds);
    if (problem) throw new ProtocolFailure('invalid_vote', problem);
    const previous = this.answers.get(participantId);
    if (previous && this.kind.same(previous.optionIds, optionIds)) return { answer: previous, changed: false };
    return { answer: { optionIds: [...optionIds], answeredAt: now, changes: previous ? previous.changes + 1 : 0 }, changed: true };
  }

  /**
   * A stored answer; false when it does not fit the poll (an option since taken out of the deck)
   * or was given before the answer held (a write that arrived late: the newer one stands).
   */
  adopt(participantId: string, answer: Answer): boolean {
    if (this.kind.problem(this.poll, answer.optionIds) !== null) return false;
    const held = this.answers.get(participantId);
    if (held && held.answeredAt > answer.answeredAt) return false;
    if (held) this.counter.add(held.optionIds, -1);
    this.answers.set(participantId, answer);
    this.counter.add(answer.optionIds, +1);
    return true;
  }

  /** How many participants answered. */
  get size(): number {
    return this.answers.size;
  }

  get(participantId: string): Answer | undefined {
    return this.answers.get(participantId);
  }

  /** Every participant's answer, as `restore` takes them back. */
  all(): IterableIterator<[string, Answer]> {
    return this.answers.entries();
  }

  /**
   * How the room moved from an earlier round (`before`) to this one: who answered both (matched by
   * participant id), how many of them changed their answer, and for a one-option answer (single,
   * yes/no) who went from which option to which.
   */
  movedFrom(before: Choices): { answeredBoth: number; changed: number; flows?: Record<string, Record<string, number>> } {
    // A paired poll's answer is two options (one per question): no single flow between rounds.
    const oneOption = (this.poll.type === 'single' && !this.poll.ask) || this.poll.type === 'yesno';
    const flows = oneOption
      ? Object.fromEntries(this.poll.options.map((from) => [from.id, Object.fromEntries(this.poll.options.map((to) => [to.id, 0]))]))
      : undefined;
    let answeredBoth = 0;
    let changed = 0;
    for (const [participantId, answer] of this.answers) {
      const earlier = before.get(participantId);
      if (!earlier) continue;
      answeredBoth += 1;
      if (!this.kind.same(earlier.optionIds, answer.optionIds)) changed += 1;
      const row = flows?.[earlier.optionIds[0]!];
      if (row && answer.optionIds[0]! in row) row[answer.optionIds[0]!]! += 1;
    }
    return flows ? { answeredBoth, changed, flows } : { answeredBoth, changed };
  }

  /** The counts of each group's respondents (`groupOf` a participant; undefined: in no group), groups in the order given. */
  split(
    groups: readonly string[],
    groupOf: (participantId: string) => string | undefined,
  ): Map<string, Pick<Tally, 'counts' | 'respondents' | 'mean' | 'positions' | 'asked' | 'gap'>> {
    const counters = new Map(groups.map((g) => [g, { counter: this.kind.counter(this.poll), respondents: 0 }]));
    for (const [participantId, answer] of this.answers) {
      const group = groupOf(participantId);
      const counted = group === undefined ? undefined : counters.get(group);
      if (!counted) continue;
      counted.counter.add(answer.optionIds, 1);
      counted.respondents += 1;
    }
    return new Map([...counters].map(([g, { counter, respondents }]) => [g, { ...counter.read(respondents), respondents }]));
  }

  tally(pollId: string): Tally {
    const respondents = this.answers.size;
    const { counts, ...figures } = this.counter.read(respondents);
    return { pollId, counts, respondents, ...figures };
  }
}
