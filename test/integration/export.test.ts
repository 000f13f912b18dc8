// Exports of a session, checked against votes cast through real sockets: over HTTP while the
// server runs, and from the command line once it has stopped.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { SessionExport } from '../../server/export/model.js';
import { nextEvent } from '../helpers/events.js';
import { newParley, ok, PRESENTER_KEY, request, tempDataDir, type TestServer } from '../helpers/server.js';

const ROOT = join(import.meta.dirname, '..', '..');
const auth = { authorization: `Bearer ${PRESENTER_KEY}` };
type Row = Record<string, string>;

/** A small workshop: three phones, a changed vote, a multi-choice answer, one poll closed. */
async function runWorkshop(server: TestServer): Promise<string> {
  const code = await server.createSession();
  const presenter = await server.client();
  ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
  const phones = await Promise.all(
    ['phone-a', 'phone-b', 'phone-c'].map(async (id) => {
      const socket = await server.client();
      ok(await request(socket, 'audience:join', { code, participantId: `participant-${id}` }));
      return socket;
    }),
  );
  const [a, b, c] = phones as [typeof presenter, typeof presenter, typeof presenter];
  ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'open' }));
  ok(await request(a, 'audience:vote', { pollId: 'branch-a', optionIds: ['talk'] }));
  ok(await request(b, 'audience:vote', { pollId: 'branch-a', optionIds: ['wait'] }));
  ok(await request(b, 'audience:vote', { pollId: 'branch-a', optionIds: ['escalate'] }));
  ok(await request(b, 'audience:vote', { pollId: 'branch-a', optionIds: ['talk'] }));
  ok(await request(c, 'audience:vote', { pollId: 'branch-a', optionIds: ['wait'] }));
  ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'close' }));
  ok(await request(presenter, 'presenter:poll', { pollId: 'topics', action: 'open' }));
  ok(await request(a, 'audience:vote', { pollId: 'topics', optionIds: ['goals', 'time'] }));
  ok(await request(c, 'audience:vote', { pollId: 'topics', optionIds: ['rules'] }));
  return code;
}

async function download(server: TestServer, code: string, format: string): Promise<Response> {
  return fetch(`${server.url}/api/sessions/${code}/export?format=${format}`, { headers: auth });
}

function csvRows(bytes: Buffer): Row[] {
  return parse(bytes, { bom: true, columns: true }) as Row[];
}

describe('exports over HTTP', () => {
  it('gives one responses row per participant per poll, with a pseudonym per poll, changes and UTC times', async () => {
    const server = await newParley();
    const code = await runWorkshop(server);
    const res = await download(server, code, 'responses.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(
      new RegExp(`attachment; filename="?parley-workshop-${code}-\\d{4}-\\d{2}-\\d{2}\\.responses\\.csv"?$`),
    );
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = csvRows(bytes);

    expect(rows).toHaveLength(3 + 2);
    expect(new Set(rows.map((r) => r.session_code))).toEqual(new Set([code]));
    expect(JSON.stringify(rows)).not.toContain('participant-phone');
    const branch = rows.filter((r) => r.poll_id === 'branch-a');
    expect(branch.map((r) => r.option_ids).sort()).toEqual(['talk', 'talk', 'wait']);
    expect(branch.map((r) => Number(r.changes)).sort()).toEqual([0, 0, 2]);
    for (const r of rows) {
      expect(r.participant).toMatch(/^V[0-9A-Z]{10}$/);
      expect(r.answered_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
      expect(r.deck_title).toBe('Test Workshop');
    }
    expect(branch[0]!.slide).toBe('2.2');
    const multi = rows.find((r) => r.poll_id === 'topics' && r.option_ids!.includes(';'))!;
    expect(multi.option_ids).toBe('goals;time');
    expect(multi.labels).toBe('Goals; Meeting frequency');
    // A participant has another pseudonym in each poll: no pseudonym is under two polls.
    expect(new Set(rows.map((r) => r.participant)).size).toBe(rows.length);
  });

  it('summarises each option with count, percentage, respondents and participants at close', async () => {
    const server = await newParley();
    const code = await runWorkshop(server);
    const rows = csvRows(Buffer.from(await (await download(server, code, 'summary.csv')).arrayBuffer()));
    const branch = rows.filter((r) => r.poll_id === 'branch-a');
    expect(branch.map((r) => [r.option_id, r.count, r.percent])).toEqual([
      ['talk', '2', '66.7'],
      ['wait', '1', '33.3'],
      ['escalate', '0', '0'],
    ]);
    expect(new Set(branch.map((r) => r.respondents))).toEqual(new Set(['3']));
    expect(new Set(branch.map((r) => r.participants_at_close))).toEqual(new Set(['3']));
    const topics = rows.filter((r) => r.poll_id === 'topics');
    expect(topics.map((r) => r.count)).toEqual(['1', '1', '1']);
    expect(topics[0]!.participants_at_close).toBe(''); // still open
  });

  it('gives the JSON export with its version, times and every answer', async () => {
    const server = await newParley();
    const code = await runWorkshop(server);
    const data = (await (await download(server, code, 'json')).json()) as SessionExport;
    expect(data.version).toBe(1);
    expect(data.session).toMatchObject({ code, deck: 'workshop', endedAt: null, participants: 3 });
    expect(data.deck.title).toBe('Test Workshop');
    const branch = data.polls.find((p) => p.id === 'branch-a')!;
    expect(branch).toMatchObject({ status: 'closed', respondents: 3, participantsAtClose: 3, slide: '2.2' });
    expect(Date.parse(branch.closedAt!)).toBeGreaterThanOrEqual(Date.parse(branch.openedAt!));
    expect(data.responses).toHaveLength(5);
  });

  it('gives a workbook with a Summary and a Responses sheet, typed cells and a frozen header', async () => {
    const server = await newParley();
    const code = await runWorkshop(server);
    const res = await download(server, code, 'xlsx');
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual(['Summary', 'Responses']);
    const summary = book.getWorksheet('Summary')!;
    expect(summary.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const header = (summary.getRow(1).values as unknown[]).slice(1);
    const countCol = header.indexOf('count') + 1;
    expect(typeof summary.getRow(2).getCell(countCol).value).toBe('number');
    const responses = book.getWorksheet('Responses')!;
    const rHeader = (responses.getRow(1).values as unknown[]).slice(1);
    expect(responses.getRow(2).getCell(rHeader.indexOf('answered_at') + 1).value).toBeInstanceOf(Date);
    expect(responses.rowCount).toBe(1 + 5);
  });

  it('gives a self-contained HTML report, alone or compared with another session of the deck', async () => {
    const server = await newParley();
    const first = await runWorkshop(server);
    const second = await runWorkshop(server);
    const res = await download(server, first, 'html');
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('Test Workshop');
    expect(html).toContain('How should you respond?');
    expect(html).not.toMatch(/<script|https?:\/\//i);
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(3);

    const compared = await fetch(`${server.url}/api/sessions/${first}/export?format=html&with=${second}`, { headers: auth });
    expect(compared.status).toBe(200);
    const both = await compared.text();
    expect(both).toContain(first);
    expect(both).toContain(second);
    const notComparable = await fetch(`${server.url}/api/sessions/${first}/export?format=json&with=${second}`, { headers: auth });
    expect(notComparable.status).toBe(400);
  });

  it('needs the key (401) and a known code (404) on every export and history endpoint', async () => {
    const server = await newParley();
    const code = await server.createSession();
    const formats = ['responses.csv', 'summary.csv', 'xlsx', 'json', 'html'];
    for (const format of formats) {
      expect((await fetch(`${server.url}/api/sessions/${code}/export?format=${format}`)).status, format).toBe(401);
      expect((await download(server, 'ZZZZZ', format)).status, format).toBe(404);
      expect((await download(server, code, format)).status, format).toBe(200);
    }
    expect((await download(server, code, 'pdf')).status).toBe(400);
    expect((await fetch(`${server.url}/api/sessions/${code}/export?format=html&with=ZZZZZ`, { headers: auth })).status).toBe(404);
    expect((await fetch(`${server.url}/api/sessions`)).status).toBe(401);
    expect((await fetch(`${server.url}/api/sessions/${code}/end`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${server.url}/api/sessions/ZZZZZ/end`, { method: 'POST', headers: auth })).status).toBe(404);
    expect((await fetch(`${server.url}/api/sessions/${code}`, { method: 'DELETE' })).status).toBe(401);
    expect((await fetch(`${server.url}/api/sessions/ZZZZZ`, { method: 'DELETE', headers: auth })).status).toBe(404);
  });
});

describe('session history', () => {
  it('lists sessions, ends one (phones are told, votes stop) and deletes one with everything in it', async () => {
    const server = await newParley();
    const live = await runWorkshop(server);
    const other = await server.createSession();

    const list = async () =>
      (
        (await (await fetch(`${server.url}/api/sessions`, { headers: auth })).json()) as {
          sessions: { code: string; live: boolean; participants: number; answers: number; endedAt: string | null }[];
        }
      ).sessions;
    expect(await list()).toEqual([
      expect.objectContaining({ code: other, live: true, participants: 0, answers: 0 }),
      expect.objectContaining({ code: live, live: true, participants: 3, answers: 5 }),
    ]);

    const phone = await server.client();
    ok(await request(phone, 'audience:join', { code: live, participantId: 'participant-late' }));
    const told = nextEvent(phone, 'audience:state', (s) => s.ended);
    const ended = await fetch(`${server.url}/api/sessions/${live}/end`, { method: 'POST', headers: auth });
    expect(ended.status).toBe(200);
    await told;
    expect(await request(phone, 'audience:vote', { pollId: 'topics', optionIds: ['goals'] })).toMatchObject({
      ok: false,
      error: { code: 'poll_closed' },
    });
    expect((await list()).find((s) => s.code === live)).toMatchObject({ live: false, endedAt: expect.any(String) });
    const afterEnd = (await (await download(server, live, 'json')).json()) as SessionExport;
    expect(afterEnd.session.endedAt).not.toBeNull();
    expect(afterEnd.polls.find((p) => p.id === 'topics')).toMatchObject({ status: 'closed', participantsAtClose: 4 });

    const deleted = await fetch(`${server.url}/api/sessions/${live}`, { method: 'DELETE', headers: auth });
    expect(deleted.status).toBe(204);
    expect((await list()).map((s) => s.code)).toEqual([other]);
    expect((await fetch(`${server.url}/api/sessions/${live}`)).status).toBe(404);
    expect((await download(server, live, 'json')).status).toBe(404);
  });
});

describe('npm run export', () => {
  /** The CLI reads the store the server used: its Redis (integration-redis project), or DATA_DIR. */
  function exportCli(server: TestServer, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const redis = server.redis ? { REDIS_URL: server.redis.url, REDIS_KEY_PREFIX: server.redis.keyPrefix } : {};
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['server/cli/export.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, DATA_DIR: server.dataDir, ...redis },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  }

  it('lists sessions and exports every format while no server is running', async () => {
    const server = await newParley();
    const lastYear = await runWorkshop(server);
    const code = await runWorkshop(server);
    await server.close();

    const listed = await exportCli(server, ['--list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`${code}\\s+workshop\\s+\\S+ \\S+\\s+live\\s+3\\s+5`));

    const out = tempDataDir();
    for (const [format, file] of [
      ['csv', 'r.csv'],
      ['summary', 's.csv'],
      ['xlsx', 'b.xlsx'],
      ['json', 'd.json'],
      ['html', 'r.html'],
    ]) {
      const run = await exportCli(server, ['--session', code, '--format', format!, '--out', join(out, file!)]);
      expect(run.code, `${format}: ${run.stderr}`).toBe(0);
    }
    expect(csvRows(readFileSync(join(out, 'r.csv')))).toHaveLength(5);
    expect(csvRows(readFileSync(join(out, 's.csv'))).find((r) => r.option_id === 'talk')?.count).toBe('2');
    expect((JSON.parse(readFileSync(join(out, 'd.json'), 'utf8')) as SessionExport).responses).toHaveLength(5);
    expect(readFileSync(join(out, 'r.html'), 'utf8')).toContain('How should you respond?');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(out, 'b.xlsx'));
    expect(book.worksheets.map((w) => w.name)).toEqual(['Summary', 'Responses']);

    // --linked: one pseudonym per participant across polls, said in the file's first row.
    const linked = await exportCli(server, ['--session', code, '--format', 'csv', '--linked', '--out', '-']);
    expect(linked.code, linked.stderr).toBe(0);
    const [note, ...lines] = linked.stdout.split('\r\n');
    expect(note).toMatch(/^\ufeff"?# Linked export/);
    const linkedRows = csvRows(Buffer.from(lines.join('\r\n')));
    expect(linkedRows.map((r) => r.participant).sort()).toEqual(['P01', 'P01', 'P02', 'P03', 'P03']);

    const compared = await exportCli(server, ['--session', `${code},${lastYear}`, '--format', 'html', '--out', '-']);
    expect(compared.code, compared.stderr).toBe(0);
    expect(compared.stdout).toMatch(new RegExp(`<html[\\s\\S]*${code}[\\s\\S]*${lastYear}`));
    expect(compared.stdout).toContain('comparison');

    const unknown = await exportCli(server, ['--session', 'ZZZZZ', '--format', 'csv']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No session with code ZZZZZ');
  }, 90_000); // eight child processes, each starting tsx
});
