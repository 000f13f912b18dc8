// A self-paced session (pre-work, catch-up) as its phones see it: each goes through the deck by
// itself, so each is sent the slides themselves — never the speaker notes — and, once it answered
// a poll, that poll's results if the deck allows (`self-paced-results: after-answer`, the default).
// The live mode's one state for all (AudienceState) stays as it is: this is asked for per phone.
import { type AudienceResults, audienceFields, type BoardEntry, type PhoneSlide, type SelfPacedDeck } from '../protocol.js';
import { ProtocolFailure } from './failure.js';
import type { Session } from './session.js';

/**
 * The slides and polls of a self-paced session, as its phones show them. Refused in a live session,
 * and before the window opens: pre-work is released when the facilitator said. Once it has closed
 * (or ended) the slides stay readable, for review; answers do not (Session.checkWindow).
 */
export function selfPacedDeckOf(session: Session, now: number): SelfPacedDeck {
  requireSelfPaced(session);
  const opens = session.selfPaced?.opens ?? 0;
  if (now < opens) throw new ProtocolFailure('forbidden', `This session opens on ${new Date(opens).toISOString()}.`);
  const { deck } = session;
  const slides = deck.slides.map(
    ({ position, id, number, title, html, pollId }): PhoneSlide => ({
      position,
      ...(id !== undefined && { id }),
      number,
      title,
      html,
      ...(pollId !== undefined && { pollId }),
    }),
  );
  return { slides, polls: deck.polls.map(audienceFields) };
}

/**
 * A poll's results for one participant of a self-paced session: only once they answered it (in
 * its current round), and only when the deck shows results after an answer. Never another poll's.
 */
export function selfPacedResultsOf(session: Session, participantId: string, pollId: string): AudienceResults {
  requireSelfPaced(session);
  if (session.deck.meta.selfPacedResults === 'never') throw new ProtocolFailure('forbidden', 'This deck shows no results in a self-paced session.');
  const poll = session.poll(pollId);
  if (!poll.myAnswer(participantId)) throw new ProtocolFailure('forbidden', 'Answer this question first to see its results.');
  return poll.results();
}

/**
 * A `qa` poll's board in a self-paced session: the questions others asked (shown ones, most
 * upvoted first, never who asked), to read and upvote before the workshop. Public by design, as
 * the live board is: no answer needed first, and not a result (`self-paced-results` does not apply).
 */
export function selfPacedBoardOf(session: Session, pollId: string): BoardEntry[] {
  requireSelfPaced(session);
  const board = session.poll(pollId).publicBoard();
  if (!board) throw new ProtocolFailure('bad_request', 'Only a Q&A question has a board.');
  return board;
}

function requireSelfPaced(session: Session): void {
  if (!session.selfPaced) throw new ProtocolFailure('forbidden', 'This session is presented live: the phones follow the presenter.');
}
