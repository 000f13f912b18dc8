// Pieces shared by the poll screens.
import { h, on } from './dom.js';
import type { PollModel } from './model.js';

export const YOUR_ANSWER = 'Your answer';

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function respondentsText(n: number): string {
  return n === 1 ? '1 person answered' : `${n} people answered`;
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

/** The line under the controls that says what happened to the last answer. */
export function statusLine(model: PollModel): HTMLElement {
  return h(
    'p',
    { class: `status${model.status ? ` ${model.status.kind}` : ''}`, 'data-testid': 'vote-status' },
    model.status?.text ?? '',
  );
}
