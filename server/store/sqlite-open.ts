// Opening Parley's SQLite file: make sure it is a Parley database this version can use (an SQLite
// file, not damaged, not another application's, not written by a newer Parley: StoreOpenError
// otherwise), bring older schemas up to date, and the settings every connection that writes needs.
import Database from 'better-sqlite3';
import { sessionParticipantId } from '../privacy/pseudonym.js';
import { StoreOpenError } from './errors.js';

export const DATABASE_FILE = 'parley.sqlite';
/**
 * The newest schema this version writes and reads (PRAGMA user_version). 3: participant ids are
 * per session (privacy/pseudonym.ts), no longer the phones' own; a Parley that stores the phones'
 * own ids must not write into such a file.
 */
export const SCHEMA_VERSION = 3;
/** The first schema whose participant ids are per session. */
const PER_SESSION_IDS = 3;
/** The tables that hold a participant id (follow_up_links came after schema 3: always per session). */
const PARTICIPANT_TABLES = ['votes', 'entries', 'upvotes'];

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sessions (
  code       TEXT PRIMARY KEY,
  deck_id    TEXT NOT NULL,
  deck_json  TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  ended_at   INTEGER,
  slide_h    INTEGER NOT NULL DEFAULT 0,
  slide_v    INTEGER NOT NULL DEFAULT 0,
  discussion TEXT,
  visited    TEXT,
  follow_up_of TEXT,
  self_paced TEXT
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
  kept_rounds  TEXT,
  chart_view   TEXT,
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
CREATE TABLE IF NOT EXISTS follow_up_links (
  session_code   TEXT NOT NULL REFERENCES sessions (code) ON DELETE CASCADE,
  participant_id TEXT NOT NULL,
  step           TEXT,
  linked_at      INTEGER NOT NULL,
  PRIMARY KEY (session_code, participant_id)
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
    'session_code',
    'poll_id',
    'status',
    'revealed',
    'round',
    'opened_at',
    'closed_at',
    'participants_at_close',
    'timer_seconds',
    'timer_ends_at',
  ],
  votes: ['session_code', 'poll_id', 'round', 'participant_id', 'option_ids', 'answered_at', 'changes'],
  entries: ['session_code', 'poll_id', 'round', 'entry_id', 'participant_id', 'text', 'created_at', 'status', 'answered_at'],
  upvotes: ['session_code', 'poll_id', 'round', 'entry_id', 'participant_id'],
  follow_up_links: ['session_code', 'participant_id', 'step', 'linked_at'],
  health_check: ['id', 'checked_at'],
};
/** Tables every Parley database has had since schema 1 (entries and upvotes came with schema 2). */
const FIRST_TABLES = ['sessions', 'polls', 'votes'];
/**
 * Nullable columns that older databases lack: added in place on open. The poll timer's columns
 * came without a new schema version: a version without timers reads and writes such a file as
 * before (a timer it leaves behind is ignored once the poll was re-opened: PollState.restore).
 * So did `kept_rounds` (a JSON array of the rounds kept by vote again): a version without it
 * shows only a poll's current round. And `discussion` (JSON: the discussion timer, null when none
 * runs): a version without it shows no discussion timer. And `chart_view` (the view presenters
 * share, null: `normal`): a version without it shows the plain chart. And `sessions.visited` (a
 * JSON array of the ids of the slides the session has been on, for the branch map): a version
 * without it keeps no such list. And `sessions.follow_up_of` (the earlier session of a follow-up,
 * null: none) with the table `follow_up_links` (created when missing): a version without them runs
 * a follow-up as a session of its own, linking no one (a deleted session still takes its links
 * with it: the table's own ON DELETE CASCADE). And `sessions.self_paced` (JSON: a self-paced
 * session's window, null: live): a version without it runs such a session as a live one.
 */
const ADDED_COLUMNS: Record<string, Record<string, string>> = {
  sessions: { ended_at: 'INTEGER', discussion: 'TEXT', visited: 'TEXT', follow_up_of: 'TEXT', self_paced: 'TEXT' },
  polls: { participants_at_close: 'INTEGER', timer_seconds: 'INTEGER', timer_ends_at: 'INTEGER', kept_rounds: 'TEXT', chart_view: 'TEXT' },
};

/**
 * Opens the database and makes sure it is one this version of Parley can use: an SQLite file,
 * not damaged, not another application's, not written by a newer Parley. Brings older schemas up
 * to date (tables and nullable columns added in place; participant ids made per session with
 * `secret`, the server secret).
 */
export function openDatabase(file: string, secret: Buffer): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (err) {
    throw new StoreOpenError(`Cannot open ${file}: ${reason(err)}.`);
  }
  try {
    const version = checkDatabase(db, file);
    db.pragma('journal_mode = WAL');
    useWriteSettings(db);
    db.transaction(() => {
      if (version < PER_SESSION_IDS) perSessionIds(db, secret);
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

/** Per-connection settings of a connection that writes (the opening one, the writer thread's). */
export function useWriteSettings(db: Database.Database): void {
  // FULL: a committed transaction survives a power cut too, not only a killed process.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // What is deleted (a session and its answers, a replaced answer) is overwritten with zeros, not
  // left readable in the file's free pages.
  db.pragma('secure_delete = ON');
}

/**
 * Rewrites every stored participant id, a phone's own id before schema 3, as that phone's id in its
 * session (the id audience:join now gives it), in the upgrade's one transaction: two sessions' rows
 * can no longer be joined, and a phone joining a session stored before the upgrade finds its answers.
 */
function perSessionIds(db: Database.Database, secret: Buffer): void {
  db.function('parley_session_participant', { deterministic: true }, (code, phoneId) => sessionParticipantId(secret, String(code), String(phoneId)));
  for (const table of PARTICIPANT_TABLES) {
    if (columnsOf(db, table).size === 0) continue; // a table a later schema adds: nothing in it yet
    db.exec(`UPDATE ${table} SET participant_id = parley_session_participant(session_code, participant_id)`);
  }
}

/**
 * Throws a StoreOpenError naming what is wrong with the file; returns the schema of a usable one
 * (its user_version; SCHEMA_VERSION for a new one: nothing to bring up to date).
 */
function checkDatabase(db: Database.Database, file: string): number {
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
  if (tables.length === 0) return SCHEMA_VERSION; // new (or empty): the schema is created
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
  return version;
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
