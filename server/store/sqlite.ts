// The embedded default store: one SQLite file in DATA_DIR (WAL mode).
// Opening checks, on this thread and at once, that the file is a Parley database this version can
// use (StoreOpenError). Then writes go to a writer thread (sqlite-writer.ts) that commits them in
// groups, each write's promise resolving only after its commit; reads stay on this thread, on a
// connection of its own that never writes (in WAL mode a reader does not wait for the writer).
import type Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Deck, SlidePosition } from '../deck/types.js';
import { createLogger, type Logger } from '../log.js';
import type { EntryStatus, PollStatus, SelfPacedWindow } from '../protocol.js';
import { fileSecret } from '../privacy/secret.js';
import { participation, shownRounds } from '../session/records.js';
import type { DiscussionTimer } from '../session/session.js';
import { StoreClosedError } from './errors.js';
import { DATABASE_FILE, openDatabase } from './sqlite-open.js';
import { storedView } from './store.js';
import { SqliteWriter } from './sqlite-writer.js';
import type { SqlValue, WriteKind } from './sqlite-writes.js';
import type {
  EntryRecord,
  LinkRecord,
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
export { DATABASE_FILE, SCHEMA_VERSION } from './sqlite-open.js';
export type { StoreStats } from './store.js';

/**
 * How long GET /healthz waits for its test write to be committed. A lock held by another program
 * is reported sooner (the writer says at once that it waits for one); this bounds the answer when
 * the disk itself is stuck.
 */
const HEALTH_DEADLINE_MS = 500;
/**
 * How long a read may wait for the file. Only something unusual makes a WAL reader wait (another
 * program's exclusive lock), and this thread serves every socket meanwhile.
 */
const READ_BUSY_TIMEOUT_MS = 100;

interface SessionRow {
  code: string;
  deck_id: string;
  deck_json: string;
  created_at: number;
  ended_at: number | null;
  slide_h: number;
  slide_v: number;
  /** JSON of the discussion timer; null when none runs (or in a row written before they existed). */
  discussion: string | null;
  /** JSON array of slide ids; null in a row written before Parley kept them. */
  visited: string | null;
  /** The earlier session of a follow-up; null: none. */
  follow_up_of: string | null;
  /** JSON of a self-paced session's window; null: live. */
  self_paced: string | null;
}
interface LinkRow {
  participant_id: string;
  step: string | null;
  linked_at: number;
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
  /** JSON array of round numbers; null when none were ever kept. */
  kept_rounds: string | null;
  /** The chart view presenters share; null: `normal`. */
  chart_view: string | null;
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

export interface SqliteStoreOptions {
  /** Where a writer thread that stopped is logged (default: warnings and errors on stderr). */
  log?: Logger;
}

export class SqliteStore implements ServerStore {
  /** The database file. */
  readonly file: string;
  /** The thread that writes. */
  readonly writer: SqliteWriter;
  /** DATA_DIR/secret, beside the database. */
  readonly secret: Buffer;
  /** This thread's connection: reads only. */
  private readonly db: Database.Database;
  private closed = false;
  private healthToken = 0;
  /** The health check in progress: checks that come meanwhile share it. */
  private health: Promise<void> | null = null;
  private readonly statements;

  /** Opens (or creates) DATA_DIR/parley.sqlite and DATA_DIR/secret; throws StoreOpenError when either cannot be used. */
  constructor(dataDir: string, options: SqliteStoreOptions = {}) {
    mkdirSync(dataDir, { recursive: true });
    this.file = join(dataDir, DATABASE_FILE);
    this.secret = fileSecret(dataDir);
    this.db = openDatabase(this.file, this.secret);
    this.db.pragma('query_only = ON');
    this.db.pragma(`busy_timeout = ${READ_BUSY_TIMEOUT_MS}`);
    this.statements = {
      session: this.db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE code = ?'),
      latest: this.db.prepare<[string], SessionRow>(
        'SELECT * FROM sessions WHERE deck_id = ? AND ended_at IS NULL AND self_paced IS NULL ORDER BY created_at DESC, rowid DESC LIMIT 1',
      ),
      list: this.db.prepare<[], SessionRow>('SELECT * FROM sessions ORDER BY created_at DESC, rowid DESC'),
      polls: this.db.prepare<[string], PollRow>('SELECT * FROM polls WHERE session_code = ?'),
      // Every round: which records count is the domain's to say (session/records.ts).
      votes: this.db.prepare<[string], VoteRow>('SELECT * FROM votes WHERE session_code = ?'),
      entries: this.db.prepare<[string], EntryRow>('SELECT * FROM entries WHERE session_code = ? ORDER BY created_at, rowid'),
      upvotes: this.db.prepare<[string], UpvoteRow>('SELECT * FROM upvotes WHERE session_code = ?'),
      links: this.db.prepare<[string], LinkRow>('SELECT * FROM follow_up_links WHERE session_code = ? ORDER BY linked_at, rowid'),
      // A session's votes and entries, just what tells who answered which round of which poll.
      answers: this.db.prepare<[string, string], { pollId: string; round: number; participantId: string }>(
        `SELECT poll_id AS pollId, round, participant_id AS participantId FROM votes WHERE session_code = ?
         UNION ALL
         SELECT poll_id, round, participant_id FROM entries WHERE session_code = ?`,
      ),
      readHealth: this.db.prepare<[], { checked_at: number }>('SELECT checked_at FROM health_check WHERE id = 1'),
    };
    // Started once the file is known to be usable, so that opening errors are thrown here, at once.
    this.writer = new SqliteWriter(this.file, options.log ?? createLogger('warn', process.stderr));
  }

  /** What the store has done since it opened (its writer counts). */
  get stats(): StoreStats {
    return { ...this.writer.stats, writerBusyMs: this.writer.busyMs() };
  }

  writerCpuMs(): number | undefined {
    return this.writer.cpuMs();
  }

  createSession(s: SessionRecord): Promise<void> {
    return this.write('insertSession', [
      s.code,
      s.deckId,
      JSON.stringify(s.deck),
      s.createdAt,
      s.slide.h,
      s.slide.v,
      JSON.stringify(s.visited ?? []),
      s.followUpOf ?? null,
      s.selfPaced ? JSON.stringify(s.selfPaced) : null,
    ]);
  }

  async loadSession(code: string): Promise<StoredSession | null> {
    this.ensureOpen();
    // One read transaction: the writer may commit between these statements, and a session must be
    // read as of one moment (a poll's round with that round's votes).
    return this.db.transaction(() => this.readSession(code))();
  }

  async latestSession(deckId: string): Promise<SessionRecord | null> {
    this.ensureOpen();
    const row = this.statements.latest.get(deckId);
    return row ? toSession(row) : null;
  }

  async listSessions(): Promise<SessionSummary[]> {
    this.ensureOpen();
    // One read transaction: each session's rounds as of the moment its answers are read.
    return this.db.transaction(() =>
      this.statements.list.all().map((row) => {
        const polls = this.statements.polls.all(row.code).map((p) => ({ pollId: p.poll_id, round: p.round, kept: keptRounds(p) }));
        return {
          code: row.code,
          deckId: row.deck_id,
          title: (JSON.parse(row.deck_json) as Deck).meta.title,
          createdAt: row.created_at,
          endedAt: row.ended_at,
          ...participation(polls, this.statements.answers.iterate(row.code, row.code)),
          ...(row.follow_up_of && { followUpOf: row.follow_up_of }),
          ...(row.self_paced && { selfPaced: JSON.parse(row.self_paced) as SelfPacedWindow }),
        };
      }),
    )();
  }

  endSession(code: string, endedAt: number): Promise<void> {
    return this.write('endSession', [endedAt, code]);
  }

  deleteSession(code: string): Promise<void> {
    return this.write('deleteSession', [code]);
  }

  saveSlide(code: string, slide: SlidePosition, visited: readonly string[]): Promise<void> {
    return this.write('saveSlide', [slide.h, slide.v, JSON.stringify(visited), code]);
  }

  saveDiscussion(code: string, timer: DiscussionTimer | null): Promise<void> {
    return this.write('saveDiscussion', [timer && JSON.stringify(timer), code]);
  }

  saveDeck(code: string, deck: Deck): Promise<void> {
    return this.write('saveDeck', [JSON.stringify(deck), code]);
  }

  savePoll(p: PollRecord): Promise<void> {
    return this.write('savePoll', [
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
      p.kept?.length ? JSON.stringify(p.kept) : null,
      p.view && p.view !== 'normal' ? p.view : null,
    ]);
  }

  saveVote(v: VoteRecord): Promise<void> {
    return this.write('saveVote', [v.code, v.pollId, v.round, v.participantId, JSON.stringify(v.optionIds), v.answeredAt, v.changes]);
  }

  saveEntry(e: EntryRecord): Promise<void> {
    return this.write('saveEntry', [e.code, e.pollId, e.round, e.id, e.participantId, e.text, e.createdAt, e.status, e.answeredAt]);
  }

  saveUpvote(u: UpvoteRecord, up: boolean): Promise<void> {
    return up
      ? this.write('addUpvote', [u.code, u.pollId, u.round, u.entryId, u.participantId])
      : this.write('removeUpvote', [u.code, u.entryId, u.participantId]);
  }

  saveLink(l: LinkRecord): Promise<void> {
    return this.write('saveLink', [l.code, l.participantId, l.step, l.linkedAt]);
  }

  async loadLinks(code: string): Promise<LinkRecord[]> {
    this.ensureOpen();
    return this.statements.links.all(code).map((l) => ({ code, participantId: l.participant_id, step: l.step, linkedAt: l.linked_at }));
  }

  /**
   * Proves the store takes writes (GET /healthz) without this thread ever waiting: a tiny write
   * through the writer — committed and synced like any vote — read back afterwards. Rejects with
   * the reason: at once while the writer is blocked (the file locked by another program, no writer
   * thread), when the write fails, or when it is not committed in time (committedInTime).
   */
  check(): Promise<void> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    const blocked = this.writer.blocked();
    if (blocked) return Promise.reject(new Error(blocked));
    this.health ??= this.healthWrite().finally(() => (this.health = null));
    return this.health;
  }

  /** Whether close() was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Commits what is queued (those writes resolve), stops the writer, closes the file. Later writes
   * are refused. Every call waits for the same end.
   */
  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.db.close();
    }
    return this.writer.close();
  }

  private readSession(code: string): StoredSession | null {
    const row = this.statements.session.get(code);
    if (!row) return null;
    const polls = this.statements.polls.all(code).map((p) => ({
      code,
      pollId: p.poll_id,
      status: p.status,
      revealed: p.revealed === 1,
      round: p.round,
      openedAt: p.opened_at,
      closedAt: p.closed_at,
      participantsAtClose: p.participants_at_close,
      timer: p.timer_seconds === null || p.timer_ends_at === null ? null : { seconds: p.timer_seconds, endsAt: p.timer_ends_at },
      kept: keptRounds(p),
      ...storedView(p.chart_view),
    }));
    const records = {
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
    return { session: toSession(row), polls, ...shownRounds(polls, records) };
  }

  private async healthWrite(): Promise<void> {
    const token = Date.now() * 1000 + (this.healthToken++ % 1000);
    await committedInTime(this.write('writeHealth', [token]), this.writer);
    if (this.closed) throw new StoreClosedError();
    const read = this.statements.readHealth.get();
    if (read?.checked_at !== token) throw new Error('The health check row did not read back as written.');
  }

  private ensureOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }

  private write(kind: WriteKind, params: SqlValue[]): Promise<void> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    return this.writer.write(kind, params);
  }
}

/**
 * Settles as `written` does, or rejects sooner: once the writer is blocked, or when HEALTH_DEADLINE_MS
 * have passed since the writer thread was ready (a thread still starting is not a stuck disk).
 */
function committedInTime(written: Promise<void>, writer: SqliteWriter): Promise<void> {
  return new Promise((resolve, reject) => {
    let finished = false;
    let timer: NodeJS.Timeout | undefined;
    const done = (err?: Error): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      unsubscribe();
      if (err) reject(err);
      else resolve();
    };
    void writer.connectionSettings().then(() => {
      if (finished) return;
      timer = setTimeout(
        () => done(new Error(`The database has not committed a write within ${HEALTH_DEADLINE_MS} ms (a slow or stuck disk?).`)),
        HEALTH_DEADLINE_MS,
      );
    });
    const unsubscribe = writer.onBlocked((reason) => done(new Error(reason)));
    written.then(
      () => done(),
      (err: unknown) => done(err instanceof Error ? err : new Error(String(err))),
    );
  });
}

function toSession(row: SessionRow): SessionRecord {
  return {
    code: row.code,
    deckId: row.deck_id,
    deck: JSON.parse(row.deck_json) as Deck,
    createdAt: row.created_at,
    endedAt: row.ended_at,
    slide: { h: row.slide_h, v: row.slide_v },
    discussion: row.discussion === null ? null : (JSON.parse(row.discussion) as DiscussionTimer),
    visited: row.visited ? (JSON.parse(row.visited) as string[]) : [],
    ...(row.follow_up_of && { followUpOf: row.follow_up_of }),
    ...(row.self_paced && { selfPaced: JSON.parse(row.self_paced) as SelfPacedWindow }),
  };
}

/** The rounds a poll kept by vote again (none in a row written before they were kept). */
function keptRounds(p: Pick<PollRow, 'kept_rounds'>): number[] {
  return p.kept_rounds === null ? [] : (JSON.parse(p.kept_rounds) as number[]);
}
