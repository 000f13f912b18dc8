// The export formats by name, shared by the HTTP API and the command line: what to call the
// file, its media type, and how to render it from one or more sessions' exports.
import { responsesCsv, summaryCsv } from './csv.js';
import type { SessionExport } from './model.js';
import { reportHtml } from './report.js';
import { workbookXlsx } from './xlsx.js';

export interface ExportFormat {
  extension: string;
  contentType: string;
  /** Whether it can put several sessions side by side (the cohort comparison). */
  compares: boolean;
  render(sessions: SessionExport[]): Promise<string | Buffer>;
}

const only = (sessions: SessionExport[]): SessionExport => sessions[0]!;

export const EXPORT_FORMATS = {
  'responses.csv': {
    extension: 'responses.csv',
    contentType: 'text/csv; charset=utf-8',
    compares: false,
    render: async (s) => responsesCsv(only(s)),
  },
  'summary.csv': {
    extension: 'summary.csv',
    contentType: 'text/csv; charset=utf-8',
    compares: false,
    render: async (s) => summaryCsv(only(s)),
  },
  xlsx: {
    extension: 'xlsx',
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    compares: false,
    render: (s) => workbookXlsx(only(s)),
  },
  json: {
    extension: 'json',
    contentType: 'application/json; charset=utf-8',
    compares: false,
    render: async (s) => `${JSON.stringify(only(s), null, 2)}\n`,
  },
  html: {
    extension: 'report.html',
    contentType: 'text/html; charset=utf-8',
    compares: true,
    render: async (s) => reportHtml(s),
  },
} satisfies Record<string, ExportFormat>;

export type ExportFormatName = keyof typeof EXPORT_FORMATS;

export function isExportFormat(name: string): name is ExportFormatName {
  return Object.hasOwn(EXPORT_FORMATS, name);
}

/**
 * e.g. "parley-mentoring-K7QX2-2026-11-25.summary.csv": deck, code(s) and the session's date;
 * "….linked.responses.csv" for the linked export, so that the file says what it holds.
 */
export function exportFileName(sessions: SessionExport[], format: ExportFormatName): string {
  const first = only(sessions);
  const codes = sessions.map((s) => s.session.code).join('-');
  const date = first.session.startedAt.slice(0, 10);
  return `parley-${first.session.deck}-${codes}-${date}.${first.linked ? 'linked.' : ''}${EXPORT_FORMATS[format].extension}`;
}
