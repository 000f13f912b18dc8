// Self-paced sessions (issue 21, part 2) for the socket and the phone tests alike: the pre-work
// deck three phones go through, and what the export says they chose.
import type { SessionExport } from '../../server/export/model.js';
import { RATING_SLIDE } from './decks.js';

/**
 * A self-paced pre-work deck (issue 21, part 2), for the socket and the phone tests alike: an
 * intro, a case with an image (`images/pic.png`) and a timed poll — a timer a self-paced session
 * never starts — whose options lead to two branches, one with a table; a text poll and the
 * rating. Its speaker note must never reach a phone. `results`: its `self-paced-results`.
 */
export function selfPacedDeckSource(results: 'after-answer' | 'never' = 'after-answer'): string {
  return `---
title: Pre-work
self-paced-results: ${results}
---

# Pre-work

Go through this before the workshop.

---

## The case

![A mentor and a resident](images/pic.png)

\`\`\`poll
id: path
type: single
timer: 30
question: How should you respond?
options:
  talk: Talk to them -> #talk
  wait: Wait and see -> #wait
\`\`\`

Note:
FACILITATOR-ONLY speaker note

---

## Talking it through {#talk}

| step | when | who |
|---|---|---|
| ask what the program expects of both of you | at the first meeting | you and Dr. X |

---

## Waiting it out {#wait}

> Two weeks later, nothing has changed.

---

## Thoughts

\`\`\`poll
id: thoughts
type: text
question: What else would you do?
\`\`\`

---

${RATING_SLIDE}`;
}

/** The options each response to `pollId` in `data` chose (joined by commas), sorted: what was stored, in any order. */
export function chosenIn(data: SessionExport, pollId: string): string[] {
  return data.responses
    .filter((r) => r.pollId === pollId)
    .map((r) => r.optionIds.join())
    .sort();
}
