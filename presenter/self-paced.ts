// The start page's self-paced sessions (pre-work, catch-up): "Self-paced…" beside a deck's Start
// opens a small form — when it opens and closes, a week from now by default — that starts a
// self-paced session of the deck (POST /api/sessions with selfPaced); and in the history, a
// self-paced session's window and its count of responses per poll, refreshed while it is open.
import { h } from './dom.js';
import { authHeaders } from './key.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How often a self-paced session's counts per poll are fetched again while the start page is open. */
export const COUNTS_REFRESH_MS = 15_000;
const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** `YYYY-MM-DDTHH:MM` in local time, as a datetime-local box takes it. */
function localInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

/** "Self-paced…" and its form, for deck `deck`; `report` shows what went wrong. */
export function selfPacedStarter(key: string, deck: string, report: (message: string) => void): [HTMLElement, HTMLElement] {
  const formId = `self-paced-form-${deck}`;
  const toggle = h(
    'button',
    { type: 'button', class: 'deck-self-paced', 'aria-expanded': 'false', 'aria-controls': formId, 'data-testid': `self-paced-${deck}` },
    'Self-paced…',
  );
  const now = Date.now();
  const opens = h('input', { type: 'datetime-local', required: true, value: localInput(now), 'data-testid': `self-paced-opens-${deck}` });
  const closes = h('input', {
    type: 'datetime-local',
    required: true,
    value: localInput(now + 7 * DAY_MS),
    'data-testid': `self-paced-closes-${deck}`,
  });
  const start = h('button', { type: 'submit', 'data-testid': `self-paced-start-${deck}` }, 'Start self-paced session');
  const form = h(
    'form',
    { id: formId, class: 'self-paced-form', hidden: true, 'aria-label': `Self-paced session of ${deck}` },
    h('p', { class: 'panel-hint' }, 'Each participant goes through the slides and polls on their phone, at their own pace, while it is open.'),
    h('label', {}, 'Opens ', opens),
    h('label', {}, 'Closes ', closes),
    start,
  );
  toggle.addEventListener('click', () => {
    form.hidden = !form.hidden;
    toggle.setAttribute('aria-expanded', String(!form.hidden));
    if (!form.hidden) opens.focus();
  });
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const window = { opens: new Date(opens.value).getTime(), closes: new Date(closes.value).getTime() };
    if (!(window.closes > window.opens)) {
      report('It must close after it opens.');
      return;
    }
    start.disabled = true;
    void fetch('/api/sessions', {
      method: 'POST',
      headers: { ...authHeaders(key), 'content-type': 'application/json' },
      body: JSON.stringify({ deck, selfPaced: window }),
    })
      .then(async (res) => {
        if (res.status !== 201) {
          report(`Could not start the session (${res.status}).`);
          return;
        }
        const { code } = (await res.json()) as { code: string };
        // The start page again: the new session is listed with its join link and its counts.
        location.assign(`/present?started=${encodeURIComponent(code)}`);
      })
      .catch(() => report('No answer from the server — check the connection.'))
      .finally(() => {
        start.disabled = false;
      });
  });
  return [toggle, form];
}

interface PollCount {
  id: string;
  question: string;
  respondents: number;
}

/**
 * A self-paced session's line in the history: its window and how many answered each poll, fetched
 * now and every COUNTS_REFRESH_MS while it is open and on the page.
 */
export function selfPacedCounts(key: string, code: string, window: { opens: string; closes: string }, live: boolean): HTMLElement {
  const list = h('ul', { class: 'self-paced-counts', 'data-testid': `self-paced-counts-${code}` });
  const el = h(
    'div',
    { class: 'self-paced-info' },
    h(
      'span',
      { class: 'panel-hint', 'data-testid': `self-paced-window-${code}` },
      `Self-paced, ${WHEN.format(new Date(window.opens))} – ${WHEN.format(new Date(window.closes))}. Responses per poll:`,
    ),
    list,
  );
  const load = async (): Promise<void> => {
    const res = await fetch(`/api/sessions/${encodeURIComponent(code)}/results.json`, { headers: authHeaders(key) });
    if (!res.ok) return;
    const { polls } = (await res.json()) as { polls: PollCount[] };
    list.replaceChildren(
      ...polls.map((p) =>
        h(
          'li',
          { 'data-poll': p.id, 'data-count': p.respondents },
          `${p.question} — ${p.respondents === 1 ? '1 response' : `${p.respondents} responses`}`,
        ),
      ),
    );
  };
  void load().catch(() => undefined);
  if (live && Date.now() < Date.parse(window.closes)) {
    const timer = setInterval(() => {
      if (!el.isConnected) clearInterval(timer);
      else void load().catch(() => undefined);
    }, COUNTS_REFRESH_MS);
  }
  return el;
}
