// The phone page's one state object (the model of model/update/view), and questions asked of it.
// update.ts is the only place that makes a new one; everything else reads it.
import type { PollAsk } from '../server/deck/types.js';
import type { AudiencePoll, AudienceState, FollowUp, MyAnswer, MySession } from '../server/protocol.js';
import type { StatusKind } from './model.js';
import type { Phrase } from './words.js';

/** `opening`: nothing drawn yet (the page's language may still be loading). */
export type Phase = 'opening' | 'form' | 'joining' | 'joined';

/** Which round of which poll something belongs to: only the current round of the poll on screen counts. */
export interface PollRound {
  pollId: string;
  round: number;
}

/** The latest vote not yet acknowledged by the server. */
export interface PendingVote extends PollRound {
  /** Tells this vote from a later one (acknowledgements come back out of order). */
  id: number;
  optionIds: readonly string[];
  inFlight: boolean;
  /** A send failed (timeout or disconnect): the page says "Not sent yet" until the server records it. */
  failed: boolean;
  /** What the status line says once the server has it. */
  recorded: Phrase;
}

/** A typed answer or question on its way to the server (or lost on the way). */
export interface TextSend extends PollRound {
  id: number;
  text: string;
  qa: boolean;
  /** How many answers the poll takes from one participant (0 when the deck does not say). */
  most: number;
}

/** The line under the controls: what happened to the last answer, as a phrase (worded when drawn). */
export interface PollStatus extends PollRound {
  kind: StatusKind;
  text: Phrase;
}

/** The connection as the page knows it. */
export interface Net {
  connected: boolean;
  /** Incremented on every connect; the join ack of connection N sets joinedConn = N. */
  conn: number;
  joinedConn: number;
  everConnected: boolean;
  /** The first connection's grace is over: an answer now reads "Not sent", not "Sending…". */
  graceOver: boolean;
  /** The server said it is shutting down (`server:closing`): it is back at the next connect. */
  closing: boolean;
  /** Something that is not Parley answers instead of the server: a captive portal's sign-in page. */
  portal: boolean;
}

export interface PageState {
  /** `?watch`: the presenter's read-only preview (not a participant, sends nothing). */
  watching: boolean;
  phase: Phase;
  /** The join form's message; a new object each time the form is shown (the renderer rebuilds it then). */
  form: { error: Phrase | null };
  /** What the code box holds (the form is rebuilt with it after a language switch). */
  typed: string;
  /** The session this page is in (or is joining). */
  code: string | null;
  /** The session's state as the server last sent it (or as the join page carried it). */
  session: AudienceState | null;
  /** This participant's recorded answers by poll id (any round; only the current round counts). */
  answers: ReadonlyMap<string, MyAnswer>;
  /** Polls voted on again: this participant's answer in a round before the one in `answers`, by poll id. */
  earlier: ReadonlyMap<string, MyAnswer>;
  net: Net;
  joinSeq: number;
  /** The last id given to a vote or a typed send. */
  lastId: number;
  pending: PendingVote | null;
  status: PollStatus | null;
  /** The checkbox selection of a multi poll while the participant edits it. */
  draft: (PollRound & { ids: ReadonlySet<string> }) | null;
  /** The order of a rank poll while the participant puts it together (first place first). */
  rankDraft: (PollRound & { ids: readonly string[] }) | null;
  /** What is typed in the text box of each text/qa poll, by poll id: it outlives re-renders and poll changes. */
  textDrafts: ReadonlyMap<string, { round: number; text: string }>;
  /** The typed answer waiting for the server's acknowledgement. */
  sending: TextSend | null;
  /** A typed answer that got no acknowledgement: the next join tells whether the server has it. */
  lostSend: TextSend | null;
  /** Upvotes on their way, by question id: the state they ask for. */
  upvoting: ReadonlyMap<string, boolean>;
  /** Questions this page has seen on the current Q&A board: one of ours that leaves it was hidden. */
  seenOnBoard: (PollRound & { ids: ReadonlySet<string> }) | null;
  /** How close the text box is to its limit (0 fine, 1 near, 2 full): announced when it rises. */
  limitZone: number;
  /** A paired poll (`ask`): the option picked for each of its two questions while the participant chooses (null: none yet). */
  pairDraft: (PollRound & { ids: readonly (string | null)[] }) | null;
  /** A deck with roles: the role this participant gave (null: "Prefer not to say"); undefined while none is given — the phone asks. */
  role: string | null | undefined;
  /** The participant opened the role question from the menu to change their role. */
  roleOpen: boolean;
  /** A role given and not yet acknowledged: sent again after the next join. */
  roleSend: RoleSend | null;
  /** A follow-up session: the earlier session and this phone's commitment there (JoinResult.followUp); null in any other. */
  followUp: FollowUp | null;
  /** "My session": this participant's own record of the session (audience:mine), as last kept on this phone. */
  mine: MySession | null;
  /** The participant opened My session from the menu (it shows by itself once the session has ended). */
  mineOpen: boolean;
  /** A request for My session is on its way. */
  mineAsked: boolean;
  /** The day the participant picked for the reminder of their commitment (`YYYY-MM-DD`), or null: the default. */
  reminderDate: string | null;
}

/** A role on its way to the server. */
export interface RoleSend {
  id: number;
  role: string | null;
}

export function initialPageState(watching: boolean): PageState {
  return {
    watching,
    phase: 'opening',
    form: { error: null },
    typed: '',
    code: null,
    session: null,
    answers: new Map(),
    earlier: new Map(),
    net: { connected: false, conn: 0, joinedConn: -1, everConnected: false, graceOver: false, closing: false, portal: false },
    joinSeq: 0,
    lastId: 0,
    pending: null,
    status: null,
    draft: null,
    rankDraft: null,
    textDrafts: new Map(),
    sending: null,
    lostSend: null,
    upvoting: new Map(),
    seenOnBoard: null,
    limitZone: 0,
    pairDraft: null,
    role: undefined,
    roleOpen: false,
    roleSend: null,
    followUp: null,
    mine: null,
    mineOpen: false,
    mineAsked: false,
    reminderDate: null,
  };
}

/** Whether `x` belongs to the current round of `poll`. */
export function isFor(x: PollRound | null | undefined, poll: AudiencePoll): boolean {
  return x != null && x.pollId === poll.id && x.round === poll.round;
}

export function where(poll: AudiencePoll): PollRound {
  return { pollId: poll.id, round: poll.round };
}

/** A paired poll: two questions (`ask`) over the same options, one answer to each. */
export function isPaired(poll: AudiencePoll): poll is Extract<AudiencePoll, { type: 'single' }> & { ask: PollAsk[] } {
  return poll.type === 'single' && poll.ask?.length === 2;
}

/** Whether the page asks who the participant is (a deck with roles, none given yet, or changing it from the menu). */
export function asksRole(s: PageState): boolean {
  return !!s.session?.roles && !s.session.ended && !s.watching && s.phase === 'joined' && (s.role === undefined || s.roleOpen);
}

/**
 * Whether the page shows My session: opened from the menu, or the session has ended (as the server
 * said, or as this phone kept it: then it shows with no network at all).
 */
export function showsMine(s: PageState): boolean {
  if (s.watching || s.code === null) return false;
  return s.mineOpen || s.session?.ended === true || (s.mine?.code === s.code && s.mine.endedAt !== null);
}

/** The poll on screen, if any. */
export function currentPoll(s: PageState): AudiencePoll | null {
  return s.session?.poll ?? null;
}

/**
 * Whether the server is out of reach: not connected, and the page has been connected before (or
 * has waited out the first connection's grace). While the first connection is still being made,
 * an answer reads "Sending…", not "Not sent".
 */
export function unreachable(s: PageState): boolean {
  return !s.net.connected && (s.net.everConnected || s.net.graceOver);
}

/** Whether this page can send now: joined on this connection, and the server is not shutting down (it refuses everything then). */
export function canSend(s: PageState): boolean {
  return s.net.connected && s.net.joinedConn === s.net.conn && !s.net.closing;
}

/** The participant's recorded answer to `poll` in its current round, as the server sent it. */
export function answerFor(s: PageState, poll: AudiencePoll): MyAnswer | null {
  const a = s.answers.get(poll.id);
  return a && a.round === poll.round ? a : null;
}

/** The participant's answer to `poll`, only if it was given in the poll's current round. */
export function recordedFor(s: PageState, poll: AudiencePoll): Set<string> | null {
  const a = answerFor(s, poll);
  return a ? new Set(a.optionIds) : null;
}

/** A poll voted on again: this participant's answer in the round before (`earlierRound`), or null. */
export function earlierFor(s: PageState, poll: AudiencePoll): MyAnswer | null {
  const r = poll.earlierRound;
  if (r === undefined) return null;
  return [s.answers.get(poll.id), s.earlier.get(poll.id)].find((a) => a?.round === r) ?? null;
}

export function pendingFor(s: PageState, poll: AudiencePoll): PendingVote | null {
  return isFor(s.pending, poll) ? s.pending : null;
}

export function statusFor(s: PageState, poll: AudiencePoll): PollStatus | null {
  return isFor(s.status, poll) ? s.status : null;
}
