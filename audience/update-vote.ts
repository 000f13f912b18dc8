// Transitions of the choice polls (single, multi, yes/no, scale) and rank polls: what a tap does,
// sending the vote, and what the server's answer (or its silence) does to the page.
import type { AudiencePoll, MyAnswer, ProtocolError } from '../server/protocol.js';
import {
  answerFor,
  canSend,
  currentPoll,
  earlierFor,
  isFor,
  isPaired,
  type PageState,
  type PendingVote,
  pendingFor,
  recordedFor,
  unreachable,
  where,
} from './state.js';
import { announce, announceUnmarked, type Out, recordAnswer, requestJoin, setStatus } from './transitions.js';
import type { Phrase } from './words.js';

// ---- choice polls ----

/** A single-choice option tapped: votes at once (unless it is the answer already given). */
export function optionTapped(s: PageState, out: Out, optionId: string): boolean {
  const poll = currentPoll(s);
  if (poll?.status !== 'open' || isPaired(poll)) return false;
  const pend = pendingFor(s, poll);
  const recorded = recordedFor(s, poll);
  const current = pend ? pend.optionIds : recorded ? [...recorded] : null;
  if (current && current.length === 1 && current[0] === optionId) return false; // already chosen
  return vote(s, out, poll, [optionId]);
}

/** A multi poll's box ticked or unticked: only the draft changes (Submit sends it). */
export function optionToggled(s: PageState, optionId: string, checked: boolean): boolean {
  const poll = currentPoll(s);
  const draft = s.draft;
  if (poll?.status !== 'open' || !draft || !isFor(draft, poll)) return false;
  const ids = new Set(draft.ids);
  if (checked) {
    // Refused at the limit: drawing again unticks the box.
    if (poll.type === 'multi' && poll.limit !== undefined && ids.size >= poll.limit) return true;
    ids.add(optionId);
  } else {
    ids.delete(optionId);
  }
  s.draft = { ...draft, ids };
  return true;
}

export function choicesSubmitted(s: PageState, out: Out): boolean {
  const poll = currentPoll(s);
  const draft = s.draft;
  if (poll?.status !== 'open' || !draft || !isFor(draft, poll)) return false;
  if (draft.ids.size === 0) {
    setStatus(s, where(poll), 'error', { key: 'pickOne' });
    announce(out, { key: 'pickOne' });
    return true;
  }
  return vote(
    s,
    out,
    poll,
    poll.options.filter((o) => draft.ids.has(o.id)).map((o) => o.id),
  );
}

// ---- paired polls ----

/** An option picked for one of a paired poll's two questions: only the draft changes (Submit sends both). */
export function pairPicked(s: PageState, ask: number, optionId: string): boolean {
  const poll = currentPoll(s);
  const draft = s.pairDraft;
  if (poll?.status !== 'open' || !draft || !isFor(draft, poll) || draft.ids[ask] === undefined) return false;
  s.pairDraft = { ...draft, ids: draft.ids.map((id, i) => (i === ask ? optionId : id)) };
  if (s.status?.kind === 'error' && isFor(s.status, poll)) s.status = null;
  return true;
}

/** Submit: one vote with an option for each question, in the order of `ask`. */
export function pairSubmitted(s: PageState, out: Out): boolean {
  const poll = currentPoll(s);
  const draft = s.pairDraft;
  if (poll?.status !== 'open' || !draft || !isFor(draft, poll)) return false;
  const ids = draft.ids.filter((id) => id !== null);
  if (ids.length < draft.ids.length) {
    setStatus(s, where(poll), 'error', { key: 'answerBoth' });
    announce(out, { key: 'answerBoth' });
    return true;
  }
  return vote(s, out, poll, ids);
}

// ---- rank polls ----

function rankDraftFor(s: PageState, poll: AudiencePoll): readonly string[] | null {
  return poll.status === 'open' && s.rankDraft && isFor(s.rankDraft, poll) ? s.rankDraft.ids : null;
}

/** An option tapped: it takes the next place, or leaves the order (the ones after it move up). */
export function rankTapped(s: PageState, out: Out, optionId: string): boolean {
  const poll = currentPoll(s);
  const draft = poll && rankDraftFor(s, poll);
  const opt = poll?.options.find((o) => o.id === optionId);
  if (!poll || !draft || !opt) return false;
  const ids = [...draft];
  const at = ids.indexOf(optionId);
  if (at >= 0) {
    ids.splice(at, 1);
    announce(out, { key: 'takenOut', args: [opt.label, ids.length > at] });
  } else {
    ids.push(optionId);
    announce(out, { key: 'rankedAs', args: [opt.label, ids.length, ids.length === poll.options.length] });
  }
  s.rankDraft = { ...where(poll), ids };
  if (s.status && s.status.pollId === poll.id && s.status.kind === 'error') s.status = null;
  return true;
}

export function rankCleared(s: PageState, out: Out): boolean {
  const poll = currentPoll(s);
  if (!poll || !rankDraftFor(s, poll)) return false;
  s.rankDraft = { ...where(poll), ids: [] };
  // The Start over button is now disabled: carry keyboard focus to the first option.
  const first = poll.options[0];
  if (first) out.push({ type: 'focus', id: `rank-${first.id}` });
  announce(out, { key: 'orderCleared' }, ' ', { key: 'rankHint' });
  return true;
}

export function rankSubmitted(s: PageState, out: Out): boolean {
  const poll = currentPoll(s);
  const ids = poll && rankDraftFor(s, poll);
  if (!poll || !ids) return false;
  if (ids.length !== poll.options.length) {
    setStatus(s, where(poll), 'error', { key: 'placeAll' });
    announce(out, { key: 'placeAll' });
    return true;
  }
  return vote(s, out, poll, [...ids]);
}

// ---- voted on again ----

/** "Keep it": the answer of the round before, sent again as this round's (the controls show it too). */
export function earlierKept(s: PageState, out: Out): boolean {
  const poll = currentPoll(s);
  const ids = poll && poll.status === 'open' ? earlierFor(s, poll)?.optionIds : undefined;
  if (!poll || !ids?.length) return false;
  if (poll.type === 'rank') s.rankDraft = { ...where(poll), ids };
  if (poll.type === 'multi') s.draft = { ...where(poll), ids: new Set(ids) };
  if (isPaired(poll)) s.pairDraft = { ...where(poll), ids };
  return vote(s, out, poll, [...ids]);
}

// ---- sending a vote ----

function vote(s: PageState, out: Out, poll: AudiencePoll, optionIds: string[]): boolean {
  if (s.watching) return false;
  s.lastId++;
  s.pending = {
    id: s.lastId,
    ...where(poll),
    optionIds,
    inFlight: false,
    failed: false,
    recorded: poll.type === 'rank' ? { key: 'orderRecorded' } : { key: 'recorded' },
  };
  s.status = null;
  transmit(s, out);
  return true;
}

/** Sends the pending vote if this connection has joined; otherwise it waits for the next join. Returns whether it did anything. */
export function transmit(s: PageState, out: Out): boolean {
  const v = s.pending;
  if (!v || v.inFlight) return false;
  if (!canSend(s)) {
    if ((unreachable(s) || s.net.closing) && !v.failed) notSent(s, out, v);
    return true;
  }
  s.pending = { ...v, inFlight: true };
  // A re-send keeps saying "Not sent yet" until the server has recorded it.
  if (!v.failed) setStatus(s, v, 'sending', { key: 'sending' });
  out.push({ type: 'vote', vote: s.pending, conn: s.net.conn });
  return true;
}

/** The pending vote `v` did not get through: it says so (aloud the first time) and waits to be sent again. */
function notSent(s: PageState, out: Out, v: PendingVote): void {
  if (!v.failed) announce(out, { key: 'notSentShort' });
  s.pending = { ...v, inFlight: false, failed: true };
  setStatus(s, v, 'pending', { key: 'notSent' });
}

export function voteAcknowledged(s: PageState, out: Out, v: PendingVote, answer: MyAnswer): boolean {
  recordAnswer(s, answer);
  if (s.pending?.id === v.id) {
    s.pending = null;
    setStatus(s, v, 'ok', v.recorded);
    // The presenter may have moved on while this phone was away: say which answer that was.
    if (currentPoll(s)?.id === v.pollId) announceUnmarked(out, v.recorded);
    else announce(out, { key: 'previousRecorded' });
  }
  return true;
}

export function voteRefused(s: PageState, out: Out, v: PendingVote, conn: number, error: ProtocolError): boolean {
  const pending = s.pending;
  if (pending?.id !== v.id) return false; // a newer vote supersedes this one
  if (s.net.closing && error.code === 'internal') {
    // Refused because the server is shutting down: sent again after the re-join.
    notSent(s, out, pending);
    return true;
  }
  if (error.code === 'not_joined') {
    // The server forgot this socket (e.g. it restarted): join again, which re-sends the vote.
    s.pending = { ...pending, inFlight: false };
    if (conn === s.net.conn) s.net.joinedConn = -1;
    requestJoin(s, out);
    return true;
  }
  s.pending = null;
  const refusal: Phrase = { key: 'error', args: [error.code, error.message] };
  setStatus(s, v, 'error', refusal);
  // Said only if it is about the question on screen (not one the presenter has moved on from).
  if (currentPoll(s)?.id === v.pollId) announce(out, refusal);
  return true;
}

/** No answer (timed out, or the connection dropped): "Not sent yet"; on a live connection, re-join, which re-sends. */
export function voteUnanswered(s: PageState, out: Out, v: PendingVote, conn: number): boolean {
  const pending = s.pending;
  if (pending?.id !== v.id) return false;
  notSent(s, out, pending);
  if (s.net.connected && conn === s.net.conn) requestJoin(s, out);
  return true;
}

/**
 * After a join: re-send the pending vote if its poll is still open in the same round. `before` is
 * this page's recorded answer to that poll before the join.
 */
export function flushPending(s: PageState, out: Out, before: MyAnswer | undefined): void {
  const v = s.pending;
  if (!v || v.inFlight) return;
  const poll = currentPoll(s);
  if (poll && poll.id === v.pollId) {
    if (poll.round === v.round && poll.status === 'open') {
      transmit(s, out);
      return;
    }
    s.pending = null;
    if (poll.round === v.round) setStatus(s, v, 'error', { key: 'closedBeforeSent' });
    return;
  }
  // The presenter moved on while this page was away. Polls stay open until the presenter closes
  // them, so the vote the page promised to send is sent (the server refuses it if the poll closed)
  // — unless the poll was reset meanwhile: the answer was to a round that no longer counts.
  const now = s.answers.get(v.pollId);
  const reset = now ? now.round !== v.round : before?.round === v.round;
  if (reset) s.pending = null;
  else transmit(s, out);
}

/**
 * The drafts of the poll on screen, made the first time it is drawn (from the vote on its way or
 * the recorded answer), then kept while the participant edits them.
 */
export function settleDrafts(s: PageState): void {
  const poll = s.phase === 'form' || s.session?.ended ? null : currentPoll(s);
  if (!poll) return;
  const start = () => [...(pendingFor(s, poll)?.optionIds ?? answerFor(s, poll)?.optionIds ?? [])];
  if (poll.type === 'rank' && !isFor(s.rankDraft, poll)) s.rankDraft = { ...where(poll), ids: start() };
  if (poll.type === 'multi' && poll.status === 'open' && !isFor(s.draft, poll)) s.draft = { ...where(poll), ids: new Set(start()) };
  if (isPaired(poll) && poll.status === 'open' && !isFor(s.pairDraft, poll)) {
    const ids = start();
    s.pairDraft = { ...where(poll), ids: poll.ask.map((_, i) => ids[i] ?? null) };
  }
}
