// The phone page of a self-paced session (pre-work, catch-up): a page of its own, loaded only for
// such a session's join link (main.ts), so that the live phone page's first load stays as it was.
// The phone goes through the deck by itself: the slides as the server renders them (never the
// speaker notes: audience:slides), each poll inline, answered through the same events as in a
// live session, Next/Previous along this participant's own path (a branching poll's choice leads
// to its branch: nav.ts), and a poll's results once answered if the deck allows (audience:results).
//
// This file only wires the parts together, as the live page does: one model (model.ts) changed by
// named messages (messages.ts) in a pure update.ts, whose commands effects.ts does through the
// socket, and view.ts drawing the screens (screens/), run by the same store (../store.ts).
import './paced.css';
import type { AudienceState } from '../../server/protocol.js';
import { applyAccent } from '../accent.js';
import { bindLanguageMenu } from '../i18n.js';
import { createStore } from '../store.js';
import { effects, loadPlace } from './effects.js';
import { initialModel } from './model.js';
import { update } from './update.js';
import { renderer } from './view.js';

/** `watching`: the presenter's Phone view (`?watch`), which follows the session and answers nothing. */
export function startPaced(first: AudienceState, watching: boolean): void {
  const app = document.getElementById('app') as HTMLElement;
  const banner = document.querySelector<HTMLElement>('[data-testid="connection-banner"]') as HTMLElement;
  const foot = document.getElementById('foot') as HTMLElement;
  applyAccent(first.accent);
  foot.hidden = false;
  const store = createStore(initialModel(first, watching ? { at: 0, back: [] } : loadPlace(first.code), watching), update);
  const { dispatch } = store;
  store.attach(effects(first.code, dispatch), renderer(app, banner, dispatch));
  bindLanguageMenu(document.getElementById('lang-select') as HTMLSelectElement, document.getElementById('lang-label') as HTMLElement, () =>
    dispatch({ type: 'languageChanged' }),
  );
  dispatch({ type: 'opened' });
}
