// The branch map's pure rules (issue 20, part 3): which fork a slide belongs to, the visited marks,
// and Shift+G's next branch — not visited yet, most votes first, ties in option order, none once
// every branch has been visited (then it goes back to the fork).
import { describe, expect, it } from 'vitest';
import { branchStops, forkAt, nextBranch, voteOrder } from '../../presenter/branches.js';
import type { Tally } from '../../server/protocol.js';
import { Session } from '../../server/session/session.js';
import { BRANCHING_DECK, deckFrom } from '../helpers/decks.js';

const deck = deckFrom(BRANCHING_DECK, 'branching.md');
const poll = deck.polls.find((p) => p.id === 'path')!;
const tally = (counts: Record<string, number>): Tally => ({
  pollId: 'path',
  counts: { talk: 0, wait: 0, escalate: 0, ...counts },
  respondents: Object.values(counts).reduce((a, b) => a + b, 0),
});
const next = (counts: Record<string, number>, visited: string[]) => nextBranch(branchStops(deck, poll, tally(counts), visited))?.option.id ?? null;

const STACKED = `---
title: Stacked
---

# Stacked

---

## Fork

\`\`\`poll
id: fork
type: single
question: Which way?
options:
  a: Left -> #left
  b: Right -> #right
\`\`\`

---

## Left {#left}

--

## Left, more

--

## Right {#right}

--

## Right, more

---

## After
`;

describe('the branch map and Shift+G', () => {
  it('finds the fork of the poll slide and of each branch slide, and none elsewhere', () => {
    expect(forkAt(deck, { h: 1, v: 0 })?.id).toBe('path');
    for (const h of [2, 3, 4]) expect(forkAt(deck, { h, v: 0 })?.id).toBe('path');
    expect(forkAt(deck, { h: 0, v: 0 })).toBeNull();
    expect(forkAt(deck, { h: 5, v: 0 })).toBeNull();
  });

  it('counts the slides below a branch target in the same stack as part of that branch', () => {
    const stacked = deckFrom(STACKED, 'stacked.md');
    expect(forkAt(stacked, { h: 2, v: 1 })?.id).toBe('fork');
    expect(forkAt(stacked, { h: 2, v: 3 })?.id).toBe('fork');
    expect(forkAt(stacked, { h: 3, v: 0 })).toBeNull();
  });

  it('goes most votes first, ties in option order, skipping visited branches, then null (back to the fork)', () => {
    const counts = { talk: 1, wait: 3, escalate: 1 };
    expect(next(counts, [])).toBe('wait');
    expect(next(counts, ['wait'])).toBe('talk'); // talk and escalate tie: talk comes first in the poll
    expect(next(counts, ['wait', 'talk'])).toBe('escalate');
    expect(next(counts, ['wait', 'talk', 'escalate'])).toBeNull();
    // Visited in another order (a number key): still the most-voted of the rest.
    expect(next(counts, ['escalate'])).toBe('wait');
    // No votes at all: option order.
    expect(next({}, [])).toBe('talk');
  });

  it('shows counts only from a tally that has them, and marks visited branches by slide id', () => {
    const blind: Tally = { pollId: 'path', counts: {}, respondents: 4, blind: true };
    const stops = branchStops(deck, poll, blind, ['wait']);
    expect(stops.map((s) => [s.option.id, s.count, s.visited, s.n])).toEqual([
      ['talk', null, false, 1],
      ['wait', null, true, 2],
      ['escalate', null, false, 3],
    ]);
    // Unknown counts keep the option order.
    expect(voteOrder(stops).map((s) => s.option.id)).toEqual(['talk', 'wait', 'escalate']);
    expect(branchStops(deck, poll, tally({ escalate: 2 }), []).map((s) => s.count)).toEqual([0, 0, 2]);
  });

  it('the session decides the visited list with each move and changes nothing until it is applied', () => {
    const session = new Session({ code: 'ABCDE', deck, createdAt: 0, endedAt: null, slide: { h: 1, v: 0 } });
    const move = session.decideGoto({ h: 3, v: 0 });
    expect(move).toEqual({ slide: { h: 3, v: 0 }, visited: ['wait'] });
    expect(session.visited).toEqual([]);
    session.goto(move!.slide, move!.visited);
    expect(session.visited).toEqual(['wait']);
    // A slide without an id adds nothing; a visited one is not listed twice.
    expect(session.decideGoto({ h: 5, v: 0 })?.visited).toEqual(['wait']);
    session.goto({ h: 1, v: 0 }, ['wait']);
    expect(session.decideGoto({ h: 3, v: 0 })?.visited).toEqual(['wait']);
  });
});
