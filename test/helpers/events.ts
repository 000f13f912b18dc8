// Recording and awaiting server-to-client events in tests.
import type { AudienceState, ServerToClientEvents } from '../../server/protocol.js';
import type { TestSocket } from './server.js';
import { PHONE_STATE_MAX_WAIT_MS } from '../../server/socket/phone-state.js';

type EventName = keyof ServerToClientEvents;
type EventData<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

/**
 * Resolves with the first `event` that satisfies `match` (fails after `timeoutMs`: generous, since
 * an event that comes costs no waiting, and a loaded CI machine delayed some by seconds).
 */
export function nextEvent<E extends EventName>(
  socket: TestSocket,
  event: E,
  match: (data: EventData<E>) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<EventData<E>> {
  return new Promise((resolve, reject) => {
    const listener = (data: EventData<E>): void => {
      if (!match(data)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(data);
    };
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no matching "${event}" within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on(event, listener as never);
  });
}

/** The `audience:state` messages of a recorded log (recordEvents), in order. */
export const statesOf = (log: { event: string; data: unknown }[]): AudienceState[] =>
  log.filter((e) => e.event === 'audience:state').map((e) => e.data as AudienceState);

/** Every event the socket receives, in order, with its arrival time. */
export function recordEvents(socket: TestSocket): { event: string; data: unknown; at: number }[] {
  const log: { event: string; data: unknown; at: number }[] = [];
  socket.onAny((event: string, data: unknown) => log.push({ event, data, at: Date.now() }));
  return log;
}

/**
 * Resolves once every message the server has already sent `socket` has arrived: one round trip on
 * the same connection, whose answer comes after everything sent before it (Socket.IO keeps the
 * messages of one connection in order). With a witness that the server has sent what a step would
 * send — an event of the same emit, or of the same tally tick, seen on another socket — a test can
 * then assert that something did NOT come. The request is an event the server does not know: it
 * answers bad_request and does nothing (it counts as a message and a bad_request error).
 */
export async function delivered(socket: TestSocket): Promise<void> {
  await (socket.timeout(5000).emitWithAck as (event: string) => Promise<unknown>)('test:caught-up');
}

/**
 * Resolves once every message the server sent `socket` for what happened before this call has
 * arrived, where no witness shows that it has been sent. Phones are sent their state at most
 * PHONE_STATE_MAX_WAIT_MS after a change (changes made together go as one), and the protocol has
 * no request that sends what waits: so that long is waited first (real time, by design: a later
 * change made sooner would go in the same message and hide whether this one was sent), then
 * `delivered`. A test can then assert that something did NOT come.
 */
export async function caughtUp(socket: TestSocket): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, PHONE_STATE_MAX_WAIT_MS + TIMER_SLACK_MS));
  await delivered(socket);
}

/** A timer fires this much after it is due on a busy machine, at most (what caughtUp allows for). */
const TIMER_SLACK_MS = 50;

/** The first `event` matching `match` in `log` (from index `from`) or, if none is there yet, the next the socket receives. */
export function recordedOrNext<E extends EventName>(
  socket: TestSocket,
  log: { event: string; data: unknown }[],
  event: E,
  match: (data: EventData<E>) => boolean,
  from = 0,
  timeoutMs = 10_000,
): Promise<EventData<E>> {
  const found = log.slice(from).find((e) => e.event === event && match(e.data as EventData<E>));
  return found ? Promise.resolve(found.data as EventData<E>) : nextEvent(socket, event, match, timeoutMs);
}
