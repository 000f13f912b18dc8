// The phone page's transitions: update(state, action) is the next state, the commands for the
// world (effects.ts) and whether the screen must be drawn again. It is pure: it reads no clock,
// DOM, storage or socket, and never changes the state it is given (see transitions.ts).
import { isTextPoll } from '../server/deck/types.js';
import type { AudiencePoll, AudienceState, JoinResult, MySession, ProtocolError } from '../server/protocol.js';
import { JOIN_CODE_LENGTH } from '../server/protocol.js';
import type { Action } from './actions.js';
import { isJoinCode } from './code.js';
import type { Command } from './commands.js';
import { isFor, type PageState, where } from './state.js';
import type { Step } from './store.js';
import { announce, type Out, requestJoin } from './transitions.js';
import {
  forgetTyping,
  settleLostSend,
  settleStaleStatus,
  textAcknowledged,
  textRefused,
  textSubmitted,
  textsCutOff,
  textTyped,
  textUnanswered,
  upvoteAcknowledged,
  upvoteRefused,
  upvoteTapped,
  upvoteUnanswered,
} from './update-text.js';
import {
  choicesSubmitted,
  earlierKept,
  flushPending,
  optionTapped,
  optionToggled,
  pairPicked,
  pairSubmitted,
  rankCleared,
  rankSubmitted,
  rankTapped,
  settleDrafts,
  transmit,
  voteAcknowledged,
  voteRefused,
  voteUnanswered,
} from './update-vote.js';
import { askMine, mineKept, mineOpened, mineReceived, mineUnavailable, reminderDatePicked, reminderSaved } from './update-mine.js';
import { roleAcknowledged, roleJoined, roleOpened, rolePicked, roleRefused, roleUnanswered } from './update-role.js';
import type { Phrase } from './words.js';

/** `redraw` is false when the screen already shows the new state (e.g. what was typed in a box). */
export function update(state: PageState, action: Action): Step<PageState, Command> {
  const s: PageState = { ...state, net: { ...state.net } };
  const out: Out = [];
  const redraw = reduce(s, out, action);
  if (redraw) settleDrafts(s);
  return { state: s, commands: out, redraw };
}

function reduce(s: PageState, out: Out, a: Action): boolean {
  switch (a.type) {
    case 'pageOpened':
      return pageOpened(s, out, a.linkCode, a.preview, a.mine);
    case 'languageChanged':
      // The same screen in the new words; the form is rebuilt (with what is typed) as a new showing.
      if (s.phase === 'form') s.form = { ...s.form };
      return true;
    case 'codeTyped':
      s.typed = a.value;
      return false;
    case 'codeSubmitted':
      if (isJoinCode(a.value)) startSession(s, out, a.value, null);
      else showForm(s, a.value, { key: 'badCode', args: [JOIN_CODE_LENGTH] });
      return true;
    case 'connected':
      s.net.conn++;
      s.net.connected = true;
      s.net.everConnected = true;
      s.net.closing = false;
      s.net.portal = false;
      out.push({ type: 'cancelClosingGrace' });
      requestJoin(s, out);
      return false;
    case 'disconnected':
      return disconnected(s, out, a.byServer);
    case 'portalSeen':
      // Only the banner changes.
      s.net.portal = a.portal && !s.net.connected;
      return false;
    case 'connectGraceOver':
      s.net.graceOver = true;
      // An answer tapped while the first connection was being made now reads "Not sent yet".
      return transmit(s, out);
    case 'serverClosing':
      // Every answer the server acknowledged is stored; the connection drops next and comes back
      // by itself. A vote still waiting keeps saying "Not sent yet" and is sent after the re-join.
      s.net.closing = true;
      out.push({ type: 'startClosingGrace' });
      return s.phase === 'joined';
    case 'closingGraceOver':
      if (!s.net.connected) return false; // still away: the next connect clears it
      // The server did not stop after all: carry on.
      s.net.closing = false;
      return transmit(s, out);
    case 'resumed':
      requestJoin(s, out);
      return false;
    case 'stateReceived':
      if (s.phase !== 'joined' || a.state.code !== s.code) return false;
      applyState(s, out, a.state);
      return true;
    case 'joined':
      return !superseded(s, a) && joined(s, out, a.conn, a.code, a.data);
    case 'joinRefused':
      return !superseded(s, a) && joinRefused(s, out, a.code, a.error);
    case 'joinUnanswered':
      // Timed out or disconnected: try again while this connection lasts; otherwise 'connect' will.
      if (!superseded(s, a) && s.net.connected) requestJoin(s, out);
      return false;
    case 'optionTapped':
      return optionTapped(s, out, a.optionId);
    case 'optionToggled':
      return optionToggled(s, a.optionId, a.checked);
    case 'choicesSubmitted':
      return choicesSubmitted(s, out);
    case 'rankTapped':
      return rankTapped(s, out, a.optionId);
    case 'rankCleared':
      return rankCleared(s, out);
    case 'rankSubmitted':
      return rankSubmitted(s, out);
    case 'earlierKept':
      return earlierKept(s, out);
    case 'voteAcknowledged':
      return voteAcknowledged(s, out, a.vote, a.answer);
    case 'voteRefused':
      return voteRefused(s, out, a.vote, a.conn, a.error);
    case 'voteUnanswered':
      return voteUnanswered(s, out, a.vote, a.conn);
    case 'textTyped':
      return textTyped(s, out, a.value);
    case 'textSubmitted':
      return textSubmitted(s, out);
    case 'textAcknowledged':
      return textAcknowledged(s, out, a.send, a.answer);
    case 'textRefused':
      return textRefused(s, out, a.send, a.conn, a.error);
    case 'textUnanswered':
      return textUnanswered(s, out, a.send, a.conn);
    case 'upvoteTapped':
      return upvoteTapped(s, out, a.entryId, a.up);
    case 'upvoteAcknowledged':
      return upvoteAcknowledged(s, out, a, a.entryId, a.up, a.answer);
    case 'upvoteRefused':
      return upvoteRefused(s, out, a, a.entryId, a.error);
    case 'upvoteUnanswered':
      return upvoteUnanswered(s, out, a, a.entryId);
    case 'pairPicked':
      return pairPicked(s, a.ask, a.optionId);
    case 'pairSubmitted':
      return pairSubmitted(s, out);
    case 'roleOpened':
      return roleOpened(s, true);
    case 'roleClosed':
      return roleOpened(s, false);
    case 'rolePicked':
      return rolePicked(s, out, a.role);
    case 'roleAcknowledged':
      return roleAcknowledged(s, a.send);
    case 'roleRefused':
      return roleRefused(s, out, a.send, a.conn, a.error);
    case 'roleUnanswered':
      return roleUnanswered(s, out, a.send, a.conn);
    case 'mineOpened':
      return mineOpened(s, out, true);
    case 'mineClosed':
      return mineOpened(s, out, false);
    case 'mineReceived':
      return mineReceived(s, out, a.mine);
    case 'mineUnavailable':
      return mineUnavailable(s);
    case 'reminderDatePicked':
      return reminderDatePicked(s, a.date);
    case 'reminderSaved':
      return reminderSaved(s, out);
    case 'printAsked':
      out.push({ type: 'print' });
      return false;
  }
}

// ---- joining and leaving ----

function pageOpened(s: PageState, out: Out, linkCode: string | null, preview: AudienceState | null, mine: MySession | undefined): boolean {
  if (linkCode !== null && isJoinCode(linkCode)) {
    startSession(s, out, linkCode, preview);
    mineKept(s, linkCode, mine ?? null);
  } else if (linkCode !== null) {
    out.push({ type: 'replaceUrl', path: '/', keepQuery: false });
    showForm(s, '', { key: 'noSession', args: [linkCode] });
  } else {
    showForm(s, '', null);
  }
  return true;
}

function showForm(s: PageState, value: string, error: Phrase | null): void {
  s.phase = 'form';
  s.form = { error };
  s.typed = value;
}

/** Joins session `code`; `preview` is its state as the join page carried it, shown until the join. */
function startSession(s: PageState, out: Out, code: string, preview: AudienceState | null): void {
  forgetSession(s);
  s.code = code;
  s.phase = 'joining';
  if (preview) applyState(s, out, preview);
  requestJoin(s, out);
}

function forgetSession(s: PageState): void {
  s.code = null;
  s.session = null;
  s.pending = null;
  s.status = null;
  s.draft = null;
  forgetTyping(s);
  s.answers = new Map();
  s.earlier = new Map();
  s.role = undefined;
  s.roleOpen = false;
  s.roleSend = null;
  s.followUp = null;
  mineKept(s, '', null);
}

/** Forgets the session and shows the code form with `message`. */
function leaveSession(s: PageState, out: Out, value: string, message: Phrase): void {
  forgetSession(s);
  s.net.joinedConn = -1;
  out.push({ type: 'replaceUrl', path: '/', keepQuery: true });
  showForm(s, value, message);
}

/** Whether the answer to a join request comes too late: another join, connection or session since. */
function superseded(s: PageState, ticket: { seq: number; conn: number; code: string }): boolean {
  return ticket.seq !== s.joinSeq || ticket.conn !== s.net.conn || ticket.code !== s.code;
}

function joined(s: PageState, out: Out, conn: number, code: string, data: JoinResult): boolean {
  const { state, answers, earlier = [] } = data;
  s.net.joinedConn = conn;
  s.phase = 'joined';
  // What this page knew of the pending vote's poll before the server's word (to tell a reset).
  const before = s.pending ? s.answers.get(s.pending.pollId) : undefined;
  s.answers = new Map(answers.map((a) => [a.pollId, a]));
  s.earlier = new Map(earlier.map((a) => [a.pollId, a]));
  s.followUp = data.followUp ?? null;
  applyState(s, out, state);
  roleJoined(s, out, data);
  settleLostSend(s, out);
  settleStaleStatus(s, out);
  // The query stays: a preview (`?watch`) stays one after a reload.
  out.push({ type: 'replaceUrl', path: `/j/${code}`, keepQuery: true });
  // The screen as joined is drawn before the pending vote is dealt with: its drafts start from it.
  settleDrafts(s);
  flushPending(s, out, before);
  return true;
}

function joinRefused(s: PageState, out: Out, code: string, error: ProtocolError): boolean {
  const unknown = error.code === 'not_found' || error.code === 'bad_request';
  leaveSession(s, out, code, unknown ? { key: 'noSession', args: [code] } : { key: 'error', args: [error.code, error.message] });
  return true;
}

function disconnected(s: PageState, out: Out, byServer: boolean): boolean {
  s.net.connected = false;
  s.net.joinedConn = -1;
  textsCutOff(s, out);
  // The server let this page go on purpose: it is shutting down (it said so first), or the
  // session was deleted (then the page is ready for another code).
  if (byServer && s.code && !s.net.closing) leaveSession(s, out, '', { key: 'sessionGone' });
  // A pending vote now reads "Not sent yet".
  return s.phase !== 'joining';
}

// ---- the session's state ----

function applyState(s: PageState, out: Out, next: AudienceState): void {
  const prev = s.session?.poll ?? null;
  const wasEnded = s.session?.ended ?? false;
  const poll = next.poll;
  s.session = next;
  out.push(
    { type: 'applyAccent', accent: next.accent },
    { type: 'followTimer', poll: next.ended ? null : poll, discussion: next.ended ? undefined : next.discussion },
  );
  if (next.ended) {
    if (!wasEnded) announce(out, { key: 'sessionEnded' });
    // The participant's own record, to take home: kept on the phone as the session ended.
    if (s.phase === 'joined') askMine(s, out);
  } else if (poll && (!prev || prev.id !== poll.id)) {
    announce(
      out,
      poll.status === 'open' ? { key: 'newQuestion', args: [poll.question] } : { key: 'question', args: [poll.question, closedWords(poll)] },
    );
  } else if (poll && prev) {
    // Voted on again: the round before is the one this page showed (a reset erases it instead);
    // a text poll has no answer to keep, only a new round.
    if (poll.round !== prev.round) {
      announce(out, poll.earlierRound !== prev.round ? { key: 'wasReset' } : isTextPoll(poll) ? openWords(poll) : { key: 'voteAgain' });
    } else if (poll.status !== prev.status) announce(out, poll.status === 'open' ? openWords(poll) : closedWords(poll));
    else if (poll.results && !prev.results) announce(out, { key: 'resultsShown' });
  } else if (!poll && prev) {
    announce(out, { key: 'nextQuestion' });
  }
  // A question opening takes the participant from My session back to the room.
  if (poll?.status === 'open' && (prev?.id !== poll.id || prev.status !== 'open' || prev.round !== poll.round)) s.mineOpen = false;
  if (s.draft && !(poll && isFor(s.draft, poll))) s.draft = null;
  if (s.rankDraft && !(poll && isFor(s.rankDraft, poll))) s.rankDraft = null;
  if (s.pairDraft && !(poll && isFor(s.pairDraft, poll))) s.pairDraft = null;
  if (poll?.board) {
    const seen = s.seenOnBoard && isFor(s.seenOnBoard, poll) ? s.seenOnBoard.ids : [];
    s.seenOnBoard = { ...where(poll), ids: new Set([...seen, ...poll.board.map((q) => q.id)]) };
  }
}

function openWords(poll: AudiencePoll): Phrase {
  return { key: poll.type === 'qa' ? 'questionsOpen' : poll.type === 'text' ? 'answersOpen' : 'votingOpen' };
}

function closedWords(poll: AudiencePoll): Phrase {
  return { key: poll.type === 'qa' ? 'questionsClosed' : poll.type === 'text' ? 'answersClosed' : 'votingClosed' };
}
