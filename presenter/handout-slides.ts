// The handout's slides: each slide's body as on the projector, and on a poll slide, instead of the
// live chart, the question with its options as a list — or, with a session, the results the room
// was shown, drawn as the projector drew them (bars with counts and shares, a ranking's average
// positions, a paired poll's two questions, the answers or questions that were on screen). Speaker
// notes are not in the handout's deck at all (the server leaves them out).
import type { Poll } from '../server/deck/types.js';
import type { Handout, HandoutResults, Tally } from '../server/protocol.js';
import { asksLine } from './chart.js';
import { chartKind } from './chart-kinds.js';
import { layoutSlides, slideSection } from './deck-dom.js';
import { h } from './dom.js';
import { OptionBars } from './option-bars.js';
import { pairBars } from './pair-bars.js';

/** What stands for the answers of a poll with no options, before any result. */
const TYPED_ANSWERS = { text: 'Everyone writes their answer on their phone.', qa: 'Questions from the room, upvoted on the phones.' } as const;

export function buildHandout(handout: Handout, container: HTMLElement): void {
  const polls = new Map(handout.deck.polls.map((p) => [p.id, p]));
  const results = handout.session?.results ?? {};
  layoutSlides(handout.deck, container, (slide) => {
    const el = slideSection(slide);
    const poll = slide.pollId === undefined ? undefined : polls.get(slide.pollId);
    if (poll) {
      el.classList.add('has-poll');
      el.append(pollBlock(poll, results[poll.id]));
    }
    return el;
  });
}

function pollBlock(poll: Poll, shown: HandoutResults | undefined): HTMLElement {
  const kind = chartKind(poll);
  const el = h(
    'div',
    { class: `poll poll-${poll.type} handout-poll`, 'data-testid': `handout-poll-${poll.id}`, 'data-results': String(shown !== undefined) },
    h('p', { class: 'poll-question' }, poll.question, h('span', { class: 'poll-kind' }, kind.note(poll))),
  );
  if (!shown) {
    el.append(asksLine(poll) ?? '', choices(poll));
    return el;
  }
  const tally: Tally = { pollId: poll.id, ...shown.tally };
  el.append(resultsOf(poll, tally, shown), h('p', { class: 'handout-total' }, kind.total(poll, tally)));
  return el;
}

/** The options to choose from, or how a typed answer is given. */
function choices(poll: Poll): HTMLElement {
  if (poll.type === 'text' || poll.type === 'qa') return h('p', { class: 'handout-typed' }, TYPED_ANSWERS[poll.type]);
  return h('ul', { class: 'handout-options' }, ...poll.options.map((o) => h('li', {}, o.label)));
}

function resultsOf(poll: Poll, tally: Tally, shown: HandoutResults): HTMLElement {
  if (shown.entries) {
    // Written by participants: as text, never as markup (h() sets textContent).
    return h(
      'ul',
      { class: 'handout-entries' },
      ...shown.entries.map((e) => h('li', {}, e.text, poll.type === 'qa' ? h('span', { class: 'handout-votes' }, ` ▲ ${e.votes}`) : null)),
    );
  }
  const pair = pairBars(poll, tally);
  if (pair) return pair;
  const bars = new OptionBars(poll, poll.type === 'rank' ? 'positions' : 'counts');
  bars.setTally(tally);
  return bars.el;
}

/**
 * Makes each printed slide fit its page (reveal.js cuts what runs past it): a slide taller than the
 * page is zoomed out in steps, down to half its size, and widened to match, so that it still fills
 * the page's width. Once its images are in, as they count.
 */
export async function fitPages(slides: HTMLElement, page: { width: number; height: number }): Promise<void> {
  await Promise.all([...slides.querySelectorAll('img')].map((img) => img.decode().catch(() => {})));
  for (const section of slides.querySelectorAll<HTMLElement>('.pdf-page > section')) {
    for (let zoom = 0.95; section.getBoundingClientRect().height > page.height && zoom >= 0.5; zoom -= 0.05) {
      section.style.zoom = String(zoom);
      section.style.width = `${page.width / zoom}px`;
    }
  }
}
