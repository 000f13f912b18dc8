// The top of every self-paced screen: the deck's title and the session's code.
import { h } from '../../dom.js';
import type { PacedModel } from '../model.js';

export function topBar(m: PacedModel): HTMLElement {
  return h('header', { class: 'top' }, h('p', { class: 'deck-title' }, m.state.deckTitle), h('p', { class: 'session-code' }, m.code));
}
