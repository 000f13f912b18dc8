// The Socket.IO layer: limits connections per address, and handles each client event: checks who
// may send it and how fast (limits.ts), calls the session service, and answers. Each message is
// validated against the shared schemas and acknowledged by dispatch.ts; a bad message gets an
// error ack and changes nothing. Every emit goes to this process's own sockets (`local`): other
// processes serving the session hear of the change (cluster-sync.ts) and tell theirs.
import { keyMatches } from '../auth/presenter-key.js';
import type { ClientAddress } from '../client-address.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { ErrorCode, PresenterView } from '../protocol.js';
import { sessionParticipantId } from '../privacy/pseudonym.js';
import { ProtocolFailure } from '../session/failure.js';
import type { Session } from '../session/session.js';
import { mySessionOf } from '../session/my-session.js';
import { selfPacedBoardOf, selfPacedDeckOf, selfPacedResultsOf } from '../session/self-paced.js';
import { NotStoredError, type Sessions } from '../sessions.js';
import { ThrottledLog } from '../log-throttle.js';
import { type Handlers, messageDispatch } from './dispatch.js';
import { attachNotifier } from './notifier.js';
import type { StorageWatch } from '../storage-status.js';
import { AbuseLimits, type LimitsOptions } from './limits.js';
import { TallyBroadcaster } from './tally-broadcaster.js';
import { audienceRoom, presenterRoom, presenterViewRoom, type LiveNotifier, type ParleyServer, type ParleySocket } from './types.js';

export interface SocketDeps {
  sessions: Sessions;
  /** Whether answers are being saved now (presenters are told). */
  storage: StorageWatch;
  presenterKey: string;
  audienceUrl: (code: string) => string;
  log: Logger;
  /** Counters for GET /metrics: acknowledged votes, entries and upvotes, error acks, connections. */
  metrics: Metrics;
  /** The client's address (behind a trusted proxy: the one it forwards). */
  clientAddress: ClientAddress;
  /** Other limits than limits.ts's defaults (tests, benchmarks). */
  limits?: LimitsOptions;
  /** The server secret (the store's): a phone's id becomes its per-session id under it. */
  secret: Buffer;
}

export interface SocketLayer {
  broadcaster: TallyBroadcaster;
  /** Tells connected clients about changes made outside the socket layer (HTTP). */
  live: LiveNotifier;
  /** The connection and rate limits in force (connections per address can be read from it). */
  limits: AbuseLimits;
}

/** How often a refused connection from one address is logged (a flood of them is logged once). */
const REFUSAL_LOG_INTERVAL_MS = 60_000;

export function attachSocketHandlers(io: ParleyServer, deps: SocketDeps): SocketLayer {
  const { sessions, log, metrics } = deps;
  const broadcaster = new TallyBroadcaster(io);
  const limits = new AbuseLimits(deps.limits);
  const refusalLogged = new Map<string, number>();
  // A failing store refuses every change alike: logged once a second, not once per phone.
  const notStoredLog = new ThrottledLog(log);

  // At most CONNECTIONS_PER_ADDRESS sockets per address; the next gets a `connect_error` whose
  // message says why (socket.io-client: `err.message`, and `err.data.code === 'rate_limited'`).
  io.use((socket, next) => {
    const address = deps.clientAddress(socket.request);
    void limits.connect(address).then(
      (admitted) => next(admission(socket, address, admitted)),
      (err: unknown) => {
        log.error({ err, address }, 'counting a new connection failed');
        next(new Error('The server could not take the connection; try again.'));
      },
    );
  });

  /**
   * Why a connection counted by `limits.connect` is refused, or undefined: admitted, and counted
   * until it closes. A function of its own, so that what the socket keeps until it closes (the
   * `release` listener) holds the address and nothing of the middleware: capturing its `next`
   * kept Socket.IO's middleware chain alive for every socket (0.6 KB a participant).
   */
  function admission(socket: ParleySocket, address: string, admitted: 'ok' | 'too_many' | 'too_fast'): Error | undefined {
    if (admitted !== 'ok') {
      metrics.connectionsRefused += 1;
      const now = Date.now();
      if (refusalLogged.size > 10_000) refusalLogged.clear();
      if (now - (refusalLogged.get(address) ?? 0) >= REFUSAL_LOG_INTERVAL_MS) {
        refusalLogged.set(address, now);
        log.warn({ address, reason: admitted, limit: limits.connectionsPerAddress }, 'connections refused from one address');
      }
      const message =
        admitted === 'too_many'
          ? `Too many connections from your network address (at most ${limits.connectionsPerAddress}) — close other Parley tabs or try again later.`
          : 'Too many new connections from your network address — wait a few seconds and try again.';
      return Object.assign(new Error(message), { data: { code: 'rate_limited' satisfies ErrorCode } });
    }
    let open = true;
    const release = (): void => {
      if (!open) return;
      open = false;
      limits.disconnect(address);
      if (limits.connectionsOf(address) === 0) refusalLogged.delete(address);
    };
    // The connection closed while its address's count was read (Redis): nothing will close it again.
    if (socket.conn.readyState !== 'open') {
      release();
      return new Error('The connection closed.');
    }
    metrics.connectionsAccepted += 1;
    // Whichever comes first: the socket leaves, or its whole connection closes (also when the
    // socket never finished connecting).
    socket.once('disconnect', release);
    socket.conn.once('close', release);
    return undefined;
  }

  // Read once per socket (its handshake does not change).
  const addresses = new WeakMap<ParleySocket, string>();
  const address = (socket: ParleySocket): string => {
    let known = addresses.get(socket);
    if (known === undefined) {
      known = deps.clientAddress(socket.request);
      addresses.set(socket, known);
    }
    return known;
  };

  /** The participant a socket joined as, or a refusal. */
  const participantOf = (socket: ParleySocket): { code: string; participantId: string } => {
    const data = socket.data;
    if (data.role === 'presenter') throw new ProtocolFailure('forbidden', 'Presenter sockets do not vote.');
    // A watcher is refused exactly like a socket that never joined: it is no participant.
    if (data.role !== 'audience') throw new ProtocolFailure('not_joined', 'Join a session first.');
    return data;
  };
  const audienceSession = async (socket: ParleySocket): Promise<{ session: Session; participantId: string }> => {
    const { code, participantId } = participantOf(socket);
    // A joined phone's session is in memory (it connected to it): no lookup through the store.
    return { session: sessions.ready(code) ?? (await sessions.require(code)), participantId };
  };
  /** A joined phone's or a watcher's session: what every phone may read, the watcher (the presenter's Phone view) too. */
  const viewerSession = async (socket: ParleySocket): Promise<Session> => {
    const data = socket.data;
    if (data.role === 'watcher') return await sessions.require(data.code);
    return (await audienceSession(socket)).session;
  };

  // Refused presenter actions per socket: each is logged up to a few, then every hundredth, so that
  // a script cannot fill the log (GET /metrics counts every one).
  const refusedActions = new WeakMap<ParleySocket, number>();
  const presenterSession = async (socket: ParleySocket): Promise<{ session: Session; view: PresenterView }> => {
    const data = socket.data;
    if (data.role !== 'presenter') {
      const refusals = (refusedActions.get(socket) ?? 0) + 1;
      refusedActions.set(socket, refusals);
      if (refusals <= 3 || refusals % 100 === 0) {
        log.warn({ socket: socket.id, address: address(socket), role: data.role ?? 'none', refusals }, 'presenter action refused');
      }
      throw new ProtocolFailure('forbidden', 'Only the presenter can do that.');
    }
    return { session: await sessions.require(data.code), view: data.view };
  };

  /**
   * Leaves whatever the socket had joined, so one socket is in one role of one session. The role
   * is dropped at once (before anything is awaited), so that two joins racing on one socket, or a
   * join and a disconnect, each undo exactly the role they replaced: the count of connected
   * participants cannot drift.
   */
  const leave = async (socket: ParleySocket): Promise<void> => {
    const data = socket.data;
    socket.data = {};
    if (data.role === 'audience') {
      await socket.leave(audienceRoom(data.code));
      const session = await sessions.get(data.code);
      if (session) {
        session.disconnect(data.participantId);
        broadcaster.participantsChanged(session);
      }
    } else if (data.role === 'watcher') {
      await socket.leave(audienceRoom(data.code));
    } else if (data.role === 'presenter') {
      await Promise.all([socket.leave(presenterRoom(data.code)), socket.leave(presenterViewRoom(data.code, data.view))]);
    }
  };

  /** After an await: a socket that disconnected meanwhile must not take a role (nothing would undo it). */
  const stillConnected = (socket: ParleySocket): void => {
    if (!socket.connected) throw new ProtocolFailure('not_joined', 'The connection closed.');
  };

  const handlers: Handlers = {
    'audience:join': async (socket, { code, participantId: phoneId }) => {
      // The phone's own id goes no further than this line: sessions, limits, stores and exports
      // only ever see its id in this session, which no other session shares (privacy/pseudonym.ts).
      // The same phone joining again gets the same id, and with it its answers.
      const participantId = sessionParticipantId(deps.secret, code, phoneId);
      try {
        await limits.take('join', code, participantId, address(socket));
        const session = await sessions.require(code);
        // A follow-up: only then is the phone's id in the earlier session derived (the same way),
        // to find its commitment there; the follow-up stores that it took part and which step, no id.
        const followUp =
          session.followUpOf === null
            ? undefined
            : await sessions.followUp(session, participantId, sessionParticipantId(deps.secret, session.followUpOf, phoneId));
        stillConnected(socket);
        const data = socket.data;
        const rejoin = data.role === 'audience' && data.code === code && data.participantId === participantId;
        if (!rejoin) {
          const leaving = leave(socket);
          socket.data = { role: 'audience', code, participantId };
          session.connect(participantId);
          broadcaster.participantsChanged(session);
          await Promise.all([leaving, socket.join(audienceRoom(code))]);
        }
        const role = session.roleOf(participantId);
        return {
          state: session.audienceState(),
          answers: session.answersOf(participantId),
          earlier: session.earlierAnswersOf(participantId),
          ...(role !== undefined && { role }),
          ...(followUp && { followUp }),
        };
      } catch (err) {
        // Any refused join (unknown code, too fast, …) leaves the socket in no role, not in the one
        // it had: a client that believes it is elsewhere must not go on voting (or counting) here.
        await leave(socket);
        throw err;
      }
    },

    // Read-only: in the participants' room, so it gets exactly their `audience:state` (never more),
    // but never connected to the session, so no count, tally or export includes it.
    'audience:watch': async (socket, { code }) => {
      try {
        await limits.takeAddress('join', address(socket));
        const session = await sessions.require(code);
        stillConnected(socket);
        const data = socket.data;
        if (!(data.role === 'watcher' && data.code === code)) {
          const leaving = leave(socket);
          socket.data = { role: 'watcher', code };
          await Promise.all([leaving, socket.join(audienceRoom(code))]);
        }
        return session.audienceState();
      } catch (err) {
        // Refused: no role left (as for audience:join).
        await leave(socket);
        throw err;
      }
    },

    // Every vote comes this way: the session in memory is used without a turn of the event loop.
    'audience:vote': async (socket, { pollId, optionIds }) => {
      const { code, participantId } = participantOf(socket);
      const session = sessions.ready(code) ?? (await sessions.require(code));
      const giveBack = await limits.take('vote', code, participantId, address(socket));
      try {
        const answer = await sessions.vote(session, participantId, pollId, optionIds);
        metrics.votes += 1;
        return answer;
      } catch (err) {
        // A vote that could not be stored uses up none of the limits: the phone will send it again.
        if (err instanceof NotStoredError) await giveBack();
        throw err;
      }
    },

    // Counted as a vote (the same limits): a role is the answer to the session's hidden poll of roles.
    'audience:role': async (socket, { role }) => {
      const { session, participantId } = await audienceSession(socket);
      const giveBack = await limits.take('vote', session.code, participantId, address(socket));
      try {
        return { role: await sessions.setRole(session, participantId, role) };
      } catch (err) {
        if (err instanceof NotStoredError) await giveBack();
        throw err;
      }
    },

    // Read only, and only this participant's own answers (session/my-session.ts).
    'audience:mine': async (socket) => {
      const { session, participantId } = await audienceSession(socket);
      return mySessionOf(session, participantId);
    },

    // A self-paced session: each phone is sent the slides (no notes) and goes through them itself.
    'audience:slides': async (socket) => selfPacedDeckOf(await viewerSession(socket), Date.now()),

    // A self-paced session: one poll's results, to a participant who answered it (deck permitting).
    'audience:results': async (socket, { pollId }) => {
      const { session, participantId } = await audienceSession(socket);
      return selfPacedResultsOf(session, participantId, pollId);
    },

    // A self-paced session: a Q&A poll's board, to read and upvote (public, as the live board is).
    'audience:board': async (socket, { pollId }) => selfPacedBoardOf(await viewerSession(socket), pollId),

    'audience:submit': async (socket, { pollId, text }) => {
      const { session, participantId } = await audienceSession(socket);
      const { answer } = await sessions.submit(session, participantId, pollId, text, () => limits.takeAddress('submit', address(socket)));
      metrics.entries += 1;
      return answer;
    },

    'audience:upvote': async (socket, { pollId, entryId, up }) => {
      const { session, participantId } = await audienceSession(socket);
      const { answer } = await sessions.upvote(session, participantId, pollId, entryId, up, () => limits.takeAddress('upvote', address(socket)));
      metrics.upvotes += 1;
      return answer;
    },

    // A join without `view` is a projector: it is shown no more than the room may see.
    'presenter:join': async (socket, { code, key, view = 'projector' }) => {
      try {
        await limits.checkKeyGuess(address(socket));
        if (!keyMatches(deps.presenterKey, key)) {
          await limits.wrongKey(address(socket));
          log.warn({ socket: socket.id, address: address(socket) }, 'presenter join with a wrong key');
          throw new ProtocolFailure('unauthorized', 'Wrong presenter key.');
        }
        const session = await sessions.require(code);
        stillConnected(socket);
        const leaving = leave(socket);
        socket.data = { role: 'presenter', code, view };
        await Promise.all([leaving, socket.join([presenterRoom(code), presenterViewRoom(code, view)])]);
        return session.presenterState(deps.audienceUrl(code), deps.storage.status, view);
      } catch (err) {
        // Refused (a wrong key, an unknown code): no role left (as for audience:join).
        await leave(socket);
        throw err;
      }
    },

    'presenter:goto': async (socket, position) => {
      const { session } = await presenterSession(socket);
      await sessions.goto(session, position, socket.id);
      return session.position;
    },

    // The answer is the poll as this window may see it (a projector: no counts before the reveal).
    'presenter:poll': async (socket, { pollId, action }) => {
      const { session, view } = await presenterSession(socket);
      const { poll } = await sessions.control(session, pollId, action);
      return session.presenterPoll(poll, view);
    },

    'presenter:timer': async (socket, { pollId, seconds }) => {
      const { session, view } = await presenterSession(socket);
      const { poll } = await sessions.setTimer(session, pollId, seconds);
      return session.presenterPoll(poll, view);
    },

    'presenter:discuss': async (socket, { seconds }) => {
      const { session } = await presenterSession(socket);
      const { timer } = await sessions.discuss(session, seconds);
      return timer;
    },
    // Shown on every presenter window of the session (presenter:poll-state); phones are not told.
    'presenter:view': async (socket, { pollId, view: chartView }) => {
      const { session, view } = await presenterSession(socket);
      const { poll } = await sessions.setView(session, pollId, chartView);
      return session.presenterPoll(poll, view);
    },

    'presenter:moderate': async (socket, { pollId, entryId, action }) => {
      const { session } = await presenterSession(socket);
      const { entry } = await sessions.moderate(session, pollId, entryId, action);
      return entry;
    },
  };

  const dispatchMessages = messageDispatch({ handlers, limits, log, metrics, notStoredLog, address });
  io.on('connection', (socket) => {
    dispatchMessages(socket);
    socket.on('disconnect', () => {
      void leave(socket).catch((err: unknown) => log.error({ err }, 'leaving on disconnect failed'));
    });
  });

  const live = attachNotifier(io, sessions, broadcaster, deps.storage);
  sessions.onTimerFailed(({ error, session, pollId }) =>
    notStoredLog.error({ err: error, session: session.code, poll: pollId }, 'closing a poll at the end of its timer failed'),
  );

  return { broadcaster, live, limits };
}
