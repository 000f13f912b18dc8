// The self-paced phone page's transitions: update(model, msg) is the next model, the commands for
// the world (effects.ts) and whether the screen must be drawn again. It is pure: no clock, DOM,
// storage or socket, and it never changes the model it is given (a field is replaced, not edited).
import type { Step } from '../store.js';
import type { PacedCommand } from './commands.js';
import type { PacedMsg } from './messages.js';
import { currentPoll, currentSlide, nextOf, type PacedModel, type PacedStatus, pairPicks, rankOrder, ticked } from './model.js';

type Out = PacedCommand[];

export function update(model: PacedModel, msg: PacedMsg): Step<PacedModel, PacedCommand> {
  const m: PacedModel = { ...model };
  const out: Out = [];
  const redraw = reduce(m, out, msg);
  settleDraft(m);
  return { state: m, commands: out, redraw };
}

function reduce(m: PacedModel, out: Out, msg: PacedMsg): boolean {
  switch (msg.type) {
    case 'opened':
    case 'languageChanged':
      return true;
    case 'connected':
      m.connected = true;
      m.everConnected = true;
      out.push({ type: m.watching ? 'watch' : 'join' });
      return false;
    case 'disconnected':
      m.connected = false;
      if (msg.byServer) out.push({ type: 'reconnect' });
      return true;
    case 'stateChanged':
      if (msg.state.code !== m.code) return false;
      m.state = msg.state;
      // A new state means the presenter acted (a poll closed, opened or reset; the end): this
      // participant's own answers are asked for again, as a reset poll's are gone.
      if (!m.watching && m.connected) out.push({ type: 'join' });
      return true;
    case 'watched':
      m.state = msg.state;
      if (!m.deck) out.push({ type: 'askSlides' });
      askBoard(m, out);
      return true;
    case 'joined':
      m.state = msg.data.state;
      m.answers = new Map(msg.data.answers.map((a) => [a.pollId, a]));
      if (m.deck) askResults(m, out);
      else out.push({ type: 'askSlides' });
      askBoard(m, out);
      return true;
    case 'slidesLoaded':
      m.deck = msg.deck;
      // A deck shorter than the one the place was kept for: from the start.
      if (m.place.at >= msg.deck.slides.length) m.place = { at: 0, back: [] };
      askResults(m, out);
      askBoard(m, out);
      return true;
    case 'slidesRefused':
      if (m.state.selfPaced) out.push({ type: 'wakeAt', at: m.state.selfPaced.opens });
      return false;
    case 'windowOpened':
      out.push({ type: 'askSlides' });
      return true;
    case 'boardLoaded':
      m.boards = new Map(m.boards).set(msg.pollId, msg.board);
      return true;
    case 'upvoteTapped': {
      const poll = currentPoll(m);
      if (poll?.type !== 'qa' || m.watching || m.upvoting.has(msg.entryId)) return false;
      m.upvoting = new Set(m.upvoting).add(msg.entryId);
      out.push({ type: 'upvote', pollId: poll.id, entryId: msg.entryId, up: msg.up });
      return true;
    }
    case 'upvoteAcked':
      m.upvoting = without(m.upvoting, msg.entryId);
      m.answers = new Map(m.answers).set(msg.answer.pollId, msg.answer);
      askBoard(m, out);
      return true;
    case 'upvoteFailed':
      m.upvoting = without(m.upvoting, msg.entryId);
      m.status = failed(msg.pollId, msg.message);
      return true;
    case 'resultsLoaded':
      m.results = new Map(m.results).set(msg.pollId, msg.results);
      return true;
    case 'go':
      return go(m, out, msg.to);
    case 'optionTapped': {
      const poll = currentPoll(m);
      return poll !== undefined && send(m, out, poll.id, [msg.optionId]);
    }
    case 'optionToggled':
      return optionToggled(m, msg.optionId);
    case 'rankTapped':
      if (m.draft.picked.includes(msg.optionId)) return true;
      m.draft = { ...m.draft, picked: [...m.draft.picked, msg.optionId] };
      return true;
    case 'rankCleared':
      m.draft = { ...m.draft, picked: [] };
      return true;
    case 'pairPicked': {
      const poll = currentPoll(m);
      if (!poll) return false;
      const picks = pairPicks(m, poll);
      picks[msg.ask] = msg.optionId;
      m.draft = { ...m.draft, picked: picks };
      return true;
    }
    case 'choicesSubmitted':
      return choicesSubmitted(m, out);
    case 'textTyped':
      // The box already shows it.
      m.draft = { ...m.draft, typed: msg.value };
      return false;
    case 'textSubmitted': {
      const poll = currentPoll(m);
      return poll !== undefined && m.draft.typed.trim() !== '' && sendText(m, out, poll.id, m.draft.typed);
    }
    case 'answerAcked':
      m.answers = new Map(m.answers).set(msg.pollId, msg.answer);
      m.status = { pollId: msg.pollId, kind: 'recorded' };
      m.draft = { ...m.draft, typed: '' };
      askResults(m, out);
      askBoard(m, out);
      return true;
    case 'answerFailed':
      m.status = failed(msg.pollId, msg.message);
      return true;
  }
}

/** Previous goes back along the path walked; Next goes where nav.ts says, remembering where it came from. */
function go(m: PacedModel, out: Out, to: 'next' | 'previous'): boolean {
  const target = to === 'next' ? nextOf(m) : (m.place.back.at(-1) ?? null);
  if (target === null || !m.deck) return false;
  m.place = to === 'next' ? { at: target, back: [...m.place.back, m.place.at] } : { at: target, back: m.place.back.slice(0, -1) };
  // The Phone view keeps no place: it is no participant, and a reload starts it afresh.
  if (!m.watching) out.push({ type: 'savePlace', place: m.place });
  m.status = null;
  out.push({ type: 'toTop' });
  askResults(m, out);
  askBoard(m, out);
  return true;
}

/** A multi poll: ticks an option (up to the poll's limit) or unticks it. */
function optionToggled(m: PacedModel, optionId: string): boolean {
  const poll = currentPoll(m);
  if (poll?.type !== 'multi') return false;
  const set = ticked(m, poll);
  if (set.has(optionId)) set.delete(optionId);
  else if (poll.limit === undefined || set.size < poll.limit) set.add(optionId);
  m.draft = { ...m.draft, picked: [...set] };
  return true;
}

/** Submit: a multi poll's ticks (one at least), a rank poll's full order, or a paired poll's two picks. */
function choicesSubmitted(m: PacedModel, out: Out): boolean {
  const poll = currentPoll(m);
  if (!poll) return false;
  if (poll.type === 'multi') {
    const set = ticked(m, poll);
    return set.size > 0 && send(m, out, poll.id, [...set]);
  }
  if (poll.type === 'rank') {
    const order = rankOrder(m, poll);
    return order.length === poll.options.length && send(m, out, poll.id, order);
  }
  const picks = pairPicks(m, poll);
  return picks.length > 0 && picks.every(Boolean) && send(m, out, poll.id, picks);
}

/** Why an answer did not go: the server's refusal (`message`), or no reply (null). */
const failed = (pollId: string, message: string | null): PacedStatus =>
  message === null ? { pollId, kind: 'notSent' } : { pollId, kind: 'refused', message };

function without(set: ReadonlySet<string>, id: string): ReadonlySet<string> {
  const next = new Set(set);
  next.delete(id);
  return next;
}

/** The Phone view answers nothing: it is no participant. */
function send(m: PacedModel, out: Out, pollId: string, optionIds: readonly string[]): boolean {
  if (m.watching) return false;
  m.status = { pollId, kind: 'sending' };
  out.push({ type: 'vote', pollId, optionIds });
  return true;
}

function sendText(m: PacedModel, out: Out, pollId: string, text: string): boolean {
  if (m.watching) return false;
  m.status = { pollId, kind: 'sending' };
  out.push({ type: 'submitText', pollId, text });
  return true;
}

/** Asks for the results of the poll on screen, when this participant answered it and the deck shows them. */
function askResults(m: PacedModel, out: Out): void {
  const pollId = currentSlide(m)?.pollId;
  if (!pollId || m.state.selfPaced?.results !== 'after-answer' || !m.answers.has(pollId)) return;
  out.push({ type: 'askResults', pollId });
}

/** Asks for the board of the poll on screen, when it is a Q&A poll (read and upvoted by all, answered or not). */
function askBoard(m: PacedModel, out: Out): void {
  const poll = currentPoll(m);
  if (poll?.type === 'qa') out.push({ type: 'askBoard', pollId: poll.id });
}

/** A poll newly on screen starts with nothing picked or typed (a slide without a poll keeps the draft). */
function settleDraft(m: PacedModel): void {
  const poll = currentPoll(m);
  if (poll && m.draft.pollId !== poll.id) m.draft = { pollId: poll.id, picked: [], typed: '' };
}
