// The view: draws the page from its state — the connection banner, and the screen of the moment.
// A new screen is a module in screens/ and a branch of screenFor().
import { isTextPoll } from '../server/deck/types.js';
import type { Dispatch } from './actions.js';
import { h } from './dom.js';
import { t } from './i18n.js';
import { mount } from './mount.js';
import { pollModel } from './poll-model.js';
import { endedScreen } from './screens/ended.js';
import { joinForm } from './screens/join-form.js';
import { joiningScreen } from './screens/joining.js';
import { pollScreen } from './screens/poll.js';
import { waitingScreen } from './screens/waiting.js';
import { asksRole, isPaired, type PageState, showsMine } from './state.js';
import { say } from './words.js';

/** Screens of rarely used features, each loaded when a session needs it: they stay out of the first load. */
interface LazyScreens {
  role?: typeof import('./screens/role.js');
  paired?: typeof import('./screens/paired.js');
  rank?: typeof import('./screens/rank.js');
  text?: typeof import('./screens/text.js');
  mine?: typeof import('./screens/my-session.js');
  followUp?: typeof import('./screens/earlier-commitment.js');
}

/** The screen for a session the page is joining or has joined. */
function screenFor(s: PageState, dispatch: Dispatch, lazy: LazyScreens): HTMLElement {
  // Joining shows the session's state as soon as the page has it: the join page carries it.
  const session = s.session;
  if (showsMine(s) && lazy.mine) return lazy.mine.mySessionScreen(s, dispatch);
  if (!session) return joiningScreen(s.code ?? '');
  if (session.ended) return endedScreen(session);
  // Until its module is there (a moment), the screen underneath.
  if (asksRole(s) && lazy.role) return lazy.role.roleScreen(session, s.role, s.roleOpen, dispatch);
  const poll = session.poll;
  const screen = poll
    ? pollScreen(session, pollModel(s, poll), dispatch, { pair: lazy.paired?.pairBody, order: lazy.rank?.rankBody, typed: lazy.text?.textBody })
    : waitingScreen(session);
  // A follow-up: this phone's commitment in the earlier session (screens/earlier-commitment.ts).
  return lazy.followUp?.withEarlierCommitment(screen, s) ?? screen;
}

/** The menu's role button (a deck with roles, once one is given): shows it and asks again. */
function roleMenu(s: PageState, dispatch: Dispatch): HTMLElement | null {
  const roles = s.session?.roles;
  if (!roles || s.role === undefined || asksRole(s) || s.session?.ended || s.watching) return null;
  const label = roles.find((r) => r.id === s.role)?.label ?? t.preferNot;
  return h(
    'button',
    { type: 'button', class: 'link', 'data-testid': 'role-menu', onclick: () => dispatch({ type: 'roleOpened' }) },
    t.roleMenu(label),
  );
}

/** The menu's "My session" button, while the session runs (once it has ended, My session is the screen). */
function mineMenu(s: PageState, dispatch: Dispatch): HTMLElement | null {
  if (s.watching || s.phase !== 'joined' || showsMine(s)) return null;
  return h('button', { type: 'button', class: 'link', 'data-testid': 'mine-menu', onclick: () => dispatch({ type: 'mineOpened' }) }, t.mySession);
}

/** Whether the connection matters to what is on screen: not for a session that has ended. */
const offSession = (s: PageState): boolean => showsMine(s) && (s.session?.ended === true || (s.mine?.endedAt ?? null) !== null);

function paintBanner(banner: HTMLElement, s: PageState): void {
  const { net } = s;
  const text = net.portal ? t.signInToWifi : net.closing ? t.restarting : net.everConnected ? t.reconnecting : t.connecting;
  // Only on a change: the banner is a live region, and the same words need not be read twice.
  if (banner.textContent !== text) banner.textContent = text;
  banner.hidden = offSession(s) || (!net.closing && !net.portal && (net.connected || (!net.everConnected && !net.graceOver)));
}

export type Render = (s: PageState, redraw: boolean) => void;

/**
 * A renderer for `app` and `banner`. Each call replaces the screen (mount.ts keeps focus and a
 * text box being typed in), except the join form: it is rebuilt only when shown anew (or after
 * a language switch), so that it keeps what is typed and its alert is not said again.
 */
export function renderer(app: HTMLElement, banner: HTMLElement, foot: HTMLElement, dispatch: Dispatch): Render {
  const menu = foot.querySelector('#menu-role') as HTMLElement;
  const mineButton = foot.querySelector('#menu-mine') as HTMLElement;
  let drawnForm: PageState['form'] | null = null;
  let drawnMenu = '';
  let drawnMine = '';
  let last: PageState | null = null;
  const lazy: LazyScreens = {};
  const loading = new Set<keyof LazyScreens>();
  /** Loads a lazy screen once, then draws the page again with it. Whether it is there now. */
  const want = <K extends keyof LazyScreens>(key: K, load: () => Promise<NonNullable<LazyScreens[K]>>): boolean => {
    if (lazy[key]) return true;
    if (loading.has(key)) return false;
    loading.add(key);
    void load().then(
      (m) => {
        lazy[key] = m;
        if (last) render(last, true);
      },
      () => loading.delete(key), // offline: tried again at the next draw
    );
    return false;
  };
  const render: Render = (s, redraw) => {
    last = s;
    paintBanner(banner, s);
    if (!redraw || s.phase === 'opening') return;
    // Whether the screen has what it needs: the first screen waits for it (drawing a part, then
    // the rest, would move what is under it).
    let ready = true;
    if (s.session?.roles && !s.watching) ready = want('role', () => import('./screens/role.js')) || !asksRole(s);
    const poll = s.session?.ended ? null : s.session?.poll;
    if (poll && isPaired(poll)) ready = want('paired', () => import('./screens/paired.js')) && ready;
    if (poll?.type === 'rank') ready = want('rank', () => import('./screens/rank.js')) && ready;
    if (poll && isTextPoll(poll)) ready = want('text', () => import('./screens/text.js')) && ready;
    if (showsMine(s)) ready = want('mine', () => import('./screens/my-session.js')) && ready;
    if (s.followUp?.linked) ready = want('followUp', () => import('./screens/earlier-commitment.js')) && ready;
    const button = roleMenu(s, dispatch);
    // Only on a change: a button rebuilt on every draw would lose keyboard focus.
    if ((button?.textContent ?? '') !== drawnMenu) {
      drawnMenu = button?.textContent ?? '';
      menu.replaceChildren(...(button ? [button] : []));
    }
    const mineLink = mineMenu(s, dispatch);
    if ((mineLink?.textContent ?? '') !== drawnMine) {
      drawnMine = mineLink?.textContent ?? '';
      mineButton.replaceChildren(...(mineLink ? [mineLink] : []));
    }
    if (s.phase === 'form') {
      if (s.form === drawnForm) return;
      drawnForm = s.form;
      const error = s.form.error;
      mount(app, joinForm(s.typed, error && say(error), dispatch));
      foot.hidden = false;
      if (error) app.querySelector<HTMLInputElement>('[data-testid="code-input"]')?.focus();
      return;
    }
    drawnForm = null;
    const screen = screenFor(s, dispatch, lazy);
    if (s.watching) {
      // A preview shows what the phones show, with every control off: it cannot answer.
      for (const el of screen.querySelectorAll<HTMLButtonElement>('button,input,textarea')) el.disabled = true;
      screen.prepend(h('p', { class: 'banner', 'data-testid': 'watch-notice' }, t.preview));
    }
    if (!ready && foot.hidden) return;
    mount(app, screen);
    // Shown once the first screen is drawn: painted above an empty <main>, it would jump down.
    foot.hidden = false;
  };
  return render;
}
