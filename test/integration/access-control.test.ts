// Only the presenter controls: every presenter action is refused (and logged) from a participant,
// from a socket that never joined and from one that tried a wrong key; every keyed HTTP endpoint
// answers 401 without the key or with a wrong one and changes nothing; a participant of one
// session cannot reach another; the key is compared in constant time.
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { keyMatches } from '../../server/auth/presenter-key.js';
import { EXPORT_FORMATS } from '../../server/export/formats.js';
import { DATABASE_FILE } from '../../server/store/sqlite.js';
import { deckFrom, OPEN_DECK, WORKSHOP_DECK } from '../helpers/decks.js';
import { delivered, nextEvent, recordEvents } from '../helpers/events.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer, type TestSocket } from '../helpers/server.js';
import { redisDump } from '../helpers/redis.js';

/** What "nothing changed" compares: the SQLite file's rows, or the server's Redis keys. */
function snapshot(server: TestServer): Promise<string> {
  return server.redis ? redisDump(server.redis.url, server.redis.keyPrefix) : Promise.resolve(sqliteSnapshot(server.dataDir));
}

/** Every row of every table, ordered: what "nothing changed" means. */
function sqliteSnapshot(dataDir: string): string {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  try {
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
    return JSON.stringify(
      tables.map((name) => {
        const columns = (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(name) as { name: string }[]).map((c) => `"${c.name}"`);
        return [
          name,
          db
            .prepare(`SELECT * FROM "${name}" ORDER BY ${columns.join(', ')}`)
            .raw()
            .all(),
        ];
      }),
    );
  } finally {
    db.close();
  }
}

function decks(): Map<string, ReturnType<typeof deckFrom>> {
  return new Map([
    ['workshop', deckFrom(WORKSHOP_DECK)],
    ['open', deckFrom(OPEN_DECK, 'open.md')],
  ]);
}

/** A session of the open deck with a text answer and a question in, every poll open. */
async function liveOpenSession(
  server: TestServer,
): Promise<{ code: string; presenter: TestSocket; phone: TestSocket; answerId: string; questionId: string }> {
  const code = await server.createSession('open');
  const presenter = await server.client();
  ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
  for (const pollId of ['first-meeting', 'steps', 'questions']) ok(await request(presenter, 'presenter:poll', { pollId, action: 'open' }));
  const phone = await server.client();
  ok(await request(phone, 'audience:join', { code, participantId: `author-${code}` }));
  const answerId = ok(await request(phone, 'audience:submit', { pollId: 'first-meeting', text: 'Set goals' })).entries![0]!.id;
  const questionId = ok(await request(phone, 'audience:submit', { pollId: 'questions', text: 'Who decides?' })).entries![0]!.id;
  return { code, presenter, phone, answerId, questionId };
}

type Attempt = {
  event: 'presenter:goto' | 'presenter:poll' | 'presenter:moderate' | 'presenter:timer' | 'presenter:discuss' | 'presenter:view';
  payload: Record<string, unknown>;
};

function everyPresenterAction(answerId: string, questionId: string): Attempt[] {
  return [
    { event: 'presenter:goto', payload: { h: 3, v: 0 } },
    ...(['open', 'close', 'reveal', 'hide', 'reset'] as const).flatMap((action) =>
      ['steps', 'questions'].map((pollId): Attempt => ({ event: 'presenter:poll', payload: { pollId, action } })),
    ),
    ...(['hide', 'show', 'answered', 'unanswered'] as const).map(
      (action): Attempt => ({ event: 'presenter:moderate', payload: { pollId: 'questions', entryId: questionId, action } }),
    ),
    { event: 'presenter:moderate', payload: { pollId: 'first-meeting', entryId: answerId, action: 'hide' } },
    { event: 'presenter:timer', payload: { pollId: 'steps', seconds: 30 } },
    { event: 'presenter:timer', payload: { pollId: 'steps', seconds: null } },
    { event: 'presenter:discuss', payload: { seconds: 120 } },
    { event: 'presenter:discuss', payload: { seconds: null } },
    { event: 'presenter:view', payload: { pollId: 'steps', view: 'normal' } },
  ];
}

/**
 * An HTTP request from `localAddress` (a 127.x.y.z of its own): wrong keys lock an address out
 * after ten, and each endpoint here is tried with three.
 */
function requestFrom(
  url: string,
  localAddress: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, localAddress, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const send = (socket: TestSocket, { event, payload }: Attempt) =>
  request(socket, event, payload as never) as Promise<{ ok: boolean; error?: { code: string } }>;

describe('only the presenter controls', () => {
  it('refuses every presenter action from a participant, a socket that never joined, and one that tried a wrong key — and logs it', async () => {
    const server = await newParley({ decks: decks() });
    const { code, presenter, answerId, questionId } = await liveOpenSession(server);
    const warn = vi.spyOn(server.log, 'warn');
    const before = await snapshot(server);
    const stateBefore = ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));

    const participant = await server.client();
    ok(await request(participant, 'audience:join', { code, participantId: 'participant-sneaky' }));
    const stranger = await server.client();
    const guesser = await server.client();
    const heard = recordEvents(guesser);
    expect(await request(guesser, 'presenter:join', { code, key: 'not-the-key' })).toEqual({
      ok: false,
      error: { code: 'unauthorized', message: 'Wrong presenter key.' },
    });
    expect(warn).toHaveBeenCalledWith(expect.anything(), 'presenter join with a wrong key');

    const attempts = everyPresenterAction(answerId, questionId);
    const forbiddenBefore = server.metrics.errors.forbidden ?? 0;
    for (const [who, socket] of [
      ['participant', participant],
      ['stranger', stranger],
      ['guesser', guesser],
    ] as const) {
      warn.mockClear();
      for (const attempt of attempts) {
        const result = await send(socket, attempt);
        expect(result, `${who}: ${attempt.event} ${JSON.stringify(attempt.payload)}`).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      }
      // Refusals are logged (the first few of each socket, then every hundredth: a script cannot
      // fill the log), with the role the socket had, and every one is counted for GET /metrics.
      const refusals = warn.mock.calls.filter(([, message]) => message === 'presenter action refused');
      expect(refusals).toHaveLength(3);
      expect(refusals[0]![0]).toMatchObject({ role: who === 'participant' ? 'audience' : 'none', refusals: 1 });
      expect(server.metrics.errors.forbidden).toBe(forbiddenBefore + attempts.length * (who === 'participant' ? 1 : who === 'stranger' ? 2 : 3));
    }

    // The wrong key joined nothing: no presenter traffic reached that socket while a phone voted —
    // not even the coalesced tally tick that the presenter's room got for the vote (then a round
    // trip of the guesser's own brings in whatever it was sent before).
    const tick = nextEvent(presenter, 'presenter:tally', (u) => u.tallies.some((t) => t.pollId === 'steps' && t.respondents === 1));
    ok(await request(participant, 'audience:vote', { pollId: 'steps', optionIds: ['feedback', 'prepare', 'expectations'] }));
    await tick;
    await delivered(guesser);
    expect(heard.filter((e) => e.event.startsWith('presenter:'))).toEqual([]);

    // Nothing changed but that one vote.
    const stateAfter = ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    const withoutSteps = (s: typeof stateAfter) => ({ ...s, participants: 0, polls: s.polls.filter((p) => p.id !== 'steps') });
    expect(withoutSteps(stateAfter)).toEqual(withoutSteps(stateBefore));
    expect(stateAfter.slide).toEqual(stateBefore.slide);
    expect(stateAfter.polls.find((p) => p.id === 'steps')).toMatchObject({ status: 'open', revealed: false, round: 1, tally: { respondents: 1 } });
    expect(await snapshot(server)).not.toBe(before); // the vote
  });

  it('keeps a presenter of one session out of another', async () => {
    const server = await newParley({ decks: decks() });
    const a = await liveOpenSession(server);
    const b = await liveOpenSession(server);
    const stateA = ok(await request(a.presenter, 'presenter:join', { code: a.code, key: PRESENTER_KEY, view: 'console' }));

    // B's presenter acts on its own session only; A's entries are not found there.
    expect(await request(b.presenter, 'presenter:moderate', { pollId: 'questions', entryId: a.questionId, action: 'hide' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    ok(await request(b.presenter, 'presenter:poll', { pollId: 'questions', action: 'close' }));
    ok(await request(b.presenter, 'presenter:goto', { h: 3, v: 0 }));
    const afterA = ok(await request(a.presenter, 'presenter:join', { code: a.code, key: PRESENTER_KEY, view: 'console' }));
    expect({ ...afterA, participants: 0 }).toEqual({ ...stateA, participants: 0 });
  });

  it('keeps a participant of one session out of another: answers go to the joined session, entry ids of the other are refused', async () => {
    const server = await newParley({ decks: decks() });
    const a = await liveOpenSession(server);
    const b = await liveOpenSession(server);
    const stateB = ok(await request(b.presenter, 'presenter:join', { code: b.code, key: PRESENTER_KEY, view: 'console' }));

    const phone = await server.client();
    ok(await request(phone, 'audience:join', { code: a.code, participantId: 'participant-of-a' }));
    ok(await request(phone, 'audience:vote', { pollId: 'steps', optionIds: ['prepare', 'feedback', 'expectations'] }));
    ok(await request(phone, 'audience:submit', { pollId: 'first-meeting', text: 'Only in A' }));
    ok(await request(phone, 'audience:upvote', { pollId: 'questions', entryId: a.questionId, up: true }));
    // B's question in A: not on A's board. B's entry ids do not exist in A for its presenter either.
    expect(await request(phone, 'audience:upvote', { pollId: 'questions', entryId: b.questionId, up: true })).toMatchObject({
      ok: false,
      error: { code: 'invalid_vote' },
    });
    expect(await request(a.presenter, 'presenter:moderate', { pollId: 'questions', entryId: b.questionId, action: 'hide' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await request(a.presenter, 'presenter:moderate', { pollId: 'first-meeting', entryId: b.answerId, action: 'hide' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });

    const afterB = ok(await request(b.presenter, 'presenter:join', { code: b.code, key: PRESENTER_KEY, view: 'console' }));
    expect({ ...afterB, participants: 0 }).toEqual({ ...stateB, participants: 0 });
    const afterA = ok(await request(a.presenter, 'presenter:join', { code: a.code, key: PRESENTER_KEY, view: 'console' }));
    const pollA = (id: string) => afterA.polls.find((p) => p.id === id)!;
    expect(pollA('steps').tally.respondents).toBe(1);
    expect(pollA('first-meeting').entries!.map((e) => e.text)).toEqual(['Set goals', 'Only in A']);
    expect(pollA('questions').entries!.find((e) => e.id === a.questionId)?.votes).toBe(1);
  });
});

describe('the HTTP API without the key', () => {
  it('answers 401 on every keyed endpoint without a key or with a wrong one, and changes nothing', async () => {
    const server = await newParley({ decks: decks() });
    const { code } = await liveOpenSession(server);
    const other = await server.createSession('open');
    const before = await snapshot(server);

    const json = { 'content-type': 'application/json' };
    const endpoints: [method: string, path: string, body?: string][] = [
      ['GET', '/api/decks'],
      ['GET', '/api/sessions'],
      ['POST', '/api/sessions', '{"deck":"open"}'],
      ['GET', `/api/sessions/${code}/deck`],
      ['GET', `/api/sessions/${code}/results.json`],
      ['GET', `/api/sessions/${code}/results.csv`],
      ...Object.keys(EXPORT_FORMATS).map((format): [string, string] => ['GET', `/api/sessions/${code}/export?format=${format}`]),
      ['GET', `/api/sessions/${code}/export?format=html&with=${other}`],
      ['POST', `/api/sessions/${code}/end`],
      ['DELETE', `/api/sessions/${code}`],
      ['DELETE', `/api/sessions/${other}`],
      // Unknown sessions too: without the key, nobody learns whether a code exists.
      ['GET', '/api/sessions/ZZZZZ/results.json'],
      ['DELETE', '/api/sessions/ZZZZZ'],
    ];
    const wrong: Record<string, string>[] = [
      {},
      { authorization: 'Bearer not-the-key' },
      { authorization: `Bearer ${PRESENTER_KEY}x` },
      { authorization: `Bearer ${PRESENTER_KEY.slice(0, -1)}` },
      { authorization: PRESENTER_KEY },
      { authorization: `Basic ${Buffer.from(`presenter:${PRESENTER_KEY}`).toString('base64')}` },
      { authorization: `Bearer ${PRESENTER_KEY} ${PRESENTER_KEY}` },
    ];
    for (const [i, [method, path, body]] of endpoints.entries()) {
      for (const headers of wrong) {
        const res = await requestFrom(`${server.url}${path}`, `127.0.0.${30 + i}`, method, { ...json, ...headers }, body);
        expect(res.status, `${method} ${path} ${JSON.stringify(headers)}`).toBe(401);
        expect(res.body).toMatchObject({ error: { code: 'unauthorized' } });
      }
    }
    // The key in the query string is not a key.
    expect((await fetch(`${server.url}/api/sessions/${code}/results.json?key=${PRESENTER_KEY}`)).status).toBe(401);

    expect(await snapshot(server)).toBe(before);
    const list = (await (await fetch(`${server.url}/api/sessions`, { headers: { authorization: `Bearer ${PRESENTER_KEY}` } })).json()) as {
      sessions: { code: string; live: boolean }[];
    };
    expect(
      list.sessions
        .filter((s) => s.live)
        .map((s) => s.code)
        .sort(),
    ).toEqual([code, other].sort());
    // Public endpoints stay public, and give no results.
    expect((await fetch(`${server.url}/api/sessions/${code}`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/sessions/${code}/qr.svg`)).status).toBe(200);
  });

  it('compares keys in constant time: hashed to equal length, then timingSafeEqual, everywhere a key is checked', () => {
    expect(keyMatches(PRESENTER_KEY, PRESENTER_KEY)).toBe(true);
    for (const given of ['', 'x', PRESENTER_KEY.slice(1), `${PRESENTER_KEY}x`, 'k'.repeat(10_000), undefined, null, 42, [PRESENTER_KEY]]) {
      expect(keyMatches(PRESENTER_KEY, given)).toBe(false);
    }
    const root = join(import.meta.dirname, '..', '..', 'server');
    const source = (file: string) => readFileSync(join(root, file), 'utf8');
    expect(source('auth/presenter-key.ts')).toMatch(/timingSafeEqual\(a, b\)/);
    for (const file of ['socket/handlers.ts', 'http/api.ts']) {
      expect(source(file), file).toMatch(/keyMatches\(deps\.presenterKey, /);
      // No other comparison of the key anywhere.
      expect(source(file), file).not.toMatch(/presenterKey\s*[!=]==|[!=]==\s*deps\.presenterKey|presenterKey\.(startsWith|includes|localeCompare)/);
    }
  });
});
