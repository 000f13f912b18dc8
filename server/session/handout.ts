// What a handout shows (the participants' copy of the deck): the deck without its speaker notes,
// and of a session only what the room was shown — the results of polls revealed (or `results:
// live`), no split by role, no answer the presenter hid or the word filter held.
import type { Deck } from '../deck/types.js';
import { boardOrder, type Handout, type HandoutResults } from '../protocol.js';
import type { PollState } from './poll.js';
import type { Session } from './session.js';

export function handoutOf(deck: Deck, session?: Session): Handout {
  const handout: Handout = { deck: { ...deck, slides: deck.slides.map((slide) => ({ ...slide, notes: '' })) } };
  if (!session) return handout;
  const results: Record<string, HandoutResults> = {};
  for (const state of session.allPolls()) {
    if (state.resultsShown) results[state.poll.id] = shownResults(session, state);
  }
  handout.session = { code: session.code, results };
  return handout;
}

/** A poll's results as the room was shown them (the caller checks `resultsShown`). */
export function shownResults(session: Session, state: PollState): HandoutResults {
  // As a projector sees it once shown: the same tally and entries the room saw.
  const { tally, entries } = session.presenterPoll(state, 'projector');
  const { counts, respondents, mean, positions, asked, gap } = tally;
  const results: HandoutResults = { tally: { counts, respondents, mean, positions, asked, gap, entries: tally.entries } };
  if (entries) {
    const shown = entries.filter((e) => e.status === 'shown');
    // A Q&A board in its own order; open-text answers oldest first, as sent.
    shown.sort(state.poll.type === 'qa' ? boardOrder : (a, b) => a.createdAt - b.createdAt);
    results.entries = shown.map(({ id, text, answered, votes }) => ({ id, text, answered, votes }));
  }
  return results;
}
