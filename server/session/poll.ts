// One poll's live state: closed ⇄ open, revealed or not, and the answers of its shown rounds —
// the current one and those kept by "vote again" — each a choice per participant (choices.ts) or
// typed entries (entries.ts), as the poll's kind takes them. A reset round is none of them: its
// answers stay stored but are neither counted nor shown.
// Plain TypeScript, no I/O: the caller persists what changed and passes in the time.
import { isTextPoll, type Poll } from '../deck/types.js';
import {
  TIMER_MAX_SECONDS,
  TIMER_MIN_SECONDS,
  type AudienceResults,
  type BoardEntry,
  type ChartView,
  type EarlierRounds,
  type Entry,
  type ModerateAction,
  type MyAnswer,
  type PollAction,
  type PollStatus,
  type PollTimer,
  type PresenterPollState,
  type PresenterView,
  type RoleSplit,
  type Tally,
} from '../protocol.js';
import { type Answer, Choices, type VoteOutcome } from './choices.js';
import { EntryBoard, type EntryData } from './entries.js';
import { ProtocolFailure } from './failure.js';
import type { RoundOfPoll } from './records.js';
import { hiddenRoles } from './roles.js';

export interface PollSnapshot {
  status: PollStatus;
  revealed: boolean;
  round: number;
  openedAt: number | null;
  closedAt: number | null;
  /** Participants connected when the poll was last closed. */
  participantsAtClose: number | null;
  /** The timer running on the open poll; absent in records written before timers existed. */
  timer?: TimerDeadline | null;
  /**
   * Earlier rounds kept by "vote again", oldest first, shown beside the current one (a reset round
   * is not kept). Absent in records written before rounds were kept: none.
   */
  kept?: number[];
  /** The chart view presenters show (`presenter:view`); absent: `normal` (and in records written before views were shared). */
  view?: ChartView;
}

/** What a poll needs to split its counts by role (the session's roles: roles.ts). */
export interface RoleSplitter {
  /** The deck's role ids, in order ("Prefer not to say" is none of them: such answers count in the total only). */
  roles: readonly string[];
  /** The smallest group shown on its own. */
  floor: number;
  roleOf(participantId: string): string | undefined;
}

/** What is stored of one round of a poll, by round number (nothing: an empty round). */
export type StoredRounds = (round: number) => Partial<RoundOfPoll>;

/** A running timer (a poll's, or a slide's discussion timer): its length, and when it runs out (ms since epoch). */
export interface TimerDeadline {
  seconds: number;
  endsAt: number;
}

export class PollState {
  status: PollStatus = 'closed';
  revealed = false;
  round = 1;
  openedAt: number | null = null;
  closedAt: number | null = null;
  participantsAtClose: number | null = null;
  /** Set while the poll is open with a timer; whoever schedules closes the poll once it runs out. */
  timer: TimerDeadline | null = null;
  /** Round numbers of the earlier rounds kept by "vote again", oldest first. */
  kept: number[] = [];
  /** The chart view every presenter window shows (movement, split by role, or the plain chart). */
  view: ChartView = 'normal';
  /** The answers of the current round. */
  private answers: Choices | EntryBoard;
  /** The answers of each kept round, in the order of `kept`. */
  private earlier: (Choices | EntryBoard)[] = [];
  /** Set by the session when its deck names roles: the tally is then split by role too. */
  split: RoleSplitter | null = null;

  constructor(readonly poll: Poll) {
    this.answers = newRound(poll);
  }

  /** Rebuilds a poll from stored state and the records of its rounds (only its shown rounds are read). */
  static restore(poll: Poll, snapshot: PollSnapshot, rounds: StoredRounds = () => ({})): PollState {
    const state = new PollState(poll);
    const { timer, kept, view, ...rest } = snapshot;
    Object.assign(state, rest);
    state.timer = timer && ownTimer(rest, timer) ? timer : null;
    state.kept = [...(kept ?? [])];
    state.view = view ?? 'normal';
    state.answers = restoreRound(poll, rounds(state.round));
    state.earlier = state.kept.map((round) => restoreRound(poll, rounds(round)));
    return state;
  }

  /** `text` and `qa` polls: the answers or questions of the current round; null for a choice of options. */
  get board(): EntryBoard | null {
    return this.answers instanceof EntryBoard ? this.answers : null;
  }

  snapshot(): PollSnapshot {
    const { status, revealed, round, openedAt, closedAt, participantsAtClose, timer, view } = this;
    const snapshot: PollSnapshot = { status, revealed, round, openedAt, closedAt, participantsAtClose, timer, kept: [...this.kept] };
    if (view !== 'normal') snapshot.view = view;
    return snapshot;
  }

  /** How many rounds are shown: 1, plus one per vote again. */
  get rounds(): number {
    return this.kept.length + 1;
  }

  /**
   * The same state, answers and entries under a changed definition of the poll (a deck edited
   * while `npm run dev` runs); answers that no longer fit it (an option taken out) stop counting.
   */
  redefine(poll: Poll): PollState {
    const held = new Map(this.shownRounds().map(([round, answers]) => [round, recordsOf(answers)]));
    return PollState.restore(poll, this.snapshot(), (round) => held.get(round) ?? {});
  }

  /** Each shown round's number and answers, oldest first. */
  private shownRounds(): [number, Choices | EntryBoard][] {
    return [...this.kept.map((round, i): [number, Choices | EntryBoard] => [round, this.earlier[i]!]), [this.round, this.answers]];
  }

  /** The answers of a shown round by its number; undefined for a reset round or one not started. */
  private answersOfRound(round: number): Choices | EntryBoard | undefined {
    if (round === this.round) return this.answers;
    const i = this.kept.indexOf(round);
    return i === -1 ? undefined : this.earlier[i];
  }

  /**
   * The state a presenter action leads to, or null when it changes nothing (e.g. opening an open
   * poll). Decides only: the caller stores the snapshot, then applies it with `adopt`, so that
   * memory is never ahead of what is stored.
   */
  next(action: PollAction, now: number): PollSnapshot | null {
    const state = this.snapshot();
    // Hiding the results, a reset and a vote again turn the chart back to its plain view.
    const { view: _view, ...plain } = state;
    switch (action) {
      case 'open':
        if (state.status === 'open') return null;
        return {
          ...state,
          status: 'open',
          openedAt: now,
          closedAt: null,
          timer: this.poll.timer === undefined ? null : deadline(this.poll.timer, now),
        };
      case 'close':
        if (state.status === 'closed') return null;
        return { ...state, status: 'closed', closedAt: now, timer: null };
      case 'reveal':
        return state.revealed ? null : { ...state, revealed: true };
      case 'hide':
        return state.revealed ? { ...plain, revealed: false } : null;
      case 'reset':
        // A new round: earlier answers stay in storage (tagged with their round) but no longer count.
        return { ...plain, round: state.round + 1, revealed: false, timer: null };
      case 'again':
        // The current round is closed and kept (shown beside the next); a new one opens, blind.
        return {
          ...plain,
          kept: [...(state.kept ?? []), state.round],
          round: state.round + 1,
          status: 'open',
          revealed: false,
          openedAt: now,
          closedAt: state.status === 'open' ? now : state.closedAt,
          timer: this.poll.timer === undefined ? null : deadline(this.poll.timer, now),
        };
    }
  }

  /**
   * A stored state (decided by `next` here, or by another process on one Redis): taken as it is,
   * since the checks ran where the change was decided. A snapshot of an earlier round is stale: ignored.
   */
  adopt(snapshot: PollSnapshot): boolean {
    if (snapshot.round < this.round) return false;
    const { timer, kept = [], view = 'normal', ...rest } = snapshot;
    if (snapshot.round > this.round) {
      // A new round: the rounds it keeps keep their answers (a reset round's are dropped).
      const held = new Map(this.shownRounds());
      this.earlier = kept.map((round) => held.get(round) ?? newRound(this.poll));
      this.answers = newRound(this.poll);
    }
    Object.assign(this, rest);
    this.kept = [...kept];
    this.timer = timer ?? null;
    this.view = view;
    return true;
  }

  /**
   * The state after presenters switch the chart to `view`, or null when it shows that already.
   * Refused when the poll has nothing to show it with: `movement` needs two rounds or more (a vote
   * again), `split` a deck with roles and a poll with options. Accepted whether or not the results
   * are shown (the console sees the counts before the room does): a projector, blind until then,
   * has nothing to show it with. Decides only, as `next`.
   */
  nextView(view: ChartView): PollSnapshot | null {
    if (view === 'movement' && this.kept.length === 0) {
      throw new ProtocolFailure('bad_request', 'The movement view shows how the room moved between rounds: vote again first.');
    }
    if (view === 'split' && !this.split) {
      throw new ProtocolFailure('bad_request', 'There are no roles in this deck: a chart is split by role when the deck’s front matter names roles.');
    }
    if (view === 'split' && isTextPoll(this.poll)) throw new ProtocolFailure('bad_request', 'Typed answers are not split by role.');
    if (view === this.view) return null;
    const { view: _view, ...state } = this.snapshot();
    return view === 'normal' ? state : { ...state, view };
  }

  /**
   * A stored answer (this process's or another's); false when it is not of a shown round, no
   * longer fits the poll, or is older than the answer held (the store keeps the newer one too).
   */
  adoptAnswer(round: number, participantId: string, answer: Answer): boolean {
    const answers = this.answersOfRound(round);
    return answers instanceof Choices && answers.adopt(participantId, answer);
  }

  /** A stored text answer or question (added, or moderated). */
  adoptEntry(round: number, entry: EntryData): boolean {
    const board = this.answersOfRound(round);
    if (!(board instanceof EntryBoard)) return false;
    board.adopt(entry);
    return true;
  }

  /** A stored upvote (or one taken back). */
  adoptUpvote(round: number, entryId: string, participantId: string, up: boolean): boolean {
    const board = this.answersOfRound(round);
    return board instanceof EntryBoard && board.adoptUpvote(entryId, participantId, up);
  }

  /**
   * The state after starting (or restarting) a timer of `seconds` on the open poll, or stopping it
   * (`null`; the poll stays open); null when there was no timer to stop. Decides only, as `next`.
   */
  nextTimer(seconds: number | null, now: number): PollSnapshot | null {
    this.requireOpen();
    if (seconds === null) return this.timer === null ? null : { ...this.snapshot(), timer: null };
    return { ...this.snapshot(), timer: startTimer(seconds, now) };
  }

  /** True once the running timer's deadline has passed: time to close the poll. */
  timerExpired(now: number): boolean {
    return this.timer !== null && now >= this.timer.endsAt;
  }

  /** The running timer as clients see it, counted from `now`. */
  timerView(now: number): PollTimer | undefined {
    return this.timer ? timerLeft(this.timer, now) : undefined;
  }

  /** Checks a vote and says what this participant's answer becomes; applied with `adoptAnswer` once stored. */
  decideVote(participantId: string, optionIds: string[], now: number): VoteOutcome {
    this.requireOpen();
    if (!(this.answers instanceof Choices)) throw new ProtocolFailure('invalid_vote', 'This question takes typed answers, not options.');
    return this.answers.decide(participantId, optionIds, now);
  }

  /**
   * Checks a `text` answer or `qa` question against the deck's limits and returns it cleaned;
   * the caller makes the entry (an id, whether the filter holds it), stores it, then applies it
   * with `adoptEntry`.
   */
  checkText(participantId: string, text: string): string {
    this.requireOpen();
    return this.requireBoard().check(participantId, text);
  }

  /** Whether an upvote (or taking one back) would change anything; applied with `adoptUpvote` once stored. */
  decideUpvote(participantId: string, entryId: string, up: boolean): boolean {
    this.requireOpen();
    const board = this.board;
    if (!board?.isPublic) throw new ProtocolFailure('invalid_vote', 'Only Q&A questions take upvotes.');
    return board.decideUpvote(participantId, entryId, up);
  }

  /** The entry as a presenter action leaves it (a copy); applied with `adoptEntry` once stored. */
  decideModeration(entryId: string, action: ModerateAction, now: number): { entry: EntryData; changed: boolean } {
    return this.requireBoard().decideModeration(entryId, action, now);
  }

  /** An entry as presenters see it: as the board holds it now, or as given (a reset has since emptied the board). */
  entryView(entry: EntryData): Entry {
    const board = this.requireBoard();
    return board.viewOf(entry.id) ?? board.view(entry);
  }

  answerOf(participantId: string): Answer | undefined {
    return this.answers instanceof Choices ? this.answers.get(participantId) : undefined;
  }

  /** This participant's answer in the current round, if they gave one: the options chosen, or the entries sent and questions upvoted. */
  myAnswer(participantId: string): MyAnswer | undefined {
    const { answers } = this;
    if (answers instanceof EntryBoard) {
      return answers.entriesOf(participantId).length || answers.upvotedBy(participantId).length ? this.entryAnswer(participantId) : undefined;
    }
    const answer = answers.get(participantId);
    return answer && { pollId: this.poll.id, round: this.round, optionIds: answer.optionIds };
  }

  /** A poll voted on again: this participant's answer in the round before the current one ("your first answer"), if they gave one. */
  earlierAnswer(participantId: string): MyAnswer | undefined {
    const last = this.earlier.at(-1);
    const answer = last instanceof Choices ? last.get(participantId) : undefined;
    return answer && { pollId: this.poll.id, round: this.kept.at(-1)!, optionIds: answer.optionIds };
  }

  /** This participant's answer in each shown round they answered, oldest first (their "My session"). */
  myRounds(participantId: string): MyAnswer[] {
    return this.shownRounds().flatMap(([round, answers]): MyAnswer[] => {
      const pollId = this.poll.id;
      if (answers instanceof EntryBoard) {
        const entries = answers.entriesOf(participantId);
        return entries.length ? [{ pollId, round, optionIds: [], entries }] : [];
      }
      const answer = answers.get(participantId);
      return answer ? [{ pollId, round, optionIds: answer.optionIds }] : [];
    });
  }

  /** A participant's own entries and upvotes on a `text` or `qa` poll (none yet: empty). */
  entryAnswer(participantId: string): MyAnswer {
    const board = this.requireBoard();
    const answer: MyAnswer = { pollId: this.poll.id, round: this.round, optionIds: [], entries: board.entriesOf(participantId) };
    if (board.isPublic) answer.upvoted = board.upvotedBy(participantId);
    return answer;
  }

  /** The current round's counts, with the earlier rounds' and how the room moved once voted on again. */
  tally(): Tally {
    const tally: Tally = this.answers.tally(this.poll.id);
    const earlier = this.earlierRounds();
    if (earlier) tally.earlier = earlier;
    const byRole = this.byRole();
    if (byRole) tally.byRole = byRole;
    return tally;
  }

  /**
   * The current round's counts per role, each role under the floor left out (its answers stay in
   * the total), and the smallest shown too while the rest would be a small group (`hiddenRoles`),
   * each left out with its reason.
   */
  private byRole(): RoleSplit | undefined {
    const { split, answers } = this;
    if (!split || !(answers instanceof Choices)) return undefined;
    const groups = answers.split(split.roles, (participantId) => split.roleOf(participantId));
    const hidden = hiddenRoles(split.roles, (role) => groups.get(role)!.respondents, answers.size, split.floor);
    return {
      floor: split.floor,
      groups: split.roles.map((role) => {
        const why = hidden.get(role);
        return why ? { role, hidden: why } : { role, tally: groups.get(role)! };
      }),
    };
  }

  private earlierRounds(): EarlierRounds | undefined {
    const last = this.earlier.at(-1);
    if (!last) return undefined;
    const rounds = this.earlier.map((answers) => {
      const { pollId: _id, ...counts } = answers.tally(this.poll.id);
      return counts;
    });
    const movement = last instanceof Choices && this.answers instanceof Choices ? this.answers.movedFrom(last) : { answeredBoth: 0, changed: 0 };
    return { rounds, ...movement };
  }

  /**
   * Whether the room sees this poll's results now (projector and phones alike): revealed, or
   * `results: live` in the deck. Until then a projector is told how many answered, not what.
   */
  get resultsShown(): boolean {
    return this.revealed || this.poll.liveResults === true;
  }

  /** The tally as a presenter window of `view` sees it: a projector's is blind until the results are shown. */
  tallyFor(view: PresenterView): Tally {
    const tally = this.tally();
    if (view === 'console' || this.resultsShown) return tally;
    return { pollId: tally.pollId, counts: {}, respondents: tally.respondents, blind: true };
  }

  /** What phones see once the poll is revealed: the tally, and an open-text poll's word cloud. */
  results(): AudienceResults {
    return { ...this.tally(), ...this.board?.revealed() };
  }

  /** Q&A: the board every phone sees, revealed or not. */
  publicBoard(): BoardEntry[] | undefined {
    return this.board?.isPublic ? this.board.board() : undefined;
  }

  /**
   * What a presenter window of `view` sees; a running timer's `remainingMs` is counted from `now`.
   * A projector gets no counts and no entries before the results are shown.
   */
  presenterState(now: number, view: PresenterView = 'console'): PresenterPollState {
    const state: PresenterPollState = {
      id: this.poll.id,
      status: this.status,
      revealed: this.revealed,
      round: this.round,
      rounds: this.rounds,
      tally: this.tallyFor(view),
      view: this.view,
    };
    const timer = this.timerView(now);
    if (timer) state.timer = timer;
    if (this.board && (view === 'console' || this.resultsShown)) state.entries = this.board.all();
    return state;
  }

  private requireOpen(): void {
    if (this.status !== 'open') throw new ProtocolFailure('poll_closed', 'This poll is not open for answers.');
  }

  private requireBoard(): EntryBoard {
    const board = this.board;
    if (!board) throw new ProtocolFailure('invalid_vote', 'This question takes a choice of options, not typed answers.');
    return board;
  }
}

/** The answers of a new round: a choice per participant, or typed entries, as the poll's kind takes them. */
function newRound(poll: Poll): Choices | EntryBoard {
  return isTextPoll(poll) ? new EntryBoard(poll) : new Choices(poll);
}

/** A round rebuilt from what is stored of it. */
function restoreRound(poll: Poll, { answers = [], entries = [], upvotes = [] }: Partial<RoundOfPoll>): Choices | EntryBoard {
  return isTextPoll(poll) ? EntryBoard.restore(poll, entries, upvotes) : Choices.restore(poll, answers);
}

/** A round's answers as `restoreRound` takes them back. */
function recordsOf(answers: Choices | EntryBoard): Partial<RoundOfPoll> {
  return answers instanceof Choices ? { answers: [...answers.all()] } : answers.data();
}

function deadline(seconds: number, now: number): TimerDeadline {
  return { seconds, endsAt: now + seconds * 1000 };
}

/**
 * A timer of `seconds` started at `now` — a poll's, or a slide's discussion timer — refused unless
 * it is a whole number of seconds within the limits every timer has.
 */
export function startTimer(seconds: number, now: number): TimerDeadline {
  if (!Number.isInteger(seconds) || seconds < TIMER_MIN_SECONDS || seconds > TIMER_MAX_SECONDS) {
    throw new ProtocolFailure('bad_request', `A timer runs ${TIMER_MIN_SECONDS} to ${TIMER_MAX_SECONDS} whole seconds.`);
  }
  return deadline(seconds, now);
}

/** A timer as clients see it, counted from `now` (0 once it ran out). */
export function timerLeft(timer: TimerDeadline, now: number): PollTimer {
  return { seconds: timer.seconds, remainingMs: Math.max(0, timer.endsAt - now) };
}

/**
 * Whether a stored timer belongs to the poll's current opening: the poll is open and the timer
 * started after it opened (a version without timers may have closed and re-opened it since).
 */
function ownTimer(snapshot: Omit<PollSnapshot, 'timer'>, timer: TimerDeadline): boolean {
  return snapshot.status === 'open' && snapshot.openedAt !== null && timer.endsAt - timer.seconds * 1000 >= snapshot.openedAt;
}
