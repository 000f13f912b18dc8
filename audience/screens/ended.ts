// The presenter ended the session.
import type { AudienceState } from '../../server/protocol.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { topBar } from './parts.js';

export function endedScreen(state: AudienceState): HTMLElement {
  return h(
    'section',
    { class: 'screen' },
    topBar(state),
    h('div', { class: 'waiting', 'data-testid': 'ended' }, h('h1', { class: 'slide-title' }, t.ended), h('p', { class: 'wait-text' }, t.thanks)),
  );
}
