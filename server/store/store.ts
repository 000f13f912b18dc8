// What the rest of the server needs from storage. SQLite implements it today; a networked
// store (e.g. Redis) can implement the same interface without touching the domain.
// Every write resolves only once it is durable: acknowledgements wait for it.
import type { Deck, SlidePosition } from '../deck/types.js';
import type { PollSnapshot } from '../session/poll.js';

export interface SessionRecord {
  code: string;
  deckId: string;
  /** The deck as it was when the session started, so later edits of the file don't change it. */
  deck: Deck;
  createdAt: number;
  slide: SlidePosition;
}

export interface PollRecord extends PollSnapshot {
  code: string;
  pollId: string;
}

export interface VoteRecord {
  code: string;
  pollId: string;
  round: number;
  participantId: string;
  optionIds: string[];
  answeredAt: number;
  changes: number;
}

export interface StoredSession {
  session: SessionRecord;
  polls: PollRecord[];
  /** Votes of each poll's current round only. */
  votes: VoteRecord[];
}

export interface Store {
  createSession(session: SessionRecord): Promise<void>;
  /** Null when no session has that code. */
  loadSession(code: string): Promise<StoredSession | null>;
  /** The most recently created session of a deck, if any. */
  latestSession(deckId: string): Promise<SessionRecord | null>;
  saveSlide(code: string, slide: SlidePosition): Promise<void>;
  savePoll(poll: PollRecord): Promise<void>;
  /** Inserts or replaces this participant's answer for that poll round. */
  saveVote(vote: VoteRecord): Promise<void>;
  close(): Promise<void>;
}
