// A database Parley cannot use is refused at start with one clear line (the file and what is
// wrong), never a crash later; older schemas are brought up to date. And the store's own failure
// paths: one failing write is refused alone, writes after close are refused, never acknowledged.
import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sessionParticipantId } from '../../server/privacy/pseudonym.js';
import { fileSecret } from '../../server/privacy/secret.js';
import { DATABASE_FILE, SCHEMA_VERSION, SqliteStore, StoreClosedError, StoreOpenError } from '../../server/store/sqlite.js';
import { testDecks } from '../helpers/decks.js';
import { ok, PRESENTER_KEY, request, tempDataDir } from '../helpers/server.js';
import { clientOf, spawnParley, startParley, workshopSlides } from '../helpers/parley-process.js';

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Starts `npm start`'s entry point on `dataDir` and expects exit code 1 with `message`; the file must be left as it was. */
async function refusesToStart(dataDir: string, message: string | RegExp): Promise<string> {
  const file = join(dataDir, DATABASE_FILE);
  const before = sha(file);
  const run = spawnParley({ DATA_DIR: dataDir, SLIDES_DIR: workshopSlides() });
  // Started after all (the banner) is a failure too, found without waiting for a timeout.
  const exit = await Promise.race([
    run.exited,
    run.waitFor('Join (phones)').then(
      () => ({ code: 'started' }),
      () => run.exited,
    ),
  ]);
  const output = run.output();
  expect(exit.code, output).toBe(1);
  expect(output).toContain(file);
  if (typeof message === 'string') expect(output).toContain(message);
  else expect(output).toMatch(message);
  expect(output).not.toMatch(/\n\s+at .+:\d+:\d+/); // one clear message, no stack trace
  expect(output).not.toContain('Parley is running');
  expect(sha(file)).toBe(before); // nothing written to somebody else's file
  return output;
}

/** A Parley database as this version writes it, with one session of the workshop deck. */
async function parleyDatabase(dataDir: string): Promise<void> {
  const store = new SqliteStore(dataDir);
  const deck = testDecks().get('workshop')!;
  await store.createSession({ code: 'ABCDE', deckId: 'workshop', deck, createdAt: Date.now(), endedAt: null, slide: { h: 0, v: 0 } });
  await store.close();
}

/** The schema-1 tables: `early` as in the very first version (no ended_at, no participants_at_close). */
function schema1Database(dataDir: string, early: boolean): { code: string } {
  const db = new Database(join(dataDir, DATABASE_FILE));
  db.exec(`
    CREATE TABLE sessions (code TEXT PRIMARY KEY, deck_id TEXT NOT NULL, deck_json TEXT NOT NULL, created_at INTEGER NOT NULL,
      ${early ? '' : 'ended_at INTEGER,'} slide_h INTEGER NOT NULL DEFAULT 0, slide_v INTEGER NOT NULL DEFAULT 0);
    CREATE INDEX sessions_by_deck ON sessions (deck_id, created_at);
    CREATE TABLE polls (session_code TEXT NOT NULL REFERENCES sessions (code) ON DELETE CASCADE, poll_id TEXT NOT NULL,
      status TEXT NOT NULL, revealed INTEGER NOT NULL, round INTEGER NOT NULL, opened_at INTEGER, closed_at INTEGER,
      ${early ? '' : 'participants_at_close INTEGER,'} PRIMARY KEY (session_code, poll_id));
    CREATE TABLE votes (session_code TEXT NOT NULL REFERENCES sessions (code) ON DELETE CASCADE, poll_id TEXT NOT NULL,
      round INTEGER NOT NULL, participant_id TEXT NOT NULL, option_ids TEXT NOT NULL, answered_at INTEGER NOT NULL,
      changes INTEGER NOT NULL, PRIMARY KEY (session_code, poll_id, round, participant_id));
    PRAGMA user_version = 1;
  `);
  const code = early ? 'WXYZ2' : 'WXYZ3';
  const now = Date.now();
  db.prepare('INSERT INTO sessions (code, deck_id, deck_json, created_at, slide_h, slide_v) VALUES (?, ?, ?, ?, 1, 1)').run(
    code,
    'workshop',
    JSON.stringify(testDecks().get('workshop')),
    now - 60_000,
  );
  db.prepare("INSERT INTO polls (session_code, poll_id, status, revealed, round, opened_at) VALUES (?, 'branch-a', 'open', 0, 1, ?)").run(code, now);
  const vote = db.prepare("INSERT INTO votes VALUES (?, 'branch-a', 1, ?, ?, ?, 0)");
  vote.run(code, 'old-participant-1', '["talk"]', now);
  vote.run(code, 'old-participant-2', '["talk"]', now);
  vote.run(code, 'old-participant-3', '["wait"]', now);
  db.close();
  return { code };
}

describe('a database Parley cannot use', () => {
  it('random bytes: "is not a Parley database", exit 1', async () => {
    const dataDir = tempDataDir();
    writeFileSync(join(dataDir, DATABASE_FILE), randomBytes(8192));
    const output = await refusesToStart(dataDir, `${join(dataDir, DATABASE_FILE)} is not a Parley database: it is not an SQLite database at all`);
    expect(output).toContain('Move it away, or set DATA_DIR to another folder.');
  });

  it('another application\'s SQLite file: "is not a Parley database", naming its tables', async () => {
    const dataDir = tempDataDir();
    const db = new Database(join(dataDir, DATABASE_FILE));
    db.exec(
      "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); CREATE TABLE posts (id INTEGER, body TEXT); INSERT INTO users VALUES (1, 'ann');",
    );
    db.close();
    await refusesToStart(dataDir, 'is not a Parley database: it has 2 tables (posts, users) and no "sessions" table');
  });

  it('another application\'s "sessions" table (other columns): "is not a Parley database", naming the missing columns', async () => {
    const dataDir = tempDataDir();
    const db = new Database(join(dataDir, DATABASE_FILE));
    db.exec('CREATE TABLE sessions (id TEXT PRIMARY KEY, token TEXT, expires INTEGER); CREATE TABLE polls (x); CREATE TABLE votes (y);');
    db.close();
    await refusesToStart(dataDir, /is not a Parley database: table "sessions" has no "code", "deck_id", .* column/);
  });

  it('a newer schema: "was written by a newer Parley (schema 7; this one reads up to 3)"', async () => {
    const dataDir = tempDataDir();
    await parleyDatabase(dataDir);
    const db = new Database(join(dataDir, DATABASE_FILE));
    db.pragma('user_version = 7');
    db.close();
    expect(SCHEMA_VERSION).toBe(3);
    await refusesToStart(dataDir, `${join(dataDir, DATABASE_FILE)} was written by a newer Parley (schema 7; this one reads up to 3)`);
  });

  it('a damaged file (a page of the votes table overwritten): "is damaged", found by the check at open', async () => {
    const dataDir = tempDataDir();
    const file = join(dataDir, DATABASE_FILE);
    // A complete Parley database (nothing for the open to create or change) with many votes.
    await parleyDatabase(dataDir);
    const db = new Database(file);
    const insert = db.prepare("INSERT INTO votes VALUES ('ABCDE', 'branch-a', 1, ?, '[\"talk\"]', 0, 0)");
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`participant-${i}-${'x'.repeat(40)}`);
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const leaves = db.prepare("SELECT pageno FROM dbstat WHERE name = 'votes' AND pagetype = 'leaf' ORDER BY pageno").pluck().all() as number[];
    db.close();
    expect(leaves.length).toBeGreaterThan(10);
    // Garbage over the b-tree header of a leaf page in the middle of the votes table: no step of
    // the open reads it, only the integrity check finds it.
    const page = leaves[Math.floor(leaves.length / 2)]!;
    const bytes = readFileSync(file);
    bytes.fill(0xa5, pageSize * (page - 1), pageSize * (page - 1) + 64);
    writeFileSync(file, bytes);
    // quick_check either lists the problems or fails with SQLITE_CORRUPT itself.
    const output = await refusesToStart(dataDir, `${file} is damaged (SQLite`);
    expect(output).toContain('Restore it from a backup');
  });

  it('throws StoreOpenError (not a crash later) when opened in-process', () => {
    const dataDir = tempDataDir();
    writeFileSync(join(dataDir, DATABASE_FILE), 'this is a text file, not a database\n'.repeat(200));
    expect(() => new SqliteStore(dataDir)).toThrow(StoreOpenError);
  });
});

describe('another reason not to start', () => {
  it('a port in use: one line saying so, exit 1', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const run = spawnParley({ DATA_DIR: tempDataDir(), SLIDES_DIR: workshopSlides(), PORT: String(port) });
      const exit = await run.exited;
      expect(exit.code).toBe(1);
      expect(run.output()).toContain(`Cannot listen on 127.0.0.1:${port}: the port is in use (is Parley already running?)`);
      expect(run.output()).not.toMatch(/\n\s+at .+:\d+:\d+/);
    } finally {
      blocker.close();
    }
  });
});

describe('an older Parley database', () => {
  for (const early of [false, true]) {
    it(`schema 1${early ? ' as first released (no ended_at, no participants_at_close)' : ' (no entries, no upvotes)'} opens, carries on its session and is brought up to date`, async () => {
      const dataDir = tempDataDir();
      const { code } = schema1Database(dataDir, early);
      const run = await startParley(dataDir);
      expect(run.code).toBe(code);
      expect(run.output()).toContain('(resumed)');

      const presenter = await clientOf(run.url);
      const state = ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
      expect(state.polls.find((p) => p.id === 'branch-a')!.tally).toMatchObject({ counts: { talk: 2, wait: 1, escalate: 0 }, respondents: 3 });
      // No visited slides were kept then: none now, and a move is stored in the added column.
      expect(state.visited).toEqual([]);
      ok(await request(presenter, 'presenter:goto', { h: 0, v: 0 }));
      // New writes land in the upgraded file.
      const phone = await clientOf(run.url);
      ok(await request(phone, 'audience:join', { code, participantId: 'new-participant' }));
      ok(await request(phone, 'audience:vote', { pollId: 'branch-a', optionIds: ['escalate'] }));
      // Columns added since (kept_rounds, chart_view) are written too.
      ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'again' }));
      expect(ok(await request(presenter, 'presenter:view', { pollId: 'branch-a', view: 'movement' })).view).toBe('movement');

      const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
      expect(tables).toEqual(expect.arrayContaining(['sessions', 'polls', 'votes', 'entries', 'upvotes', 'health_check']));
      const columns = (db.pragma('table_info(sessions)') as { name: string }[]).map((c) => c.name);
      expect(columns).toContain('ended_at');
      expect(db.prepare("SELECT kept_rounds, chart_view FROM polls WHERE session_code = ? AND poll_id = 'branch-a'").get(code)).toEqual({
        kept_rounds: '[1]',
        chart_view: 'movement',
      });
      expect(columns).toContain('visited');
      expect(db.prepare('SELECT slide_h, slide_v, visited FROM sessions WHERE code = ?').get(code)).toEqual({
        slide_h: 0,
        slide_v: 0,
        visited: '[]',
      });
      // Every participant id per session: the old rows' rewritten, the new one's so from the start.
      const secret = fileSecret(dataDir);
      const storedId = (phoneId: string) => sessionParticipantId(secret, code, phoneId);
      const votes = db.prepare('SELECT participant_id, option_ids FROM votes').raw().all() as [string, string][];
      expect(new Map(votes)).toEqual(
        new Map([
          [storedId('old-participant-1'), '["talk"]'],
          [storedId('old-participant-2'), '["talk"]'],
          [storedId('old-participant-3'), '["wait"]'],
          [storedId('new-participant'), '["escalate"]'],
        ]),
      );
      db.close();
      // A phone of before the upgrade joins again and finds its answer (round 1, kept by vote again).
      const old = await clientOf(run.url);
      expect(ok(await request(old, 'audience:join', { code, participantId: 'old-participant-3' })).earlier).toEqual([
        expect.objectContaining({ pollId: 'branch-a', optionIds: ['wait'] }),
      ]);
    }, 90_000);
  }
});

describe('the store when writes fail', () => {
  it('refuses only the write that failed: the others of the same group commit are stored', async () => {
    const dataDir = tempDataDir();
    const store = new SqliteStore(dataDir);
    const deck = testDecks().get('workshop')!;
    await store.createSession({ code: 'ABCDE', deckId: 'workshop', deck, createdAt: 1, endedAt: null, slide: { h: 0, v: 0 } });
    const vote = (participantId: string) =>
      store.saveVote({ code: 'ABCDE', pollId: 'branch-a', round: 1, participantId, optionIds: ['talk'], answeredAt: 2, changes: 0 });
    // Same event-loop turn: one transaction. The middle one breaks a foreign key (no such session).
    const results = await Promise.allSettled([
      vote('first'),
      store.saveVote({ code: 'NOPE9', pollId: 'branch-a', round: 1, participantId: 'x', optionIds: ['talk'], answeredAt: 2, changes: 0 }),
      vote('last'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(store.stats).toMatchObject({ commits: 2, writes: 3, failedWrites: 1, failedCommits: 0 });
    const stored = await store.loadSession('ABCDE');
    expect(stored!.votes.map((v) => v.participantId).sort()).toEqual(['first', 'last']);
    await store.close();
  });

  it('commits what is queued on close, then refuses every write and read (never acknowledged)', async () => {
    const dataDir = tempDataDir();
    const store = new SqliteStore(dataDir);
    const deck = testDecks().get('workshop')!;
    const queued = store.createSession({ code: 'ABCDE', deckId: 'workshop', deck, createdAt: 1, endedAt: null, slide: { h: 0, v: 0 } });
    await store.close(); // before the scheduled group commit
    await expect(queued).resolves.toBeUndefined();
    await expect(store.saveSlide('ABCDE', { h: 1, v: 0 }, [])).rejects.toThrow(StoreClosedError);
    await expect(store.loadSession('ABCDE')).rejects.toThrow(/shutting down/);
    await expect(store.check()).rejects.toThrow(StoreClosedError);
    const reopened = new SqliteStore(dataDir);
    expect((await reopened.loadSession('ABCDE'))!.session.slide).toEqual({ h: 0, v: 0 });
    await reopened.close();
  });

  it('writes with WAL, synchronous = FULL and foreign keys on', async () => {
    const dataDir = tempDataDir();
    const store = new SqliteStore(dataDir);
    // The writer thread's connection, as SQLite reports it once open.
    expect(await store.writer.connectionSettings()).toEqual({ journalMode: 'wal', synchronous: 2 /* FULL */, foreignKeys: 1 });
    await store.close();
  });
});
