// The handout page (/handout/:deck, with ?session=CODE the results the room was shown): the deck as
// participants take it home, in reveal.js's print view — one page per slide (each slide of a
// vertical stack too), no speaker notes, each poll's question with its options. No connection, no
// controls, no join code. The browser's Print → Save as PDF makes the PDF; so does `npm run handout`,
// which waits for `body[aria-busy="false"]`.
import Reveal from 'reveal.js';
import 'reveal.js/reveal.css';
import { SLIDE_SIZE } from '../server/deck/types.js';
import type { Handout } from '../server/protocol.js';
import { h } from './dom.js';
import { buildHandout, fitPages } from './handout-slides.js';
import { adoptKeyFromHash, authHeaders, forgetKey, storedKey } from './key.js';
import { applyTheme } from './theme.js';
import { askKey, markBusy, showPanel } from './ui.js';
import './style.css';
import './handout.css';

async function show(key: string): Promise<void> {
  const deckId = decodeURIComponent(location.pathname.replace(/\/+$/, '').split('/').pop() ?? '');
  const session = new URLSearchParams(location.search).get('session');
  const query = session ? `?session=${encodeURIComponent(session)}` : '';
  const res = await fetch(`/api/decks/${encodeURIComponent(deckId)}/handout${query}`, { headers: authHeaders(key) });
  if (res.status === 401) {
    forgetKey();
    askKey((k) => void show(k), 'That key was not accepted.');
    return;
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    showPanel(h('p', { class: 'panel-error', role: 'alert' }, body?.error?.message ?? `The handout could not be made (${res.status}).`));
    markBusy(false);
    return;
  }
  const handout = (await res.json()) as Handout;
  document.title = `${handout.deck.meta.title} — handout`;
  await applyTheme(handout.deck.meta);
  buildHandout(handout, document.querySelector('.reveal .slides') as HTMLElement);
  const reveal = new Reveal(document.querySelector('.reveal') as HTMLElement, {
    view: 'print',
    width: SLIDE_SIZE.width,
    height: SLIDE_SIZE.height,
    // A page is the slide's size (security.ts allows the print view's style sheets for this size).
    margin: 0,
    center: false,
    // One page per slide: fragments shown at once, and a slide taller than a page is made to fit.
    pdfSeparateFragments: false,
    pdfMaxPagesPerSlide: 1,
    showNotes: false,
    slideNumber: 'c',
    showSlideNumber: 'print',
    controls: false,
    progress: false,
    hash: false,
    history: false,
    keyboard: false,
    help: false,
    transition: 'none',
  });
  reveal.on('pdf-ready', () => {
    void fitPages(document.querySelector('.reveal .slides') as HTMLElement, SLIDE_SIZE).then(() => markBusy(false));
  });
  await reveal.initialize();
}

adoptKeyFromHash();
const key = storedKey();
if (key) void show(key);
else askKey((k) => void show(k));
