// While the page joins a session it has no state of yet.
import { h } from '../dom.js';
import { t } from '../i18n.js';

export function joiningScreen(code: string): HTMLElement {
  return h('section', { class: 'center', 'data-testid': 'joining' }, h('p', { class: 'big' }, t.joining(code)));
}
