// Does what update.ts asks (commands.ts) for the self-paced phone page: its socket (the requests,
// whose answers come back as messages, and the connection's own events), the place kept in the
// phone's storage, and the top of a new slide.
import { io, type Socket } from 'socket.io-client';
import type { AckResult, ClientToServerEvents, MyAnswer, ServerToClientEvents } from '../../server/protocol.js';
import { participantId } from '../identity.js';
import { transports, watchTransport } from '../transport.js';
import type { PacedCommand } from './commands.js';
import type { PacedDispatch } from './messages.js';
import type { Place } from './model.js';

const ACK_TIMEOUT_MS = 8000;
/** Longest wait before asking for slides not yet released: a timer cannot wait weeks, and clocks drift. */
const LONGEST_WAKE_MS = 60 * 60 * 1000;
/** A moment past the opening, so that the server's clock has reached it too. */
const WAKE_SLACK_MS = 1000;

type ParleySocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const placeKey = (code: string): string => `parley.paced.${code}`;

/** Where this phone was in the session `code`'s deck, or the start. */
export function loadPlace(code: string): Place {
  try {
    const saved = JSON.parse(localStorage.getItem(placeKey(code)) ?? 'null') as Place | null;
    if (saved && Number.isInteger(saved.at) && Array.isArray(saved.back)) return saved;
  } catch {
    // storage unavailable or unreadable: from the start
  }
  return { at: 0, back: [] };
}

function savePlace(code: string, place: Place): void {
  try {
    localStorage.setItem(placeKey(code), JSON.stringify(place));
  } catch {
    // without storage a reload starts from the first slide (the answers are on the server)
  }
}

/** Connects to the server for the session `code` (its events become messages) and returns what runs the commands. */
export function effects(code: string, dispatch: PacedDispatch): (command: PacedCommand) => void {
  const socket: ParleySocket = io({ transports: transports(), tryAllTransports: true });
  const transport = watchTransport(socket);
  const ask = <T>(send: (s: ParleySocket) => Promise<AckResult<T>>): Promise<AckResult<T> | null> =>
    send(socket.timeout(ACK_TIMEOUT_MS) as ParleySocket).catch(() => null);

  socket.on('connect', () => dispatch({ type: 'connected' }));
  socket.on('disconnect', (reason) => dispatch({ type: 'disconnected', byServer: reason === 'io server disconnect' }));
  socket.on('audience:state', (state) => dispatch({ type: 'stateChanged', state }));

  const answered = (pollId: string, reply: Promise<AckResult<MyAnswer> | null>): void =>
    void reply.then((r) =>
      dispatch(r?.ok ? { type: 'answerAcked', pollId, answer: r.data } : { type: 'answerFailed', pollId, message: r ? r.error.message : null }),
    );

  let wake: ReturnType<typeof setTimeout> | undefined;

  return (c) => {
    switch (c.type) {
      case 'watch':
        void ask((s) => s.emitWithAck('audience:watch', { code })).then((r) => r?.ok && dispatch({ type: 'watched', state: r.data }));
        return;
      case 'wakeAt':
        clearTimeout(wake);
        wake = setTimeout(() => dispatch({ type: 'windowOpened' }), Math.min(Math.max(c.at - Date.now(), 0) + WAKE_SLACK_MS, LONGEST_WAKE_MS));
        return;
      case 'askBoard': {
        const { pollId } = c;
        void ask((s) => s.emitWithAck('audience:board', { pollId })).then((r) => r?.ok && dispatch({ type: 'boardLoaded', pollId, board: r.data }));
        return;
      }
      case 'upvote': {
        const { pollId, entryId, up } = c;
        void ask((s) => s.emitWithAck('audience:upvote', { pollId, entryId, up })).then((r) =>
          dispatch(
            r?.ok ? { type: 'upvoteAcked', entryId, answer: r.data } : { type: 'upvoteFailed', pollId, entryId, message: r ? r.error.message : null },
          ),
        );
        return;
      }
      case 'join':
        void ask((s) => s.emitWithAck('audience:join', { code, participantId: participantId() })).then((r) => {
          if (!r?.ok) return;
          transport.joined();
          dispatch({ type: 'joined', data: r.data });
        });
        return;
      case 'askSlides':
        void ask((s) => s.emitWithAck('audience:slides', {})).then((r) => {
          if (r?.ok) dispatch({ type: 'slidesLoaded', deck: r.data });
          else if (r) dispatch({ type: 'slidesRefused' });
        });
        return;
      case 'askResults': {
        const { pollId } = c;
        void ask((s) => s.emitWithAck('audience:results', { pollId })).then(
          (r) => r?.ok && dispatch({ type: 'resultsLoaded', pollId, results: r.data }),
        );
        return;
      }
      case 'vote': {
        const { pollId, optionIds } = c;
        answered(
          pollId,
          ask((s) => s.emitWithAck('audience:vote', { pollId, optionIds: [...optionIds] })),
        );
        return;
      }
      case 'submitText': {
        const { pollId, text } = c;
        answered(
          pollId,
          ask((s) => s.emitWithAck('audience:submit', { pollId, text })),
        );
        return;
      }
      case 'reconnect':
        socket.connect();
        return;
      case 'savePlace':
        savePlace(code, c.place);
        return;
      case 'toTop':
        // Commands run before the screen is drawn: once it is (later in this same task).
        queueMicrotask(() => {
          document.getElementById('paced-where')?.focus();
          window.scrollTo(0, 0);
        });
        return;
    }
  };
}
