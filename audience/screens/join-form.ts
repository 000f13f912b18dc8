// The code form: the first screen without a join link, and where the page goes back to when a
// session cannot be joined (with the reason).
import { JOIN_CODE_LENGTH } from '../../server/protocol.js';
import type { Dispatch } from '../actions.js';
import { sanitizeCode } from '../code.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';

export function joinForm(value: string, error: string | null, dispatch: Dispatch): HTMLElement {
  const input = h('input', {
    id: 'code',
    name: 'code',
    class: 'code-input',
    'data-testid': 'code-input',
    type: 'text',
    value,
    autocomplete: 'off',
    autocapitalize: 'characters',
    autocorrect: 'off',
    spellcheck: 'false',
    enterkeyhint: 'go',
    placeholder: '•'.repeat(JOIN_CODE_LENGTH),
    'aria-describedby': error ? 'code-help join-error' : 'code-help',
    'aria-invalid': error ? 'true' : null,
    required: true,
  });
  input.addEventListener('input', () => {
    const clean = sanitizeCode(input.value);
    if (clean !== input.value) input.value = clean;
    dispatch({ type: 'codeTyped', value: clean });
  });
  const form = h(
    'form',
    { class: 'join', novalidate: true, 'aria-labelledby': 'join-title' },
    h('h1', { id: 'join-title' }, t.joinTitle),
    h('label', { for: 'code', class: 'code-label' }, t.codeLabel),
    input,
    h('p', { id: 'code-help', class: 'help' }, t.codeHelp(JOIN_CODE_LENGTH)),
    h('p', { id: 'join-error', class: 'join-error', 'data-testid': 'join-error', role: 'alert' }, error ?? ''),
    h('button', { type: 'submit', class: 'primary', 'data-testid': 'join-button' }, t.join),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    dispatch({ type: 'codeSubmitted', value: sanitizeCode(input.value) });
  });
  return form;
}
