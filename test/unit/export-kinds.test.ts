// Each kind of poll's part in the report (server/export/kinds/): what the report calls it, what
// its respondents did, and whether sessions compare as one bar chart — a single poll with two
// questions is a kind of its own, and a multi-choice poll says its limit only when it has one.
import { describe, expect, it } from 'vitest';
import { buildExport, type SessionExport } from '../../server/export/model.js';
import { TEST_SECRET } from '../helpers/pseudonyms.js';
import { reportHtml } from '../../server/export/report.js';
import { deckFrom, EVERY_POLL_DECK } from '../helpers/decks.js';

const DECK = deckFrom(
  `${EVERY_POLL_DECK}
---

## Pair

\`\`\`poll
id: pair
type: single
question: Should and would?
ask: [should, would]
options:
  a: A
  b: B
\`\`\`

---

## Any

\`\`\`poll
id: any
type: multi
question: Any of them?
options:
  a: A
  b: B
\`\`\`

---

## Seven

\`\`\`poll
id: seven
type: scale
max: 7
question: Out of seven?
\`\`\`
`,
  'every.md',
);

const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);
const session = (code: string, day: number): SessionExport =>
  buildExport(
    {
      session: { code, deckId: DECK.id, deck: DECK, createdAt: T0 + day * 86_400_000, endedAt: null, slide: { h: 0, v: 0 } },
      polls: [],
      votes: [],
      entries: [],
      upvotes: [],
    },
    { secret: TEST_SECRET },
  );

/** Each poll's section of a report, by poll id. */
function sections(html: string): Map<string, string> {
  return new Map([...html.matchAll(/<section class="poll" id="poll-([^"]+)"[\s\S]*?<\/section>/g)].map((m) => [m[1]!, m[0]]));
}

describe('the kinds of poll in the report', () => {
  const one = sections(reportHtml([session('K7QX2', 0)]));

  it('say what kind of poll each is after the slide number', () => {
    const kinds = Object.fromEntries([...one].map(([id, html]) => [id, html.match(/<p class="slide">.* · ([^·<]*)<\/p>/)![1]]));
    expect(kinds).toEqual({
      respond: 'one answer',
      topics: 'several answers (up to 2)',
      friend: 'yes / no',
      rating: 'rating 1 to 5',
      'first-meeting': 'open text',
      steps: 'ranking of 3',
      questions: 'Q&amp;A',
      pair: 'one answer',
      any: 'several answers',
      seven: 'rating 1 to 7',
    });
  });

  it('count who asked a Q&A question, and who answered every other poll', () => {
    const verbs = Object.fromEntries([...one].map(([id, html]) => [id, html.match(/<p class="rate"><span>0 of 0 (\w+) \(0%\)/)![1]]));
    expect(Object.entries(verbs).filter(([, verb]) => verb !== 'answered')).toEqual([['questions', 'asked']]);
  });

  it('compare option polls as one bar chart, and open text, rankings and Q&A as a block per session', () => {
    const compared = sections(reportHtml([session('K7QX2', 0), session('B4RN9', 1)]));
    const blocks = [...compared].filter(([, html]) => html.includes('class="session-block"')).map(([id]) => id);
    expect(blocks).toEqual(['first-meeting', 'steps', 'questions']);
  });
});
