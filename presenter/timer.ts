// Timers: a countdown that follows the server's timer (the server closes a poll when its timer
// runs out; this only shows the time left), and the console's controls to start one on the fly —
// a poll's timer, or the discussion timer of any slide.
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
  /** Had time left at the last tick: reaching 0:00 now is the end (not a state that arrived at 0:00). */
  private running = false;

  /** `done`: what it says at 0:00 (default "0:00 left"); `onDone` is called when a running countdown gets there. */
  constructor(
    testId: string,
    className = 'countdown',
    private readonly done?: string,
    private readonly onDone?: () => void,
  ) {
    // Not a live region: a screen reader announcing every second would drown everything else.
    this.el = h('span', { class: className, 'data-testid': testId, hidden: true });
  }

  /** The poll's timer as the server last sent it (absent: none is running). */
  set(timer: PollTimer | undefined): void {
    clearInterval(this.ticker);
    this.running = false;
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
    this.el.textContent = left <= 0 && this.done ? this.done : `${clock(left)} left`;
    this.el.classList.toggle('countdown-ending', left <= 10_000);
    this.el.classList.toggle('countdown-done', left <= 0);
    // The server closes a poll; the countdown just waits at 0:00 for that news.
    if (left <= 0) {
      clearInterval(this.ticker);
      if (this.running) this.onDone?.();
    }
    this.running = left > 0;
  }
}

/** "2 min", "90 s": a timer's length on a button. */
export function timerLength(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

/** What a set of timer controls is for: a poll's timer (`timer-…` test ids) or the discussion timer (`discuss-…`). */
export interface TimerControlsOptions {
  /** Prefix of the element ids and test ids. */
  name: string;
  heading: string;
  /** The countdown's test id. */
  countdownId: string;
  /** The seconds field's first value. */
  seconds: number;
  /** A first button for the deck's own length (e.g. "Discuss 2 min"). */
  offer?: { label: string; seconds: number };
  /** Shown by the countdown once it reaches 0:00 (default "0:00 left"). */
  done?: string;
  /** The seconds field's label (default "Seconds"). */
  label?: string;
}

/**
 * The console's timer controls: the countdown, quick durations (+30 s adds to what is left), a
 * number field and Stop. Used for a poll's timer and for the discussion timer of any slide.
 */
export class TimerControls {
  readonly el: HTMLElement;
  private readonly countdown: Countdown;
  private readonly note: HTMLElement;
  private readonly stop: HTMLButtonElement;
  private readonly seconds: HTMLInputElement;

  constructor(options: TimerControlsOptions, start: (seconds: number | null) => Promise<void>) {
    const { name } = options;
    this.countdown = new Countdown(options.countdownId, 'console-countdown', options.done);
    this.note = h('span', { class: 'console-hint', 'data-testid': `${name}-note` });
    const quick = (label: string, title: string, seconds: () => number, testId: string): HTMLButtonElement => {
      const button = h('button', { type: 'button', 'data-testid': testId, title }, label);
      button.addEventListener('click', () => void start(clampSeconds(seconds())));
      return button;
    };
    const offer = options.offer;
    const buttons = [
      ...(offer ? [quick(offer.label, `Start a ${timerLength(offer.seconds)} timer (the deck's)`, () => offer.seconds, `${name}-deck`)] : []),
      quick('+30 s', 'Add 30 seconds (or start a 30-second timer)', () => (this.countdown.remainingMs() ?? 0) / 1000 + 30, `${name}-plus-30`),
      quick('1 min', 'Start a 1-minute timer', () => 60, `${name}-1-min`),
      quick('2 min', 'Start a 2-minute timer', () => 120, `${name}-2-min`),
    ];
    this.seconds = h('input', {
      type: 'number',
      id: `${name}-seconds`,
      min: TIMER_MIN_SECONDS,
      max: TIMER_MAX_SECONDS,
      step: 5,
      value: options.seconds,
      inputmode: 'numeric',
      'data-testid': `${name}-seconds`,
    });
    const form = h(
      'form',
      { class: 'timer-form' },
      h('label', { for: this.seconds.id }, options.label ?? 'Seconds'),
      this.seconds,
      h('button', { type: 'submit', 'data-testid': `${name}-start` }, 'Start'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const value = Number(this.seconds.value);
      if (Number.isFinite(value) && value > 0) void start(clampSeconds(value));
    });
    this.stop = h('button', { type: 'button', 'data-testid': `${name}-stop` }, 'Stop timer');
    this.stop.addEventListener('click', () => void start(null));
    this.el = h(
      'section',
      { class: 'console-timer', 'aria-labelledby': `${name}-title` },
      h('h3', { id: `${name}-title` }, `${options.heading} `, this.countdown.el),
      this.note,
      h('div', { class: 'console-buttons' }, ...buttons, this.stop),
      form,
    );
  }

  /** The timer as the server last sent it (absent: none), and what to say about it. */
  show(timer: PollTimer | undefined, note: string): void {
    this.countdown.set(timer);
    this.stop.disabled = !timer;
    this.note.textContent = note;
  }
}

/** The console's timer controls for one poll. A closed poll is opened first (one click starts a timed vote). */
export function pollTimerControls(poll: Poll, start: (seconds: number | null) => Promise<void>): TimerControls {
  return new TimerControls({ name: 'timer', heading: 'Timer', countdownId: 'console-countdown', seconds: poll.timer ?? 60 }, start);
}

/** What the console says of a poll's timer. */
export function pollTimerNote(poll: Poll, state: PresenterPollState): string {
  const deck = poll.timer ? `The deck sets ${poll.timer} s when the poll opens.` : 'No timer in the deck.';
  return state.timer
    ? `Closes the poll by itself when it runs out (${state.timer.seconds} s timer).`
    : state.status === 'open'
      ? `No timer running. ${deck}`
      : `${deck} A button below opens the poll with a timer.`;
}
