// Between questions: where the presenter is, the discussion timer if one runs, and that the next
// question will come.
import type { AudienceState } from '../../server/protocol.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { discussionView } from '../timer.js';
import { topBar } from './parts.js';

export function waitingScreen(state: AudienceState): HTMLElement {
  const title = state.slide.title;
  return h(
    'section',
    { class: 'screen' },
    topBar(state),
    h(
      'div',
      { class: 'waiting', 'data-testid': 'waiting' },
      h('p', { class: 'where', 'data-testid': 'slide-context' }, t.slide(state.slide.number)),
      h('h1', { class: 'slide-title', 'data-testid': 'slide-title', hidden: title === '' }, title),
      discussionView(),
      h('p', { class: 'wait-text' }, t.waiting),
    ),
  );
}
