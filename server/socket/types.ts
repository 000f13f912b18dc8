import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../protocol.js';
import type { Session } from '../session/session.js';

/** What the server remembers about a socket once it joined. */
export type SocketData =
  | { role: 'audience'; code: string; participantId: string }
  | { role: 'presenter'; code: string }
  | { role?: undefined };

export type ParleyServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type ParleySocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export const audienceRoom = (code: string): string => `audience:${code}`;
export const presenterRoom = (code: string): string => `presenter:${code}`;

/** What the live (socket) side must hear about changes made elsewhere (HTTP). */
export interface LiveNotifier {
  sessionEnded(session: Session): void;
  sessionDeleted(code: string): void;
}
