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

/**
 * Every poll type a phone can meet, one a slide (h = 1…7, numbered 2–8 on screen), for the phone
 * page's accessibility and language tests.
 */
export const EVERY_POLL_DECK = `---
title: Every Question
---

# Every Question

---

## Dr. X responds

\`\`\`poll
id: respond
type: single
question: How should Dr. X respond?
options:
  talk: Talk to them
  wait: Wait and see
  escalate: Ask the program director
\`\`\`

---

## Topics

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
question: Should you accept?
\`\`\`

---

${RATING_SLIDE}
---

## First meeting

\`\`\`poll
id: first-meeting
type: text
answers: 3
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

export function everyPollDecks(): Map<string, Deck> {
  const deck = deckFrom(EVERY_POLL_DECK, 'every.md');
  return new Map([[deck.id, deck]]);
}

/**
 * A case whose poll branches: each option leads to its own slide (`-> #id`). Slides: 0 title,
 * 1 the poll, 2 talk, 3 wait, 4 escalate, 5 debrief. The poll slide has speaker notes.
 */
export const BRANCHING_DECK = `---
title: Branching Case
---

# Branching Case

---

## The case

\`\`\`poll
id: path
type: single
question: How should Dr. X respond?
options:
  talk: Talk to them -> #talk
  wait: Wait and see -> #wait
  escalate: Ask the program director -> #escalate
\`\`\`

Note:
Give the room a minute, then follow the most-chosen branch with G.

---

## Talking it through {#talk}

---

## Waiting it out {#wait}

---

## Escalating {#escalate}

---

## Debrief
`;

export function branchingDecks(): Map<string, Deck> {
  const deck = deckFrom(BRANCHING_DECK, 'branching.md');
  return new Map([[deck.id, deck]]);
}

/** A poll with a 5-second deck timer (slide 1) and one without (slide 2), for timer tests. */
export const TIMED_DECK = `---
title: Timed Polls
---

# Timed Polls

---

## Quick vote

\`\`\`poll
id: quick
type: yesno
timer: 5
question: Ready to start?
\`\`\`

---

## Open-ended vote

\`\`\`poll
id: later
type: single
question: Which room?
options:
  a: Room A
  b: Room B
\`\`\`
`;

export function timedDecks(): Map<string, Deck> {
  const deck = deckFrom(TIMED_DECK, 'timed.md');
  return new Map([[deck.id, deck]]);
}

/** A discussion slide without a poll (its deck offers a 5-second discussion timer), then a poll slide. */
export const DISCUSS_DECK = `---
title: Talk It Over
---

# Talk It Over

---

## Discuss with your neighbour

\`\`\`slide
discuss: 5
\`\`\`

What did your last mentor do well?

---

## Quick vote

\`\`\`poll
id: quick
type: yesno
question: Ready to start?
\`\`\`
`;

export function discussDecks(): Map<string, Deck> {
  const deck = deckFrom(DISCUSS_DECK, 'discuss.md');
  return new Map([[deck.id, deck]]);
}

/** A dark deck: reveal.js's black theme and an orange accent. */
export const DARK_DECK = `---
title: Night Session
theme: black
accent: "#f97316"
---

# Night Session

---

## Energy check

\`\`\`poll
id: energy
type: single
question: How is your energy?
options:
  high: High
  ok: Fine
  low: Low
\`\`\`
`;

export function darkDecks(): Map<string, Deck> {
  const deck = deckFrom(DARK_DECK, 'night.md');
  return new Map([[deck.id, deck]]);
}
