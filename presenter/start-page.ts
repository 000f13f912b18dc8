// The start page (/present without a session): each deck in slides/ with its number of polls, its
// handout and a button to start a new session of it, and its live sessions to resume (deck or console), with
// their join link to copy and the phone view beside the list; then the history of every session.
import { h } from './dom.js';
import { authHeaders, forgetKey } from './key.js';
import { copyLink } from './copy-link.js';
import { listSessions, type SessionLine } from './downloads.js';
import { sessionHistory } from './history.js';
import { phonePreview } from './phone-preview.js';
import { selfPacedStarter } from './self-paced.js';
import { askKey, showPanel, toast } from './ui.js';

interface DeckLine {
  id: string;
  title: string;
  polls: number;
}

const STARTED = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export async function startPage(key: string): Promise<void> {
  const res = await fetch('/api/decks', { headers: authHeaders(key) });
  if (res.status === 401) {
    forgetKey();
    askKey((k) => void startPage(k), 'That key was not accepted.');
    return;
  }
  const { decks } = (await res.json()) as { decks: DeckLine[] };
  let sessions: SessionLine[] = [];
  try {
    sessions = await listSessions(key);
  } catch (err) {
    toast((err as Error).message);
  }
  const preview = phonePreview();
  const list = h('ul', { class: 'deck-list', 'data-testid': 'deck-list' }, ...decks.map((deck) => deckItem(key, deck, sessions, preview.toggle)));
  const panel = showPanel(
    h(
      'section',
      { 'data-testid': 'start-form', 'aria-labelledby': 'decks-title' },
      h('h2', { id: 'decks-title' }, 'Decks'),
      decks.length ? list : h('p', { class: 'panel-hint' }, 'No decks: put a Markdown deck in slides/ and restart Parley.'),
    ),
    await sessionHistory(key, toast, decks),
  );
  panel.classList.add('wide');
  panel.append(preview.el);
  document.title = 'Parley — start';
  panel.querySelector<HTMLElement>('.deck-start')?.focus();
}

function deckItem(key: string, deck: DeckLine, sessions: SessionLine[], preview: (code: string) => void): HTMLElement {
  const start = h('button', { type: 'button', class: 'deck-start', 'data-deck': deck.id, 'data-testid': `start-${deck.id}` }, 'Start a new session');
  start.addEventListener('click', () => void startSession(key, deck.id, start));
  // The participants' copy of the deck, to print or save as a PDF from its own tab (presenter/handout.ts).
  const handout = h(
    'a',
    { class: 'deck-handout', href: `/handout/${encodeURIComponent(deck.id)}`, target: '_blank', 'data-testid': `handout-${deck.id}` },
    'Handout',
  );
  // A self-paced session of the deck, open for a date window (presenter/self-paced.ts).
  const [selfPaced, selfPacedForm] = selfPacedStarter(key, deck.id, toast);
  const live = sessions.filter((s) => s.deck === deck.id && s.live);
  const titleId = `deck-${deck.id}-title`;
  return h(
    'li',
    { class: 'deck-item', 'data-testid': `deck-${deck.id}`, 'aria-labelledby': titleId },
    h(
      'div',
      { class: 'deck-head' },
      h(
        'div',
        {},
        h('h3', { id: titleId }, deck.title),
        h('p', { class: 'panel-hint' }, `${deck.id}.md · ${deck.polls === 1 ? '1 poll' : `${deck.polls} polls`}`),
      ),
      h('div', { class: 'deck-actions' }, handout, start, selfPaced),
    ),
    selfPacedForm,
    live.length
      ? h(
          'div',
          { class: 'live-sessions' },
          h('h4', {}, live.length === 1 ? 'Live session' : `${live.length} live sessions`),
          h('ul', {}, ...live.map((s) => liveItem(s, preview))),
        )
      : null,
  );
}

function liveItem(s: SessionLine, preview: (code: string) => void): HTMLElement {
  const code = encodeURIComponent(s.code);
  const previewButton = h('button', { type: 'button', class: 'live-preview', 'data-testid': `preview-${s.code}` }, 'Phone view');
  previewButton.addEventListener('click', () => preview(s.code));
  return h(
    'li',
    { class: 'live-session', 'data-testid': `live-${s.code}` },
    h(
      'p',
      { class: 'live-line' },
      h('span', { class: 'live-code' }, s.code),
      // A self-paced session is open for its window: when it closes is what the facilitator needs.
      s.selfPaced ? ` self-paced, open until ${STARTED.format(new Date(s.selfPaced.closes))}` : ` started ${STARTED.format(new Date(s.startedAt))}`,
      ` · ${s.participants === 1 ? '1 person' : `${s.participants} people`} · ${s.answers === 1 ? '1 answer' : `${s.answers} answers`}`,
    ),
    h(
      'div',
      { class: 'live-actions' },
      h('a', { class: 'live-resume', href: `/present?session=${code}`, 'data-testid': `resume-${s.code}` }, 'Resume deck'),
      h('a', { class: 'live-console', href: `/present?session=${code}&console`, 'data-testid': `console-${s.code}` }, 'Console'),
      previewButton,
    ),
    copyLink(s.audienceUrl, `Join link of ${s.code}`, `join-link-${s.code}`),
  );
}

async function startSession(key: string, deck: string, button: HTMLButtonElement): Promise<void> {
  // Busy, not disabled: a disabled button would drop the keyboard focus if the start fails.
  if (button.getAttribute('aria-disabled') === 'true') return;
  button.setAttribute('aria-disabled', 'true');
  try {
    const res = await fetch('/api/sessions', {
      method: 'POST',
      headers: { ...authHeaders(key), 'content-type': 'application/json' },
      body: JSON.stringify({ deck }),
    });
    if (res.status !== 201) {
      toast(`Could not start the session (${res.status}).`);
      return;
    }
    const { code } = (await res.json()) as { code: string };
    location.assign(`/present?session=${encodeURIComponent(code)}`);
  } catch {
    toast('No answer from the server — check the connection.');
  } finally {
    button.removeAttribute('aria-disabled');
  }
}
