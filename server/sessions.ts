// The live sessions of this process: creates them, loads them back from the store after a
// restart, and persists every change the domain makes before the caller acknowledges it.
import { type Deck, type SlidePosition, UNSAID_ROLE } from './deck/types.js';
import type { ChartView, Entry, ModerateAction, MyAnswer, PollAction, SlideTimer } from './protocol.js';
import { NO_FILTER, type WordFilter } from './moderation/word-filter.js';
import { newEntryId, newJoinCode } from './session/code.js';
import type { EntryData } from './session/entries.js';
import { ProtocolFailure } from './session/failure.js';
import type { PollSnapshot, PollState } from './session/poll.js';
import { Session, type DeckReplacement } from './session/session.js';
import { Deadlines, type Scheduler } from './session/timers.js';
import { DEFAULT_MIN_GROUP_SIZE, ROLE_POLL_ID } from './session/roles.js';
import type { SessionSummary, Store, StoredSession } from './store/store.js';
import { changeCode, LOCAL_PEERS, type Change, type Peers } from './cluster/peers.js';
import { SerialQueue } from './serial.js';
import type { StorageWatch } from './storage-status.js';
import { buildExport, type SessionExport } from './export/model.js';
import { applyChange } from './sessions/apply.js';
import { type Guard, ParticipantLimits } from './sessions/participant-limits.js';
import { PeerCounts } from './sessions/peer-counts.js';
import { storedPolls } from './sessions/stored-polls.js';
import { writeChange } from './sessions/write.js';

export interface SessionsOptions {
  now?: () => number;
  /** Holds matching text answers and questions for the presenter's approval. */
  filter?: WordFilter;
  /** What runs poll timers out (default: Node's timers). */
  scheduler?: Scheduler;
  /** The other processes serving the same sessions (REDIS_URL); none by default. */
  peers?: Peers;
  /** Hears whether writes are stored or refused (what presenters are warned of). */
  storage?: StorageWatch;
  /** When `sweep` drops sessions from memory (default: DEFAULT_MEMORY). */
  memory?: { idleMs: number; endedGraceMs: number };
  /** The privacy floor of a split by role (default: DEFAULT_MIN_GROUP_SIZE). */
  minGroupSize?: number;
}

/** A session nobody is connected to stays in memory this long; an ended one this long after its last phone left. */
export const DEFAULT_MEMORY = { idleMs: 30 * 60_000, endedGraceMs: 60_000 };

/** How long one process holds the right to close a poll whose timer ran out. */
const TIMER_CLAIM_MS = 60_000;
/** How soon closing a timed-out poll is tried again when the store refused it. */
export const TIMER_RETRY_MS = 1000;

/** A poll timer ran out but closing the poll failed (it is tried again TIMER_RETRY_MS later, until it is stored). */
export interface TimerFailure {
  session: Session;
  pollId: string;
  error: unknown;
}

/** Hears every stored change applied to a session in memory (this process's or another's). */
export type ChangeListener = (session: Session, change: Change, origin?: string) => void;

/** A change was decided but the store did not take it: nothing of it was applied or acknowledged. */
export class NotStoredError extends Error {
  override name = 'NotStoredError';
  constructor(override readonly cause: unknown) {
    super(`Not stored: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

export class Sessions {
  private readonly live = new Map<string, Session>();
  private readonly loading = new Map<string, Promise<Session | null>>();
  private readonly now: () => number;
  private readonly filter: WordFilter;
  private readonly limits = new ParticipantLimits();
  /** The decks sessions can be started from; `npm run dev` replaces them as their files change. */
  private readonly deckList: Map<string, Deck>;
  /** Poll timers, keyed `code/pollId`. */
  private readonly deadlines: Deadlines;
  private timerFailed: (failure: TimerFailure) => void = () => {};
  private changed: ChangeListener = () => {};
  private reloaded: (session: Session) => void = () => {};
  /** Sessions a refused write may have reached the store anyway: read back before their next use (refresh). */
  private readonly uncertain = new Set<string>();
  private readonly refreshing = new Map<string, Promise<void>>();
  /** One change at a time per participant, and per session for the presenter's actions (see SerialQueue). */
  private readonly queue = new SerialQueue();
  private readonly peers: Peers;
  private readonly storage: StorageWatch | undefined;
  private readonly memory: { idleMs: number; endedGraceMs: number };
  /** When each session in memory was last used (a message, a change, a connection). */
  private readonly usedAt = new Map<string, number>();
  /** Changes that came in while their session was being (re)loaded: applied once it is. */
  private readonly backlog = new Map<string, Change[]>();
  /** Participants connected to other processes. */
  private readonly peerCounts = new PeerCounts();
  private readonly minGroupSize: number;

  constructor(
    private readonly store: Store,
    decks: ReadonlyMap<string, Deck>,
    options: SessionsOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.filter = options.filter ?? NO_FILTER;
    this.deckList = new Map(decks);
    this.deadlines = new Deadlines(this.now, options.scheduler);
    this.peers = options.peers ?? LOCAL_PEERS;
    this.storage = options.storage;
    this.memory = options.memory ?? DEFAULT_MEMORY;
    this.minGroupSize = options.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
  }

  get decks(): ReadonlyMap<string, Deck> {
    return this.deckList;
  }

  /** Who hears of every stored change applied in memory (the socket layer's notifier, which tells the clients). */
  onChange(listener: ChangeListener): void {
    this.changed = listener;
  }

  /** Who hears of a session read back from the store (its clients are sent the whole state again). */
  onReload(listener: (session: Session) => void): void {
    this.reloaded = listener;
  }

  /** Who hears of a poll timer that ran out but whose poll could not be closed (the log). */
  onTimerFailed(listener: (failure: TimerFailure) => void): void {
    this.timerFailed = listener;
  }

  async create(deckId: string): Promise<Session> {
    const deck = this.decks.get(deckId);
    if (!deck) throw new ProtocolFailure('not_found', `No deck named "${deckId}".`);
    const code = await this.unusedCode();
    const record = { code, deckId, deck, createdAt: this.now(), endedAt: null, slide: { h: 0, v: 0 }, visited: [] };
    try {
      await this.store.createSession(record);
    } catch (err) {
      if (err instanceof ProtocolFailure) throw err;
      this.storage?.failed(err);
      throw new NotStoredError(err);
    }
    this.storage?.stored();
    const session = new Session(record, [], this.now, this.minGroupSize);
    this.live.set(code, session);
    this.usedAt.set(code, this.now());
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

  /**
   * The session in memory, when it can be used as it is (not to be read back from the store
   * first): what every vote looks up, without a turn of the event loop. Else null: use `get`.
   */
  ready(code: string): Session | null {
    if (this.uncertain.has(code)) return null;
    const session = this.live.get(code);
    if (session) this.usedAt.set(code, this.now());
    return session ?? null;
  }

  /** A session by join code, loaded from the store on first use after a restart. */
  async get(code: string): Promise<Session | null> {
    const session = this.live.get(code);
    if (session) {
      this.usedAt.set(code, this.now());
      if (this.uncertain.has(code)) await this.refresh(code);
      return this.live.get(code) ?? null;
    }
    let pending = this.loading.get(code);
    if (!pending) {
      this.backlog.set(code, []);
      pending = this.store.loadSession(code).then((stored) => stored && this.restore(stored));
      this.loading.set(code, pending);
      void pending
        .finally(() => {
          this.loading.delete(code);
          this.backlog.delete(code);
        })
        .catch(() => {});
    }
    return pending;
  }

  async require(code: string): Promise<Session> {
    const session = await this.get(code);
    if (!session) throw new ProtocolFailure('not_found', `No session with code ${code}.`);
    return session;
  }

  async vote(session: Session, participantId: string, pollId: string, optionIds: string[]): Promise<MyAnswer> {
    return this.queue.run(participantKey(session, participantId), async () => {
      const poll = session.poll(pollId);
      const { answer, changed } = poll.decideVote(participantId, optionIds, this.now());
      const round = poll.round;
      if (changed) {
        await this.commit({ kind: 'vote', vote: { code: session.code, pollId, round, participantId, ...answer } });
      } else if (this.peers !== LOCAL_PEERS) {
        // Another process may have stored a later answer of this phone and died before telling
        // this one (its phones reconnect here and send their answer again): the same answer is
        // stored again, as given now, so that what is acknowledged is what is stored.
        await this.commit({ kind: 'vote', vote: { code: session.code, pollId, round, participantId, ...answer, answeredAt: this.now() } });
      }
      return { pollId, round, optionIds: answer.optionIds };
    });
  }

  /**
   * The role a participant gives (a deck with roles; null: "Prefer not to say"): their answer to
   * the session's hidden poll of roles, stored like a vote. Refused once the session has ended.
   */
  async setRole(session: Session, participantId: string, role: string | null): Promise<string | null> {
    if (session.endedAt !== null) throw new ProtocolFailure('forbidden', 'This session has ended.');
    await this.vote(session, participantId, ROLE_POLL_ID, [role ?? UNSAID_ROLE]);
    return role;
  }

  /**
   * A `text` answer or `qa` question: checked, held if the word filter matches, stored. `guard`
   * applies the caller's own limits (e.g. per network address) once the answer passed the checks
   * and this participant's limit, so that neither a refused answer nor a participant over their
   * own limit uses up what others may still send; it throws to refuse, and returns how to give
   * back what it took (an answer that could not be stored uses up no limit).
   */
  async submit(session: Session, participantId: string, pollId: string, raw: string, guard?: Guard): Promise<{ answer: MyAnswer; entry: EntryData }> {
    return this.queue.run(participantKey(session, participantId), async () => {
      // A refused answer takes nothing from the limits.
      session.poll(pollId).checkText(participantId, raw);
      let stored: { poll: PollState; entry: EntryData } | undefined;
      await this.limits.run('text', participantKey(session, participantId), guard, () => {
        // Decided once the limits are taken (they may have waited on Redis), against the poll as it is now.
        const poll = session.poll(pollId);
        const text = poll.checkText(participantId, raw);
        const entry: EntryData = {
          id: newEntryId(),
          participantId,
          text,
          createdAt: this.now(),
          status: this.filter.holds(text) ? 'held' : 'shown',
          answeredAt: null,
        };
        stored = { poll, entry };
        return this.commit({ kind: 'entry', entry: { code: session.code, pollId, round: poll.round, ...entry } });
      });
      const { poll, entry } = stored!;
      return { answer: poll.entryAnswer(participantId), entry };
    });
  }

  /** One upvote per participant per `qa` question (or taking it back). `guard`: as for `submit`. */
  async upvote(
    session: Session,
    participantId: string,
    pollId: string,
    entryId: string,
    up: boolean,
    guard?: Guard,
  ): Promise<{ answer: MyAnswer; changed: boolean }> {
    return this.queue.run(participantKey(session, participantId), async () => {
      let poll = session.poll(pollId);
      let changed = false;
      await this.limits.run('upvote', participantKey(session, participantId), guard, async () => {
        // Decided once the limits are taken (they may have waited on Redis), against the poll as it is now.
        poll = session.poll(pollId);
        changed = poll.decideUpvote(participantId, entryId, up);
        if (changed) await this.commit({ kind: 'upvote', upvote: { code: session.code, pollId, round: poll.round, entryId, participantId }, up });
      });
      return { answer: poll.entryAnswer(participantId), changed };
    });
  }

  /** The presenter hides, shows (approves) or marks answered one entry. */
  async moderate(session: Session, pollId: string, entryId: string, action: ModerateAction): Promise<{ entry: Entry; changed: boolean }> {
    return this.queue.run(presenterKey(session), async () => {
      const poll = session.poll(pollId);
      const { entry, changed } = poll.decideModeration(entryId, action, this.now());
      if (changed) await this.commit({ kind: 'entry', entry: { code: session.code, pollId, round: poll.round, ...entry } });
      return { entry: poll.entryView(entry), changed };
    });
  }

  async control(session: Session, pollId: string, action: PollAction): Promise<{ poll: PollState; changed: boolean }> {
    return this.queue.run(presenterKey(session), async () => {
      const { poll, next } = session.decideControl(pollId, action, this.now());
      if (next) await this.commit(pollChange(session, pollId, next));
      return { poll, changed: next !== null };
    });
  }

  /** Starts, restarts or stops (`null`) the timer of an open poll. */
  async setTimer(session: Session, pollId: string, seconds: number | null): Promise<{ poll: PollState; changed: boolean }> {
    return this.queue.run(presenterKey(session), async () => {
      const { poll, next } = session.decideTimer(pollId, seconds, this.now());
      if (next) await this.commit(pollChange(session, pollId, next));
      return { poll, changed: next !== null };
    });
  }

  /** Shows a poll's chart as `view` on every presenter window (stored with the poll's state; phones are not told). */
  async setView(session: Session, pollId: string, view: ChartView): Promise<{ poll: PollState; changed: boolean }> {
    return this.queue.run(presenterKey(session), async () => {
      const { poll, next } = session.decideView(pollId, view);
      if (next) await this.commit({ kind: 'view', poll: { code: session.code, pollId, ...next } });
      return { poll, changed: next !== null };
    });
  }

  /**
   * Starts, restarts (`seconds`) or stops (`null`) the session's discussion timer, on the current
   * slide. Nothing runs it out: clients count down and show "Time" at 0:00 (no state changes then).
   */
  async discuss(session: Session, seconds: number | null): Promise<{ timer: SlideTimer | null; changed: boolean }> {
    return this.queue.run(presenterKey(session), async () => {
      const decided = session.decideDiscussion(seconds, this.now());
      if (decided) await this.commit({ kind: 'discussion', code: session.code, timer: decided.next });
      return { timer: session.discussionTimer() ?? null, changed: decided !== null };
    });
  }

  /**
   * `npm run dev`: a deck file changed and parsed. New sessions start from it, and every live
   * session of that deck not yet ended runs it from now on (Session.replaceDeck), stored as the
   * session's deck so that a restart carries on with it.
   */
  async replaceDeck(deck: Deck): Promise<{ session: Session; replacement: DeckReplacement }[]> {
    this.deckList.set(deck.id, deck);
    const replaced = this.liveSessionsOf(deck.id).map((session) => {
      const replacement = session.replaceDeck(deck, this.now());
      for (const poll of replacement.closed) this.schedule(session, poll);
      return { session, replacement };
    });
    // The edit is applied already (it is no answer of anybody's, and a file on disk holds it);
    // what it closed and moved is stored, and told, like any change.
    await Promise.all(
      replaced.flatMap(({ session, replacement }) => [
        this.store.saveDeck(session.code, deck),
        this.commitAll([
          ...replacement.closed.map((poll) => pollChange(session, poll.poll.id, poll.snapshot())),
          ...(replacement.slideMoved ? [{ kind: 'slide', code: session.code, slide: session.position, visited: session.visited } as const] : []),
        ]),
      ]),
    );
    return replaced;
  }

  /** The join codes of the sessions in memory. */
  codes(): string[] {
    return [...this.live.keys()];
  }

  /** The sessions of a deck that are in memory and not ended. */
  liveSessionsOf(deckId: string): Session[] {
    return [...this.live.values()].filter((s) => s.deck.id === deckId && s.endedAt === null);
  }

  /** Cancels every pending poll timer (shutdown): the stored deadlines resume after a restart. */
  stopTimers(): void {
    this.deadlines.cancelAll();
  }

  /** Keeps the poll's wake-up in line with its timer: set while one runs, cancelled otherwise. */
  private schedule(session: Session, poll: PollState): void {
    const key = `${session.code}/${poll.poll.id}`;
    if (poll.timer) this.deadlines.set(key, poll.timer.endsAt, () => void this.expire(session, poll.poll.id));
    else this.deadlines.cancel(key);
  }

  /** A timer ran out: the poll closes exactly as when the presenter closes it. */
  private async expire(session: Session, pollId: string, claimed = false): Promise<void> {
    // The session was deleted, or the poll edited out of the deck, meanwhile.
    if (this.live.get(session.code) !== session) return;
    const poll = session.findPoll(pollId);
    if (!poll?.timer) return;
    if (!poll.timerExpired(this.now())) {
      this.schedule(session, poll); // woken a little early (clock adjustments)
      return;
    }
    try {
      // Every process serving the session has this timer; one of them closes the poll, and the
      // others hear of it as of any change. The one that claimed it keeps trying until it is stored.
      if (!claimed && !(await this.peers.claim(`timer:${session.code}/${pollId}/${poll.timer.endsAt}`, TIMER_CLAIM_MS))) return;
      claimed = true;
      await this.control(session, pollId, 'close');
    } catch (error) {
      this.timerFailed({ session, pollId, error });
      this.deadlines.set(`${session.code}/${pollId}`, this.now() + TIMER_RETRY_MS, () => void this.expire(session, pollId, claimed));
    }
  }

  /**
   * Decide → store → apply, for one change (every vote goes this way): the change was decided
   * against memory without changing it; it is written, and only once stored applied (`mirror`,
   * the same path as another process's changes) and published to the other processes, before the
   * caller acknowledges. Memory is never ahead of the store, so a retry after a failure is decided
   * afresh and stored. A change that was not stored throws NotStoredError.
   */
  private async commit(change: Change, origin?: string): Promise<void> {
    try {
      await writeChange(this.store, change);
    } catch (err) {
      throw this.refused([change], err);
    }
    this.mirror(change, origin);
    this.storage?.stored();
    // Without other processes nothing is published: no turn of the event loop spent on it.
    if (this.peers !== LOCAL_PEERS) await this.publish([change]);
  }

  /** As `commit`, for changes made together: those stored are applied even when another one failed. */
  private async commitAll(changes: Change[], origin?: string): Promise<void> {
    const written = await Promise.allSettled(changes.map((change) => writeChange(this.store, change)));
    const stored = changes.filter((_, i) => written[i]!.status === 'fulfilled');
    for (const change of stored) this.mirror(change, origin);
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
    for (const change of changes) this.uncertain.add(changeCode(change));
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

  /**
   * A stored change (another process's, or this one's own) applied to this process's copy of its
   * session, and told to this process's clients (onChange). Returns the session when this process
   * has it in memory; null when it does not (it loads the session from the store when it needs it).
   * `origin`: the client that made the change, when it already shows it.
   */
  mirror(change: Change, origin?: string): Session | null {
    const code = changeCode(change);
    const backlog = this.backlog.get(code);
    if (backlog) backlog.push(change);
    const session = this.live.get(code);
    if (!session) return null;
    if (change.kind === 'deleted') this.forget(code);
    else {
      const retimed = applyChange(session, change);
      if (retimed) this.schedule(session, retimed);
    }
    this.usedAt.set(code, this.now());
    this.changed(session, change, origin);
    return session;
  }

  /**
   * Reads every session this process has in memory back from the store: another process changed
   * them in ways this one may have missed (it died before telling, or messages were lost while
   * Redis restarted). Returns the sessions reloaded.
   */
  async reloadAll(): Promise<Session[]> {
    return this.reload([...this.live.keys()]);
  }

  /** Reads these sessions (those in memory) back from the store; tells onReload of each. */
  private async reload(codes: string[]): Promise<Session[]> {
    for (const code of codes) if (!this.backlog.has(code)) this.backlog.set(code, []);
    try {
      const stored = await Promise.all(codes.map((code) => this.store.loadSession(code)));
      return stored.flatMap((record, i) => {
        const session = this.live.get(codes[i]!);
        if (!session) return [];
        if (!record) {
          this.forget(session.code);
          return [];
        }
        session.reload(record.session, storedPolls(record));
        const missed = this.backlog.get(session.code) ?? [];
        this.backlog.delete(session.code);
        for (const change of missed) this.mirror(change);
        for (const poll of session.allPolls()) this.schedule(session, poll);
        this.reloaded(session);
        return [session];
      });
    } finally {
      for (const code of codes) if (!this.loading.has(code)) this.backlog.delete(code);
    }
  }

  /**
   * A write whose outcome is unknown (the connection to Redis dropped before its answer, a writer
   * thread died mid-commit) may have been stored after all: the session is read back from the
   * store before its next use, so that memory is never behind what is stored either.
   */
  private async refresh(code: string): Promise<void> {
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
      const session = this.live.get(code);
      if (session?.setRemoteParticipants(this.peerCounts.total(code))) changed.push(session);
    }
    return changed;
  }

  /** Participants connected to this process, per session code (sessions with none left out). */
  localParticipants(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const session of this.live.values()) if (session.localParticipants) counts[session.code] = session.localParticipants;
    return counts;
  }

  /** Drops a session from memory, with its timers (deleted, or left for the store to keep). */
  private forget(code: string): void {
    this.live.delete(code);
    this.usedAt.delete(code);
    this.deadlines.cancelAll(`${code}/`);
  }

  /**
   * Drops from memory the sessions nobody on this process is connected to that ended a grace
   * period ago, or were not used for `idleMs`: a server left running through weeks of workshops
   * keeps only what is live. A session dropped is loaded back from the store on its next use
   * (`get`), with its polls, rounds, entries and running timers. Returns the codes dropped.
   */
  sweep(): string[] {
    const now = this.now();
    const dropped: string[] = [];
    for (const [code, session] of this.live) {
      if (session.localParticipants > 0 || this.backlog.has(code) || this.queue.has(code)) continue;
      const idle = now - (this.usedAt.get(code) ?? now);
      const over = session.endedAt === null ? idle >= this.memory.idleMs : idle >= this.memory.endedGraceMs;
      if (!over) continue;
      this.forget(code);
      dropped.push(code);
    }
    return dropped;
  }

  /** Moves the session to a slide; false when it was there already. `origin`: as for `mirror`. */
  async goto(session: Session, position: SlidePosition, origin?: string): Promise<boolean> {
    return this.queue.run(presenterKey(session), async () => {
      const move = session.decideGoto(position);
      if (move) await this.commit({ kind: 'slide', code: session.code, slide: move.slide, visited: move.visited }, origin);
      return move !== null;
    });
  }

  /** Ends a session: open polls close, phones are told, no more votes. Returns the polls it closed. */
  async end(session: Session): Promise<PollState[]> {
    return this.queue.run(presenterKey(session), async () => {
      const ending = session.decideEnd(this.now());
      if (!ending) return [];
      // The polls close before the session ends, so that a failure part-way never leaves an ended session with an open poll.
      await this.commitAll(ending.closed.map(({ poll, next }) => pollChange(session, poll.poll.id, next)));
      await this.commit({ kind: 'ended', code: session.code, endedAt: ending.endedAt });
      return ending.closed.map(({ poll }) => poll);
    });
  }

  /** Deletes a session and everything recorded in it. */
  async delete(code: string): Promise<void> {
    await this.commit({ kind: 'deleted', code });
  }

  list(): Promise<SessionSummary[]> {
    return this.store.listSessions();
  }

  /** Gauges for GET /metrics: sessions in memory not ended, and participants connected to this process. */
  liveStats(): { sessions: number; participants: number } {
    let sessions = 0;
    let participants = 0;
    for (const session of this.live.values()) {
      if (session.endedAt === null) sessions += 1;
      participants += session.localParticipants;
    }
    return { sessions, participants };
  }

  /** What exports are made of: read from the store, so a live and a finished session look alike. */
  async exportOf(code: string): Promise<SessionExport> {
    const stored = await this.store.loadSession(code);
    if (!stored) throw new ProtocolFailure('not_found', `No session with code ${code}.`);
    return buildExport(stored, { minGroupSize: this.minGroupSize });
  }

  private restore(stored: StoredSession): Session {
    // Another caller may have restored it meanwhile: keep a single instance per code.
    const existing = this.live.get(stored.session.code);
    if (existing) return existing;
    const session = new Session(stored.session, storedPolls(stored), this.now, this.minGroupSize);
    this.live.set(session.code, session);
    this.usedAt.set(session.code, this.now());
    session.setRemoteParticipants(this.peerCounts.total(session.code));
    // Changes stored while it loaded may be missing from what was read.
    for (const change of this.backlog.get(session.code) ?? []) this.mirror(change);
    this.backlog.delete(session.code);
    // Timers carry on where they were (one that ran out while the server was down closes now).
    for (const poll of session.allPolls()) if (poll.timer) this.schedule(session, poll);
    return session;
  }

  private async unusedCode(): Promise<string> {
    for (;;) {
      const code = newJoinCode();
      if (!this.live.has(code) && !(await this.store.loadSession(code))) return code;
    }
  }
}

const participantKey = (session: Session, participantId: string): string => `${session.code}\n${participantId}`;
/** The presenter's actions on a session (and its timers), one at a time. */
const presenterKey = (session: Session): string => session.code;

function pollChange(session: Session, pollId: string, snapshot: PollSnapshot): Change {
  return { kind: 'poll', poll: { code: session.code, pollId, ...snapshot } };
}
