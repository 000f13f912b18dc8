import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, PresenterView, ServerToClientEvents } from '../protocol.js';
import type { Deck, DeckError } from '../deck/types.js';
import type { PollState } from '../session/poll.js';
import type { Session } from '../session/session.js';
import type { InterServerEvents } from '../cluster/peers.js';

/** What the server remembers about a socket once it joined. */
export type SocketData =
  | { role: 'audience'; code: string; participantId: string }
  /** Follows the session like a participant (the presenter's phone preview) without being one. */
  | { role: 'watcher'; code: string }
  /** `view`: the console sees every count; a projector only what the room may see (protocol.ts PRESENTER_VIEWS). */
  | { role: 'presenter'; code: string; view: PresenterView }
  | { role?: undefined };

export type ParleyServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type ParleySocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export const audienceRoom = (code: string): string => `audience:${code}`;
/** Every presenter window of a session, whatever its view: what they are all told alike. */
export const presenterRoom = (code: string): string => `presenter:${code}`;
/** The presenter windows of one view: a poll's counts and entries go to each view as it may see them. */
export const presenterViewRoom = (code: string, view: PresenterView): string => `presenter:${code}:${view}`;

/** How clients are told of changes (socket/notifier.ts): stored changes, reloads, and deck files under `npm run dev`. */
export interface LiveNotifier {
  /** A poll's status or timer changed: presenters, and phones when it is on the current slide. */
  pollChanged(session: Session, poll: PollState): void;
  /** The presenter moved to another slide (`origin`: the id of the presenter socket that did, already there). */
  slideMoved(session: Session, origin?: string): void;
  /** The discussion timer was started, restarted or stopped: presenters and phones. */
  discussionChanged(session: Session): void;
  sessionEnded(session: Session): void;
  sessionDeleted(code: string): void;
  /** `npm run dev`: a deck file changed and parsed; its live sessions run it from now on. */
  deckChanged(deck: Deck): Promise<void>;
  /** `npm run dev`: a deck file changed but has errors; its sessions keep the old deck. */
  deckFailed(deckId: string, errors: DeckError[]): void;
}
