// A phone is stored under an id of its own in each session (issue 21): the id it keeps in its
// browser never reaches the store, two sessions' rows cannot be joined, and the same phone
// joining again gets the same id, with its answers. A database of before is brought up to date.
import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { describe, expect, it, onTestFinished } from 'vitest';
import { sessionParticipantId } from '../../server/privacy/pseudonym.js';
import { fileSecret } from '../../server/privacy/secret.js';
import { RedisStore } from '../../server/store/redis.js';
import { DATABASE_FILE, SCHEMA_VERSION, SqliteStore } from '../../server/store/sqlite.js';
import type { Store } from '../../server/store/store.js';
import { testDecks } from '../helpers/decks.js';
import { startRedis } from '../helpers/redis.js';
import { newParley, ok, request, TEST_STORE, tempDataDir } from '../helpers/server.js';

const PHONE = 'phone-kept-in-one-browser';

describe('participant ids per session', () => {
  it('stores one phone under another id in each session, and its own id nowhere', async () => {
    const server = await newParley();
    const codes = [await server.createSession(), await server.createSession()];
    for (const code of codes) {
      const presenter = await server.presenter(code);
      ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'open' }));
      const phone = await server.participant(code, PHONE);
      ok(await request(phone, 'audience:vote', { pollId: 'branch-a', optionIds: ['talk'] }));
    }
    const stored = await Promise.all(codes.map(async (code) => (await server.store.loadSession(code))!.votes.map((v) => v.participantId)));
    expect(stored).toEqual(codes.map((code) => [sessionParticipantId(server.store.secret, code, PHONE)]));
    expect(stored[0]![0]).not.toBe(stored[1]![0]);
    if (TEST_STORE !== 'sqlite') return;
    await server.close();
    // Every byte the database keeps: its file, and a write-ahead log if one is left.
    const files = [DATABASE_FILE, `${DATABASE_FILE}-wal`].map((f) => join(server.dataDir, f)).filter((f) => existsSync(f));
    for (const file of files) expect(readFileSync(file).includes(PHONE), file).toBe(false);
  });

  it('gives a phone joining again the same id, and with it its answers', async () => {
    const server = await newParley();
    const code = await server.createSession();
    const presenter = await server.presenter(code);
    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'open' }));
    const first = await server.participant(code, PHONE);
    ok(await request(first, 'audience:vote', { pollId: 'branch-a', optionIds: ['wait'] }));
    first.close();

    const again = await server.client();
    const joined = ok(await request(again, 'audience:join', { code, participantId: PHONE }));
    expect(joined.answers.map((a) => [a.pollId, a.optionIds])).toEqual([['branch-a', ['wait']]]);
    // Another phone is someone else.
    const other = await server.client();
    expect(ok(await request(other, 'audience:join', { code, participantId: 'phone-of-someone-else' })).answers).toEqual([]);
  });
});

const SESSIONS = ['ABCDE', 'FGHJK'];

/**
 * Two sessions in which phone-ana voted and asked and phone-ben upvoted, written the way the stores
 * wrote them before per-session ids: with the ids the phones sent, as they were. Closes `store`.
 */
async function writeAsBefore(store: Store): Promise<void> {
  const deck = testDecks().get('workshop')!;
  const at = Date.now();
  for (const code of SESSIONS) {
    await store.createSession({ code, deckId: 'workshop', deck, createdAt: at, endedAt: null, slide: { h: 0, v: 0 } });
    await store.saveVote({ code, pollId: 'branch-a', round: 1, participantId: 'phone-ana', optionIds: ['talk'], answeredAt: at, changes: 0 });
    const question = {
      code,
      pollId: 'questions',
      round: 1,
      id: `q-${code}`,
      text: 'Why?',
      createdAt: at,
      status: 'shown',
      answeredAt: null,
    } as const;
    await store.saveEntry({ ...question, participantId: 'phone-ana' });
    await store.saveUpvote({ code, pollId: 'questions', round: 1, entryId: `q-${code}`, participantId: 'phone-ben' }, true);
  }
  await store.close();
}

describe('a database of before per-session ids (schema 2)', () => {
  it('has every phone id rewritten as its id in the session, once, and kept nowhere', async () => {
    const dataDir = tempDataDir();
    const old = new SqliteStore(dataDir);
    await writeAsBefore(old);
    const file = join(dataDir, DATABASE_FILE);
    const db = new Database(file);
    db.pragma('user_version = 2');
    db.close();

    for (let open = 0; open < 2; open++) {
      // Opened twice: the second open finds schema 3 and changes nothing.
      const store = new SqliteStore(dataDir);
      await store.close();
    }
    const secret = fileSecret(dataDir);
    const read = new Database(file, { readonly: true });
    const ids = (table: string) => read.prepare(`SELECT session_code, participant_id FROM ${table} ORDER BY session_code`).raw().all();
    const id = (code: string, phone: string) => [code, sessionParticipantId(secret, code, phone)];
    expect(ids('votes')).toEqual([id('ABCDE', 'phone-ana'), id('FGHJK', 'phone-ana')]);
    expect(ids('entries')).toEqual([id('ABCDE', 'phone-ana'), id('FGHJK', 'phone-ana')]);
    expect(ids('upvotes')).toEqual([id('ABCDE', 'phone-ben'), id('FGHJK', 'phone-ben')]);
    expect(read.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    read.close();
    // Not left behind in free pages either (secure_delete), once the log is checkpointed.
    expect(readFileSync(file).includes('phone-ana')).toBe(false);
    expect(readFileSync(file).includes('phone-ben')).toBe(false);
  });
});

describe('a Redis store of before per-session ids', () => {
  it('has every phone id rewritten as its id in the session, once, by the first process to open it', async () => {
    const redis = await startRedis();
    onTestFinished(() => redis.stop());
    const prefix = 'upgrade:';
    const old = await RedisStore.open(redis.url, prefix);
    await writeAsBefore(old);
    const client = new Redis(redis.url);
    onTestFinished(() => client.disconnect());
    await client.del(`${prefix}layout`); // as a Redis of before has it

    // Two processes opening it at once: one rewrites, the other waits; a third open changes nothing.
    const opened = await Promise.all([RedisStore.open(redis.url, prefix), RedisStore.open(redis.url, prefix)]);
    await Promise.all(opened.map((s) => s.close()));
    const store = await RedisStore.open(redis.url, prefix);
    try {
      for (const code of SESSIONS) {
        const stored = (await store.loadSession(code))!;
        const id = (phone: string) => sessionParticipantId(store.secret, code, phone);
        expect(stored.votes.map((v) => v.participantId)).toEqual([id('phone-ana')]);
        expect(stored.entries.map((e) => e.participantId)).toEqual([id('phone-ana')]);
        expect(stored.upvotes.map((u) => u.participantId)).toEqual([id('phone-ben')]);
      }
    } finally {
      await store.close();
    }
    expect(await client.get(`${prefix}layout`)).toBe('3');
    const dump = JSON.stringify(await Promise.all((await client.keys(`${prefix}*`)).map((key) => client.dump(key))));
    expect(dump).toContain('branch-a'); // the votes are there
    expect(dump).not.toContain('phone-ana');
  });
});
