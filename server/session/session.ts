// A live session of a deck: where the presenter is, every poll's state, who is connected.
// Plain TypeScript, no I/O.
import { type Deck, type Slide, type SlidePosition, UNSAID_ROLE } from '../deck/types.js';
import {
  type AudiencePoll,
  type AudienceState,
  audienceFields,
  type ChartView,
  type MyAnswer,
  type PollAction,
  type PresenterPollState,
  type PresenterState,
  type PresenterView,
  type SelfPacedInfo,
  type SelfPacedWindow,
  type SlideTimer,
  type StorageStatus,
  discussionShown,
} from '../protocol.js';
import { ProtocolFailure } from './failure.js';
import { PollState, type PollSnapshot, type StoredRounds, startTimer, type TimerDeadline, timerLeft } from './poll.js';
import { DEFAULT_MIN_GROUP_SIZE, ROLE_POLL_ID, ROLE_POLL_STATE, rolePoll } from './roles.js';

export interface SessionInit {
  code: string;
  deck: Deck;
  createdAt: number;
  endedAt: number | null;
  slide: SlidePosition;
  /** The discussion timer (absent in records written before discussion timers existed: none). */
  discussion?: DiscussionTimer | null;
  /** The ids of the slides with an id the session has been on (none when absent). */
  visited?: readonly string[];
  /** A follow-up session: the join code of the earlier session (absent or null: none). */
  followUpOf?: string | null;
  /** A self-paced session: its window (absent or null: a live session). */
  selfPaced?: SelfPacedWindow | null;
}

/** A discussion timer as stored: its deadline and the slide it was started on. */
export interface DiscussionTimer extends TimerDeadline {
  slide: SlidePosition;
}

/** Where a move goes: the slide, and the slides visited once there (the whole list). */
export interface GotoDecision {
  slide: SlidePosition;
  visited: readonly string[];
}

/** A poll as stored: its state and the records of its rounds. */
export interface StoredPoll {
  pollId: string;
  snapshot: PollSnapshot;
  rounds: StoredRounds;
}

/** What replacing a session's deck changed besides the deck itself. */
export interface DeckReplacement {
  /** Open polls that are no longer in the deck: closed. */
  closed: PollState[];
  /** The current slide is gone: the session moved to the nearest one before it. */
  slideMoved: boolean;
}

export class Session {
  readonly code: string;
  readonly createdAt: number;
  /** A follow-up session: the join code of the earlier session it follows up; null: none. */
  readonly followUpOf: string | null;
  /**
   * A self-paced session: when it is open. Each phone goes through the deck by itself; every poll
   * is open (without timers) from the start, and answers count only inside the window. Null: live.
   */
  readonly selfPaced: SelfPacedWindow | null;
  endedAt: number | null;
  private currentDeck: Deck;
  private slide: Slide;
  /** The ids of the slides with an id (branch targets) the session has been on, first visit first. */
  private visitedIds: readonly string[] = [];
  /** The deck's polls, in deck order. */
  private readonly polls = new Map<string, PollState>();
  /** Polls an edit of the deck took out, kept with their answers in case the edit is undone. */
  private readonly retired = new Map<string, PollState>();
  /** Open sockets per participant id: a participant with two tabs counts once. */
  private readonly connections = new Map<string, number>();
  /** Participants connected to other processes serving this session (several processes on one Redis). */
  private remoteParticipants = 0;
  /** The deck names roles: each participant's, as the answer of a hidden poll (roles.ts). */
  private roles: PollState | null = null;
  /** The discussion timer, running or run out, until the presenter stops it or starts another. */
  private discussion: DiscussionTimer | null = null;

  /**
   * `clock` dates the states sent out (a running timer's `remainingMs`); `minGroupSize` is the
   * privacy floor of the split by role.
   */
  constructor(
    init: SessionInit,
    stored: StoredPoll[] = [],
    private readonly clock: () => number = Date.now,
    private readonly minGroupSize = DEFAULT_MIN_GROUP_SIZE,
  ) {
    this.code = init.code;
    this.createdAt = init.createdAt;
    this.followUpOf = init.followUpOf ?? null;
    this.selfPaced = init.selfPaced ?? null;
    this.currentDeck = init.deck;
    this.endedAt = init.endedAt;
    this.slide = this.firstSlide();
    this.reload(init, stored);
  }

  /**
   * Takes the stored state over (where the presenter is, every poll with its answers), keeping
   * who is connected: another process may have changed the session in ways this one missed.
   */
  reload(init: Omit<SessionInit, 'code' | 'createdAt'>, stored: StoredPoll[]): void {
    this.currentDeck = init.deck;
    this.endedAt = init.endedAt;
    this.slide = this.findSlide(init.slide) ?? this.firstSlide();
    this.discussion = init.discussion ?? null;
    this.visitedIds = init.visited ?? [];
    const storedById = new Map(stored.map((s) => [s.pollId, s]));
    const roles = init.deck.meta.roles;
    const savedRoles = storedById.get(ROLE_POLL_ID);
    this.roles = roles ? PollState.restore(rolePoll(roles), ROLE_POLL_STATE, savedRoles?.rounds) : null;
    this.polls.clear();
    for (const poll of init.deck.polls) {
      const saved = storedById.get(poll.id);
      this.polls.set(poll.id, this.splitting(saved ? PollState.restore(poll, saved.snapshot, saved.rounds) : new PollState(poll)));
    }
  }

  /** A poll of this session's deck, its counts split by role when the deck names roles. */
  private splitting(poll: PollState): PollState {
    const { roles } = this;
    const ids = this.deck.meta.roles?.map((r) => r.id);
    poll.split =
      roles && ids ? { roles: ids, floor: this.minGroupSize, roleOf: (participantId) => roles.answerOf(participantId)?.optionIds[0] } : null;
    return poll;
  }

  /** The role this participant gave (null: "Prefer not to say"); undefined when they gave none or the deck names no roles. */
  roleOf(participantId: string): string | null | undefined {
    const role = this.roles?.answerOf(participantId)?.optionIds[0];
    return role === undefined ? undefined : role === UNSAID_ROLE ? null : role;
  }

  get deck(): Deck {
    return this.currentDeck;
  }

  get position(): SlidePosition {
    return this.slide.position;
  }

  /** Participants connected to this process and to the others serving the session. */
  get participants(): number {
    return this.connections.size + this.remoteParticipants;
  }

  /** Participants connected to this process only. */
  get localParticipants(): number {
    return this.connections.size;
  }

  /** Returns false when the count was already that. */
  setRemoteParticipants(count: number): boolean {
    if (count === this.remoteParticipants) return false;
    this.remoteParticipants = count;
    return true;
  }

  /** The ids of the slides with an id the session has been on (what the branch map marks visited). */
  get visited(): readonly string[] {
    return this.visitedIds;
  }

  /**
   * The slide a move goes to and the visited slides once there, or null when already there;
   * throws when the deck has no such slide. Changes nothing.
   */
  decideGoto(position: SlidePosition): GotoDecision | null {
    const slide = this.findSlide(position);
    if (!slide) throw new ProtocolFailure('not_found', `The deck has no slide at ${position.h}/${position.v}.`);
    if (slide === this.slide) return null;
    return { slide: slide.position, visited: withVisit(this.visitedIds, slide) };
  }

  /**
   * Moves to a stored slide position with its stored visited list; a position this copy's deck
   * lacks (a deck edited under `npm run dev`) is ignored.
   */
  goto(position: SlidePosition, visited: readonly string[]): void {
    this.slide = this.findSlide(position) ?? this.slide;
    this.visitedIds = visited;
  }

  /** A poll of the deck (or the hidden poll of roles), or undefined (e.g. edited out of the deck since it was looked up). */
  findPoll(pollId: string): PollState | undefined {
    return pollId === ROLE_POLL_ID ? (this.roles ?? undefined) : this.polls.get(pollId);
  }

  poll(pollId: string): PollState {
    const poll = this.findPoll(pollId);
    if (!poll)
      throw new ProtocolFailure('not_found', pollId === ROLE_POLL_ID ? 'This session asks for no role.' : `The deck has no poll "${pollId}".`);
    return poll;
  }

  /** The poll on the presenter's current slide, if any. */
  currentPoll(): PollState | undefined {
    return this.slide.pollId === undefined ? undefined : this.polls.get(this.slide.pollId);
  }

  /**
   * The state a presenter action leads a poll to (null: no change). Decides only: the caller
   * stores it, then the poll adopts it.
   */
  decideControl(pollId: string, action: PollAction, now: number): { poll: PollState; next: PollSnapshot | null } {
    const poll = this.poll(pollId);
    if (this.endedAt !== null && (action === 'open' || action === 'again')) {
      throw new ProtocolFailure('forbidden', 'This session has ended: start a new one to vote again.');
    }
    const next = this.closing(poll, poll.next(action, now));
    // Self-paced: nobody is in the room to beat a clock, so polls open without their timers.
    if (next && this.selfPaced) next.timer = null;
    return { poll, next };
  }

  /**
   * Refuses a participant's answer outside a self-paced session's window (a live session: never).
   * The poll's own state (open, closed by ending the session) is checked as in a live session.
   */
  checkWindow(now: number): void {
    const window = this.selfPaced;
    if (!window || (now >= window.opens && now < window.closes)) return;
    const when = new Date(now < window.opens ? window.opens : window.closes).toISOString();
    throw new ProtocolFailure('poll_closed', now < window.opens ? `This session opens on ${when}.` : `This session closed on ${when}.`);
  }

  /** The state after starting, restarting (`seconds`) or stopping (`null`) the timer of an open poll (null: no change). */
  decideTimer(pollId: string, seconds: number | null, now: number): { poll: PollState; next: PollSnapshot | null } {
    const poll = this.poll(pollId);
    if (this.selfPaced && seconds !== null) throw new ProtocolFailure('forbidden', 'A self-paced session runs no poll timers.');
    return { poll, next: poll.nextTimer(seconds, now) };
  }

  /**
   * The discussion timer after starting or restarting one of `seconds` on the current slide, or
   * stopping it (`null`); null when there is no change (no timer to stop). Decides only: the
   * caller stores `next`, then the session adopts it (adoptDiscussion).
   */
  decideDiscussion(seconds: number | null, now: number): { next: DiscussionTimer | null } | null {
    if (seconds === null) return this.discussion === null ? null : { next: null };
    if (this.endedAt !== null) throw new ProtocolFailure('forbidden', 'This session has ended.');
    return { next: { ...startTimer(seconds, now), slide: this.slide.position } };
  }

  /** A stored discussion timer (null: stopped). */
  adoptDiscussion(timer: DiscussionTimer | null): void {
    this.discussion = timer;
  }

  /** The discussion timer as presenters see it, counted from now: running or run out, until stopped. */
  discussionTimer(): SlideTimer | undefined {
    const timer = this.discussion;
    return timer ? { ...timerLeft(timer, this.clock()), slide: timer.slide } : undefined;
  }

  /** The discussion timer as the room sees it now: while it runs, and once run out on its own slide (discussionShown). */
  private shownDiscussion(): SlideTimer | undefined {
    const timer = this.discussionTimer();
    return timer && discussionShown(timer, timer.remainingMs, this.slide.position) ? timer : undefined;
  }

  /** The state after presenters switch a poll's chart to `view` (null: it shows that already). */
  decideView(pollId: string, view: ChartView): { poll: PollState; next: PollSnapshot | null } {
    // The hidden poll of roles has no chart.
    const poll = this.polls.get(pollId);
    if (!poll) throw new ProtocolFailure('not_found', `The deck has no poll "${pollId}".`);
    return { poll, next: poll.nextView(view) };
  }

  /** Ending the session: when it ends and the states of the polls it closes; null when it has ended already. */
  decideEnd(now: number): { endedAt: number; closed: { poll: PollState; next: PollSnapshot }[] } | null {
    if (this.endedAt !== null) return null;
    const closed = [...this.polls.values()].flatMap((poll) => {
      const next = this.closing(poll, poll.next('close', now));
      return next ? [{ poll, next }] : [];
    });
    return { endedAt: now, closed };
  }

  /** A poll closing (or its round, kept by vote again) records how many participants were connected then. */
  private closing(poll: PollState, next: PollSnapshot | null): PollSnapshot | null {
    const roundKept = (next?.kept?.length ?? 0) > poll.kept.length;
    if (next && poll.status === 'open' && (next.status === 'closed' || roundKept)) next.participantsAtClose = this.participants;
    return next;
  }

  /**
   * Runs an edited version of the deck (`npm run dev`): polls keep their state and answers by id,
   * a new poll starts closed, a poll taken out closes and leaves (it comes back as it was if the
   * edit is undone), and a slide that is gone gives way to the nearest one before it.
   */
  replaceDeck(deck: Deck, now: number): DeckReplacement {
    const closed: PollState[] = [];
    const kept = new Map([...this.retired, ...this.polls]);
    // Roles keep their answers by id too (a role taken out stops counting).
    const roles = deck.meta.roles;
    this.roles = roles ? (this.roles?.redefine(rolePoll(roles)) ?? PollState.restore(rolePoll(roles), ROLE_POLL_STATE)) : null;
    this.currentDeck = deck;
    this.polls.clear();
    for (const poll of deck.polls) {
      const old = kept.get(poll.id);
      kept.delete(poll.id);
      this.retired.delete(poll.id);
      this.polls.set(poll.id, this.splitting(old ? old.redefine(poll) : new PollState(poll)));
    }
    for (const [id, old] of kept) {
      const next = this.closing(old, old.next('close', now));
      if (next) {
        old.adopt(next);
        closed.push(old);
      }
      this.retired.set(id, old);
    }
    const { h, v } = this.slide.position;
    this.slide = this.findSlide(this.slide.position) ?? this.slideBefore(this.slide.position);
    return { closed, slideMoved: this.slide.position.h !== h || this.slide.position.v !== v };
  }

  connect(participantId: string): void {
    this.connections.set(participantId, (this.connections.get(participantId) ?? 0) + 1);
  }

  disconnect(participantId: string): void {
    const open = (this.connections.get(participantId) ?? 0) - 1;
    if (open > 0) this.connections.set(participantId, open);
    else this.connections.delete(participantId);
  }

  /** This participant's answers in the current round of each poll. */
  answersOf(participantId: string): MyAnswer[] {
    return [...this.polls.values()].flatMap((poll) => poll.myAnswer(participantId) ?? []);
  }

  /** Polls voted on again: this participant's answer in the round before the current one. */
  earlierAnswersOf(participantId: string): MyAnswer[] {
    return [...this.polls.values()].flatMap((poll) => poll.earlierAnswer(participantId) ?? []);
  }

  /** What every participant sees. Counts are included only for a revealed poll. */
  audienceState(): AudienceState {
    const current = this.currentPoll();
    return {
      code: this.code,
      deckTitle: this.deck.meta.title,
      slide: { position: this.slide.position, number: this.slide.number, title: this.slide.title },
      poll: current ? audiencePoll(current, this.clock()) : null,
      ended: this.endedAt !== null,
      ...(this.deck.meta.accent === undefined ? {} : { accent: this.deck.meta.accent }),
      ...(this.deck.meta.roles === undefined ? {} : { roles: this.deck.meta.roles }),
      ...optional('discussion', this.shownDiscussion()),
      ...optional('selfPaced', this.selfPacedInfo()),
    };
  }

  /** What every phone of a self-paced session is told: the window, the results rule, and the polls the presenter closed. */
  private selfPacedInfo(): SelfPacedInfo | undefined {
    if (!this.selfPaced) return undefined;
    const closed = [...this.polls.values()].filter((p) => p.status !== 'open').map((p) => p.poll.id);
    return { ...this.selfPaced, results: this.deck.meta.selfPacedResults ?? 'after-answer', closed };
  }

  /** One poll as a presenter window of `view` sees it now (a projector: no counts before the results are shown). */
  presenterPoll(poll: PollState, view: PresenterView = 'console'): PresenterPollState {
    return poll.presenterState(this.clock(), view);
  }

  presenterState(audienceUrl: string, storage: StorageStatus = { saving: true }, view: PresenterView = 'console'): PresenterState {
    return {
      code: this.code,
      deck: this.deck,
      slide: this.slide.position,
      visited: [...this.visitedIds],
      polls: [...this.polls.values()].map((p) => this.presenterPoll(p, view)),
      participants: this.participants,
      audienceUrl,
      ended: this.endedAt !== null,
      storage,
      ...optional('discussion', this.discussionTimer()),
    };
  }

  allPolls(): IterableIterator<PollState> {
    return this.polls.values();
  }

  findSlide({ h, v }: SlidePosition): Slide | undefined {
    return this.deck.slides.find((s) => s.position.h === h && s.position.v === v);
  }

  /** The last slide at or before `position` in presentation order, else the first one. */
  private slideBefore({ h, v }: SlidePosition): Slide {
    const before = this.deck.slides.filter((s) => s.position.h < h || (s.position.h === h && s.position.v <= v));
    return before.at(-1) ?? this.firstSlide();
  }

  private firstSlide(): Slide {
    const first = this.deck.slides[0];
    if (!first) throw new Error(`Deck "${this.deck.id}" has no slides.`);
    return first;
  }
}

function audiencePoll(state: PollState, now: number): AudiencePoll {
  const poll: AudiencePoll = { ...audienceFields(state.poll), status: state.status, revealed: state.revealed, round: state.round };
  const earlierRound = state.kept.at(-1);
  if (earlierRound !== undefined) {
    poll.earlierRound = earlierRound;
    poll.keptRounds = state.kept.length;
  }
  const timer = state.timerView(now);
  if (timer) poll.timer = timer;
  if (state.revealed) poll.results = state.results();
  const board = state.publicBoard();
  if (board) poll.board = board;
  return poll;
}

/** `{ [key]: value }`, or nothing when the value is undefined (optional fields are left out, never sent as undefined). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** The visited list once the session is on `slide`: its id added if it has one not listed yet. */
function withVisit(visited: readonly string[], slide: Slide): readonly string[] {
  return slide.id === undefined || visited.includes(slide.id) ? visited : [...visited, slide.id];
}
