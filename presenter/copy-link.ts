// A link to hand out: shown in a read-only field (select it and copy by hand if the clipboard is
// not available, as on plain http from another machine) and a Copy button that says "Copied".
import { h } from './dom.js';

let fields = 0;

export function copyLink(url: string, label: string, testId: string): HTMLElement {
  const id = `copy-link-${++fields}`;
  const field = h('input', { type: 'text', id, class: 'copy-field', readonly: true, value: url, 'data-testid': `${testId}-field` });
  const button = h('button', { type: 'button', class: 'copy-button', 'data-testid': `${testId}-copy` }, 'Copy');
  const status = h('span', { class: 'copy-status', role: 'status', 'data-testid': `${testId}-status` });
  let clear: ReturnType<typeof setTimeout> | undefined;
  const say = (text: string): void => {
    status.textContent = text;
    clearTimeout(clear);
    clear = setTimeout(() => {
      status.textContent = '';
    }, 4000);
  };
  field.addEventListener('focus', () => field.select());
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(url);
      say('Copied');
    } catch {
      // No clipboard access: the link is selected, ready for Ctrl+C.
      field.focus();
      field.select();
      say('Selected: press Ctrl+C (⌘C) to copy');
    }
  });
  return h('div', { class: 'copy-link' }, h('label', { for: id }, label), h('span', { class: 'copy-row' }, field, button), status);
}
