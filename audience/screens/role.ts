// Who the participant is (a deck with `roles`): asked once on joining, before the poll, and again
// from the menu at the bottom of the page. Loaded only for a deck that names roles.
import type { AudienceState } from '../../server/protocol.js';
import type { Dispatch } from '../actions.js';
import { h } from '../dom.js';
import { lang, t } from '../i18n.js';
import { ROLE_WORDS } from '../locales/role-words.js';
import { hintLine, optionGroup, topBar } from './parts.js';

/** This screen's words in the page's language of the moment. */
const w = () => ROLE_WORDS[lang];

/** "You are…": each of the deck's roles and "Prefer not to say"; a tap gives it. `changing`: opened from the menu (Cancel goes back). */
export function roleScreen(state: AudienceState, role: string | null | undefined, changing: boolean, dispatch: Dispatch): HTMLElement {
  const choice = (id: string | null, label: string): HTMLElement => {
    const on = role === id;
    const key = `role-${id ?? 'unsaid'}`;
    return h(
      'button',
      {
        type: 'button',
        id: key,
        class: `option${on ? ' selected' : ''}`,
        role: 'radio',
        'aria-checked': String(on),
        'data-testid': key,
        onclick: () => dispatch({ type: 'rolePicked', role: id }),
      },
      h('span', { class: 'dot', 'aria-hidden': 'true' }),
      h('span', { class: 'option-label' }, label),
    );
  };
  return h(
    'section',
    { class: 'screen' },
    topBar(state),
    h(
      'div',
      { class: 'poll', 'data-testid': 'role-question' },
      optionGroup(
        h('h1', { class: 'question', id: 'role-q' }, w().roleTitle),
        true,
        'radiogroup',
        hintLine(w().roleWhy, true),
        ...(state.roles ?? []).map((r) => choice(r.id, r.label)),
        choice(null, t.preferNot),
      ),
      changing &&
        h(
          'button',
          { type: 'button', class: 'secondary', 'data-testid': 'role-cancel', onclick: () => dispatch({ type: 'roleClosed' }) },
          w().cancel,
        ),
    ),
  );
}
