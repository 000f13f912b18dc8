// A poll's results, once this participant answered it (and the deck shows them): a bar per option
// with theirs marked, a rank poll's average places, or a text poll's most used words.
import type { AudiencePollFields } from '../../../server/protocol.js';
import { h } from '../../dom.js';
import { lang } from '../../i18n.js';
import { PACED_WORDS } from '../../locales/paced-words.js';
import type { PacedModel } from '../model.js';

export function resultsView(m: PacedModel, poll: AudiencePollFields): HTMLElement | null {
  const r = m.results.get(poll.id);
  if (!r || !m.answers.has(poll.id)) return null;
  const words = PACED_WORDS[lang];
  const mine = new Set(m.answers.get(poll.id)?.optionIds ?? []);
  const n = r.respondents;
  const lines = r.words
    ? r.words.slice(0, 12).map(([word, count]) => h('li', { class: 'result' }, h('span', { class: 'result-label' }, `${word} (${count})`)))
    : poll.options.map((o) => {
        const count = r.counts[o.id] ?? 0;
        const pct = n ? Math.round((count / n) * 100) : 0;
        const fill = h('span', { class: 'fill' });
        fill.style.width = `${pct}%`;
        const position = r.positions?.[o.id];
        return h(
          'li',
          { class: `result${mine.has(o.id) ? ' mine' : ''}`, 'data-testid': `paced-result-${o.id}`, 'data-count': count },
          h(
            'span',
            { class: 'result-head' },
            h('span', { class: 'result-label' }, o.label),
            mine.has(o.id) && h('span', { class: 'mark' }, `✓ ${words.yours}`),
          ),
          h('span', { class: 'bar', 'aria-hidden': 'true' }, fill),
          h('span', { class: 'result-num' }, position === undefined ? `${count} · ${pct}%` : words.position(position)),
        );
      });
  return h(
    'section',
    { class: 'results', 'data-testid': 'paced-results' },
    h('h2', {}, words.results),
    h('p', { class: 'respondents' }, words.respondents(n) + (r.mean === undefined ? '' : ` · ${words.average(r.mean)}`)),
    h('ul', { class: 'result-list' }, ...lines),
  );
}
