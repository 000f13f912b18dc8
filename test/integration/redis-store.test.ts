// The Redis store (REDIS_URL) against a real redis-server: it keeps the Store contract exactly as
// the SQLite store does, an acknowledged vote survives a killed Redis (AOF, appendfsync always),
// processes writing at once lose nothing, and an unreachable Redis fails the start quickly.
import { createServer, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../server/app.js';
import { readConfig } from '../../server/config.js';
import { sessionParticipantId } from '../../server/privacy/pseudonym.js';
import { StoreOpenError } from '../../server/store/errors.js';
import { RedisStore } from '../../server/store/redis.js';
import { SqliteStore } from '../../server/store/sqlite.js';
import type { ServerStore, StoredSession, VoteRecord } from '../../server/store/store.js';
import type { TallyUpdate } from '../../server/protocol.js';
import { testDecks } from '../helpers/decks.js';
import { recordEvents } from '../helpers/events.js';
import { spawnParley, workshopSlides } from '../helpers/parley-process.js';
import { freePort, startRedis, type RedisServer } from '../helpers/redis.js';
import { connected, newParley, ok, PRESENTER_KEY, request, tempDataDir, testSocket } from '../helpers/server.js';

let redis: RedisServer;
let prefixes = 0;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

/** A store on the test redis-server under a prefix of its own (or the one given, to share data). */
async function redisStore(prefix = `contract-${prefixes++}:`): Promise<RedisStore> {
  return RedisStore.open(redis.url, prefix);
}

const deck = testDecks().get('workshop')!;

/** One session's stored state in a stable order (rows come back in no particular order). */
function sorted(stored: StoredSession | null): StoredSession | null {
  if (!stored) return null;
  const by =
    <T>(key: (x: T) => string) =>
    (a: T, b: T) =>
      key(a).localeCompare(key(b));
  return {
    ...stored,
    polls: [...stored.polls].sort(by((p) => p.pollId)),
    votes: [...stored.votes].sort(by((v) => `${v.pollId}/${v.participantId}`)),
    upvotes: [...stored.upvotes].sort(by((u) => `${u.entryId}/${u.participantId}`)),
  };
}

/** The same writes on any store; what it reads back afterwards. */
async function scenario(store: ServerStore) {
  const session = (code: string, createdAt: number, deckId = 'workshop') => ({
    code,
    deckId,
    deck: { ...deck, id: deckId },
    createdAt,
    endedAt: null,
    slide: { h: 0, v: 0 },
  });
  await store.createSession(session('AAAAA', 1000));
  // Two sessions created in the same millisecond: the later one is listed first.
  await store.createSession(session('BBBBB', 2000));
  await store.createSession(session('CCCCC', 2000, 'other'));
  const duplicate = await store.createSession(session('AAAAA', 3000)).then(
    () => 'stored',
    () => 'refused',
  );

  const poll = {
    code: 'AAAAA',
    pollId: 'branch-a',
    status: 'open' as const,
    revealed: false,
    round: 1,
    openedAt: 1100,
    closedAt: null,
    participantsAtClose: null,
  };
  await store.savePoll({ ...poll, timer: { seconds: 30, endsAt: 31_100 } });
  const vote = (participantId: string, optionIds: string[], round = 1, pollId = 'branch-a'): VoteRecord => ({
    code: 'AAAAA',
    pollId,
    round,
    participantId,
    optionIds,
    answeredAt: 1200,
    changes: 0,
  });
  await Promise.all([store.saveVote(vote('ana', ['talk'])), store.saveVote(vote('ben', ['wait'])), store.saveVote(vote('cal', ['talk']))]);
  await store.saveVote({ ...vote('ana', ['escalate']), answeredAt: 1300, changes: 1 });
  // An earlier answer written late (sent by a process killed before the store read it, while the
  // phone answered again on another one) does not undo the newer one.
  await store.saveVote({ ...vote('ana', ['wait']), answeredAt: 1250, changes: 1 });
  // A poll never saved counts as round 1.
  await store.saveVote(vote('dan', ['a', 'b'], 1, 'topics'));
  const afterRound1 = sorted(await store.loadSession('AAAAA'));
  const listedRound1 = await store.listSessions();

  // The poll re-opened: round 2 starts empty; round 1's votes stay stored but are not current.
  await store.savePoll({ ...poll, round: 2, openedAt: 1400, timer: null });
  await store.saveVote(vote('ben', ['talk'], 2));

  const entry = (id: string, createdAt: number, participantId: string) => ({
    code: 'AAAAA',
    pollId: 'questions',
    round: 1,
    id,
    participantId,
    text: `question ${id}`,
    createdAt,
    status: 'shown' as const,
    answeredAt: null,
  });
  await store.saveEntry(entry('q2', 1500, 'ana'));
  await store.saveEntry(entry('q1', 1500, 'ben')); // same time: kept in the order written
  await store.saveEntry(entry('q0', 1400, 'eve'));
  // An update changes the status and answered time only.
  await store.saveEntry({ ...entry('q2', 9999, 'someone'), text: 'changed', status: 'hidden', answeredAt: 1600 });
  const up = (entryId: string, participantId: string) => ({ code: 'AAAAA', pollId: 'questions', round: 1, entryId, participantId });
  await store.saveUpvote(up('q1', 'ana'), true);
  await store.saveUpvote(up('q1', 'ana'), true);
  await store.saveUpvote(up('q1', 'cal'), true);
  await store.saveUpvote(up('q2', 'ben'), true);
  await store.saveUpvote(up('q2', 'ben'), false);

  await store.saveSlide('AAAAA', { h: 1, v: 2 }, ['talk']);
  await store.saveDeck('BBBBB', { ...deck, meta: { ...deck.meta, title: 'Edited' } });
  await store.endSession('BBBBB', 5000);
  await store.endSession('BBBBB', 6000); // the first end stays
  const latest = await store.latestSession('workshop');
  await store.endSession('AAAAA', 7000);
  const noneLive = await store.latestSession('workshop');

  const orphan = await Promise.all([
    store.saveVote({ ...vote('ana', ['talk']), code: 'ZZZZZ' }).then(
      () => 'stored',
      () => 'refused',
    ),
    store.savePoll({ ...poll, code: 'ZZZZZ' }).then(
      () => 'stored',
      () => 'refused',
    ),
    store.saveEntry({ ...entry('qz', 1, 'ana'), code: 'ZZZZZ' }).then(
      () => 'stored',
      () => 'refused',
    ),
  ]);
  await store.saveSlide('ZZZZZ', { h: 3, v: 0 }, []); // nothing to update: no error, nothing created
  await store.deleteSession('CCCCC');
  const deleted = await store.loadSession('CCCCC');
  const missing = await store.loadSession('ZZZZZ');
  await store.createSession(session('CCCCC', 8000, 'other')); // a deleted session leaves nothing behind
  const recreated = await store.loadSession('CCCCC');

  return {
    duplicate,
    afterRound1,
    listedRound1,
    final: sorted(await store.loadSession('AAAAA')),
    ended: (await store.loadSession('BBBBB'))?.session,
    listed: await store.listSessions(),
    latest,
    noneLive,
    orphan,
    deleted,
    missing,
    recreated,
  };
}

describe('the Redis store', () => {
  it('keeps the Store contract exactly as the SQLite store does', async () => {
    const sqlite = new SqliteStore(tempDataDir());
    const fromSqlite = await scenario(sqlite);
    await sqlite.close();
    const store = await redisStore();
    const fromRedis = await scenario(store);
    await store.close();

    expect(fromRedis).toEqual(fromSqlite);
    // …and what both say is what the contract says.
    expect(fromRedis.duplicate).toBe('refused');
    expect(fromRedis.afterRound1!.votes.map((v) => [v.participantId, v.optionIds, v.changes])).toEqual([
      ['ana', ['escalate'], 1],
      ['ben', ['wait'], 0],
      ['cal', ['talk'], 0],
      ['dan', ['a', 'b'], 0],
    ]);
    expect(fromRedis.afterRound1!.polls[0]!.timer).toEqual({ seconds: 30, endsAt: 31_100 });
    expect(fromRedis.listedRound1.find((s) => s.code === 'AAAAA')).toMatchObject({ participants: 4, answers: 4 });
    expect(fromRedis.final!.votes.map((v) => [v.participantId, v.round])).toEqual([
      ['ben', 2],
      ['dan', 1],
    ]);
    expect(fromRedis.final!.polls[0]!.timer).toBeNull();
    expect(fromRedis.final!.entries.map((e) => [e.id, e.text, e.status, e.answeredAt])).toEqual([
      ['q0', 'question q0', 'shown', null],
      ['q2', 'question q2', 'hidden', 1600],
      ['q1', 'question q1', 'shown', null],
    ]);
    expect(fromRedis.final!.upvotes.map((u) => `${u.entryId}/${u.participantId}`)).toEqual(['q1/ana', 'q1/cal']);
    expect(fromRedis.final!.session.slide).toEqual({ h: 1, v: 2 });
    expect(fromRedis.final!.session.visited).toEqual(['talk']);
    expect(fromRedis.ended).toMatchObject({ endedAt: 5000, deck: { meta: { title: 'Edited' } } });
    expect(fromRedis.listed.map((s) => [s.code, s.participants, s.answers])).toEqual([
      ['CCCCC', 0, 0],
      ['BBBBB', 0, 0],
      ['AAAAA', 4, 5], // ben, dan, eve, ana; ana's round-1 vote is not current
    ]);
    expect(fromRedis.latest?.code).toBe('AAAAA');
    expect(fromRedis.noneLive).toBeNull();
    expect(fromRedis.orphan).toEqual(['refused', 'refused', 'refused']);
    expect(fromRedis.deleted).toBeNull();
    expect(fromRedis.missing).toBeNull();
    expect(fromRedis.recreated).toMatchObject({ polls: [], votes: [], entries: [], upvotes: [] });
  });

  it('reads a chart view it does not know (a newer version wrote it) as the normal view, as the SQLite store does', async () => {
    const prefix = `views-${prefixes++}:`;
    const store = await redisStore(prefix);
    await store.createSession({ code: 'VVVVV', deckId: 'workshop', deck, createdAt: 1000, endedAt: null, slide: { h: 0, v: 0 } });
    const poll = {
      code: 'VVVVV',
      status: 'closed' as const,
      revealed: true,
      round: 1,
      openedAt: 1100,
      closedAt: 1200,
      participantsAtClose: 3,
      timer: null,
    };
    await store.savePoll({ ...poll, pollId: 'branch-a', view: 'movement' });
    await store.savePoll({ ...poll, pollId: 'branch-b', view: 'movement' });
    // What a newer Parley could have stored for branch-b.
    const raw = new Redis(redis.url);
    const polls = `${prefix}session:VVVVV:polls`;
    const stored = JSON.parse((await raw.hget(polls, 'branch-b'))!) as { view: string };
    await raw.hset(polls, 'branch-b', JSON.stringify({ ...stored, view: 'sparkle' }));
    raw.disconnect();

    const loaded = await store.loadSession('VVVVV');
    await store.close();
    expect(loaded!.polls.find((p) => p.pollId === 'branch-a')!.view).toBe('movement');
    expect(loaded!.polls.find((p) => p.pollId === 'branch-b')).not.toHaveProperty('view');
  });

  it('keeps an acknowledged vote and its session through a killed and restarted redis-server', async () => {
    const server = await newParley({ env: { REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'crash:' } });
    const code = await server.createSession();
    const presenter = await server.presenter(code);
    ok(await request(presenter, 'presenter:goto', { h: 1, v: 1 }));
    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'open' }));
    const phone = await server.participant(code, 'phone-0001');
    ok(await request(phone, 'audience:vote', { pollId: 'branch-a', optionIds: ['talk'] }));

    // Acknowledged: from here on it must survive. SIGKILL gives Redis no chance to save anything.
    await redis.kill('SIGKILL');
    await redis.restart();

    const fresh = await RedisStore.open(redis.url, 'crash:');
    try {
      const stored = await fresh.loadSession(code);
      expect(stored?.session.deckId).toBe('workshop');
      // Stored under the phone's id in this session, derived from the secret kept in Redis too.
      const storedId = sessionParticipantId(fresh.secret, code, 'phone-0001');
      expect(stored?.votes.map((v) => [v.pollId, v.participantId, v.optionIds])).toEqual([['branch-a', storedId, ['talk']]]);
      expect(stored?.polls.find((p) => p.pollId === 'branch-a')?.status).toBe('open');
    } finally {
      await fresh.close();
    }
    // The server reconnects by itself (within about a second) and takes votes again; until then a
    // vote is refused at once, and the phone sends it again.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const result = await request(phone, 'audience:vote', { pollId: 'branch-a', optionIds: ['wait'] });
      if (result.ok) break;
      expect(result.error.code).toBe('internal');
      if (Date.now() > deadline) throw new Error(`vote still refused 10 s after Redis came back: ${result.error.message}`);
      await new Promise((r) => setTimeout(r, 200)); // real time: the server reconnects to Redis on its own clock
    }
    expect((await server.store.loadSession(code))?.votes[0]?.optionIds).toEqual(['wait']);
  });

  it('shuts down cleanly: the last tally reaches the presenter through the adapter, then the clients close', async () => {
    const server = await newParley({ env: { REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'shutdown:' } });
    const code = await server.createSession();
    // Not one of the server's own clients, which its test close() closes first.
    const presenter = await connected(testSocket(server.url));
    ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    ok(await request(presenter, 'presenter:goto', { h: 1, v: 1 }));
    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'open' }));
    const phone = await server.participant(code, 'phone-0002');
    const events = recordEvents(presenter);
    const disconnected = new Promise((resolve) => presenter.once('disconnect', resolve));
    ok(await request(phone, 'audience:vote', { pollId: 'branch-a', optionIds: ['wait'] }));
    // At once, within the tally interval: only shutdown's flush can send the tally now.
    await server.close();
    await disconnected;
    const tallies = events.filter((e) => e.event === 'presenter:tally').map((e) => e.data as TallyUpdate);
    expect(tallies.at(-1)?.tallies.find((t) => t.pollId === 'branch-a')?.counts).toMatchObject({ wait: 1 });
    expect(events.some((e) => e.event === 'server:closing')).toBe(true);
    // The store's writes are done and its client gone: a later write is refused, not half-done.
    await expect(server.store.saveSlide(code, { h: 0, v: 0 }, [])).rejects.toThrow(/shutting down/);
  });

  it('loses no vote when two processes write votes of one poll at once, and keeps each answer whole', async () => {
    // Two clients on one prefix, as two Parley processes.
    const a = await redisStore('race:');
    const b = await redisStore('race:');
    try {
      await a.createSession({ code: 'RACE1', deckId: 'workshop', deck, createdAt: 1, endedAt: null, slide: { h: 0, v: 0 } });
      const vote = (participantId: string, optionIds: string[], changes: number): VoteRecord => ({
        code: 'RACE1',
        pollId: 'branch-a',
        round: 1,
        participantId,
        optionIds,
        answeredAt: 1000 + changes,
        changes,
      });
      // 200 participants, each written by both processes at once; and one participant whose
      // answer both keep replacing.
      const writes: Promise<void>[] = [];
      for (let i = 0; i < 200; i++) {
        writes.push(a.saveVote(vote(`p${i}`, ['talk'], 0)), b.saveVote(vote(`q${i}`, ['wait'], 0)));
        writes.push(a.saveVote(vote('both', ['talk', 'a'], i)), b.saveVote(vote('both', ['wait', 'b'], i + 1000)));
      }
      await Promise.all(writes);
      const stored = await b.loadSession('RACE1');
      expect(stored!.votes).toHaveLength(401);
      const both = stored!.votes.filter((v) => v.participantId === 'both');
      expect(both).toHaveLength(1);
      // One whole record from one writer: never one process's options with the other's count.
      const record = both[0]!;
      if (record.optionIds[0] === 'talk')
        expect([record.optionIds, record.changes < 1000, record.answeredAt]).toEqual([['talk', 'a'], true, 1000 + record.changes]);
      else expect([record.optionIds, record.changes >= 1000, record.answeredAt]).toEqual([['wait', 'b'], true, 1000 + record.changes]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('the durability of Redis', () => {
  it('is fine with appendfsync always, and warned about without it', async () => {
    const store = await redisStore();
    const { Redis } = await import('ioredis');
    const admin = new Redis(redis.url);
    try {
      expect(await store.durabilityWarning()).toBeNull();
      await admin.config('SET', 'appendfsync', 'everysec');
      expect(await store.durabilityWarning()).toMatch(/appendonly yes, appendfsync everysec: acknowledged votes can be lost/);
    } finally {
      await admin.config('SET', 'appendfsync', 'always');
      admin.disconnect();
      await store.close();
    }
  });
});

describe('starting with an unreachable Redis', () => {
  /** A TCP server that accepts connections and never answers (as a firewall that drops). */
  async function silentServer(): Promise<number> {
    const sockets: Socket[] = [];
    const server = createServer((s) => sockets.push(s));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    afterAll(() => {
      for (const s of sockets) s.destroy();
      server.close();
    });
    return port;
  }

  it('fails quickly with a clear error when nothing listens there', async () => {
    const port = await freePort();
    const started = Date.now();
    const config = readConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: tempDataDir(),
      LOG_LEVEL: 'silent',
      REDIS_URL: `redis://:secret-pw@127.0.0.1:${port}/0`,
    });
    const failure = await startServer(config, testDecks()).then(
      () => null,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(StoreOpenError);
    expect((failure as Error).message).toMatch(
      new RegExp(`^Cannot reach Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port}/0 \\(REDIS_URL\\): .*ECONNREFUSED`),
    );
    expect((failure as Error).message).not.toContain('secret-pw');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('npm start exits with one clear line, within the connect timeout, when Redis never answers', async () => {
    const port = await silentServer();
    const started = Date.now();
    const run = spawnParley({
      DATA_DIR: tempDataDir(),
      SLIDES_DIR: workshopSlides(),
      REDIS_URL: `redis://127.0.0.1:${port}`,
      REDIS_CONNECT_TIMEOUT_MS: '700',
    });
    const exit = await run.exited;
    expect(exit.code).toBe(1);
    expect(run.output()).toMatch(`Cannot reach Redis at redis://127.0.0.1:${port} (REDIS_URL)`);
    expect(run.output()).not.toMatch(/at .*\.ts:\d+/); // a message, not a stack trace
    // Without the connect timeout ioredis retries for ever and the process never exits. The bound
    // is loose: starting node with tsx takes several seconds on a loaded 2-core CI machine (10.8 s once).
    expect(exit.at - started).toBeLessThan(30_000);
  });
});
