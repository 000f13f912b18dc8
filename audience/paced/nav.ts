// Where a phone of a self-paced session goes next: through the deck in order, except that a
// branching poll (options leading to slides) sends it to the slide of the option its participant
// chose, and from a branch (that slide and the slides under it in its stack) on to the first slide
// after it that belongs to no branch. Pure: the screen keeps the path walked, for Previous.
import type { SelfPacedDeck } from '../../server/protocol.js';

const key = (p: { h: number; v: number }): string => `${p.h}.${p.v}`;

/** For each slide, the index of the branch target it belongs to (itself, or the target above it in its stack), or -1. */
export function branchesOf(deck: SelfPacedDeck): number[] {
  const targets = new Set(deck.polls.flatMap((p) => p.options.flatMap((o) => (o.goto ? [key(o.goto)] : []))));
  const branch: number[] = [];
  deck.slides.forEach((slide, i) => {
    const above = deck.slides[i - 1];
    if (targets.has(key(slide.position))) branch.push(i);
    else if (above && slide.position.v > 0 && above.position.h === slide.position.h) branch.push(branch[i - 1] ?? -1);
    else branch.push(-1);
  });
  return branch;
}

/** The options of a poll that lead to slides: a branching poll has at least one. */
export function branching(deck: SelfPacedDeck, pollId: string | undefined): boolean {
  return deck.polls.some((p) => p.id === pollId && p.options.some((o) => o.goto));
}

/**
 * The slide after slide `at` for this participant: `chosen(pollId)` is their answer to a poll (its
 * option ids). Null: the end of the deck, or a branching poll not answered yet (it decides).
 */
export function nextSlide(deck: SelfPacedDeck, at: number, chosen: (pollId: string) => readonly string[] | undefined): number | null {
  const slide = deck.slides[at];
  if (!slide) return null;
  if (branching(deck, slide.pollId)) {
    const poll = deck.polls.find((p) => p.id === slide.pollId);
    const picked = chosen(slide.pollId as string)?.[0];
    const goto = poll?.options.find((o) => o.id === picked)?.goto;
    if (!picked) return null;
    // An option without a slide of its own carries on after the branches.
    if (goto) {
      const i = deck.slides.findIndex((s) => key(s.position) === key(goto));
      if (i >= 0) return i;
    }
  }
  const branch = branchesOf(deck);
  const below = deck.slides[at + 1];
  // Down the same branch's stack first.
  if (below && branch[at] !== -1 && branch[at + 1] === branch[at] && below.position.h === slide.position.h) return at + 1;
  for (let i = at + 1; i < deck.slides.length; i++) if (branch[i] === -1) return i;
  return null;
}
