// Exports of a deck with roles and a paired poll (issue 19, parts 3–5), through real sockets and
// the real store: phones give their role (audience:role) and answer both questions of a paired
// poll in one vote. Every format carries the role (blank under the privacy floor, MIN_GROUP_SIZE)
// and, for the paired poll, one response row per question with `asked`, each question's counts
// and the gap. A participant who only gave a role is no participant.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { SessionExport } from '../../server/export/model.js';
import { caseDecks, ROLES, responseSlide, roleRoom, SHOULD_WOULD } from '../helpers/dr-x.js';
import { phoneNamesOf } from '../helpers/pseudonyms.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer } from '../helpers/server.js';

const ROOT = join(import.meta.dirname, '..', '..');
const auth = { authorization: `Bearer ${PRESENTER_KEY}` };
type Row = Record<string, string>;

const decks = caseDecks(
  'pairs.md',
  'Roles and pairs',
  [
    responseSlide('respond-a', ['talk', 'leave'], { heading: "Dr. X's response A" }),
    responseSlide('respond-b', ['talk', 'wait', 'leave'], { heading: "Dr. X's response B", question: 'And now?', paired: true }),
  ],
  ROLES,
);

/**
 * In order of answer (P01…P12, as numbered() reads the pseudonyms back): five residents (four talk, one leaves), four fellows and one
 * faculty member (all leave), two who prefer not to say (both talk).
 */
const ROOM = roleRoom(2);
/** The paired poll, answered by the five residents as SHOULD_WOULD has it: three would do otherwise. */
const PAIRED = Object.fromEntries(Object.values(SHOULD_WOULD).map((answer, i) => [`r${i + 1}`, answer]));
const ASKED = { should: { talk: 4, wait: 0, leave: 1 }, would: { talk: 1, wait: 2, leave: 2 } };

async function run(server: TestServer): Promise<string> {
  const code = await server.createSession('pairs');
  const console_ = await server.presenter(code);
  // Someone who gives a role before anyone answers, and never answers: no participant, no pseudonym.
  const lurker = await server.participant(code, 'phone-00-lurker');
  ok(await request(lurker, 'audience:role', { role: 'faculty' }));

  ok(await request(console_, 'presenter:goto', { h: 1, v: 0 }));
  ok(await request(console_, 'presenter:poll', { pollId: 'respond-a', action: 'open' }));
  const phones = new Map<string, Awaited<ReturnType<TestServer['participant']>>>();
  for (const [i, [name, role, answer]] of ROOM.entries()) {
    // Ids sorted as the answers are given, so the pseudonyms follow even two answers in one millisecond.
    const phone = await server.participant(code, `phone-${String(i + 1).padStart(2, '0')}-${name}`);
    phones.set(name, phone);
    ok(await request(phone, 'audience:role', { role }));
    ok(await request(phone, 'audience:vote', { pollId: 'respond-a', optionIds: [answer] }));
  }
  ok(await request(console_, 'presenter:poll', { pollId: 'respond-a', action: 'close' }));

  ok(await request(console_, 'presenter:goto', { h: 2, v: 0 }));
  ok(await request(console_, 'presenter:poll', { pollId: 'respond-b', action: 'open' }));
  for (const [name, answer] of Object.entries(PAIRED)) {
    ok(await request(phones.get(name)!, 'audience:vote', { pollId: 'respond-b', optionIds: answer }));
  }
  const closed = ok(await request(console_, 'presenter:poll', { pollId: 'respond-b', action: 'close' }));
  expect(closed.tally).toMatchObject({ asked: ASKED, gap: 3 });
  return code;
}

async function download(server: TestServer, code: string, format: string): Promise<Response> {
  const res = await fetch(`${server.url}/api/sessions/${code}/export?format=${format}`, { headers: auth });
  expect(res.status, format).toBe(200);
  return res;
}

function csvRows(bytes: ArrayBuffer): Row[] {
  return parse(Buffer.from(bytes), { bom: true, columns: true }) as Row[];
}

const RESIDENTS = ['P01', 'P02', 'P03', 'P04', 'P05'];

/**
 * The exports' per-poll pseudonyms read back as the room's order: P01 for phone-01-…, so that a
 * participant's rows can be followed from poll to poll here (the export itself never links them).
 */
function numbered(server: TestServer, code: string): (pseudonym: string) => string {
  const ids = ROOM.map(([name], i) => `phone-${String(i + 1).padStart(2, '0')}-${name}`);
  const names = phoneNamesOf(server.store.secret, code, ['respond-a', 'respond-b'], ids);
  return (pseudonym) => `P${names.get(pseudonym)?.slice(6, 8) ?? '??'}`;
}

describe('exports of a deck with roles and a paired poll', () => {
  it('in the JSON: per-role counts under the floor, the role of each response, each question and the gap', async () => {
    const server = await newParley({ decks });
    const code = await run(server);
    const data = (await (await download(server, code, 'json')).json()) as SessionExport;
    const as = numbered(server, code);
    // Twelve who answered; the one who only gave a role is none of them.
    expect(data.session.participants).toBe(12);
    expect(data.deck.roles).toEqual([
      { id: 'resident', label: 'Resident' },
      { id: 'fellow', label: 'Fellow' },
      { id: 'faculty', label: 'Faculty' },
    ]);
    expect(data.responses.some((r) => (r.pollId as string) === '_role')).toBe(false);

    const a = data.polls.find((p) => p.id === 'respond-a')!;
    expect(a.respondents).toBe(12);
    expect(a.options.map((o) => [o.id, o.count])).toEqual([
      ['talk', 6],
      ['leave', 6],
    ]);
    expect(a.byRole).toEqual({
      floor: 5,
      groups: [
        {
          role: 'resident',
          label: 'Resident',
          shown: true,
          respondents: 5,
          options: [
            { id: 'talk', label: 'Talk to Dr. X', count: 4, percent: 80 },
            { id: 'leave', label: 'Change mentors', count: 1, percent: 20 },
          ],
        },
        { role: 'fellow', label: 'Fellow', shown: false, hidden: 'small' },
        { role: 'faculty', label: 'Faculty', shown: false, hidden: 'small' },
      ],
    });
    // Sorted: two answers in one millisecond come in either order.
    const roles = data.responses
      .filter((r) => r.pollId === 'respond-a')
      .map((r) => [as(r.participant), r.role])
      .sort();
    expect(roles).toEqual([...RESIDENTS.map((p) => [p, 'Resident']), ...['P06', 'P07', 'P08', 'P09', 'P10', 'P11', 'P12'].map((p) => [p, ''])]);

    const b = data.polls.find((p) => p.id === 'respond-b')!;
    expect(b.ask).toEqual([
      { id: 'should', question: 'What should you do?' },
      { id: 'would', question: 'What would you actually do?' },
    ]);
    expect(b).toMatchObject({ respondents: 5, gap: 3 });
    expect(Object.fromEntries(b.options.map((o) => [o.id, o.asked]))).toEqual({
      talk: { should: { count: 4, percent: 80 }, would: { count: 1, percent: 20 } },
      wait: { should: { count: 0, percent: 0 }, would: { count: 2, percent: 40 } },
      leave: { should: { count: 1, percent: 20 }, would: { count: 2, percent: 40 } },
    });
    // The residents are every respondent: shown, with their own gap.
    expect(b.byRole!.groups.map((g) => (g.shown ? [g.role, g.respondents, g.gap] : [g.role, g.hidden]))).toEqual([
      ['resident', 5, 3],
      ['fellow', 'small'],
      ['faculty', 'small'],
    ]);
    const rows = data.responses
      .filter((r) => r.pollId === 'respond-b')
      .map((r) => [as(r.participant), r.role, r.asked, r.optionIds.join(';'), r.labels.join(';')])
      .sort();
    expect(rows).toEqual([
      ['P01', 'Resident', 'should', 'talk', 'Talk to Dr. X'],
      ['P01', 'Resident', 'would', 'wait', 'Wait and see'],
      ['P02', 'Resident', 'should', 'talk', 'Talk to Dr. X'],
      ['P02', 'Resident', 'would', 'talk', 'Talk to Dr. X'],
      ['P03', 'Resident', 'should', 'talk', 'Talk to Dr. X'],
      ['P03', 'Resident', 'would', 'leave', 'Change mentors'],
      ['P04', 'Resident', 'should', 'leave', 'Change mentors'],
      ['P04', 'Resident', 'would', 'leave', 'Change mentors'],
      ['P05', 'Resident', 'should', 'talk', 'Talk to Dr. X'],
      ['P05', 'Resident', 'would', 'wait', 'Wait and see'],
    ]);
  });

  it('in responses.csv, summary.csv and the workbook: role and asked columns, per-role and per-question blocks, "fewer than 5"', async () => {
    const server = await newParley({ decks });
    const code = await run(server);

    const responses = csvRows(await (await download(server, code, 'responses.csv')).arrayBuffer());
    const as = numbered(server, code);
    expect(Object.keys(responses[0]!).slice(6, 10)).toEqual(['participant', 'role', 'asked', 'option_ids']);
    expect(
      responses
        .filter((r) => r.poll_id === 'respond-a')
        .map((r) => `${as(r.participant!)} ${r.role}`)
        .sort(),
    ).toEqual([...RESIDENTS.map((p) => `${p} Resident`), ...['P06', 'P07', 'P08', 'P09', 'P10', 'P11', 'P12'].map((p) => `${p} `)]);
    expect(
      responses
        .filter((r) => r.poll_id === 'respond-b')
        .map((r) => [as(r.participant!), r.role, r.asked, r.option_ids])
        .sort(),
    ).toEqual(
      Object.values(PAIRED).flatMap(([should, would], i) => [
        [RESIDENTS[i], 'Resident', 'should', should],
        [RESIDENTS[i], 'Resident', 'would', would],
      ]),
    );

    const summary = csvRows(await (await download(server, code, 'summary.csv')).arrayBuffer());
    expect(summary.filter((r) => r.poll_id === 'respond-a').map((r) => [r.role, r.option_id, r.label, r.count, r.percent, r.respondents])).toEqual([
      ['', 'talk', 'Talk to Dr. X', '6', '50', '12'],
      ['', 'leave', 'Change mentors', '6', '50', '12'],
      ['Resident', 'talk', 'Talk to Dr. X', '4', '80', '5'],
      ['Resident', 'leave', 'Change mentors', '1', '20', '5'],
      ['Fellow', '', 'fewer than 5', '', '', ''],
      ['Faculty', '', 'fewer than 5', '', '', ''],
    ]);
    expect(summary.filter((r) => r.poll_id === 'respond-b').map((r) => [r.role, r.asked, r.option_id, r.count, r.respondents, r.gap])).toEqual([
      ['', 'should', 'talk', '4', '5', '3'],
      ['', 'should', 'wait', '0', '5', '3'],
      ['', 'should', 'leave', '1', '5', '3'],
      ['', 'would', 'talk', '1', '5', '3'],
      ['', 'would', 'wait', '2', '5', '3'],
      ['', 'would', 'leave', '2', '5', '3'],
      ['Resident', 'should', 'talk', '4', '5', '3'],
      ['Resident', 'should', 'wait', '0', '5', '3'],
      ['Resident', 'should', 'leave', '1', '5', '3'],
      ['Resident', 'would', 'talk', '1', '5', '3'],
      ['Resident', 'would', 'wait', '2', '5', '3'],
      ['Resident', 'would', 'leave', '2', '5', '3'],
      ['Fellow', '', '', '', '', ''],
      ['Faculty', '', '', '', '', ''],
    ]);

    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await (await download(server, code, 'xlsx')).arrayBuffer());
    const sheet = (name: string): unknown[][] =>
      book
        .getWorksheet(name)!
        .getSheetValues()
        .slice(1)
        .map((row) => (row as unknown[]).slice(1));
    const [header, ...rows] = sheet('Responses');
    const at = (name: string) => header!.indexOf(name);
    expect(rows.filter((r) => r[at('poll_id')] === 'respond-a').map((r) => r[at('role')] ?? '')).toEqual([
      ...Array(5).fill('Resident'),
      ...Array(7).fill(''),
    ]);
    expect(rows.filter((r) => r[at('poll_id')] === 'respond-b').map((r) => `${r[at('asked')]} ${r[at('option_ids')]}`)).toEqual(
      Object.values(PAIRED).flatMap(([should, would]) => [`should ${should}`, `would ${would}`]),
    );
    const [sHeader, ...sRows] = sheet('Summary');
    const sAt = (name: string) => sHeader!.indexOf(name);
    expect(
      sRows.filter((r) => r[sAt('poll_id')] === 'respond-a').map((r) => [r[sAt('role')] ?? '', r[sAt('label')], r[sAt('count')] ?? null]),
    ).toEqual([
      ['', 'Talk to Dr. X', 6],
      ['', 'Change mentors', 6],
      ['Resident', 'Talk to Dr. X', 4],
      ['Resident', 'Change mentors', 1],
      ['Fellow', 'fewer than 5', null],
      ['Faculty', 'fewer than 5', null],
    ]);
  });

  it('in the report: the residents per option, the others "fewer than 5", two bars per option and the gap', async () => {
    const server = await newParley({ decks });
    const code = await run(server);
    const html = await (await download(server, code, 'html')).text();
    expect(html).not.toMatch(/<script|https?:\/\//i);
    const a = html.slice(html.indexOf('id="poll-respond-a"'), html.indexOf('id="poll-respond-b"'));
    const cells = [...a.matchAll(/<td data-role="(\w+)" data-option="(\w+)" data-count="(\d+)"/g)].map((m) => `${m[1]} ${m[2]}: ${m[3]}`);
    expect(cells).toEqual(['resident talk: 4', 'resident leave: 1']);
    expect(
      [...a.matchAll(/<tr data-role="(\w+)" data-shown="false" data-hidden="small"><th scope="row">(\w+)<\/th><td[^>]*>([^<]*)</g)].map((m) => [
        m[1],
        m[3],
      ]),
    ).toEqual([
      ['fellow', 'fewer than 5'],
      ['faculty', 'fewer than 5'],
    ]);

    const b = html.slice(html.indexOf('id="poll-respond-b"'));
    const bars = [...b.matchAll(/<rect [^>]*data-option="(\w+)" data-asked="(\w+)" data-count="(\d+)"/g)].map((m) => `${m[1]} ${m[2]}: ${m[3]}`);
    expect(bars).toEqual(['talk should: 4', 'talk would: 1', 'wait should: 0', 'wait would: 2', 'leave should: 1', 'leave would: 2']);
    expect(b).toContain('<strong>3 would do something other than what they think they should</strong>');
    // The session's answers: 12 + 5 votes (a paired vote is one answer, not one per question).
    expect(html).toMatch(/<td>12<\/td><td>17<\/td><\/tr>/);
  });

  it('in the report and the summary: a poll voted on again has its table by role for every round, each under its own floor', async () => {
    const server = await newParley({ decks });
    const code = await run(server);
    const console_ = await server.client();
    ok(await request(console_, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    ok(await request(console_, 'presenter:goto', { h: 1, v: 0 }));
    ok(await request(console_, 'presenter:poll', { pollId: 'respond-a', action: 'again' }));
    // Round 2: the five residents, the faculty member and one who prefers not to say. The residents
    // are 5, but the rest would be 2 — read as the total minus them — so no role is shown.
    const again: [index: number, name: string, answer: string][] = [
      ...['r1', 'r2', 'r3', 'r4', 'r5'].map((n, i): [number, string, string] => [i + 1, n, 'leave']),
      [10, 'a1', 'talk'],
      [11, 'u1', 'leave'],
    ];
    for (const [index, name, answer] of again) {
      const phone = await server.participant(code, `phone-${String(index).padStart(2, '0')}-${name}`);
      ok(await request(phone, 'audience:vote', { pollId: 'respond-a', optionIds: [answer] }));
    }
    const closed = ok(await request(console_, 'presenter:poll', { pollId: 'respond-a', action: 'close' }));
    expect(closed.tally.respondents).toBe(7);
    expect(closed.tally.byRole!.groups.map((g) => g.hidden ?? 'shown')).toEqual(['complement', 'small', 'small']);

    const html = await (await download(server, code, 'html')).text();
    const section = html.slice(html.indexOf('id="poll-respond-a"'), html.indexOf('id="poll-respond-b"'));
    const tables = [...section.matchAll(/<table class="by-role" data-floor="5" data-round="(\d)"><caption>([^<]*)<\/caption>([\s\S]*?)<\/table>/g)];
    expect(tables.map((t) => [t[1], t[2]!.split('.')[0]])).toEqual([
      ['1', 'By role in round 1'],
      ['2', 'By role in round 2'],
    ]);
    /** Each role's row of a table: its counts when shown, else why not. */
    const rowsOf = (table: string): string[][] =>
      [...table.matchAll(/<tr data-role="(\w+)" data-shown="(\w+)"[^>]*>([\s\S]*?)<\/tr>/g)].map(([, role, shown, cells]) =>
        shown === 'true'
          ? [role!, ...[...cells!.matchAll(/data-option="(\w+)" data-count="(\d+)"/g)].map((m) => `${m[1]} ${m[2]}`)]
          : [role!, cells!.match(/<td[^>]*>([^<]*)<\/td>/)![1]!],
      );
    expect(rowsOf(tables[0]![3]!)).toEqual([
      ['resident', 'talk 4', 'leave 1'],
      ['fellow', 'fewer than 5'],
      ['faculty', 'fewer than 5'],
    ]);
    expect(rowsOf(tables[1]![3]!)).toEqual([
      ['resident', 'hidden to protect a group under 5'],
      ['fellow', 'fewer than 5'],
      ['faculty', 'fewer than 5'],
    ]);

    // The summary says the same, round by round.
    const summary = csvRows(await (await download(server, code, 'summary.csv')).arrayBuffer());
    const byRound = (round: string) =>
      summary.filter((r) => r.poll_id === 'respond-a' && r.round === round && r.role).map((r) => [r.role, r.label, r.count]);
    expect(byRound('1')).toEqual([
      ['Resident', 'Talk to Dr. X', '4'],
      ['Resident', 'Change mentors', '1'],
      ['Fellow', 'fewer than 5', ''],
      ['Faculty', 'fewer than 5', ''],
    ]);
    expect(byRound('2')).toEqual([
      ['Resident', 'hidden to protect a group under 5', ''],
      ['Fellow', 'fewer than 5', ''],
      ['Faculty', 'fewer than 5', ''],
    ]);
  });

  it('follow MIN_GROUP_SIZE, and leave out a group the rest would unmask', async () => {
    // A floor of 4: the fellows reach it, but the rest (one faculty, two unsaid) would be a group
    // of 3 read as the total minus the groups shown — so the fellows stay hidden too.
    const server = await newParley({ decks, env: { MIN_GROUP_SIZE: '4' } });
    const code = await run(server);
    const data = (await (await download(server, code, 'json')).json()) as SessionExport;
    const a = data.polls.find((p) => p.id === 'respond-a')!;
    expect(a.byRole!.floor).toBe(4);
    // The fellows are 4, not "fewer than 4": each format says why they are left out instead.
    expect(a.byRole!.groups.map((g) => [g.role, g.shown ? 'shown' : g.hidden])).toEqual([
      ['resident', 'shown'],
      ['fellow', 'complement'],
      ['faculty', 'small'],
    ]);
    expect(data.responses.filter((r) => r.pollId === 'respond-a' && r.role === 'Fellow')).toEqual([]);
    const summary = csvRows(await (await download(server, code, 'summary.csv')).arrayBuffer());
    const hiddenRows = [
      ['Fellow', 'hidden to protect a group under 4'],
      ['Faculty', 'fewer than 4'],
    ];
    expect(summary.filter((r) => r.poll_id === 'respond-a' && r.role && r.role !== 'Resident').map((r) => [r.role, r.label])).toEqual(hiddenRows);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await (await download(server, code, 'xlsx')).arrayBuffer());
    const [header, ...rows] = book
      .getWorksheet('Summary')!
      .getSheetValues()
      .slice(1)
      .map((row) => (row as unknown[]).slice(1));
    const at = (name: string) => header!.indexOf(name);
    expect(
      rows
        .filter((r) => r[at('poll_id')] === 'respond-a' && r[at('role')] && r[at('role')] !== 'Resident')
        .map((r) => [r[at('role')], r[at('label')]]),
    ).toEqual(hiddenRows);
    const html = await (await download(server, code, 'html')).text();
    const report = html.slice(html.indexOf('id="poll-respond-a"'), html.indexOf('id="poll-respond-b"'));
    expect(
      [...report.matchAll(/<tr data-role="(\w+)" data-shown="false" data-hidden="(\w+)"><th scope="row">\w+<\/th><td[^>]*>([^<]*)</g)].map((m) => [
        m[1],
        m[2],
        m[3],
      ]),
    ).toEqual([
      ['fellow', 'complement', 'hidden to protect a group under 4'],
      ['faculty', 'small', 'fewer than 4'],
    ]);

    // npm run export reads the same setting, with no server running.
    await server.close();
    const redis = server.redis ? { REDIS_URL: server.redis.url, REDIS_KEY_PREFIX: server.redis.keyPrefix } : {};
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['server/cli/export.ts', '--session', code, '--format', 'json', '--out', '-'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, DATA_DIR: server.dataDir, MIN_GROUP_SIZE: '4', ...redis },
    });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(0);
    const cli = JSON.parse(stdout) as SessionExport;
    expect(cli.session.participants).toBe(12);
    expect(cli.polls.find((p) => p.id === 'respond-a')!.byRole).toEqual(a.byRole);
  }, 60_000);
});
