// Exports that cannot unmask anyone (issue 21), through real sockets and the real SQLite file: by
// default a participant has another pseudonym in every poll, and their text answers another
// again; only the linked export (?linked=1) names them the same across polls, and it leaves out
// whatever fewer than MIN_GROUP_SIZE respondents hold.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { SessionExport } from '../../server/export/model.js';
import { deckFrom } from '../helpers/decks.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer } from '../helpers/server.js';

const DECK = deckFrom(
  `---
title: Before and after
---

# Before and after

---

\`\`\`poll
id: before
type: single
question: Would you talk to Dr. X?
options:
  talk: Talk to Dr. X
  wait: Wait and see
\`\`\`

---

\`\`\`poll
id: thoughts
type: text
answers: 2
question: What would you say?
\`\`\`

---

\`\`\`poll
id: after
type: single
question: And now?
options:
  talk: Talk to Dr. X
  wait: Wait and see
\`\`\`
`,
  'before-after.md',
);

const auth = { authorization: `Bearer ${PRESENTER_KEY}` };
type Row = Record<string, string>;

/** Seven phones: five talk and two wait, before and after; three of them write something in between. */
async function runSession(server: TestServer): Promise<string> {
  const code = await server.createSession('before-after');
  const presenter = await server.presenter(code);
  const phones = await Promise.all(Array.from({ length: 7 }, (_, i) => server.participant(code, `privacy-phone-${i}`)));
  for (const pollId of ['before', 'after']) {
    ok(await request(presenter, 'presenter:poll', { pollId, action: 'open' }));
    for (const [i, phone] of phones.entries()) ok(await request(phone, 'audience:vote', { pollId, optionIds: [i < 5 ? 'talk' : 'wait'] }));
    ok(await request(presenter, 'presenter:poll', { pollId, action: 'close' }));
    if (pollId === 'after') break;
    ok(await request(presenter, 'presenter:poll', { pollId: 'thoughts', action: 'open' }));
    for (const phone of phones.slice(4))
      ok(await request(phone, 'audience:submit', { pollId: 'thoughts', text: 'I am the only one who would say this' }));
  }
  return code;
}

async function download(server: TestServer, code: string, query: string): Promise<Response> {
  const res = await fetch(`${server.url}/api/sessions/${code}/export?${query}`, { headers: auth });
  expect(res.status).toBe(200);
  return res;
}

const csvRows = (text: string): Row[] => parse(text, { bom: true, columns: true }) as Row[];

describe('exports that cannot unmask anyone', () => {
  it('by default: no pseudonym under two polls, and entries never share one with votes', async () => {
    const server = await newParley({ decks: new Map([[DECK.id, DECK]]) });
    const code = await runSession(server);
    const rows = csvRows(await (await download(server, code, 'format=responses.csv')).text());
    expect(rows.filter((r) => r.text)).toHaveLength(3);
    expect(rows.filter((r) => r.option_ids)).toHaveLength(14);
    const pollsOf = new Map<string, Set<string>>();
    for (const r of rows) pollsOf.set(r.participant!, (pollsOf.get(r.participant!) ?? new Set()).add(r.poll_id!));
    expect([...pollsOf.values()].every((polls) => polls.size === 1)).toBe(true);
    const voters = new Set(rows.filter((r) => r.option_ids).map((r) => r.participant));
    const authors = new Set(rows.filter((r) => r.text).map((r) => r.participant));
    expect(voters.size).toBe(14);
    expect(authors.size).toBe(3);
    expect([...authors].some((a) => voters.has(a))).toBe(false);
    expect(rows.every((r) => !r.participant!.includes('privacy-phone'))).toBe(true);

    // The same in the JSON, and the same again in a second export (pseudonyms derived, not numbered).
    const json = (await (await download(server, code, 'format=json')).json()) as SessionExport;
    expect(json.linked).toBeUndefined();
    expect(new Set(json.responses.map((r) => r.participant))).toEqual(voters);
    expect(new Set(json.polls.flatMap((p) => p.entries ?? []).map((e) => e.participant))).toEqual(authors);
    expect(csvRows(await (await download(server, code, 'format=responses.csv')).text())).toEqual(rows);
  });

  it('linked (?linked=1): one pseudonym across polls, a note, no text or times, small groups replaced', async () => {
    const server = await newParley({ decks: new Map([[DECK.id, DECK]]) });
    const code = await runSession(server);
    const res = await download(server, code, 'format=responses.csv&linked=1');
    expect(res.headers.get('content-disposition')).toMatch(/\.linked\.responses\.csv"?$/);
    const [note, ...lines] = (await res.text()).split('\r\n');
    expect(note).toMatch(/^\ufeff?"?# Linked export: each pseudonym \(P01, P02 …\) is the same participant in every poll/);
    const rows = csvRows(lines.join('\r\n'));
    const columns = Object.keys(rows[0]!);
    expect(columns).toEqual(expect.arrayContaining(['participant', 'option_ids', 'labels']));
    for (const leftOut of ['answered_at', 'changes', 'text', 'status', 'votes']) expect(columns).not.toContain(leftOut);
    expect(rows).toHaveLength(14); // votes only: free text is left out
    const byPoll = (pollId: string) => new Map(rows.filter((r) => r.poll_id === pollId).map((r) => [r.participant!, r.option_ids!]));
    const before = byPoll('before');
    // Seven participants, P01 … P07, each the same person in both polls (everyone answered the same twice).
    expect([...before.keys()].sort()).toEqual(['P01', 'P02', 'P03', 'P04', 'P05', 'P06', 'P07']);
    expect(byPoll('after')).toEqual(before);
    // Five talked: shown; two waited, fewer than MIN_GROUP_SIZE (5): replaced.
    expect([...before.values()].sort()).toEqual(['fewer than 5', 'fewer than 5', 'talk', 'talk', 'talk', 'talk', 'talk']);
    expect(rows.filter((r) => r.option_ids === 'fewer than 5').every((r) => r.labels === 'fewer than 5')).toBe(true);

    const json = (await (await download(server, code, 'format=json&linked=1')).json()) as SessionExport;
    expect(json.linked).toMatchObject({ floor: 5, marker: 'fewer than 5' });
    expect(json.linked!.note).toContain('keep this file as you would a list of names');
    expect(json.polls.some((p) => p.entries)).toBe(false);
    expect(json.responses.every((r) => r.answeredAt === undefined && r.changes === undefined)).toBe(true);
    // The summary and the report are aggregates: the same either way.
    const summary = await (await download(server, code, 'format=summary.csv&linked=1')).text();
    expect(summary).toBe(await (await download(server, code, 'format=summary.csv')).text());
  });
});
