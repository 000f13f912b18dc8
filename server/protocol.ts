// The Socket.IO protocol: one source of truth for server, presenter and audience.
// Event maps follow socket.io's TypeScript pattern; the zod schemas validate every incoming
// payload on the server. Schemas are marked pure so that the phone bundle, which imports only
// types and constants from here, does not carry the validator.
import { z } from 'zod';
import type { Deck, DeckError, DeckMeta, Poll, Role, SlidePosition } from './deck/types.js';

/** Join codes avoid look-alikes (0/O, 1/I/L) so they can be read off a projector. */
export const JOIN_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const JOIN_CODE_LENGTH = 5;
/** The id of the JSON data block in which the join page (/j/:code) carries the session's AudienceState. */
export const INITIAL_STATE_ID = 'initial-state';
/**
 * `GET` this and Parley answers `PING_ANSWER` (JSON, never cached): how a page that cannot connect
 * tells the server from a captive portal or proxy answering with a page of its own.
 */
export const PING_PATH = '/ping';
export const PING_ANSWER = { parley: true } as const;

/** Largest Socket.IO message the server accepts (far below Socket.IO's 1 MB default). */
export const MAX_MESSAGE_BYTES = 16 * 1024;

/** Longest text answer any deck may allow (a deck's `length` is at most this). */
export const MAX_TEXT_LENGTH = 1000;

/** Longest `message` of an error acknowledgement: a refusal never echoes a large payload back. */
export const MAX_ERROR_MESSAGE_LENGTH = 500;

/** Largest HTTP request body the API accepts (JSON only). */
export const MAX_BODY_BYTES = 16 * 1024;

/** Most sessions one `export?format=html&with=…` comparison may name, the first one included. */
export const MAX_COMPARED_SESSIONS = 20;

export type PollStatus = 'closed' | 'open';
/**
 * `again`: vote again after discussion — closes the current round, keeps it (shown beside the
 * next) and opens a new one, results hidden. `reset`: a mistake eraser — the current round stops
 * counting and is never shown; a new one starts.
 */
export const POLL_ACTIONS = ['open', 'close', 'reveal', 'hide', 'reset', 'again'] as const;
export type PollAction = (typeof POLL_ACTIONS)[number];

/** Counts for one poll in its current round. */
export interface Tally {
  pollId: string;
  /** Votes per option id; every option of the poll is present, 0 when nobody chose it. */
  counts: Record<string, number>;
  /** Participants who have answered this poll in this round. */
  respondents: number;
  /** `scale` polls with answers: the average rating, to two decimals. */
  mean?: number;
  /** `rank` polls: each option's average position (1 = first), to two decimals; absent with no answers. */
  positions?: Record<string, number>;
  /** `text` and `qa` polls: answers or questions sent (hidden and held ones included). */
  entries?: number;
  /**
   * Paired polls (`ask`): each question's votes per option, by the question's name (e.g. `should`,
   * `would`); `counts` is then the first question's.
   */
  asked?: Record<string, Record<string, number>>;
  /** Paired polls: respondents who answered the two questions differently ("11 would do something other than what they think they should"). */
  gap?: number;
  /** A deck with `roles`: the counts split by role (choice polls). Absent from blind tallies. */
  byRole?: RoleSplit;
  /**
   * Sent to a projector while the poll's results are not shown there (not revealed, not `live`):
   * `counts` is empty and only `respondents` is told — how many answered, not what.
   */
  blind?: true;
  /** A poll voted on again (`again`): its earlier rounds, beside this one. Absent in round 1 and from blind tallies. */
  earlier?: EarlierRounds;
}

/**
 * A poll's counts per role, under the privacy floor: a role held by fewer than `floor` of the
 * poll's respondents is never shown on its own (its answers count in the total only), and neither
 * are "Prefer not to say" and participants who gave no role.
 */
export interface RoleSplit {
  /** The smallest group shown on its own (MIN_GROUP_SIZE): "fewer than 5". */
  floor: number;
  /** Every role of the deck, in its order. */
  groups: RoleGroup[];
}

/**
 * Why a role is not shown on its own. `small`: fewer than `floor` respondents hold it.
 * `complement`: it has `floor` or more, but the answers not shown (small roles, "Prefer not to
 * say", no role) would then be fewer than `floor` — and readable as the total minus the groups
 * shown — so it is left out too (the smallest such role first).
 */
export type RoleHidden = 'small' | 'complement';

/**
 * One role of a split: `role`, its id (the deck's `roles`: its label is in the deck's meta); then
 * either `tally`, the counts of its respondents, or — not shown on its own — `hidden`, why not.
 */
export type RoleGroup = { role: string; tally: RoundTally; hidden?: never } | { role: string; tally?: never; hidden: RoleHidden };

/**
 * How a role not shown on its own is told wherever it is shown (projector, console, exports), so
 * that each reason reads the same everywhere: "fewer than 5" is false of a role hidden for the
 * complement's sake, which has 5 or more.
 */
export function hiddenRoleText(hidden: RoleHidden, floor: number): string {
  return hidden === 'small' ? `fewer than ${floor}` : `hidden to protect a group under ${floor}`;
}

/** One earlier round's counts, as a Tally has them. */
export type RoundTally = Pick<Tally, 'counts' | 'respondents' | 'mean' | 'positions' | 'entries' | 'asked' | 'gap'>;

/**
 * What a poll's earlier rounds were, and how the room moved since. Rounds are numbered as shown:
 * `rounds[0]` is round 1, the tally itself the last round (a reset round is none of them).
 */
export interface EarlierRounds {
  /** Each earlier round's counts, oldest first. */
  rounds: RoundTally[];
  /** Participants who answered both the last earlier round and the current one (matched by their anonymous id). */
  answeredBoth: number;
  /** Of those, how many gave a different answer this round ("9 of 24 changed their answer"). */
  changed: number;
  /**
   * Single-choice polls: `flows[from][to]`, how many of those who answered both chose option
   * `from` in the last earlier round and `to` in this one (every option present, 0 included).
   */
  flows?: Record<string, Record<string, number>>;
}

/** A word of a `text` poll's cloud and how many answers shown on screen use it. */
export type WordCount = [word: string, count: number];

/** What phones see of a revealed poll: the tally, and for `text` polls the word cloud. */
export interface AudienceResults extends Tally {
  words?: WordCount[];
}

/**
 * `shown`: on the projected screen (and the phones where they show entries); `hidden`: taken off by
 * the presenter; `held`: matched the word filter and waits for the presenter to show or hide it.
 */
export type EntryStatus = 'shown' | 'hidden' | 'held';

/** One open-text answer or Q&A question as the presenter sees it (never who wrote it). */
export interface Entry {
  id: string;
  text: string;
  /** When it was sent (ms since epoch). */
  createdAt: number;
  status: EntryStatus;
  /** `qa`: the presenter marked the question answered. */
  answered: boolean;
  /** `qa`: upvotes (one per participant). */
  votes: number;
}

/** A question on a `qa` board as every participant sees it. */
export type BoardEntry = Pick<Entry, 'id' | 'text' | 'answered' | 'votes'>;

/**
 * The order of a Q&A board, wherever it is shown (the phones' board, the projector's): questions
 * not yet answered first, then the most upvoted, then the oldest.
 */
export function boardOrder(a: Pick<Entry, 'answered' | 'votes' | 'createdAt'>, b: Pick<Entry, 'answered' | 'votes' | 'createdAt'>): number {
  return Number(a.answered) - Number(b.answered) || b.votes - a.votes || a.createdAt - b.createdAt;
}

/** Most questions a `qa` board sends to phones: the top ones by votes. */
export const BOARD_SIZE = 50;

/** A running poll timer: the poll closes by itself when it runs out. */
export interface PollTimer {
  /** The timer's full length in seconds. */
  seconds: number;
  /** Milliseconds left when this state was sent; count down from the moment it arrives. */
  remainingMs: number;
}

/**
 * A discussion timer: a countdown the presenter runs on any slide, with or without a poll ("Discuss
 * with your neighbour: 2 min"). It stops only when the presenter stops it or starts another;
 * moving to another slide leaves it running. `remainingMs` 0: time is up.
 */
export interface SlideTimer extends PollTimer {
  /** The slide it was started on. */
  slide: SlidePosition;
}

/**
 * Whether the room is shown a discussion timer while on `slide`, with `remainingMs` left: on every
 * slide while it runs; once run out ("Time"), only on the slide it was started on.
 */
export function discussionShown(timer: Pick<SlideTimer, 'slide'>, remainingMs: number, slide: SlidePosition): boolean {
  return remainingMs > 0 || (timer.slide.h === slide.h && timer.slide.v === slide.v);
}

/** Shortest and longest timer, in seconds: a poll's (deck key `timer`, or set on the fly) and a discussion timer (`discuss`). */
export const TIMER_MIN_SECONDS = 5;
export const TIMER_MAX_SECONDS = 3600;

/** The deck's fields of a poll of each kind that phones see: all but its place in the file, its timer's length and what the projector shows. */
export type AudiencePollFields<P extends Poll = Poll> = P extends Poll ? Omit<P, 'timer' | 'slide' | 'line' | 'liveResults'> : never;

/** A poll as every participant sees it, of one kind or another (`type`). `results` is present only once the presenter revealed it. */
export type AudiencePoll = AudiencePollFields & AudiencePollState;

/** The deck's fields of a poll as phones see them (also `GET /api/sessions/:code`). */
export function audienceFields(poll: Poll): AudiencePollFields {
  const { timer: _timer, slide: _slide, line: _line, liveResults: _live, ...fields } = poll;
  return fields;
}

/** Where a poll stands for the phones. */
export interface AudiencePollState {
  status: PollStatus;
  revealed: boolean;
  /** Increments on every reset and vote again: an answer from an earlier round no longer counts. */
  round: number;
  /**
   * Voted on again: the `round` of the round before this one as shown (this participant's answer
   * there is "your first answer"). Absent in a poll's first round.
   */
  earlierRound?: number;
  /**
   * Voted on again: how many rounds are kept before this one (1: this is the second vote, and the
   * earlier answer is the first; a reset round is never counted). Absent in a poll's first round.
   */
  keptRounds?: number;
  /** Present while the poll is open with a timer running. */
  timer?: PollTimer;
  results?: AudienceResults;
  /**
   * `qa` polls only: the questions shown on the board, most upvoted first (at most BOARD_SIZE).
   * A Q&A board is public by design — participants read and upvote each other's questions — so
   * it is sent before any reveal; who asked is never sent.
   */
  board?: BoardEntry[];
}

/**
 * A self-paced session (pre-work, catch-up): open from `opens` to `closes` (ms since the epoch),
 * each phone goes through the deck's slides at its own pace (`audience:slides`) and answers every
 * poll (all open, no timers) whenever it gets there.
 */
export interface SelfPacedWindow {
  opens: number;
  closes: number;
}

/** The deck's `self-paced-results`: a participant sees a poll's results once they answered it (`after-answer`), or never. */
export type SelfPacedResults = NonNullable<DeckMeta['selfPacedResults']>;

/** What `AudienceState.selfPaced` tells every phone of a self-paced session (the same for all). */
export interface SelfPacedInfo extends SelfPacedWindow {
  /** Whether a participant is shown a poll's results once they answered it (`audience:results`). */
  results: SelfPacedResults;
  /**
   * The polls not open (ids): every poll opens with the session, but the presenter may close one
   * from the console (and open it again). A new state is sent to every phone when this changes.
   */
  closed: string[];
}

/** One slide as a phone of a self-paced session shows it: never its speaker notes. */
export interface PhoneSlide {
  position: SlidePosition;
  /** The slide's id (a branch target), if it has one. */
  id?: string;
  number: string;
  title: string;
  /** The slide's body as the deck renders it (trusted deck content, images from the server only); no notes. */
  html: string;
  /** The poll on this slide, if any (`SelfPacedDeck.polls`). */
  pollId?: string;
}

/** `audience:slides`: the deck a phone of a self-paced session goes through by itself. */
export interface SelfPacedDeck {
  slides: PhoneSlide[];
  /** Every poll, as phones see it (options with their `goto` for branches); answered with `audience:vote` / `audience:submit`. */
  polls: AudiencePollFields[];
}

/** What every participant of a session is shown; identical for all of them. */
export interface AudienceState {
  code: string;
  deckTitle: string;
  slide: { position: SlidePosition; number: string; title: string };
  /** The poll on the presenter's current slide, or null between questions. */
  poll: AudiencePoll | null;
  /** True once the presenter ended the session: no more votes. */
  ended: boolean;
  /** The deck's accent colour (`#rrggbb`), when its front matter sets one: the phone page follows it. */
  accent?: string;
  /** The deck's roles, when it names them: the phone asks once which the participant is (`audience:role`). */
  roles?: Role[];
  /** The discussion timer, while the room is shown it (discussionShown). */
  discussion?: SlideTimer;
  /**
   * A self-paced session: its window and results rule. Each phone then goes through the slides
   * by itself (`audience:slides`); `slide` and `poll` above stay on the first slide and mean nothing.
   */
  selfPaced?: SelfPacedInfo;
}

/**
 * A poll's results in a handout (`GET /api/decks/:deck/handout?session=CODE`), only of a poll whose
 * results the room was shown (revealed, or `results: live`) and as the room saw them: the counts of
 * its last round, no split by role.
 */
export interface HandoutResults {
  tally: RoundTally;
  /** `text` and `qa` polls: the answers or questions that were on screen (none hidden or held), in the board's order. */
  entries?: BoardEntry[];
}

/** What the handout page shows: the deck without its speaker notes, and with a session its results. */
export interface Handout {
  deck: Deck;
  session?: { code: string; results: Record<string, HandoutResults> };
}

/** One of this participant's own text answers or questions. */
export type MyEntry = Pick<Entry, 'id' | 'text' | 'status'>;

/** One participant's recorded answer to one poll. */
export interface MyAnswer {
  pollId: string;
  round: number;
  /** The options chosen (`rank`: all of them, first place first); empty for `text` and `qa`. */
  optionIds: string[];
  /** `text` and `qa`: what this participant sent, oldest first. */
  entries?: MyEntry[];
  /** `qa`: the questions this participant upvoted. */
  upvoted?: string[];
}

/** One poll of a participant's "My session" (`audience:mine`): what they answered and, once revealed, what the room answered. */
export interface MyPoll {
  /** The poll as phones see it (question, options, `ask`; `commitment: true` for the closing commitment…). */
  poll: AudiencePollFields;
  /** The title of the slide it is on. */
  slideTitle: string;
  /**
   * This participant's answer in each round they answered, oldest first: more than one when the
   * poll was voted on again (the first is "your first answer"). Empty: they did not answer.
   */
  rounds: MyAnswer[];
  /** The room's results as they were shown (only a revealed poll, or one with `results: live`); absent otherwise. */
  results?: HandoutResults;
}

/**
 * A participant's own record of a session ("My session"), asked for with `audience:mine`: every
 * poll they answered or whose results the room was shown, in deck order. Never anyone else's answers.
 */
export interface MySession {
  code: string;
  deckTitle: string;
  /** When the session was ended (ms since the epoch), or null while it runs. */
  endedAt: number | null;
  polls: MyPoll[];
}

/**
 * A follow-up session (`JoinResult.followUp`): the earlier session it follows up and, for a phone
 * that took part in it, what that phone committed to there. Only ever this phone's own answers.
 */
export interface FollowUp {
  /** The earlier session's deck title and when it started (ms since the epoch); absent once that session was deleted. */
  earlier?: { title: string; startedAt: number };
  /**
   * This phone took part in the earlier session (it answered there): its answers here are linked
   * to its earlier commitment, and counted per earlier step in the report (never on their own).
   */
  linked: boolean;
  /** Its answer to the earlier commitment poll with options: the question and the chosen option's label. Absent: none. */
  step?: { question: string; label: string };
  /** Its own words in the earlier commitment text poll, oldest first. Absent: none. */
  words?: string[];
}

export interface JoinResult {
  state: AudienceState;
  /** This participant's answers in the current round of every poll they answered. */
  answers: MyAnswer[];
  /** Polls voted on again: this participant's answer in the round before the current one (its `round` is the poll's `earlierRound`); absent: none. */
  earlier?: MyAnswer[];
  /**
   * A deck with roles: the role this participant gave (null: "Prefer not to say"); absent while
   * they have given none — the phone asks.
   */
  role?: string | null;
  /** A follow-up session: the earlier session and this phone's commitment there (FollowUp). Absent in any other session. */
  followUp?: FollowUp;
}

/**
 * Which presenter window a socket is (`presenter:join`'s `view`). The `console` — the facilitator's
 * laptop — sees every count as it comes in. The `projector` — what the room sees — is sent a poll's
 * counts, entries and word cloud only once the poll is revealed (or its deck says `results: live`),
 * at the same moment as the phones; before that, how many answered. A join without `view` is a
 * projector: a client that does not say shows no more than the room may see.
 */
export const PRESENTER_VIEWS = ['projector', 'console'] as const;
export type PresenterView = (typeof PRESENTER_VIEWS)[number];

/**
 * What a poll's chart shows on every presenter window of the session (`presenter:view`): `normal`
 * — its bars (or its rounds side by side, a paired poll's two questions); `movement` — how the room
 * moved between the last two rounds (a poll voted on again); `split` — its counts by role (a deck
 * with `roles`, a poll with options). Presenter windows only: phones never hear of it.
 */
export const CHART_VIEWS = ['normal', 'movement', 'split'] as const;
export type ChartView = (typeof CHART_VIEWS)[number];

export interface PresenterPollState {
  id: string;
  status: PollStatus;
  /** Results shown on the phones and the projector. */
  revealed: boolean;
  round: number;
  /** Rounds shown for this poll: 1, then +1 on every vote again (a reset replaces a round, it adds none). */
  rounds: number;
  /** Present while the poll is open with a timer running. */
  timer?: PollTimer;
  /** To a projector before the results are shown: `blind`, with `respondents` only. */
  tally: Tally;
  /** `text` and `qa` polls: every entry of the current round, oldest first (to a projector only once the results are shown). */
  entries?: Entry[];
  /**
   * The chart view every presenter window shows (`presenter:view`); `normal` again after a hide,
   * a reset and a vote again. A projector shows it only once the results are shown there: blind,
   * it has no counts to show it with.
   */
  view: ChartView;
}

/** Coalesced live update to presenters: entries of one poll added or changed since the last one. */
export interface EntriesUpdate {
  pollId: string;
  round: number;
  entries: Entry[];
}

export interface PresenterState {
  code: string;
  deck: Deck;
  slide: SlidePosition;
  /** The ids of the slides with an id (branch targets) the session has been on: the branch map's ticks. */
  visited: string[];
  polls: PresenterPollState[];
  /** Participants connected now (distinct participant ids with at least one open socket). */
  participants: number;
  audienceUrl: string;
  ended: boolean;
  /** Whether answers are being saved now (`presenter:storage` tells of each change). */
  storage: StorageStatus;
  /** The discussion timer, running or run out, until the presenter stops it (`presenter:discussion` tells of each change). */
  discussion?: SlideTimer;
}

/**
 * Whether the server is saving answers. While it is not (a full or read-only disk, a lock held by
 * another program, Redis away), every answer is refused with `internal` and nothing is
 * acknowledged; presenters show `problem` ("the disk is full") until saving works again.
 */
export interface StorageStatus {
  saving: boolean;
  /** What is wrong, in the facilitator's words; set while not saving. */
  problem?: string;
  /** Since when (ISO 8601); set while not saving. */
  since?: string;
}

/** Coalesced live update to presenters: only the polls whose tally changed since the last one. */
export interface TallyUpdate {
  participants: number;
  tallies: Tally[];
}

export type ErrorCode =
  | 'bad_request'
  | 'not_found'
  | 'unauthorized'
  | 'forbidden'
  | 'not_joined'
  | 'poll_closed'
  | 'invalid_vote'
  | 'rate_limited'
  | 'internal';

export interface ProtocolError {
  code: ErrorCode;
  message: string;
}

export type AckResult<T> = { ok: true; data: T } | { ok: false; error: ProtocolError };
export type Ack<T> = (result: AckResult<T>) => void;

// What each client-to-server event carries is what its validation schema (`schemas` below) lets
// through: the payload types are derived from the schemas, so the two cannot drift apart.
/** The payload of a client-to-server event, as its schema accepts it. */
export type Payload<E extends keyof typeof schemas> = z.infer<(typeof schemas)[E]>;
export type AudienceJoinPayload = Payload<'audience:join'>;
/** Follow a session read-only (the presenter's phone preview): not a participant, sends no answers. */
export type AudienceWatchPayload = Payload<'audience:watch'>;
export type VotePayload = Payload<'audience:vote'>;
export type SubmitPayload = Payload<'audience:submit'>;
/** `up`: true to upvote, false to take the upvote back. */
export type UpvotePayload = Payload<'audience:upvote'>;
/** `role`: one of the deck's role ids, or null for "Prefer not to say". */
export type RolePayload = Payload<'audience:role'>;
export const MODERATE_ACTIONS = ['hide', 'show', 'answered', 'unanswered'] as const;
export type ModerateAction = (typeof MODERATE_ACTIONS)[number];
export type ModeratePayload = Payload<'presenter:moderate'>;
export type PresenterJoinPayload = Payload<'presenter:join'>;
export type PollActionPayload = Payload<'presenter:poll'>;
/** `seconds`: start (or restart) a timer of this many seconds on the open poll; null stops it. */
export type TimerPayload = Payload<'presenter:timer'>;
/** `seconds`: start (or restart) a discussion timer of this many seconds on the current slide; null stops it. */
export type DiscussPayload = Payload<'presenter:discuss'>;
/** Show `view` on every presenter window: the poll's chart, its movement or its split by role. */
export type ViewPayload = Payload<'presenter:view'>;

export interface ClientToServerEvents {
  'audience:join': (payload: AudienceJoinPayload, ack: Ack<JoinResult>) => void;
  'audience:watch': (payload: AudienceWatchPayload, ack: Ack<AudienceState>) => void;
  'audience:vote': (payload: VotePayload, ack: Ack<MyAnswer>) => void;
  'audience:submit': (payload: SubmitPayload, ack: Ack<MyAnswer>) => void;
  'audience:upvote': (payload: UpvotePayload, ack: Ack<MyAnswer>) => void;
  'audience:role': (payload: RolePayload, ack: Ack<{ role: string | null }>) => void;
  'audience:mine': (payload: Payload<'audience:mine'>, ack: Ack<MySession>) => void;
  'audience:slides': (payload: Payload<'audience:slides'>, ack: Ack<SelfPacedDeck>) => void;
  'audience:results': (payload: Payload<'audience:results'>, ack: Ack<AudienceResults>) => void;
  'audience:board': (payload: Payload<'audience:board'>, ack: Ack<BoardEntry[]>) => void;
  'presenter:join': (payload: PresenterJoinPayload, ack: Ack<PresenterState>) => void;
  'presenter:goto': (payload: Payload<'presenter:goto'>, ack: Ack<SlidePosition>) => void;
  'presenter:poll': (payload: PollActionPayload, ack: Ack<PresenterPollState>) => void;
  'presenter:moderate': (payload: ModeratePayload, ack: Ack<Entry>) => void;
  'presenter:timer': (payload: TimerPayload, ack: Ack<PresenterPollState>) => void;
  'presenter:discuss': (payload: DiscussPayload, ack: Ack<SlideTimer | null>) => void;
  'presenter:view': (payload: ViewPayload, ack: Ack<PresenterPollState>) => void;
}

export interface ServerToClientEvents {
  /** To participants (and watchers): the shared state changed (slide, poll status, reveal, reset, results). */
  'audience:state': (state: AudienceState) => void;
  /** To presenters: coalesced tallies, at most one every 100 ms. */
  'presenter:tally': (update: TallyUpdate) => void;
  /** To presenters: entries of a `text` or `qa` poll added or changed, coalesced like tallies. */
  'presenter:entries': (update: EntriesUpdate) => void;
  /** To presenters: a poll's status or chart view changed (by this or another presenter window). */
  'presenter:poll-state': (poll: PresenterPollState) => void;
  /** To presenters: another presenter window moved the deck. */
  'presenter:slide': (slide: SlidePosition) => void;
  /**
   * To presenters, every window (the one that moved too): the ids of the slides the session has
   * been on, after each slide change. No counts: the projector's branch map may show it.
   */
  'presenter:visited': (visited: string[]) => void;
  /**
   * To presenters, `npm run dev` only: the deck's file changed and parsed cleanly; the session now
   * runs this deck (polls keep their answers by id).
   */
  'presenter:deck': (deck: Deck) => void;
  /** To presenters, `npm run dev` only: the deck's file changed but has errors; the old deck stays. */
  'presenter:deck-errors': (errors: DeckError[]) => void;
  /** To presenters: saving answers stopped working (the disk is full…) or works again. */
  'presenter:storage': (status: StorageStatus) => void;
  /** To presenters: the session was ended (every poll is closed; no more votes). */
  'presenter:ended': (info: { endedAt: string }) => void;
  /** To presenters: the discussion timer was started, restarted or stopped (null). */
  'presenter:discussion': (timer: SlideTimer | null) => void;
  /**
   * To everyone: the server is shutting down (SIGTERM/SIGINT) after storing every acknowledged
   * answer. The connection drops next; clients reconnect and join again when it is back.
   */
  'server:closing': () => void;
}

// ---- validation (server side) ----

const id = () =>
  z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'must be letters, digits, - or _');

/** A timer's seconds, or null to stop it. */
const timerSeconds = () => z.number().int().min(TIMER_MIN_SECONDS).max(TIMER_MAX_SECONDS).nullable();

// Each schema is built inside an IIFE marked pure: the annotation covers the whole construction,
// so a bundle that imports only the constants above drops zod entirely.
export const joinCodeSchema = /* @__PURE__ */ (() =>
  z
    .string()
    .length(JOIN_CODE_LENGTH)
    .refine((c) => [...c].every((ch) => JOIN_CODE_ALPHABET.includes(ch)), 'not a join code'))();

export const schemas = /* @__PURE__ */ (() => ({
  'audience:join': z.strictObject({
    code: joinCodeSchema,
    participantId: z
      .string()
      .min(8)
      .max(64)
      .regex(/^[A-Za-z0-9_-]+$/),
  }),
  'audience:watch': z.strictObject({ code: joinCodeSchema }),
  'audience:vote': z.strictObject({
    pollId: id(),
    optionIds: z.array(id()).max(50),
  }),
  // The deck's own limit (in characters, at most MAX_TEXT_LENGTH) is checked by the poll with a
  // clearer message; this only bounds the string (twice, as one character may take two UTF-16 units).
  'audience:submit': z.strictObject({ pollId: id(), text: z.string().max(MAX_TEXT_LENGTH * 2) }),
  'audience:upvote': z.strictObject({ pollId: id(), entryId: id(), up: z.boolean() }),
  'audience:role': z.strictObject({ role: id().nullable() }),
  'audience:mine': z.strictObject({}),
  'audience:slides': z.strictObject({}),
  'audience:results': z.strictObject({ pollId: id() }),
  'audience:board': z.strictObject({ pollId: id() }),
  'presenter:join': z.strictObject({ code: joinCodeSchema, key: z.string().min(1).max(256), view: z.enum(PRESENTER_VIEWS).optional() }),
  'presenter:goto': z.strictObject({ h: z.number().int().min(0).max(10_000), v: z.number().int().min(0).max(10_000) }),
  'presenter:poll': z.strictObject({ pollId: id(), action: z.enum(POLL_ACTIONS) }),
  'presenter:moderate': z.strictObject({ pollId: id(), entryId: id(), action: z.enum(MODERATE_ACTIONS) }),
  'presenter:timer': z.strictObject({
    pollId: id(),
    seconds: timerSeconds(),
  }),
  'presenter:discuss': z.strictObject({ seconds: timerSeconds() }),
  'presenter:view': z.strictObject({ pollId: id(), view: z.enum(CHART_VIEWS) }),
}))() satisfies Record<keyof ClientToServerEvents, z.ZodType>;

/** HTTP body of `POST /api/sessions`: the deck, and `followUp`, the join code of the earlier session a follow-up follows up. */
export const createSessionSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    deck: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9_-]+$/),
    followUp: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Za-z0-9]{1,16}$/)
      .optional(),
    /** A self-paced session, open from `opens` to `closes` (ISO 8601 dates or times, or ms since the epoch); `closes` after `opens`. */
    selfPaced: z
      .strictObject({ opens: dateSchema(), closes: dateSchema() })
      .refine((w) => w.closes > w.opens, 'closes must be after opens')
      .optional(),
  }))();

/** A date: ISO 8601 (`2026-12-01` or with a time) or ms since the epoch, as ms since the epoch. */
function dateSchema() {
  return z.union([z.number().int().min(0), z.iso.date(), z.iso.datetime({ offset: true, local: true })]).transform((d, ctx) => {
    const ms = typeof d === 'number' ? d : Date.parse(d);
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: 'custom', message: 'not a date' });
      return z.NEVER;
    }
    return ms;
  });
}

/** HTTP body of the requests that take none (`POST …/end`, `DELETE …`): no body, or `{}`. */
export const emptyBodySchema = /* @__PURE__ */ (() => z.union([z.undefined(), z.strictObject({})]))();
