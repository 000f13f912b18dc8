// Countdowns on the phone: a poll's timer ("0:42 left" and a bar that empties), and the discussion
// timer the presenter runs on any slide (under the slide title between questions). Calm by design:
// the clock is not a live region (role=timer), and the live region hears of a poll's timer once,
// ten seconds before the end. The server keeps the timers; the page only shows the time left.
import type { AudiencePoll, SlideTimer } from '../server/protocol.js';
import { h } from './dom.js';
import { t } from './i18n.js';

const WARN_AT_MS = 10_000;

interface Run {
  /** Which timer this is: a poll's round, or the discussion timer's start. */
  key: string;
  seconds: number;
  /** performance.now() at which the time is up. */
  endsAt: number;
  /** The ten-second warning was said (or is not due: the phone arrived later, or this is no poll timer). */
  warned: boolean;
}

/** The element id of each countdown on the screen. */
const POLL = 'poll-timer';
const DISCUSSION = 'discussion-timer';
const runs = new Map<string, Run>();
let ticker: ReturnType<typeof setInterval> | undefined;
let say: (text: string) => void = () => {};

/** "m:ss", rounded up: the clock shows 0:01 until the very end. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function left(run: Run | undefined): number {
  return run ? Math.max(0, run.endsAt - performance.now()) : 0;
}

/** Follows (or forgets) one countdown; `key` tells a new timer from the same one sent again. */
function follow(id: string, key: string, timer: { seconds: number; remainingMs: number } | undefined, warns: boolean): void {
  if (!timer) {
    runs.delete(id);
    if (runs.size === 0) {
      clearInterval(ticker);
      ticker = undefined;
    }
    return;
  }
  const before = runs.get(id);
  const same = before && before.key === key && before.seconds === timer.seconds;
  runs.set(id, {
    key,
    seconds: timer.seconds,
    endsAt: performance.now() + timer.remainingMs,
    warned: !warns || (same ? before.warned : timer.remainingMs <= WARN_AT_MS),
  });
  ticker ??= setInterval(tick, 250);
}

/** Follows the timer of the poll on screen and the discussion timer (each state carries the time left when it was sent). */
export function followTimer(poll: AudiencePoll | null, discussion: SlideTimer | undefined, announce: (text: string) => void): void {
  say = announce;
  follow(POLL, poll ? `${poll.id}/${poll.round}` : '', poll?.status === 'open' ? poll.timer : undefined, true);
  follow(DISCUSSION, discussion ? `${discussion.slide.h}/${discussion.slide.v}` : '', discussion, false);
}

function paint(el: HTMLElement, run: Run | undefined): void {
  const ms = left(run);
  const text = ms > 0 ? t.timeLeft(clock(ms)) : t.timeUp;
  const label = el.querySelector<HTMLElement>('.timer-text');
  if (label && label.textContent !== text) label.textContent = text;
  const fill = el.querySelector<HTMLElement>('.timer-fill');
  if (fill && run) fill.style.width = `${(ms / (run.seconds * 1000)) * 100}%`;
  el.classList.toggle('soon', ms <= WARN_AT_MS);
}

function tick(): void {
  for (const [id, run] of runs) {
    const el = document.getElementById(id);
    if (el) paint(el, run);
    if (!run.warned && left(run) <= WARN_AT_MS) {
      run.warned = true;
      say(t.secondsLeft(Math.ceil(left(run) / 1000)));
    }
  }
}

function countdown(id: string): HTMLElement {
  const el = h(
    'div',
    { class: 'timer', id, 'data-testid': id },
    h('span', { class: 'timer-text', role: 'timer' }),
    h('span', { class: 'timer-bar', 'aria-hidden': 'true' }, h('span', { class: 'timer-fill' })),
  );
  paint(el, runs.get(id));
  return el;
}

/** The countdown for the poll on screen, or null when it has none. */
export function timerView(poll: AudiencePoll): HTMLElement | null {
  if (runs.get(POLL)?.key !== `${poll.id}/${poll.round}` || poll.status !== 'open') return null;
  return countdown(POLL);
}

/** The discussion timer's countdown ("Time's up" once it ran out), or null when none is shown. */
export function discussionView(): HTMLElement | null {
  return runs.has(DISCUSSION) ? countdown(DISCUSSION) : null;
}

/** On a poll's screen, the discussion timer under its name: bare, it would read as the time left to vote. */
export function namedDiscussionView(): HTMLElement | null {
  const clock = discussionView();
  return clock && h('div', { class: 'discussion' }, h('p', { class: 'timer-name' }, t.discussionTime), clock);
}
