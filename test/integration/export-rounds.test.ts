// Exports of a poll voted on again (issue 19, part 5), through real sockets and the real store:
// round 1, a round 2 started by mistake and reset (erased: stored, never exported), then round 2
// again; and an open-text poll voted on again. Every format keeps both shown rounds: the JSON's
// per-round results, movement and response rounds, the spreadsheets' round column and per-round
// summary blocks, the report's rounds side by side — over HTTP and from the command line.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { SessionExport } from '../../server/export/model.js';
import { caseDecks, responseSlide, wordsSlide } from '../helpers/dr-x.js';
import { phoneNamesOf } from '../helpers/pseudonyms.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer, type TestSocket } from '../helpers/server.js';

const ROOT = join(import.meta.dirname, '..', '..');
const auth = { authorization: `Bearer ${PRESENTER_KEY}` };
type Row = Record<string, string>;

const decks = caseDecks('rounds.md', 'Rounds', [
  responseSlide('respond-a', ['talk', 'wait', 'leave'], { heading: "Dr. X's response A" }),
  wordsSlide(3),
]);
const POLL = 'respond-a';

/**
 * Round 1 and round 2 by participant (P01 ana … P06 fay, P07 gus, as numbered() reads the
 * pseudonyms back): of the
 * five who answered both, three changed — ben talk → wait, dan and eve wait → talk; fay left, gus came.
 */
const ROUND_1 = { ana: 'talk', ben: 'talk', cal: 'talk', dan: 'wait', eve: 'wait', fay: 'leave' };
const ROUND_2 = { ana: 'talk', ben: 'wait', cal: 'talk', dan: 'talk', eve: 'talk', gus: 'leave' };
/** The round reset by mistake: its answers (hal's only one) are erased. */
const ERASED = { ana: 'leave', ben: 'leave', hal: 'leave' };

const FLOWS = {
  talk: { talk: 2, wait: 1, leave: 0 },
  wait: { talk: 2, wait: 0, leave: 0 },
  leave: { talk: 0, wait: 0, leave: 0 },
};

const NAMES = ['ana', 'ben', 'cal', 'dan', 'eve', 'fay', 'gus', 'hal'];
const phoneId = (name: string): string => `phone-${name}-0001`;

/**
 * The exports' per-poll pseudonyms (votes and entries) read back as P01 (ana) … P08 (hal), so that
 * the rounds can be compared person by person here.
 */
function numbered(secret: Buffer, code: string): (pseudonym: string) => string {
  const ids = phoneNamesOf(secret, code, [POLL, 'words'], NAMES.map(phoneId));
  return (pseudonym) => {
    const id = ids.get(pseudonym);
    return id ? `P${String(NAMES.findIndex((name) => phoneId(name) === id) + 1).padStart(2, '0')}` : pseudonym;
  };
}

async function vote(phones: Map<string, TestSocket>, answers: Record<string, string>): Promise<void> {
  for (const [name, option] of Object.entries(answers)) {
    ok(await request(phones.get(name)!, 'audience:vote', { pollId: POLL, optionIds: [option] }));
  }
}

/** The session: both polls voted on in two shown rounds, the choice poll with an erased round between. */
async function runRounds(server: TestServer): Promise<string> {
  const code = await server.createSession('rounds');
  const presenter = await server.client();
  ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
  const phones = new Map(await Promise.all(NAMES.map(async (name) => [name, await server.participant(code, phoneId(name))] as const)));
  const poll = (pollId: string, action: 'open' | 'close' | 'again' | 'reset') => request(presenter, 'presenter:poll', { pollId, action });

  ok(await request(presenter, 'presenter:goto', { h: 1, v: 0 }));
  ok(await poll(POLL, 'open'));
  await vote(phones, ROUND_1);
  ok(await poll(POLL, 'again'));
  await vote(phones, ERASED);
  expect(ok(await poll(POLL, 'reset'))).toMatchObject({ round: 3, rounds: 2 });
  // ben hesitates in round 2: one change within the round.
  ok(await request(phones.get('ben')!, 'audience:vote', { pollId: POLL, optionIds: ['leave'] }));
  await vote(phones, ROUND_2);
  expect(ok(await poll(POLL, 'close')).tally.earlier).toMatchObject({ answeredBoth: 5, changed: 3, flows: FLOWS });

  ok(await request(presenter, 'presenter:goto', { h: 2, v: 0 }));
  ok(await poll('words', 'open'));
  ok(await request(phones.get('ana')!, 'audience:submit', { pollId: 'words', text: 'trust' }));
  ok(await poll('words', 'again'));
  ok(await request(phones.get('ana')!, 'audience:submit', { pollId: 'words', text: 'patience' }));
  ok(await request(phones.get('gus')!, 'audience:submit', { pollId: 'words', text: 'listening' }));
  ok(await poll('words', 'close'));
  return code;
}

async function download(server: TestServer, code: string, format: string): Promise<Response> {
  const res = await fetch(`${server.url}/api/sessions/${code}/export?format=${format}`, { headers: auth });
  expect(res.status, format).toBe(200);
  return res;
}

function csvRows(text: string | Buffer): Row[] {
  return parse(text, { bom: true, columns: true }) as Row[];
}

/** The figures every format must show: the JSON's, which the others are views of. */
function expectRounds(data: SessionExport, as: (pseudonym: string) => string): void {
  // hal answered only in the erased round: not a participant.
  expect(data.session.participants).toBe(7);
  const respond = data.polls.find((p) => p.id === POLL)!;
  // Stored round 3 (round 2 was reset), shown as round 2 of 2; the poll's own counts are the last round's.
  expect(respond).toMatchObject({ round: 3, rounds: 2, respondents: 6 });
  expect(respond.options.map((o) => [o.id, o.count, o.percent])).toEqual([
    ['talk', 4, 66.7],
    ['wait', 1, 16.7],
    ['leave', 1, 16.7],
  ]);
  expect(respond.roundResults!.map((r) => ({ ...r, options: r.options.map((o) => [o.id, o.count, o.percent]) }))).toEqual([
    {
      round: 1,
      respondents: 6,
      options: [
        ['talk', 3, 50],
        ['wait', 2, 33.3],
        ['leave', 1, 16.7],
      ],
    },
    {
      round: 2,
      respondents: 6,
      options: [
        ['talk', 4, 66.7],
        ['wait', 1, 16.7],
        ['leave', 1, 16.7],
      ],
      answeredBoth: 5,
      changed: 3,
      flows: FLOWS,
    },
  ]);
  const responses = data.responses.filter((r) => r.pollId === POLL).map((r) => [r.round, as(r.participant), r.optionIds.join(';'), r.changes]);
  // Sorted: two answers in one millisecond come in either order.
  responses.sort();
  expect(responses).toEqual([
    [1, 'P01', 'talk', 0],
    [1, 'P02', 'talk', 0],
    [1, 'P03', 'talk', 0],
    [1, 'P04', 'wait', 0],
    [1, 'P05', 'wait', 0],
    [1, 'P06', 'leave', 0],
    [2, 'P01', 'talk', 0],
    [2, 'P02', 'wait', 1],
    [2, 'P03', 'talk', 0],
    [2, 'P04', 'talk', 0],
    [2, 'P05', 'talk', 0],
    [2, 'P07', 'leave', 0],
  ]);

  const words = data.polls.find((p) => p.id === 'words')!;
  expect(words).toMatchObject({ round: 2, rounds: 2, respondents: 2 });
  expect(words.entries!.map((e) => [e.round, as(e.participant), e.text])).toEqual([
    [1, 'P01', 'trust'],
    [2, 'P01', 'patience'],
    [2, 'P07', 'listening'],
  ]);
  expect(words.roundResults!.map((r) => [r.round, r.respondents, r.entries, r.words!.map(([w]) => w).sort()])).toEqual([
    [1, 1, 1, ['trust']],
    [2, 2, 2, ['listening', 'patience']],
  ]);
  expect(words.roundResults![1]).not.toHaveProperty('changed');
}

describe('exports of a poll voted on again', () => {
  it('keep every shown round in the JSON, and none of the erased one', async () => {
    const server = await newParley({ decks });
    const code = await runRounds(server);
    const data = (await (await download(server, code, 'json')).json()) as SessionExport;
    expect(data.version).toBe(1);
    expectRounds(data, numbered(server.store.secret, code));
  });

  it('give responses.csv and the Responses sheet a round column, and the summary a block per round with who changed', async () => {
    const server = await newParley({ decks });
    const code = await runRounds(server);

    const responses = csvRows(Buffer.from(await (await download(server, code, 'responses.csv')).arrayBuffer()));
    expect(Object.keys(responses[0]!).slice(3, 6)).toEqual(['poll_id', 'round', 'question']);
    const as = numbered(server.store.secret, code);
    const rows = responses.map((r) => [r.poll_id, r.round, as(r.participant!), r.option_ids || r.text, r.changes]);
    // The choice poll's rows sorted: two answers in one millisecond come in either order.
    expect([...rows.filter((r) => r[0] === POLL).sort(), ...rows.filter((r) => r[0] !== POLL)]).toEqual([
      [POLL, '1', 'P01', 'talk', '0'],
      [POLL, '1', 'P02', 'talk', '0'],
      [POLL, '1', 'P03', 'talk', '0'],
      [POLL, '1', 'P04', 'wait', '0'],
      [POLL, '1', 'P05', 'wait', '0'],
      [POLL, '1', 'P06', 'leave', '0'],
      [POLL, '2', 'P01', 'talk', '0'],
      [POLL, '2', 'P02', 'wait', '1'],
      [POLL, '2', 'P03', 'talk', '0'],
      [POLL, '2', 'P04', 'talk', '0'],
      [POLL, '2', 'P05', 'talk', '0'],
      [POLL, '2', 'P07', 'leave', '0'],
      ['words', '1', 'P01', 'trust', '0'],
      ['words', '2', 'P01', 'patience', '0'],
      ['words', '2', 'P07', 'listening', '0'],
    ]);
    expect(responses.map((r) => as(r.participant!))).not.toContain('P08');

    const summary = csvRows(Buffer.from(await (await download(server, code, 'summary.csv')).arrayBuffer()));
    expect(Object.keys(summary[0]!).slice(0, 2)).toEqual(['poll_id', 'round']);
    expect(Object.keys(summary[0]!).slice(-2)).toEqual(['answered_both', 'changed']);
    expect(
      summary.filter((r) => r.poll_id === POLL).map((r) => [r.round, r.option_id, r.count, r.percent, r.respondents, r.answered_both, r.changed]),
    ).toEqual([
      ['1', 'talk', '3', '50', '6', '', ''],
      ['1', 'wait', '2', '33.3', '6', '', ''],
      ['1', 'leave', '1', '16.7', '6', '', ''],
      ['2', 'talk', '4', '66.7', '6', '5', '3'],
      ['2', 'wait', '1', '16.7', '6', '5', '3'],
      ['2', 'leave', '1', '16.7', '6', '5', '3'],
    ]);
    const words = summary.filter((r) => r.poll_id === 'words').map((r) => [r.round, r.label, r.count, r.respondents]);
    expect(words.sort()).toEqual([
      ['1', 'trust', '1', '1'],
      ['2', 'listening', '1', '2'],
      ['2', 'patience', '1', '2'],
    ]);

    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await (await download(server, code, 'xlsx')).arrayBuffer());
    const sheet = (name: string): unknown[][] =>
      book
        .getWorksheet(name)!
        .getSheetValues()
        .slice(1)
        .map((row) => (row as unknown[]).slice(1));
    const [rHeader, ...rRows] = sheet('Responses');
    const col = (header: unknown[], name: string) => header.indexOf(name);
    expect(col(rHeader!, 'round')).toBe(col(rHeader!, 'poll_id') + 1);
    expect(rRows.filter((r) => r[col(rHeader!, 'poll_id')] === POLL).map((r) => [r[col(rHeader!, 'round')], r[col(rHeader!, 'option_ids')]])).toEqual(
      [...Object.values(ROUND_1), ...Object.values(ROUND_2)].map((option, i) => [i < 6 ? 1 : 2, option]),
    );
    const [sHeader, ...sRows] = sheet('Summary');
    expect(
      sRows
        .filter((r) => r[col(sHeader!, 'poll_id')] === POLL)
        .map((r) => ['round', 'option_id', 'count', 'answered_both', 'changed'].map((name) => r[col(sHeader!, name)] ?? null)),
    ).toEqual([
      [1, 'talk', 3, null, null],
      [1, 'wait', 2, null, null],
      [1, 'leave', 1, null, null],
      [2, 'talk', 4, 5, 3],
      [2, 'wait', 1, 5, 3],
      [2, 'leave', 1, 5, 3],
    ]);
  });

  it('shows both rounds side by side in the report, with who changed and who went where', async () => {
    const server = await newParley({ decks });
    const code = await runRounds(server);
    const html = await (await download(server, code, 'html')).text();
    expect(html).not.toMatch(/<script|https?:\/\//i);
    const bars = [...html.matchAll(/data-option="(\w+)" data-round="(\d)" data-count="(\d+)"/g)].map((m) => `${m[1]} ${m[2]}: ${m[3]}`);
    expect(bars).toEqual(['talk 1: 3', 'talk 2: 4', 'wait 1: 2', 'wait 2: 1', 'leave 1: 1', 'leave 2: 1']);
    expect(html).toContain('<strong>3 of 5 changed their answer</strong> from round 1 to round 2');
    const flows = [...html.matchAll(/data-from="(\w+)" data-to="(\w+)">(\d+)</g)].map((m) => [m[1], m[2], Number(m[3])]);
    expect(flows).toEqual(Object.entries(FLOWS).flatMap(([from, row]) => Object.entries(row).map(([to, n]) => [from, to, n])));
    expect(html).toContain('6 of');
    expect(html).toContain('answered in round 2');
    // The text poll: a block per round, each with its own answers.
    const blocks = [...html.matchAll(/<div class="round-block" data-round="(\d)">([\s\S]*?)<\/div>\n(?=<div class="round-block"|<\/section>)/g)];
    expect(blocks.map((b) => [b[1], /trust/.test(b[2]!), /patience/.test(b[2]!), /listening/.test(b[2]!)])).toEqual([
      ['1', true, false, false],
      ['2', false, true, true],
    ]);
  });
});

describe('npm run export of a poll voted on again', () => {
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

  it('exports every shown round with no server running', async () => {
    const server = await newParley({ decks });
    const code = await runRounds(server);
    await server.close();

    const json = await exportCli(server, ['--session', code, '--format', 'json', '--out', '-']);
    expect(json.code, json.stderr).toBe(0);
    expectRounds(JSON.parse(json.stdout) as SessionExport, numbered(server.store.secret, code));
    const csv = await exportCli(server, ['--session', code, '--format', 'csv', '--out', '-']);
    expect(csv.code, csv.stderr).toBe(0);
    expect(
      csvRows(csv.stdout)
        .filter((r) => r.poll_id === POLL)
        .map((r) => r.round),
    ).toEqual([...'111111222222']);
  }, 60_000);
});
