// The write path, store → apply → publish: a change decided against memory without changing it
// is written, and only once stored applied (Mirror.apply, the same path as another process's
// changes) and published to the other processes, before the caller acknowledges. Memory is never
// ahead of the store, so a retry after a failure is decided afresh and stored.
import { type Change, changeCode, LOCAL_PEERS, type Peers } from '../cluster/peers.js';
import { ProtocolFailure } from '../session/failure.js';
import type { StorageWatch } from '../storage-status.js';
import type { SessionRecord, Store } from '../store/store.js';
import type { Mirror } from './mirror.js';
import { writeChange } from './write.js';

/** A change was decided but the store did not take it: nothing of it was applied or acknowledged. */
export class NotStoredError extends Error {
  override name = 'NotStoredError';
  constructor(override readonly cause: unknown) {
    super(`Not stored: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

export class Commits {
  constructor(
    private readonly store: Store,
    private readonly mirror: Mirror,
    private readonly peers: Peers,
    /** Hears whether writes are stored or refused (what presenters are warned of). */
    private readonly storage: StorageWatch | undefined,
  ) {}

  /** Stores a new session. */
  async create(record: SessionRecord): Promise<void> {
    try {
      await this.store.createSession(record);
    } catch (err) {
      throw this.refused([], err);
    }
    this.storage?.stored();
  }

  /** Store → apply → publish, for one change (every vote goes this way). A change that was not stored throws NotStoredError. */
  async commit(change: Change, origin?: string): Promise<void> {
    try {
      await writeChange(this.store, change);
    } catch (err) {
      throw this.refused([change], err);
    }
    this.mirror.apply(change, origin);
    this.storage?.stored();
    // Without other processes nothing is published: no turn of the event loop spent on it.
    if (this.peers !== LOCAL_PEERS) await this.publish([change]);
  }

  /** As `commit`, for changes made together: those stored are applied even when another one failed. */
  async commitAll(changes: Change[], origin?: string): Promise<void> {
    const written = await Promise.allSettled(changes.map((change) => writeChange(this.store, change)));
    const stored = changes.filter((_, i) => written[i]!.status === 'fulfilled');
    for (const change of stored) this.mirror.apply(change, origin);
    const failed = written.find((w): w is PromiseRejectedResult => w.status === 'rejected');
    if (failed)
      throw this.refused(
        changes.filter((_, i) => written[i]!.status === 'rejected'),
        failed.reason,
      );
    if (stored.length) this.storage?.stored();
    await this.publish(stored);
  }

  /** The error for changes the store refused with `err`; their sessions are read back before next use (the outcome may be unknown). */
  private refused(changes: Change[], err: unknown): Error {
    // A refusal the store words for the client itself (it is shutting down): no storage problem.
    if (err instanceof ProtocolFailure) return err;
    for (const change of changes) this.mirror.doubt(changeCode(change));
    this.storage?.failed(err);
    return new NotStoredError(err);
  }

  /**
   * Stored and applied: acknowledged even if publishing fails — the other processes notice the
   * missing batch by its number and reload from the store. Without other processes, nothing to wait for.
   */
  private async publish(changes: Change[]): Promise<void> {
    if (this.peers === LOCAL_PEERS || changes.length === 0) return;
    await Promise.all(changes.map((change) => this.peers.publish(change))).catch(() => {});
  }
}
