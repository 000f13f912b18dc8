// The SQLite writer thread (started by sqlite-writer.ts): it owns the connection that writes, so
// the main thread never waits on a commit, an fsync or a lock held by another program.
// Group commit: everything that arrived since the last commit goes into one transaction, each write
// one statement (a failing one is refused alone); a failed commit refuses the batch.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { currentTaskId } from '../thread-cpu.js';
import { useWriteSettings } from './sqlite-open.js';
import {
  BUSY_TIMEOUT_MS,
  decodeWrites,
  WRITE_STATEMENTS,
  type FromWriter,
  type ToWriter,
  type Write,
  type WriteFailure,
  type WriterData,
} from './sqlite-writes.js';

/**
 * SQLite's own busy wait per attempt to take the write lock. Short, so the store hears at once
 * that the file is locked (GET /healthz says so) while the batch keeps trying until its deadline.
 */
const LOCK_ATTEMPT_MS = 20;

const port = parentPort!;
const { file } = workerData as WriterData;
const db = new Database(file, { timeout: LOCK_ATTEMPT_MS });
useWriteSettings(db);
const statements = Object.fromEntries(Object.entries(WRITE_STATEMENTS).map(([kind, sql]) => [kind, db.prepare(sql)])) as Record<
  Write['kind'],
  Database.Statement
>;

let pending: Write[] = [];
/** When the oldest pending write was asked for. */
let oldest = 0;
let scheduled = false;

const post = (message: FromWriter): void => port.postMessage(message);

port.on('message', (message: ToWriter) => {
  if (message.type === 'close') {
    commit();
    db.close();
    post({ type: 'closed' });
    return;
  }
  if (pending.length === 0) oldest = message.queuedAt;
  for (const write of decodeWrites(message.firstId, message.writes)) pending.push(write);
  // Writes that arrive while a commit runs are all delivered before this fires: they go together.
  if (!scheduled) {
    scheduled = true;
    setImmediate(commit);
  }
});

const taskId = currentTaskId();
post({
  type: 'ready',
  ...(taskId === undefined ? {} : { taskId }),
  settings: {
    journalMode: db.pragma('journal_mode', { simple: true }) as string,
    synchronous: db.pragma('synchronous', { simple: true }) as number,
    foreignKeys: db.pragma('foreign_keys', { simple: true }) as number,
  },
});

function commit(): void {
  scheduled = false;
  const batch = pending;
  if (batch.length === 0) return;
  pending = [];
  const upTo = batch[batch.length - 1]!.id;
  const failed: [number, WriteFailure][] = [];
  try {
    begin(oldest + BUSY_TIMEOUT_MS);
    for (const w of batch) {
      try {
        // Every write is one statement, and SQLite undoes a failing statement alone (the
        // transaction goes on): no savepoint needed to refuse one write and commit the rest.
        statements[w.kind].run(...w.params);
      } catch (err) {
        // Some errors (disk full, I/O) roll the whole transaction back: then nothing of the batch
        // can be committed, and every write of it is refused.
        if (!db.inTransaction) throw err;
        failed.push([w.id, failure(err)]);
      }
    }
    db.exec('COMMIT');
  } catch (err) {
    // A connection that cannot even roll back is in a state nobody knows: that error ends this
    // thread, and the store starts a new one (refusing this batch).
    if (db.inTransaction) db.exec('ROLLBACK');
    post({ type: 'failed', upTo, failure: failure(err) });
    return;
  }
  // Committed and synced (synchronous = FULL): only now may the store acknowledge these writes.
  post({ type: 'committed', upTo, failed });
}

/** Takes the write lock, waiting for another connection's lock until `deadline`; throws SQLITE_BUSY after. */
function begin(deadline: number): void {
  for (let told = false; ; ) {
    try {
      db.exec('BEGIN IMMEDIATE');
      return;
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw err;
      if (!told) post({ type: 'waiting' });
      told = true;
    }
  }
}

function failure(err: unknown): WriteFailure {
  const code = (err as { code?: unknown }).code;
  return {
    message: err instanceof Error ? err.message : String(err),
    ...(typeof code === 'string' ? { code } : {}),
  };
}
