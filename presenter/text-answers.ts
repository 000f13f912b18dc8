// The live widget of an open-text poll: a word cloud of the answers on screen (stop words out,
// case folded, the same counting as the phones and the report), or — key L or the List button —
// the answers themselves, newest first, each with a Hide button.
import type { Poll } from '../server/deck/types.js';
import type { Entry, Tally } from '../server/protocol.js';
import { wordCounts } from '../server/text/words.js';
import type { ChartBody } from './chart-body.js';
import { h } from './dom.js';
import { EntryStore, keepingFocus, moderationButton, ReviewQueue, type Moderate } from './entries.js';
import { onResize, showRowsThatFit } from './fit-box.js';
import { WordCloud } from './word-cloud.js';

/** Answers the list shows at most: the newest. */
const LIST_SIZE = 60;

export class TextAnswers implements ChartBody {
  readonly el: HTMLElement;
  private readonly store = new EntryStore();
  private readonly cloud: WordCloud;
  private readonly list: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly more: HTMLElement;
  private readonly review: ReviewQueue;
  private view: 'cloud' | 'list' = 'cloud';

  constructor(
    poll: Poll,
    private readonly moderate: Moderate,
  ) {
    this.cloud = new WordCloud(`cloud-${poll.id}`);
    this.list = h('ol', { class: 'answer-list', 'data-testid': `answers-${poll.id}`, hidden: true });
    this.empty = h('p', { class: 'entries-empty' }, 'Answers appear here as they arrive.');
    this.more = h('p', { class: 'entries-more', 'data-testid': `answers-more-${poll.id}`, hidden: true });
    this.review = new ReviewQueue(poll.id, moderate);
    this.el = h('div', { class: 'text-answers', 'data-view': 'cloud' }, this.cloud.el, this.list, this.more, this.empty, this.review.button);
    onResize(this.list, () => this.fitList());
  }

  /** The newest answers that fit, whole; "+ 12 more answers" for the rest. */
  private fitList(): void {
    if (this.view === 'list') showRowsThatFit(this.list, this.more, (n) => `+ ${n} more ${n === 1 ? 'answer' : 'answers'}`);
    else this.more.hidden = true;
  }

  setTally(_tally: Tally): void {
    // The footer shows the counts; the widget follows the entries themselves.
  }

  setEntries(entries: Entry[], replace: boolean): void {
    this.store.apply(entries, replace);
    this.render();
  }

  toggleView(): void {
    this.view = this.view === 'cloud' ? 'list' : 'cloud';
    this.el.dataset.view = this.view;
    this.render();
  }

  private render(): void {
    const shown = this.store.shown();
    this.empty.hidden = shown.length > 0;
    this.cloud.el.hidden = this.view !== 'cloud';
    this.list.hidden = this.view !== 'list';
    if (this.view === 'cloud') this.cloud.render(wordCounts(shown.map((e) => e.text)));
    else {
      keepingFocus(this.list, () =>
        this.list.replaceChildren(
          ...shown
            .slice(-LIST_SIZE)
            .reverse()
            .map((entry) =>
              h(
                'li',
                { class: 'answer', 'data-entry-id': entry.id },
                h('span', { class: 'answer-text' }, entry.text),
                moderationButton(entry, 'hide', 'Hide', this.moderate),
              ),
            ),
        ),
      );
    }
    this.fitList();
    this.review.update(this.store.offScreen());
  }
}
