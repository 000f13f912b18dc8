// Everything that can happen to the phone page, as data: the participant's taps and typing, the
// connection's events and the server's answers. update.ts turns each into the next state.
import type { AudienceState, JoinResult, MyAnswer, MySession, ProtocolError } from '../server/protocol.js';
import type { PendingVote, RoleSend, TextSend } from './state.js';

/** A join request as update.ts sent it: its answer counts only if nothing superseded it. */
interface JoinTicket {
  seq: number;
  conn: number;
  code: string;
}

/** An upvote request as update.ts sent it. */
interface UpvoteTicket {
  pollId: string;
  round: number;
  entryId: string;
  up: boolean;
}

export type Action =
  // the page
  /** `mine`: the link's session's My session as this phone kept it, if it did. */
  | { type: 'pageOpened'; linkCode: string | null; preview: AudienceState | null; mine?: MySession }
  | { type: 'languageChanged' }
  // the join form
  | { type: 'codeTyped'; value: string }
  | { type: 'codeSubmitted'; value: string }
  // the connection
  | { type: 'connected' }
  | { type: 'disconnected'; byServer: boolean }
  | { type: 'connectGraceOver' }
  /** The network answers Parley's requests with a page of its own (or, `false`, no longer does). */
  | { type: 'portalSeen'; portal: boolean }
  | { type: 'serverClosing' }
  | { type: 'closingGraceOver' }
  | { type: 'resumed' }
  | { type: 'stateReceived'; state: AudienceState }
  // joining
  | ({ type: 'joined'; data: JoinResult } & JoinTicket)
  | ({ type: 'joinRefused'; error: ProtocolError } & JoinTicket)
  | ({ type: 'joinUnanswered' } & JoinTicket)
  // choice polls
  | { type: 'optionTapped'; optionId: string }
  | { type: 'optionToggled'; optionId: string; checked: boolean }
  | { type: 'choicesSubmitted' }
  // rank polls
  | { type: 'rankTapped'; optionId: string }
  | { type: 'rankCleared' }
  | { type: 'rankSubmitted' }
  // paired polls: one option for each of the two questions, then Submit
  | { type: 'pairPicked'; ask: number; optionId: string }
  | { type: 'pairSubmitted' }
  /** Voted on again: "Keep it" sends the answer of the round before once more. */
  | { type: 'earlierKept' }
  // a vote (choice or rank) and the server's answer
  | { type: 'voteAcknowledged'; vote: PendingVote; answer: MyAnswer }
  | { type: 'voteRefused'; vote: PendingVote; conn: number; error: ProtocolError }
  | { type: 'voteUnanswered'; vote: PendingVote; conn: number }
  // text and Q&A polls
  | { type: 'textTyped'; value: string }
  | { type: 'textSubmitted' }
  | { type: 'textAcknowledged'; send: TextSend; answer: MyAnswer }
  | { type: 'textRefused'; send: TextSend; conn: number; error: ProtocolError }
  | { type: 'textUnanswered'; send: TextSend; conn: number }
  | { type: 'upvoteTapped'; entryId: string; up: boolean }
  | ({ type: 'upvoteAcknowledged'; answer: MyAnswer } & UpvoteTicket)
  | ({ type: 'upvoteRefused'; error: ProtocolError } & UpvoteTicket)
  | ({ type: 'upvoteUnanswered' } & UpvoteTicket)
  // the participant's role (a deck with roles)
  | { type: 'roleOpened' }
  | { type: 'roleClosed' }
  | { type: 'rolePicked'; role: string | null }
  | { type: 'roleAcknowledged'; send: RoleSend }
  | { type: 'roleRefused'; send: RoleSend; conn: number; error: ProtocolError }
  | { type: 'roleUnanswered'; send: RoleSend; conn: number }
  // My session: the participant's own record, kept on the phone
  | { type: 'mineOpened' }
  | { type: 'mineClosed' }
  | { type: 'mineReceived'; mine: MySession }
  /** Refused or unanswered: what the phone kept (if anything) stays on screen. */
  | { type: 'mineUnavailable' }
  | { type: 'reminderDatePicked'; date: string }
  | { type: 'reminderSaved' }
  | { type: 'printAsked' };

export type Dispatch = (action: Action) => void;
