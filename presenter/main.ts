// Parley presenter: the reveal.js deck with live poll charts, driven by one Socket.IO
// connection. The speaker view's preview frames (?receiver) render the deck without connecting.
import Reveal from 'reveal.js';
import RevealNotes from 'reveal.js/plugin/notes';
import 'reveal.js/reveal.css';
import 'reveal.js/theme/white.css';
import { io, type Socket } from 'socket.io-client';
import type { Deck, SlidePosition } from '../server/deck/types.js';
import type { ClientToServerEvents, PollAction, PresenterState, ServerToClientEvents } from '../server/protocol.js';
import { buildDeck, type BuiltDeck, type DeckHandlers } from './deck-dom.js';
import { h } from './dom.js';
import { exportMenu } from './export-menu.js';
import { sessionHistory } from './history.js';
import { joinBox } from './join-box.js';
import { adoptKeyFromHash, authHeaders, forgetKey, saveKey, storedKey } from './key.js';
import './style.css';

type RevealApi = InstanceType<typeof Reveal>;

const ACK_TIMEOUT_MS = 8000;
const RESET_CONFIRM_MS = 3000;
const KEY = { O: 79, R: 82, X: 88, J: 74, E: 69, L: 76 } as const;

const panel = document.getElementById('panel') as HTMLElement;
const hud = document.getElementById('hud') as HTMLElement;
const overlay = document.getElementById('join-overlay') as HTMLElement;
const toastEl = document.getElementById('toast') as HTMLElement;
const slidesEl = document.querySelector('.reveal .slides') as HTMLElement;

// ---- small UI pieces ----

let toastTimer: ReturnType<typeof setTimeout> | undefined;
function toast(text: string, ms = 3000): void {
  toastEl.textContent = text;
  toastEl.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    toastEl.hidden = true;
  }, ms);
}

function showPanel(...content: Node[]): void {
  panel.replaceChildren(h('div', { class: 'panel-card' }, h('h1', {}, 'Parley'), ...content));
  panel.hidden = false;
}

/** Asks for the presenter key, then calls `next` with it. */
function askKey(next: (key: string) => void, problem?: string): void {
  const input = h('input', { type: 'password', name: 'key', autocomplete: 'current-password', required: true, id: 'key' });
  const form = h(
    'form',
    { 'data-testid': 'key-form' },
    h('label', { for: 'key' }, 'Presenter key'),
    input,
    problem ? h('p', { class: 'panel-error', role: 'alert' }, problem) : null,
    h('button', { type: 'submit' }, 'Continue'),
    h('p', { class: 'panel-hint' }, 'The key is in the link Parley printed when it started, or in DATA_DIR/presenter-key.'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) return;
    saveKey(key);
    panel.hidden = true;
    next(key);
  });
  showPanel(form);
  input.focus();
}

// ---- start a session (/present without ?session) ----

async function startPanel(key: string): Promise<void> {
  const res = await fetch('/api/decks', { headers: authHeaders(key) });
  if (res.status === 401) {
    forgetKey();
    askKey((k) => void startPanel(k), 'That key was not accepted.');
    return;
  }
  const { decks } = (await res.json()) as { decks: { id: string; title: string; polls: number }[] };
  const list = h('ul', { class: 'deck-list' });
  for (const deck of decks) {
    const button = h('button', { type: 'button', 'data-deck': deck.id }, `Start “${deck.title}”`);
    button.addEventListener('click', () => void startSession(key, deck.id));
    list.append(h('li', {}, button, h('span', { class: 'panel-hint' }, ` ${deck.id}.md · ${deck.polls} polls`)));
  }
  showPanel(h('div', { 'data-testid': 'start-form' }, h('h2', {}, 'Start a session'), list), await sessionHistory(key, toast));
  panel.classList.add('wide');
}

async function startSession(key: string, deck: string): Promise<void> {
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
}

// ---- the deck ----

interface Controls extends DeckHandlers {
  /** Opens or closes the export menu (live mode only). */
  exportMenu(): void;
}

async function showDeck(deck: Deck, code: string, audienceUrl: string, controls: Controls): Promise<{ reveal: RevealApi; built: BuiltDeck }> {
  document.title = `${deck.meta.title} — Parley`;
  const built = buildDeck(deck, slidesEl, controls);
  built.titleSection.append(joinBox(code, audienceUrl));
  overlay.replaceChildren(joinBox(code, audienceUrl, 'join-box-large'), h('p', { class: 'overlay-hint' }, 'Press J to close'));

  let resetArmed: { pollId: string; until: number } | null = null;
  const onPoll = (fn: (pollId: string) => void) => (): void => {
    const pollId = reveal.getCurrentSlide()?.dataset['pollId'];
    if (pollId) fn(pollId);
    else toast('There is no poll on this slide.');
  };
  const reveal: RevealApi = new Reveal(document.querySelector('.reveal') as HTMLElement, {
    hash: false,
    history: false,
    width: 1280,
    height: 720,
    margin: 0.04,
    center: true,
    slideNumber: 'h.v',
    transition: 'slide',
    plugins: [RevealNotes],
    // O and J replace reveal.js's overview and vim-down keys; Esc still opens the overview.
    keyboard: {
      [KEY.O]: onPoll((id) => controls.control(id, 'toggle-open')),
      [KEY.R]: onPoll((id) => controls.control(id, 'toggle-reveal')),
      [KEY.X]: onPoll((id) => {
        if (resetArmed?.pollId === id && Date.now() < resetArmed.until) {
          resetArmed = null;
          controls.control(id, 'reset');
        } else {
          resetArmed = { pollId: id, until: Date.now() + RESET_CONFIRM_MS };
          toast('Press X again to reset this poll (its answers stop counting).', RESET_CONFIRM_MS);
        }
      }),
      [KEY.J]: () => {
        overlay.hidden = !overlay.hidden;
      },
      [KEY.E]: () => controls.exportMenu(),
      [KEY.L]: onPoll((id) => {
        if (!built.charts.get(id)?.toggleView()) toast('L switches an open-text poll between its word cloud and the list of answers.');
      }),
    },
    // A dialog (export menu, review of held answers) has the keyboard while it is open.
    keyboardCondition: () => document.querySelector('dialog[open]') === null,
  });
  await reveal.initialize();
  (window as unknown as { Reveal: RevealApi }).Reveal = reveal;
  return { reveal, built };
}

interface HudState {
  participants: number | null;
  onPollSlide: boolean;
  ended: boolean;
}

/**
 * The heads-up line: participants, the join code (or "Session ended"), the Export button and, on
 * poll slides, the keys. Built once and updated in place, so that the button under the pointer is
 * not replaced by the next tally.
 */
function createHud(code: string, openExport: () => void): (state: HudState) => void {
  const people = h('span', {});
  const join = h('span', { class: 'hud-code' }, `Join: ${code}`);
  const ended = h('span', { class: 'hud-ended', 'data-testid': 'session-ended', hidden: true }, 'Session ended');
  const exportButton = h('button', { type: 'button', class: 'hud-button', 'data-testid': 'export-button', title: 'Exports and End session (E)' }, 'Export');
  exportButton.addEventListener('click', openExport);
  const keys = h('span', { class: 'hud-keys' }, 'O open/close · R reveal · X reset · J join · E export');
  hud.replaceChildren(people, join, ended, exportButton, keys);
  return (state) => {
    if (state.participants === null) {
      people.className = 'hud-offline';
      people.removeAttribute('data-testid');
      people.removeAttribute('data-count');
      people.textContent = 'Reconnecting…';
    } else {
      people.className = '';
      people.dataset['testid'] = 'participants';
      people.dataset['count'] = String(state.participants);
      people.textContent = `${state.participants} connected`;
    }
    join.hidden = state.ended;
    ended.hidden = !state.ended;
    keys.hidden = !state.onPollSlide;
    hud.hidden = false;
  };
}

// ---- live mode ----

function live(code: string, key: string): void {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({ transports: ['websocket', 'polling'] });
  let view: { reveal: RevealApi; built: BuiltDeck } | null = null;
  let state: PresenterState | null = null;
  let participants: number | null = null;
  const markEnded = (): void => {
    if (state) state.ended = true;
    menu.setEnded();
    refreshHud();
  };
  const menu = exportMenu(key, code, toast, markEnded);
  const renderHud = createHud(code, () => menu.toggle());
  /** Where the server believes the deck is; a slide change to anywhere else is reported. */
  let serverSlide: SlidePosition = { h: 0, v: 0 };

  const onPollSlide = (): boolean => Boolean(view?.reveal.getCurrentSlide()?.dataset['pollId']);
  const refreshHud = (): void => renderHud({ participants, onPollSlide: onPollSlide(), ended: state?.ended ?? false });

  const send = async (pollId: string, action: PollAction): Promise<void> => {
    try {
      const res = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('presenter:poll', { pollId, action });
      if (res.ok) view?.built.charts.get(pollId)?.setState(res.data);
      else toast(res.error.message);
    } catch {
      toast('No answer from the server — check the connection.');
    }
  };

  const controls: Controls = {
    control(pollId, action) {
      const poll = state?.polls.find((p) => p.id === pollId);
      if (!poll) return;
      if (action === 'toggle-open') void send(pollId, poll.status === 'open' ? 'close' : 'open');
      else if (action === 'toggle-reveal') void send(pollId, poll.revealed ? 'hide' : 'reveal');
      else void send(pollId, 'reset');
    },
    moderate(pollId, entryId, action) {
      void (async () => {
        try {
          const res = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('presenter:moderate', { pollId, entryId, action });
          if (res.ok) view?.built.charts.get(pollId)?.setEntries({ pollId, round: currentRound(pollId), entries: [res.data] });
          else toast(res.error.message);
        } catch {
          toast('No answer from the server — check the connection.');
        }
      })();
    },
    exportMenu: () => menu.toggle(),
  };
  const currentRound = (pollId: string): number => state?.polls.find((p) => p.id === pollId)?.round ?? 1;

  const goto = (position: SlidePosition): void => {
    serverSlide = position;
    const now = view?.reveal.getIndices();
    if (now && (now.h !== position.h || (now.v ?? 0) !== position.v)) view?.reveal.slide(position.h, position.v);
  };

  socket.on('connect', async () => {
    let res;
    try {
      res = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('presenter:join', { code, key });
    } catch {
      return; // the next connect tries again
    }
    if (!res.ok) {
      socket.disconnect();
      if (res.error.code === 'unauthorized') {
        forgetKey();
        askKey((k) => live(code, k), 'That key was not accepted.');
      } else {
        showPanel(h('p', { class: 'panel-error', role: 'alert' }, res.error.message), h('a', { href: '/present' }, 'Start a new session'));
      }
      return;
    }
    const joined = res.data;
    state = joined;
    participants = joined.participants;
    if (!view) {
      view = await showDeck(joined.deck, code, joined.audienceUrl, controls);
      view.reveal.on('slidechanged', () => {
        refreshHud();
        const { h: hIndex, v } = view!.reveal.getIndices();
        const position = { h: hIndex, v: v ?? 0 };
        if (position.h === serverSlide.h && position.v === serverSlide.v) return;
        serverSlide = position;
        socket.emit('presenter:goto', position, (ack) => {
          if (!ack.ok) toast(ack.error.message);
        });
      });
      (window as unknown as { __parley: { ready: boolean } }).__parley = { ready: true };
    }
    for (const poll of joined.polls) view.built.charts.get(poll.id)?.setState(poll);
    goto(joined.slide);
    if (joined.ended) menu.setEnded();
    refreshHud();
  });

  socket.on('disconnect', (reason) => {
    participants = null;
    refreshHud();
    // The server let this window go (the session was deleted): joining again says why.
    if (reason === 'io server disconnect') socket.connect();
  });

  socket.on('presenter:tally', (update) => {
    participants = update.participants;
    for (const tally of update.tallies) {
      const poll = state?.polls.find((p) => p.id === tally.pollId);
      if (poll) poll.tally = tally;
      view?.built.charts.get(tally.pollId)?.setTally(tally);
    }
    refreshHud();
  });

  socket.on('presenter:poll', (poll) => {
    if (state) state.polls = state.polls.map((p) => (p.id === poll.id ? poll : p));
    view?.built.charts.get(poll.id)?.setState(poll);
  });

  socket.on('presenter:entries', (update) => {
    view?.built.charts.get(update.pollId)?.setEntries(update);
  });

  socket.on('presenter:slide', goto);

  socket.on('server:closing', () => {
    toast('The Parley server is restarting: every answer is saved. This window reconnects by itself.', 8000);
  });

  socket.on('presenter:ended', () => {
    if (state?.ended) return;
    markEnded();
    toast('The session has ended: its polls are closed for good.');
  });
}

// ---- speaker-view preview frames ----

async function receiver(code: string, key: string | null): Promise<void> {
  const res = await fetch(`/api/sessions/${encodeURIComponent(code)}/deck`, { headers: key ? authHeaders(key) : {} });
  if (!res.ok) {
    showPanel(h('p', { class: 'panel-error' }, 'Open the speaker view from the presenter window.'));
    return;
  }
  const deck = (await res.json()) as Deck;
  // Charts stay static here: the main window owns the one connection.
  await showDeck(deck, code, '', { control: () => {}, moderate: () => {}, exportMenu: () => {} });
}

// ---- entry ----

adoptKeyFromHash();
const params = new URLSearchParams(location.search);
const code = params.get('session')?.trim().toUpperCase() ?? '';
const key = storedKey();

if (/receiver/i.test(location.search)) {
  void receiver(code, key);
} else if (!code) {
  if (key) void startPanel(key);
  else askKey((k) => void startPanel(k));
} else if (key) {
  live(code, key);
} else {
  askKey((k) => live(code, k));
}
