// What update.ts asks the world to do (effects.ts does it): requests to the server, the place in
// storage, and the top of the new slide.
import type { Place } from './model.js';

export type PacedCommand =
  | { type: 'join' }
  /** The Phone view: follow the session as a watcher (no participant). */
  | { type: 'watch' }
  | { type: 'askSlides' }
  /** Wake the page (`windowOpened`) at `at` (ms since the epoch), when the window opens. */
  | { type: 'wakeAt'; at: number }
  /** A Q&A poll's board (`audience:board`). */
  | { type: 'askBoard'; pollId: string }
  | { type: 'upvote'; pollId: string; entryId: string; up: boolean }
  /** The results of a poll this participant answered (`audience:results`). */
  | { type: 'askResults'; pollId: string }
  | { type: 'vote'; pollId: string; optionIds: readonly string[] }
  | { type: 'submitText'; pollId: string; text: string }
  /** The server dropped the connection: connect again. */
  | { type: 'reconnect' }
  | { type: 'savePlace'; place: Place }
  /** A new slide is drawn: keyboard focus on its place line, the page scrolled to the top. */
  | { type: 'toTop' };
