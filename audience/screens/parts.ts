// Pieces shared by the screens.
import type { AudiencePoll, AudienceState } from '../../server/protocol.js';
import type { Dispatch } from '../actions.js';
import { h, on } from '../dom.js';
import { t } from '../i18n.js';
import type { PollModel } from '../model.js';
import { isPaired } from '../state.js';
import { say } from '../words.js';

/** The deck's title and the session code, above every screen of a session. */
export function topBar(state: AudienceState): HTMLElement {
  return h(
    'header',
    { class: 'top' },
    h('span', { class: 'deck-title', 'data-testid': 'deck-title' }, state.deckTitle),
    h('span', { class: 'session-code', 'aria-label': t.sessionCode(state.code) }, state.code),
  );
}

/** Arrow keys move between the options of a group (they do not vote: that takes Enter or Space). */
function arrowKeys(ev: Event): void {
  if (!(ev instanceof KeyboardEvent)) return;
  const step = ev.key === 'ArrowDown' || ev.key === 'ArrowRight' ? 1 : ev.key === 'ArrowUp' || ev.key === 'ArrowLeft' ? -1 : 0;
  const target = ev.target;
  if (!step || !(target instanceof HTMLButtonElement) || !target.classList.contains('option')) return;
  const buttons = [...(ev.currentTarget as HTMLElement).querySelectorAll<HTMLButtonElement>('button.option:not(:disabled)')];
  const next = buttons[(buttons.indexOf(target) + step + buttons.length) % buttons.length];
  if (next) {
    ev.preventDefault();
    next.focus();
  }
}

/** A fieldset of option buttons, labelled by `legend`, described by the hint (#poll-hint). */
export function optionGroup(legend: HTMLElement, open: boolean, role: string | null, ...rest: (Node | null)[]): HTMLFieldSetElement {
  const fs = h(
    'fieldset',
    {
      class: 'options',
      role,
      'aria-labelledby': legend.id,
      'aria-describedby': 'poll-hint',
      disabled: !open,
    },
    h('legend', {}, legend),
    ...rest,
  );
  on(fs, 'keydown', arrowKeys);
  return fs;
}

export function questionHeading(text: string): HTMLElement {
  return h('h1', { class: 'question', id: 'poll-q', 'data-testid': 'poll-question' }, text);
}

export function hintLine(text: string, open: boolean): HTMLElement {
  return h('p', { class: open ? 'hint' : 'hint closed', id: 'poll-hint' }, text);
}

/** The line under the controls that says what happened to the last answer (worded now, in the current language). */
export function statusLine(model: PollModel): HTMLElement {
  const status = model.status;
  return h('p', { class: `status${status ? ` ${status.kind}` : ''}`, 'data-testid': 'vote-status' }, status ? say(status.text) : '');
}

/** Under a recorded answer while the poll is open: it is not final. */
export function changeNote(model: PollModel): HTMLElement | null {
  const open = model.poll.status === 'open';
  return open && model.status?.kind === 'ok' ? h('p', { class: 'status-note' }, t.canChange) : null;
}

/** Where the participant is: "Slide 3 · Branch A" (the slide's title as the deck has it). */
export function slideContext(slide: { number: string; title: string }): HTMLElement {
  return h('p', { class: 'where', 'data-testid': 'slide-context' }, t.slide(slide.number), slide.title ? ` · ${slide.title}` : '');
}

/** A paired poll's question name as shown: `should` → "Should". */
export function askName(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1);
}

/** An answer in words: its labels (`rank`: numbered, in order; a paired poll: "Should: Talk · Would: Wait"). */
export function answerWords(poll: AudiencePoll, ids: readonly string[]): string {
  const label = (id: string | undefined) => poll.options.find((o) => o.id === id)?.label ?? id;
  if (isPaired(poll)) return poll.ask.map((a, i) => `${askName(a.id)}: ${label(ids[i])}`).join(' · ');
  return ids.map((id, i) => (poll.type === 'rank' ? `${i + 1}. ` : '') + label(id)).join(', ');
}

/**
 * Voted on again: this participant's answer in the round before, by its labels (`rank`: in order).
 * Not answered yet in this round: above the question, with Keep it; otherwise a small line under.
 */
export function earlierAnswer(model: PollModel, dispatch: Dispatch, top: boolean): HTMLElement | null {
  const { poll, earlier } = model;
  if (!earlier || earlier.keep !== top) return null;
  const line = h(
    'p',
    { class: top ? 'earlier-line' : 'status-note', 'data-testid': top ? null : 'earlier-answer' },
    earlier.first ? t.firstAnswer : t.earlierAnswer,
    h('strong', {}, answerWords(poll, earlier.optionIds)),
  );
  if (!top) return line;
  return h(
    'div',
    { class: 'earlier', 'data-testid': 'earlier-answer' },
    line,
    h('button', { type: 'button', class: 'primary', 'data-testid': 'keep-earlier', onclick: () => dispatch({ type: 'earlierKept' }) }, t.keepIt),
    h('p', { class: 'status-note' }, t.orChange),
  );
}
