// CSV for spreadsheets: RFC 4180 quoting (csv-stringify), UTF-8 with a BOM so that Excel reads
// accents correctly, CRLF line ends, and formula-like cells neutralised.
import { stringify } from 'csv-stringify/sync';
import type { SessionExport } from './model.js';
import { followUpRows, responseTable, summaryTable, type Table } from './rows.js';
import type { Cell } from './types.js';

/** The linked export starts with a comment row that says what it is (linked.ts). */
export function responsesCsv(data: SessionExport): string {
  return tableCsv(responseTable(data), data.linked ? [[`# ${data.linked.note}`]] : []);
}

/**
 * A follow-up session's section (rows.ts followUpRows) follows the polls after an empty line, as
 * in the report; its lines are then padded so that every line has as many fields as the longest.
 */
export function summaryCsv(data: SessionExport): string {
  const followUp = followUpRows(data);
  if (!followUp) return tableCsv(summaryTable(data));
  const { columns, rows } = summaryTable(data);
  const steps = followUp.steps ? [followUp.steps.columns, ...followUp.steps.rows] : [];
  const lines: Cell[][] = [columns, ...rows, [], ...followUp.about, ...steps];
  const width = Math.max(...lines.map((line) => line.length));
  return toCsv(lines.map((line) => [...line.map(csvCell), ...Array<null>(width - line.length).fill(null)]));
}

function tableCsv({ columns, rows }: Table, before: string[][] = []): string {
  return toCsv([...before, columns, ...rows.map((row) => row.map(csvCell))]);
}

export function toCsv(rows: (string | number | null)[][]): string {
  return stringify(
    rows.map((row) => row.map((v) => (v === null ? '' : neutraliseFormula(v)))),
    { bom: true, record_delimiter: 'windows' },
  );
}

/**
 * Spreadsheets run a cell that starts with = + - @ (or tab / carriage return) as a formula;
 * a leading apostrophe makes it plain text (OWASP's advice against CSV injection).
 */
export function neutraliseFormula(value: string | number): string | number {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvCell(cell: Cell): string | number | null {
  return cell instanceof Date ? cell.toISOString() : cell;
}
