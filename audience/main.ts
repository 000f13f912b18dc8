// Parley phone page: join a session by code, follow the presenter, vote.
import { io, type Socket } from 'socket.io-client';
import type {
  AckResult,
  AudiencePoll,
  AudienceState,
  ClientToServerEvents,
  JoinResult,
  MyAnswer,
  ProtocolError,
  ServerToClientEvents,
} from '../server/protocol.js';
import { isTextPoll } from '../server/deck/types.js';
import { BOARD_SIZE, JOIN_CODE_LENGTH } from '../server/protocol.js';
import { codeFromPath, isJoinCode } from './code.js';
import { participantId } from './identity.js';
import { initialState } from './initial-state.js';
import type { OffBoardEntry, PollModel, RankModel, TextModel, VoteStatus } from './model.js';
import { mount as mountInto } from './mount.js';
import { applyAccent } from './accent.js';
import { bindLanguageMenu, preferredLanguage, setLanguage, t } from './i18n.js';
import { h } from './dom.js';
import { charCount, nearLimit } from './text.js';
import { followTimer } from './timer.js';
import { endedScreen, joinForm, joiningScreen, pollScreen, waitingScreen } from './view.js';

const ACK_TIMEOUT_MS = 8000;
// Typed answers are not re-sent by themselves (the participant may have changed their mind): the
// page says "not sent" (t.textNotSent) and, once back in the session, how to send (t.textBackOnline).
/** How long the restart banner may stay while the connection lasts (a server that did not stop after all). */
const CLOSING_GRACE_MS = 30_000;

const app = document.getElementById('app') as HTMLElement;
const banner = document.querySelector<HTMLElement>('[data-testid="connection-banner"]') as HTMLElement;
const announcer = document.getElementById('announcer') as HTMLElement;
/** The join form's message, as words of the current language (a language switch repaints it). */
let formError: (() => string) | null = null;

/**
 * `?watch`: the presenter's phone preview. It follows the session read-only (`audience:watch`): it
 * is not a participant (not counted), so it never makes or stores a participant id, and sends nothing.
 */
const watching = new URLSearchParams(location.search).has('watch');
// WebSocket first; if a network blocks it, fall back to HTTP long-polling (tryAllTransports).
const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
  transports: ['websocket', 'polling'],
  tryAllTransports: true,
});

type Phase = 'form' | 'joining' | 'joined';
interface PendingVote {
  pollId: string;
  round: number;
  optionIds: string[];
  inFlight: boolean;
  /** A send failed (timeout or disconnect): the page says "Not sent yet" until the server records it. */
  failed: boolean;
  /** What the status line says once the server has it. */
  recordedText: string;
}
/** A typed answer or question on its way to the server (or lost on the way). */
interface TextSend {
  pollId: string;
  round: number;
  text: string;
}
interface PollStatus extends VoteStatus {
  pollId: string;
  round: number;
}

let phase: Phase = 'form';
/** The session this page is in (or is joining). */
let code: string | null = null;
let state: AudienceState | null = null;
/** This participant's recorded answers by poll id (any round; only the current round counts). */
const answers = new Map<string, MyAnswer>();
/** Incremented on every connect; the join ack of connection N sets joinedConn = N. */
let connId = 0;
let joinedConn = -1;
let joinSeq = 0;
let everConnected = false;
let graceOver = false;
/** The server said it is shutting down (`server:closing`): it is back at the next connect. */
let serverClosing = false;
let closingTimer: ReturnType<typeof setTimeout> | undefined;
/** Connections the server refused in a row (socket.io does not retry those by itself). */
let refusals = 0;
let refusedTimer: ReturnType<typeof setTimeout> | undefined;
/** The latest vote not yet acknowledged by the server. */
let pending: PendingVote | null = null;
let status: PollStatus | null = null;
/** The checkbox selection of a multi poll while the participant edits it. */
let draft: { pollId: string; round: number; ids: Set<string> } | null = null;
/** The order of a rank poll while the participant puts it together (first place first). */
let rankDraft: { pollId: string; round: number; ids: string[] } | null = null;
/** What is typed in the text box of each text/qa poll, by poll id: it outlives re-renders and poll changes. */
const textDrafts = new Map<string, { round: number; text: string }>();
/** The typed answer waiting for the server's acknowledgement. */
let sending: TextSend | null = null;
/** A typed answer that got no acknowledgement: the next join tells whether the server has it. */
let lostSend: TextSend | null = null;
/** Upvotes on their way, by question id: the state they ask for. */
const upvoting = new Map<string, boolean>();
/** Questions this page has seen on the current Q&A board: one of ours that leaves it was hidden. */
let seenOnBoard: { pollId: string; round: number; ids: Set<string> } | null = null;
/** How close the text box is to its limit (0 fine, 1 near, 2 full): announced when it rises. */
let limitZone = 0;

// ---- helpers ----

let announceTimer: ReturnType<typeof setTimeout> | undefined;
function announce(text: string): void {
  // Clear first so that the same sentence is announced again.
  announcer.textContent = '';
  clearTimeout(announceTimer);
  announceTimer = setTimeout(() => {
    announcer.textContent = text;
  }, 60);
}

/**
 * Whether the server is out of reach: not connected, and the page has been connected before (or
 * has waited out the first connection's grace). While the first connection is still being made,
 * an answer reads "Sending…", not "Not sent".
 */
function unreachable(): boolean {
  return !socket.connected && (everConnected || graceOver);
}

function joinedNow(): boolean {
  return socket.connected && joinedConn === connId;
}

/** Whether this page can send now: joined, and the server is not shutting down (it refuses everything then). */
function canSend(): boolean {
  return joinedNow() && !serverClosing;
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/** The participant's answer to `poll`, only if it was given in the poll's current round. */
function recordedFor(poll: AudiencePoll): Set<string> | null {
  const a = answers.get(poll.id);
  return a && a.round === poll.round ? new Set(a.optionIds) : null;
}

/** The participant's recorded answer to `poll` in its current round, as the server sent it. */
function answerFor(poll: AudiencePoll): MyAnswer | null {
  const a = answers.get(poll.id);
  return a && a.round === poll.round ? a : null;
}

function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function pendingFor(poll: AudiencePoll): PendingVote | null {
  return pending && pending.pollId === poll.id && pending.round === poll.round ? pending : null;
}

function setStatus(v: { pollId: string; round: number }, kind: VoteStatus['kind'], text: string): void {
  status = { pollId: v.pollId, round: v.round, kind, text };
}

function where(poll: AudiencePoll): { pollId: string; round: number } {
  return { pollId: poll.id, round: poll.round };
}

function updateBanner(): void {
  const text = serverClosing ? t.restarting : everConnected ? t.reconnecting : t.connecting;
  // Only on a change: the banner is a live region, and the same words need not be read twice.
  if (banner.textContent !== text) banner.textContent = text;
  banner.hidden = !serverClosing && (socket.connected || (!everConnected && !graceOver));
}

// ---- rendering ----

/**
 * Replaces the screen, keeping keyboard focus on the same control if it is still there (with a
 * text box's caret and selection); a text box being typed in stays the same element (mount.ts).
 */
function mount(node: Node): void {
  mountInto(app, node);
}

function showForm(value: string, error: (() => string) | null): void {
  phase = 'form';
  formError = error;
  mount(joinForm(value, error?.() ?? null, submitCode));
  const input = app.querySelector<HTMLInputElement>('[data-testid="code-input"]');
  if (error) input?.focus();
}

function rankModel(poll: AudiencePoll, pend: PendingVote | null): { rank: RankModel; status: VoteStatus | null } {
  const recorded = answerFor(poll)?.optionIds ?? null;
  if (!rankDraft || rankDraft.pollId !== poll.id || rankDraft.round !== poll.round) {
    rankDraft = { pollId: poll.id, round: poll.round, ids: [...(pend?.optionIds ?? recorded ?? [])] };
  }
  const open = poll.status === 'open';
  const order = open ? rankDraft.ids : (recorded ?? []);
  let st = statusFor(poll);
  if (pend && (!st || st.kind === 'ok')) st = pendingStatus(pend);
  if (!st && recorded) st = { kind: 'ok', text: t.orderRecorded };
  if (open && !pend && (!st || st.kind === 'ok' || st.kind === 'info')) {
    if (order.length === poll.options.length && !(recorded && sameOrder(order, recorded))) {
      st = { kind: 'info', text: recorded ? t.orderUnsubmitted : t.allPlaced };
    } else if (order.length < poll.options.length && recorded) {
      st = { kind: 'info', text: t.earlierOrder };
    }
  }
  return { rank: { order, recorded }, status: st };
}

function textModel(poll: AudiencePoll): TextModel {
  const a = answerFor(poll);
  const entries = a?.entries ?? [];
  const upvoted = new Set(a?.upvoted ?? []);
  for (const [id, up] of upvoting) {
    if (up) upvoted.add(id);
    else upvoted.delete(id);
  }
  const offBoard: OffBoardEntry[] = [];
  if (poll.type === 'qa') {
    const onBoard = new Set((poll.board ?? []).map((q) => q.id));
    const seen = seenOnBoard && seenOnBoard.pollId === poll.id && seenOnBoard.round === poll.round ? seenOnBoard.ids : new Set<string>();
    for (const entry of entries) {
      if (onBoard.has(entry.id)) continue;
      if (entry.status === 'held' || entry.status === 'hidden') offBoard.push({ entry, status: entry.status });
      // Shown when sent but gone from the board since (and not crowded out of a full board): hidden.
      else if (seen.has(entry.id) && (poll.board?.length ?? 0) < BOARD_SIZE) offBoard.push({ entry, status: 'hidden' });
    }
  }
  const d = textDrafts.get(poll.id);
  return {
    draft: d && d.round === poll.round ? d.text : '',
    sending: sending !== null && sending.pollId === poll.id && sending.round === poll.round,
    entries,
    upvoted,
    upvoting: new Set(upvoting.keys()),
    offBoard,
  };
}

function statusFor(poll: AudiencePoll): VoteStatus | null {
  return status && status.pollId === poll.id && status.round === poll.round ? status : null;
}

function pendingStatus(pend: PendingVote): VoteStatus {
  const notSent = pend.failed || (!pend.inFlight && unreachable());
  return notSent ? { kind: 'pending', text: t.notSent } : { kind: 'sending', text: t.sending };
}

function pollModel(poll: AudiencePoll): PollModel {
  if (isTextPoll(poll)) {
    return { poll, recorded: null, selected: new Set(), status: statusFor(poll), text: textModel(poll) };
  }
  if (poll.type === 'rank') {
    const { rank, status: st } = rankModel(poll, pendingFor(poll));
    return { poll, recorded: rank.recorded && new Set(rank.recorded), selected: new Set(rank.order), status: st, rank };
  }
  const recorded = recordedFor(poll);
  const pend = pendingFor(poll);
  let selected: ReadonlySet<string>;
  if (poll.status !== 'open') {
    selected = recorded ?? new Set();
  } else if (poll.type === 'multi') {
    if (!draft || draft.pollId !== poll.id || draft.round !== poll.round) {
      draft = { pollId: poll.id, round: poll.round, ids: new Set(pend?.optionIds ?? recorded ?? []) };
    }
    selected = draft.ids;
  } else {
    selected = new Set(pend?.optionIds ?? recorded ?? []);
  }

  let st = statusFor(poll);
  // A vote still waiting for the server shows as such, whatever the last message was.
  if (pend && (!st || st.kind === 'ok')) st = pendingStatus(pend);
  if (!st && recorded) st = { kind: 'ok', text: t.recorded };
  if (poll.status === 'open' && poll.type === 'multi' && !pend && recorded && !sameSet(selected, recorded) && (!st || st.kind === 'ok')) {
    st = { kind: 'info', text: t.unsubmitted };
  }
  return { poll, recorded, selected, status: st };
}

function render(): void {
  if (phase === 'form') return; // the form keeps what is typed; showForm() rebuilds it
  const screen = currentScreen();
  if (watching) {
    // A preview shows what the phones show, with every control off: it cannot answer.
    for (const el of screen.querySelectorAll<HTMLButtonElement>('button,input,textarea')) el.disabled = true;
    screen.prepend(h('p', { class: 'banner', 'data-testid': 'watch-notice' }, t.preview));
  }
  mount(screen);
}

function currentScreen(): HTMLElement {
  // Joining shows the session's state as soon as the page has it: the join page carries it.
  if (!state) return joiningScreen(code ?? '');
  if (state.ended) return endedScreen(state);
  const poll = state.poll;
  if (!poll) return waitingScreen(state);
  return pollScreen(state, pollModel(poll), {
    choose: (id) => choose(poll, id),
    toggle: (id, checked) => toggle(poll, id, checked),
    submit: () => submitMulti(poll),
    rankTap: (id) => rankTap(poll, id),
    rankReset: () => rankReset(poll),
    rankSubmit: () => rankSubmit(poll),
    textInput: (value) => textInput(poll, value),
    textSend: () => void textSend(poll),
    upvote: (entryId, up) => void upvote(poll, entryId, up),
  });
}

// ---- joining ----

function submitCode(value: string): void {
  if (!isJoinCode(value)) {
    showForm(value, () => t.badCode(JOIN_CODE_LENGTH));
    return;
  }
  startSession(value);
}

/** Joins session `value`; `preview` is its state as the join page carried it, shown until the join. */
function startSession(value: string, preview: AudienceState | null = null): void {
  code = value;
  state = null;
  pending = null;
  status = null;
  draft = null;
  forgetTyping();
  answers.clear();
  phase = 'joining';
  if (preview) applyState(preview);
  render();
  join();
}

async function join(): Promise<void> {
  if (!code || !socket.connected) return; // the 'connect' handler joins
  const seq = ++joinSeq;
  const conn = connId;
  const joinCode = code;
  let res: AckResult<JoinResult>;
  try {
    res = watching
      ? await socket
          .timeout(ACK_TIMEOUT_MS)
          .emitWithAck('audience:watch', { code: joinCode })
          .then((r): AckResult<JoinResult> => (r.ok ? { ok: true, data: { state: r.data, answers: [] } } : r))
      : await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('audience:join', { code: joinCode, participantId: participantId() });
  } catch {
    // Timed out or disconnected: try again while this connection lasts; otherwise 'connect' will.
    if (seq === joinSeq && conn === connId && code === joinCode && socket.connected) void join();
    return;
  }
  if (seq !== joinSeq || conn !== connId || code !== joinCode) return; // superseded
  if (!res.ok) {
    joinFailed(joinCode, res.error);
    return;
  }
  joinedConn = conn;
  phase = 'joined';
  // What this page knew of the pending vote's poll before the server's word (to tell a reset).
  const before = pending ? answers.get(pending.pollId) : undefined;
  answers.clear();
  for (const a of res.data.answers) answers.set(a.pollId, a);
  applyState(res.data.state);
  settleLostSend();
  settleStaleStatus();
  // The query stays: a preview (`?watch`) stays one after a reload.
  if (location.pathname !== `/j/${joinCode}`) history.replaceState(null, '', `/j/${joinCode}${location.search}`);
  render();
  flushPending(before);
}

/**
 * After a join: a message about the connection ("not sent — check your connection") is out of date.
 * A typed answer still in the box stays unsent (it is not sent by itself): the page says so and how.
 */
function settleStaleStatus(): void {
  const s = status;
  if (s?.kind !== 'error') return;
  if (s.text === t.upvoteNotSent) {
    status = null; // the board shows the upvotes the server has
    return;
  }
  if (s.text !== t.textNotSent) return;
  const d = textDrafts.get(s.pollId);
  if (d && d.round === s.round && d.text.trim() !== '') {
    setStatus(s, 'pending', t.textBackOnline);
    if (state?.poll?.id === s.pollId) announce(t.textBackOnline);
  } else {
    status = null;
  }
}

/** Forgets what this page had under way in the session's rank, text and Q&A polls. */
function forgetTyping(): void {
  rankDraft = null;
  textDrafts.clear();
  sending = null;
  lostSend = null;
  upvoting.clear();
  seenOnBoard = null;
  limitZone = 0;
}

/** After a join: a typed answer that got no acknowledgement may have reached the server after all. */
function settleLostSend(): void {
  const lost = lostSend;
  if (!lost) return;
  lostSend = null;
  const a = answers.get(lost.pollId);
  if (!a || a.round !== lost.round) return;
  const clean = (t: string) => t.replace(/\s+/g, ' ').trim().toLowerCase();
  if (!(a.entries ?? []).some((e) => clean(e.text) === clean(lost.text))) return;
  const d = textDrafts.get(lost.pollId);
  if (d && d.round === lost.round && d.text === lost.text) textDrafts.delete(lost.pollId);
  const poll = state?.poll;
  const qa = poll?.id === lost.pollId && poll.type === 'qa';
  setStatus(lost, 'ok', qa ? t.questionPostedAfterAll : t.answerReceivedAfterAll);
  announce(qa ? t.questionPostedShort : t.answerReceivedShort);
}

/** Forgets the session and shows the code form with `message`. */
function leaveSession(value: string, message: () => string): void {
  code = null;
  state = null;
  pending = null;
  status = null;
  draft = null;
  forgetTyping();
  joinedConn = -1;
  answers.clear();
  if (location.pathname !== '/') history.replaceState(null, '', `/${location.search}`);
  showForm(value, message);
}

function joinFailed(failedCode: string, error: ProtocolError): void {
  const unknown = error.code === 'not_found' || error.code === 'bad_request';
  leaveSession(failedCode, () => (unknown ? t.noSession(failedCode) : t.error(error.code, error.message)));
}

function applyState(next: AudienceState): void {
  const prev = state?.poll ?? null;
  const wasEnded = state?.ended ?? false;
  const poll = next.poll;
  state = next;
  applyAccent(next.accent);
  followTimer(next.ended ? null : poll, announce);
  if (next.ended) {
    if (!wasEnded) announce(t.sessionEnded);
  } else if (poll && (!prev || prev.id !== poll.id)) {
    announce(poll.status === 'open' ? t.newQuestion(poll.question) : t.question(poll.question, closedWords(poll)));
  } else if (poll && prev) {
    if (poll.round !== prev.round) announce(t.wasReset);
    else if (poll.status !== prev.status) announce(poll.status === 'open' ? openWords(poll) : closedWords(poll));
    else if (poll.results && !prev.results) announce(t.resultsShown);
  } else if (!poll && prev) {
    announce(t.nextQuestion);
  }
  if (draft && (!poll || draft.pollId !== poll.id || draft.round !== poll.round)) draft = null;
  if (rankDraft && (!poll || rankDraft.pollId !== poll.id || rankDraft.round !== poll.round)) rankDraft = null;
  if (poll?.board) {
    if (!seenOnBoard || seenOnBoard.pollId !== poll.id || seenOnBoard.round !== poll.round) {
      seenOnBoard = { pollId: poll.id, round: poll.round, ids: new Set() };
    }
    for (const q of poll.board) seenOnBoard.ids.add(q.id);
  }
}

function openWords(poll: AudiencePoll): string {
  return poll.type === 'qa' ? t.questionsOpen : poll.type === 'text' ? t.answersOpen : t.votingOpen;
}

function closedWords(poll: AudiencePoll): string {
  return poll.type === 'qa' ? t.questionsClosed : poll.type === 'text' ? t.answersClosed : t.votingClosed;
}

// ---- voting ----

function choose(poll: AudiencePoll, optionId: string): void {
  if (poll.status !== 'open') return;
  const pend = pendingFor(poll);
  const recorded = recordedFor(poll);
  const current = pend ? pend.optionIds : recorded ? [...recorded] : null;
  if (current && current.length === 1 && current[0] === optionId) return; // already chosen
  vote(poll, [optionId]);
}

function toggle(poll: AudiencePoll, optionId: string, checked: boolean): void {
  if (poll.status !== 'open') return;
  if (!draft || draft.pollId !== poll.id || draft.round !== poll.round) return;
  if (checked) {
    if (poll.limit !== undefined && draft.ids.size >= poll.limit) {
      render(); // refuse: re-render unchecks the box
      return;
    }
    draft.ids.add(optionId);
  } else {
    draft.ids.delete(optionId);
  }
  render();
}

function submitMulti(poll: AudiencePoll): void {
  if (poll.status !== 'open' || !draft || draft.pollId !== poll.id || draft.round !== poll.round) return;
  const ids = draft.ids;
  if (ids.size === 0) {
    setStatus({ pollId: poll.id, round: poll.round }, 'error', t.pickOne);
    announce(t.pickOne);
    render();
    return;
  }
  vote(
    poll,
    poll.options.filter((o) => ids.has(o.id)).map((o) => o.id),
  );
}

function vote(poll: AudiencePoll, optionIds: string[]): void {
  if (watching) return;
  const recordedText = poll.type === 'rank' ? t.orderRecorded : t.recorded;
  pending = { pollId: poll.id, round: poll.round, optionIds, inFlight: false, failed: false, recordedText };
  status = null;
  transmit();
}

/** Sends the pending vote if this connection has joined; otherwise it waits for the next join. */
async function transmit(): Promise<void> {
  const v = pending;
  if (!v || v.inFlight) return;
  if (!canSend()) {
    if ((unreachable() || serverClosing) && !v.failed) {
      v.failed = true;
      setStatus(v, 'pending', t.notSent);
      announce(t.notSentShort);
    }
    render();
    return;
  }
  v.inFlight = true;
  // A re-send keeps saying "Not sent yet" until the server has recorded it.
  if (!v.failed) setStatus(v, 'sending', t.sending);
  render();
  const conn = connId;
  let res: AckResult<MyAnswer>;
  try {
    res = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('audience:vote', { pollId: v.pollId, optionIds: v.optionIds });
  } catch {
    v.inFlight = false;
    if (pending === v) {
      if (!v.failed) announce(t.notSentShort);
      v.failed = true;
      setStatus(v, 'pending', t.notSent);
      render();
      // No answer on a live connection: re-join, which re-sends the vote.
      if (socket.connected && conn === connId) void join();
    }
    return;
  }
  v.inFlight = false;
  if (res.ok) {
    answers.set(res.data.pollId, res.data);
    if (pending === v) {
      pending = null;
      setStatus(v, 'ok', v.recordedText);
      // The presenter may have moved on while this phone was away: say which answer that was.
      announce(state?.poll?.id === v.pollId ? v.recordedText.replace(/^✓ /, '') : t.previousRecorded);
    }
    render();
    return;
  }
  if (pending !== v) return; // a newer vote supersedes this one
  if (serverClosing && res.error.code === 'internal') {
    // Refused because the server is shutting down: sent again after the re-join.
    if (!v.failed) announce(t.notSentShort);
    v.failed = true;
    setStatus(v, 'pending', t.notSent);
    render();
    return;
  }
  if (res.error.code === 'not_joined') {
    // The server forgot this socket (e.g. it restarted): join again, then re-send.
    if (conn === connId) joinedConn = -1;
    render();
    void join();
    return;
  }
  pending = null;
  const refusal = t.error(res.error.code, res.error.message);
  setStatus(v, 'error', refusal);
  // Said only if it is about the question on screen (not one the presenter has moved on from).
  if (state?.poll?.id === v.pollId) announce(refusal);
  render();
}

// ---- ranking ----

function rankDraftFor(poll: AudiencePoll): string[] | null {
  if (poll.status !== 'open' || !rankDraft || rankDraft.pollId !== poll.id || rankDraft.round !== poll.round) return null;
  return rankDraft.ids;
}

function rankTap(poll: AudiencePoll, optionId: string): void {
  const ids = rankDraftFor(poll);
  const opt = poll.options.find((o) => o.id === optionId);
  if (!ids || !opt) return;
  const at = ids.indexOf(optionId);
  if (at >= 0) {
    ids.splice(at, 1); // later ones move up
    announce(t.takenOut(opt.label, ids.length > at));
  } else {
    ids.push(optionId);
    announce(t.rankedAs(opt.label, ids.length, ids.length === poll.options.length));
  }
  if (status && status.pollId === poll.id && status.kind === 'error') status = null;
  render();
}

function rankReset(poll: AudiencePoll): void {
  const ids = rankDraftFor(poll);
  if (!ids) return;
  ids.length = 0;
  render();
  // The Start over button is now disabled: carry keyboard focus to the first option.
  const first = poll.options[0];
  if (first) document.getElementById(`rank-${first.id}`)?.focus({ preventScroll: true });
  announce(`${t.orderCleared} ${t.rankHint}`);
}

function rankSubmit(poll: AudiencePoll): void {
  const ids = rankDraftFor(poll);
  if (!ids) return;
  if (ids.length !== poll.options.length) {
    setStatus(where(poll), 'error', t.placeAll);
    announce(t.placeAll);
    render();
    return;
  }
  vote(poll, [...ids]);
}

// ---- typed answers and questions ----

function textInput(poll: AudiencePoll, value: string): void {
  textDrafts.set(poll.id, { round: poll.round, text: value });
  // A refusal was about the text as it was; once it changes, the message has been read.
  if (status && status.pollId === poll.id && status.kind === 'error') {
    status = null;
    render(); // the text box is kept as it is (mount.ts)
  }
  // Said once on the way up; the counter (the box's description) has the exact figure.
  const length = poll.text?.length;
  if (length === undefined) return;
  const left = length - charCount(value);
  const zone = left <= 0 ? 2 : left <= nearLimit(length) ? 1 : 0;
  if (zone > limitZone) announce(zone === 2 ? t.limitReached : t.charsLeft(left));
  limitZone = zone;
}

async function textSend(poll: AudiencePoll): Promise<void> {
  if (poll.status !== 'open' || sending || watching) return;
  const d = textDrafts.get(poll.id);
  const text = d && d.round === poll.round ? d.text : '';
  const qa = poll.type === 'qa';
  if (text.trim() === '') {
    setStatus(where(poll), 'error', qa ? t.typeQuestionFirst : t.typeAnswerFirst);
    announce(status!.text);
    render();
    return;
  }
  if (!canSend()) {
    setStatus(where(poll), 'error', t.textNotSent);
    announce(t.textNotSent);
    render();
    return;
  }
  const send: TextSend = { pollId: poll.id, round: poll.round, text };
  sending = send;
  lostSend = null;
  setStatus(send, 'sending', t.sending);
  render();
  const conn = connId;
  let res: AckResult<MyAnswer>;
  try {
    res = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('audience:submit', { pollId: poll.id, text });
  } catch {
    if (sending !== send) return; // given up on when the connection dropped
    sending = null;
    // It may have arrived: the next join's answers tell (settleLostSend), until then the text stays.
    lostSend = send;
    setStatus(send, 'error', t.textNotSent);
    announce(t.textNotSent);
    render();
    if (socket.connected && conn === connId) void join();
    return;
  }
  if (sending === send) sending = null;
  if (!res.ok) {
    if (res.error.code === 'not_joined') {
      if (conn === connId) joinedConn = -1;
      void join();
    }
    const message =
      res.error.code === 'not_joined' || (serverClosing && res.error.code === 'internal')
        ? t.textNotSent
        : t.error(res.error.code, res.error.message);
    setStatus(send, 'error', message);
    announce(message);
    render();
    return;
  }
  answers.set(res.data.pollId, res.data);
  // Clear the box only if it still holds what was sent (it stays editable while sending).
  const now = textDrafts.get(poll.id);
  if (now && now.round === send.round && now.text === text) {
    textDrafts.delete(poll.id);
    limitZone = 0;
  }
  const mine = res.data.entries ?? [];
  const held = mine.at(-1)?.status === 'held';
  const spec = poll.text;
  const left = spec ? spec.answers - mine.length : 0;
  let message = qa ? t.questionPosted : t.answerSent;
  if (held) message = qa ? t.questionHeld : t.answerHeld;
  setStatus(send, 'ok', message);
  const more = !qa && spec && spec.answers > 1 ? (left > 0 ? t.canSendMore(left) : t.lastOne) : '';
  announce(message.replace(/^✓ /, '') + more);
  render();
}

async function upvote(poll: AudiencePoll, entryId: string, up: boolean): Promise<void> {
  if (poll.status !== 'open' || poll.type !== 'qa' || upvoting.has(entryId) || watching) return;
  if (!canSend()) {
    setStatus(where(poll), 'error', t.upvoteNotSent);
    announce(t.upvoteNotSent);
    render();
    return;
  }
  const at = where(poll);
  upvoting.set(entryId, up);
  render();
  let res: AckResult<MyAnswer>;
  try {
    res = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('audience:upvote', { pollId: poll.id, entryId, up });
  } catch {
    if (!upvoting.delete(entryId)) return; // given up on when the connection dropped
    setStatus(at, 'error', t.upvoteNotSent);
    announce(t.upvoteNotSent);
    render();
    return;
  }
  upvoting.delete(entryId);
  if (res.ok) {
    answers.set(res.data.pollId, res.data);
    if (status && status.pollId === poll.id && status.kind === 'error') status = null;
    announce(up ? t.upvoted : t.upvoteTakenBack);
  } else {
    const refusal = t.error(res.error.code, res.error.message);
    setStatus(at, 'error', refusal);
    announce(refusal);
  }
  render();
}

/**
 * After a join: re-send the pending vote if its poll is still open in the same round. `before` is
 * this page's recorded answer to that poll before the join.
 */
function flushPending(before: MyAnswer | undefined): void {
  const v = pending;
  if (!v || v.inFlight) return;
  const poll = state?.poll;
  if (poll && poll.id === v.pollId) {
    if (poll.round === v.round && poll.status === 'open') {
      void transmit();
      return;
    }
    pending = null;
    if (poll.round === v.round) setStatus(v, 'error', t.closedBeforeSent);
    render();
    return;
  }
  // The presenter moved on while this page was away. Polls stay open until the presenter closes
  // them, so the vote the page promised to send is sent (the server refuses it if the poll closed)
  // — unless the poll was reset meanwhile: the answer was to a round that no longer counts.
  const now = answers.get(v.pollId);
  const reset = now ? now.round !== v.round : before?.round === v.round;
  if (!reset) {
    void transmit();
    return;
  }
  pending = null;
  render();
}

// ---- connection ----

socket.on('connect', () => {
  connId++;
  everConnected = true;
  serverClosing = false;
  clearTimeout(closingTimer);
  refusals = 0;
  clearTimeout(refusedTimer);
  updateBanner();
  if (code) void join();
});

socket.on('disconnect', (reason) => {
  joinedConn = -1;
  updateBanner();
  // Acknowledgements do not survive the connection: say so now rather than after the timeout.
  // The next join tells whether a typed answer arrived anyway (settleLostSend).
  if (sending) {
    lostSend = sending;
    setStatus(sending, 'error', t.textNotSent);
    announce(t.textNotSent);
    sending = null;
  }
  if (upvoting.size && state?.poll) {
    upvoting.clear();
    setStatus(where(state.poll), 'error', t.upvoteNotSent);
  }
  if (phase === 'joined') render(); // a pending vote now reads "Not sent yet"
  if (reason === 'io server disconnect') {
    // The server let this page go on purpose: it is shutting down (it said so first), or the
    // session was deleted. socket.io does not reconnect by itself then: connect again at once
    // (after a deletion, ready for another code).
    if (code && !serverClosing) leaveSession('', () => t.sessionGone);
    socket.connect();
  }
});

socket.on('connect_error', () => {
  // A network error: socket.io tries again by itself (the socket stays active). A connection the
  // server refused (it is shutting down, or too many phones behind one address arrive at once,
  // e.g. after a Wi-Fi blip) is not retried by socket.io: try again later, spread out.
  if (socket.active) return;
  updateBanner();
  clearTimeout(refusedTimer);
  const delay = Math.min(30_000, 1000 * 2 ** Math.min(refusals, 5)) * (0.5 + Math.random());
  refusals++;
  refusedTimer = setTimeout(() => {
    if (!socket.connected && !socket.active) socket.connect();
  }, delay);
});

socket.on('server:closing', () => {
  // Every answer the server acknowledged is stored; the connection drops next and comes back
  // by itself. A vote still waiting keeps saying "Not sent yet" and is sent after the re-join.
  serverClosing = true;
  updateBanner();
  if (phase === 'joined') render(); // a vote waiting to be sent now reads "Not sent yet"
  clearTimeout(closingTimer);
  closingTimer = setTimeout(() => {
    if (!socket.connected) return; // still away: the next connect clears it
    // The server did not stop after all: carry on.
    serverClosing = false;
    updateBanner();
    void transmit();
  }, CLOSING_GRACE_MS);
});

socket.on('audience:state', (next) => {
  if (phase !== 'joined' || next.code !== code) return;
  applyState(next);
  render();
});

function resync(): void {
  if (!socket.connected) {
    // socket.io may be waiting up to 5 s for its next attempt: the network is back, try now.
    if (socket.active) socket.disconnect();
    socket.connect();
    return;
  }
  if (code) void join();
}

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') resync();
});
window.addEventListener('online', resync);

setTimeout(() => {
  graceOver = true;
  updateBanner();
  // An answer tapped while the first connection was being made: it now reads "Not sent yet".
  if (pending) void transmit();
}, 1500);

// ---- start ----

function start(): void {
  const fromPath = codeFromPath(location.pathname);
  if (fromPath !== null && isJoinCode(fromPath)) {
    startSession(fromPath, initialState(fromPath));
  } else if (fromPath !== null) {
    history.replaceState(null, '', '/');
    showForm('', () => t.noSession(fromPath));
  } else {
    showForm('', null);
  }
  bindLanguageMenu(document.getElementById('lang-select') as HTMLSelectElement, document.getElementById('lang-label') as HTMLElement, relabel);
  (document.getElementById('foot') as HTMLElement).hidden = false;
}

/** After a language switch: the same screen in the new words (the form keeps what is typed). */
function relabel(): void {
  updateBanner();
  if (phase !== 'form') {
    render();
    return;
  }
  const typed = app.querySelector<HTMLInputElement>('[data-testid="code-input"]')?.value ?? '';
  showForm(typed, formError);
}

// English is built in and shows at once; another language waits for its (small) chunk, so that
// the page does not flash English first.
const language = preferredLanguage();
if (language === 'en') start();
else void setLanguage(language).then(start);
