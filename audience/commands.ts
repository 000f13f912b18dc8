// What update.ts asks the world to do (effects.ts does it): requests to the server, what the
// live region says, the address bar, the accent, the countdown, focus and timers.
import type { AudiencePoll, MySession, SlideTimer } from '../server/protocol.js';
import type { PendingVote, RoleSend, TextSend } from './state.js';
import type { Phrase } from './words.js';

export type Command =
  | { type: 'join'; seq: number; conn: number; code: string; watching: boolean }
  | { type: 'vote'; vote: PendingVote; conn: number }
  | { type: 'submitText'; send: TextSend; conn: number }
  | { type: 'upvote'; pollId: string; round: number; entryId: string; up: boolean }
  | { type: 'sendRole'; send: RoleSend; conn: number }
  /** Asks the server for this participant's My session (audience:mine). */
  | { type: 'askMine' }
  /** Keeps My session on the phone (its storage, and the page for use offline). */
  | { type: 'keepMine'; mine: MySession }
  /** Makes the calendar file of the commitment's reminder, on `date` (`YYYY-MM-DD`; null: the default), and downloads it. */
  | { type: 'downloadReminder'; mine: MySession; date: string | null }
  | { type: 'print' }
  /** Said by the live region: the phrases (and plain glue such as a space) one after another; `unmarked` drops a leading "✓ ". */
  | { type: 'announce'; parts: readonly (Phrase | string)[]; unmarked?: boolean }
  /** Puts `path` in the address bar (keeping the query, e.g. `?watch`, if `keepQuery`), unless it is there. */
  | { type: 'replaceUrl'; path: string; keepQuery: boolean }
  | { type: 'applyAccent'; accent: string | undefined }
  /** Follows the countdown of `poll` (null: none) and the discussion timer. Done before the screen is drawn, which shows them. */
  | { type: 'followTimer'; poll: AudiencePoll | null; discussion: SlideTimer | undefined }
  /** Moves keyboard focus to the element with this id once the screen is drawn. */
  | { type: 'focus'; id: string }
  /** After CLOSING_GRACE_MS of a server that said it was closing but is still connected: carry on. */
  | { type: 'startClosingGrace' }
  | { type: 'cancelClosingGrace' };
