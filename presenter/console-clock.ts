// The console's clock and the deck's timing plan beside it: how long the session has run, whether
// that is ahead of, behind or on the plan for the current slide, and the plan's minutes left. The
// arithmetic is server/deck/plan.ts's (pure, unit-tested); this only shows it.
import { deckPlan, pace, type Plan } from '../server/deck/plan.js';
import type { Deck } from '../server/deck/types.js';
import { h } from './dom.js';

/** When this browser started the session's clock (ms since the epoch), so that a reload keeps it. */
const storageKey = (code: string) => `parley-clock-${code}`;

function storedStart(code: string): number | null {
  try {
    const value = Number(localStorage.getItem(storageKey(code)));
    return Number.isFinite(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

function storeStart(code: string, start: number): void {
  try {
    localStorage.setItem(storageKey(code), String(start));
  } catch {
    // Storage refused (private mode, quota): the clock still runs until the page reloads.
  }
}

/** "4:05", "1:02:09". */
function elapsedText(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(seconds / 3600);
  const mm = Math.floor((seconds % 3600) / 60);
  const ss = String(seconds % 60).padStart(2, '0');
  return hours ? `${hours}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

export class ConsoleClock {
  readonly el: HTMLElement;
  private readonly clock = h('span', {
    class: 'console-clock',
    'data-testid': 'console-clock',
    role: 'timer',
    'aria-label': 'Time since the clock started',
  });
  private readonly pace = h('span', { class: 'console-pace', 'data-testid': 'console-pace', hidden: true });
  private readonly left = h('span', { class: 'console-plan-left', 'data-testid': 'console-plan-left', hidden: true });
  private start: number;
  private plan: Plan | null = null;
  private slide = -1;

  constructor(private readonly code: string) {
    this.start = storedStart(code) ?? Date.now();
    storeStart(code, this.start);
    const restart = h(
      'button',
      { type: 'button', class: 'console-clock-restart', 'data-testid': 'console-clock-restart', title: 'Start the clock again from 0:00' },
      'Restart',
    );
    restart.addEventListener('click', () => {
      this.start = Date.now();
      storeStart(this.code, this.start);
      this.render();
    });
    this.el = h('p', { class: 'console-time' }, this.clock, restart, this.pace, this.left);
    this.render();
    setInterval(() => this.render(), 1000);
  }

  /** The session's deck (again after a reload): its plan, or none when no slide has a `time`. */
  setDeck(deck: Deck): void {
    const plan = deckPlan(deck);
    this.plan = plan.timed ? plan : null;
    this.render();
  }

  /** The index in `deck.slides` of the slide shown now. */
  setSlide(index: number): void {
    this.slide = index;
    this.render();
  }

  private render(): void {
    const elapsed = Date.now() - this.start;
    this.clock.textContent = elapsedText(elapsed);
    this.clock.dataset.elapsed = String(Math.floor(elapsed / 1000));
    const plan = this.plan;
    const slide = plan?.slides[this.slide];
    this.pace.hidden = this.left.hidden = !plan || !slide;
    if (!plan || !slide) return;
    const now = pace(plan, this.slide, elapsed / 60000);
    this.pace.dataset.status = now.status;
    this.pace.textContent = now.status === 'on-time' ? 'on time' : `${now.status} by ${now.minutes} min`;
    this.pace.title = `The plan has this slide from minute ${slide.start} to ${slide.end}`;
    this.left.dataset.minutes = String(now.left);
    this.left.textContent = `${now.left} min left in the plan`;
  }
}
