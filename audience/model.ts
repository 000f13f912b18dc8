// What the poll screens are handed (poll-model.ts works it out): the poll as the server sent it
// plus this phone's own state.
import type { PollAsk } from '../server/deck/types.js';
import type { AudiencePoll, MyEntry } from '../server/protocol.js';
import type { Phrase } from './words.js';

export type StatusKind = 'ok' | 'sending' | 'pending' | 'error' | 'info';
export interface VoteStatus {
  kind: StatusKind;
  /** Worded only when drawn, in the language of the moment. */
  text: Phrase;
}

/** `rank` polls: the order being put together and the one the server recorded. */
export interface RankModel {
  /** Option ids in the order the controls show, first place first (may be partial while editing). */
  order: readonly string[];
  /** The order recorded in the current round, or null. */
  recorded: readonly string[] | null;
}

/** A question of this participant that the board does not show, and why. */
export interface OffBoardEntry {
  entry: MyEntry;
  status: 'hidden' | 'held';
}

/** `text` and `qa` polls: the text being typed and what this participant sent. */
export interface TextModel {
  /** What the text box holds (kept across re-renders). */
  draft: string;
  /** A send is waiting for the server's answer. */
  sending: boolean;
  /** This participant's answers or questions in the current round, oldest first. */
  entries: readonly MyEntry[];
  /** `qa`: questions this participant upvoted (an upvote on its way counts as given). */
  upvoted: ReadonlySet<string>;
  /** `qa`: questions whose upvote is on its way. */
  upvoting: ReadonlySet<string>;
  /** `qa`: own questions missing from the board (held for approval or hidden). */
  offBoard: readonly OffBoardEntry[];
}

/** A poll voted on again: this participant's answer in the round before. */
export interface EarlierModel {
  /** The options chosen then (`rank`: first place first). */
  optionIds: readonly string[];
  /** The round before is the poll's first one ("Your first answer"), not a later one. */
  first: boolean;
  /** Not answered yet in this round, which is open: offer to keep it. */
  keep: boolean;
}

/** The current poll of one kind or several (e.g. `PollOfType<'text' | 'qa'>`). */
type PollOfType<T extends AudiencePoll['type']> = Extract<AudiencePoll, { type: T }>;

/** What every poll screen has: the poll as the server sent it and how this phone stands on it. */
interface PollModelBase<T extends AudiencePoll['type']> {
  poll: PollOfType<T>;
  /** This participant's recorded answer in the poll's current round, or null (always null for text and qa). */
  recorded: ReadonlySet<string> | null;
  /** What the controls show as chosen: the pending vote, the multi draft, or the recorded answer. */
  selected: ReadonlySet<string>;
  status: VoteStatus | null;
  /** Voted on again (not text or qa): this participant's answer in the round before, or null. */
  earlier: EarlierModel | null;
}

/** Options to tap (or tick, then Submit): single, multi, yesno and scale polls. */
export interface ChoicePollModel extends PollModelBase<'single' | 'multi' | 'yesno' | 'scale'> {
  form: 'choice';
}

/** Two questions over the same options, one answer to each: paired single-choice polls (`ask`). */
export interface PairPollModel extends PollModelBase<'single'> {
  form: 'pair';
  poll: PollOfType<'single'> & { ask: PollAsk[] };
  /** The option picked for each question (in the order of `ask`; null: none yet): the draft, or the recorded answer. */
  picked: readonly (string | null)[];
  /** The recorded answer, one option per question, or null. */
  answer: readonly string[] | null;
}

/** Options to put in order: rank polls. */
export interface RankPollModel extends PollModelBase<'rank'> {
  form: 'order';
  rank: RankModel;
}

/** Answers or questions to type: text and qa polls. */
export interface TextPollModel extends PollModelBase<'text' | 'qa'> {
  form: 'typed';
  text: TextModel;
}

/** A poll screen's model, by how the participant answers (`form`): each form has its body in screens/. */
export type PollModel = ChoicePollModel | PairPollModel | RankPollModel | TextPollModel;
