// The export CLI on the Redis store, and `npm run archive`, which copies sessions from Redis into
// a SQLite file: the export of an archived session equals its export from Redis.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionExport } from '../../server/export/model.js';
import { openDecks, testDecks } from '../helpers/decks.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import { newParley, ok, PRESENTER_KEY, request, tempDataDir, type TestServer } from '../helpers/server.js';

const ROOT = join(import.meta.dirname, '..', '..');
type Row = Record<string, string>;
interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(script: 'export' | 'archive', env: Record<string, string>, args: string[]): Promise<Run> {
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [`server/cli/${script}.ts`, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

/** Three phones on the workshop deck: a changed vote, a multi-choice answer, one poll closed. */
async function runWorkshop(server: TestServer): Promise<string> {
  const code = await server.createSession('workshop');
  const presenter = await server.client();
  ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
  const [a, b, c] = (await Promise.all(['a', 'b', 'c'].map((id) => server.participant(code, `participant-${id}`)))) as [
    typeof presenter,
    typeof presenter,
    typeof presenter,
  ];
  ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'open' }));
  ok(await request(a, 'audience:vote', { pollId: 'branch-a', optionIds: ['talk'] }));
  ok(await request(b, 'audience:vote', { pollId: 'branch-a', optionIds: ['wait'] }));
  ok(await request(b, 'audience:vote', { pollId: 'branch-a', optionIds: ['talk'] }));
  ok(await request(c, 'audience:vote', { pollId: 'branch-a', optionIds: ['wait'] }));
  ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'close' }));
  ok(await request(presenter, 'presenter:poll', { pollId: 'topics', action: 'open' }));
  ok(await request(a, 'audience:vote', { pollId: 'topics', optionIds: ['goals', 'time'] }));
  ok(await request(c, 'audience:vote', { pollId: 'topics', optionIds: ['rules'] }));
  return code;
}

/** Text answers, Q&A questions with upvotes (one taken back, one answered), then ended. */
async function runOpenSession(server: TestServer): Promise<string> {
  const code = await server.createSession('open');
  const presenter = await server.client();
  ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
  const [ana, ben, cy] = await Promise.all(['ana', 'ben', 'cy'].map((id) => server.participant(code, `participant-open-${id}`)));
  ok(await request(presenter, 'presenter:goto', { h: 1, v: 0 }));
  ok(await request(presenter, 'presenter:poll', { pollId: 'first-meeting', action: 'open' }));
  ok(await request(ana!, 'audience:submit', { pollId: 'first-meeting', text: 'Goals' }));
  ok(await request(ben!, 'audience:submit', { pollId: 'first-meeting', text: 'How often to meet' }));
  ok(await request(presenter, 'presenter:goto', { h: 3, v: 0 }));
  ok(await request(presenter, 'presenter:poll', { pollId: 'questions', action: 'open' }));
  const q1 = ok(await request(ana!, 'audience:submit', { pollId: 'questions', text: 'Who picks the mentor?' })).entries![0]!;
  const q2 = ok(await request(cy!, 'audience:submit', { pollId: 'questions', text: 'Can we switch mentors?' })).entries![0]!;
  ok(await request(ben!, 'audience:upvote', { pollId: 'questions', entryId: q2.id, up: true }));
  ok(await request(ana!, 'audience:upvote', { pollId: 'questions', entryId: q2.id, up: true }));
  ok(await request(ben!, 'audience:upvote', { pollId: 'questions', entryId: q1.id, up: true }));
  ok(await request(ben!, 'audience:upvote', { pollId: 'questions', entryId: q1.id, up: false }));
  ok(await request(presenter, 'presenter:moderate', { pollId: 'questions', entryId: q2.id, action: 'answered' }));
  const ended = await fetch(`${server.url}/api/sessions/${code}/end`, {
    method: 'POST',
    headers: { authorization: `Bearer ${PRESENTER_KEY}` },
  });
  expect(ended.status).toBe(200);
  return code;
}

describe('npm run export and npm run archive on the Redis store', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('exports from Redis, archives into SQLite and exports the same from there', async () => {
    const prefix = 'archive-test:';
    const redisEnv = { REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix };
    const decks = new Map([...testDecks(), ...openDecks()]);
    const serverDir = tempDataDir();
    const server = await newParley({ dataDir: serverDir, decks, env: redisEnv });
    const workshop = await runWorkshop(server);
    const open = await runOpenSession(server);
    await server.close();
    // The server stored in Redis, not in its DATA_DIR.
    const emptyDir = tempDataDir();
    const env = { ...redisEnv, DATA_DIR: emptyDir };

    const listed = await cli('export', env, ['--list']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`${workshop}\\s+workshop\\s+\\S+ \\S+\\s+live\\s+3\\s+5`));
    expect(listed.stdout).toContain(open);

    const csv = await cli('export', env, ['--session', workshop, '--format', 'csv', '--out', '-']);
    expect(csv.code, csv.stderr).toBe(0);
    const rows = parse(csv.stdout, { bom: true, columns: true }) as Row[];
    expect(rows).toHaveLength(5);
    expect(
      rows
        .filter((r) => r.poll_id === 'branch-a')
        .map((r) => r.option_ids)
        .sort(),
    ).toEqual(['talk', 'talk', 'wait']);
    expect(rows.find((r) => r.option_ids === 'goals;time')?.labels).toBe('Goals; Meeting frequency');

    const fromRedis: Record<string, string> = {};
    for (const code of [workshop, open]) {
      const json = await cli('export', env, ['--session', code, '--format', 'json', '--out', '-']);
      expect(json.code, json.stderr).toBe(0);
      fromRedis[code] = json.stdout;
    }
    const workshopData = JSON.parse(fromRedis[workshop]!) as SessionExport;
    expect(workshopData.session).toMatchObject({ code: workshop, deck: 'workshop', endedAt: null, participants: 3 });
    expect(workshopData.responses).toHaveLength(5);
    expect(workshopData.polls.find((p) => p.id === 'branch-a')).toMatchObject({ status: 'closed', respondents: 3 });
    const openData = JSON.parse(fromRedis[open]!) as SessionExport;
    expect(openData.session.endedAt).not.toBeNull();
    expect(fromRedis[open]).toContain('Can we switch mentors?');
    expect(fromRedis[open]).toContain('How often to meet');

    // Archive both into a fresh folder, then export from it without Redis.
    const archiveDir = join(tempDataDir(), 'archive');
    const archived = await cli('archive', env, ['--session', `${workshop},${open.toLowerCase()}`, '--to', archiveDir]);
    expect(archived.code, archived.stderr).toBe(0);
    expect(archived.stderr).toContain(`Archived ${workshop}`);
    expect(archived.stderr).toContain(`Archived ${open}`);
    expect(existsSync(join(archiveDir, 'parley.sqlite'))).toBe(true);
    expect(existsSync(join(emptyDir, 'parley.sqlite'))).toBe(false);
    for (const code of [workshop, open]) {
      const json = await cli('export', { DATA_DIR: archiveDir }, ['--session', code, '--format', 'json', '--out', '-']);
      expect(json.code, json.stderr).toBe(0);
      expect(JSON.parse(json.stdout), code).toEqual(JSON.parse(fromRedis[code]!));
    }
    const sqliteList = await cli('export', { DATA_DIR: archiveDir }, ['--list']);
    expect(sqliteList.stdout).toMatch(new RegExp(`${workshop}\\s+workshop\\s+\\S+ \\S+\\s+live\\s+3\\s+5`));

    // Already there: refused, unless --replace.
    const again = await cli('archive', env, ['--session', workshop, '--to', archiveDir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`Session ${workshop} is already in ${join(archiveDir, 'parley.sqlite')}; give --replace`);
    const replaced = await cli('archive', env, ['--session', workshop, '--to', archiveDir, '--replace']);
    expect(replaced.code, replaced.stderr).toBe(0);
    const afterReplace = await cli('export', { DATA_DIR: archiveDir }, ['--session', workshop, '--format', 'json', '--out', '-']);
    expect(JSON.parse(afterReplace.stdout)).toEqual(JSON.parse(fromRedis[workshop]!));
  }, 120_000); // a dozen child processes, each starting tsx

  it('refuses an unknown code (exit 1) and needs REDIS_URL (exit 2)', async () => {
    const dir = tempDataDir();
    const unknown = await cli('archive', { REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'archive-empty:' }, ['--session', 'ZZZZZ', '--to', dir]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No session with code ZZZZZ in Redis');
    expect(existsSync(join(dir, 'parley.sqlite'))).toBe(false);

    const noRedis = await cli('archive', { DATA_DIR: dir }, ['--session', 'ZZZZZ']);
    expect(noRedis.code).toBe(2);
    expect(noRedis.stderr).toContain('REDIS_URL is not set');

    const exportUnknown = await cli('export', { REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'archive-empty:' }, [
      '--session',
      'ZZZZZ',
      '--format',
      'csv',
    ]);
    expect(exportUnknown.code).toBe(2);
    expect(exportUnknown.stderr).toContain('No session with code ZZZZZ in Redis');
  }, 60_000);
});
