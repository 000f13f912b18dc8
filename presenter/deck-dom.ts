// Turns the parsed Deck into reveal.js markup: one <section> per slide, vertical stacks nested,
// speaker notes in <aside class="notes">, a live chart on each poll slide.
import type { Deck, Slide } from '../server/deck/types.js';
import type { ModerateAction } from '../server/protocol.js';
import type { Branch } from './branches.js';
import type { ControlAction } from './chart.js';
import { PollChart } from './chart.js';
import { h } from './dom.js';

export interface BuiltDeck {
  charts: Map<string, PollChart>;
  /** The first slide's section, where the join box goes. */
  titleSection: HTMLElement;
}

/** What the poll widgets' buttons do, for the poll they belong to. */
export interface DeckHandlers {
  control(pollId: string, action: ControlAction): void;
  moderate(pollId: string, entryId: string, action: ModerateAction): void;
  branch(pollId: string, option: Branch): void;
}

export function buildDeck(deck: Deck, container: HTMLElement, handlers: DeckHandlers): BuiltDeck {
  const charts = new Map<string, PollChart>();
  const polls = new Map(deck.polls.map((p) => [p.id, p]));
  const titleSection = layoutSlides(deck, container, (slide) => {
    const el = slideSection(slide);
    const poll = slide.pollId === undefined ? undefined : polls.get(slide.pollId);
    if (poll) {
      const chart = new PollChart(poll, deck, {
        control: (action) => handlers.control(poll.id, action),
        moderate: (entryId, action) => handlers.moderate(poll.id, entryId, action),
        branch: (option) => handlers.branch(poll.id, option),
      });
      charts.set(poll.id, chart);
      el.dataset.pollId = poll.id;
      el.classList.add('has-poll');
      el.append(chart.el);
    }
    if (slide.notes) {
      const notes = h('aside', { class: 'notes' });
      notes.innerHTML = slide.notes;
      el.append(notes);
    }
    return el;
  });
  return { charts, titleSection };
}

/** A slide's <section> with its body (the deck's Markdown, rendered by the server). */
export function slideSection(slide: Slide): HTMLElement {
  const el = h('section', { 'data-h': slide.position.h, 'data-v': slide.position.v });
  const body = h('div', { class: 'slide-body' });
  // Server-rendered Markdown; raw HTML in the deck was escaped by the renderer.
  body.innerHTML = slide.html;
  el.append(body);
  return el;
}

/**
 * Puts each slide's section (made by `section`) into `container` as reveal.js lays them out: a
 * vertical stack's slides nested in a section of their own. Returns the first slide's section,
 * marked as the title slide.
 */
export function layoutSlides(deck: Deck, container: HTMLElement, section: (slide: Slide) => HTMLElement): HTMLElement {
  const stacks = new Map<number, Slide[]>();
  for (const slide of deck.slides) {
    const stack = stacks.get(slide.position.h) ?? [];
    stack.push(slide);
    stacks.set(slide.position.h, stack);
  }
  const sections: HTMLElement[] = [];
  for (const stack of stacks.values()) {
    const isStack = stack.length > 1 || stack.some((s) => s.position.v > 0);
    sections.push(isStack ? h('section', {}, ...stack.map(section)) : section(stack[0]!));
  }
  container.replaceChildren(...sections);
  const first = container.querySelector<HTMLElement>('section:not(:has(> section))');
  if (!first) throw new Error('The deck has no slides.');
  first.classList.add('title-slide', 'center');
  return first;
}
