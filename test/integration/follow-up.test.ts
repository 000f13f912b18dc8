// Issue 21, part 3: a follow-up session weeks later. A phone that took part in the first session
// sees its own commitment there, its answers are linked to it by the phone's anonymous id (the
// follow-up stores the step, never an id of the first session), a phone that was not there
// answers unlinked, and the report counts kept commitments per step under the small-group floor.
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDecks } from '../../server/deck/load.js';
import type { ExportFollowUp } from '../../server/export/follow-up.js';
import { sessionParticipantId } from '../../server/privacy/pseudonym.js';
import { DATABASE_FILE, SqliteStore } from '../../server/store/sqlite.js';
import { csvLines, sheetValues, shownStep } from '../helpers/follow-up.js';
import { startRedis } from '../helpers/redis.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer, tempDataDir } from '../helpers/server.js';

const decks = loadDecks(join(import.meta.dirname, '..', '..', 'slides'));

/** Six phones committed to meeting regularly, four to setting goals (a group under the floor of 5). */
const REGULAR = ['reg-phone-1', 'reg-phone-2', 'reg-phone-3', 'reg-phone-4', 'reg-phone-5', 'reg-phone-6'];
const GOALS = ['goal-phone-1', 'goal-phone-2', 'goal-phone-3', 'goal-phone-4'];
/** Five phones that were not in the first session. */
const NEWCOMERS = ['new-phone-1', 'new-phone-2', 'new-phone-3', 'new-phone-4', 'new-phone-5'];

const auth = { authorization: `Bearer ${PRESENTER_KEY}`, 'content-type': 'application/json' };

/** The follow-up deck's kept poll's options, and the earlier step counted in the tests. */
const KEPT_OPTIONS = [
  { id: 'kept', label: 'Yes, I did it' },
  { id: 'partly', label: 'Partly, I started' },
  { id: 'not-yet', label: 'Not yet' },
];
const MEET = 'Book meetings at regular intervals';

const exportOf = (server: TestServer, code: string, format: string): Promise<Response> =>
  fetch(`${server.url}/api/sessions/${code}/export?format=${format}`, { headers: auth });

async function workbookOf(server: TestServer, code: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await (await exportOf(server, code, 'xlsx')).arrayBuffer());
  return book;
}

async function createFollowUp(server: TestServer, body: object): Promise<Response> {
  return fetch(`${server.url}/api/sessions`, { method: 'POST', headers: auth, body: JSON.stringify(body) });
}

/** The first session: every phone commits to a step; the first phone of REGULAR writes its step in words. */
async function firstSession(server: TestServer): Promise<string> {
  const code = await server.createSession('mentoring');
  const presenter = await server.presenter(code);
  ok(await request(presenter, 'presenter:poll', { pollId: 'commitment-step', action: 'open' }));
  ok(await request(presenter, 'presenter:poll', { pollId: 'commitment-text', action: 'open' }));
  for (const [phones, step] of [
    [REGULAR, 'meet-regularly'],
    [GOALS, 'goals'],
  ] as const) {
    for (const phone of phones) {
      const socket = await server.participant(code, phone);
      ok(await request(socket, 'audience:vote', { pollId: 'commitment-step', optionIds: [step] }));
      if (phone === REGULAR[0]) ok(await request(socket, 'audience:submit', { pollId: 'commitment-text', text: 'Email Dr. X <three> times' }));
      socket.close();
    }
  }
  const ended = await fetch(`${server.url}/api/sessions/${code}/end`, { method: 'POST', headers: { authorization: auth.authorization } });
  expect(ended.status).toBe(200);
  return code;
}

describe('follow-up session', () => {
  it('Follow-up: a phone from the first session sees its commitment; the follow-up report’s linked counts are exact; a phone that was not there answers unlinked', async () => {
    const server = await newParley({ decks });
    const first = await firstSession(server);

    // An unknown earlier session is refused, saying so.
    const unknown = await createFollowUp(server, { deck: 'mentoring-followup', followUp: 'ZZZZZ' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toBe('No session with code ZZZZZ to follow up.');

    const created = await createFollowUp(server, { deck: 'mentoring-followup', followUp: first.toLowerCase() });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { code: string; followUpOf: string };
    expect(body.followUpOf).toBe(first);
    const code = body.code;
    const list = (await (await fetch(`${server.url}/api/sessions`, { headers: auth })).json()) as {
      sessions: { code: string; followUpOf?: string }[];
    };
    expect(list.sessions.find((s) => s.code === code)?.followUpOf).toBe(first);

    const presenter = await server.presenter(code);
    ok(await request(presenter, 'presenter:poll', { pollId: 'step-kept', action: 'open' }));
    const startedAt = (await server.store.loadSession(first))!.session.createdAt;
    const earlier = { title: 'Mentor-Mentee Relationships', startedAt };

    // A phone from the first session sees its own step and words.
    const writer = await server.client();
    const joined = ok(await request(writer, 'audience:join', { code, participantId: REGULAR[0]! }));
    expect(joined.followUp).toEqual({
      earlier,
      linked: true,
      step: { question: 'One step from Table 3 I will take in the next month', label: 'Book meetings at regular intervals' },
      words: ['Email Dr. X <three> times'],
    });
    // Another sees its step only; joining again gives the same.
    const goal = await server.client();
    const goalJoin = ok(await request(goal, 'audience:join', { code, participantId: GOALS[0]! }));
    expect(goalJoin.followUp).toEqual({ earlier, linked: true, step: { question: expect.any(String), label: 'Set specific goals with my mentor' } });
    expect(ok(await request(goal, 'audience:join', { code, participantId: GOALS[0]! })).followUp).toEqual(goalJoin.followUp);

    // The kept poll: meet-regularly 4 kept, 1 partly, 1 not yet; goals 2 kept, 2 not yet.
    const answers: [string, string][] = [
      ...REGULAR.map((p, i): [string, string] => [p, i < 4 ? 'kept' : i === 4 ? 'partly' : 'not-yet']),
      ...GOALS.map((p, i): [string, string] => [p, i < 2 ? 'kept' : 'not-yet']),
    ];
    for (const [phone, option] of answers) {
      const socket = phone === REGULAR[0] ? writer : phone === GOALS[0] ? goal : await server.participant(code, phone);
      ok(await request(socket, 'audience:vote', { pollId: 'step-kept', optionIds: [option] }));
    }

    // A phone that was not there answers, unlinked.
    for (const phone of NEWCOMERS) {
      const socket = await server.client();
      const result = ok(await request(socket, 'audience:join', { code, participantId: phone }));
      expect(result.followUp).toEqual({ earlier, linked: false });
      expect(ok(await request(socket, 'audience:vote', { pollId: 'step-kept', optionIds: ['kept'] })).optionIds).toEqual(['kept']);
    }

    // Stored: one link per phone of the first session, under its id in the follow-up (no id of the first session).
    const links = await server.store.loadLinks(code);
    const idOf = (phone: string): string => sessionParticipantId(server.store.secret, code, phone);
    expect(new Map(links.map((l) => [l.participantId, l.step]))).toEqual(
      new Map([...REGULAR.map((p) => [idOf(p), 'meet-regularly'] as const), ...GOALS.map((p) => [idOf(p), 'goals'] as const)]),
    );
    const firstIds = new Set([...REGULAR, ...GOALS].map((p) => sessionParticipantId(server.store.secret, first, p)));
    expect(links.some((l) => firstIds.has(l.participantId))).toBe(false);
    expect((await server.store.loadSession(code))!.session.followUpOf).toBe(first);

    // The report: exact linked counts, the small group suppressed.
    const json = (await (await fetch(`${server.url}/api/sessions/${code}/export?format=json`, { headers: auth })).json()) as {
      followUp: ExportFollowUp;
    };
    expect(json.followUp).toMatchObject({
      earlier: { code: first, title: 'Mentor-Mentee Relationships', startedAt: new Date(startedAt).toISOString() },
      floor: 5,
      linked: 10,
      unlinked: 5,
      kept: { pollId: 'step-kept', keptOption: 'kept', keptLabel: 'Yes, I did it', respondents: 15 },
    });
    const steps = new Map(json.followUp.kept!.steps.map((s) => [s.step, s]));
    expect(steps.get('meet-regularly')).toEqual(shownStep({ id: 'meet-regularly', label: MEET }, 6, 4, KEPT_OPTIONS, [4, 1, 1]));
    expect(steps.get('goals')).toEqual({ step: 'goals', label: 'Set specific goals with my mentor', shown: false, hidden: 'small' });
    expect([...steps.values()].filter((s) => s.shown).map((s) => s.step)).toEqual(['meet-regularly']);

    const html = await (await fetch(`${server.url}/api/sessions/${code}/export?format=html`, { headers: auth })).text();
    expect(html).toContain(`data-linked="10" data-unlinked="5"`);
    expect(html).toContain(
      '<tr data-step="meet-regularly" data-shown="true"><th scope="row">Book meetings at regular intervals</th><td>6</td><td data-kept="4">',
    );
    expect(html).toMatch(/<tr data-step="goals" data-shown="false" data-hidden="small">.*fewer than 5<\/td><\/tr>/);
    // Counts only: the earlier commitment's words are nowhere in the follow-up's report.
    expect(html).not.toContain('three');
    expect(JSON.stringify(json)).not.toContain('three');

    // The summary CSV and the workbook: the same counts after the polls, the small group suppressed.
    const hidden = (step: string, label: string) => [step, label, 'fewer than 5'];
    const stepLines = (n: (count: number) => string | number) => [
      ['step', 'label', 'answered', 'kept', ...KEPT_OPTIONS.map((o) => o.label)],
      hidden('goals', 'Set specific goals with my mentor'),
      hidden('ground-rules', 'Agree ground rules and boundaries'),
      hidden('plan', 'Draft a plan with timelines'),
      ['meet-regularly', MEET, ...[6, 4, 4, 1, 1].map(n)],
      hidden('respect', 'Ask for feedback and listen openly'),
      hidden('reflect', 'Reflect on what is and isn’t working'),
      hidden('other', 'Something else: write it below'),
    ];
    const about = (n: (count: number) => string | number) => [
      ['linked', n(10)],
      ['unlinked', n(5)],
      ['floor', n(5)],
      ['kept_poll', 'step-kept', 'Did you take the step you committed to?'],
      ['kept_option', 'kept', 'Yes, I did it'],
    ];
    const csv = csvLines(await (await exportOf(server, code, 'summary.csv')).text());
    const at = csv.findIndex((line) => line[0] === `Follow-up of ${first}`);
    expect(csv[at - 1]).toEqual([]);
    expect(csv.slice(at)).toEqual([
      [`Follow-up of ${first}`, 'Mentor-Mentee Relationships', new Date(startedAt).toISOString()],
      ...about(String),
      ...stepLines(String),
    ]);
    expect(sheetValues((await workbookOf(server, code)).getWorksheet('Follow-up')!)).toEqual([
      [`Follow-up of ${first}`, 'Mentor-Mentee Relationships', new Date(startedAt)],
      ...about(Number),
      [],
      ...stepLines(Number),
    ]);
  });

  it('a session that is no follow-up tells phones nothing of one', async () => {
    const server = await newParley({ decks });
    const code = await server.createSession('mentoring-followup');
    const phone = await server.client();
    expect(ok(await request(phone, 'audience:join', { code, participantId: REGULAR[0]! })).followUp).toBeUndefined();
    expect(await server.store.loadLinks(code)).toEqual([]);
    const json = (await (await fetch(`${server.url}/api/sessions/${code}/export?format=json`, { headers: auth })).json()) as object;
    expect(json).not.toHaveProperty('followUp');
    expect(await (await exportOf(server, code, 'summary.csv')).text()).not.toContain('Follow-up');
    expect((await workbookOf(server, code)).worksheets.map((w) => w.name)).toEqual(['Summary', 'Responses']);
  });

  it('is archived from Redis into SQLite with its earlier code and its links (npm run archive)', async () => {
    // Its own redis-server, whichever store the other tests run on.
    const redis = await startRedis();
    try {
      const server = await newParley({ decks, env: { REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'follow-up-archive:' } });
      const first = await firstSession(server);
      const created = (await (await createFollowUp(server, { deck: 'mentoring-followup', followUp: first })).json()) as { code: string };
      const code = created.code;
      for (const phone of [REGULAR[0]!, GOALS[0]!, NEWCOMERS[0]!])
        ok(await request(await server.client(), 'audience:join', { code, participantId: phone }));
      const links = await server.store.loadLinks(code);
      expect(links).toHaveLength(2);

      const dir = join(tempDataDir(), 'archive');
      const child = spawn(
        join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsx'),
        ['server/cli/archive.ts', '--session', `${first},${code}`, '--to', dir],
        {
          cwd: join(import.meta.dirname, '..', '..'),
          env: { PATH: process.env.PATH, REDIS_URL: server.redis!.url, REDIS_KEY_PREFIX: server.redis!.keyPrefix },
        },
      );
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      expect(await new Promise((resolve) => child.on('exit', resolve)), stderr).toBe(0);
      const archived = new SqliteStore(dir);
      try {
        expect((await archived.loadSession(code))!.session.followUpOf).toBe(first);
        expect(await archived.loadLinks(code)).toEqual(links);
      } finally {
        await archived.close();
      }
    } finally {
      await redis.stop();
    }
  }, 60_000);

  it('a SQLite file from before follow-ups gets the column and the table on opening, and its sessions are none', async () => {
    const dataDir = tempDataDir();
    const store = new SqliteStore(dataDir);
    const deck = decks.get('mentoring')!;
    await store.createSession({ code: 'ABCDE', deckId: deck.id, deck, createdAt: 1, endedAt: null, slide: { h: 0, v: 0 } });
    await store.close();
    const db = new Database(join(dataDir, DATABASE_FILE));
    db.exec('DROP TABLE follow_up_links; ALTER TABLE sessions DROP COLUMN follow_up_of;');
    db.close();

    const reopened = new SqliteStore(dataDir);
    try {
      expect((await reopened.loadSession('ABCDE'))!.session.followUpOf).toBeUndefined();
      await reopened.createSession({ code: 'FGHJK', deckId: deck.id, deck, createdAt: 2, endedAt: null, slide: { h: 0, v: 0 }, followUpOf: 'ABCDE' });
      await reopened.saveLink({ code: 'FGHJK', participantId: 'participant-one', step: 'goals', linkedAt: 3 });
      expect((await reopened.loadSession('FGHJK'))!.session.followUpOf).toBe('ABCDE');
      expect(await reopened.loadLinks('FGHJK')).toEqual([{ code: 'FGHJK', participantId: 'participant-one', step: 'goals', linkedAt: 3 }]);
      // Deleting the follow-up takes its links with it.
      await reopened.deleteSession('FGHJK');
      expect(await reopened.loadLinks('FGHJK')).toEqual([]);
    } finally {
      await reopened.close();
    }
  });
});
