// Sessions leave memory when nobody uses them — ended ones after a short grace, idle ones after a
// while — and come back from the store on their next use exactly as they were: polls, rounds,
// entries and upvotes, the slide, and a running timer that still closes the poll on time.
import { describe, expect, it } from 'vitest';
import type { Deck } from '../../server/deck/types.js';
import type { Session } from '../../server/session/session.js';
import { Sessions } from '../../server/sessions.js';
import { deckFrom, OPEN_DECK, TIMED_DECK, WORKSHOP_DECK } from '../helpers/decks.js';
import { manualScheduler } from '../helpers/scheduler.js';
import { tempSqliteStore } from '../helpers/store.js';

const IDLE_MS = 30 * 60_000;
const GRACE_MS = 60_000;

function sessionsWithClock() {
  const store = tempSqliteStore();
  const decks = new Map<string, Deck>(
    [deckFrom(WORKSHOP_DECK), deckFrom(OPEN_DECK, 'open.md'), deckFrom(TIMED_DECK, 'timed.md')].map((d) => [d.id, d]),
  );
  const time = { now: 1_000_000 };
  const scheduler = manualScheduler();
  const sessions = new Sessions(store, decks, { now: () => time.now, scheduler, memory: { idleMs: IDLE_MS, endedGraceMs: GRACE_MS } });
  return { sessions, time, scheduler };
}

const view = (session: Session): unknown => ({
  presenter: session.presenterState(''),
  audience: session.audienceState(),
  phones: ['p1', 'p2'].map((id) => session.answersOf(id)),
});

describe('sessions in memory', () => {
  it('an idle session leaves memory after the idle time, and comes back exactly as it was', async () => {
    const { sessions, time } = sessionsWithClock();
    const session = await sessions.create('open');
    await sessions.goto(session, { h: 3, v: 0 });
    await sessions.control(session, 'questions', 'open');
    const { entry } = await sessions.submit(session, 'p1', 'questions', 'How often should we meet?');
    await sessions.upvote(session, 'p2', 'questions', entry.id, true);
    await sessions.control(session, 'steps', 'open');
    await sessions.vote(session, 'p1', 'steps', ['feedback', 'prepare', 'expectations']);
    await sessions.control(session, 'steps', 'reset'); // round 2
    await sessions.vote(session, 'p2', 'steps', ['prepare', 'feedback', 'expectations']);
    await sessions.control(session, 'steps', 'reveal');
    const before = view(session);

    time.now += IDLE_MS - 1;
    expect(sessions.sweep()).toEqual([]);
    time.now += 1;
    expect(sessions.sweep()).toEqual([session.code]);
    expect(sessions.codes()).toEqual([]);

    const back = (await sessions.get(session.code))!;
    expect(back).not.toBe(session);
    expect(view(back)).toEqual(before);
    expect(back.poll('steps').round).toBe(2);
    // It carries on: a new answer counts in the round it was in.
    await sessions.vote(back, 'p1', 'steps', ['expectations', 'feedback', 'prepare']);
    expect(back.poll('steps').tally().respondents).toBe(2);
  });

  it('a session someone is connected to stays, however long; using it keeps it', async () => {
    const { sessions, time } = sessionsWithClock();
    const watched = await sessions.create('workshop');
    const used = await sessions.create('workshop');
    watched.connect('p1');
    time.now += IDLE_MS / 2;
    await sessions.get(used.code); // a message for it
    time.now += IDLE_MS / 2;
    expect(sessions.sweep()).toEqual([]);
    watched.disconnect('p1');
    time.now += IDLE_MS;
    expect(sessions.sweep().sort()).toEqual([used.code, watched.code].sort());
  });

  it('an ended session leaves after a short grace once its last phone has gone', async () => {
    const { sessions, time } = sessionsWithClock();
    const session = await sessions.create('workshop');
    await sessions.control(session, 'branch-a', 'open');
    await sessions.vote(session, 'p1', 'branch-a', ['talk']);
    session.connect('p1');
    await sessions.end(session);
    time.now += GRACE_MS * 10;
    expect(sessions.sweep()).toEqual([]); // its phone still shows "ended"
    session.disconnect('p1');
    await sessions.get(session.code); // the phone leaving uses it
    time.now += GRACE_MS;
    expect(sessions.sweep()).toEqual([session.code]);
    const back = (await sessions.get(session.code))!;
    expect(back.endedAt).not.toBeNull();
    expect(back.poll('branch-a').tally().counts).toEqual({ talk: 1, wait: 0, escalate: 0 });
  });

  it('a running poll timer survives: the session comes back and the poll closes on time', async () => {
    const { sessions, time, scheduler } = sessionsWithClock();
    const session = await sessions.create('timed');
    await sessions.control(session, 'later', 'open');
    await sessions.setTimer(session, 'later', 3600); // an hour, longer than the idle time
    time.now += IDLE_MS;
    expect(sessions.sweep()).toEqual([session.code]);
    scheduler.advance(IDLE_MS);
    const back = (await sessions.get(session.code))!;
    expect(back.poll('later').timer?.endsAt).toBe(session.poll('later').timer?.endsAt);
    time.now += 3600_000 - IDLE_MS;
    scheduler.advance(3600_000);
    await expect.poll(() => back.poll('later').status).toBe('closed');
  });
});
