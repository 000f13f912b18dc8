// The Excel workbook: a Summary and a Responses sheet (and the linked export's Note, a follow-up's
// Follow-up) with typed cells (numbers, dates), a bold frozen header and filters. Built with exceljs, never by hand.
import ExcelJS from 'exceljs';
import type { SessionExport } from './model.js';
import { type FollowUpRows, followUpRows, responseTable, summaryTable, type Table } from './rows.js';
import type { Cell } from './types.js';

export async function workbookXlsx(data: SessionExport): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Parley';
  book.created = new Date(data.session.startedAt);
  // The linked export says what it is on a first sheet of its own (linked.ts).
  if (data.linked) book.addWorksheet('Note').addRow([data.linked.note]);
  addSheet(book, 'Summary', summaryTable(data));
  addSheet(book, 'Responses', responseTable(data));
  const followUp = followUpRows(data);
  if (followUp) addFollowUpSheet(book, followUp);
  return Buffer.from(await book.xlsx.writeBuffer());
}

function addSheet(book: ExcelJS.Workbook, name: string, { columns, rows }: Table): void {
  const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((header) => ({ header, key: header, width: columnWidth(header, rows, columns.indexOf(header)) }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  const dateColumn = columns.indexOf('answered_at');
  if (dateColumn >= 0) sheet.getColumn(dateColumn + 1).numFmt = 'yyyy-mm-dd hh:mm:ss';
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
}

/** A follow-up session's sheet: the lines about it (the first bold), an empty row, then the steps' table with a bold header. */
function addFollowUpSheet(book: ExcelJS.Workbook, { about, steps }: FollowUpRows): void {
  const sheet = book.addWorksheet('Follow-up');
  for (const line of about) sheet.addRow(line);
  sheet.getRow(1).font = { bold: true };
  sheet.getCell(1, 3).numFmt = 'yyyy-mm-dd hh:mm:ss';
  const lines = [...about];
  if (steps) {
    sheet.addRow([]);
    sheet.addRow(steps.columns).font = { bold: true };
    for (const row of steps.rows) sheet.addRow(row);
    lines.push(steps.columns, ...steps.rows);
  }
  const width = Math.max(...lines.map((line) => line.length));
  for (let i = 0; i < width; i++) sheet.getColumn(i + 1).width = columnWidth('', lines, i);
}

function columnWidth(header: string, rows: Cell[][], index: number): number {
  const longest = Math.max(header.length, ...rows.map((r) => (r[index] instanceof Date ? 19 : String(r[index] ?? '').length)));
  return Math.min(60, longest + 2);
}
