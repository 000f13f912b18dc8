// How to join: the audience URL, the code in large letters and the QR code.
import { h } from './dom.js';

export function joinBox(code: string, audienceUrl: string, extraClass = ''): HTMLElement {
  return h(
    'div',
    { class: `join-box ${extraClass}`.trim() },
    h('img', { class: 'join-qr', src: `/api/sessions/${code}/qr.svg`, alt: `QR code to join: ${audienceUrl}`, width: 240, height: 240 }),
    h(
      'div',
      { class: 'join-text' },
      h('p', { class: 'join-hint' }, 'Join on your phone'),
      h('p', { class: 'join-url' }, audienceUrl),
      h('p', { class: 'join-code-label' }, 'code'),
      h('p', { class: 'join-code', 'data-testid': 'join-code' }, code),
    ),
  );
}
