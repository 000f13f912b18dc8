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
import { codeFromPath, isJoinCode } from './code.js';
import { participantId } from './identity.js';
import { endedScreen, joinForm, joiningScreen, pollScreen, waitingScreen, type PollModel, type VoteStatus } from './view.js';

const ACK_TIMEOUT_MS = 8000;
const NOT_SENT = 'Not sent yet — will send when you’re back online';
const RECORDED = '✓ Answer recorded';

const app = document.getElementById('app') as HTMLElement;
const banner = document.querySelector<HTMLElement>('[data-testid="connection-banner"]') as HTMLElement;
const announcer = document.getElementById('announcer') as HTMLElement;

const me = participantId();
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
/** The latest vote not yet acknowledged by the server. */
let pending: PendingVote | null = null;
let status: PollStatus | null = null;
/** The checkbox selection of a multi poll while the participant edits it. */
let draft: { pollId: string; round: number; ids: Set<string> } | null = null;

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

function joinedNow(): boolean {
  return socket.connected && joinedConn === connId;
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

function pendingFor(poll: AudiencePoll): PendingVote | null {
  return pending && pending.pollId === poll.id && pending.round === poll.round ? pending : null;
}

function setStatus(v: { pollId: string; round: number }, kind: VoteStatus['kind'], text: string): void {
  status = { pollId: v.pollId, round: v.round, kind, text };
}

function updateBanner(): void {
  banner.textContent = everConnected ? 'Reconnecting…' : 'Connecting…';
  banner.hidden = socket.connected || (!everConnected && !graceOver);
}

// ---- rendering ----

/** Replaces the screen, keeping keyboard focus on the same control if it is still there. */
function mount(node: Node): void {
  const active = document.activeElement;
  const focusId = active instanceof HTMLElement && app.contains(active) ? active.id : '';
  app.replaceChildren(node);
  if (focusId) {
    const again = document.getElementById(focusId);
    if (again && !(again as HTMLButtonElement).disabled) again.focus({ preventScroll: true });
  }
}

function showForm(value: string, error: string | null): void {
  phase = 'form';
  mount(joinForm(value, error, submitCode));
  const input = app.querySelector<HTMLInputElement>('[data-testid="code-input"]');
  if (error) input?.focus();
}

function pollModel(poll: AudiencePoll): PollModel {
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

  let st: VoteStatus | null = status && status.pollId === poll.id && status.round === poll.round ? status : null;
  // A vote still waiting for the server shows as such, whatever the last message was.
  if (pend && (!st || st.kind === 'ok')) {
    const notSent = pend.failed || (!pend.inFlight && !socket.connected);
    st = notSent ? { kind: 'pending', text: NOT_SENT } : { kind: 'sending', text: 'Sending…' };
  }
  if (!st && recorded) st = { kind: 'ok', text: RECORDED };
  if (poll.status === 'open' && poll.type === 'multi' && !pend && recorded && !sameSet(selected, recorded) && (!st || st.kind === 'ok')) {
    st = { kind: 'info', text: 'Changes not submitted yet — tap Submit' };
  }
  return { poll, recorded, selected, status: st };
}

function render(): void {
  if (phase === 'form') return; // the form keeps what is typed; showForm() rebuilds it
  if (phase === 'joining' || !state) {
    mount(joiningScreen(code ?? ''));
    return;
  }
  if (state.ended) {
    mount(endedScreen(state));
    return;
  }
  const poll = state.poll;
  if (!poll) {
    mount(waitingScreen(state));
    return;
  }
  mount(
    pollScreen(state, pollModel(poll), {
      choose: (id) => choose(poll, id),
      toggle: (id, checked) => toggle(poll, id, checked),
      submit: () => submitMulti(poll),
    }),
  );
}

// ---- joining ----

function submitCode(value: string): void {
  if (!isJoinCode(value)) {
    showForm(value, 'Enter the 5-character code shown on the screen');
    return;
  }
  startSession(value);
}

function startSession(value: string): void {
  code = value;
  state = null;
  pending = null;
  status = null;
  draft = null;
  answers.clear();
  phase = 'joining';
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
    res = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('audience:join', { code: joinCode, participantId: me });
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
  answers.clear();
  for (const a of res.data.answers) answers.set(a.pollId, a);
  applyState(res.data.state);
  if (location.pathname !== `/j/${joinCode}`) history.replaceState(null, '', `/j/${joinCode}`);
  render();
  flushPending();
}

/** Forgets the session and shows the code form with `message`. */
function leaveSession(value: string, message: string): void {
  code = null;
  state = null;
  pending = null;
  status = null;
  draft = null;
  joinedConn = -1;
  answers.clear();
  if (location.pathname !== '/') history.replaceState(null, '', '/');
  showForm(value, message);
}

function joinFailed(failedCode: string, error: ProtocolError): void {
  const message =
    error.code === 'not_found' || error.code === 'bad_request'
      ? `No session with code ${failedCode} — check the code on the screen`
      : error.message;
  leaveSession(failedCode, message);
}

function applyState(next: AudienceState): void {
  const prev = state?.poll ?? null;
  const wasEnded = state?.ended ?? false;
  const poll = next.poll;
  state = next;
  if (next.ended) {
    if (!wasEnded) announce('This session has ended — thank you for taking part');
  } else if (poll && (!prev || prev.id !== poll.id)) {
    announce(poll.status === 'open' ? `New question: ${poll.question}` : `Question: ${poll.question}. Voting is closed`);
  } else if (poll && prev) {
    if (poll.round !== prev.round) announce('The question was reset — you can answer again');
    else if (poll.status !== prev.status) announce(poll.status === 'open' ? 'Voting is open' : 'Voting is closed');
    else if (poll.results && !prev.results) announce('Results are shown');
  } else if (!poll && prev) {
    announce('Waiting for the next question');
  }
  if (draft && (!poll || draft.pollId !== poll.id || draft.round !== poll.round)) draft = null;
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
    setStatus({ pollId: poll.id, round: poll.round }, 'error', 'Pick at least one option first');
    render();
    return;
  }
  vote(
    poll,
    poll.options.filter((o) => ids.has(o.id)).map((o) => o.id),
  );
}

function vote(poll: AudiencePoll, optionIds: string[]): void {
  pending = { pollId: poll.id, round: poll.round, optionIds, inFlight: false, failed: false };
  status = null;
  transmit();
}

/** Sends the pending vote if this connection has joined; otherwise it waits for the next join. */
async function transmit(): Promise<void> {
  const v = pending;
  if (!v || v.inFlight) return;
  if (!joinedNow()) {
    if (!socket.connected && !v.failed) {
      v.failed = true;
      setStatus(v, 'pending', NOT_SENT);
      announce('Not sent yet');
    }
    render();
    return;
  }
  v.inFlight = true;
  // A re-send keeps saying "Not sent yet" until the server has recorded it.
  if (!v.failed) setStatus(v, 'sending', 'Sending…');
  render();
  const conn = connId;
  let res: AckResult<MyAnswer>;
  try {
    res = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('audience:vote', { pollId: v.pollId, optionIds: v.optionIds });
  } catch {
    v.inFlight = false;
    if (pending === v) {
      if (!v.failed) announce('Not sent yet');
      v.failed = true;
      setStatus(v, 'pending', NOT_SENT);
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
      setStatus(v, 'ok', RECORDED);
      announce('Answer recorded');
    }
    render();
    return;
  }
  if (pending !== v) return; // a newer vote supersedes this one
  if (res.error.code === 'not_joined') {
    // The server forgot this socket (e.g. it restarted): join again, then re-send.
    if (conn === connId) joinedConn = -1;
    render();
    void join();
    return;
  }
  pending = null;
  setStatus(v, 'error', res.error.message);
  announce(res.error.message);
  render();
}

/** After a join: re-send the pending vote if its poll is still open in the same round. */
function flushPending(): void {
  const v = pending;
  if (!v || v.inFlight) return;
  const poll = state?.poll;
  if (poll && poll.id === v.pollId && poll.round === v.round && poll.status === 'open') {
    void transmit();
    return;
  }
  pending = null;
  if (poll && poll.id === v.pollId && poll.round === v.round) {
    setStatus(v, 'error', 'Voting closed before your answer could be sent');
  }
  render();
}

// ---- connection ----

socket.on('connect', () => {
  connId++;
  everConnected = true;
  updateBanner();
  if (code) void join();
});

socket.on('disconnect', (reason) => {
  joinedConn = -1;
  updateBanner();
  if (phase === 'joined') render(); // a pending vote now reads "Not sent yet"
  if (reason === 'io server disconnect') {
    // The server let this page go on purpose (its session was deleted). socket.io does not
    // reconnect by itself then: connect again at once, ready for another code.
    if (code) leaveSession('', 'This session is no longer available.');
    socket.connect();
  }
});

socket.on('audience:state', (next) => {
  if (phase !== 'joined' || next.code !== code) return;
  applyState(next);
  render();
});

function resync(): void {
  if (!socket.connected) {
    if (!socket.active) socket.connect();
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
}, 1500);

// ---- start ----

const fromPath = codeFromPath(location.pathname);
if (fromPath !== null && isJoinCode(fromPath)) {
  startSession(fromPath);
} else if (fromPath !== null) {
  history.replaceState(null, '', '/');
  showForm('', `No session with code ${fromPath} — check the code on the screen`);
} else {
  showForm('', null);
}
