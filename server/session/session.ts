// A live session of a deck: where the presenter is, every poll's state, who is connected.
// Plain TypeScript, no I/O.
import type { Deck, Poll, Slide, SlidePosition } from '../deck/types.js';
import type { AudiencePoll, AudienceState, MyAnswer, PollAction, PresenterState } from '../protocol.js';
import { wordCounts } from '../text/words.js';
import type { EntryData, Upvote } from './entries.js';
import { ProtocolFailure } from './failure.js';
import { PollState, type Answer, type PollSnapshot } from './poll.js';

export interface SessionInit {
  code: string;
  deck: Deck;
  createdAt: number;
  endedAt: number | null;
  slide: SlidePosition;
}

export interface StoredPoll {
  pollId: string;
  snapshot: PollSnapshot;
  /** Answers of the poll's current round, by participant id. */
  answers: Map<string, Answer>;
  /** `text` and `qa` polls: entries and upvotes of the current round. */
  entries: EntryData[];
  upvotes: Upvote[];
}

export class Session {
  readonly code: string;
  readonly deck: Deck;
  readonly createdAt: number;
  endedAt: number | null;
  private slide: Slide;
  private readonly polls = new Map<string, PollState>();
  /** Open sockets per participant id: a participant with two tabs counts once. */
  private readonly connections = new Map<string, number>();

  constructor(init: SessionInit, stored: StoredPoll[] = []) {
    this.code = init.code;
    this.deck = init.deck;
    this.createdAt = init.createdAt;
    this.endedAt = init.endedAt;
    this.slide = this.findSlide(init.slide) ?? this.firstSlide();
    const storedById = new Map(stored.map((s) => [s.pollId, s]));
    for (const poll of init.deck.polls) {
      const saved = storedById.get(poll.id);
      this.polls.set(
        poll.id,
        saved ? PollState.restore(poll, saved.snapshot, saved.answers, saved.entries, saved.upvotes) : new PollState(poll),
      );
    }
  }

  get position(): SlidePosition {
    return this.slide.position;
  }

  get participants(): number {
    return this.connections.size;
  }

  /** Moves to a slide of the deck; returns false when already there. */
  goto(position: SlidePosition): boolean {
    const slide = this.findSlide(position);
    if (!slide) throw new ProtocolFailure('not_found', `The deck has no slide at ${position.h}/${position.v}.`);
    if (slide === this.slide) return false;
    this.slide = slide;
    return true;
  }

  poll(pollId: string): PollState {
    const poll = this.polls.get(pollId);
    if (!poll) throw new ProtocolFailure('not_found', `The deck has no poll "${pollId}".`);
    return poll;
  }

  /** The poll on the presenter's current slide, if any. */
  currentPoll(): PollState | undefined {
    return this.slide.pollId === undefined ? undefined : this.polls.get(this.slide.pollId);
  }

  control(pollId: string, action: PollAction, now: number): { poll: PollState; changed: boolean } {
    const poll = this.poll(pollId);
    if (this.endedAt !== null && action === 'open') {
      throw new ProtocolFailure('forbidden', 'This session has ended: start a new one to vote again.');
    }
    const changed = poll.apply(action, now);
    if (changed && action === 'close') poll.participantsAtClose = this.participants;
    return { poll, changed };
  }

  /** Ends the session: every open poll closes. Returns the polls it closed. */
  end(now: number): PollState[] {
    if (this.endedAt !== null) return [];
    this.endedAt = now;
    const open = [...this.polls.values()].filter((p) => p.status === 'open');
    for (const poll of open) this.control(poll.poll.id, 'close', now);
    return open;
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
    const answers: MyAnswer[] = [];
    for (const poll of this.polls.values()) {
      const answer = poll.answerOf(participantId);
      if (answer) answers.push({ pollId: poll.poll.id, round: poll.round, optionIds: answer.optionIds });
      else if (poll.board) {
        const entries = poll.board.entriesOf(participantId);
        const upvoted = poll.board.upvotedBy(participantId);
        if (entries.length || upvoted.length) answers.push(textAnswer(poll, participantId));
      }
    }
    return answers;
  }

  /** What every participant sees. Counts are included only for a revealed poll. */
  audienceState(): AudienceState {
    const current = this.currentPoll();
    return {
      code: this.code,
      deckTitle: this.deck.meta.title,
      slide: { position: this.slide.position, number: this.slide.number, title: this.slide.title },
      poll: current ? audiencePoll(current) : null,
      ended: this.endedAt !== null,
    };
  }

  presenterState(audienceUrl: string): PresenterState {
    return {
      code: this.code,
      deck: this.deck,
      slide: this.slide.position,
      polls: [...this.polls.values()].map((p) => p.presenterState()),
      participants: this.participants,
      audienceUrl,
      ended: this.endedAt !== null,
    };
  }

  allPolls(): IterableIterator<PollState> {
    return this.polls.values();
  }

  private findSlide({ h, v }: SlidePosition): Slide | undefined {
    return this.deck.slides.find((s) => s.position.h === h && s.position.v === v);
  }

  private firstSlide(): Slide {
    const first = this.deck.slides[0];
    if (!first) throw new Error(`Deck "${this.deck.id}" has no slides.`);
    return first;
  }
}

/** A participant's own entries and upvotes on a `text` or `qa` poll. */
export function textAnswer(poll: PollState, participantId: string): MyAnswer {
  const board = poll.board!;
  const answer: MyAnswer = { pollId: poll.poll.id, round: poll.round, optionIds: [], entries: board.entriesOf(participantId) };
  if (poll.poll.type === 'qa') answer.upvoted = board.upvotedBy(participantId);
  return answer;
}

function audiencePoll(state: PollState): AudiencePoll {
  const { id, type, question, options, limit, scale, text }: Poll = state.poll;
  const poll: AudiencePoll = {
    id,
    type,
    question,
    options,
    ...(limit === undefined ? {} : { limit }),
    ...(scale === undefined ? {} : { scale }),
    ...(text === undefined ? {} : { text }),
    status: state.status,
    revealed: state.revealed,
    round: state.round,
  };
  if (state.revealed) {
    poll.results = state.tally();
    if (type === 'text') poll.results.words = wordCounts(state.board!.shownTexts());
  }
  if (type === 'qa') poll.board = state.board!.board();
  return poll;
}
