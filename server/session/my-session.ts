// A participant's "My session": their own answers beside what the room was shown, to take home.
// Only what this participant answered, and results only of polls the room was shown: no more than
// they saw on their phone during the session.
import { audienceFields, type MyPoll, type MySession } from '../protocol.js';
import { shownResults } from './handout.js';
import type { Session } from './session.js';

export function mySessionOf(session: Session, participantId: string): MySession {
  const polls: MyPoll[] = [];
  for (const state of session.allPolls()) {
    const rounds = state.myRounds(participantId);
    const shown = state.resultsShown;
    if (rounds.length === 0 && !shown) continue;
    const { poll } = state;
    polls.push({
      poll: audienceFields(poll),
      slideTitle: session.findSlide(poll.slide)?.title ?? '',
      rounds,
      ...(shown && { results: shownResults(session, state) }),
    });
  }
  return { code: session.code, deckTitle: session.deck.meta.title, endedAt: session.endedAt, polls };
}
