// The socket.io connection of the phone page: connecting and coming back, the server's events as
// actions, and the requests the page makes with their acknowledgements.
import { io, type Socket } from 'socket.io-client';
import type { AckResult, AudienceState, ClientToServerEvents, JoinResult, MyAnswer, MySession, ServerToClientEvents } from '../server/protocol.js';
import type { Dispatch } from './actions.js';
import { participantId } from './identity.js';
import { answeredByOther, transports, watchTransport } from './transport.js';

const ACK_TIMEOUT_MS = 8000;
/** How long the first connection may take before an answer tapped meanwhile reads "Not sent yet". */
const FIRST_CONNECT_GRACE_MS = 1500;

/** The server's acknowledgement, or null when none came (timed out, or the connection dropped). */
export type Reply<T> = AckResult<T> | null;

export interface Connection {
  /** Joins session `code` as a participant, or follows it read-only when `watching` (no participant id). */
  join(code: string, watching: boolean): Promise<Reply<JoinResult>>;
  vote(pollId: string, optionIds: string[]): Promise<Reply<MyAnswer>>;
  submit(pollId: string, text: string): Promise<Reply<MyAnswer>>;
  upvote(pollId: string, entryId: string, up: boolean): Promise<Reply<MyAnswer>>;
  role(role: string | null): Promise<Reply<{ role: string | null }>>;
  /** This participant's My session. */
  mine(): Promise<Reply<MySession>>;
}

async function reply<T>(ack: Promise<AckResult<T>>): Promise<Reply<T>> {
  try {
    return await ack;
  } catch {
    return null;
  }
}

export function openConnection(dispatch: Dispatch): Connection {
  // WebSocket first (long-polling first where WebSockets failed lately); a network that blocks
  // them makes socket.io try long-polling (tryAllTransports), one that breaks them the watch.
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({ transports: transports(), tryAllTransports: true });
  const transport = watchTransport(socket);
  /** Connections the server refused in a row (socket.io does not retry those by itself). */
  let refusals = 0;
  let refusedTimer: ReturnType<typeof setTimeout> | undefined;

  socket.on('connect', () => {
    refusals = 0;
    clearTimeout(refusedTimer);
    dispatch({ type: 'connected' });
  });

  socket.on('disconnect', (reason) => {
    // The server let this page go on purpose: it is shutting down, or the session was deleted.
    const byServer = reason === 'io server disconnect';
    dispatch({ type: 'disconnected', byServer });
    // socket.io does not reconnect by itself then: connect again at once.
    if (byServer) socket.connect();
  });

  let asking = false;
  const askWhoAnswers = async (): Promise<void> => {
    if (asking) return;
    asking = true;
    try {
      dispatch({ type: 'portalSeen', portal: await answeredByOther() });
    } finally {
      asking = false;
    }
  };

  socket.on('connect_error', () => {
    // A captive portal or a proxy answering in Parley's place: the phone says so instead of spinning.
    void askWhoAnswers();
    // A network error: socket.io tries again by itself (the socket stays active). A connection the
    // server refused (it is shutting down, or too many phones behind one address arrive at once,
    // e.g. after a Wi-Fi blip) is not retried by socket.io: try again later, spread out.
    if (socket.active) return;
    clearTimeout(refusedTimer);
    const delay = Math.min(30_000, 1000 * 2 ** Math.min(refusals, 5)) * (0.5 + Math.random());
    refusals++;
    refusedTimer = setTimeout(() => {
      if (!socket.connected && !socket.active) socket.connect();
    }, delay);
  });

  socket.on('server:closing', () => dispatch({ type: 'serverClosing' }));
  socket.on('audience:state', (state) => dispatch({ type: 'stateReceived', state }));

  const resync = (): void => {
    if (!socket.connected) {
      // socket.io may be waiting up to 5 s for its next attempt: the network is back, try now.
      if (socket.active) socket.disconnect();
      socket.connect();
      return;
    }
    dispatch({ type: 'resumed' });
  };
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') resync();
  });
  window.addEventListener('online', resync);
  setTimeout(() => dispatch({ type: 'connectGraceOver' }), FIRST_CONNECT_GRACE_MS);

  // timeout() holds for the next emit only.
  const ask = () => socket.timeout(ACK_TIMEOUT_MS);
  return {
    join: async (code, watching) => {
      const joined: Promise<Reply<JoinResult>> = watching
        ? reply<AudienceState>(ask().emitWithAck('audience:watch', { code })).then(
            (r): Reply<JoinResult> => (r?.ok ? { ok: true, data: { state: r.data, answers: [] } } : r),
          )
        : reply(ask().emitWithAck('audience:join', { code, participantId: participantId() }));
      const r = await joined;
      if (r?.ok) transport.joined();
      return r;
    },
    vote: (pollId, optionIds) => reply(ask().emitWithAck('audience:vote', { pollId, optionIds })),
    submit: (pollId, text) => reply(ask().emitWithAck('audience:submit', { pollId, text })),
    upvote: (pollId, entryId, up) => reply(ask().emitWithAck('audience:upvote', { pollId, entryId, up })),
    role: (role) => reply(ask().emitWithAck('audience:role', { role })),
    mine: () => reply(ask().emitWithAck('audience:mine', {})),
  };
}
