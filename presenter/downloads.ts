// Exports are fetched with the bearer key (so the key never appears in a URL) and handed to the
// browser as a download or, for the report, opened in a new tab. Errors carry the server's own
// message, ready for a toast.
import { authHeaders } from './key.js';

export const EXPORTS = [
  { format: 'responses.csv', label: 'Responses (CSV)' },
  { format: 'summary.csv', label: 'Summary (CSV)' },
  { format: 'xlsx', label: 'Workbook (Excel)' },
  { format: 'json', label: 'Data (JSON)' },
  { format: 'html', label: 'Report (HTML)' },
] as const;

export type ExportFormat = (typeof EXPORTS)[number]['format'];

export interface SessionLine {
  code: string;
  deck: string;
  title: string;
  startedAt: string;
  endedAt: string | null;
  live: boolean;
  participants: number;
  answers: number;
  /** The join link phones use (from the server's public URL: PUBLIC_URL or the LAN address). */
  audienceUrl: string;
  /** A follow-up session: the join code of the earlier session. */
  followUpOf?: string;
  /** A self-paced session: when it opens and closes (ISO 8601). */
  selfPaced?: { opens: string; closes: string };
}

/** A fetch with the key that throws the server's error message when the answer is not 2xx. */
async function api(key: string, path: string, init: RequestInit = {}, what = 'That'): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers: authHeaders(key) });
  } catch {
    throw new Error('No answer from the server — check the connection.');
  }
  if (res.ok) return res;
  const body = (await res.json().catch(() => null)) as { error?: { message?: unknown } } | null;
  const message = body?.error?.message;
  throw new Error(typeof message === 'string' ? message : `${what} failed (${res.status}).`);
}

const sessionPath = (code: string): string => `/api/sessions/${encodeURIComponent(code)}`;

/** The file name of a Content-Disposition header (RFC 6266: filename* before filename). */
export function attachmentName(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*utf-8''([^;\s]+)/i.exec(header)?.[1];
  if (extended) {
    try {
      return decodeURIComponent(extended);
    } catch {
      // Malformed: fall back to the plain parameter.
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(header);
  return plain?.[1]?.replace(/\\(.)/g, '$1') ?? plain?.[2] ?? null;
}

/** `linked`: one pseudonym per participant across polls (the server's export/linked.ts); only when asked for. */
async function fetchExport(key: string, codes: string[], format: ExportFormat, linked = false): Promise<{ blob: Blob; name: string }> {
  const [code, ...others] = codes;
  const query = new URLSearchParams({ format });
  if (others.length) query.set('with', others.join(','));
  if (linked) query.set('linked', '1');
  const res = await api(key, `${sessionPath(code ?? '')}/export?${query.toString()}`, {}, 'The export');
  const name = attachmentName(res.headers.get('content-disposition')) ?? `parley-${codes.join('-')}.${format}`;
  return { blob: await res.blob(), name };
}

export async function listSessions(key: string): Promise<SessionLine[]> {
  const res = await api(key, '/api/sessions', {}, 'Loading the sessions');
  return ((await res.json()) as { sessions: SessionLine[] }).sessions;
}

/** Saves one export through a temporary <a download>; resolves with the file's name. */
export async function downloadExport(key: string, codes: string[], format: ExportFormat, linked = false): Promise<string> {
  const { blob, name } = await fetchExport(key, codes, format, linked);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}

/**
 * Opens the HTML report (several codes: the comparison) in a new tab. The tab is opened first,
 * inside the click, so that pop-up blockers allow it, and without a way back to this page. The
 * report carries its own Content-Security-Policy: no script runs in it and nothing is loaded.
 */
export async function openReport(key: string, codes: string[]): Promise<void> {
  const tab = window.open('', '_blank');
  if (tab) {
    tab.opener = null;
    tab.document.title = 'Parley report';
    tab.document.body.textContent = 'Loading the report…';
  }
  try {
    const { blob } = await fetchExport(key, codes, 'html');
    const url = URL.createObjectURL(new Blob([blob], { type: 'text/html;charset=utf-8' }));
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    if (tab && !tab.closed) {
      tab.location.replace(url);
      return;
    }
    const a = document.createElement('a');
    a.href = url;
    a.target = '_blank';
    a.rel = 'noopener';
    a.click();
  } catch (err) {
    tab?.close();
    throw err;
  }
}

export async function endSession(key: string, code: string): Promise<string> {
  const res = await api(key, `${sessionPath(code)}/end`, { method: 'POST' }, 'Ending the session');
  return ((await res.json()) as { endedAt: string }).endedAt;
}

export async function deleteSession(key: string, code: string): Promise<void> {
  await api(key, sessionPath(code), { method: 'DELETE' }, 'Deleting the session');
}
