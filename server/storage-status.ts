// Whether answers are being saved right now, for the facilitator. Sessions reports each write's
// outcome; the first failure turns the status to "not saving" with the problem in words (the
// disk is full, read-only, locked, Redis away), the next success turns it back. While failing,
// a probe write every PROBE_INTERVAL_MS notices recovery even when nobody is voting, so the
// warning on the console and projector goes away by itself once the disk has room again.
import type { StorageStatus } from './protocol.js';

export const PROBE_INTERVAL_MS = 2000;

export class StorageWatch {
  private current: StorageStatus = { saving: true };
  private probe: NodeJS.Timeout | undefined;
  private listener: (status: StorageStatus) => void = () => {};

  constructor(
    /** A tiny write through the store (its health check): resolves once stored. */
    private readonly check: () => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {}

  get status(): StorageStatus {
    return this.current;
  }

  /** Who hears of each change of status (the socket layer, which tells presenters). */
  onChange(listener: (status: StorageStatus) => void): void {
    this.listener = listener;
  }

  /** A write was stored. */
  stored(): void {
    if (this.current.saving) return;
    clearInterval(this.probe);
    this.probe = undefined;
    this.set({ saving: true });
  }

  /** A write failed with `error`. */
  failed(error: unknown): void {
    const problem = describeStorageProblem(error);
    if (!this.current.saving && this.current.problem === problem) return;
    this.set({ saving: false, problem, since: this.current.saving ? new Date(this.now()).toISOString() : this.current.since! });
    this.probe ??= setInterval(() => {
      this.check().then(
        () => this.stored(),
        () => {},
      );
    }, PROBE_INTERVAL_MS).unref();
  }

  /** Stops probing (shutdown). */
  stop(): void {
    clearInterval(this.probe);
    this.probe = undefined;
  }

  private set(status: StorageStatus): void {
    this.current = status;
    this.listener(status);
  }
}

/** What a failed write says about the storage, in the facilitator's words. */
export function describeStorageProblem(error: unknown): string {
  const text = causes(error)
    .map((e) => `${(e as { code?: unknown }).code ?? ''} ${e instanceof Error ? `${e.name} ${e.message}` : String(e)}`)
    .join(' ');
  if (/SQLITE_FULL|ENOSPC|disk is full|no space/i.test(text)) return 'the disk is full';
  if (/SQLITE_READONLY|EROFS|read-?only/i.test(text)) return 'the disk is read-only';
  if (/SQLITE_BUSY|SQLITE_LOCKED|database is locked/i.test(text)) return 'the database is locked by another program';
  if (/redis|ECONNREFUSED|ECONNRESET|Connection is closed|MaxRetriesPerRequest|Stream isn't writeable/i.test(text)) return 'Redis cannot be reached';
  if (/SQLITE_IOERR|EIO|disk I\/O/i.test(text)) return 'the disk reports errors';
  return 'the store refuses writes';
}

/** The error and the errors it wraps (`cause`), outermost first. */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e: unknown = error; e !== undefined && chain.length < 5; e = (e as { cause?: unknown } | null)?.cause) chain.push(e);
  return chain;
}
