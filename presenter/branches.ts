// Branching: a poll whose options lead to slides (`option: Label -> #slide-id`). After the vote the
// presenter follows the most-chosen option (G) or any option (1–9, or its button).
import type { Deck, Poll, PollOption, Slide, SlidePosition } from '../server/deck/types.js';
import type { Tally } from '../server/protocol.js';
import { h } from './dom.js';

export type Branch = PollOption & { goto: SlidePosition };

/** The options that lead somewhere, in deck order. */
export function branches(poll: Poll): Branch[] {
  return poll.options.filter((o): o is Branch => o.goto !== undefined);
}

export function hasBranches(poll: Poll): boolean {
  return branches(poll).length > 0;
}

/**
 * The branch most participants chose; a tie goes to the first of the tied options in deck order.
 * Null when nobody chose any branch.
 */
export function mostChosen(poll: Poll, tally: Tally | undefined): Branch | null {
  let best: Branch | null = null;
  let bestCount = 0;
  for (const option of branches(poll)) {
    const count = tally?.counts[option.id] ?? 0;
    if (count > bestCount) {
      best = option;
      bestCount = count;
    }
  }
  return best;
}

/** Option n (1-based, as on the keys 1–9) if it is a branch. */
export function branchNumber(poll: Poll, n: number): Branch | null {
  const option = poll.options[n - 1];
  return option?.goto ? (option as Branch) : null;
}

const same = (a: SlidePosition, b: SlidePosition): boolean => a.h === b.h && a.v === b.v;

function slideAt(deck: Deck, position: SlidePosition): Slide | undefined {
  return deck.slides.find((s) => same(s.position, position));
}

/**
 * The branching poll of the slide at `position`: the poll on it, or the poll one of whose branches
 * it is part of (a branch: its target slide and the slides below it in the same stack, up to the
 * poll's next target). Null on any other slide.
 */
export function forkAt(deck: Deck, position: SlidePosition): Poll | null {
  const own = deck.polls.find((p) => same(p.slide, position));
  if (own && hasBranches(own)) return own;
  // The nearest target at or above the slide in its stack decides whose branch it is.
  let fork: Poll | null = null;
  let nearest = -1;
  for (const poll of deck.polls) {
    for (const { goto } of branches(poll)) {
      if (goto.h === position.h && goto.v <= position.v && goto.v > nearest) {
        fork = poll;
        nearest = goto.v;
      }
    }
  }
  return fork;
}

/** One branch of a fork as the branch map shows it. */
export interface BranchStop {
  option: Branch;
  /** Option number (1-based), as on the keys 1–9. */
  n: number;
  /** The slide it leads to (its title or number). */
  name: string;
  /** Votes for it; null where the counts are not known (a projector before the results are shown). */
  count: number | null;
  /** The session has been on its slide. */
  visited: boolean;
}

/** A fork's branches in option order, with their counts (when `tally` has them) and visited marks. */
export function branchStops(deck: Deck, poll: Poll, tally: Tally | undefined, visited: readonly string[]): BranchStop[] {
  const known = tally !== undefined && !tally.blind;
  return branches(poll).map((option) => {
    const id = slideAt(deck, option.goto)?.id;
    return {
      option,
      n: poll.options.indexOf(option) + 1,
      name: slideName(deck, option.goto),
      count: known ? (tally.counts[option.id] ?? 0) : null,
      visited: id !== undefined && visited.includes(id),
    };
  });
}

/**
 * The branches in vote order: most votes first, ties (and unknown counts) in option order.
 * (Array.prototype.sort is stable.)
 */
export function voteOrder(stops: readonly BranchStop[]): BranchStop[] {
  return [...stops].sort((a, b) => (b.count ?? 0) - (a.count ?? 0));
}

/** Shift+G: the next branch not visited yet in vote order; null once every branch has been visited (back to the fork). */
export function nextBranch(stops: readonly BranchStop[]): BranchStop | null {
  return voteOrder(stops).find((s) => !s.visited) ?? null;
}

/** The title (or number) of the slide a branch leads to, for buttons and toasts. */
export function slideName(deck: Deck, position: SlidePosition): string {
  const slide = slideAt(deck, position);
  if (!slide) return `slide ${position.h + 1}`;
  return slide.title ? `“${slide.title}”` : `slide ${slide.number}`;
}

/** One button per branch: "1 Talk to them → “Talk”" (compact: "1 → “Talk”"). */
export function branchButtons(deck: Deck, poll: Poll, follow: (option: Branch) => void, testPrefix: string, compact = false): HTMLElement | null {
  const list = branches(poll);
  if (!list.length) return null;
  return h(
    'div',
    { class: 'branch-buttons', role: 'group', 'aria-label': 'Go to the slide an option leads to' },
    h('span', { class: 'branch-label' }, 'Continue with'),
    ...list.map((option) => {
      const n = poll.options.indexOf(option) + 1;
      const button = h(
        'button',
        {
          type: 'button',
          class: 'branch-button',
          'data-testid': `${testPrefix}-${poll.id}-${option.id}`,
          title: `${option.label}: go to ${slideName(deck, option.goto)} (key ${n})`,
        },
        h('kbd', {}, String(n)),
        // On the projector the option's label is already on its bar, next to its number.
        compact ? ` → ${slideName(deck, option.goto)}` : ` ${option.label} → ${slideName(deck, option.goto)}`,
      );
      button.addEventListener('click', () => follow(option));
      return button;
    }),
  );
}
