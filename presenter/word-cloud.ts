// A word cloud in plain DOM: words wrap in centred lines, the most used in the middle, sized by
// how many answers use them. Each word keeps its element across updates, so a live cloud grows
// without flicker. The number of answers is in each word's title and data-count.
// Every word shown is whole: a cloud taller than its box is set smaller (down to a size that still
// reads from the back of a room), then loses its least-used words until it fits.
import type { WordCount } from '../server/protocol.js';
import { h } from './dom.js';
import { fits, onResize } from './fit-box.js';

const MIN_EM = 0.8;
const MAX_EM = 2.6;
const COLOURS = 5;
/** The type's scale steps tried, largest first. */
const SCALES = [1, 0.9, 0.8, 0.7];

export class WordCloud {
  readonly el: HTMLElement;
  private readonly words = new Map<string, HTMLElement>();

  constructor(testId: string) {
    this.el = h('div', { class: 'word-cloud', 'data-testid': testId, role: 'list', 'aria-label': 'Word cloud' });
    onResize(this.el, () => this.fit());
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
      el.style.fontSize = `calc(var(--cloud-scale, 1) * ${(MIN_EM + (MAX_EM - MIN_EM) * Math.sqrt(count / max)).toFixed(2)}em)`;
      el.style.order = String(middleOut(rank, counts.length));
    });
    this.el.dataset.words = String(counts.length);
    this.fit();
  }

  /**
   * Picks the largest scale at which the cloud fits, else the smallest with the fewest least-used
   * words left out. Measured on a copy: the words' sizes animate, and the cloud itself would be
   * read mid-way. Not on screen (no height): fitted when shown.
   */
  private fit(): void {
    if (this.el.clientHeight === 0) return;
    const probe = this.el.cloneNode(true) as HTMLElement;
    probe.removeAttribute('data-testid');
    probe.setAttribute('aria-hidden', 'true');
    probe.classList.add('cloud-probe');
    probe.style.width = `${this.el.offsetWidth}px`;
    const words = [...probe.children] as HTMLElement[];
    for (const word of words) word.hidden = false;
    this.el.after(probe);
    const fitsAt = (scale: number): boolean => {
      probe.style.setProperty('--cloud-scale', String(scale));
      return fits(probe);
    };
    const scale = SCALES.find(fitsAt) ?? SCALES.at(-1)!;
    const left = new Set<string>();
    const leastUsed = words.sort((a, b) => Number(a.dataset.count) - Number(b.dataset.count));
    for (const word of leastUsed) {
      if (fits(probe)) break;
      word.hidden = true;
      left.add(word.dataset.word!);
    }
    probe.remove();
    this.el.style.setProperty('--cloud-scale', String(scale));
    for (const [word, el] of this.words) el.hidden = left.has(word);
    this.el.dataset.shown = String(this.words.size - left.size);
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
