// An edited deck replacing a live session's deck (`npm run dev`): polls keep their state and
// answers by id, new polls start closed, polls taken out close (and come back as they were),
// and a slide that is gone gives way to the one before it.
import { describe, expect, it } from 'vitest';
import { Session } from '../../server/session/session.js';
import { deckFrom } from '../helpers/decks.js';
import { addEntry, control, upvote, vote } from '../helpers/domain.js';

const poll = (id: string, type: string, extra = '') => `\`\`\`poll
id: ${id}
type: ${type}
question: ${id}?
${extra}\`\`\``;

const choice = (id: string, options: string[]) => poll(id, 'single', `options:\n${options.map((o) => `  ${o}: ${o.toUpperCase()}`).join('\n')}\n`);

/** A deck of `slides` (markdown of each slide after its heading), titled slide by slide. */
function deck(...slides: string[]) {
  const body = slides.map((s, i) => `## Slide ${i + 1}\n\n${s}\n`).join('\n---\n\n');
  return deckFrom(`---\ntitle: Reload\n---\n\n${body}`, 'reload.md');
}

function sessionOn(slides: string[], at = { h: 0, v: 0 }): Session {
  return new Session({ code: 'K7QX2', deck: deck(...slides), createdAt: 0, endedAt: null, slide: at }, [], () => 0);
}

describe('replacing the deck of a live session', () => {
  it('keeps each poll’s state and answers by id, and starts a new poll closed', () => {
    const session = sessionOn(['Intro', choice('colour', ['red', 'blue'])]);
    control(session, 'colour', 'open', 1);
    control(session, 'colour', 'reveal', 2);
    vote(session.poll('colour'), 'ana', ['red'], 3);
    vote(session.poll('colour'), 'ben', ['blue'], 4);

    const edited = deck('Intro, edited', choice('colour', ['red', 'blue', 'green']), poll('more', 'yesno'));
    const { closed, slideMoved } = session.replaceDeck(edited, 5);

    expect(closed).toEqual([]);
    expect(slideMoved).toBe(false);
    expect(session.deck).toBe(edited);
    const colour = session.poll('colour');
    expect(colour.poll.options.map((o) => o.id)).toEqual(['red', 'blue', 'green']);
    expect(colour).toMatchObject({ status: 'open', revealed: true, round: 1 });
    expect(colour.tally().counts).toEqual({ red: 1, blue: 1, green: 0 });
    expect(session.answersOf('ana')).toEqual([{ pollId: 'colour', round: 1, optionIds: ['red'] }]);
    // Voting carries on, the new option included.
    expect(vote(colour, 'ana', ['green'], 6).changed).toBe(true);
    expect(session.poll('more')).toMatchObject({ status: 'closed', round: 1 });
    expect(session.presenterState('').polls.map((p) => p.id)).toEqual(['colour', 'more']);
  });

  it('drops answers naming an option taken out, and keeps the others', () => {
    const session = sessionOn([choice('colour', ['red', 'blue', 'green'])]);
    control(session, 'colour', 'open', 1);
    vote(session.poll('colour'), 'ana', ['red'], 2);
    vote(session.poll('colour'), 'ben', ['blue'], 3);
    session.replaceDeck(deck(choice('colour', ['red', 'green'])), 4);
    expect(session.poll('colour').tally()).toMatchObject({ counts: { red: 1, green: 0 }, respondents: 1 });
    expect(session.answersOf('ben')).toEqual([]);
  });

  it('keeps the entries and upvotes of a text or Q&A poll', () => {
    const session = sessionOn([poll('ask', 'qa')]);
    control(session, 'ask', 'open', 1);
    const board = session.poll('ask');
    addEntry(board, { id: 'e1', participantId: 'ana', text: 'Why?', createdAt: 2, status: 'shown', answeredAt: null });
    upvote(board, 'ben', 'e1', true);
    session.replaceDeck(deck(poll('ask', 'qa', 'answers: 5\n')), 3);
    const after = session.poll('ask');
    expect(after.poll).toHaveProperty('text.answers', 5);
    expect(after.board?.all()).toMatchObject([{ id: 'e1', text: 'Why?', votes: 1 }]);
    expect(session.answersOf('ben')).toMatchObject([{ pollId: 'ask', upvoted: ['e1'] }]);
  });

  it('closes a poll taken out of the deck, and gives it back with its answers if the edit is undone', () => {
    const original = ['Intro', choice('colour', ['red', 'blue'])];
    const session = sessionOn(original);
    control(session, 'colour', 'open', 1);
    vote(session.poll('colour'), 'ana', ['blue'], 2);

    const { closed } = session.replaceDeck(deck('Intro'), 3);
    expect(closed.map((p) => p.poll.id)).toEqual(['colour']);
    expect(closed[0]).toMatchObject({ status: 'closed', closedAt: 3 });
    expect(() => session.poll('colour')).toThrow(/no poll "colour"/);
    expect(session.findPoll('colour')).toBeUndefined();

    session.replaceDeck(deck(...original), 4);
    expect(session.poll('colour')).toMatchObject({ status: 'closed', round: 1 });
    expect(session.poll('colour').tally().counts).toEqual({ red: 0, blue: 1 });
  });

  it('moves the session to the slide before one that is gone, and follows a slide that stays', () => {
    const session = sessionOn(['One', 'Two', choice('colour', ['red', 'blue'])], { h: 2, v: 0 });
    expect(session.currentPoll()?.poll.id).toBe('colour');

    expect(session.replaceDeck(deck('One', 'Two'), 1)).toMatchObject({ slideMoved: true });
    expect(session.position).toEqual({ h: 1, v: 0 });
    expect(session.audienceState().slide).toMatchObject({ number: '2', title: 'Slide 2' });

    // Same position, new content: the phones see the new title and poll.
    expect(session.replaceDeck(deck('One', choice('colour', ['red', 'blue']), 'Three'), 2)).toMatchObject({ slideMoved: false });
    expect(session.audienceState()).toMatchObject({ slide: { position: { h: 1, v: 0 } }, poll: { id: 'colour' } });
  });
});
