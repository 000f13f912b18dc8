// The follow-up section of the exports (server/export/follow-up.ts): linked and unlinked
// respondents, and per earlier commitment step how many of those linked kept it — counts only,
// under the small-group floor and its complement rule — and that section in the summary CSV and
// the workbook.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { summaryCsv } from '../../server/export/csv.js';
import { followUpSection, type FollowUpSource, type KeptAnswers } from '../../server/export/follow-up.js';
import { buildExport, type SessionExport } from '../../server/export/model.js';
import { workbookXlsx } from '../../server/export/xlsx.js';
import { deckFrom } from '../helpers/decks.js';
import { csvLines, sheetValues, shownStep } from '../helpers/follow-up.js';
import { TEST_SECRET } from '../helpers/pseudonyms.js';

const STEPS = [
  { id: 'goals', label: 'Set goals' },
  { id: 'plan', label: 'Draft a plan' },
  { id: 'reflect', label: 'Reflect' },
];
const OPTIONS = [
  { id: 'kept', label: 'Yes' },
  { id: 'partly', label: 'Partly' },
  { id: 'not-yet', label: 'Not yet' },
];

/** `n` participants named `prefix1`… */
const people = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

function source(links: [string, string | null][], earlier: Partial<FollowUpSource['earlier']> = {}): FollowUpSource {
  return {
    earlier: { code: 'ABCDE', title: 'Workshop', startedAt: Date.UTC(2026, 10, 2, 9), steps: STEPS, ...earlier },
    links: links.map(([participantId, step]) => ({ participantId, step })),
  };
}

function kept(answers: [string, string][]): KeptAnswers {
  return { pollId: 'step-kept', question: 'Did you?', options: OPTIONS, keptOption: 'kept', answers: new Map(answers) };
}

/** Each of `participants` linked to `step`. */
const linkedTo = (step: string | null, participants: string[]): [string, string | null][] => participants.map((p) => [p, step]);

/** Each of `participants` answering `option` to the kept poll. */
const answering = (option: string, participants: string[]): [string, string][] => participants.map((p) => [p, option]);

/**
 * The room most tests use: five linked to "goals" (3 kept, 2 not yet), six to "plan" (1 kept,
 * 5 partly), none to "reflect", and five strangers who all answered "kept".
 */
function room(): { links: [string, string | null][]; answers: [string, string][]; respondents: Set<string> } {
  const goals = people('g', 5);
  const plan = people('p', 6);
  const strangers = people('s', 5);
  const answers = [
    ...answering('kept', goals.slice(0, 3)),
    ...answering('not-yet', goals.slice(3)),
    ...answering('kept', plan.slice(0, 1)),
    ...answering('partly', plan.slice(1)),
    ...answering('kept', strangers),
  ];
  return { links: [...linkedTo('goals', goals), ...linkedTo('plan', plan)], answers, respondents: new Set(answers.map(([p]) => p)) };
}

describe('followUpSection', () => {
  it('counts, per step, the linked respondents and their answers, and how many were linked and not', () => {
    const { links, answers, respondents } = room();
    const section = followUpSection(source(links), respondents, kept(answers), 5);
    expect(section).toEqual({
      earlier: { code: 'ABCDE', title: 'Workshop', startedAt: '2026-11-02T09:00:00.000Z' },
      floor: 5,
      linked: 11,
      unlinked: 5,
      kept: {
        pollId: 'step-kept',
        question: 'Did you?',
        keptOption: 'kept',
        keptLabel: 'Yes',
        options: OPTIONS,
        respondents: 16,
        steps: [
          shownStep(STEPS[0]!, 5, 3, OPTIONS, [3, 0, 2]),
          shownStep(STEPS[1]!, 6, 1, OPTIONS, [1, 5, 0]),
          { step: 'reflect', label: 'Reflect', shown: false, hidden: 'small' },
        ],
      },
    });
  });

  it('leaves out a step under the floor, and the smallest shown while the rest would be a small group', () => {
    const goals = people('g', 5);
    const plan = people('p', 7);
    const reflect = people('r', 2);
    const links = [...linkedTo('goals', goals), ...linkedTo('plan', plan), ...linkedTo('reflect', reflect)];
    const answers = answering('kept', [...goals, ...plan, ...reflect]);
    const steps = followUpSection(source(links), new Set(answers.map(([p]) => p)), kept(answers), 5).kept!.steps;
    // Reflect (2) is small; goals and plan shown would leave those 2 readable as the rest: goals goes too.
    expect(steps.map((s) => [s.step, s.shown ? s.respondents : s.hidden])).toEqual([
      ['goals', 'complement'],
      ['plan', 7],
      ['reflect', 'small'],
    ]);
  });

  it('counts linked participants who chose no step, and unlinked answers, in no step', () => {
    const goals = people('g', 5);
    const links = [...linkedTo('goals', goals), ...linkedTo(null, ['nostep'])];
    const answers = [...answering('kept', [...goals, 'nostep']), ...answering('partly', people('s', 4))];
    const section = followUpSection(source(links), new Set(answers.map(([p]) => p)), kept(answers), 5);
    expect([section.linked, section.unlinked]).toEqual([6, 4]);
    expect(section.kept!.steps.find((s) => s.step === 'goals')).toMatchObject({ shown: true, respondents: 5, kept: 5 });
  });

  it('names the steps by their ids once the earlier session is gone, and has no kept part without a kept poll', () => {
    const links = linkedTo('goals', people('g', 5));
    const answers = answering(
      'kept',
      links.map(([p]) => p),
    );
    const gone = followUpSection(source(links, { title: null, startedAt: null, steps: [] }), new Set(links.map(([p]) => p)), kept(answers), 5);
    expect(gone.earlier).toEqual({ code: 'ABCDE', title: null, startedAt: null });
    expect(gone.kept!.steps).toEqual([{ step: 'goals', label: 'goals', shown: true, respondents: 5, kept: 5, options: expect.any(Array) }]);
    expect(followUpSection(source(links), new Set(), undefined, 5)).toEqual({
      earlier: expect.any(Object),
      floor: 5,
      linked: 0,
      unlinked: 0,
    });
  });
});

describe('the follow-up section in the spreadsheets', () => {
  const T0 = Date.UTC(2026, 11, 1, 9);
  const DECK = deckFrom(
    `---
title: Check-in
---

## Kept?

\`\`\`poll
id: step-kept
type: single
kept: kept
question: Did you?
options:
  kept: "Yes"
  partly: Partly
  not-yet: Not yet
\`\`\`
`,
    'check-in.md',
  );

  /** The room's follow-up (or, with `followUp` null, the same session as no follow-up); the plan step's label starts like a formula. */
  function exportOf(followUp: FollowUpSource | null): SessionExport {
    const { answers } = room();
    return buildExport(
      {
        session: { code: 'FGHJK', deckId: 'check-in', deck: DECK, createdAt: T0, endedAt: null, slide: { h: 0, v: 0 } },
        polls: [
          { code: 'FGHJK', pollId: 'step-kept', status: 'open', revealed: false, round: 1, openedAt: T0, closedAt: null, participantsAtClose: null },
        ],
        votes: answers.map(([participantId, option], i) => ({
          code: 'FGHJK',
          pollId: 'step-kept',
          round: 1,
          participantId,
          optionIds: [option],
          answeredAt: T0 + i,
          changes: 0,
        })),
        entries: [],
        upvotes: [],
      },
      { secret: TEST_SECRET, minGroupSize: 5, followUp },
    );
  }
  const followUp = () => source(room().links, { steps: [STEPS[0]!, { id: 'plan', label: '=Draft a plan' }, STEPS[2]!] });

  it('the summary CSV: after the polls and an empty line, the follow-up with its exact counts and the floor', () => {
    const csv = summaryCsv(exportOf(followUp()));
    // The polls' rows are those of any session, to the byte.
    const without = summaryCsv(exportOf(null));
    expect(without).not.toContain('Follow-up');
    expect(csv.startsWith(without)).toBe(true);
    const read = csvLines(csv);
    const at = read.findIndex((line) => line[0] === 'Follow-up of ABCDE');
    expect(read[at - 1]).toEqual([]);
    expect(read.slice(at)).toEqual([
      ['Follow-up of ABCDE', 'Workshop', '2026-11-02T09:00:00.000Z'],
      ['linked', '11'],
      ['unlinked', '5'],
      ['floor', '5'],
      ['kept_poll', 'step-kept', 'Did you?'],
      ['kept_option', 'kept', 'Yes'],
      ['step', 'label', 'answered', 'kept', 'Yes', 'Partly', 'Not yet'],
      ['goals', 'Set goals', '5', '3', '3', '0', '2'],
      // Neutralised as every cell of the CSV is.
      ['plan', "'=Draft a plan", '6', '1', '1', '5', '0'],
      ['reflect', 'Reflect', 'fewer than 5'],
    ]);
    // Every line has as many fields as the header.
    const widths = new Set((parse(csv, { bom: true }) as string[][]).map((line) => line.length));
    expect([...widths]).toEqual([read[0]!.length]);
  });

  it('the summary CSV of a follow-up whose deck marks no poll kept says so', () => {
    const { links, respondents } = room();
    const data = { ...exportOf(null), followUp: followUpSection(source(links), respondents, undefined, 5) };
    const read = csvLines(summaryCsv(data));
    expect(read.slice(read.findIndex((line) => line[0] === 'Follow-up of ABCDE'))).toEqual([
      ['Follow-up of ABCDE', 'Workshop', '2026-11-02T09:00:00.000Z'],
      ['linked', '11'],
      ['unlinked', '5'],
      ['floor', '5'],
      ['kept_poll', '', 'The deck has no poll marked kept: no count of kept commitments.'],
    ]);
  });

  it('the workbook: a Follow-up sheet with the same lines, counts as numbers and the date as a date', async () => {
    const load = async (data: SessionExport) => {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load((await workbookXlsx(data)) as unknown as ArrayBuffer);
      return book;
    };
    expect((await load(exportOf(null))).worksheets.map((w) => w.name)).toEqual(['Summary', 'Responses']);
    const book = await load(exportOf(followUp()));
    expect(book.worksheets.map((w) => w.name)).toEqual(['Summary', 'Responses', 'Follow-up']);
    const sheet = book.getWorksheet('Follow-up')!;
    expect(sheetValues(sheet)).toEqual([
      ['Follow-up of ABCDE', 'Workshop', new Date('2026-11-02T09:00:00.000Z')],
      ['linked', 11],
      ['unlinked', 5],
      ['floor', 5],
      ['kept_poll', 'step-kept', 'Did you?'],
      ['kept_option', 'kept', 'Yes'],
      [],
      ['step', 'label', 'answered', 'kept', 'Yes', 'Partly', 'Not yet'],
      ['goals', 'Set goals', 5, 3, 3, 0, 2],
      // Text, never a formula: no prefix needed in the workbook.
      ['plan', '=Draft a plan', 6, 1, 1, 5, 0],
      ['reflect', 'Reflect', 'fewer than 5'],
    ]);
    expect(sheet.getCell('B10').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.getRow(8).font?.bold).toBe(true);
  });
});
