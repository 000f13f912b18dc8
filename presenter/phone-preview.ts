// What the phones see, at phone width beside the deck: the session's join page in a frame.
// The frame watches (`/j/CODE?watch`, `audience:watch`): it shows what phones show, live, but is
// no participant — not counted, cannot answer, stores no participant id.
import { h } from './dom.js';

export interface PhonePreview {
  readonly el: HTMLElement;
  /** Shows the session's phone page (or hides it when it already shows that session). */
  toggle(code: string): void;
  close(): void;
}

export function phonePreview(): PhonePreview {
  const title = h('h2', { id: 'phone-preview-title' }, 'Phone view');
  const close = h('button', { type: 'button', class: 'phone-preview-close', 'data-testid': 'phone-preview-close' }, 'Close');
  const body = h('div', { class: 'phone-preview-body' });
  const el = h(
    'aside',
    { class: 'phone-preview', 'aria-labelledby': 'phone-preview-title', 'data-testid': 'phone-preview', hidden: true },
    h('div', { class: 'phone-preview-head' }, title, close),
    body,
  );
  let shown: string | null = null;
  const hide = (): void => {
    shown = null;
    el.hidden = true;
    body.replaceChildren();
    document.body.classList.remove('phone-preview-open');
  };
  close.addEventListener('click', hide);
  return {
    el,
    toggle(code) {
      if (shown === code) {
        hide();
        return;
      }
      shown = code;
      title.textContent = `Phone view of ${code}`;
      body.replaceChildren(
        h('iframe', {
          class: 'phone-frame',
          src: `/j/${encodeURIComponent(code)}?watch`,
          title: `The phone page of session ${code}`,
          'data-testid': 'phone-frame',
          width: 375,
          height: 667,
        }),
      );
      el.hidden = false;
      // The page makes room for it (style.css): beside the list or the slides, not over them.
      document.body.classList.add('phone-preview-open');
      close.focus();
    },
    close: hide,
  };
}
