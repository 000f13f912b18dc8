// Recording and awaiting server-to-client events in tests.
import type { ServerToClientEvents } from '../../server/protocol.js';
import type { TestSocket } from './server.js';

type EventName = keyof ServerToClientEvents;
type EventData<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

/** Resolves with the first `event` that satisfies `match` (fails after `timeoutMs`). */
export function nextEvent<E extends EventName>(
  socket: TestSocket,
  event: E,
  match: (data: EventData<E>) => boolean = () => true,
  timeoutMs = 3000,
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

/** Every event the socket receives, in order, with its arrival time. */
export function recordEvents(socket: TestSocket): { event: string; data: unknown; at: number }[] {
  const log: { event: string; data: unknown; at: number }[] = [];
  socket.onAny((event: string, data: unknown) => log.push({ event, data, at: Date.now() }));
  return log;
}
