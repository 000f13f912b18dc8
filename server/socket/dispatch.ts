// How a client's message becomes a call of its handler (handlers.ts) and an acknowledgement. Every
// message of a socket, known event or not, comes through one Socket.IO middleware (`socket.use`):
// it is charged to the connection's message budget; it must name a known event and carry one
// payload and an acknowledgement callback; its payload must pass the event's schema (protocol.ts);
// then its handler's answer, or the error it throws, is the acknowledgement. No handler can throw
// past this. The middleware never passes a message on (`next`): a listener per event on every socket
// would cost some 1.4 KB a socket (13 of them), and this way Socket.IO has nothing to emit per message.
import type { z } from 'zod';
import type { Logger } from '../log.js';
import type { ThrottledLog } from '../log-throttle.js';
import type { Metrics } from '../metrics.js';
import { type Ack, type ClientToServerEvents, type ErrorCode, MAX_ERROR_MESSAGE_LENGTH, type Payload, schemas } from '../protocol.js';
import { ProtocolFailure } from '../session/failure.js';
import { NotStoredError } from '../sessions.js';
import type { AbuseLimits } from './limits.js';
import type { ParleySocket } from './types.js';

type EventName = keyof ClientToServerEvents;
/** What event E's acknowledgement carries when it succeeds, as the event map says. */
type Result<E extends EventName> = Parameters<ClientToServerEvents[E]>[1] extends Ack<infer T> ? T : never;
/** Does what event E asks with its checked payload: its answer, or a ProtocolFailure for the client. */
type Handler<E extends EventName> = (socket: ParleySocket, payload: Payload<E>) => Promise<Result<E>>;
export type Handlers = { [E in EventName]: Handler<E> };

// Each event's schema as the payload it lets through, so that an index by a generic event keeps the
// payload's type (Payload<E> is derived from the schema: the assignment checks each event's).
const validators: { [E in EventName]: z.ZodType<Payload<E>> } = schemas;

/** What a phone shows when its answer could not be stored (the page translates it by its code and this text). */
export const NOT_SAVED_ANSWER = 'Your answer could not be saved — please try again.';
const NOT_SAVED_ACTION = 'That could not be saved — please try again.';

export interface DispatchDeps {
  handlers: Handlers;
  limits: AbuseLimits;
  log: Logger;
  /** Error acknowledgements are counted by code. */
  metrics: Metrics;
  /** A failing store refuses every change alike: logged once a second, not once per phone. */
  notStoredLog: ThrottledLog;
  /** The socket's client address (a flooding one is counted against it). */
  address: (socket: ParleySocket) => string;
}

/** Sends every message of a new socket (from its `connection`) through the budget, the checks and its handler. */
export function messageDispatch(deps: DispatchDeps): (socket: ParleySocket) => void {
  const { handlers, limits, log, metrics, notStoredLog, address } = deps;

  /** Answers with an error (and counts it); an error fits every event's acknowledgement. */
  function refuse(ack: Ack<never>, code: ErrorCode, message: string): void {
    metrics.error(code);
    ack({ ok: false, error: { code, message: clip(message, MAX_ERROR_MESSAGE_LENGTH) } });
  }

  /** Answers with the error a handler failed with. */
  function failed(ack: Ack<never>, event: EventName, err: unknown): void {
    if (err instanceof ProtocolFailure) {
      refuse(ack, err.code, err.message);
    } else if (err instanceof NotStoredError) {
      // Nothing of it was applied: the same message sent again is decided afresh and stored.
      notStoredLog.error({ err: err.cause, event }, 'a change could not be stored');
      refuse(ack, 'internal', event.startsWith('audience:') ? NOT_SAVED_ANSWER : NOT_SAVED_ACTION);
    } else {
      log.error({ err, event }, 'handler failed');
      refuse(ack, 'internal', 'The server could not do that; try again.');
    }
  }

  // Not an async function: every message comes this way, and a handler's promise is all it waits on.
  function dispatch<E extends EventName>(socket: ParleySocket, event: E, payload: unknown, ack: Ack<Result<E>>): void {
    const parsed = validators[event].safeParse(payload);
    if (!parsed.success) {
      refuse(ack, 'bad_request', `Invalid ${event} payload: ${describeIssues(parsed.error.issues)}`);
      return;
    }
    const handler: Handler<E> = handlers[event];
    let answer: Promise<Result<E>>;
    try {
      answer = handler(socket, parsed.data);
    } catch (err) {
      failed(ack, event, err);
      return;
    }
    answer.then(
      (data) => ack({ ok: true, data }),
      (err: unknown) => failed(ack, event, err),
    );
  }

  return (socket) => {
    const budget = limits.messageBudget();
    // Socket.IO's packet: the event's name, what the client sent, and last the acknowledgement
    // callback when the client asked for an answer.
    socket.use((packet: unknown[]) => {
      const event = packet[0];
      const ack = packet[packet.length - 1];
      const within = budget.admit();
      if (within !== 'ok') {
        if (within === 'close' && socket.connected) {
          log.warn({ socket: socket.id, address: address(socket) }, 'connection closed: it kept flooding after rate_limited answers');
          void limits.flooded(address(socket)).catch((err: unknown) => log.error({ err }, 'counting a flooding connection failed'));
          socket.disconnect(true);
        } else if (isAck(ack)) {
          refuse(ack, 'rate_limited', 'Too many messages on this connection — slow down and try again in a moment.');
        }
        return;
      }
      if (!isEvent(event)) {
        // Unknown events: answer with an error when the client asked for an answer.
        const name = clip(String(event), 40);
        log.debug({ socket: socket.id, event: name }, 'unknown event');
        if (isAck(ack)) refuse(ack, 'bad_request', `Unknown event "${name}".`);
        return;
      }
      // Every event asks for an answer; without a callback there is nobody to answer, and nothing is done.
      if (!isAck(ack)) {
        log.debug({ socket: socket.id, event }, 'message without acknowledgement callback ignored');
        return;
      }
      if (packet.length !== 3) {
        refuse(ack, 'bad_request', `Invalid ${event} message: send one payload object and an acknowledgement callback.`);
        return;
      }
      dispatch(socket, event, packet[1], ack);
    });
  };
}

function isEvent(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(validators, name);
}

/**
 * The one place a value of the packet gets a type it is not checked for: a function there is the
 * acknowledgement callback Socket.IO made (a client cannot send functions), and it sends back
 * whatever it is given — each event's answer as the event map types it.
 */
function isAck(value: unknown): value is Ack<unknown> {
  return typeof value === 'function';
}

/** The first few problems, each short: an error never echoes a large payload back. */
function describeIssues(issues: z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 3).map((issue) => {
    const path = clip(issue.path.map(String).join('.'), 60);
    const message = clip(issue.message, 120);
    return path ? `${path}: ${message}` : message;
  });
  const more = issues.length - shown.length;
  return shown.join('; ') + (more > 0 ? ` (and ${more} more)` : '');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
