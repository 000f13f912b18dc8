// The live sessions of this process: the one service the socket layer, the HTTP API, the cluster
// sync and the CLIs use. It puts together, in server/sessions/, what holds sessions in memory
// (cache.ts), keeps them in line with the store and other processes (mirror.ts), commits changes
// (commit.ts: stored, applied, published before they are acknowledged), runs poll timers
// (timers.ts) and decides participants' and presenters' changes (participant- and presenter-actions.ts).
import type { Deck, SlidePosition } from './deck/types.js';
import type { ChartView, Entry, FollowUp, ModerateAction, MyAnswer, PollAction, SelfPacedWindow, SlideTimer } from './protocol.js';
import { NO_FILTER, type WordFilter } from './moderation/word-filter.js';
import type { EntryData } from './session/entries.js';
import { ProtocolFailure } from './session/failure.js';
import type { PollState } from './session/poll.js';
import { Session, type DeckReplacement } from './session/session.js';
import type { Scheduler } from './session/timers.js';
import { DEFAULT_MIN_GROUP_SIZE } from './session/roles.js';
import type { SessionSummary, Store, StoredSession } from './store/store.js';
import { LOCAL_PEERS, type Change, type Peers } from './cluster/peers.js';
import { SerialQueue } from './serial.js';
import type { StorageWatch } from './storage-status.js';
import { followUpSource } from './export/follow-up.js';
import { buildExport, type ExportOptions, type SessionExport } from './export/model.js';
import { DEFAULT_MEMORY, LiveSessions, type MemoryPolicy } from './sessions/cache.js';
import { Commits } from './sessions/commit.js';
import { type ChangeListener, Mirror } from './sessions/mirror.js';
import type { Guard } from './sessions/participant-limits.js';
import { FollowUps } from './sessions/follow-ups.js';
import { ParticipantActions } from './sessions/participant-actions.js';
import { PresenterActions } from './sessions/presenter-actions.js';
import { PollTimers, type TimerFailure } from './sessions/timers.js';

export { NotStoredError } from './sessions/commit.js';
export { TIMER_RETRY_MS } from './sessions/timers.js';

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
  memory?: MemoryPolicy;
  /** The privacy floor of a split by role (default: DEFAULT_MIN_GROUP_SIZE). */
  minGroupSize?: number;
}

export class Sessions {
  private readonly now: () => number;
  /** The decks sessions can be started from; `npm run dev` replaces them as their files change. */
  private readonly deckList: Map<string, Deck>;
  /** One change at a time per participant, and per session for the presenter's actions (see SerialQueue). */
  private readonly queue = new SerialQueue();
  private readonly minGroupSize: number;
  private readonly timers: PollTimers;
  private readonly cache: LiveSessions;
  private readonly sync: Mirror;
  private readonly commits: Commits;
  private readonly participants: ParticipantActions;
  private readonly presenter: PresenterActions;
  private readonly followUps: FollowUps;
  /** What the loader hands a session read from the store to. */
  private readonly restore = (stored: StoredSession): Session => this.sync.restore(stored);

  constructor(
    private readonly store: Store,
    decks: ReadonlyMap<string, Deck>,
    options: SessionsOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.deckList = new Map(decks);
    const peers = options.peers ?? LOCAL_PEERS;
    this.minGroupSize = options.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
    this.timers = new PollTimers(this.now, options.scheduler, peers, {
      holds: (session) => this.cache.get(session.code) === session,
      close: (session, pollId) => this.presenter.control(session, pollId, 'close'),
    });
    this.cache = new LiveSessions(store, this.now, options.memory ?? DEFAULT_MEMORY, this.timers, this.queue);
    this.sync = new Mirror(store, this.cache, this.timers, this.now, this.minGroupSize);
    this.commits = new Commits(store, this.sync, peers, options.storage);
    this.participants = new ParticipantActions(this.commits, this.queue, this.now, options.filter ?? NO_FILTER, peers);
    this.presenter = new PresenterActions(this.commits, this.queue, this.now, store, this.cache, this.timers, this.deckList);
    this.followUps = new FollowUps(store, this.now, (code) => this.get(code));
  }

  get decks(): ReadonlyMap<string, Deck> {
    return this.deckList;
  }

  /** Who hears of every stored change applied in memory (the socket layer's notifier, which tells the clients). */
  onChange(listener: ChangeListener): void {
    this.sync.onChange(listener);
  }

  /** Who hears of a session read back from the store (its clients are sent the whole state again). */
  onReload(listener: (session: Session) => void): void {
    this.sync.onReload(listener);
  }

  /** Who hears of a poll timer that ran out but whose poll could not be closed (the log). */
  onTimerFailed(listener: (failure: TimerFailure) => void): void {
    this.timers.onFailed(listener);
  }

  /**
   * A new session of a deck; with `followUpOf`, a follow-up of that earlier session, which must
   * exist; with `selfPaced`, a self-paced session open in that window, whose polls are all opened
   * (without timers) before it is returned.
   */
  async create(deckId: string, followUpOf?: string, selfPaced?: SelfPacedWindow): Promise<Session> {
    const deck = this.decks.get(deckId);
    if (!deck) throw new ProtocolFailure('not_found', `No deck named "${deckId}".`);
    if (followUpOf !== undefined && !(await this.get(followUpOf))) {
      throw new ProtocolFailure('not_found', `No session with code ${followUpOf} to follow up.`);
    }
    const code = await this.cache.unusedCode();
    const record = {
      code,
      deckId,
      deck,
      createdAt: this.now(),
      endedAt: null,
      slide: { h: 0, v: 0 },
      visited: [],
      ...(followUpOf !== undefined && { followUpOf }),
      ...(selfPaced !== undefined && { selfPaced }),
    };
    await this.commits.create(record);
    const session = new Session(record, [], this.now, this.minGroupSize);
    this.cache.add(session);
    // Each phone reaches each poll at its own time: every poll is open from the start (as stored polls).
    if (selfPaced) for (const poll of deck.polls) await this.presenter.control(session, poll.id, 'open');
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
    if (this.sync.isUncertain(code)) return null;
    return this.cache.use(code) ?? null;
  }

  /** A session by join code, loaded from the store on first use after a restart. */
  async get(code: string): Promise<Session | null> {
    if (this.cache.use(code)) {
      if (this.sync.isUncertain(code)) await this.sync.refresh(code);
      return this.cache.get(code) ?? null;
    }
    return this.cache.load(code, this.restore);
  }

  async require(code: string): Promise<Session> {
    const session = await this.get(code);
    if (!session) throw new ProtocolFailure('not_found', `No session with code ${code}.`);
    return session;
  }

  // A participant's changes (sessions/participant-actions.ts). `vote` is every vote's way in: no
  // more than a call on top, so that it costs no promise, closure or turn of the event loop more.
  vote(session: Session, participantId: string, pollId: string, optionIds: string[]): Promise<MyAnswer> {
    return this.participants.vote(session, participantId, pollId, optionIds);
  }

  setRole(session: Session, participantId: string, role: string | null): Promise<string | null> {
    return this.participants.setRole(session, participantId, role);
  }

  submit(session: Session, participantId: string, pollId: string, raw: string, guard?: Guard): Promise<{ answer: MyAnswer; entry: EntryData }> {
    return this.participants.submit(session, participantId, pollId, raw, guard);
  }

  upvote(...args: Parameters<ParticipantActions['upvote']>): ReturnType<ParticipantActions['upvote']> {
    return this.participants.upvote(...args);
  }

  /**
   * A participant joining a follow-up session (`session.followUpOf`), given its id in the earlier
   * session: what it committed to there; its link is stored first when it took part (sessions/follow-ups.ts).
   */
  followUp(session: Session, participantId: string, earlierParticipantId: string): Promise<FollowUp> {
    return this.followUps.join(session, participantId, earlierParticipantId);
  }

  // The presenter's changes (sessions/presenter-actions.ts).
  moderate(session: Session, pollId: string, entryId: string, action: ModerateAction): Promise<{ entry: Entry; changed: boolean }> {
    return this.presenter.moderate(session, pollId, entryId, action);
  }

  control(session: Session, pollId: string, action: PollAction): Promise<{ poll: PollState; changed: boolean }> {
    return this.presenter.control(session, pollId, action);
  }

  setTimer(session: Session, pollId: string, seconds: number | null): Promise<{ poll: PollState; changed: boolean }> {
    return this.presenter.setTimer(session, pollId, seconds);
  }

  setView(session: Session, pollId: string, view: ChartView): Promise<{ poll: PollState; changed: boolean }> {
    return this.presenter.setView(session, pollId, view);
  }

  discuss(session: Session, seconds: number | null): Promise<{ timer: SlideTimer | null; changed: boolean }> {
    return this.presenter.discuss(session, seconds);
  }

  goto(session: Session, position: SlidePosition, origin?: string): Promise<boolean> {
    return this.presenter.goto(session, position, origin);
  }

  end(session: Session): Promise<PollState[]> {
    return this.presenter.end(session);
  }

  delete(code: string): Promise<void> {
    return this.presenter.delete(code);
  }

  replaceDeck(deck: Deck): Promise<{ session: Session; replacement: DeckReplacement }[]> {
    return this.presenter.replaceDeck(deck);
  }

  /** The join codes of the sessions in memory. */
  codes(): string[] {
    return this.cache.codes();
  }

  /** The sessions of a deck that are in memory and not ended. */
  liveSessionsOf(deckId: string): Session[] {
    return this.cache.ofDeck(deckId);
  }

  /** Cancels every pending poll timer (shutdown): the stored deadlines resume after a restart. */
  stopTimers(): void {
    this.timers.stop();
  }

  /** Another process's stored change, applied to this process's copy of its session (see Mirror.apply). */
  mirror(change: Change, origin?: string): Session | null {
    return this.sync.apply(change, origin);
  }

  /** Reads every session in memory back from the store, when this process may have missed changes (Redis restarted). */
  async reloadAll(): Promise<Session[]> {
    return this.sync.reload(this.cache.codes());
  }

  /** Participants connected to another process (`counts` by session code; empty when it left). Returns the sessions whose count changed. */
  peerParticipants(peer: string, counts: Record<string, number>): Session[] {
    return this.sync.peerParticipants(peer, counts);
  }

  /** Participants connected to this process, per session code (sessions with none left out). */
  localParticipants(): Record<string, number> {
    return this.cache.localParticipants();
  }

  /** Drops from memory the sessions unused for long enough (see LiveSessions.sweep). Returns the codes dropped. */
  sweep(): string[] {
    return this.cache.sweep();
  }

  list(): Promise<SessionSummary[]> {
    return this.store.listSessions();
  }

  /** Gauges for GET /metrics: sessions in memory not ended, and participants connected to this process. */
  liveStats(): { sessions: number; participants: number } {
    return this.cache.stats();
  }

  /**
   * What exports are made of: read from the store, so a live and a finished session look alike.
   * The pseudonyms come from `secret` (the store's); `linked`, only when asked for: one per
   * participant across polls (export/linked.ts).
   */
  async exportOf(code: string, options: Omit<ExportOptions, 'minGroupSize' | 'followUp'>): Promise<SessionExport> {
    const stored = await this.store.loadSession(code);
    if (!stored) throw new ProtocolFailure('not_found', `No session with code ${code}.`);
    const followUp = await followUpSource(this.store, stored.session);
    return buildExport(stored, { ...options, minGroupSize: this.minGroupSize, followUp });
  }
}
