// The main thread's side of the SQLite writer thread (sqlite-writer-thread.ts): writes asked for
// in one event-loop turn are handed over together, and each one's promise settles when the thread
// reports the commit of its batch (ack after commit). The main thread never waits on the disk.
// A thread that dies is logged and replaced; the writes it had in hand are refused (they were not
// acknowledged, and may or may not be stored), later ones go to the new thread.
import Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../log.js';
import { taskCpuMs } from '../thread-cpu.js';
import type { StoreStats } from './store.js';
import {
  encodeWrites,
  BUSY_TIMEOUT_MS,
  type FromWriter,
  type SqlValue,
  type ToWriter,
  type Write,
  type WriteFailure,
  type WriteKind,
  type WriterData,
  type WriterSettings,
} from './sqlite-writes.js';

/**
 * Group commit: a write asked for within this long of the last batch handed to the thread waits
 * for the next batch, so a room voting at once shares commits (each one an fsync) instead of
 * taking one each; on an idle store a write goes at once.
 */
export const COMMIT_GAP_MS = 10;

/** A thread that dies this soon after it started is replaced only after this long (not in a tight loop). */
const RESTART_DELAY_MS = 1000;

// Parley runs from its TypeScript sources, and a worker does not inherit the loader of the thread
// that starts it: the thread registers tsx itself, then loads its module. tsx's require hook (not
// its ESM loader, which starts a thread of its own for its hooks) halves the thread's start time.
const BOOT = `require(${JSON.stringify(createRequire(import.meta.url).resolve('tsx/cjs/api'))}).register();
  require(${JSON.stringify(fileURLToPath(new URL('./sqlite-writer-thread.ts', import.meta.url)))});`;

/** The writer thread stopped (crashed, killed) before it reported this write committed. */
export class WriterStoppedError extends Error {
  override name = 'WriterStoppedError';
  constructor() {
    super('The database writer stopped before this write was committed; it was not acknowledged.');
  }
}

interface Pending extends Write {
  queuedAt: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

export class SqliteWriter {
  readonly stats: StoreStats = { commits: 0, writes: 0, failedWrites: 0, failedCommits: 0 };
  private thread!: Worker;
  /** Whether `thread` is alive (false while a replacement waits for RESTART_DELAY_MS). */
  private running = false;
  private startedAt = 0;
  /** Active time of the threads that ran before this one. */
  private pastBusyMs = 0;
  /** The current thread's Linux task id, once it is ready (for its CPU time). */
  private taskId: number | undefined;
  private settings!: Promise<WriterSettings>;
  /** Asked for in this event-loop turn, not yet handed to the thread. */
  private unsent: Pending[] = [];
  private sendScheduled = false;
  /** When the last batch was handed to the thread. */
  private sentAt = 0;
  /** Handed to the thread, not yet reported, in order. */
  private inFlight: Pending[] = [];
  private nextId = 1;
  /** The thread waits for a lock another connection holds on the file. */
  private waiting = false;
  private readonly blockedListeners = new Set<(reason: string) => void>();
  private restartTimer: NodeJS.Timeout | null = null;
  private closing: Promise<void> | null = null;
  private onClosed: (() => void) | null = null;

  constructor(
    private readonly file: string,
    private readonly log: Logger,
  ) {
    this.start();
  }

  /** Resolves once the thread has committed it (and synced it to the disk); rejects if it was not. */
  write(kind: WriteKind, params: SqlValue[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.unsent.push({ id: this.nextId++, kind, params, queuedAt: Date.now(), resolve, reject });
      if (!this.sendScheduled) {
        this.sendScheduled = true;
        const wait = this.sentAt + COMMIT_GAP_MS - Date.now();
        if (wait > 0) setTimeout(() => this.send(), wait);
        else setImmediate(() => this.send());
      }
    });
  }

  /** Why writes cannot be committed right now (the file is locked, no thread runs), or null. */
  blocked(): string | null {
    if (this.waiting) {
      return `${this.file} is locked by another program: writes wait for it (at most ${BUSY_TIMEOUT_MS / 1000} s), then fail.`;
    }
    if (!this.running) return 'The database writer thread stopped; a new one is starting.';
    return null;
  }

  /** Calls `listener` with the reason each time writes become blocked; returns the unsubscribe. */
  onBlocked(listener: (reason: string) => void): () => void {
    this.blockedListeners.add(listener);
    return () => this.blockedListeners.delete(listener);
  }

  /** The connection settings of the current thread, once it has opened the file. */
  connectionSettings(): Promise<WriterSettings> {
    return this.settings;
  }

  /** The current thread (to stop it as a crash would, in tests). */
  get currentThread(): Worker {
    return this.thread;
  }

  /** Commits what was asked for (those writes settle), then stops the thread. */
  close(): Promise<void> {
    this.closing ??= new Promise((resolve) => {
      this.onClosed = resolve;
      this.sendClose();
    });
    return this.closing;
  }

  private start(): void {
    this.restartTimer = null;
    const thread = new Worker(BOOT, { eval: true, workerData: { file: this.file } satisfies WriterData });
    this.thread = thread;
    this.taskId = undefined;
    this.running = true;
    this.startedAt = Date.now();
    let ready!: (settings: WriterSettings) => void;
    this.settings = new Promise((resolve) => (ready = resolve));
    let error: unknown;
    thread.on('message', (message: FromWriter) => {
      if (message.type === 'ready') {
        if (thread === this.thread) this.taskId = message.taskId;
        ready(message.settings);
      } else if (thread === this.thread) this.onMessage(message);
    });
    thread.on('error', (err) => (error = err));
    thread.on('exit', (code) => {
      if (thread === this.thread && this.running) this.died(code, error);
    });
    // Only writes in flight keep the process alive (as a queued commit did on the main thread).
    thread.unref();
  }

  private onMessage(message: Exclude<FromWriter, { type: 'ready' }>): void {
    switch (message.type) {
      case 'waiting':
        this.waiting = true;
        this.tellBlocked();
        return;
      case 'committed': {
        this.waiting = false;
        this.stats.commits += 1;
        const failed = new Map(message.failed);
        const done = this.settled(message.upTo);
        for (const w of done) {
          const failure = failed.get(w.id);
          if (failure) w.reject(asError(failure));
          else w.resolve();
        }
        this.stats.writes += done.length - failed.size;
        this.stats.failedWrites += failed.size;
        return;
      }
      case 'failed': {
        this.waiting = false;
        this.stats.failedCommits += 1;
        const err = asError(message.failure);
        const done = this.settled(message.upTo);
        this.stats.failedWrites += done.length;
        for (const w of done) w.reject(err);
        return;
      }
      case 'closed':
        this.running = false;
        void this.thread.terminate().then(() => this.onClosed?.());
    }
  }

  /** Takes the in-flight writes up to `upTo` off the list; with none left, the thread no longer keeps the process alive. */
  private settled(upTo: number): Pending[] {
    const count = this.inFlight.findIndex((w) => w.id > upTo);
    const done = this.inFlight.splice(0, count === -1 ? this.inFlight.length : count);
    if (this.inFlight.length === 0) this.thread.unref();
    return done;
  }

  private send(): void {
    this.sendScheduled = false;
    if (!this.running || this.unsent.length === 0) return;
    const batch = this.unsent;
    this.unsent = [];
    this.sentAt = Date.now();
    const message: ToWriter = { type: 'writes', ...encodeWrites(batch), queuedAt: batch[0]!.queuedAt };
    this.thread.postMessage(message);
    this.inFlight.push(...batch);
    this.thread.ref();
  }

  private sendClose(): void {
    if (!this.running) {
      if (this.restartTimer) clearTimeout(this.restartTimer);
      this.start();
    }
    this.send();
    this.thread.postMessage({ type: 'close' } satisfies ToWriter);
    this.thread.ref();
  }

  /** How long the writer threads have worked (their event loops' active time), over every thread run so far. */
  busyMs(): number {
    return this.pastBusyMs + (this.running ? this.thread.performance.eventLoopUtilization().active : 0);
  }

  /** The current thread's CPU time so far (ms: statements, commits, the system time of their fsync calls); Linux only. */
  cpuMs(): number | undefined {
    return this.running && this.taskId !== undefined ? taskCpuMs(this.taskId) : undefined;
  }

  private died(code: number, error: unknown): void {
    this.pastBusyMs += this.thread.performance.eventLoopUtilization().active;
    this.running = false;
    this.waiting = false;
    const lost = this.inFlight.splice(0);
    this.log.error(
      { err: error, exitCode: code, refusedWrites: lost.length },
      'store: the SQLite writer thread stopped; the writes it had were refused (not acknowledged); starting a new one',
    );
    this.stats.failedWrites += lost.length;
    for (const w of lost) w.reject(new WriterStoppedError());
    this.tellBlocked();
    if (this.closing) {
      // Stopping anyway: what was not handed over is refused too, rather than starting again.
      const unsent = this.unsent.splice(0);
      this.stats.failedWrites += unsent.length;
      for (const w of unsent) w.reject(new WriterStoppedError());
      this.onClosed?.();
      return;
    }
    const delay = Date.now() - this.startedAt < RESTART_DELAY_MS ? RESTART_DELAY_MS : 0;
    this.restartTimer = setTimeout(() => {
      this.start();
      this.send();
    }, delay);
  }

  private tellBlocked(): void {
    const reason = this.blocked();
    if (reason) for (const listener of this.blockedListeners) listener(reason);
  }
}

/** A failure reported by the thread, as an error again (SQLite's code kept: SQLITE_FULL, SQLITE_BUSY, …). */
function asError(failure: WriteFailure): Error {
  return failure.code ? new Database.SqliteError(failure.message, failure.code) : new Error(failure.message);
}
