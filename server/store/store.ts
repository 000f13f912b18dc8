// What the rest of the server needs from storage: SQLite (sqlite.ts, the default) and Redis
// (redis.ts, with REDIS_URL) implement it. They store and read records; which of them count (a
// poll's shown rounds, who answered) is the domain's rule, server/session/records.ts, which both
// apply to what they read. Every write resolves only once it is durable: acknowledgements wait for it.
import type { Deck, SlidePosition } from '../deck/types.js';
import { CHART_VIEWS, type ChartView, type SelfPacedWindow } from '../protocol.js';
import type { EntryData } from '../session/entries.js';
import type { PollSnapshot } from '../session/poll.js';
import type { DiscussionTimer } from '../session/session.js';

export interface SessionRecord {
  code: string;
  deckId: string;
  /**
   * The deck as it was when the session started, so later edits of the file don't change it
   * (except under `npm run dev`, where an edited deck replaces it: saveDeck).
   */
  deck: Deck;
  createdAt: number;
  /** When the presenter ended the session; null while it is live. */
  endedAt: number | null;
  slide: SlidePosition;
  /** The discussion timer (running or run out) until the presenter stops it; absent or null: none. */
  discussion?: DiscussionTimer | null;
  /**
   * The ids of the slides with an id (branch targets) the session has been on, in the order it
   * first went there; absent in a record written before Parley kept them (none visited).
   */
  visited?: readonly string[];
  /**
   * A follow-up session: the join code of the earlier session it follows up (POST /api/sessions
   * `followUp`). Absent or null: none.
   */
  followUpOf?: string | null;
  /** A self-paced session: when it is open (POST /api/sessions `selfPaced`, `npm start -- --self-paced`). Absent or null: live. */
  selfPaced?: SelfPacedWindow | null;
}

/**
 * A participant of a follow-up session who took part in the earlier one: what the follow-up keeps
 * of that link (no id of the earlier session). `step` is the option they chose in the earlier
 * deck's commitment poll (`commitment: true` with options), or null when they chose none.
 */
export interface LinkRecord {
  code: string;
  /** Their id in the follow-up session. */
  participantId: string;
  step: string | null;
  linkedAt: number;
}

/** A line of the session history. */
export interface SessionSummary {
  code: string;
  deckId: string;
  title: string;
  createdAt: number;
  endedAt: number | null;
  /** Distinct participants who answered at least one poll. */
  participants: number;
  /** Answers counted (every vote, text answer and question of a shown round: session/records.ts). */
  answers: number;
  /** A follow-up session: the join code of the earlier session. Absent: none. */
  followUpOf?: string;
  /** A self-paced session: its window. Absent: a live session. */
  selfPaced?: SelfPacedWindow;
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

/** An open-text answer or Q&A question, with its moderation state. */
export interface EntryRecord extends EntryData {
  code: string;
  pollId: string;
  round: number;
}

/** One participant's upvote of one Q&A question. */
export interface UpvoteRecord {
  code: string;
  pollId: string;
  round: number;
  entryId: string;
  participantId: string;
}

export interface StoredSession {
  session: SessionRecord;
  polls: PollRecord[];
  /** Votes of each poll's shown rounds only: its current one and those kept by vote again (likewise entries and upvotes). */
  votes: VoteRecord[];
  entries: EntryRecord[];
  upvotes: UpvoteRecord[];
}

export interface Store {
  createSession(session: SessionRecord): Promise<void>;
  /** Null when no session has that code. */
  loadSession(code: string): Promise<StoredSession | null>;
  /** The most recently created live session of a deck that has not ended, if any (never a self-paced one: `npm start` does not resume those). */
  latestSession(deckId: string): Promise<SessionRecord | null>;
  /** Every session, newest first. */
  listSessions(): Promise<SessionSummary[]>;
  endSession(code: string, endedAt: number): Promise<void>;
  /** Removes the session with its poll states and every vote. */
  deleteSession(code: string): Promise<void>;
  /** The current slide, and the ids of the slides visited so far (absolute: the whole list). */
  saveSlide(code: string, slide: SlidePosition, visited: readonly string[]): Promise<void>;
  /** Starts, restarts or stops (null) the session's discussion timer. */
  saveDiscussion(code: string, timer: DiscussionTimer | null): Promise<void>;
  /** The session now runs this version of its deck (a deck file edited under `npm run dev`). */
  saveDeck(code: string, deck: Deck): Promise<void>;
  savePoll(poll: PollRecord): Promise<void>;
  /** Inserts or replaces this participant's answer for that poll round. */
  saveVote(vote: VoteRecord): Promise<void>;
  /** Inserts an entry, or updates its status and answered time. */
  saveEntry(entry: EntryRecord): Promise<void>;
  /** Records an upvote (`up`) or removes it. */
  saveUpvote(upvote: UpvoteRecord, up: boolean): Promise<void>;
  /** Inserts or replaces a follow-up participant's link to the earlier session (gone with the session). */
  saveLink(link: LinkRecord): Promise<void>;
  /** The links of a follow-up session's participants (none for any other session). */
  loadLinks(code: string): Promise<LinkRecord[]>;
  close(): Promise<void>;
}

/** What the store has done since it opened (GET /metrics). */
export interface StoreStats {
  /** Round trips that made writes durable (SQLite: one transaction per group of writes). */
  commits: number;
  /** Writes committed. */
  writes: number;
  /** Writes refused: their own statement failed, or the commit of their group did. */
  failedWrites: number;
  /** Group commits that failed as a whole. */
  failedCommits: number;
  /**
   * SQLite: how long its writer thread has worked (its event loop's active time: statements,
   * commits, fsync), over every thread it has run — the disk's share of the server's time, off
   * the main thread. Absent for Redis.
   */
  writerBusyMs?: number;
}

/** The store a server runs on: the interface above, plus what GET /healthz and /metrics read. */
export interface ServerStore extends Store {
  readonly stats: StoreStats;
  /**
   * The server secret (privacy/secret.ts), kept where the store is: every process using this
   * store derives the same per-session participant ids and export pseudonyms from it.
   */
  readonly secret: Buffer;
  /** Resolves once a tiny test write is durable and read back; rejects with the reason. */
  check(): Promise<void>;
  /**
   * SQLite on Linux: the CPU time of its current writer thread so far (ms; its share of the
   * process's), read from /proc when asked (`npm run bench`), not with every `stats`.
   */
  writerCpuMs?(): number | undefined;
}

/**
 * The shared chart view as read back from a store, when not `normal`: a view this version does not
 * know (written by a newer one, or a record edited by hand) is shown as `normal`.
 */
export function storedView(value: unknown): { view?: ChartView } {
  const view = CHART_VIEWS.find((v) => v === value);
  return view && view !== 'normal' ? { view } : {};
}
