// A word cloud in plain DOM: words wrap in centred lines, the most used in the middle, sized by
// how many answers use them. Each word keeps its element across updates, so a live cloud grows
// without flicker. The number of answers is in each word's title and data-count.
import type { WordCount } from '../server/protocol.js';
import { h } from './dom.js';

const MIN_EM = 0.8;
const MAX_EM = 2.6;
const COLOURS = 5;

export class WordCloud {
  readonly el: HTMLElement;
  private readonly words = new Map<string, HTMLElement>();

  constructor(testId: string) {
    this.el = h('div', { class: 'word-cloud', 'data-testid': testId, role: 'list', 'aria-label': 'Word cloud' });
  }

  render(counts: WordCount[]): void {
    const max = counts[0]?.[1] ?? 1;
    const present = new Set(counts.map(([word]) => word));
    for (const [word, el] of this.words) {
      if (!present.has(word)) {
        el.remove();
        this.words.delete(word);
      }
    }
    counts.forEach(([word, count], rank) => {
      let el = this.words.get(word);
      if (!el) {
        el = h('span', { class: `cloud-word cloud-c${hash(word) % COLOURS}`, role: 'listitem', 'data-word': word });
        el.textContent = word;
        this.words.set(word, el);
        this.el.append(el);
      }
      el.dataset.count = String(count);
      el.title = `${count} ${count === 1 ? 'answer' : 'answers'}`;
      // Square root: area, not height, should follow the count.
      el.style.fontSize = `${(MIN_EM + (MAX_EM - MIN_EM) * Math.sqrt(count / max)).toFixed(2)}em`;
      el.style.order = String(middleOut(rank, counts.length));
    });
    this.el.dataset.words = String(counts.length);
  }
}

/** Places rank 0 in the middle of the flow, then alternates right and left of it. */
function middleOut(rank: number, total: number): number {
  const middle = Math.floor(total / 2);
  const step = Math.ceil(rank / 2);
  return rank % 2 === 1 ? middle + step : middle - step;
}

function hash(word: string): number {
  let n = 0;
  for (const ch of word) n = (n * 31 + ch.charCodeAt(0)) >>> 0;
  return n;
}
