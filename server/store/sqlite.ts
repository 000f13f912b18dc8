// The embedded default store: one SQLite file in DATA_DIR (WAL mode).
// Writes are queued and committed together in one transaction per event-loop turn (group commit):
// a burst of votes costs one fsync, and each write's promise resolves only after its commit.
// Each write runs in its own savepoint, so one failing write is refused alone; when the commit
// itself fails, every write of the batch is refused (none of them is on disk).
// Opening checks that the file is a Parley database this version can read (StoreOpenError).
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Deck, SlidePosition } from '../deck/types.js';
import type { EntryStatus, PollStatus } from '../protocol.js';
import { StoreClosedError, StoreOpenError } from './errors.js';
import type {
  EntryRecord,
  PollRecord,
  SessionRecord,
  ServerStore,
  SessionSummary,
  StoreStats,
  StoredSession,
  UpvoteRecord,
  VoteRecord,
} from './store.js';

export { StoreClosedError, StoreOpenError } from './errors.js';
export type { StoreStats } from './store.js';

export const DATABASE_FILE = 'parley.sqlite';
/** The newest schema this version writes and reads (PRAGMA user_version). */
export const SCHEMA_VERSION = 2;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sessions (
  code       TEXT PRIMARY KEY,
  deck_id    TEXT NOT NULL,
  deck_json  TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  ended_at   INTEGER,
  slide_h    INTEGER NOT NULL DEFAULT 0,
  slide_v    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS sessions_by_deck ON sessions (deck_id, created_at);
CREATE TABLE IF NOT EXISTS polls (
  session_code TEXT NOT NULL REFERENCES sessions (code) ON DELETE CASCADE,
  poll_id      TEXT NOT NULL,
  status       TEXT NOT NULL,
  revealed     INTEGER NOT NULL,
  round        INTEGER NOT NULL,
  opened_at    INTEGER,
  closed_at    INTEGER,
  participants_at_close INTEGER,
  timer_seconds INTEGER,
  timer_ends_at INTEGER,
  PRIMARY KEY (session_code, poll_id)
);
CREATE TABLE IF NOT EXISTS votes (
  session_code   TEXT NOT NULL REFERENCES sessions (code) ON DELETE CASCADE,
  poll_id        TEXT NOT NULL,
  round          INTEGER NOT NULL,
  participant_id TEXT NOT NULL,
  option_ids     TEXT NOT NULL,
  answered_at    INTEGER NOT NULL,
  changes        INTEGER NOT NULL,
  PRIMARY KEY (session_code, poll_id, round, participant_id)
);
CREATE TABLE IF NOT EXISTS entries (
  session_code   TEXT NOT NULL REFERENCES sessions (code) ON DELETE CASCADE,
  poll_id        TEXT NOT NULL,
  round          INTEGER NOT NULL,
  entry_id       TEXT NOT NULL,
  participant_id TEXT NOT NULL,
  text           TEXT NOT NULL,
  created_at     INTEGER NOT NULL,
  status         TEXT NOT NULL,
  answered_at    INTEGER,
  PRIMARY KEY (session_code, entry_id)
);
CREATE TABLE IF NOT EXISTS upvotes (
  session_code   TEXT NOT NULL REFERENCES sessions (code) ON DELETE CASCADE,
  poll_id        TEXT NOT NULL,
  round          INTEGER NOT NULL,
  entry_id       TEXT NOT NULL,
  participant_id TEXT NOT NULL,
  PRIMARY KEY (session_code, entry_id, participant_id)
);
CREATE TABLE IF NOT EXISTS health_check (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  checked_at INTEGER NOT NULL
);
`;

/** The columns each Parley table must have; a table of that name without them is another app's. */
const TABLE_COLUMNS: Record<string, readonly string[]> = {
  sessions: ['code', 'deck_id', 'deck_json', 'created_at', 'ended_at', 'slide_h', 'slide_v'],
  polls: [
    'session_code', 'poll_id', 'status', 'revealed', 'round', 'opened_at', 'closed_at', 'participants_at_close',
    'timer_seconds', 'timer_ends_at',
  ],
  votes: ['session_code', 'poll_id', 'round', 'participant_id', 'option_ids', 'answered_at', 'changes'],
  entries: ['session_code', 'poll_id', 'round', 'entry_id', 'participant_id', 'text', 'created_at', 'status', 'answered_at'],
  upvotes: ['session_code', 'poll_id', 'round', 'entry_id', 'participant_id'],
  health_check: ['id', 'checked_at'],
};
/** Tables every Parley database has had since schema 1 (entries and upvotes came with schema 2). */
const FIRST_TABLES = ['sessions', 'polls', 'votes'];
/**
 * Nullable columns that older databases lack: added in place on open. The poll timer's columns
 * came without a new schema version: a version without timers reads and writes such a file as
 * before (a timer it leaves behind is ignored once the poll was re-opened: PollState.restore).
 */
const ADDED_COLUMNS: Record<string, Record<string, string>> = {
  sessions: { ended_at: 'INTEGER' },
  polls: { participants_at_close: 'INTEGER', timer_seconds: 'INTEGER', timer_ends_at: 'INTEGER' },
};

// Rows of the current round of each poll (earlier rounds stay for the record).
const CURRENT_ROUND = (table: string) => `
  SELECT t.* FROM ${table} t
    LEFT JOIN polls p ON p.session_code = t.session_code AND p.poll_id = t.poll_id
   WHERE t.session_code = ? AND t.round = COALESCE(p.round, 1)`;

interface SessionRow {
  code: string;
  deck_id: string;
  deck_json: string;
  created_at: number;
  ended_at: number | null;
  slide_h: number;
  slide_v: number;
}
interface PollRow {
  poll_id: string;
  status: PollStatus;
  revealed: number;
  round: number;
  opened_at: number | null;
  closed_at: number | null;
  participants_at_close: number | null;
  timer_seconds: number | null;
  timer_ends_at: number | null;
}
interface VoteRow {
  poll_id: string;
  round: number;
  participant_id: string;
  option_ids: string;
  answered_at: number;
  changes: number;
}

interface EntryRow {
  poll_id: string;
  round: number;
  entry_id: string;
  participant_id: string;
  text: string;
  created_at: number;
  status: EntryStatus;
  answered_at: number | null;
}
interface UpvoteRow {
  poll_id: string;
  round: number;
  entry_id: string;
  participant_id: string;
}

interface PendingWrite {
  run: () => void;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class SqliteStore implements ServerStore {
  /** The database file. */
  readonly file: string;
  readonly stats: StoreStats = { commits: 0, writes: 0, failedWrites: 0, failedCommits: 0 };
  private readonly db: Database.Database;
  private queue: PendingWrite[] = [];
  private flushScheduled = false;
  private closed = false;
  private healthToken = 0;
  private readonly statements;
  /** Runs one write in a savepoint of the group's transaction (rolled back alone if it throws). */
  private readonly inSavepoint: (run: () => void) => void;

  /** Opens (or creates) DATA_DIR/parley.sqlite; throws StoreOpenError when it cannot be used. */
  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.file = join(dataDir, DATABASE_FILE);
    this.db = openDatabase(this.file);
    this.statements = {
      insertSession: this.db.prepare(
        'INSERT INTO sessions (code, deck_id, deck_json, created_at, slide_h, slide_v) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      session: this.db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE code = ?'),
      latest: this.db.prepare<[string], SessionRow>(
        'SELECT * FROM sessions WHERE deck_id = ? AND ended_at IS NULL ORDER BY created_at DESC, rowid DESC LIMIT 1',
      ),
      list: this.db.prepare<[], SessionRow & { participants: number; answers: number }>(
        `WITH answers AS (
           SELECT v.session_code, v.participant_id FROM votes v
             LEFT JOIN polls p ON p.session_code = v.session_code AND p.poll_id = v.poll_id
            WHERE v.round = COALESCE(p.round, 1)
           UNION ALL
           SELECT e.session_code, e.participant_id FROM entries e
             LEFT JOIN polls p ON p.session_code = e.session_code AND p.poll_id = e.poll_id
            WHERE e.round = COALESCE(p.round, 1))
         SELECT s.*,
                (SELECT COUNT(DISTINCT a.participant_id) FROM answers a WHERE a.session_code = s.code) AS participants,
                (SELECT COUNT(*) FROM answers a WHERE a.session_code = s.code) AS answers
           FROM sessions s ORDER BY s.created_at DESC, s.rowid DESC`,
      ),
      endSession: this.db.prepare('UPDATE sessions SET ended_at = ? WHERE code = ? AND ended_at IS NULL'),
      deleteSession: this.db.prepare('DELETE FROM sessions WHERE code = ?'),
      polls: this.db.prepare<[string], PollRow>('SELECT * FROM polls WHERE session_code = ?'),
      votes: this.db.prepare<[string], VoteRow>(CURRENT_ROUND('votes')),
      entries: this.db.prepare<[string], EntryRow>(`${CURRENT_ROUND('entries')} ORDER BY t.created_at, t.rowid`),
      upvotes: this.db.prepare<[string], UpvoteRow>(CURRENT_ROUND('upvotes')),
      saveSlide: this.db.prepare('UPDATE sessions SET slide_h = ?, slide_v = ? WHERE code = ?'),
      saveDeck: this.db.prepare('UPDATE sessions SET deck_json = ? WHERE code = ?'),
      savePoll: this.db.prepare(
        `INSERT INTO polls (session_code, poll_id, status, revealed, round, opened_at, closed_at, participants_at_close,
                            timer_seconds, timer_ends_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (session_code, poll_id) DO UPDATE SET
           status = excluded.status, revealed = excluded.revealed, round = excluded.round,
           opened_at = excluded.opened_at, closed_at = excluded.closed_at,
           participants_at_close = excluded.participants_at_close,
           timer_seconds = excluded.timer_seconds, timer_ends_at = excluded.timer_ends_at`,
      ),
      saveVote: this.db.prepare(
        `INSERT INTO votes (session_code, poll_id, round, participant_id, option_ids, answered_at, changes)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (session_code, poll_id, round, participant_id) DO UPDATE SET
           option_ids = excluded.option_ids, answered_at = excluded.answered_at, changes = excluded.changes`,
      ),
      saveEntry: this.db.prepare(
        `INSERT INTO entries (session_code, poll_id, round, entry_id, participant_id, text, created_at, status, answered_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (session_code, entry_id) DO UPDATE SET status = excluded.status, answered_at = excluded.answered_at`,
      ),
      addUpvote: this.db.prepare(
        `INSERT INTO upvotes (session_code, poll_id, round, entry_id, participant_id) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING`,
      ),
      removeUpvote: this.db.prepare('DELETE FROM upvotes WHERE session_code = ? AND entry_id = ? AND participant_id = ?'),
      writeHealth: this.db.prepare(
        'INSERT INTO health_check (id, checked_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at',
      ),
      readHealth: this.db.prepare<[], { checked_at: number }>('SELECT checked_at FROM health_check WHERE id = 1'),
    };
    this.inSavepoint = this.db.transaction((run: () => void) => run());
  }

  createSession(s: SessionRecord): Promise<void> {
    return this.write(() =>
      this.statements.insertSession.run(s.code, s.deckId, JSON.stringify(s.deck), s.createdAt, s.slide.h, s.slide.v),
    );
  }

  async loadSession(code: string): Promise<StoredSession | null> {
    this.ensureOpen();
    const row = this.statements.session.get(code);
    if (!row) return null;
    return {
      session: toSession(row),
      polls: this.statements.polls.all(code).map((p) => ({
        code,
        pollId: p.poll_id,
        status: p.status,
        revealed: p.revealed === 1,
        round: p.round,
        openedAt: p.opened_at,
        closedAt: p.closed_at,
        participantsAtClose: p.participants_at_close,
        timer: p.timer_seconds === null || p.timer_ends_at === null ? null : { seconds: p.timer_seconds, endsAt: p.timer_ends_at },
      })),
      votes: this.statements.votes.all(code).map((v) => ({
        code,
        pollId: v.poll_id,
        round: v.round,
        participantId: v.participant_id,
        optionIds: JSON.parse(v.option_ids) as string[],
        answeredAt: v.answered_at,
        changes: v.changes,
      })),
      entries: this.statements.entries.all(code).map((e) => ({
        code,
        pollId: e.poll_id,
        round: e.round,
        id: e.entry_id,
        participantId: e.participant_id,
        text: e.text,
        createdAt: e.created_at,
        status: e.status,
        answeredAt: e.answered_at,
      })),
      upvotes: this.statements.upvotes.all(code).map((u) => ({
        code,
        pollId: u.poll_id,
        round: u.round,
        entryId: u.entry_id,
        participantId: u.participant_id,
      })),
    };
  }

  async latestSession(deckId: string): Promise<SessionRecord | null> {
    this.ensureOpen();
    const row = this.statements.latest.get(deckId);
    return row ? toSession(row) : null;
  }

  async listSessions(): Promise<SessionSummary[]> {
    this.ensureOpen();
    return this.statements.list.all().map((row) => ({
      code: row.code,
      deckId: row.deck_id,
      title: (JSON.parse(row.deck_json) as Deck).meta.title,
      createdAt: row.created_at,
      endedAt: row.ended_at,
      participants: row.participants,
      answers: row.answers,
    }));
  }

  endSession(code: string, endedAt: number): Promise<void> {
    return this.write(() => this.statements.endSession.run(endedAt, code));
  }

  deleteSession(code: string): Promise<void> {
    // Poll states and votes go with it (ON DELETE CASCADE).
    return this.write(() => this.statements.deleteSession.run(code));
  }

  saveSlide(code: string, slide: SlidePosition): Promise<void> {
    return this.write(() => this.statements.saveSlide.run(slide.h, slide.v, code));
  }

  saveDeck(code: string, deck: Deck): Promise<void> {
    return this.write(() => this.statements.saveDeck.run(JSON.stringify(deck), code));
  }

  savePoll(p: PollRecord): Promise<void> {
    return this.write(() =>
      this.statements.savePoll.run(
        p.code,
        p.pollId,
        p.status,
        p.revealed ? 1 : 0,
        p.round,
        p.openedAt,
        p.closedAt,
        p.participantsAtClose,
        p.timer?.seconds ?? null,
        p.timer?.endsAt ?? null,
      ),
    );
  }

  saveVote(v: VoteRecord): Promise<void> {
    return this.write(() =>
      this.statements.saveVote.run(
        v.code,
        v.pollId,
        v.round,
        v.participantId,
        JSON.stringify(v.optionIds),
        v.answeredAt,
        v.changes,
      ),
    );
  }

  saveEntry(e: EntryRecord): Promise<void> {
    return this.write(() =>
      this.statements.saveEntry.run(e.code, e.pollId, e.round, e.id, e.participantId, e.text, e.createdAt, e.status, e.answeredAt),
    );
  }

  saveUpvote(u: UpvoteRecord, up: boolean): Promise<void> {
    return this.write(() => {
      if (up) this.statements.addUpvote.run(u.code, u.pollId, u.round, u.entryId, u.participantId);
      else this.statements.removeUpvote.run(u.code, u.entryId, u.participantId);
    });
  }

  /**
   * Proves the store takes writes (GET /healthz): a tiny write through the write queue — so it is
   * committed and synced like any vote — read back afterwards. Rejects with the reason otherwise.
   */
  async check(): Promise<void> {
    const token = Date.now() * 1000 + (this.healthToken++ % 1000);
    await this.write(() => this.statements.writeHealth.run(token));
    if (this.closed) throw new StoreClosedError();
    const read = this.statements.readHealth.get();
    if (read?.checked_at !== token) throw new Error('The health check row did not read back as written.');
  }

  /** Whether close() was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Commits what is queued (those writes resolve), then closes the file. Later writes are refused. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    this.db.close();
  }

  private ensureOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }

  private write(run: () => void): Promise<void> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    return new Promise((resolve, reject) => {
      this.queue.push({ run, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    const failed = new Map<PendingWrite, unknown>();
    try {
      this.db.transaction(() => {
        for (const w of batch) {
          try {
            this.inSavepoint(w.run);
          } catch (err) {
            // Some errors (disk full, I/O) roll the whole transaction back: then nothing of the
            // batch can be committed, and every write of it is refused below.
            if (!this.db.inTransaction) throw err;
            failed.set(w, err);
          }
        }
      })();
    } catch (err) {
      this.stats.failedCommits += 1;
      this.stats.failedWrites += batch.length;
      for (const w of batch) w.reject(err);
      return;
    }
    // Committed (and synced: synchronous = FULL): only now are the writes acknowledged.
    this.stats.commits += 1;
    this.stats.writes += batch.length - failed.size;
    this.stats.failedWrites += failed.size;
    for (const w of batch) {
      if (failed.has(w)) w.reject(failed.get(w));
      else w.resolve();
    }
  }
}

/**
 * Opens the database and makes sure it is one this version of Parley can use: an SQLite file,
 * not damaged, not another application's, not written by a newer Parley. Brings older schemas up
 * to date (tables and nullable columns added in place).
 */
function openDatabase(file: string): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (err) {
    throw new StoreOpenError(`Cannot open ${file}: ${reason(err)}.`);
  }
  try {
    checkDatabase(db, file);
    db.pragma('journal_mode = WAL');
    // FULL: a committed transaction survives a power cut too, not only a killed process.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.transaction(() => {
      for (const [table, columns] of Object.entries(ADDED_COLUMNS)) {
        const present = columnsOf(db, table);
        if (present.size === 0) continue;
        for (const [column, type] of Object.entries(columns)) {
          if (!present.has(column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
        }
      }
      db.exec(SCHEMA);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
    return db;
  } catch (err) {
    db.close();
    if (err instanceof StoreOpenError) throw err;
    throw new StoreOpenError(describeSqliteFailure(file, err));
  }
}

/** Throws a StoreOpenError naming what is wrong with the file; returns for a usable (or new) one. */
function checkDatabase(db: Database.Database, file: string): void {
  // Reading the header and the schema fails at once on a file that is not SQLite at all.
  const version = db.pragma('user_version', { simple: true }) as number;
  const tables = (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((t) => t.name);
  if (version > SCHEMA_VERSION) {
    throw new StoreOpenError(
      `${file} was written by a newer Parley (schema ${version}; this one reads up to ${SCHEMA_VERSION}). ` +
        'Update Parley, or set DATA_DIR to another folder.',
    );
  }
  const notParley = (why: string): StoreOpenError =>
    new StoreOpenError(`${file} is not a Parley database: ${why}. Move it away, or set DATA_DIR to another folder.`);
  if (tables.length === 0) return; // new (or empty): the schema is created
  if (!tables.includes('sessions')) {
    throw notParley(`it has ${plural(tables.length, 'table')} (${clip(tables.join(', '))}) and no "sessions" table`);
  }
  for (const table of FIRST_TABLES) {
    if (!tables.includes(table)) throw notParley(`it has no "${table}" table`);
  }
  for (const [table, expected] of Object.entries(TABLE_COLUMNS)) {
    const present = columnsOf(db, table);
    if (present.size === 0) continue; // a table a later schema adds: created below
    const missing = expected.filter((c) => !present.has(c) && !ADDED_COLUMNS[table]?.[c]);
    if (missing.length) throw notParley(`table "${table}" has no ${missing.map((c) => `"${c}"`).join(', ')} column`);
  }
  // A cheap check of every page's structure (not of every index): a damaged file is refused now
  // rather than failing in the middle of a session.
  const problems = (db.pragma('quick_check(5)') as { quick_check: string }[]).map((r) => r.quick_check);
  if (problems.length !== 1 || problems[0] !== 'ok') {
    throw new StoreOpenError(
      `${file} is damaged (SQLite's quick_check: ${clip(problems.join('; '))}). ` +
        'Restore it from a backup or move it away; `sqlite3 parley.sqlite .recover` may save its data.',
    );
  }
}

function columnsOf(db: Database.Database, table: string): Set<string> {
  return new Set((db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name));
}

/** SQLite's own failures at open, in words: not SQLite at all, damaged, read-only, locked. */
function describeSqliteFailure(file: string, err: unknown): string {
  const code = (err as { code?: unknown }).code;
  switch (code) {
    case 'SQLITE_NOTADB':
      return `${file} is not a Parley database: it is not an SQLite database at all (SQLite: ${reason(err)}). Move it away, or set DATA_DIR to another folder.`;
    case 'SQLITE_CORRUPT':
      return `${file} is damaged (SQLite: ${reason(err)}). Restore it from a backup or move it away.`;
    case 'SQLITE_READONLY':
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_PERM':
      return `Cannot write ${file}: ${reason(err)}. Check the permissions of the file and of DATA_DIR.`;
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return `${file} is locked by another program (${reason(err)}).`;
    default:
      return `Cannot use ${file}: ${reason(err)}.`;
  }
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function clip(text: string, max = 200): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function toSession(row: SessionRow): SessionRecord {
  return {
    code: row.code,
    deckId: row.deck_id,
    deck: JSON.parse(row.deck_json) as Deck,
    createdAt: row.created_at,
    endedAt: row.ended_at,
    slide: { h: row.slide_h, v: row.slide_v },
  };
}
