// A poll's countdown on the phone: "0:42 left" and a bar that empties. Calm by design: the clock is
// not a live region (role=timer), and the live region hears of it once, ten seconds before the end.
// The server closes the poll when time runs out; the page only shows the time left.
import type { AudiencePoll } from '../server/protocol.js';
import { h } from './dom.js';
import { t } from './i18n.js';

const WARN_AT_MS = 10_000;

interface Run {
  pollId: string;
  round: number;
  seconds: number;
  /** performance.now() at which the time is up. */
  endsAt: number;
  /** The ten-second warning was said (or was not due: the phone arrived later than that). */
  warned: boolean;
}

let run: Run | null = null;
let ticker: ReturnType<typeof setInterval> | undefined;
let say: (text: string) => void = () => {};

/** "m:ss", rounded up: the clock shows 0:01 until the very end. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function left(): number {
  return run ? Math.max(0, run.endsAt - performance.now()) : 0;
}

/** Follows the timer of the poll on screen (each state carries the time left when it was sent). */
export function followTimer(poll: AudiencePoll | null, announce: (text: string) => void): void {
  say = announce;
  const timer = poll?.status === 'open' ? poll.timer : undefined;
  if (!poll || !timer) {
    run = null;
    clearInterval(ticker);
    ticker = undefined;
    return;
  }
  const same = run && run.pollId === poll.id && run.round === poll.round && run.seconds === timer.seconds;
  run = {
    pollId: poll.id,
    round: poll.round,
    seconds: timer.seconds,
    endsAt: performance.now() + timer.remainingMs,
    warned: same ? run!.warned : timer.remainingMs <= WARN_AT_MS,
  };
  ticker ??= setInterval(tick, 250);
}

function paint(el: HTMLElement): void {
  const ms = left();
  const text = ms > 0 ? t.timeLeft(clock(ms)) : t.timeUp;
  const label = el.querySelector<HTMLElement>('.timer-text');
  if (label && label.textContent !== text) label.textContent = text;
  const fill = el.querySelector<HTMLElement>('.timer-fill');
  if (fill && run) fill.style.width = `${(ms / (run.seconds * 1000)) * 100}%`;
  el.classList.toggle('soon', ms <= WARN_AT_MS);
}

function tick(): void {
  if (!run) return;
  const el = document.getElementById('poll-timer');
  if (el) paint(el);
  if (!run.warned && left() <= WARN_AT_MS) {
    run.warned = true;
    say(t.secondsLeft(Math.ceil(left() / 1000)));
  }
}

/** The countdown for the poll on screen, or null when it has none. */
export function timerView(poll: AudiencePoll): HTMLElement | null {
  if (!run || run.pollId !== poll.id || run.round !== poll.round || poll.status !== 'open') return null;
  const el = h(
    'div',
    { class: 'timer', id: 'poll-timer', 'data-testid': 'poll-timer' },
    h('span', { class: 'timer-text', role: 'timer' }),
    h('span', { class: 'timer-bar', 'aria-hidden': 'true' }, h('span', { class: 'timer-fill' })),
  );
  paint(el);
  return el;
}
