// The embedded default store: one SQLite file in DATA_DIR (WAL mode).
// Writes are queued and committed together in one transaction per event-loop turn (group commit):
// a burst of votes costs one fsync, and each write's promise resolves only after its commit.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Deck, SlidePosition } from '../deck/types.js';
import type { EntryStatus, PollStatus } from '../protocol.js';
import type {
  EntryRecord,
  PollRecord,
  SessionRecord,
  SessionSummary,
  Store,
  StoredSession,
  UpvoteRecord,
  VoteRecord,
} from './store.js';

export const DATABASE_FILE = 'parley.sqlite';
const SCHEMA_VERSION = 2;

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
`;

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

export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private queue: PendingWrite[] = [];
  private flushScheduled = false;
  private readonly statements;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, DATABASE_FILE));
    this.db.pragma('journal_mode = WAL');
    // FULL: a committed transaction survives a power cut too, not only a killed process.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(SCHEMA);
    this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
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
      savePoll: this.db.prepare(
        `INSERT INTO polls (session_code, poll_id, status, revealed, round, opened_at, closed_at, participants_at_close)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (session_code, poll_id) DO UPDATE SET
           status = excluded.status, revealed = excluded.revealed, round = excluded.round,
           opened_at = excluded.opened_at, closed_at = excluded.closed_at,
           participants_at_close = excluded.participants_at_close`,
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
    };
  }

  createSession(s: SessionRecord): Promise<void> {
    return this.write(() =>
      this.statements.insertSession.run(s.code, s.deckId, JSON.stringify(s.deck), s.createdAt, s.slide.h, s.slide.v),
    );
  }

  async loadSession(code: string): Promise<StoredSession | null> {
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
    const row = this.statements.latest.get(deckId);
    return row ? toSession(row) : null;
  }

  async listSessions(): Promise<SessionSummary[]> {
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

  async close(): Promise<void> {
    this.flush();
    this.db.close();
  }

  private write(run: () => void): Promise<void> {
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
    try {
      this.db.transaction(() => {
        for (const w of batch) w.run();
      })();
    } catch (err) {
      for (const w of batch) w.reject(err);
      return;
    }
    for (const w of batch) w.resolve();
  }
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
