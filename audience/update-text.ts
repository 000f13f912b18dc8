// Transitions of the text and Q&A polls: typing, sending a typed answer or question, upvoting,
// and what the server's answers (or their absence) do to the page.
import { isTextPoll } from '../server/deck/types.js';
import type { MyAnswer, ProtocolError } from '../server/protocol.js';
import { canSend, currentPoll, type PageState, type PollRound, type TextSend, where } from './state.js';
import { charCount, nearLimit } from './text-length.js';
import { announce, announceUnmarked, type Out, requestJoin, setStatus, withAnswer } from './transitions.js';
import type { Phrase } from './words.js';

const TEXT_NOT_SENT: Phrase = { key: 'textNotSent' };
const UPVOTE_NOT_SENT: Phrase = { key: 'upvoteNotSent' };

/** The text box changed. Returns false when only the box changed (it shows that already). */
export function textTyped(s: PageState, out: Out, value: string): boolean {
  const poll = currentPoll(s);
  if (!poll) return false;
  s.textDrafts = new Map(s.textDrafts).set(poll.id, { round: poll.round, text: value });
  let redraw = false;
  // A refusal was about the text as it was; once it changes, the message has been read.
  if (s.status && s.status.pollId === poll.id && s.status.kind === 'error') {
    s.status = null;
    redraw = true; // the text box is kept as it is (mount.ts)
  }
  // Said once on the way up; the counter (the box's description) has the exact figure.
  if (!isTextPoll(poll)) return redraw;
  const { length } = poll.text;
  const left = length - charCount(value);
  const zone = left <= 0 ? 2 : left <= nearLimit(length) ? 1 : 0;
  if (zone > s.limitZone) announce(out, zone === 2 ? { key: 'limitReached' } : { key: 'charsLeft', args: [left] });
  s.limitZone = zone;
  return redraw;
}

function refuse(s: PageState, out: Out, at: PollRound, text: Phrase): true {
  setStatus(s, at, 'error', text);
  announce(out, text);
  return true;
}

/** Send (or Post) pressed. */
export function textSubmitted(s: PageState, out: Out): boolean {
  const poll = currentPoll(s);
  if (poll?.status !== 'open' || s.sending || s.watching) return false;
  const d = s.textDrafts.get(poll.id);
  const text = d && d.round === poll.round ? d.text : '';
  const qa = poll.type === 'qa';
  if (text.trim() === '') return refuse(s, out, where(poll), { key: qa ? 'typeQuestionFirst' : 'typeAnswerFirst' });
  if (!canSend(s)) return refuse(s, out, where(poll), TEXT_NOT_SENT);
  s.lastId++;
  const send: TextSend = { id: s.lastId, ...where(poll), text, qa, most: isTextPoll(poll) ? poll.text.answers : 0 };
  s.sending = send;
  s.lostSend = null;
  setStatus(s, send, 'sending', { key: 'sending' });
  out.push({ type: 'submitText', send, conn: s.net.conn });
  return true;
}

export function textAcknowledged(s: PageState, out: Out, send: TextSend, answer: MyAnswer): boolean {
  if (s.sending?.id === send.id) s.sending = null;
  s.answers = withAnswer(s.answers, answer);
  // Clear the box only if it still holds what was sent (it stays editable while sending).
  const now = s.textDrafts.get(send.pollId);
  if (now && now.round === send.round && now.text === send.text) {
    const drafts = new Map(s.textDrafts);
    drafts.delete(send.pollId);
    s.textDrafts = drafts;
    s.limitZone = 0;
  }
  const mine = answer.entries ?? [];
  const held = mine.at(-1)?.status === 'held';
  const qa = send.qa;
  const message: Phrase = { key: held ? (qa ? 'questionHeld' : 'answerHeld') : qa ? 'questionPosted' : 'answerSent' };
  setStatus(s, send, 'ok', message);
  const left = send.most - mine.length;
  if (!qa && send.most > 1) announceUnmarked(out, message, left > 0 ? { key: 'canSendMore', args: [left] } : { key: 'lastOne' });
  else announceUnmarked(out, message);
  return true;
}

export function textRefused(s: PageState, out: Out, send: TextSend, conn: number, error: ProtocolError): boolean {
  if (s.sending?.id === send.id) s.sending = null;
  if (error.code === 'not_joined') {
    if (conn === s.net.conn) s.net.joinedConn = -1;
    requestJoin(s, out);
  }
  const connection = error.code === 'not_joined' || (s.net.closing && error.code === 'internal');
  return refuse(s, out, send, connection ? TEXT_NOT_SENT : { key: 'error', args: [error.code, error.message] });
}

export function textUnanswered(s: PageState, out: Out, send: TextSend, conn: number): boolean {
  if (s.sending?.id !== send.id) return false; // given up on when the connection dropped
  s.sending = null;
  // It may have arrived: the next join's answers tell (settleLostSend), until then the text stays.
  s.lostSend = send;
  refuse(s, out, send, TEXT_NOT_SENT);
  if (s.net.connected && conn === s.net.conn) requestJoin(s, out);
  return true;
}

/** The connection dropped: acknowledgements do not survive it, so say so now rather than after the timeout. */
export function textsCutOff(s: PageState, out: Out): void {
  // The next join tells whether a typed answer arrived anyway (settleLostSend).
  if (s.sending) {
    s.lostSend = s.sending;
    refuse(s, out, s.sending, TEXT_NOT_SENT);
    s.sending = null;
  }
  const poll = currentPoll(s);
  if (s.upvoting.size && poll) {
    s.upvoting = new Map();
    setStatus(s, where(poll), 'error', UPVOTE_NOT_SENT);
  }
}

// ---- upvotes ----

export function upvoteTapped(s: PageState, out: Out, entryId: string, up: boolean): boolean {
  const poll = currentPoll(s);
  if (poll?.status !== 'open' || poll.type !== 'qa' || s.upvoting.has(entryId) || s.watching) return false;
  if (!canSend(s)) return refuse(s, out, where(poll), UPVOTE_NOT_SENT);
  s.upvoting = new Map(s.upvoting).set(entryId, up);
  out.push({ type: 'upvote', ...where(poll), entryId, up });
  return true;
}

/** Forgets the upvote of `entryId` as on its way; false if it was not (given up on when the connection dropped). */
function upvoteDone(s: PageState, entryId: string): boolean {
  if (!s.upvoting.has(entryId)) return false;
  const upvoting = new Map(s.upvoting);
  upvoting.delete(entryId);
  s.upvoting = upvoting;
  return true;
}

export function upvoteAcknowledged(s: PageState, out: Out, at: PollRound, entryId: string, up: boolean, answer: MyAnswer): boolean {
  upvoteDone(s, entryId);
  s.answers = withAnswer(s.answers, answer);
  if (s.status && s.status.pollId === at.pollId && s.status.kind === 'error') s.status = null;
  announce(out, { key: up ? 'upvoted' : 'upvoteTakenBack' });
  return true;
}

export function upvoteRefused(s: PageState, out: Out, at: PollRound, entryId: string, error: ProtocolError): boolean {
  upvoteDone(s, entryId);
  return refuse(s, out, at, { key: 'error', args: [error.code, error.message] });
}

export function upvoteUnanswered(s: PageState, out: Out, at: PollRound, entryId: string): boolean {
  if (!upvoteDone(s, entryId)) return false;
  return refuse(s, out, at, UPVOTE_NOT_SENT);
}

// ---- after a join ----

/** After a join: a typed answer that got no acknowledgement may have reached the server after all. */
export function settleLostSend(s: PageState, out: Out): void {
  const lost = s.lostSend;
  if (!lost) return;
  s.lostSend = null;
  const a = s.answers.get(lost.pollId);
  if (!a || a.round !== lost.round) return;
  const clean = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();
  if (!(a.entries ?? []).some((e) => clean(e.text) === clean(lost.text))) return;
  const d = s.textDrafts.get(lost.pollId);
  if (d && d.round === lost.round && d.text === lost.text) {
    const drafts = new Map(s.textDrafts);
    drafts.delete(lost.pollId);
    s.textDrafts = drafts;
  }
  const poll = currentPoll(s);
  const qa = poll?.id === lost.pollId && poll.type === 'qa';
  setStatus(s, lost, 'ok', { key: qa ? 'questionPostedAfterAll' : 'answerReceivedAfterAll' });
  announce(out, { key: qa ? 'questionPostedShort' : 'answerReceivedShort' });
}

/**
 * After a join: a message about the connection ("not sent — check your connection") is out of date.
 * A typed answer still in the box stays unsent (it is not sent by itself): the page says so and how.
 * The status is a phrase, so this holds whatever the language was when it was set.
 */
export function settleStaleStatus(s: PageState, out: Out): void {
  const st = s.status;
  if (st?.kind !== 'error') return;
  if (st.text.key === UPVOTE_NOT_SENT.key) {
    s.status = null; // the board shows the upvotes the server has
    return;
  }
  if (st.text.key !== TEXT_NOT_SENT.key) return;
  const d = s.textDrafts.get(st.pollId);
  if (d && d.round === st.round && d.text.trim() !== '') {
    setStatus(s, st, 'pending', { key: 'textBackOnline' });
    if (currentPoll(s)?.id === st.pollId) announce(out, { key: 'textBackOnline' });
  } else {
    s.status = null;
  }
}

/** Forgets what this page had under way in the session's rank, text and Q&A polls. */
export function forgetTyping(s: PageState): void {
  s.rankDraft = null;
  s.textDrafts = new Map();
  s.sending = null;
  s.lostSend = null;
  s.upvoting = new Map();
  s.seenOnBoard = null;
  s.limitZone = 0;
}
