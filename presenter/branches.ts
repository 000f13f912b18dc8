// Branching: a poll whose options lead to slides (`option: Label -> #slide-id`). After the vote the
// presenter follows the most-chosen option (G) or any option (1–9, or its button).
import type { Deck, Poll, PollOption, SlidePosition } from '../server/deck/types.js';
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

/** The title (or number) of the slide a branch leads to, for buttons and toasts. */
export function slideName(deck: Deck, position: SlidePosition): string {
  const slide = deck.slides.find((s) => s.position.h === position.h && s.position.v === position.v);
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
