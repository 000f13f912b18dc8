// The self-paced page's view: draws it from its model — the connection banner, and the screen of
// the moment (screens/): the slides loading or the session not open, else the slide on screen.
import { lang } from '../i18n.js';
import { PACED_WORDS } from '../locales/paced-words.js';
import { mount } from '../mount.js';
import type { PacedDispatch } from './messages.js';
import { currentSlide, type PacedModel } from './model.js';
import { slideScreen } from './screens/slide.js';
import { waitingScreen } from './screens/waiting.js';

/** Why the session takes no answers at `now` (it has ended, is not open yet or has closed), or null: it does. */
function closedNote(m: PacedModel, now: number): string | null {
  const words = PACED_WORDS[lang];
  const info = m.state.selfPaced;
  const day = (ms: number) => new Date(ms).toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' });
  if (m.state.ended) return words.ended;
  if (info && now < info.opens) return words.opens(day(info.opens));
  if (info && now >= info.closes) return words.closed(day(info.closes));
  return null;
}

/** The screen for `m` at `now`. */
export function pacedView(m: PacedModel, dispatch: PacedDispatch, now: number): HTMLElement {
  const note = closedNote(m, now);
  const current = currentSlide(m);
  if (!m.deck || !current) return waitingScreen(m, note ?? PACED_WORDS[lang].loading);
  return slideScreen(m, m.deck, current, note, dispatch);
}

/** A renderer for `app` and `banner`: the banner at every step, the screen when it has to be drawn again. */
export function renderer(app: HTMLElement, banner: HTMLElement, dispatch: PacedDispatch): (m: PacedModel, redraw: boolean) => void {
  return (m, redraw) => {
    const text = PACED_WORDS[lang].reconnecting;
    // Only on a change: the banner is a live region, and the same words need not be read twice.
    if (banner.textContent !== text) banner.textContent = text;
    banner.hidden = m.connected || !m.everConnected;
    if (redraw) mount(app, pacedView(m, dispatch, Date.now()));
  };
}
