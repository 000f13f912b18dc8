// Who answered, as the exports name them. By default a participant has a different pseudonym in
// every poll (and their text answers and questions another again), so that rows of two polls can
// never be joined into one person's answers: in a room of 12, three answers together can tell who
// someone is, and one identifying question would unmask every vote of its author. Only the linked
// export (linked.ts) names a participant the same across polls.
import { exportPseudonym } from '../privacy/pseudonym.js';

export interface PollPseudonyms {
  /** A respondent's votes in one poll, every round of it alike (vote again compares them): `V` and 10 characters. */
  voter(pollId: string, participantId: string): string;
  /** The author of a poll's text answers or questions, never the same as any voter's: `E` and 10 characters. */
  author(pollId: string, participantId: string): string;
}

/** Derived from the server secret, so the same in every export of the session and unguessable without it. */
export function pollPseudonyms(secret: Buffer, code: string): PollPseudonyms {
  return {
    voter: (pollId, participantId) => exportPseudonym(secret, 'V', [code, pollId, participantId]),
    author: (pollId, participantId) => exportPseudonym(secret, 'E', [code, pollId, participantId]),
  };
}

/**
 * The linked export's one pseudonym per participant (P01, P02 … in order of first answer), the
 * same in every poll of the session.
 */
export function linkedPseudonyms(answers: readonly { at: number; participantId: string }[]): Map<string, string> {
  const order = [...answers].sort((a, b) => a.at - b.at || a.participantId.localeCompare(b.participantId));
  const ids = [...new Set(order.map((a) => a.participantId))];
  const width = Math.max(2, String(ids.length).length);
  return new Map(ids.map((id, i) => [id, `P${String(i + 1).padStart(width, '0')}`]));
}
