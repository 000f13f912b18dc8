// Before the slides are there (or when the session is not open): one line saying why.
import { h } from '../../dom.js';
import type { PacedModel } from '../model.js';
import { topBar } from './top.js';

/** `text`: the slides are loading, or the session is not open (when it opens, or that it closed or ended). */
export function waitingScreen(m: PacedModel, text: string): HTMLElement {
  return h('section', { class: 'screen paced' }, topBar(m), h('p', { class: 'wait-text' }, text));
}
