// The discussion timer as pure session state: started on the current slide (with or without a
// poll), restarted longer (+30 s), stopped, and run out — when the room is shown it, and what a
// session read back from its record holds. No real time passes: the clock is a number.
import { describe, expect, it } from 'vitest';
import { Session } from '../../server/session/session.js';
import { discussDecks } from '../helpers/decks.js';
import { discuss, endSession, goto } from '../helpers/domain.js';

const deck = discussDecks().get('discuss')!;
const TALK = { h: 1, v: 0 };
const VOTE = { h: 2, v: 0 };

function talkSession() {
  const time = { now: 100_000 };
  const session = new Session({ code: 'K7QX2', deck, createdAt: 0, endedAt: null, slide: TALK }, [], () => time.now);
  return { session, time };
}

describe('a discussion timer', () => {
  it("reads the deck's offer from the slide block", () => {
    expect(deck.slides[1]).toMatchObject({ title: 'Discuss with your neighbour', discuss: 5 });
    expect(deck.slides[1]).not.toHaveProperty('pollId');
  });

  it('starts on the current slide without a poll: presenters and phones see the time left', () => {
    const { session, time } = talkSession();
    expect(session.audienceState()).not.toHaveProperty('discussion');
    expect(session.presenterState('')).not.toHaveProperty('discussion');
    expect(discuss(session, 120, time.now)).toBe(true);
    time.now += 30_000;
    const timer = { seconds: 120, remainingMs: 90_000, slide: TALK };
    expect(session.audienceState()).toMatchObject({ poll: null, discussion: timer });
    expect(session.presenterState('').discussion).toEqual(timer);
  });

  it('is extended by restarting it longer (+30 s), and keeps running on other slides', () => {
    const { session, time } = talkSession();
    discuss(session, 60, time.now);
    time.now += 20_000;
    // The console's +30 s: what is left plus 30 seconds, from now.
    discuss(session, 40 + 30, time.now);
    goto(session, VOTE);
    time.now += 10_000;
    expect(session.audienceState().discussion).toEqual({ seconds: 70, remainingMs: 60_000, slide: TALK });
    expect(session.audienceState().poll?.id).toBe('quick');
  });

  it('stops: gone for everybody; stopping none changes nothing', () => {
    const { session, time } = talkSession();
    expect(discuss(session, null, time.now)).toBe(false);
    discuss(session, 60, time.now);
    expect(discuss(session, null, time.now)).toBe(true);
    expect(session.audienceState()).not.toHaveProperty('discussion');
    expect(session.presenterState('')).not.toHaveProperty('discussion');
  });

  it('runs out: "Time" (0 left) on its own slide until stopped; elsewhere the room no longer sees it', () => {
    const { session, time } = talkSession();
    discuss(session, 5, time.now);
    time.now += 7000;
    expect(session.audienceState().discussion).toEqual({ seconds: 5, remainingMs: 0, slide: TALK });
    goto(session, VOTE);
    expect(session.audienceState()).not.toHaveProperty('discussion');
    // The console still has it (to stop it), and back on its slide the room sees "Time" again.
    expect(session.presenterState('').discussion).toEqual({ seconds: 5, remainingMs: 0, slide: TALK });
    goto(session, TALK);
    expect(session.audienceState().discussion?.remainingMs).toBe(0);
  });

  it('refuses a length outside the timer limits, and a start once the session has ended (a stop is still taken)', () => {
    const { session, time } = talkSession();
    for (const seconds of [4, 3601, 1.5]) expect(() => discuss(session, seconds, time.now)).toThrow(/5 to 3600 whole seconds/);
    discuss(session, 60, time.now);
    endSession(session, time.now);
    expect(() => discuss(session, 60, time.now)).toThrow(/ended/);
    expect(discuss(session, null, time.now)).toBe(true);
  });

  it('comes back from the session record, and reloading without one clears it', () => {
    const { time } = talkSession();
    const init = { code: 'K7QX2', deck, createdAt: 0, endedAt: null, slide: VOTE };
    const session = new Session({ ...init, discussion: { seconds: 60, endsAt: time.now + 45_000, slide: TALK } }, [], () => time.now);
    expect(session.audienceState().discussion).toEqual({ seconds: 60, remainingMs: 45_000, slide: TALK });
    session.reload(init, []);
    expect(session.audienceState()).not.toHaveProperty('discussion');
  });
});
