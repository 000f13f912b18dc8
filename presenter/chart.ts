// The live bar chart of one poll on its slide: count and share per option, answers so far, and
// the poll's state. Counts are printed next to every bar, so colour is never the only signal.
import type { Poll } from '../server/deck/types.js';
import type { PresenterPollState, Tally } from '../server/protocol.js';
import { h } from './dom.js';

export type ControlAction = 'toggle-open' | 'toggle-reveal' | 'reset';

interface Row {
  bar: HTMLElement;
  fill: HTMLElement;
  value: HTMLElement;
}

export class PollChart {
  readonly el: HTMLElement;
  private readonly rows = new Map<string, Row>();
  private readonly total: HTMLElement;
  private readonly badge: HTMLElement;
  private readonly openButton: HTMLButtonElement;
  private readonly revealButton: HTMLButtonElement;

  constructor(
    readonly poll: Poll,
    onControl: (action: ControlAction) => void,
  ) {
    const list = h('ol', { class: 'poll-bars' });
    for (const option of poll.options) {
      const fill = h('span', { class: 'poll-fill' });
      const value = h('span', { class: 'poll-value' }, '0');
      const bar = h(
        'li',
        { class: 'poll-bar', 'data-testid': `bar-${poll.id}-${option.id}`, 'data-count': 0 },
        h('span', { class: 'poll-label' }, option.label),
        h('span', { class: 'poll-track' }, fill),
        value,
      );
      this.rows.set(option.id, { bar, fill, value });
      list.append(bar);
    }
    this.total = h('span', { class: 'poll-total', 'data-testid': `poll-total-${poll.id}`, 'data-total': 0 }, '0 answers');
    this.badge = h('span', { class: 'poll-state', 'data-testid': `poll-state-${poll.id}` });
    this.openButton = h('button', { type: 'button', class: 'poll-button', title: 'Open or close voting (O)' });
    this.revealButton = h('button', { type: 'button', class: 'poll-button', title: 'Show or hide results on phones (R)' });
    const resetButton = h('button', { type: 'button', class: 'poll-button', title: 'Reset: start a new round (X X)' }, 'Reset');
    this.openButton.addEventListener('click', () => onControl('toggle-open'));
    this.revealButton.addEventListener('click', () => onControl('toggle-reveal'));
    resetButton.addEventListener('click', () => {
      if (confirm('Reset this poll? Its answers stop counting and a new round starts.')) onControl('reset');
    });

    const limit = poll.type === 'multi' ? (poll.limit ? ` · up to ${poll.limit} choices` : ' · several choices') : '';
    this.el = h(
      'div',
      { class: 'poll', 'data-testid': `poll-chart-${poll.id}`, 'data-poll-id': poll.id },
      h('p', { class: 'poll-question' }, poll.question, h('span', { class: 'poll-kind' }, limit)),
      list,
      h(
        'div',
        { class: 'poll-footer' },
        this.badge,
        this.total,
        h('span', { class: 'poll-controls' }, this.openButton, this.revealButton, resetButton),
      ),
    );
    this.setState({ id: poll.id, status: 'closed', revealed: false, round: 1, tally: emptyTally(poll) });
  }

  setState(state: PresenterPollState): void {
    const open = state.status === 'open';
    this.el.dataset['status'] = state.status;
    this.el.dataset['revealed'] = String(state.revealed);
    this.badge.dataset['status'] = state.status;
    this.badge.dataset['revealed'] = String(state.revealed);
    this.badge.textContent = `${open ? 'Open — voting' : 'Closed'}${state.revealed ? ' · results shown on phones' : ''}`;
    this.openButton.textContent = open ? 'Close' : 'Open';
    this.revealButton.textContent = state.revealed ? 'Hide results' : 'Reveal';
    this.setTally(state.tally);
  }

  setTally(tally: Tally): void {
    const respondents = tally.respondents;
    this.total.dataset['total'] = String(respondents);
    const mean = tally.mean === undefined ? '' : ` · mean ${tally.mean.toFixed(1)} of ${this.poll.scale?.max ?? ''}`;
    this.total.textContent = `${respondents} ${respondents === 1 ? 'answer' : 'answers'}${mean}`;
    for (const [optionId, row] of this.rows) {
      const count = tally.counts[optionId] ?? 0;
      const share = respondents ? Math.round((count / respondents) * 100) : 0;
      row.bar.dataset['count'] = String(count);
      row.fill.style.width = `${share}%`;
      row.value.textContent = `${count} · ${share}%`;
    }
  }
}

function emptyTally(poll: Poll): Tally {
  return { pollId: poll.id, counts: Object.fromEntries(poll.options.map((o) => [o.id, 0])), respondents: 0 };
}
