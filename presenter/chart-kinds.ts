// How the presenter's pages show each kind of poll, one entry per kind: the chart's body under the
// question, the note after the question, the count under the chart, and what a typed answer is
// called. A new kind of poll is a new entry here (and its body, if none fits).
import type { Poll, PollOf, PollType } from '../server/deck/types.js';
import type { Tally } from '../server/protocol.js';
import type { ChartBody } from './chart-body.js';
import type { Moderate } from './entries.js';
import { OptionBars } from './option-bars.js';
import { QaBoard } from './qa-board.js';
import { TextAnswers } from './text-answers.js';

export interface ChartKind<P extends Poll = Poll> {
  body(poll: P, moderate: Moderate): ChartBody;
  /** After the question: how the room answers (' · up to 2 choices'), or ''. */
  note(poll: P): string;
  /** Under the chart: '12 answers', '5 questions from 3 people'. */
  total(poll: P, tally: Tally): string;
  /** On the projector before the reveal, under the answer count: where the results will be. */
  blind: string;
  /** Typed answers: what one is called ('answer', 'question'), plural too; absent for a choice of options. */
  entries?: [one: string, many: string];
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

const answers = (_poll: Poll, tally: Tally): string => plural(tally.respondents, 'answer', 'answers');

/** Bars with each option's count and share. */
const choice: ChartKind = {
  body: (poll) => new OptionBars(poll, 'counts'),
  note: () => '',
  total: answers,
  blind: 'Results are shown when revealed',
};

/** Typed answers or questions, counted, and how many people sent them. */
function typed(entries: [string, string], body: ChartKind['body'], blind: string): ChartKind {
  return {
    body,
    blind,
    note: () => '',
    total: (_poll, tally) => `${plural(tally.entries ?? 0, ...entries)} from ${plural(tally.respondents, 'person', 'people')}`,
    entries,
  };
}

const CHART_KINDS: { [T in PollType]: ChartKind<PollOf<T>> } = {
  single: choice,
  multi: { ...choice, note: (poll) => (poll.limit ? ` · up to ${poll.limit} choices` : ' · several choices') },
  yesno: choice,
  scale: {
    ...choice,
    total: (poll, tally) => `${answers(poll, tally)}${tally.mean === undefined ? '' : ` · mean ${tally.mean.toFixed(1)} of ${poll.scale.max}`}`,
  },
  text: typed(['answer', 'answers'], (poll, moderate) => new TextAnswers(poll, moderate), 'The word cloud is shown when revealed'),
  // Best first by average position.
  rank: { ...choice, body: (poll) => new OptionBars(poll, 'positions'), note: () => ' · put in order' },
  qa: typed(['question', 'questions'], (poll, moderate) => new QaBoard(poll, moderate), 'The questions are shown when revealed'),
};

/** How the presenter's pages show `poll` (its entry's functions are called with this poll). */
export function chartKind(poll: Poll): ChartKind {
  return CHART_KINDS[poll.type];
}
