// The phone page of a self-paced session (pre-work, catch-up): a page of its own, loaded only for
// such a session's join link (main.ts), so that the live phone page's first load stays as it was.
// The phone goes through the deck by itself: the slides as the server renders them (never the
// speaker notes: audience:slides), each poll inline, answered through the same events as in a
// live session, Next/Previous along this participant's own path (a branching poll's choice leads
// to its branch: nav.ts), and a poll's results once answered if the deck allows (audience:results).
import './paced.css';
import { io, type Socket } from 'socket.io-client';
import type {
  AckResult,
  AudiencePollFields,
  AudienceResults,
  AudienceState,
  ClientToServerEvents,
  MyAnswer,
  SelfPacedDeck,
  ServerToClientEvents,
} from '../../server/protocol.js';
import { applyAccent } from '../accent.js';
import { h } from '../dom.js';
import { bindLanguageMenu, lang } from '../i18n.js';
import { participantId } from '../identity.js';
import { PACED_WORDS } from '../locales/paced-words.js';
import { mount } from '../mount.js';
import { transports, watchTransport } from '../transport.js';
import { branching, nextSlide } from './nav.js';

const ACK_TIMEOUT_MS = 8000;
const w = () => PACED_WORDS[lang];

type ParleySocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Where this phone is in the deck, kept in its storage so that a reload comes back to it. */
interface Place {
  at: number;
  /** The slides walked before, for Previous. */
  back: number[];
}

export function startPaced(first: AudienceState): void {
  const code = first.code;
  const app = document.getElementById('app') as HTMLElement;
  const banner = document.querySelector<HTMLElement>('[data-testid="connection-banner"]') as HTMLElement;
  const foot = document.getElementById('foot') as HTMLElement;
  const placeKey = `parley.paced.${code}`;
  let state = first;
  let deck: SelfPacedDeck | null = null;
  let place: Place = loadPlace(placeKey);
  const answers = new Map<string, MyAnswer>();
  const results = new Map<string, AudienceResults>();
  /** What the status line says, for which poll. */
  let status: { pollId: string; text: string; error: boolean } | null = null;
  /** Drafts of the poll on screen: picked options (multi, rank order, paired) and typed text. */
  let picked: string[] = [];
  let draftFor = '';
  let typed = '';
  let focusTop = false;

  applyAccent(state.accent);
  foot.hidden = false;
  bindLanguageMenu(document.getElementById('lang-select') as HTMLSelectElement, document.getElementById('lang-label') as HTMLElement, () => draw());

  const socket: ParleySocket = io({ transports: transports(), tryAllTransports: true });
  const transport = watchTransport(socket);
  const ask = <T>(send: (s: ParleySocket) => Promise<AckResult<T>>): Promise<AckResult<T> | null> =>
    send(socket.timeout(ACK_TIMEOUT_MS) as ParleySocket).catch(() => null);

  /** The first connection is not a reconnection: the banner waits for a connection lost. */
  let everConnected = false;
  socket.on('connect', () => {
    everConnected = true;
    void join();
  });
  socket.on('disconnect', (reason) => {
    draw();
    if (reason === 'io server disconnect') socket.connect();
  });
  socket.on('audience:state', (next) => {
    if (next.code !== code) return;
    state = next;
    draw();
  });

  async function join(): Promise<void> {
    const joined = await ask((s) => s.emitWithAck('audience:join', { code, participantId: participantId() }));
    if (!joined?.ok) return;
    transport.joined();
    state = joined.data.state;
    answers.clear();
    for (const a of joined.data.answers) answers.set(a.pollId, a);
    if (!deck) {
      const slides = await ask((s) => s.emitWithAck('audience:slides', {}));
      if (slides?.ok) deck = slides.data;
      if (deck && place.at >= deck.slides.length) place = { at: 0, back: [] };
    }
    draw();
    void refreshResults();
  }

  const slide = () => deck?.slides[place.at];
  const pollOf = (id: string | undefined): AudiencePollFields | undefined => (id === undefined ? undefined : deck?.polls.find((p) => p.id === id));

  /** The results of the poll on screen, when this participant answered it and the deck shows them. */
  async function refreshResults(): Promise<void> {
    const pollId = slide()?.pollId;
    if (!pollId || state.selfPaced?.results !== 'after-answer' || !answers.has(pollId)) return;
    const r = await ask((s) => s.emitWithAck('audience:results', { pollId }));
    if (r?.ok) {
      results.set(pollId, r.data);
      draw();
    }
  }

  async function answered(pollId: string, reply: Promise<AckResult<MyAnswer> | null>): Promise<void> {
    status = { pollId, text: w().sending, error: false };
    draw();
    const r = await reply;
    if (r?.ok) {
      answers.set(pollId, r.data);
      status = { pollId, text: w().recorded, error: false };
      typed = '';
      void refreshResults();
    } else {
      status = { pollId, text: r ? r.error.message : w().notSent, error: true };
    }
    draw();
  }

  const vote = (pollId: string, optionIds: string[]) =>
    void answered(
      pollId,
      ask((s) => s.emitWithAck('audience:vote', { pollId, optionIds })),
    );
  const submit = (pollId: string, text: string) =>
    void answered(
      pollId,
      ask((s) => s.emitWithAck('audience:submit', { pollId, text })),
    );

  function go(to: number | null, forward: boolean): void {
    if (to === null || !deck) return;
    place = forward ? { at: to, back: [...place.back, place.at] } : { at: to, back: place.back.slice(0, -1) };
    savePlace(placeKey, place);
    status = null;
    focusTop = true;
    draw();
    window.scrollTo(0, 0);
    void refreshResults();
  }

  function draw(): void {
    banner.hidden = socket.connected || !everConnected;
    banner.textContent = w().reconnecting;
    const words = w();
    const info = state.selfPaced;
    const now = Date.now();
    const day = (ms: number) => new Date(ms).toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' });
    const closedNote = state.ended
      ? words.ended
      : info && now < info.opens
        ? words.opens(day(info.opens))
        : info && now >= info.closes
          ? words.closed(day(info.closes))
          : null;
    const current = slide();
    if (!deck || !current) {
      mount(app, h('section', { class: 'screen paced' }, header(), h('p', { class: 'wait-text' }, closedNote ?? words.loading)));
      return;
    }
    const poll = pollOf(current.pollId);
    if (poll && draftFor !== poll.id) {
      draftFor = poll.id;
      picked = [];
      typed = '';
    }
    const open = closedNote === null;
    const next = nextSlide(deck, place.at, (id) => answers.get(id)?.optionIds);
    const mustAnswer = next === null && branching(deck, current.pollId) && !answers.has(current.pollId ?? '');
    const body = h('div', { class: 'paced-slide', 'data-testid': 'paced-slide' });
    // Trusted deck content, rendered by the server from the deck's Markdown (raw HTML escaped), without notes.
    body.innerHTML = current.html;
    const top = h(
      'p',
      { class: 'paced-where', id: 'paced-where', tabindex: -1 },
      `${words.selfPaced} · ${words.slideOf(place.at + 1, deck.slides.length)}`,
    );
    mount(
      app,
      h(
        'section',
        { class: 'screen paced', 'data-testid': 'paced-screen', 'data-slide': current.id ?? `${current.position.h}.${current.position.v}` },
        header(),
        top,
        closedNote && h('p', { class: 'banner', 'data-testid': 'paced-closed' }, closedNote),
        body,
        poll && pollBody(poll, open),
        poll && resultsOf(poll),
        poll &&
          status?.pollId === poll.id &&
          h('p', { class: `status${status.error ? ' error' : ''}`, role: 'status', 'data-testid': 'paced-status' }, status.text),
        mustAnswer && h('p', { class: 'hint', 'data-testid': 'answer-to-continue' }, words.answerToContinue),
        next === null && !mustAnswer && h('p', { class: 'paced-end', 'data-testid': 'paced-end' }, words.end),
        h(
          'nav',
          { class: 'paced-nav' },
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              'data-testid': 'paced-previous',
              disabled: place.back.length === 0,
              onclick: () => go(place.back.at(-1) ?? null, false),
            },
            `← ${words.previous}`,
          ),
          h(
            'button',
            { type: 'button', class: 'primary', 'data-testid': 'paced-next', disabled: next === null, onclick: () => go(next, true) },
            `${words.next} →`,
          ),
        ),
      ),
    );
    if (focusTop) {
      focusTop = false;
      top.focus();
    }
  }

  function header(): HTMLElement {
    return h('header', { class: 'top' }, h('p', { class: 'deck-title' }, state.deckTitle), h('p', { class: 'session-code' }, code));
  }

  function pollBody(poll: AudiencePollFields, open: boolean): HTMLElement {
    const words = w();
    const mine = answers.get(poll.id);
    const chosen = new Set(mine?.optionIds ?? []);
    const legend = h('legend', { class: 'question' }, poll.question);
    const option = (id: string, label: string, selected: boolean, onclick: () => void, extra = '') =>
      h(
        'button',
        {
          type: 'button',
          class: `option${selected ? ' selected' : ''}`,
          'aria-pressed': selected ? 'true' : 'false',
          'data-testid': `option-${extra}${id}`,
          disabled: !open,
          onclick,
        },
        h('span', { class: 'option-text' }, label),
      );
    const submitButton = (label: string, onclick: () => void, enabled = true) =>
      h('button', { type: 'button', class: 'primary', 'data-testid': 'paced-submit', disabled: !open || !enabled, onclick }, label);
    if (poll.type === 'text' || poll.type === 'qa') {
      const box = h('textarea', {
        class: 'text-input',
        'data-testid': 'text-input',
        maxlength: poll.text.length,
        rows: 3,
        disabled: !open,
        'aria-label': poll.question,
        oninput: (e) => {
          typed = (e.target as HTMLTextAreaElement).value;
        },
      });
      box.value = typed;
      const sent = mine?.entries ?? [];
      return h(
        'fieldset',
        { class: 'options paced-poll' },
        legend,
        box,
        submitButton(words.send, () => typed.trim() && submit(poll.id, typed)),
        sent.length > 0 && h('h3', {}, words.yourAnswers),
        sent.length > 0 && h('ul', { class: 'paced-mine', 'data-testid': 'paced-mine' }, ...sent.map((e) => h('li', {}, e.text))),
      );
    }
    if (poll.type === 'single' && poll.ask) {
      const ids = poll.ask.map((_, i) => picked[i] ?? mine?.optionIds[i] ?? '');
      return h(
        'fieldset',
        { class: 'options paced-poll' },
        legend,
        ...poll.ask.flatMap((q, i) => [
          h('p', { class: 'ask-q' }, q.question),
          ...poll.options.map((o) =>
            option(
              o.id,
              o.label,
              ids[i] === o.id,
              () => {
                picked = ids.slice();
                picked[i] = o.id;
                draw();
              },
              `${q.id}-`,
            ),
          ),
        ]),
        submitButton(words.submit, () => vote(poll.id, ids), ids.every(Boolean)),
      );
    }
    if (poll.type === 'multi') {
      const set = new Set(draftFor === poll.id && picked.length ? picked : [...chosen]);
      return h(
        'fieldset',
        { class: 'options paced-poll' },
        legend,
        ...poll.options.map((o) =>
          option(o.id, o.label, set.has(o.id), () => {
            if (set.has(o.id)) set.delete(o.id);
            else if (poll.limit === undefined || set.size < poll.limit) set.add(o.id);
            picked = [...set];
            draw();
          }),
        ),
        submitButton(words.submit, () => (set.size ? vote(poll.id, [...set]) : undefined), set.size > 0),
      );
    }
    if (poll.type === 'rank') {
      const clearOrder = () => {
        picked = [];
        draw();
      };
      const order = picked.length ? picked : (mine?.optionIds ?? []);
      return h(
        'fieldset',
        { class: 'options paced-poll' },
        legend,
        ...poll.options.map((o) => {
          const place = order.indexOf(o.id);
          return option(o.id, place >= 0 ? `${place + 1}. ${o.label}` : o.label, place >= 0, () => {
            if (picked.length === 0 && mine) picked = [];
            if (!picked.includes(o.id)) picked = [...picked, o.id];
            draw();
          });
        }),
        h('button', { type: 'button', class: 'link', disabled: !open, onclick: clearOrder }, words.clear),
        submitButton(words.submit, () => vote(poll.id, order), order.length === poll.options.length),
      );
    }
    // single, yesno, scale: one tap is the answer.
    return h(
      'fieldset',
      { class: 'options paced-poll' },
      legend,
      poll.type === 'scale' &&
        (poll.scale.low || poll.scale.high) &&
        h('p', { class: 'hint' }, `1 = ${poll.scale.low ?? ''} · ${poll.scale.max} = ${poll.scale.high ?? ''}`),
      ...poll.options.map((o) => option(o.id, o.label, chosen.has(o.id), () => vote(poll.id, [o.id]))),
    );
  }

  function resultsOf(poll: AudiencePollFields): HTMLElement | null {
    const r = results.get(poll.id);
    if (!r || !answers.has(poll.id)) return null;
    const words = w();
    const mine = new Set(answers.get(poll.id)?.optionIds ?? []);
    const n = r.respondents;
    const lines = r.words
      ? r.words.slice(0, 12).map(([word, count]) => h('li', { class: 'result' }, h('span', { class: 'result-label' }, `${word} (${count})`)))
      : poll.options.map((o) => {
          const count = r.counts[o.id] ?? 0;
          const pct = n ? Math.round((count / n) * 100) : 0;
          const fill = h('span', { class: 'fill' });
          fill.style.width = `${pct}%`;
          const position = r.positions?.[o.id];
          return h(
            'li',
            { class: `result${mine.has(o.id) ? ' mine' : ''}`, 'data-testid': `paced-result-${o.id}`, 'data-count': count },
            h(
              'span',
              { class: 'result-head' },
              h('span', { class: 'result-label' }, o.label),
              mine.has(o.id) && h('span', { class: 'mark' }, `✓ ${words.yours}`),
            ),
            h('span', { class: 'bar', 'aria-hidden': 'true' }, fill),
            h('span', { class: 'result-num' }, position === undefined ? `${count} · ${pct}%` : words.position(position)),
          );
        });
    return h(
      'section',
      { class: 'results', 'data-testid': 'paced-results' },
      h('h2', {}, words.results),
      h('p', { class: 'respondents' }, words.respondents(n) + (r.mean === undefined ? '' : ` · ${words.average(r.mean)}`)),
      h('ul', { class: 'result-list' }, ...lines),
    );
  }

  draw();
}

function loadPlace(key: string): Place {
  try {
    const saved = JSON.parse(localStorage.getItem(key) ?? 'null') as Place | null;
    if (saved && Number.isInteger(saved.at) && Array.isArray(saved.back)) return saved;
  } catch {
    // storage unavailable or unreadable: from the start
  }
  return { at: 0, back: [] };
}

function savePlace(key: string, place: Place): void {
  try {
    localStorage.setItem(key, JSON.stringify(place));
  } catch {
    // without storage a reload starts from the first slide (the answers are on the server)
  }
}
