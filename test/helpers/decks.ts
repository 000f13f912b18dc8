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

/** One poll of each answer type that is not a choice of options: open text, ranking, Q&A. */
export const OPEN_DECK = `---
title: Open Questions
---

# Open Questions

---

## First meeting

\`\`\`poll
id: first-meeting
type: text
answers: 10
length: 60
question: What should you discuss at this first meeting?
\`\`\`

---

## Table 3

\`\`\`poll
id: steps
type: rank
question: Which step matters most to you?
options:
  prepare: Prepare for meetings
  expectations: Set expectations
  feedback: Ask for feedback
\`\`\`

---

## Questions

\`\`\`poll
id: questions
type: qa
question: Questions for the facilitator?
\`\`\`
`;

export function openDecks(): Map<string, Deck> {
  const deck = deckFrom(OPEN_DECK, 'open.md');
  return new Map([[deck.id, deck]]);
}

/** A deck's slides without its front matter, to put several decks' slides into one. */
export function slidesOf(deck: string): string {
  return deck.replace(/^---\n[\s\S]*?\n---\n/, '');
}

/** A slide with a 1–5 rating poll (id "rating"), for decks that need every poll type. */
export const RATING_SLIDE = `## Rate it

\`\`\`poll
id: rating
type: scale
max: 5
question: How useful was this?
\`\`\`
`;
