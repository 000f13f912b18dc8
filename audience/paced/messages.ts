// Everything that can happen to the self-paced phone page, as data: the participant's taps and
// typing, the connection's events and the server's answers. update.ts turns each into the next model.
import type { AudienceResults, AudienceState, BoardEntry, JoinResult, MyAnswer, SelfPacedDeck } from '../../server/protocol.js';

export type PacedMsg =
  // the page
  | { type: 'opened' }
  | { type: 'languageChanged' }
  // the connection and the server
  | { type: 'connected' }
  | { type: 'disconnected'; byServer: boolean }
  | { type: 'stateChanged'; state: AudienceState }
  | { type: 'joined'; data: JoinResult }
  /** The Phone view (`?watch`) follows the session: its state, as a watcher. */
  | { type: 'watched'; state: AudienceState }
  | { type: 'slidesLoaded'; deck: SelfPacedDeck }
  /** The slides are not released yet (the window opens later). */
  | { type: 'slidesRefused' }
  /** The moment the window was to open has come (or a while has passed): ask for the slides again. */
  | { type: 'windowOpened' }
  | { type: 'boardLoaded'; pollId: string; board: BoardEntry[] }
  | { type: 'resultsLoaded'; pollId: string; results: AudienceResults }
  // Previous and Next
  | { type: 'go'; to: 'next' | 'previous' }
  // the poll on screen: one tap (single, yesno, scale), ticks (multi), an order (rank), one option per question (paired)
  | { type: 'optionTapped'; optionId: string }
  | { type: 'optionToggled'; optionId: string }
  | { type: 'rankTapped'; optionId: string }
  | { type: 'rankCleared' }
  | { type: 'pairPicked'; ask: number; optionId: string }
  /** Submit: the ticks, the order or the pair put together. */
  | { type: 'choicesSubmitted' }
  // text and Q&A polls
  | { type: 'textTyped'; value: string }
  | { type: 'textSubmitted' }
  // a Q&A board's upvotes
  | { type: 'upvoteTapped'; entryId: string; up: boolean }
  | { type: 'upvoteAcked'; entryId: string; answer: MyAnswer }
  | { type: 'upvoteFailed'; pollId: string; entryId: string; message: string | null }
  // an answer and the server's reply
  | { type: 'answerAcked'; pollId: string; answer: MyAnswer }
  /** `message`: the server's refusal; null: no reply (timed out or disconnected). */
  | { type: 'answerFailed'; pollId: string; message: string | null };

export type PacedDispatch = (msg: PacedMsg) => void;
