// What a kind of poll decides in the domain, one module per kind (kinds.ts lists them): whether
// options are an answer, when two answers are the same, how answers are counted, and what a kind
// whose answers are typed shows besides its tally.
import type { ChoicePoll } from '../../deck/types.js';
import type { AudienceResults, Tally } from '../../protocol.js';

/** The rules of a poll whose answers are a choice (or an order) of its options. */
export interface ChoiceKind<P extends ChoicePoll = ChoicePoll> {
  readonly answers: 'options';
  /** Why `optionIds` is no answer to `poll`, in words for the participant; null when it is one. */
  problem(poll: P, optionIds: readonly string[]): string | null;
  /** Whether two answers are the same one: a participant re-sending theirs changes nothing. */
  same(a: readonly string[], b: readonly string[]): boolean;
  /** Counts the answers of one round of `poll` as they come and go. */
  counter(poll: P): Counter;
}

/** A round's running count of answers (each answer has passed `problem`). */
export interface Counter {
  /** Counts one answer in (`sign` 1), or out again when it is replaced (-1). */
  add(optionIds: readonly string[], sign: 1 | -1): void;
  /** Every option's count, and the kind's own figures (a rating's mean, a ranking's positions) once `respondents` > 0. */
  read(respondents: number): Pick<Tally, 'counts' | 'mean' | 'positions' | 'asked' | 'gap'>;
}

/** The rules of a poll whose answers are typed: open-text answers, Q&A questions (an EntryBoard per round). */
export interface EntryKind {
  readonly answers: 'entries';
  /**
   * Whether the entries are questions on a board every phone sees (before any reveal) and upvotes,
   * and the presenter marks answered.
   */
  readonly board: boolean;
  /** What phones see of a revealed poll besides its tally, from the texts shown on screen. */
  revealed(shownTexts: readonly string[]): Pick<AudienceResults, 'words'>;
}
