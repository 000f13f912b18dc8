// Every kind of poll with its rules (kinds/): a new kind of poll is a new module there and a line
// here. The domain asks a poll's kind rather than testing its type.
import type { ChoicePoll, EntryPoll, PollType } from '../deck/types.js';
import { oneChoice } from './kinds/choice.js';
import type { ChoiceKind, EntryKind } from './kinds/kind.js';
import { multi } from './kinds/multi.js';
import { paired } from './kinds/paired.js';
import { qa } from './kinds/qa.js';
import { rank } from './kinds/rank.js';
import { scale } from './kinds/scale.js';
import { text } from './kinds/text.js';

const KINDS: { [T in PollType]: T extends EntryPoll['type'] ? EntryKind : ChoiceKind<Extract<ChoicePoll, { type: T }>> } = {
  single: oneChoice,
  multi,
  yesno: oneChoice,
  scale,
  text,
  rank,
  qa,
};

/** The rules of a choice poll's kind, to be asked about that poll only (a single poll with two questions is paired). */
export function choiceKindOf(poll: ChoicePoll): ChoiceKind {
  if (poll.type === 'single' && poll.ask) return paired as ChoiceKind;
  return KINDS[poll.type];
}

export function entryKindOf(poll: EntryPoll): EntryKind {
  return KINDS[poll.type];
}
