// The branch map (issue 20): the branches of the branching poll in play — the poll on the current
// slide, or the fork the current branch slide belongs to — each with its slide, its votes (where
// this window may see them) and whether the session has been there. The console shows it beside
// the poll, with a button per branch; the projector shows it as an overlay (Shift+B), with counts
// only once the poll's results are revealed.
import type { Deck, Poll, SlidePosition } from '../server/deck/types.js';
import type { PresenterPollState } from '../server/protocol.js';
import { type BranchStop, branchStops, forkAt, nextBranch, slideName } from './branches.js';
import { h } from './dom.js';

/** The fork in play at `position` and its branches, the current slide counted as visited. */
export interface ForkView {
  poll: Poll;
  stops: BranchStop[];
  /** Shift+G's next branch; null: every branch visited (Shift+G goes back to the fork). */
  next: BranchStop | null;
}

/**
 * The fork at `position`, or null. `visited`: the session's visited slide ids (the server's); the
 * slide on screen counts too, before the server's word arrives. `showCounts`: false on the
 * projector until the poll is revealed.
 */
export function forkView(
  deck: Deck,
  position: SlidePosition,
  stateOf: (pollId: string) => PresenterPollState | undefined,
  visited: readonly string[],
  showCounts: boolean,
): ForkView | null {
  const poll = forkAt(deck, position);
  if (!poll) return null;
  const state = stateOf(poll.id);
  const here = deck.slides.find((s) => s.position.h === position.h && s.position.v === position.v)?.id;
  const seen = here === undefined ? visited : [...visited, here];
  const stops = branchStops(deck, poll, showCounts ? state?.tally : undefined, seen);
  // The order of the next branch follows the counts this window has (a blind projector: none).
  return { poll, stops, next: nextBranch(branchStops(deck, poll, state?.tally, seen)) };
}

const votes = (n: number): string => `${n} ${n === 1 ? 'vote' : 'votes'}`;

/**
 * The map as a list in option order (never vote order: before the reveal that would tell the room
 * which branch leads). `go`: each branch is a button that goes there (the console).
 */
export function branchMapList(deck: Deck, view: ForkView, testPrefix: string, go?: (to: SlidePosition) => void): HTMLElement {
  const { poll, stops, next } = view;
  const items = stops.map((stop) => {
    const parts: (string | HTMLElement)[] = [
      h('kbd', {}, String(stop.n)),
      ` ${stop.option.label} → ${stop.name}`,
      ...(stop.count === null ? [] : [h('span', { class: 'branch-map-count' }, ` · ${votes(stop.count)}`)]),
      h('span', { class: 'branch-map-visited' }, stop.visited ? ' ✓ visited' : ''),
      ...(go && stop === next ? [h('span', { class: 'branch-map-next' }, ' · next (Shift+G)')] : []),
    ];
    const attrs = {
      class: `branch-map-item${stop.visited ? ' is-visited' : ''}`,
      'data-testid': `${testPrefix}-${stop.option.id}`,
      'data-visited': String(stop.visited),
      ...(stop.count === null ? {} : { 'data-count': String(stop.count) }),
    };
    if (!go) return h('li', attrs, ...parts);
    const button = h('button', { type: 'button', ...attrs }, ...parts);
    button.addEventListener('click', () => go(stop.option.goto));
    return h('li', {}, button);
  });
  const done = stops.filter((s) => s.visited).length;
  const fork = h('span', {}, `${poll.question} (${slideName(deck, poll.slide)})`);
  const back = go
    ? h('button', { type: 'button', class: 'branch-map-fork', 'data-testid': `${testPrefix}-fork-slide` }, 'Back to the question')
    : null;
  back?.addEventListener('click', () => go?.(poll.slide));
  return h(
    'div',
    { class: 'branch-map', 'data-testid': testPrefix, 'data-poll': poll.id },
    h('p', { class: 'branch-map-fork-line' }, fork, ...(back ? [' ', back] : [])),
    h('ul', { class: 'branch-map-list' }, ...items),
    h('p', { class: 'branch-map-done', 'data-testid': `${testPrefix}-done` }, `${done} of ${stops.length} branches visited`),
  );
}
