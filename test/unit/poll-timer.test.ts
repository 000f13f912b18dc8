// Poll timers beyond the poll itself (poll-state.test.ts): the states a session sends out carry
// what is left, Deadlines turns deadlines into wake-ups, and Sessions closes (and stores) a poll
// when its wake-up comes. No real time passes: clocks are numbers, the scheduler is driven by hand.
import { describe, expect, it } from 'vitest';
import type { Deck, Poll } from '../../server/deck/types.js';
import { Session } from '../../server/session/session.js';
import { Deadlines } from '../../server/session/timers.js';
import type { Change } from '../../server/cluster/peers.js';
import { Sessions } from '../../server/sessions.js';
import { control, endSession, setTimer } from '../helpers/domain.js';
import { manualScheduler } from '../helpers/scheduler.js';
import { tempSqliteStore } from '../helpers/store.js';

const quick: Poll = {
  id: 'quick',
  type: 'yesno',
  question: 'Ready?',
  options: [
    { id: 'yes', label: 'Yes' },
    { id: 'no', label: 'No' },
  ],
  timer: 30,
  slide: { h: 1, v: 0 },
  line: 5,
};

describe('a session with a timed poll', () => {
  const deck: Deck = {
    id: 'timed',
    meta: { title: 'Timed', accent: '#1a7f5a' },
    slides: [
      { position: { h: 0, v: 0 }, number: '1', title: 'Timed', html: '', notes: '', line: 4 },
      { position: { h: 1, v: 0 }, number: '2', title: 'Quick', html: '', notes: '', pollId: 'quick', line: 8 },
    ],
    polls: [quick],
  };

  it('sends the time left to presenters and phones, counted when the state is built', () => {
    let now = 100_000;
    const session = new Session({ code: 'K7QX2', deck, createdAt: 0, endedAt: null, slide: { h: 1, v: 0 } }, [], () => now);
    control(session, 'quick', 'open', now);
    now += 4000;
    expect(session.audienceState().poll?.timer).toEqual({ seconds: 30, remainingMs: 26_000 });
    expect(session.presenterState('http://x/j/K7QX2').polls[0]?.timer).toEqual({ seconds: 30, remainingMs: 26_000 });
    setTimer(session.poll('quick'), 60, now);
    now += 1000;
    expect(session.presenterPoll(session.poll('quick')).timer).toEqual({ seconds: 60, remainingMs: 59_000 });
    expect(() => session.decideTimer('nope', 60, now)).toThrow(/no poll "nope"/);
    // Ending the session closes the poll, and so stops its timer.
    endSession(session, now);
    expect(session.audienceState().poll?.timer).toBeUndefined();
  });

  it("gives phones the deck's accent colour, and none when the deck sets none", () => {
    const init = { code: 'K7QX2', createdAt: 0, endedAt: null, slide: { h: 0, v: 0 } };
    expect(new Session({ ...init, deck }).audienceState().accent).toBe('#1a7f5a');
    const plain = { ...deck, meta: { title: 'Plain' } };
    expect(new Session({ ...init, deck: plain }).audienceState()).not.toHaveProperty('accent');
  });
});

describe('Deadlines', () => {
  it('calls back once at the deadline, one pending call per key, replaced when set again', () => {
    const clock = manualScheduler();
    const deadlines = new Deadlines(() => clock.now, clock);
    const fired: string[] = [];
    deadlines.set('A/quick', 5000, () => fired.push('first'));
    deadlines.set('A/quick', 8000, () => fired.push('second'));
    deadlines.set('A/slow', 6000, () => fired.push('slow'));
    clock.advance(5999);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual(['slow']);
    clock.advance(2000);
    expect(fired).toEqual(['slow', 'second']);
    expect(deadlines.size).toBe(0);
    expect(clock.pending()).toBe(0);
  });

  it('fires at once for a deadline already past, and cancels by key or by prefix', () => {
    const clock = manualScheduler();
    clock.now = 10_000;
    const deadlines = new Deadlines(() => clock.now, clock);
    const fired: string[] = [];
    deadlines.set('A/late', 1, () => fired.push('late'));
    clock.advance(0);
    expect(fired).toEqual(['late']);
    deadlines.set('A/one', 20_000, () => fired.push('A/one'));
    deadlines.set('A/two', 20_000, () => fired.push('A/two'));
    deadlines.set('B/one', 20_000, () => fired.push('B/one'));
    deadlines.cancel('A/two');
    deadlines.cancelAll('A/');
    clock.advance(60_000);
    expect(fired).toEqual(['late', 'B/one']);
    deadlines.set('C/one', 90_000, () => fired.push('C/one'));
    deadlines.cancelAll();
    clock.advance(60_000);
    expect(fired).toEqual(['late', 'B/one']);
    expect(clock.pending()).toBe(0);
  });
});

describe('Sessions running poll timers out', () => {
  const deck: Deck = {
    id: 'timed',
    meta: { title: 'Timed' },
    slides: [{ position: { h: 0, v: 0 }, number: '1', title: 'Quick', html: '', notes: '', pollId: 'quick', line: 4 }],
    polls: [{ ...quick, slide: { h: 0, v: 0 } }],
  };

  /** Sessions on a real store, with its own clock (`time.now`) and a scheduler driven by hand. */
  function timedSessions() {
    const store = tempSqliteStore();
    const time = { now: 1000 };
    const scheduler = manualScheduler();
    const sessions = new Sessions(store, new Map([[deck.id, deck]]), { now: () => time.now, scheduler });
    // The polls that closed, as the notifier hears of them (once stored).
    const outcomes: Change[] = [];
    let told: () => void = () => {};
    sessions.onChange((_session, change) => {
      if (change.kind !== 'poll' || change.poll.status !== 'closed') return;
      outcomes.push(change);
      told();
    });
    const nextOutcome = () => new Promise<void>((resolve) => (told = resolve));
    return { store, time, scheduler, sessions, outcomes, nextOutcome };
  }

  it('closes the poll at its deadline, stores it and says so — also when woken a little early', async () => {
    const { store, time, scheduler, sessions, outcomes, nextOutcome } = timedSessions();
    const session = await sessions.create('timed');
    await sessions.control(session, 'quick', 'open');
    expect(scheduler.pending()).toBe(1);

    // The wake-up comes 10 ms early by the sessions' clock: nothing closes, it waits the rest.
    time.now += 29_990;
    scheduler.advance(30_000);
    expect(session.poll('quick').status).toBe('open');
    expect(scheduler.pending()).toBe(1);

    const told = nextOutcome();
    time.now += 10;
    scheduler.advance(10);
    await told;
    expect(outcomes).toMatchObject([{ kind: 'poll', poll: { code: session.code, pollId: 'quick', status: 'closed', closedAt: 31_000 } }]);
    expect(session.poll('quick')).toMatchObject({ status: 'closed', closedAt: 31_000, timer: null });
    expect((await store.loadSession(session.code))?.polls).toMatchObject([{ pollId: 'quick', status: 'closed', timer: null }]);
  });

  it('cancels the wake-up when the poll closes, the session ends or is deleted', async () => {
    const { scheduler, sessions, outcomes } = timedSessions();
    const closed = await sessions.create('timed');
    await sessions.control(closed, 'quick', 'open');
    await sessions.control(closed, 'quick', 'close');
    const ended = await sessions.create('timed');
    await sessions.control(ended, 'quick', 'open');
    await sessions.end(ended);
    const deleted = await sessions.create('timed');
    await sessions.control(deleted, 'quick', 'open');
    await sessions.delete(deleted.code);
    expect(scheduler.pending()).toBe(0);
    outcomes.length = 0; // the closes above

    scheduler.advance(60_000);
    expect(outcomes).toEqual([]);
  });
});
