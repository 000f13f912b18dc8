// Poll timers: a countdown that follows the server's timer (the server closes the poll when it
// runs out; this only shows the time left), and the console's controls to start one on the fly.
import type { Poll } from '../server/deck/types.js';
import { TIMER_MAX_SECONDS, TIMER_MIN_SECONDS, type PollTimer, type PresenterPollState } from '../server/protocol.js';
import { h } from './dom.js';

/** "1:05", "0:09". */
export function clock(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export function clampSeconds(seconds: number): number {
  return Math.min(TIMER_MAX_SECONDS, Math.max(TIMER_MIN_SECONDS, Math.round(seconds)));
}

/** Time left on a poll's running timer, counted from when its state arrived. */
export class Countdown {
  readonly el: HTMLElement;
  private deadline: number | null = null;
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(testId: string, className = 'countdown') {
    // Not a live region: a screen reader announcing every second would drown everything else.
    this.el = h('span', { class: className, 'data-testid': testId, hidden: true });
  }

  /** The poll's timer as the server last sent it (absent: none is running). */
  set(timer: PollTimer | undefined): void {
    clearInterval(this.ticker);
    if (!timer) {
      this.deadline = null;
      this.el.hidden = true;
      delete this.el.dataset.remaining;
      return;
    }
    this.deadline = Date.now() + timer.remainingMs;
    this.el.hidden = false;
    this.tick();
    this.ticker = setInterval(() => this.tick(), 250);
  }

  /** Milliseconds left, or null when no timer runs. */
  remainingMs(): number | null {
    return this.deadline === null ? null : Math.max(0, this.deadline - Date.now());
  }

  private tick(): void {
    const left = this.remainingMs() ?? 0;
    this.el.dataset.remaining = String(Math.ceil(left / 1000));
    this.el.textContent = `${clock(left)} left`;
    this.el.classList.toggle('countdown-ending', left <= 10_000);
    // The server closes the poll; the countdown just waits at 0:00 for that news.
    if (left <= 0) clearInterval(this.ticker);
  }
}

/**
 * The console's timer controls for one poll: the countdown, quick durations, a number field and
 * Stop. A closed poll is opened first (one click starts a timed vote).
 */
export class TimerControls {
  readonly el: HTMLElement;
  private readonly countdown = new Countdown('console-countdown', 'console-countdown');
  private readonly note: HTMLElement;
  private readonly stop: HTMLButtonElement;
  private readonly seconds: HTMLInputElement;

  constructor(
    private readonly poll: Poll,
    start: (seconds: number | null) => Promise<void>,
  ) {
    this.note = h('span', { class: 'console-hint', 'data-testid': 'timer-note' });
    const quick = (label: string, title: string, seconds: () => number, testId: string): HTMLButtonElement => {
      const button = h('button', { type: 'button', 'data-testid': testId, title }, label);
      button.addEventListener('click', () => void start(clampSeconds(seconds())));
      return button;
    };
    const plus30 = quick(
      '+30 s',
      'Add 30 seconds (or start a 30-second timer)',
      () => (this.countdown.remainingMs() ?? 0) / 1000 + 30,
      'timer-plus-30',
    );
    const oneMinute = quick('1 min', 'Start a 1-minute timer', () => 60, 'timer-1-min');
    const twoMinutes = quick('2 min', 'Start a 2-minute timer', () => 120, 'timer-2-min');
    this.seconds = h('input', {
      type: 'number',
      id: `timer-seconds-${poll.id}`,
      min: TIMER_MIN_SECONDS,
      max: TIMER_MAX_SECONDS,
      step: 5,
      value: poll.timer ?? 60,
      inputmode: 'numeric',
      'data-testid': 'timer-seconds',
    });
    const form = h(
      'form',
      { class: 'timer-form' },
      h('label', { for: this.seconds.id }, 'Seconds'),
      this.seconds,
      h('button', { type: 'submit', 'data-testid': 'timer-start' }, 'Start'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const value = Number(this.seconds.value);
      if (Number.isFinite(value) && value > 0) void start(clampSeconds(value));
    });
    this.stop = h('button', { type: 'button', 'data-testid': 'timer-stop' }, 'Stop timer');
    this.stop.addEventListener('click', () => void start(null));
    this.el = h(
      'section',
      { class: 'console-timer', 'aria-labelledby': `timer-title-${poll.id}` },
      h('h3', { id: `timer-title-${poll.id}` }, 'Timer ', this.countdown.el),
      this.note,
      h('div', { class: 'console-buttons' }, plus30, oneMinute, twoMinutes, this.stop),
      form,
    );
  }

  setState(state: PresenterPollState): void {
    this.countdown.set(state.timer);
    this.stop.disabled = !state.timer;
    const deck = this.poll.timer ? `The deck sets ${this.poll.timer} s when the poll opens.` : 'No timer in the deck.';
    this.note.textContent = state.timer
      ? `Closes the poll by itself when it runs out (${state.timer.seconds} s timer).`
      : state.status === 'open'
        ? `No timer running. ${deck}`
        : `${deck} A button below opens the poll with a timer.`;
  }
}
