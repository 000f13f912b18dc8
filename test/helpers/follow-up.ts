// A follow-up export's steps (server/export/follow-up.ts) as the tests expect them, written once.
import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import type { PollOption } from '../../server/deck/types.js';
import type { ExportFollowUpStep } from '../../server/export/follow-up.js';

/**
 * A step shown on its own: `respondents` of those linked who chose it answered the kept poll,
 * `kept` of them kept it, and `counts` are its options' counts, in the order of `options`.
 */
export function shownStep(
  step: PollOption,
  respondents: number,
  kept: number,
  options: readonly PollOption[],
  counts: readonly number[],
): ExportFollowUpStep {
  return {
    step: step.id,
    label: step.label,
    shown: true,
    respondents,
    kept,
    options: options.map((o, i) => ({ id: o.id, label: o.label, count: counts[i]! })),
  };
}

/** A CSV's lines as read back, each without its trailing empty fields (a follow-up's lines are padded to the header's width). */
export function csvLines(csv: string): string[][] {
  return (parse(csv, { bom: true }) as string[][]).map((line) => {
    const cells = [...line];
    while (cells.at(-1) === '') cells.pop();
    return cells;
  });
}

/** A workbook's sheet, row by row: each row's cell values from the first column on (an empty row is []). */
export function sheetValues(sheet: ExcelJS.Worksheet): ExcelJS.CellValue[][] {
  return sheet.getRows(1, sheet.rowCount)!.map((row) => (row.values as ExcelJS.CellValue[]).slice(1));
}
