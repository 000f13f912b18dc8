// Parley presenter: one page, four views. Without a session: the start page (decks, live
// sessions, history). With ?session=CODE: the projector window (the deck), or with &console the
// presenter console; with &receiver a preview frame of the deck (no connection: the console's
// slide previews and reveal.js's speaker view).
import type { Deck } from '../server/deck/types.js';
import { presenterConsole } from './console.js';
import { DeckView } from './deck-view.js';
import { h } from './dom.js';
import { adoptKeyFromHash, authHeaders, storedKey } from './key.js';
import { live } from './live.js';
import { startPage } from './start-page.js';
import { askKey, showPanel } from './ui.js';
import './style.css';

/** A preview frame: the deck as it looks, charts static (the presenter windows own the connection). */
async function receiver(code: string, key: string | null): Promise<void> {
  const res = await fetch(`/api/sessions/${encodeURIComponent(code)}/deck`, { headers: key ? authHeaders(key) : {} });
  if (!res.ok) {
    showPanel(h('p', { class: 'panel-error' }, 'Open the slide previews from the presenter window or the console.'));
    return;
  }
  const deck = (await res.json()) as Deck;
  document.documentElement.classList.add('receiver');
  // A picture of the deck: nothing in it can be focused or clicked.
  (document.querySelector('.reveal') as HTMLElement).inert = true;
  await DeckView.create(deck, {
    code,
    audienceUrl: '',
    receiver: true,
    handlers: { control: () => {}, moderate: () => {}, branch: () => {} },
  });
}

adoptKeyFromHash();
const params = new URLSearchParams(location.search);
const code = params.get('session')?.trim().toUpperCase() ?? '';
const key = storedKey();
const view = params.has('console') ? presenterConsole : live;

if (params.has('receiver')) {
  void receiver(code, key);
} else if (!code) {
  if (key) void startPage(key);
  else askKey((k) => void startPage(k));
} else if (key) {
  view(code, key);
} else {
  askKey((k) => view(code, k));
}
