// Bars for a poll with options: count and share per option (choices and ratings), or each
// option's average position (a ranking, best first; chart-kinds.ts says which). Numbers are
// printed next to every bar, so colour is never the only signal.
import type { Poll } from '../server/deck/types.js';
import type { Tally } from '../server/protocol.js';
import type { ChartBody } from './chart-body.js';
import { h } from './dom.js';

interface Row {
  bar: HTMLElement;
  fill: HTMLElement;
  value: HTMLElement;
}

export class OptionBars implements ChartBody {
  readonly el: HTMLElement;
  private readonly rows = new Map<string, Row>();

  constructor(
    private readonly poll: Poll,
    private readonly show: 'counts' | 'positions',
  ) {
    this.el = h('ol', { class: 'poll-bars' });
    for (const option of poll.options) {
      const fill = h('span', { class: 'poll-fill' });
      const value = h('span', { class: 'poll-value' }, show === 'positions' ? '—' : '0');
      const bar = h(
        'li',
        { class: 'poll-bar', 'data-testid': `bar-${poll.id}-${option.id}`, 'data-count': 0 },
        h('span', { class: 'poll-label' }, option.label),
        h('span', { class: 'poll-track' }, fill),
        value,
      );
      this.rows.set(option.id, { bar, fill, value });
      this.el.append(bar);
    }
  }

  setTally(tally: Tally): void {
    if (this.show === 'positions') this.setPositions(tally);
    else this.setCounts(tally);
  }

  private setCounts(tally: Tally): void {
    for (const [optionId, row] of this.rows) {
      const count = tally.counts[optionId] ?? 0;
      const share = tally.respondents ? Math.round((count / tally.respondents) * 100) : 0;
      row.bar.dataset.count = String(count);
      row.fill.style.width = `${share}%`;
      row.value.textContent = `${count} · ${share}%`;
    }
  }

  /** Ranked best first: a longer bar is a better (lower) average position. */
  private setPositions(tally: Tally): void {
    const n = this.poll.options.length;
    const positions = tally.positions ?? {};
    const order = [...this.rows.keys()].sort((a, b) => (positions[a] ?? n) - (positions[b] ?? n));
    for (const [optionId, row] of this.rows) {
      const average = positions[optionId];
      row.bar.dataset.count = String(tally.counts[optionId] ?? 0);
      row.bar.dataset.position = average === undefined ? '' : String(average);
      row.bar.style.order = String(order.indexOf(optionId));
      row.fill.style.width = average === undefined ? '0%' : `${Math.round(((n + 1 - average) / n) * 100)}%`;
      row.value.textContent = average === undefined ? '—' : `avg ${average.toFixed(1)}`;
      row.value.title = `${tally.counts[optionId] ?? 0} ranked it first`;
    }
  }
}
