// The live sessions of this process: creates them, loads them back from the store after a
// restart, and persists every change the domain makes before the caller acknowledges it.
import type { Deck, SlidePosition } from './deck/types.js';
import type { MyAnswer, PollAction } from './protocol.js';
import { newJoinCode } from './session/code.js';
import { ProtocolFailure } from './session/failure.js';
import type { Answer } from './session/poll.js';
import type { PollState } from './session/poll.js';
import { Session, type StoredPoll } from './session/session.js';
import type { SessionSummary, Store, StoredSession } from './store/store.js';
import { buildExport, type SessionExport } from './export/model.js';

export class Sessions {
  private readonly live = new Map<string, Session>();
  private readonly loading = new Map<string, Promise<Session | null>>();

  constructor(
    private readonly store: Store,
    readonly decks: ReadonlyMap<string, Deck>,
    private readonly now: () => number = Date.now,
  ) {}

  async create(deckId: string): Promise<Session> {
    const deck = this.decks.get(deckId);
    if (!deck) throw new ProtocolFailure('not_found', `No deck named "${deckId}".`);
    const code = await this.unusedCode();
    const record = { code, deckId, deck, createdAt: this.now(), endedAt: null, slide: { h: 0, v: 0 } };
    await this.store.createSession(record);
    const session = new Session(record);
    this.live.set(code, session);
    return session;
  }

  /** The latest session of a deck if it started less than `maxAgeMs` ago, else a new one. */
  async resumeOrCreate(deckId: string, maxAgeMs: number): Promise<{ session: Session; resumed: boolean }> {
    const latest = await this.store.latestSession(deckId);
    if (latest && this.now() - latest.createdAt < maxAgeMs) {
      const session = await this.get(latest.code);
      if (session) return { session, resumed: true };
    }
    return { session: await this.create(deckId), resumed: false };
  }

  /** A session by join code, loaded from the store on first use after a restart. */
  async get(code: string): Promise<Session | null> {
    const session = this.live.get(code);
    if (session) return session;
    let pending = this.loading.get(code);
    if (!pending) {
      pending = this.store.loadSession(code).then((stored) => stored && this.restore(stored));
      this.loading.set(code, pending);
      void pending.finally(() => this.loading.delete(code)).catch(() => {});
    }
    return pending;
  }

  async require(code: string): Promise<Session> {
    const session = await this.get(code);
    if (!session) throw new ProtocolFailure('not_found', `No session with code ${code}.`);
    return session;
  }

  async vote(session: Session, participantId: string, pollId: string, optionIds: string[]): Promise<MyAnswer> {
    const poll = session.poll(pollId);
    const { answer, changed } = poll.vote(participantId, optionIds, this.now());
    if (changed) {
      await this.store.saveVote({ code: session.code, pollId, round: poll.round, participantId, ...answer });
    }
    return { pollId, round: poll.round, optionIds: answer.optionIds };
  }

  async control(session: Session, pollId: string, action: PollAction): Promise<{ poll: PollState; changed: boolean }> {
    const result = session.control(pollId, action, this.now());
    if (result.changed) await this.store.savePoll({ code: session.code, pollId, ...result.poll.snapshot() });
    return result;
  }

  async goto(session: Session, position: SlidePosition): Promise<boolean> {
    const moved = session.goto(position);
    if (moved) await this.store.saveSlide(session.code, session.position);
    return moved;
  }

  /** Ends a session: open polls close, phones are told, no more votes. */
  async end(session: Session): Promise<PollState[]> {
    const closed = session.end(this.now());
    await Promise.all([
      ...closed.map((poll) => this.store.savePoll({ code: session.code, pollId: poll.poll.id, ...poll.snapshot() })),
      this.store.endSession(session.code, session.endedAt!),
    ]);
    return closed;
  }

  /** Deletes a session and everything recorded in it. */
  async delete(code: string): Promise<void> {
    this.live.delete(code);
    await this.store.deleteSession(code);
  }

  list(): Promise<SessionSummary[]> {
    return this.store.listSessions();
  }

  /** What exports are made of: read from the store, so a live and a finished session look alike. */
  async exportOf(code: string): Promise<SessionExport> {
    const stored = await this.store.loadSession(code);
    if (!stored) throw new ProtocolFailure('not_found', `No session with code ${code}.`);
    return buildExport(stored);
  }

  private restore(stored: StoredSession): Session {
    // Another caller may have restored it meanwhile: keep a single instance per code.
    const existing = this.live.get(stored.session.code);
    if (existing) return existing;
    const answers = new Map<string, Map<string, Answer>>();
    for (const v of stored.votes) {
      const byParticipant = answers.get(v.pollId) ?? new Map<string, Answer>();
      byParticipant.set(v.participantId, { optionIds: v.optionIds, answeredAt: v.answeredAt, changes: v.changes });
      answers.set(v.pollId, byParticipant);
    }
    const polls: StoredPoll[] = stored.polls.map(({ code: _code, pollId, ...snapshot }) => ({
      pollId,
      snapshot,
      answers: answers.get(pollId) ?? new Map(),
    }));
    // Votes of polls that were never opened-and-saved cannot exist, so polls covers every vote.
    const session = new Session(stored.session, polls);
    this.live.set(session.code, session);
    return session;
  }

  private async unusedCode(): Promise<string> {
    for (;;) {
      const code = newJoinCode();
      if (!this.live.has(code) && !(await this.store.loadSession(code))) return code;
    }
  }
}
