// One poll's live state: closed ⇄ open, revealed or not, and the answers of the current round.
// Plain TypeScript, no I/O: the caller persists what changed and passes in the time.
import { isTextPoll, type Poll } from '../deck/types.js';
import {
  TIMER_MAX_SECONDS,
  TIMER_MIN_SECONDS,
  type ModerateAction,
  type PollAction,
  type PollStatus,
  type PollTimer,
  type PresenterPollState,
  type Tally,
} from '../protocol.js';
import { EntryBoard, type EntryData, type Upvote } from './entries.js';
import { ProtocolFailure } from './failure.js';

export interface Answer {
  optionIds: string[];
  /** When the current answer was given (ms since epoch). */
  answeredAt: number;
  /** How many times this participant changed their answer in this round. */
  changes: number;
}

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
}

/** A running poll timer: its length, and when it runs out (ms since epoch). */
export interface TimerDeadline {
  seconds: number;
  endsAt: number;
}

export interface VoteOutcome {
  answer: Answer;
  /** False when the participant re-sent the answer they already had: nothing to store. */
  changed: boolean;
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
  /** `text` and `qa` polls: the answers or questions of the current round. */
  board: EntryBoard | null;
  private readonly answers = new Map<string, Answer>();
  /** Choices per option; for `rank` polls, how often each option was put first. */
  private readonly counts = new Map<string, number>();
  /** `rank` polls: the sum of each option's positions (1 = first) over all answers. */
  private readonly positionSums = new Map<string, number>();

  constructor(readonly poll: Poll) {
    this.board = this.newBoard();
    this.clearCounts();
  }

  /** Rebuilds a poll from stored state; answers, entries and upvotes of earlier rounds must already be filtered out. */
  static restore(
    poll: Poll,
    snapshot: PollSnapshot,
    answers: Iterable<[string, Answer]>,
    entries: Iterable<EntryData> = [],
    upvotes: Iterable<Upvote> = [],
  ): PollState {
    const state = new PollState(poll);
    const { timer, ...rest } = snapshot;
    Object.assign(state, rest);
    state.timer = timer && ownTimer(rest, timer) ? timer : null;
    for (const [participantId, answer] of answers) {
      if (state.checkChoice(answer.optionIds) === null) state.setAnswer(participantId, answer);
    }
    if (poll.text) state.board = EntryBoard.restore(poll.text, entries, upvotes);
    return state;
  }

  snapshot(): PollSnapshot {
    const { status, revealed, round, openedAt, closedAt, participantsAtClose, timer } = this;
    return { status, revealed, round, openedAt, closedAt, participantsAtClose, timer };
  }

  /**
   * The same state, answers and entries under a changed definition of the poll (a deck edited
   * while `npm run dev` runs); answers that no longer fit it (an option taken out) stop counting.
   */
  redefine(poll: Poll): PollState {
    const board = this.board?.data();
    return PollState.restore(poll, this.snapshot(), this.answers, board?.entries, board?.upvotes);
  }

  /**
   * The state a presenter action leads to, or null when it changes nothing (e.g. opening an open
   * poll). Decides only: the caller stores the snapshot, then applies it with `adopt`, so that
   * memory is never ahead of what is stored.
   */
  next(action: PollAction, now: number): PollSnapshot | null {
    const state = this.snapshot();
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
      case 'hide': {
        const revealed = action === 'reveal';
        if (state.revealed === revealed) return null;
        return { ...state, revealed };
      }
      case 'reset':
        // A new round: earlier answers stay in storage (tagged with their round) but no longer count.
        return { ...state, round: state.round + 1, revealed: false, timer: null };
    }
  }

  /**
   * A stored state (decided by `next` here, or by another process on one Redis): taken as it is,
   * since the checks ran where the change was decided. A snapshot of an earlier round is stale: ignored.
   */
  adopt(snapshot: PollSnapshot): boolean {
    if (snapshot.round < this.round) return false;
    if (snapshot.round > this.round) this.startRound(snapshot.round);
    const { timer, ...rest } = snapshot;
    Object.assign(this, rest);
    this.timer = timer ?? null;
    return true;
  }

  /**
   * A stored answer (this process's or another's); false when it is not of this round, no longer
   * fits the poll, or is older than the answer held (the store keeps the newer one too).
   */
  adoptAnswer(round: number, participantId: string, answer: Answer): boolean {
    if (round !== this.round || this.board || this.checkChoice(answer.optionIds) !== null) return false;
    if ((this.answers.get(participantId)?.answeredAt ?? -Infinity) > answer.answeredAt) return false;
    this.setAnswer(participantId, answer);
    return true;
  }

  /** A stored text answer or question (added, or moderated). */
  adoptEntry(round: number, entry: EntryData): boolean {
    if (round !== this.round || !this.board) return false;
    this.board.adopt(entry);
    return true;
  }

  /** A stored upvote (or one taken back). */
  adoptUpvote(round: number, entryId: string, participantId: string, up: boolean): boolean {
    return round === this.round && this.board !== null && this.board.adoptUpvote(entryId, participantId, up);
  }

  /**
   * The state after starting (or restarting) a timer of `seconds` on the open poll, or stopping it
   * (`null`; the poll stays open); null when there was no timer to stop. Decides only, as `next`.
   */
  nextTimer(seconds: number | null, now: number): PollSnapshot | null {
    this.requireOpen();
    if (seconds === null) return this.timer === null ? null : { ...this.snapshot(), timer: null };
    if (!Number.isInteger(seconds) || seconds < TIMER_MIN_SECONDS || seconds > TIMER_MAX_SECONDS) {
      throw new ProtocolFailure('bad_request', `A timer runs ${TIMER_MIN_SECONDS} to ${TIMER_MAX_SECONDS} whole seconds.`);
    }
    return { ...this.snapshot(), timer: deadline(seconds, now) };
  }

  /** True once the running timer's deadline has passed: time to close the poll. */
  timerExpired(now: number): boolean {
    return this.timer !== null && now >= this.timer.endsAt;
  }

  /** The running timer as clients see it, counted from `now`. */
  timerView(now: number): PollTimer | undefined {
    if (!this.timer) return undefined;
    return { seconds: this.timer.seconds, remainingMs: Math.max(0, this.timer.endsAt - now) };
  }

  /** Checks a vote and says what this participant's answer becomes; applied with `adoptAnswer` once stored. */
  decideVote(participantId: string, optionIds: string[], now: number): VoteOutcome {
    this.requireOpen();
    if (this.board) throw new ProtocolFailure('invalid_vote', 'This question takes typed answers, not options.');
    const problem = this.checkChoice(optionIds);
    if (problem) throw new ProtocolFailure('invalid_vote', problem);
    const previous = this.answers.get(participantId);
    if (previous && sameChoice(previous.optionIds, optionIds, this.poll.type === 'rank')) return { answer: previous, changed: false };
    const answer: Answer = {
      optionIds: [...optionIds],
      answeredAt: now,
      changes: previous ? previous.changes + 1 : 0,
    };
    return { answer, changed: true };
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
    if (this.poll.type !== 'qa') throw new ProtocolFailure('invalid_vote', 'Only Q&A questions take upvotes.');
    return this.requireBoard().decideUpvote(participantId, entryId, up);
  }

  /** The entry as a presenter action leaves it (a copy); applied with `adoptEntry` once stored. */
  decideModeration(entryId: string, action: ModerateAction, now: number): { entry: EntryData; changed: boolean } {
    return this.requireBoard().decideModeration(entryId, action, now, this.poll.type === 'qa');
  }

  answerOf(participantId: string): Answer | undefined {
    return this.answers.get(participantId);
  }

  tally(): Tally {
    const respondents = this.board ? this.board.respondents : this.answers.size;
    const tally: Tally = { pollId: this.poll.id, counts: Object.fromEntries(this.counts), respondents };
    if (this.board) tally.entries = this.board.size;
    if (this.poll.scale && respondents) tally.mean = scaleMean(tally.counts);
    if (this.poll.type === 'rank' && respondents) {
      tally.positions = Object.fromEntries([...this.positionSums].map(([id, sum]) => [id, Math.round((sum / respondents) * 100) / 100]));
    }
    return tally;
  }

  /** What presenters see; a running timer's `remainingMs` is counted from `now`. */
  presenterState(now: number): PresenterPollState {
    const state: PresenterPollState = { id: this.poll.id, status: this.status, revealed: this.revealed, round: this.round, tally: this.tally() };
    const timer = this.timerView(now);
    if (timer) state.timer = timer;
    if (this.board) state.entries = this.board.all();
    return state;
  }

  private requireOpen(): void {
    if (this.status !== 'open') throw new ProtocolFailure('poll_closed', 'This poll is not open for answers.');
  }

  private requireBoard(): EntryBoard {
    if (!this.board) throw new ProtocolFailure('invalid_vote', 'This question takes a choice of options, not typed answers.');
    return this.board;
  }

  private startRound(round: number): void {
    this.round = round;
    this.answers.clear();
    this.clearCounts();
    this.board = this.newBoard();
  }

  private newBoard(): EntryBoard | null {
    return isTextPoll(this.poll) && this.poll.text ? new EntryBoard(this.poll.text) : null;
  }

  private checkChoice(optionIds: string[]): string | null {
    if (optionIds.length === 0) return 'Choose an option.';
    if (new Set(optionIds).size !== optionIds.length) return 'An option was chosen twice.';
    if (!this.validOptions(optionIds)) return 'That option is not part of this poll.';
    if (this.poll.type === 'rank') {
      return optionIds.length === this.poll.options.length ? null : 'Put every option in order.';
    }
    if (this.poll.type !== 'multi' && optionIds.length > 1) return 'Choose only one option.';
    if (this.poll.limit !== undefined && optionIds.length > this.poll.limit) {
      return `Choose at most ${this.poll.limit} options.`;
    }
    return null;
  }

  private validOptions(optionIds: string[]): boolean {
    return optionIds.every((id) => this.counts.has(id));
  }

  private setAnswer(participantId: string, answer: Answer): void {
    const previous = this.answers.get(participantId);
    if (previous) this.count(previous.optionIds, -1);
    this.answers.set(participantId, answer);
    this.count(answer.optionIds, +1);
  }

  private count(optionIds: string[], delta: number): void {
    if (this.poll.type === 'rank') {
      for (const [i, id] of optionIds.entries()) this.positionSums.set(id, (this.positionSums.get(id) ?? 0) + delta * (i + 1));
      optionIds = optionIds.slice(0, 1);
    }
    for (const id of optionIds) this.counts.set(id, (this.counts.get(id) ?? 0) + delta);
  }

  private clearCounts(): void {
    for (const option of this.poll.options) {
      this.counts.set(option.id, 0);
      if (this.poll.type === 'rank') this.positionSums.set(option.id, 0);
    }
  }
}

function deadline(seconds: number, now: number): TimerDeadline {
  return { seconds, endsAt: now + seconds * 1000 };
}

/**
 * Whether a stored timer belongs to the poll's current opening: the poll is open and the timer
 * started after it opened (a version without timers may have closed and re-opened it since).
 */
function ownTimer(snapshot: Omit<PollSnapshot, 'timer'>, timer: TimerDeadline): boolean {
  return snapshot.status === 'open' && snapshot.openedAt !== null && timer.endsAt - timer.seconds * 1000 >= snapshot.openedAt;
}

/** The average rating of a scale poll (option ids are the ratings), or undefined with no answers. */
export function scaleMean(counts: Record<string, number>): number | undefined {
  let total = 0;
  let sum = 0;
  for (const [rating, count] of Object.entries(counts)) {
    total += count;
    sum += Number(rating) * count;
  }
  return total ? Math.round((sum / total) * 100) / 100 : undefined;
}

/** The same options (in the same order, when order is the answer). */
function sameChoice(a: string[], b: string[], ordered: boolean): boolean {
  return a.length === b.length && a.every((id, i) => (ordered ? b[i] === id : b.includes(id)));
}
