// What a poll kind's reader gets and gives: each kind (poll-choice.ts, poll-yesno.ts,
// poll-scale.ts, poll-text.ts) reads its own fields of the poll block, and poll.ts picks the
// reader by the poll's type.
import type { PollOf, PollType, SlidePosition } from '../types.js';
import type { PendingLink } from './links.js';
import type { Reporter } from './report.js';
import type { Field } from './yaml-fields.js';

/** One poll block being read. */
export interface KindContext {
  fields: Map<string, Field>;
  /** Line of the block's opening fence: where what is missing is reported. */
  open: number;
  slide: SlidePosition;
  report: Reporter;
  /** Branch links of the options read so far, resolved once every slide is known. */
  links: PendingLink[];
}

/** A kind's own part of its poll: the options and the kind's fields (`limit`, `scale`, `text`). */
export type KindFields<T extends PollType> = Omit<PollOf<T>, 'id' | 'type' | 'question' | 'timer' | 'slide' | 'line'>;

export interface KindReader<T extends PollType> {
  /** Keys of the poll block that belong to this kind: on a poll of a kind without them, they are refused. */
  keys: readonly string[];
  /** The kind's part of the poll; undefined when it has errors (reported). */
  read(context: KindContext): KindFields<T> | undefined;
}
