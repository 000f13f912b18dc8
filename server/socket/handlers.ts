// The Socket.IO layer: validates each message against the shared schemas, checks who may send
// it, calls the session service, and acknowledges. A bad message gets an error ack and changes
// nothing; no handler can throw past this layer.
import type { z } from 'zod';
import { keyMatches } from '../auth/presenter-key.js';
import type { Logger } from '../log.js';
import { schemas, type AckResult, type ClientToServerEvents } from '../protocol.js';
import { ProtocolFailure } from '../session/failure.js';
import type { Session } from '../session/session.js';
import type { Sessions } from '../sessions.js';
import { TallyBroadcaster } from './tally-broadcaster.js';
import { audienceRoom, presenterRoom, type LiveNotifier, type ParleyServer, type ParleySocket } from './types.js';

export interface SocketDeps {
  sessions: Sessions;
  presenterKey: string;
  audienceUrl: (code: string) => string;
  log: Logger;
}

type EventName = keyof ClientToServerEvents;
type Payload<E extends EventName> = z.infer<(typeof schemas)[E]>;
type Result<E extends EventName> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0] extends AckResult<infer T>
  ? T
  : never;
type Handler<E extends EventName> = (socket: ParleySocket, payload: Payload<E>) => Promise<Result<E>>;

export interface SocketLayer {
  broadcaster: TallyBroadcaster;
  /** Tells connected clients about changes made outside the socket layer (HTTP). */
  live: LiveNotifier;
}

export function attachSocketHandlers(io: ParleyServer, deps: SocketDeps): SocketLayer {
  const { sessions, log } = deps;
  const broadcaster = new TallyBroadcaster(io);

  const audienceSession = async (socket: ParleySocket): Promise<{ session: Session; participantId: string }> => {
    const data = socket.data;
    if (data.role === 'presenter') throw new ProtocolFailure('forbidden', 'Presenter sockets do not vote.');
    if (data.role !== 'audience') throw new ProtocolFailure('not_joined', 'Join a session first.');
    return { session: await sessions.require(data.code), participantId: data.participantId };
  };

  const presenterSession = async (socket: ParleySocket): Promise<Session> => {
    const data = socket.data;
    if (data.role !== 'presenter') {
      log.warn({ socket: socket.id, role: data.role ?? 'none' }, 'presenter action refused');
      throw new ProtocolFailure('forbidden', 'Only the presenter can do that.');
    }
    return sessions.require(data.code);
  };

  /** Leaves whatever the socket had joined, so one socket is in one role of one session. */
  const leave = async (socket: ParleySocket): Promise<void> => {
    const data = socket.data;
    if (data.role === 'audience') {
      await socket.leave(audienceRoom(data.code));
      const session = await sessions.get(data.code);
      if (session) {
        session.disconnect(data.participantId);
        broadcaster.participantsChanged(session);
      }
    } else if (data.role === 'presenter') {
      await socket.leave(presenterRoom(data.code));
    }
    socket.data = {};
  };

  const handlers: { [E in EventName]: Handler<E> } = {
    'audience:join': async (socket, { code, participantId }) => {
      const session = await sessions.require(code);
      const data = socket.data;
      const rejoin = data.role === 'audience' && data.code === code && data.participantId === participantId;
      if (!rejoin) {
        await leave(socket);
        socket.data = { role: 'audience', code, participantId };
        await socket.join(audienceRoom(code));
        session.connect(participantId);
        broadcaster.participantsChanged(session);
      }
      return { state: session.audienceState(), answers: session.answersOf(participantId) };
    },

    'audience:vote': async (socket, { pollId, optionIds }) => {
      const { session, participantId } = await audienceSession(socket);
      const answer = await sessions.vote(session, participantId, pollId, optionIds);
      broadcaster.pollChanged(session, pollId);
      return answer;
    },

    'audience:submit': async (socket, { pollId, text }) => {
      const { session, participantId } = await audienceSession(socket);
      const { answer, entry } = await sessions.submit(session, participantId, pollId, text);
      broadcaster.pollChanged(session, pollId);
      broadcaster.entryChanged(session, pollId, entry.id);
      return answer;
    },

    'audience:upvote': async (socket, { pollId, entryId, up }) => {
      const { session, participantId } = await audienceSession(socket);
      const { answer, changed } = await sessions.upvote(session, participantId, pollId, entryId, up);
      if (changed) broadcaster.entryChanged(session, pollId, entryId);
      return answer;
    },

    'presenter:join': async (socket, { code, key }) => {
      if (!keyMatches(deps.presenterKey, key)) {
        log.warn({ socket: socket.id }, 'presenter join with a wrong key');
        throw new ProtocolFailure('unauthorized', 'Wrong presenter key.');
      }
      const session = await sessions.require(code);
      await leave(socket);
      socket.data = { role: 'presenter', code };
      await socket.join(presenterRoom(code));
      return session.presenterState(deps.audienceUrl(code));
    },

    'presenter:goto': async (socket, position) => {
      const session = await presenterSession(socket);
      if (await sessions.goto(session, position)) {
        socket.to(presenterRoom(session.code)).emit('presenter:slide', session.position);
        io.to(audienceRoom(session.code)).emit('audience:state', session.audienceState());
      }
      return session.position;
    },

    'presenter:poll': async (socket, { pollId, action }) => {
      const session = await presenterSession(socket);
      const { poll, changed } = await sessions.control(session, pollId, action);
      if (changed) {
        io.to(presenterRoom(session.code)).emit('presenter:poll', poll.presenterState());
        if (session.currentPoll() === poll) {
          io.to(audienceRoom(session.code)).emit('audience:state', session.audienceState());
        }
      }
      return poll.presenterState();
    },

    'presenter:moderate': async (socket, { pollId, entryId, action }) => {
      const session = await presenterSession(socket);
      const { entry, changed } = await sessions.moderate(session, pollId, entryId, action);
      if (changed) broadcaster.entryChanged(session, pollId, entryId);
      return entry;
    },
  };

  io.on('connection', (socket) => {
    for (const event of Object.keys(handlers) as EventName[]) {
      socket.on(event, (payload: unknown, ack: unknown) => {
        void dispatch(socket, event, payload, ack);
      });
    }
    // Unknown events: answer with an error when the client asked for an answer.
    socket.onAny((event: unknown, ...args: unknown[]) => {
      if (typeof event === 'string' && Object.hasOwn(handlers, event)) return;
      log.debug({ socket: socket.id, event: String(event) }, 'unknown event');
      const ack = args.at(-1);
      if (typeof ack === 'function') ack(failure('bad_request', `Unknown event "${String(event)}".`));
    });
    socket.on('disconnect', () => {
      void leave(socket).catch((err: unknown) => log.error({ err }, 'leaving on disconnect failed'));
    });
  });

  async function dispatch(socket: ParleySocket, event: EventName, payload: unknown, ack: unknown): Promise<void> {
    // Every event asks for an acknowledgement; without a callback there is nobody to answer.
    if (typeof ack !== 'function') {
      log.debug({ socket: socket.id, event }, 'message without acknowledgement callback ignored');
      return;
    }
    const parsed = schemas[event].safeParse(payload);
    if (!parsed.success) {
      ack(failure('bad_request', `Invalid ${event} payload: ${parsed.error.issues.map(describeIssue).join('; ')}`));
      return;
    }
    try {
      const handler = handlers[event] as Handler<EventName>;
      ack({ ok: true, data: await handler(socket, parsed.data as Payload<EventName>) });
    } catch (err) {
      if (err instanceof ProtocolFailure) {
        ack({ ok: false, error: err.toError() });
      } else {
        log.error({ err, event }, 'handler failed');
        ack(failure('internal', 'The server could not do that; try again.'));
      }
    }
  }

  const live: LiveNotifier = {
    sessionEnded(session) {
      for (const poll of session.allPolls()) io.to(presenterRoom(session.code)).emit('presenter:poll', poll.presenterState());
      io.to(presenterRoom(session.code)).emit('presenter:ended', { endedAt: new Date(session.endedAt!).toISOString() });
      io.to(audienceRoom(session.code)).emit('audience:state', session.audienceState());
    },
    sessionDeleted(code) {
      // Nothing is left to show: the clients are let go (they can join another session).
      io.in([audienceRoom(code), presenterRoom(code)]).disconnectSockets(true);
    },
  };

  return { broadcaster, live };
}

function failure(code: 'bad_request' | 'internal', message: string): AckResult<never> {
  return { ok: false, error: { code, message } };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  return issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}
