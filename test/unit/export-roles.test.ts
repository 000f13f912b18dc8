// Roles and paired polls in the exports, from stored records: role labels written by the deck are
// neutralised in the spreadsheets and escaped in the report; a pair of questions other than
// should / would gets the neutral gap sentence; a role given is no answer.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { responsesCsv, summaryCsv } from '../../server/export/csv.js';
import { buildExport } from '../../server/export/model.js';
import { TEST_SECRET } from '../helpers/pseudonyms.js';
import { reportHtml } from '../../server/export/report.js';
import { deckFrom } from '../helpers/decks.js';

const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);
const DECK = deckFrom(
  `---
title: Roles
roles: ["=Dean <b>", Resident]
---

# Start

---

## Pair

\`\`\`poll
id: pair
type: single
question: Which?
ask:
  before: Before the talk?
  after: After the talk?
options:
  x: "-X"
  y: Y
\`\`\`
`,
  'roles.md',
);
const dean = DECK.meta.roles![0]!.id;
const vote = (participantId: string, pollId: string, optionIds: string[], at: number) => ({
  code: 'K7QX2',
  pollId,
  round: 1,
  participantId,
  optionIds,
  answeredAt: T0 + at,
  changes: 0,
});
const people = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
const data = buildExport(
  {
    session: { code: 'K7QX2', deckId: 'roles', deck: DECK, createdAt: T0, endedAt: null, slide: { h: 0, v: 0 } },
    polls: [],
    votes: [
      // Five deans and one resident; "only" gave a role and never answered.
      ...people.map((p, i) => vote(p, '_role', [i < 5 ? dean : 'resident'], i)),
      vote('only', '_role', ['resident'], 0),
      ...people.map((p, i) => vote(p, 'pair', i < 2 ? ['x', 'y'] : ['y', 'y'], 100 + i)),
    ],
    entries: [],
    upvotes: [],
  },
  { secret: TEST_SECRET, minGroupSize: 3 },
);

describe('roles and paired polls in the exports', () => {
  it('count no role as an answer and keep the floor given', () => {
    expect(data.session.participants).toBe(6);
    const pair = data.polls[0]!;
    expect(pair).toMatchObject({ gap: 2, respondents: 6 });
    // The resident alone is under the floor of 3: the rest (1) would unmask them, so the deans are left out too.
    expect(pair.byRole).toEqual({
      floor: 3,
      groups: [
        { role: dean, label: '=Dean <b>', shown: false, hidden: 'complement' },
        { role: 'resident', label: 'Resident', shown: false, hidden: 'small' },
      ],
    });
    expect(new Set(data.responses.map((r) => r.role))).toEqual(new Set(['']));
  });

  it('neutralise formulas in role labels and options, and escape them in the report', () => {
    const both = buildExport(
      {
        session: { code: 'K7QX2', deckId: 'roles', deck: DECK, createdAt: T0, endedAt: null, slide: { h: 0, v: 0 } },
        polls: [],
        votes: [
          ...people.map((p) => vote(p, '_role', [dean], 0)),
          ...people.map((p, i) => vote(p, 'pair', i < 2 ? ['x', 'y'] : ['y', 'y'], 100 + i)),
        ],
        entries: [],
        upvotes: [],
      },
      { secret: TEST_SECRET, minGroupSize: 3 },
    );
    const responses = parse(responsesCsv(both), { bom: true, columns: true }) as Record<string, string>[];
    expect(responses.map((r) => [r.role, r.asked, r.labels]).slice(0, 2)).toEqual([
      ["'=Dean <b>", 'before', "'-X"],
      ["'=Dean <b>", 'after', 'Y'],
    ]);
    const summary = parse(summaryCsv(both), { bom: true, columns: true }) as Record<string, string>[];
    expect(summary.filter((r) => r.role?.includes('Dean')).map((r) => [r.role, r.asked, r.label, r.count, r.gap])).toEqual([
      ["'=Dean <b>", 'before', "'-X", '2', '2'],
      ["'=Dean <b>", 'before', 'Y', '4', '2'],
      ["'=Dean <b>", 'after', "'-X", '0', '2'],
      ["'=Dean <b>", 'after', 'Y', '6', '2'],
    ]);
    const html = reportHtml([both]);
    expect(html).not.toContain('<b>');
    expect(html).toContain('=Dean &#60;b&#62;');
    expect(html).toContain('<strong>2 answered the two questions differently</strong>');
  });
});
