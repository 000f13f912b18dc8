// The sessions this process holds in memory: each loaded from the store on first use (once,
// however many ask at the same time), when each was last used, and when memory lets one go — a
// server left running through weeks of workshops keeps only what is live. Changes that arrive
// while a session is being (re)loaded wait in its backlog, to be applied once it is.
import type { Change } from '../cluster/peers.js';
import type { SerialQueue } from '../serial.js';
import { newJoinCode } from '../session/code.js';
import type { Session } from '../session/session.js';
import type { Store, StoredSession } from '../store/store.js';
import type { PollTimers } from './timers.js';

/** When `sweep` drops a session from memory: unused for `idleMs`, or ended and unused for `endedGraceMs`. */
export interface MemoryPolicy {
  idleMs: number;
  endedGraceMs: number;
}

/** A session nobody is connected to stays in memory this long; an ended one this long after its last phone left. */
export const DEFAULT_MEMORY: MemoryPolicy = { idleMs: 30 * 60_000, endedGraceMs: 60_000 };

export class LiveSessions {
  private readonly live = new Map<string, Session>();
  private readonly loading = new Map<string, Promise<Session | null>>();
  /** When each session in memory was last used (a message, a change, a connection). */
  private readonly usedAt = new Map<string, number>();
  /** Changes that came in while their session was being (re)loaded: applied once it is. */
  private readonly backlogs = new Map<string, Change[]>();

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    private readonly memory: MemoryPolicy,
    private readonly timers: PollTimers,
    /** The changes under way: a session with one is not dropped. */
    private readonly queue: SerialQueue,
  ) {}

  get(code: string): Session | undefined {
    return this.live.get(code);
  }

  /** The session in memory, marked as used now. */
  use(code: string): Session | undefined {
    const session = this.live.get(code);
    if (session) this.usedAt.set(code, this.now());
    return session;
  }

  touch(code: string): void {
    this.usedAt.set(code, this.now());
  }

  /** A session new in memory: created, or restored from the store. */
  add(session: Session): void {
    this.live.set(session.code, session);
    this.usedAt.set(session.code, this.now());
  }

  /** Loads a session from the store, once however many ask meanwhile; `restore` puts what was read in memory. */
  load(code: string, restore: (stored: StoredSession) => Session): Promise<Session | null> {
    let pending = this.loading.get(code);
    if (!pending) {
      this.backlogs.set(code, []);
      pending = this.store.loadSession(code).then((stored) => stored && restore(stored));
      this.loading.set(code, pending);
      void pending
        .finally(() => {
          this.loading.delete(code);
          this.backlogs.delete(code);
        })
        .catch(() => {});
    }
    return pending;
  }

  /** Keeps the changes to `code` from now on in its backlog, until `dropBacklog` (a reload). */
  openBacklog(code: string): void {
    if (!this.backlogs.has(code)) this.backlogs.set(code, []);
  }

  /** Holds a change in its session's backlog while the session is being (re)loaded. */
  hold(code: string, change: Change): void {
    const backlog = this.backlogs.get(code);
    if (backlog) backlog.push(change);
  }

  backlog(code: string): Change[] {
    return this.backlogs.get(code) ?? [];
  }

  dropBacklog(code: string): void {
    this.backlogs.delete(code);
  }

  /** Drops the backlog a reload opened, unless the session is being loaded (the load's backlog, then). */
  closeBacklog(code: string): void {
    if (!this.loading.has(code)) this.backlogs.delete(code);
  }

  /** Drops a session from memory, with its timers (deleted, or left for the store to keep). */
  forget(code: string): void {
    this.live.delete(code);
    this.usedAt.delete(code);
    this.timers.forget(code);
  }

  /**
   * Drops from memory the sessions nobody on this process is connected to that ended a grace
   * period ago, or were not used for `idleMs`. A session dropped is loaded back from the store on
   * its next use, with its polls, rounds, entries and running timers. Returns the codes dropped.
   */
  sweep(): string[] {
    const now = this.now();
    const dropped: string[] = [];
    for (const [code, session] of this.live) {
      if (session.localParticipants > 0 || this.backlogs.has(code) || this.queue.has(code)) continue;
      const idle = now - (this.usedAt.get(code) ?? now);
      const over = session.endedAt === null ? idle >= this.memory.idleMs : idle >= this.memory.endedGraceMs;
      if (!over) continue;
      this.forget(code);
      dropped.push(code);
    }
    return dropped;
  }

  /** A join code no session has, in memory or in the store. */
  async unusedCode(): Promise<string> {
    for (;;) {
      const code = newJoinCode();
      if (!this.live.has(code) && !(await this.store.loadSession(code))) return code;
    }
  }

  codes(): string[] {
    return [...this.live.keys()];
  }

  /** The sessions of a deck that are in memory and not ended. */
  ofDeck(deckId: string): Session[] {
    return [...this.live.values()].filter((s) => s.deck.id === deckId && s.endedAt === null);
  }

  /** Participants connected to this process, per session code (sessions with none left out). */
  localParticipants(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const session of this.live.values()) if (session.localParticipants) counts[session.code] = session.localParticipants;
    return counts;
  }

  /** Sessions in memory not ended, and participants connected to this process. */
  stats(): { sessions: number; participants: number } {
    let sessions = 0;
    let participants = 0;
    for (const session of this.live.values()) {
      if (session.endedAt === null) sessions += 1;
      participants += session.localParticipants;
    }
    return { sessions, participants };
  }
}
