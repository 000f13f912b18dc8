// The spreadsheet formats, read back the way a spreadsheet or a script would.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { responsesCsv, summaryCsv } from '../../server/export/csv.js';
import { buildExport } from '../../server/export/model.js';
import { workbookXlsx } from '../../server/export/xlsx.js';
import { deckFrom } from '../helpers/decks.js';
import { TEST_SECRET } from '../helpers/pseudonyms.js';

const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);
const DECK = deckFrom(
  `---
title: "Workshop, \\"2026\\""
---

# Start

---

## Tricky

\`\`\`poll
id: tricky
type: multi
question: "=cmd|' /C calc'!A0"
options:
  minus: "-2+3"
  at: "@SUM(1)"
  comma: "Yes, but \\"maybe\\"\\nnot"
  plain: Plain
\`\`\`
`,
  'tricky.md',
);

const data = buildExport(
  {
    session: { code: 'K7QX2', deckId: 'tricky', deck: DECK, createdAt: T0, endedAt: null, slide: { h: 0, v: 0 } },
    polls: [{ code: 'K7QX2', pollId: 'tricky', status: 'open', revealed: false, round: 1, openedAt: T0, closedAt: null, participantsAtClose: null }],
    votes: [
      { code: 'K7QX2', pollId: 'tricky', round: 1, participantId: 'x1', optionIds: ['minus', 'comma'], answeredAt: T0 + 1000, changes: 2 },
      { code: 'K7QX2', pollId: 'tricky', round: 1, participantId: 'x2', optionIds: ['at'], answeredAt: T0 + 2000, changes: 0 },
    ],
    entries: [],
    upvotes: [],
  },
  { secret: TEST_SECRET },
);

const rows = (csv: string) => parse(csv, { bom: true, columns: true }) as Record<string, string>[];

describe('CSV exports', () => {
  it('start with a BOM, end lines with CRLF and quote per RFC 4180', () => {
    const csv = summaryCsv(data);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.split('\r\n')[0]).toBe(
      '\ufeffpoll_id,round,slide,question,option_id,label,count,percent,respondents,participants_at_close,type,mean,average_position,status,answered_both,changed',
    );
    // A line break inside a cell; straight quotes and a comma (the deck's title) quoted and doubled.
    expect(rows(csv).find((r) => r.option_id === 'comma')?.label).toBe('Yes, but “maybe”\nnot');
    expect(responsesCsv(data)).toContain(',"Workshop, ""2026""",');
    expect(rows(responsesCsv(data))[0]!.deck_title).toBe('Workshop, "2026"');
  });

  it('neutralise every cell a spreadsheet would run as a formula, and keep numbers numeric', () => {
    const summary = rows(summaryCsv(data));
    // The poll's text is set typographically (’ “ ”), as on the slides; the formula is neutralised all the same.
    expect(summary[0]!.question).toBe("'=cmd|’ /C calc’!A0");
    expect(summary.map((r) => r.label)).toEqual(["'-2+3", "'@SUM(1)", 'Yes, but “maybe”\nnot', 'Plain']);
    expect(summary.map((r) => r.count)).toEqual(['1', '1', '1', '0']);
    expect(summary.map((r) => r.percent)).toEqual(['50', '50', '50', '0']);

    const responses = rows(responsesCsv(data));
    expect(responses).toEqual([
      {
        session_code: 'K7QX2',
        deck_title: 'Workshop, "2026"',
        slide: '2',
        poll_id: 'tricky',
        round: '1',
        question: "'=cmd|’ /C calc’!A0",
        participant: expect.stringMatching(/^V[0-9A-Z]{10}$/),
        option_ids: 'minus;comma',
        labels: "'-2+3; Yes, but “maybe”\nnot",
        answered_at: '2026-11-25T09:00:01.000Z',
        changes: '2',
        text: '',
        status: '',
        votes: '',
      },
      expect.objectContaining({ option_ids: 'at', labels: "'@SUM(1)", changes: '0' }),
    ]);
    expect(responses[0]!.participant).not.toBe(responses[1]!.participant);
  });

  it('linked, start with a comment row (a Note sheet) that says so, and leave out times, changes and text', async () => {
    const linked = buildExport(
      {
        session: { code: 'K7QX2', deckId: 'tricky', deck: DECK, createdAt: T0, endedAt: null, slide: { h: 0, v: 0 } },
        polls: [],
        votes: [
          { code: 'K7QX2', pollId: 'tricky', round: 1, participantId: 'x1', optionIds: ['at'], answeredAt: T0 + 1000, changes: 2 },
          { code: 'K7QX2', pollId: 'tricky', round: 1, participantId: 'x2', optionIds: ['at'], answeredAt: T0 + 2000, changes: 0 },
          { code: 'K7QX2', pollId: 'tricky', round: 1, participantId: 'x3', optionIds: ['minus'], answeredAt: T0 + 3000, changes: 0 },
        ],
        entries: [],
        upvotes: [],
      },
      { secret: TEST_SECRET, linked: true, minGroupSize: 2 },
    );
    const lines = responsesCsv(linked).split('\r\n');
    expect(lines[0]).toMatch(/^\ufeff"?# Linked export: each pseudonym \(P01, P02 …\) is the same participant in every poll/);
    const linkedRows = rows(lines.slice(1).join('\r\n'));
    // The unlinked export's columns but its time, changes and entry columns.
    const { answered_at, changes, text, status, votes, ...kept } = rows(responsesCsv(data))[1]!;
    expect(Object.keys(linkedRows[0]!)).toEqual(Object.keys(kept));
    expect(linkedRows).toEqual([
      { ...kept, participant: 'P01', option_ids: 'at', labels: "'@SUM(1)" },
      expect.objectContaining({ participant: 'P02', option_ids: 'at' }),
      expect.objectContaining({ participant: 'P03', option_ids: 'fewer than 2', labels: 'fewer than 2' }),
    ]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await workbookXlsx(linked)) as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Note', 'Summary', 'Responses']);
    expect(String(book.getWorksheet('Note')!.getCell('A1').value)).toBe(linked.linked!.note);
    expect(book.getWorksheet('Responses')!.getRow(1).values).not.toContain('answered_at');
  });
});

describe('the XLSX workbook', () => {
  it('has typed cells, a frozen bold header and no formulas', async () => {
    const book = new ExcelJS.Workbook();
    // exceljs types expect an ArrayBuffer-backed Buffer.
    await book.xlsx.load((await workbookXlsx(data)) as unknown as ArrayBuffer);
    const summary = book.getWorksheet('Summary')!;
    expect(summary.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(summary.getRow(1).font?.bold).toBe(true);
    expect(summary.getCell('D2').value).toBe('=cmd|’ /C calc’!A0'); // text, not a formula
    expect(summary.getCell('D2').type).toBe(ExcelJS.ValueType.String);
    expect(summary.getCell('G2').value).toBe(1);
    expect(summary.getCell('B2').value).toBe(1); // the round
    const responses = book.getWorksheet('Responses')!;
    expect(responses.getCell('J2').value).toEqual(new Date(T0 + 1000));
    expect(responses.getCell('K2').value).toBe(2);
  });
});
