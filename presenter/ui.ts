// The page-wide pieces every presenter view shares: the toast, the full-page panel, the key form.
import { h } from './dom.js';
import { saveKey } from './key.js';

const panel = (): HTMLElement => document.getElementById('panel') as HTMLElement;

let toastTimer: ReturnType<typeof setTimeout> | undefined;
/** A short message at the top of the screen (a polite live region, so screen readers hear it too). */
export function toast(text: string, ms = 3000): void {
  const el = document.getElementById('toast') as HTMLElement;
  el.textContent = text;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    el.hidden = true;
  }, ms);
}

/** Fills the full-page panel (start page, key form, errors) and shows it. */
export function showPanel(...content: Node[]): HTMLElement {
  const el = panel();
  el.replaceChildren(h('div', { class: 'panel-card' }, h('h1', {}, 'Parley'), ...content));
  el.hidden = false;
  return el;
}

export function hidePanel(): void {
  panel().hidden = true;
}

/** Asks for the presenter key, then calls `next` with it. */
export function askKey(next: (key: string) => void, problem?: string): void {
  const input = h('input', { type: 'password', name: 'key', autocomplete: 'current-password', required: true, id: 'key' });
  const form = h(
    'form',
    { 'data-testid': 'key-form' },
    h('label', { for: 'key' }, 'Presenter key'),
    input,
    problem ? h('p', { class: 'panel-error', role: 'alert' }, problem) : null,
    h('button', { type: 'submit' }, 'Continue'),
    h('p', { class: 'panel-hint' }, 'The key is in the link Parley printed when it started, or in DATA_DIR/presenter-key.'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) return;
    saveKey(key);
    hidePanel();
    next(key);
  });
  showPanel(form);
  input.focus();
}

/**
 * Whether the page is still connecting to its session (`aria-busy` on the body): assistive
 * technology waits for it, and so do the browser tests (`body[aria-busy="false"]`).
 */
export function markBusy(busy: boolean): void {
  document.body.setAttribute('aria-busy', String(busy));
}
