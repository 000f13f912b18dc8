// Exports of the poll types whose answers are not a choice of options (open text, Q&A) or are
// an order of them (ranking): the model, the spreadsheet rows and the report.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { EntryStatus } from '../../server/protocol.js';
import { responsesCsv, summaryCsv } from '../../server/export/csv.js';
import { buildExport, type SessionExport } from '../../server/export/model.js';
import { namesOf, TEST_SECRET } from '../helpers/pseudonyms.js';
import { reportHtml } from '../../server/export/report.js';
import { workbookXlsx } from '../../server/export/xlsx.js';
import type { EntryRecord, StoredSession, UpvoteRecord, VoteRecord } from '../../server/store/store.js';
import { deckFrom } from '../helpers/decks.js';

const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);
const at = (minute: number) => T0 + minute * 60_000;
const isoAt = (minute: number) => new Date(at(minute)).toISOString();

const DECK = deckFrom(
  `---
title: New Types
---

# New Types

---

## Warm-up

\`\`\`poll
id: warm
type: single
question: Ready?
options:
  y: Yes
  n: No
\`\`\`

---

## Mood

\`\`\`poll
id: mood
type: scale
question: How ready?
\`\`\`

---

## First meeting

\`\`\`poll
id: first-meeting
type: text
answers: 3
question: What should you discuss at this first meeting?
\`\`\`

---

## Steps

\`\`\`poll
id: steps
type: rank
question: Which matters most?
options:
  a: A
  b: B
  c: C
\`\`\`

---

## Questions

\`\`\`poll
id: questions
type: qa
question: Questions for the facilitator?
\`\`\`
`,
  'new-types.md',
);

const XSS = '<img src=x onerror=alert(1)>';

function vote(participantId: string, pollId: string, optionIds: string[], minute: number, changes = 0): VoteRecord {
  return { code: 'K7QX2', pollId, round: 1, participantId, optionIds, answeredAt: at(minute), changes };
}

function entry(
  id: string,
  participantId: string,
  pollId: string,
  text: string,
  minute: number,
  status: EntryStatus = 'shown',
  answeredMinute: number | null = null,
): EntryRecord {
  return {
    code: 'K7QX2',
    pollId,
    round: 1,
    id,
    participantId,
    text,
    createdAt: at(minute),
    status,
    answeredAt: answeredMinute === null ? null : at(answeredMinute),
  };
}

function upvote(entryId: string, participantId: string): UpvoteRecord {
  return { code: 'K7QX2', pollId: 'questions', round: 1, entryId, participantId };
}

function stored(code = 'K7QX2'): StoredSession {
  return {
    session: { code, deckId: 'new-types', deck: DECK, createdAt: T0, endedAt: at(60), slide: { h: 0, v: 0 } },
    polls: [],
    votes: [
      vote('bob', 'warm', ['y'], 2),
      vote('alice', 'warm', ['n'], 3, 1),
      vote('alice', 'mood', ['4'], 3.5),
      vote('bob', 'mood', ['5'], 3.6),
      vote('alice', 'steps', ['a', 'b', 'c'], 5),
      vote('bob', 'steps', ['b', 'a', 'c'], 6, 2),
      vote('carol', 'steps', ['a', 'c', 'b'], 7),
    ],
    entries: [
      entry('e1', 'alice', 'first-meeting', 'Goals and expectations', 1),
      entry('e3', 'carol', 'first-meeting', XSS, 4),
      entry('e4', 'dave', 'first-meeting', 'Secret gossip', 8, 'hidden'),
      entry('e5', 'erin', 'first-meeting', '=HYPERLINK("x")', 9, 'held'),
      entry('e6', 'bob', 'first-meeting', '@SUM(1) goals', 10),
      entry('e2', 'alice', 'first-meeting', 'Meeting frequency, goals', 11),
      entry('q1', 'bob', 'questions', 'How long?', 12),
      entry('q2', 'carol', 'questions', 'Who pays?', 13, 'shown', 20),
      entry('q3', 'alice', 'questions', '<b>Where</b>?', 14),
      entry('q4', 'dave', 'questions', '+SPAM()', 15, 'hidden'),
      entry('q5', 'frank', 'questions', 'When do we start?', 16),
    ],
    upvotes: [
      upvote('q1', 'alice'),
      upvote('q1', 'alice'), // stored twice: still one vote
      upvote('q2', 'alice'),
      upvote('q2', 'bob'),
      upvote('q2', 'dave'),
      upvote('q3', 'bob'),
      upvote('q3', 'carol'),
      upvote('q3', 'gina'), // only upvoted: no pseudonym, not a participant
      upvote('q5', 'carol'),
    ],
  };
}

const data = buildExport(stored(), { secret: TEST_SECRET });
const POLL_IDS = ['warm', 'mood', 'first-meeting', 'steps', 'questions'];
const names = namesOf(TEST_SECRET, 'K7QX2', POLL_IDS, ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'gina']);
/** Who a pseudonym of this export stands for. */
const who = (pseudonym: string | undefined): string | undefined => (pseudonym && names.get(pseudonym)) ?? pseudonym;
const poll = (id: string) => data.polls.find((p) => p.id === id)!;
const csvRows = (csv: string) => parse(csv, { bom: true, columns: true }) as Record<string, string>[];

describe('buildExport with text, rank and Q&A polls', () => {
  it('names each participant apart in every poll, and their entries apart from their votes, counting both', () => {
    expect(data.session.participants).toBe(6);
    const entries = POLL_IDS.flatMap((id) => poll(id).entries ?? []);
    expect(entries.filter((e) => e.id === 'e1' || e.id === 'e2' || e.id === 'q3').map((e) => who(e.participant))).toEqual([
      'alice',
      'alice',
      'alice',
    ]);
    const alice = new Set([...data.responses, ...entries].filter((r) => who(r.participant) === 'alice').map((r) => r.participant));
    expect(alice.size).toBe(5); // votes in warm, mood, steps; entries in first-meeting, questions
    for (const e of entries) expect(e.participant).toMatch(/^E[0-9A-Z]{10}$/);
    for (const r of data.responses) expect(r.participant).toMatch(/^V[0-9A-Z]{10}$/);
    expect(data.responses.filter((r) => r.pollId === 'warm').map((r) => [who(r.participant), r.optionIds[0]])).toEqual([
      ['bob', 'y'],
      ['alice', 'n'],
    ]);
    const json = JSON.stringify(data);
    for (const id of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'gina']) expect(json).not.toContain(id);
  });

  it('linked, leaves entries out and names voters P01, P02 … across polls', () => {
    const linked = buildExport(stored(), { secret: TEST_SECRET, linked: true, minGroupSize: 1 });
    expect(linked.polls.some((p) => p.entries)).toBe(false);
    expect(linked.responses.filter((r) => r.pollId === 'warm' || r.pollId === 'mood').map((r) => [r.pollId, r.participant])).toEqual([
      ['warm', 'P01'],
      ['warm', 'P02'],
      ['mood', 'P02'],
      ['mood', 'P01'],
    ]);
    expect(linked.session.participants).toBe(6);
  });

  it('gives rank options their average position and first places, in deck order', () => {
    const steps = poll('steps');
    expect(steps.respondents).toBe(3);
    expect(steps.options.map((o) => [o.id, o.count, o.percent, o.averagePosition])).toEqual([
      ['a', 2, 66.7, 1.33],
      ['b', 1, 33.3, 2],
      ['c', 0, 0, 2.67],
    ]);
    expect(data.responses.filter((r) => r.pollId === 'steps').map((r) => r.labels.join('>'))).toEqual(['A>B>C', 'B>A>C', 'A>C>B']);
    expect(poll('warm').options[0]).not.toHaveProperty('averagePosition');
  });

  it('leaves average positions null without answers', () => {
    const empty = buildExport({ ...stored(), votes: [] }, { secret: TEST_SECRET });
    expect(empty.polls.find((p) => p.id === 'steps')!.options.map((o) => o.averagePosition)).toEqual([null, null, null]);
  });

  it('exports text answers oldest first, flagged, with a cloud of the shown ones only', () => {
    const text = poll('first-meeting');
    expect(text.text).toEqual({ length: 200, answers: 3 });
    expect(text.options).toEqual([]);
    expect(text.respondents).toBe(5); // alice, carol, dave, erin, bob: hidden and held answers count
    expect(text.entries!.map((e) => [e.id, who(e.participant), e.status])).toEqual([
      ['e1', 'alice', 'shown'],
      ['e3', 'carol', 'shown'],
      ['e4', 'dave', 'hidden'],
      ['e5', 'erin', 'held'],
      ['e6', 'bob', 'shown'],
      ['e2', 'alice', 'shown'],
    ]);
    const first = text.entries![0]!;
    expect({ ...first, participant: who(first.participant) }).toEqual({
      id: 'e1',
      round: 1,
      participant: 'alice',
      text: 'Goals and expectations',
      sentAt: isoAt(1),
      status: 'shown',
    });
    expect(text.words![0]).toEqual(['goals', 3]);
    const words = text.words!.map(([w]) => w);
    expect(words).toEqual(expect.arrayContaining(['expectations', 'frequency', 'meeting', 'onerror', 'sum']));
    expect(words).not.toContain('secret');
    expect(words).not.toContain('gossip');
    expect(words).not.toContain('hyperlink');
  });

  it('orders Q&A questions unanswered first, then by votes, then oldest, with one vote per participant', () => {
    const qa = poll('questions');
    expect(qa.respondents).toBe(5);
    expect(qa).not.toHaveProperty('words');
    expect(qa.entries!.map((e) => [e.id, e.votes, e.answeredAt])).toEqual([
      ['q3', 3, null],
      ['q1', 1, null],
      ['q5', 1, null],
      ['q4', 0, null],
      ['q2', 3, isoAt(20)],
    ]);
    const top = qa.entries![0]!;
    expect({ ...top, participant: who(top.participant) }).toEqual({
      id: 'q3',
      round: 1,
      participant: 'alice',
      text: '<b>Where</b>?',
      sentAt: isoAt(14),
      status: 'shown',
      votes: 3,
      answeredAt: null,
    });
    expect(qa.entries!.find((e) => e.id === 'q4')!.status).toBe('hidden');
  });
});

describe('spreadsheet rows of the new types', () => {
  it('list one response row per vote and per entry, polls in deck order, then as answered', () => {
    const rows = csvRows(responsesCsv(data));
    expect(Object.keys(rows[0]!).slice(-3)).toEqual(['text', 'status', 'votes']);
    expect(rows.map((r) => [r.poll_id, who(r.participant), r.option_ids || r.text])).toEqual([
      ['warm', 'bob', 'y'],
      ['warm', 'alice', 'n'],
      ['mood', 'alice', '4'],
      ['mood', 'bob', '5'],
      ['first-meeting', 'alice', 'Goals and expectations'],
      ['first-meeting', 'carol', XSS],
      ['first-meeting', 'dave', 'Secret gossip'],
      ['first-meeting', 'erin', `'=HYPERLINK("x")`],
      ['first-meeting', 'bob', "'@SUM(1) goals"],
      ['first-meeting', 'alice', 'Meeting frequency, goals'],
      ['steps', 'alice', 'a;b;c'],
      ['steps', 'bob', 'b;a;c'],
      ['steps', 'carol', 'a;c;b'],
      ['questions', 'bob', 'How long?'],
      ['questions', 'carol', 'Who pays?'],
      ['questions', 'alice', '<b>Where</b>?'],
      ['questions', 'dave', "'+SPAM()"],
      ['questions', 'frank', 'When do we start?'],
    ]);
    expect(rows[1]).toMatchObject({ text: '', status: '', votes: '', changes: '1' });
    expect(rows.find((r) => r.option_ids === 'b;a;c')).toMatchObject({ labels: 'B; A; C', changes: '2', text: '' });
    expect(rows.find((r) => r.text === 'Secret gossip')).toMatchObject({
      option_ids: '',
      labels: '',
      answered_at: isoAt(8),
      changes: '0',
      status: 'hidden',
      votes: '',
    });
    expect(rows.find((r) => r.text === 'Who pays?')).toMatchObject({ answered_at: isoAt(13), status: 'shown', votes: '3' });
  });

  it('summarise words, questions and rankings with type, mean, average position and status', () => {
    const rows = csvRows(summaryCsv(data));
    expect(Object.keys(rows[0]!).slice(-6)).toEqual(['type', 'mean', 'average_position', 'status', 'answered_both', 'changed']);
    expect(rows.filter((r) => r.poll_id === 'warm').map((r) => [r.type, r.mean, r.average_position, r.status])).toEqual([
      ['single', '', '', ''],
      ['single', '', '', ''],
    ]);
    const mood = rows.filter((r) => r.poll_id === 'mood');
    expect(mood).toHaveLength(5);
    expect(new Set(mood.map((r) => r.mean))).toEqual(new Set(['4.5']));
    expect(rows.filter((r) => r.poll_id === 'steps').map((r) => [r.option_id, r.count, r.percent, r.average_position])).toEqual([
      ['a', '2', '66.7', '1.33'],
      ['b', '1', '33.3', '2'],
      ['c', '0', '0', '2.67'],
    ]);
    const words = rows.filter((r) => r.poll_id === 'first-meeting');
    expect(words[0]).toMatchObject({ option_id: '', label: 'goals', count: '3', percent: '60', respondents: '5', type: 'text' });
    expect(words.map((r) => r.label)).not.toContain('secret');
    expect(rows.filter((r) => r.poll_id === 'questions').map((r) => [r.option_id, r.label, r.count, r.percent, r.status])).toEqual([
      ['q3', '<b>Where</b>?', '3', '', 'shown'],
      ['q1', 'How long?', '1', '', 'shown'],
      ['q5', 'When do we start?', '1', '', 'shown'],
      ['q4', "'+SPAM()", '0', '', 'hidden'],
      ['q2', 'Who pays?', '3', '', 'shown'],
    ]);
  });

  it('fill the workbook with the same rows, numbers as numbers and entry text as text', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await workbookXlsx(data)) as unknown as ArrayBuffer);
    const summary = book.getWorksheet('Summary')!;
    expect(summary.getRow(1).values).toEqual([
      undefined,
      'poll_id',
      'round',
      'slide',
      'question',
      'option_id',
      'label',
      'count',
      'percent',
      'respondents',
      'participants_at_close',
      'type',
      'mean',
      'average_position',
      'status',
      'answered_both',
      'changed',
    ]);
    const stepA = summary.getRows(2, summary.rowCount - 1)!.find((r) => r.getCell(1).value === 'steps')!;
    expect(stepA.getCell(13).value).toBe(1.33);
    expect(stepA.getCell(11).value).toBe('rank');
    const moodRow = summary.getRows(2, summary.rowCount - 1)!.find((r) => r.getCell(1).value === 'mood')!;
    expect(moodRow.getCell(12).value).toBe(4.5);
    const q3 = summary.getRows(2, summary.rowCount - 1)!.find((r) => r.getCell(5).value === 'q3')!;
    expect([q3.getCell(6).value, q3.getCell(7).value, q3.getCell(14).value]).toEqual(['<b>Where</b>?', 3, 'shown']);

    const responses = book.getWorksheet('Responses')!;
    expect(responses.rowCount).toBe(1 + 18);
    const held = responses.getRows(2, responses.rowCount - 1)!.find((r) => r.getCell(13).value === 'held')!;
    expect(held.getCell(12).value).toBe('=HYPERLINK("x")');
    expect(held.getCell(12).type).toBe(ExcelJS.ValueType.String); // text, never a formula
    expect(held.getCell(10).value).toEqual(new Date(at(9)));
    expect(held.getCell(5).value).toBe(1); // the round, a number
    const who = responses.getRows(2, responses.rowCount - 1)!.find((r) => r.getCell(12).value === 'Who pays?')!;
    expect(who.getCell(14).value).toBe(3);
  });
});

describe('the report of the new types', () => {
  const html = reportHtml([data]);
  const section = (id: string) => {
    const start = html.indexOf(`<section class="poll" id="poll-${id}"`);
    return html.slice(start, html.indexOf('</section>', start));
  };

  it('names each kind', () => {
    expect(section('first-meeting')).toContain('open text');
    expect(section('steps')).toContain('ranking of 3');
    expect(section('questions')).toContain('Q&amp;A');
  });

  it('draws a word cloud of the shown answers, bigger for more used words', () => {
    const text = section('first-meeting');
    const cloud = text.slice(text.indexOf('<div class="cloud"'), text.indexOf('</div>', text.indexOf('<div class="cloud"')));
    expect(cloud).toContain('data-word="goals" data-count="3"');
    expect(cloud).toContain('data-word="expectations" data-count="1"');
    expect(cloud).not.toContain('secret');
    const size = (word: string) => Number(new RegExp(`data-word="${word}"[^>]*font-size: ([\\d.]+)em`).exec(cloud)![1]);
    expect(size('goals')).toBeGreaterThan(size('expectations'));
    expect(cloud.indexOf('data-word="goals"')).toBeLessThan(cloud.indexOf('data-word="expectations"'));
  });

  it('lists the answers escaped, hidden ones struck through and flagged, held ones flagged', () => {
    const text = section('first-meeting');
    expect(text).toContain('<ol class="answers">');
    expect(text).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>Where');
    expect(text).toMatch(/<s>Secret gossip<\/s> <span class="flag">hidden by the presenter<\/span>/);
    expect(text).toMatch(/=HYPERLINK\(&#34;x&#34;\) <span class="flag">held by the word filter<\/span>/);
    const items = [...text.matchAll(/<li class="entry[^"]*"[^>]*>(.*?)<\/li>/g)].map((m) => m[1]);
    expect(items).toHaveLength(6);
    expect(items[0]).toBe('Goals and expectations');
  });

  it('lists Q&A questions in the model’s order with their votes and answered label', () => {
    const qa = section('questions');
    const order = ['&#60;b&#62;Where&#60;/b&#62;?', 'How long?', 'When do we start?', '+SPAM()', 'Who pays?'].map((t) => qa.indexOf(t));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(qa).toContain('<span class="votes">3 votes</span> &#60;b&#62;Where');
    expect(qa).toContain('<span class="votes">1 vote</span> How long?');
    expect(qa).toMatch(/Who pays\? <span class="flag answered">answered<\/span>/);
    expect(qa).toMatch(/<s>\+SPAM\(\)<\/s> <span class="flag">hidden by the presenter<\/span>/);
    expect(qa.match(/class="flag answered"/g)).toHaveLength(1);
  });

  it('ranks options by average position with bars and first places', () => {
    const rank = section('steps');
    expect(rank).toContain('1.33 average position');
    expect(rank).toContain('ranked first by 2 (66.7%)');
    expect(rank).toContain('ranked first by 0 (0%)');
    const order = ['data-option="a"', 'data-option="b"', 'data-option="c"'].map((t) => rank.indexOf(t));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // (N + 1 − average) / N with N = 3
    expect(rank).toMatch(/<rect width="89%"[^>]*data-option="a"/);
    expect(rank).toMatch(/<rect width="66.7%"[^>]*data-option="b"/);
    expect(rank).toMatch(/<rect width="44.3%"[^>]*data-option="c"/);
  });

  it('counts entries among the answers of the session table', () => {
    expect(html).toContain(`<td>6</td><td>${7 + 11}</td>`);
  });

  it('compares sessions: bars for option polls, one block per session for the others', () => {
    const other: SessionExport = buildExport(
      { ...stored('B2C3D'), entries: [], upvotes: [], votes: [vote('zoe', 'warm', ['y'], 1)] },
      { secret: TEST_SECRET },
    );
    const both = reportHtml([data, other]);
    const start = both.indexOf('id="poll-first-meeting"');
    const text = both.slice(start, both.indexOf('</section>', start));
    expect(text).toContain('data-session="K7QX2"');
    expect(text).toContain('data-session="B2C3D"');
    expect(text.indexOf('data-session="K7QX2"')).toBeLessThan(text.indexOf('data-session="B2C3D"'));
    expect(text).toContain('data-word="goals"');
    expect(text).toContain('No words to show.');
    const warmStart = both.indexOf('id="poll-warm"');
    const warm = both.slice(warmStart, both.indexOf('</section>', warmStart));
    expect(warm.match(/data-option="y"/g)).toHaveLength(2); // one bar per session
    expect(warm).not.toContain('data-session');
  });
});
