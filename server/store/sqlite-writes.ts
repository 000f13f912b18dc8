// What the SQLite store and its writer thread (sqlite-writer-thread.ts) tell each other. A write
// crosses as the name of one of these statements and its parameters; a turn's writes go as one
// JSON string, which the thread boundary copies as a block (cheaper than cloning an object per write).

export const WRITE_STATEMENTS = {
  insertSession:
    'INSERT INTO sessions (code, deck_id, deck_json, created_at, slide_h, slide_v, visited, follow_up_of, self_paced) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  endSession: 'UPDATE sessions SET ended_at = ? WHERE code = ? AND ended_at IS NULL',
  // Poll states, votes, entries and upvotes go with it (ON DELETE CASCADE).
  deleteSession: 'DELETE FROM sessions WHERE code = ?',
  saveSlide: 'UPDATE sessions SET slide_h = ?, slide_v = ?, visited = ? WHERE code = ?',
  saveDiscussion: 'UPDATE sessions SET discussion = ? WHERE code = ?',
  saveDeck: 'UPDATE sessions SET deck_json = ? WHERE code = ?',
  savePoll: `INSERT INTO polls (session_code, poll_id, status, revealed, round, opened_at, closed_at, participants_at_close,
                                timer_seconds, timer_ends_at, kept_rounds, chart_view)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (session_code, poll_id) DO UPDATE SET
               status = excluded.status, revealed = excluded.revealed, round = excluded.round,
               opened_at = excluded.opened_at, closed_at = excluded.closed_at,
               participants_at_close = excluded.participants_at_close,
               timer_seconds = excluded.timer_seconds, timer_ends_at = excluded.timer_ends_at,
               kept_rounds = excluded.kept_rounds, chart_view = excluded.chart_view`,
  // An answer given earlier than the one stored never replaces it (as in the Redis store).
  saveVote: `INSERT INTO votes (session_code, poll_id, round, participant_id, option_ids, answered_at, changes)
             VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (session_code, poll_id, round, participant_id) DO UPDATE SET
               option_ids = excluded.option_ids, answered_at = excluded.answered_at, changes = excluded.changes
             WHERE excluded.answered_at >= votes.answered_at`,
  saveEntry: `INSERT INTO entries (session_code, poll_id, round, entry_id, participant_id, text, created_at, status, answered_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
              ON CONFLICT (session_code, entry_id) DO UPDATE SET status = excluded.status, answered_at = excluded.answered_at`,
  addUpvote: `INSERT INTO upvotes (session_code, poll_id, round, entry_id, participant_id) VALUES (?, ?, ?, ?, ?)
              ON CONFLICT DO NOTHING`,
  removeUpvote: 'DELETE FROM upvotes WHERE session_code = ? AND entry_id = ? AND participant_id = ?',
  saveLink: `INSERT INTO follow_up_links (session_code, participant_id, step, linked_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (session_code, participant_id) DO UPDATE SET step = excluded.step, linked_at = excluded.linked_at`,
  writeHealth: 'INSERT INTO health_check (id, checked_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at',
} as const;

export type WriteKind = keyof typeof WRITE_STATEMENTS;
export type SqlValue = string | number | null;

/** One write, numbered by the store in the order it was asked for. */
export interface Write {
  id: number;
  kind: WriteKind;
  params: SqlValue[];
}

/** A turn's writes as they cross to the thread: numbered from `firstId` on, in order. */
export function encodeWrites(writes: readonly Write[]): { firstId: number; writes: string } {
  return { firstId: writes[0]!.id, writes: JSON.stringify(writes.map((w) => [w.kind, w.params])) };
}

export function decodeWrites(firstId: number, writes: string): Write[] {
  return (JSON.parse(writes) as [WriteKind, SqlValue[]][]).map(([kind, params], i) => ({ id: firstId + i, kind, params }));
}

/** How long a write waits for the database file while another program holds it locked. */
export const BUSY_TIMEOUT_MS = 5000;

/** What the writer thread is started with (workerData). */
export interface WriterData {
  file: string;
}

/** The store to its writer. */
export type ToWriter =
  /** `queuedAt`: when the first of these writes was asked for (its wait for a lock counts from then). */
  | { type: 'writes'; firstId: number; writes: string; queuedAt: number }
  /** Commit what has arrived, close the connection, answer `closed`. */
  | { type: 'close' };

/** A failure as plain data: SQLite's code (SQLITE_FULL, SQLITE_BUSY, …) survives the trip. */
export interface WriteFailure {
  message: string;
  code?: string;
}

/** The writer's connection settings, as SQLite reports them once it is open. */
export interface WriterSettings {
  journalMode: string;
  /** 2 = FULL. */
  synchronous: number;
  foreignKeys: number;
}

/** The writer to the store. Results cover every write up to `upTo` (writes are committed in order). */
export type FromWriter =
  /** `taskId`: the thread's Linux task id, for its CPU time (thread-cpu.ts); absent elsewhere. */
  | { type: 'ready'; settings: WriterSettings; taskId?: number }
  /** The file is locked by another connection: the batch in hand waits (at most BUSY_TIMEOUT_MS). */
  | { type: 'waiting' }
  /** Committed and synced, except the writes in `failed` (rolled back alone, in their savepoints). */
  | { type: 'committed'; upTo: number; failed: [id: number, failure: WriteFailure][] }
  /** Nothing of the batch is stored. */
  | { type: 'failed'; upTo: number; failure: WriteFailure }
  | { type: 'closed' };
