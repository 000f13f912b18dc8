// Decks for tests, written in code so each test shows what it relies on.
import { parseDeck } from '../../server/deck/parse.js';
import type { Deck } from '../../server/deck/types.js';

export const WORKSHOP_DECK = `---
title: Test Workshop
---

# Test Workshop

Welcome.

---

## Case

--

## Branch A

\`\`\`poll
id: branch-a
type: single
question: How should you respond?
options:
  talk: Talk to them
  wait: Wait and see
  escalate: Ask the program director
\`\`\`

--

## Branch B

\`\`\`poll
id: topics
type: multi
limit: 2
question: What should you discuss?
options:
  goals: Goals
  rules: Ground rules
  time: Meeting frequency
\`\`\`

---

## Friends?

\`\`\`poll
id: friend
type: yesno
depends: true
question: Should you accept?
\`\`\`

---

## The end
`;

export function deckFrom(source: string, file = 'workshop.md'): Deck {
  const result = parseDeck(source, file);
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.line}: ${e.message}`).join('\n'));
  return result.deck;
}

export function testDecks(): Map<string, Deck> {
  const deck = deckFrom(WORKSHOP_DECK);
  return new Map([[deck.id, deck]]);
}
