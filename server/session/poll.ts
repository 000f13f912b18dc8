// One poll's live state: closed ⇄ open, revealed or not, and the answers of the current round.
// Plain TypeScript, no I/O: the caller persists what changed and passes in the time.
import type { Poll } from '../deck/types.js';
import type { PollAction, PollStatus, PresenterPollState, Tally } from '../protocol.js';
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
  private readonly answers = new Map<string, Answer>();
  private readonly counts = new Map<string, number>();

  constructor(readonly poll: Poll) {
    this.clearCounts();
  }

  /** Rebuilds a poll from stored state; answers of earlier rounds must already be filtered out. */
  static restore(poll: Poll, snapshot: PollSnapshot, answers: Iterable<[string, Answer]>): PollState {
    const state = new PollState(poll);
    Object.assign(state, snapshot);
    for (const [participantId, answer] of answers) {
      if (state.validOptions(answer.optionIds)) state.setAnswer(participantId, answer);
    }
    return state;
  }

  snapshot(): PollSnapshot {
    const { status, revealed, round, openedAt, closedAt, participantsAtClose } = this;
    return { status, revealed, round, openedAt, closedAt, participantsAtClose };
  }

  /** Applies a presenter action. Returns false when it changed nothing (e.g. opening an open poll). */
  apply(action: PollAction, now: number): boolean {
    switch (action) {
      case 'open':
        if (this.status === 'open') return false;
        this.status = 'open';
        this.openedAt = now;
        this.closedAt = null;
        return true;
      case 'close':
        if (this.status === 'closed') return false;
        this.status = 'closed';
        this.closedAt = now;
        return true;
      case 'reveal':
      case 'hide': {
        const revealed = action === 'reveal';
        if (this.revealed === revealed) return false;
        this.revealed = revealed;
        return true;
      }
      case 'reset':
        // A new round: earlier answers stay in storage (tagged with their round) but no longer count.
        this.round += 1;
        this.revealed = false;
        this.answers.clear();
        this.clearCounts();
        return true;
    }
  }

  vote(participantId: string, optionIds: string[], now: number): VoteOutcome {
    if (this.status !== 'open') throw new ProtocolFailure('poll_closed', 'This poll is not open for answers.');
    const problem = this.checkChoice(optionIds);
    if (problem) throw new ProtocolFailure('invalid_vote', problem);
    const previous = this.answers.get(participantId);
    if (previous && sameChoice(previous.optionIds, optionIds)) return { answer: previous, changed: false };
    const answer: Answer = {
      optionIds: [...optionIds],
      answeredAt: now,
      changes: previous ? previous.changes + 1 : 0,
    };
    this.setAnswer(participantId, answer);
    return { answer, changed: true };
  }

  answerOf(participantId: string): Answer | undefined {
    return this.answers.get(participantId);
  }

  tally(): Tally {
    const tally: Tally = { pollId: this.poll.id, counts: Object.fromEntries(this.counts), respondents: this.answers.size };
    const mean = this.poll.scale ? scaleMean(tally.counts) : undefined;
    return mean === undefined ? tally : { ...tally, mean };
  }

  presenterState(): PresenterPollState {
    return { id: this.poll.id, status: this.status, revealed: this.revealed, round: this.round, tally: this.tally() };
  }

  private checkChoice(optionIds: string[]): string | null {
    if (optionIds.length === 0) return 'Choose an option.';
    if (new Set(optionIds).size !== optionIds.length) return 'An option was chosen twice.';
    if (!this.validOptions(optionIds)) return 'That option is not part of this poll.';
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
    for (const id of optionIds) this.counts.set(id, (this.counts.get(id) ?? 0) + delta);
  }

  private clearCounts(): void {
    for (const option of this.poll.options) this.counts.set(option.id, 0);
  }
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

function sameChoice(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}
