// Keeps the sessions in memory in line with the store and the other processes: a stored change
// (this process's own once stored, or another's as it arrives) applied and told to the clients;
// a session put in memory from what was read; read back when this process may have missed changes
// or a write's outcome is unknown; and the participants other processes report.
import { type Change, changeCode } from '../cluster/peers.js';
import { Session } from '../session/session.js';
import type { Store, StoredSession } from '../store/store.js';
import { applyChange } from './apply.js';
import type { LiveSessions } from './cache.js';
import { PeerCounts } from './peer-counts.js';
import { storedPolls } from './stored-polls.js';
import type { PollTimers } from './timers.js';

/** Hears every stored change applied to a session in memory (this process's or another's). */
export type ChangeListener = (session: Session, change: Change, origin?: string) => void;

export class Mirror {
  private changed: ChangeListener = () => {};
  private reloaded: (session: Session) => void = () => {};
  /** Sessions a refused write may have reached the store anyway: read back before their next use (refresh). */
  private readonly uncertain = new Set<string>();
  private readonly refreshing = new Map<string, Promise<void>>();
  /** Participants connected to other processes. */
  private readonly peerCounts = new PeerCounts();

  constructor(
    private readonly store: Store,
    private readonly cache: LiveSessions,
    private readonly timers: PollTimers,
    private readonly now: () => number,
    private readonly minGroupSize: number,
  ) {}

  onChange(listener: ChangeListener): void {
    this.changed = listener;
  }

  onReload(listener: (session: Session) => void): void {
    this.reloaded = listener;
  }

  /**
   * Applies a stored change to this process's copy of its session and tells this process's
   * clients (onChange). Returns the session when it is in memory; null when it is not (it is
   * loaded from the store when needed). `origin`: the client that made the change, when it already shows it.
   */
  apply(change: Change, origin?: string): Session | null {
    const code = changeCode(change);
    this.cache.hold(code, change);
    const session = this.cache.get(code);
    if (!session) return null;
    if (change.kind === 'deleted') this.cache.forget(code);
    else {
      const retimed = applyChange(session, change);
      if (retimed) this.timers.schedule(session, retimed);
      this.cache.touch(code);
    }
    this.changed(session, change, origin);
    return session;
  }

  /** A session read from the store, put in memory (its first use since a restart, or since `sweep` dropped it). */
  restore(stored: StoredSession): Session {
    // Another caller may have restored it meanwhile: keep a single instance per code.
    const existing = this.cache.get(stored.session.code);
    if (existing) return existing;
    const session = new Session(stored.session, storedPolls(stored), this.now, this.minGroupSize);
    this.cache.add(session);
    session.setRemoteParticipants(this.peerCounts.total(session.code));
    // Changes stored while it loaded may be missing from what was read. Taken out first: applying
    // a change holds it in the backlog while there is one, and the loop would never end.
    const missed = this.cache.backlog(session.code);
    this.cache.dropBacklog(session.code);
    for (const change of missed) this.apply(change);
    // Timers carry on where they were (one that ran out while the server was down closes now).
    for (const poll of session.allPolls()) if (poll.timer) this.timers.schedule(session, poll);
    return session;
  }

  /** Reads these sessions (those in memory) back from the store; tells onReload of each. Returns the sessions reloaded. */
  async reload(codes: string[]): Promise<Session[]> {
    for (const code of codes) this.cache.openBacklog(code);
    try {
      const stored = await Promise.all(codes.map((code) => this.store.loadSession(code)));
      return stored.flatMap((record, i) => {
        const session = this.cache.get(codes[i]!);
        if (!session) return [];
        if (!record) {
          this.cache.forget(session.code);
          return [];
        }
        session.reload(record.session, storedPolls(record));
        const missed = this.cache.backlog(session.code);
        this.cache.dropBacklog(session.code);
        for (const change of missed) this.apply(change);
        for (const poll of session.allPolls()) this.timers.schedule(session, poll);
        this.reloaded(session);
        return [session];
      });
    } finally {
      for (const code of codes) this.cache.closeBacklog(code);
    }
  }

  /** A write to this session was refused, but may have reached the store all the same: it is read back before its next use. */
  doubt(code: string): void {
    this.uncertain.add(code);
  }

  isUncertain(code: string): boolean {
    return this.uncertain.has(code);
  }

  /**
   * A write whose outcome is unknown (the connection to Redis dropped before its answer, a writer
   * thread died mid-commit) may have been stored after all: the session is read back from the
   * store before its next use, so that memory is never behind what is stored either.
   */
  async refresh(code: string): Promise<void> {
    let pending = this.refreshing.get(code);
    if (!pending) {
      this.uncertain.delete(code);
      pending = this.reload([code]).then(
        () => {},
        () => void this.uncertain.add(code), // the store is still away: tried again on the next use
      );
      this.refreshing.set(code, pending);
      void pending.finally(() => this.refreshing.delete(code));
    }
    await pending;
  }

  /** Participants connected to another process (`counts` by session code; empty when it left). Returns the sessions whose count changed. */
  peerParticipants(peer: string, counts: Record<string, number>): Session[] {
    const changed: Session[] = [];
    for (const code of this.peerCounts.report(peer, counts)) {
      const session = this.cache.get(code);
      if (session?.setRemoteParticipants(this.peerCounts.total(code))) changed.push(session);
    }
    return changed;
  }
}
