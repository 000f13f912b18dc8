// What Parley processes serving the same sessions tell each other (REDIS_URL). Each process keeps
// its own copy of a live session; a change one process made and stored reaches the others as a
// Change, which they apply to their copy and show to their own clients. Without Redis there are
// no peers: LOCAL_PEERS does nothing.
import type { SlidePosition } from '../deck/types.js';
import type { DiscussionTimer } from '../session/session.js';
import type { EntryRecord, PollRecord, UpvoteRecord, VoteRecord } from '../store/store.js';

/** One stored change, as absolute state: applying it twice, or after a reload, changes nothing. */
export type Change =
  | { kind: 'vote'; vote: VoteRecord }
  | { kind: 'entry'; entry: EntryRecord }
  | { kind: 'upvote'; upvote: UpvoteRecord; up: boolean }
  | { kind: 'poll'; poll: PollRecord }
  /** Only the poll's chart view changed (`presenter:view`): its whole state, told to presenters only. */
  | { kind: 'view'; poll: PollRecord }
  | { kind: 'slide'; code: string; slide: SlidePosition; visited: readonly string[] }
  | { kind: 'discussion'; code: string; timer: DiscussionTimer | null }
  | { kind: 'ended'; code: string; endedAt: number }
  | { kind: 'deleted'; code: string };

/** The session a change belongs to. */
export function changeCode(change: Change): string {
  switch (change.kind) {
    case 'vote':
      return change.vote.code;
    case 'entry':
      return change.entry.code;
    case 'upvote':
      return change.upvote.code;
    case 'poll':
    case 'view':
      return change.poll.code;
    default:
      return change.code;
  }
}

/** Changes one process published together; `seq` counts its batches, so a lost one shows as a gap. */
export interface ChangeBatch {
  server: string;
  seq: number;
  changes: Change[];
}

/**
 * Sent every PRESENCE_INTERVAL_MS and soon after a count changes: the participants connected to
 * this process per session code, and the last batch it published. `leaving`: it shuts down.
 */
export interface Presence {
  server: string;
  seq: number;
  counts: Record<string, number>;
  leaving?: boolean;
}

/** The messages between Parley processes (Socket.IO `serverSideEmit`, through the Redis adapter). */
export interface InterServerEvents {
  'parley:changes': (batch: ChangeBatch) => void;
  'parley:presence': (presence: Presence) => void;
}

export interface Peers {
  /**
   * Resolves once every other live process will receive the change — or, when Redis did not take
   * it, will reload it from the store, where it already is (its batch number shows as missing).
   * The caller acknowledges after.
   */
  publish(change: Change): Promise<void>;
  /** True for exactly one caller per key until `ttlMs` passes (e.g. which process closes a poll whose timer ran out). */
  claim(key: string, ttlMs: number): Promise<boolean>;
}

export const LOCAL_PEERS: Peers = {
  publish: () => Promise.resolve(),
  claim: () => Promise.resolve(true),
};
