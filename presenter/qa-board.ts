// The live Q&A board: questions on screen, unanswered first, most upvoted first, each with its
// votes and buttons to mark it answered or hide it.
import type { Poll } from '../server/deck/types.js';
import { boardOrder, type Entry, type Tally } from '../server/protocol.js';
import type { ChartBody } from './chart-body.js';
import { h } from './dom.js';
import { EntryStore, keepingFocus, moderationButton, ReviewQueue, type Moderate } from './entries.js';
import { onResize, showRowsThatFit } from './fit-box.js';

/** Questions the board shows at most (the top ones). */
const BOARD_ROWS = 30;

export class QaBoard implements ChartBody {
  readonly el: HTMLElement;
  private readonly store = new EntryStore();
  private readonly list: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly more: HTMLElement;
  private readonly review: ReviewQueue;

  constructor(
    poll: Poll,
    private readonly moderate: Moderate,
  ) {
    this.list = h('ol', { class: 'qa-list', 'data-testid': `qa-${poll.id}` });
    this.empty = h('p', { class: 'entries-empty' }, 'Questions from the room appear here; phones can upvote them.');
    this.more = h('p', { class: 'entries-more', 'data-testid': `qa-more-${poll.id}`, hidden: true });
    this.review = new ReviewQueue(poll.id, moderate);
    this.el = h('div', { class: 'qa-board' }, this.list, this.more, this.empty, this.review.button);
    onResize(this.list, () => this.fit());
  }

  /** The most upvoted questions that fit, whole; "+ 4 more questions" for the rest. */
  private fit(): void {
    showRowsThatFit(this.list, this.more, (n) => `+ ${n} more ${n === 1 ? 'question' : 'questions'}`);
  }

  setTally(_tally: Tally): void {
    // The footer shows the counts; the board follows the entries themselves.
  }

  setEntries(entries: Entry[], replace: boolean): void {
    this.store.apply(entries, replace);
    const shown = this.store.shown().sort(boardOrder);
    this.empty.hidden = shown.length > 0;
    keepingFocus(this.list, () => this.list.replaceChildren(...shown.slice(0, BOARD_ROWS).map((entry) => this.row(entry))));
    this.fit();
    this.review.update(this.store.offScreen());
  }

  private row(entry: Entry): HTMLElement {
    return h(
      'li',
      { class: entry.answered ? 'question answered' : 'question', 'data-entry-id': entry.id, 'data-votes': entry.votes },
      h('span', { class: 'question-votes', title: 'upvotes' }, `▲ ${entry.votes}`),
      h('span', { class: 'question-text' }, entry.text),
      entry.answered ? h('span', { class: 'entry-tag' }, '✓ answered') : null,
      entry.answered
        ? moderationButton(entry, 'unanswered', 'Not answered', this.moderate)
        : moderationButton(entry, 'answered', 'Answered', this.moderate),
      moderationButton(entry, 'hide', 'Hide', this.moderate),
    );
  }
}
