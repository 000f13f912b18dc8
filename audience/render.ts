// The view: draws the page from its state — the connection banner, and the screen of the moment.
// A new screen is a module in screens/ and a branch of screenFor().
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
import type { PageState } from './state.js';
import { say } from './words.js';

/** The screen for a session the page is joining or has joined. */
function screenFor(s: PageState, dispatch: Dispatch): HTMLElement {
  // Joining shows the session's state as soon as the page has it: the join page carries it.
  const session = s.session;
  if (!session) return joiningScreen(s.code ?? '');
  if (session.ended) return endedScreen(session);
  const poll = session.poll;
  if (!poll) return waitingScreen(session);
  return pollScreen(session, pollModel(s, poll), dispatch);
}

function paintBanner(banner: HTMLElement, s: PageState): void {
  const { net } = s;
  const text = net.portal ? t.signInToWifi : net.closing ? t.restarting : net.everConnected ? t.reconnecting : t.connecting;
  // Only on a change: the banner is a live region, and the same words need not be read twice.
  if (banner.textContent !== text) banner.textContent = text;
  banner.hidden = !net.closing && !net.portal && (net.connected || (!net.everConnected && !net.graceOver));
}

export type Render = (s: PageState, redraw: boolean) => void;

/**
 * A renderer for `app` and `banner`. Each call replaces the screen (mount.ts keeps focus and a
 * text box being typed in), except the join form: it is rebuilt only when shown anew (or after
 * a language switch), so that it keeps what is typed and its alert is not said again.
 */
export function renderer(app: HTMLElement, banner: HTMLElement, dispatch: Dispatch): Render {
  let drawnForm: PageState['form'] | null = null;
  return (s, redraw) => {
    paintBanner(banner, s);
    if (!redraw || s.phase === 'opening') return;
    if (s.phase === 'form') {
      if (s.form === drawnForm) return;
      drawnForm = s.form;
      const error = s.form.error;
      mount(app, joinForm(s.typed, error && say(error), dispatch));
      if (error) app.querySelector<HTMLInputElement>('[data-testid="code-input"]')?.focus();
      return;
    }
    drawnForm = null;
    const screen = screenFor(s, dispatch);
    if (s.watching) {
      // A preview shows what the phones show, with every control off: it cannot answer.
      for (const el of screen.querySelectorAll<HTMLButtonElement>('button,input,textarea')) el.disabled = true;
      screen.prepend(h('p', { class: 'banner', 'data-testid': 'watch-notice' }, t.preview));
    }
    mount(app, screen);
  };
}
