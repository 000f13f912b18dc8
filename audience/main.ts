// Parley phone page: join a session by code, follow the presenter, vote. This file only wires the
// parts together: the state (state.ts) changes by update.ts, effects.ts does what it asks through
// the connection (connection.ts), and render.ts draws the screens (screens/).
import { codeFromPath } from './code.js';
import { openConnection } from './connection.js';
import { effects } from './effects.js';
import { bindLanguageMenu, preferredLanguage, setLanguage } from './i18n.js';
import { initialState } from './initial-state.js';
import { keptMine } from './mine-store.js';
import { renderer } from './render.js';
import { initialPageState } from './state.js';
import { createStore } from './store.js';
import { update } from './update.js';

/**
 * `?watch`: the presenter's phone preview. It follows the session read-only (`audience:watch`): it
 * is not a participant (not counted), so it never makes or stores a participant id, and sends nothing.
 */
const watching = new URLSearchParams(location.search).has('watch');

const linkCode = codeFromPath(location.pathname);
const preview = linkCode === null ? null : initialState(linkCode);

/** The live session's page: it follows the presenter. */
function live(): void {
  const store = createStore(initialPageState(watching), update);
  const { dispatch } = store;
  const opened = openConnection(dispatch);
  // A code typed in the form may be a self-paced session's: its join link is loaded instead.
  const connection: typeof opened = {
    ...opened,
    join: async (code, watch) => {
      const r = await opened.join(code, watch);
      if (r?.ok && r.data.state.selfPaced && !watch) location.replace(`/j/${code}`);
      return r;
    },
  };
  store.attach(
    effects(connection, dispatch, document.getElementById('announcer') as HTMLElement),
    renderer(
      document.getElementById('app') as HTMLElement,
      document.querySelector<HTMLElement>('[data-testid="connection-banner"]') as HTMLElement,
      document.getElementById('foot') as HTMLElement,
      dispatch,
    ),
  );
  dispatch({
    type: 'pageOpened',
    linkCode,
    preview,
    ...(linkCode !== null && !watching && { mine: keptMine(linkCode) }),
  });
  bindLanguageMenu(document.getElementById('lang-select') as HTMLSelectElement, document.getElementById('lang-label') as HTMLElement, () =>
    dispatch({ type: 'languageChanged' }),
  );
}

/**
 * A self-paced session's join link (its state says `selfPaced`): each phone goes through the deck
 * by itself, on a page of its own (paced/), loaded only then — the live page's first load stays as it was.
 */
function start(): void {
  if (preview?.selfPaced) void import('./paced/app.js').then((m) => m.startPaced(preview, watching));
  else live();
}

// English is built in and shows at once; another language waits for its (small) chunk, so that
// the page does not flash English first.
const language = preferredLanguage();
if (language === 'en') start();
else void setLanguage(language).then(start);
