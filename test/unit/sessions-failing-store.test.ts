// A store that refuses writes (a full disk, a lock held by another program, a lost Redis) must
// never turn into an acknowledgement: every change Sessions makes is decided, stored, and only
// then applied. Each path below is tried with writes failing — it is refused with NotStoredError
// and neither memory nor the file changes — then again once writes succeed — it is stored, and
// what this process holds in memory is exactly what a process reading the file would hold.
import { describe, expect, it } from 'vitest';
import type { Deck } from '../../server/deck/types.js';
import type { Session } from '../../server/session/session.js';
import { NotStoredError, Sessions, TIMER_RETRY_MS } from '../../server/sessions.js';
import { TEXT_RATE } from '../../server/sessions/participant-limits.js';
import type { SqliteStore } from '../../server/store/sqlite.js';
import type { Store } from '../../server/store/store.js';
import { BRANCHING_DECK, deckFrom, OPEN_DECK, TIMED_DECK, WORKSHOP_DECK } from '../helpers/decks.js';
import { manualScheduler } from '../helpers/scheduler.js';
import { tempSqliteStore } from '../helpers/store.js';

/**
 * The real SQLite store, whose writes fail while `failing` is set, as a full disk fails them; or,
 * with `storedAnyway`, are stored and then reported failed (a connection to Redis dropped before
 * its answer came back: the outcome is unknown to the server).
 */
function failingStore(store: SqliteStore): Store & { failing: boolean; storedAnyway: boolean } {
  const state = { failing: false, storedAnyway: false };
  const writes = new Set([
    'createSession',
    'endSession',
    'deleteSession',
    'saveSlide',
    'saveDiscussion',
    'saveDeck',
    'savePoll',
    'saveVote',
    'saveEntry',
    'saveUpvote',
  ]);
  return new Proxy(store as unknown as Store & { failing: boolean; storedAnyway: boolean }, {
    get(target, prop, receiver) {
      if (prop === 'failing' || prop === 'storedAnyway') return state[prop];
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const method = (value as (...args: unknown[]) => Promise<unknown>).bind(target);
      if (writes.has(String(prop)) && state.failing) {
        return () => Promise.reject(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }));
      }
      if (writes.has(String(prop)) && state.storedAnyway) {
        return async (...args: unknown[]) => {
          await method(...args);
          throw new Error('Connection is closed.');
        };
      }
      return method;
    },
    set(_target, prop, value) {
      if (prop !== 'failing' && prop !== 'storedAnyway') return false;
      state[prop] = Boolean(value);
      return true;
    },
  });
}

const decks = (): Map<string, Deck> =>
  new Map(
    [deckFrom(WORKSHOP_DECK), deckFrom(OPEN_DECK, 'open.md'), deckFrom(TIMED_DECK, 'timed.md'), deckFrom(BRANCHING_DECK, 'branching.md')].map((d) => [
      d.id,
      d,
    ]),
  );

function failingSessions() {
  const sqlite = tempSqliteStore();
  const store = failingStore(sqlite);
  const time = { now: 1_000_000 };
  const scheduler = manualScheduler();
  const sessions = new Sessions(store, decks(), { now: () => time.now, scheduler });
  /** The session as a process that starts now would load it from the file. */
  const fromFile = async (code: string): Promise<Session | null> => new Sessions(sqlite, decks(), { now: () => time.now }).get(code);
  return { store, sessions, time, scheduler, fromFile };
}

const PARTICIPANTS = ['p1', 'p2', 'p3'];
/** Everything a presenter and the phones of PARTICIPANTS see (the join link left out). */
const view = (session: Session): unknown => ({
  presenter: session.presenterState(''),
  phones: PARTICIPANTS.map((id) => session.answersOf(id)),
});

interface Path {
  name: string;
  deck: string;
  /** What happened before the disk failed (stored). */
  before?: (sessions: Sessions, session: Session) => Promise<unknown>;
  change: (sessions: Sessions, session: Session) => Promise<unknown>;
}

const PATHS: Path[] = [
  { name: 'a vote', deck: 'workshop', before: (s, x) => s.control(x, 'branch-a', 'open'), change: (s, x) => s.vote(x, 'p1', 'branch-a', ['talk']) },
  {
    name: 'a changed vote',
    deck: 'workshop',
    before: async (s, x) => {
      await s.control(x, 'branch-a', 'open');
      await s.vote(x, 'p1', 'branch-a', ['talk']);
    },
    change: (s, x) => s.vote(x, 'p1', 'branch-a', ['wait']),
  },
  {
    name: 'a multiple choice',
    deck: 'workshop',
    before: (s, x) => s.control(x, 'topics', 'open'),
    change: (s, x) => s.vote(x, 'p1', 'topics', ['goals', 'time']),
  },
  {
    name: 'a ranking',
    deck: 'open',
    before: (s, x) => s.control(x, 'steps', 'open'),
    change: (s, x) => s.vote(x, 'p1', 'steps', ['feedback', 'prepare', 'expectations']),
  },
  {
    name: 'a text answer',
    deck: 'open',
    before: (s, x) => s.control(x, 'first-meeting', 'open'),
    change: (s, x) => s.submit(x, 'p1', 'first-meeting', 'Goals'),
  },
  {
    name: 'a Q&A question',
    deck: 'open',
    before: (s, x) => s.control(x, 'questions', 'open'),
    change: (s, x) => s.submit(x, 'p1', 'questions', 'How often?'),
  },
  {
    name: 'an upvote',
    deck: 'open',
    before: async (s, x) => {
      await s.control(x, 'questions', 'open');
      await s.submit(x, 'p1', 'questions', 'How often?');
    },
    change: (s, x) => s.upvote(x, 'p2', 'questions', entryOf(x, 'questions'), true),
  },
  {
    name: 'an upvote taken back',
    deck: 'open',
    before: async (s, x) => {
      await s.control(x, 'questions', 'open');
      await s.submit(x, 'p1', 'questions', 'How often?');
      await s.upvote(x, 'p2', 'questions', entryOf(x, 'questions'), true);
    },
    change: (s, x) => s.upvote(x, 'p2', 'questions', entryOf(x, 'questions'), false),
  },
  {
    name: 'hiding a text answer',
    deck: 'open',
    before: async (s, x) => {
      await s.control(x, 'first-meeting', 'open');
      await s.submit(x, 'p1', 'first-meeting', 'Goals');
    },
    change: (s, x) => s.moderate(x, 'first-meeting', entryOf(x, 'first-meeting'), 'hide'),
  },
  {
    name: 'marking a question answered',
    deck: 'open',
    before: async (s, x) => {
      await s.control(x, 'questions', 'open');
      await s.submit(x, 'p1', 'questions', 'How often?');
    },
    change: (s, x) => s.moderate(x, 'questions', entryOf(x, 'questions'), 'answered'),
  },
  { name: 'opening a poll', deck: 'workshop', change: (s, x) => s.control(x, 'branch-a', 'open') },
  {
    name: 'closing a poll',
    deck: 'workshop',
    before: (s, x) => s.control(x, 'branch-a', 'open'),
    change: (s, x) => s.control(x, 'branch-a', 'close'),
  },
  {
    name: 'revealing results',
    deck: 'workshop',
    before: (s, x) => s.control(x, 'branch-a', 'open'),
    change: (s, x) => s.control(x, 'branch-a', 'reveal'),
  },
  {
    name: 'hiding results',
    deck: 'workshop',
    before: async (s, x) => {
      await s.control(x, 'branch-a', 'open');
      await s.control(x, 'branch-a', 'reveal');
    },
    change: (s, x) => s.control(x, 'branch-a', 'hide'),
  },
  {
    name: 'a new round (reset)',
    deck: 'workshop',
    before: async (s, x) => {
      await s.control(x, 'branch-a', 'open');
      await s.vote(x, 'p1', 'branch-a', ['talk']);
    },
    change: (s, x) => s.control(x, 'branch-a', 'reset'),
  },
  {
    name: 'showing the movement view on every presenter window',
    deck: 'workshop',
    before: async (s, x) => {
      await s.control(x, 'branch-a', 'open');
      await s.vote(x, 'p1', 'branch-a', ['talk']);
      await s.control(x, 'branch-a', 'again');
      await s.vote(x, 'p1', 'branch-a', ['wait']);
      await s.control(x, 'branch-a', 'reveal');
    },
    change: (s, x) => s.setView(x, 'branch-a', 'movement'),
  },
  {
    name: 'the plain chart again on every presenter window',
    deck: 'workshop',
    before: async (s, x) => {
      await s.control(x, 'branch-a', 'open');
      await s.control(x, 'branch-a', 'again');
      await s.setView(x, 'branch-a', 'movement');
    },
    change: (s, x) => s.setView(x, 'branch-a', 'normal'),
  },
  {
    name: 'hiding results shown in the movement view (back to the plain chart)',
    deck: 'workshop',
    before: async (s, x) => {
      await s.control(x, 'branch-a', 'open');
      await s.control(x, 'branch-a', 'again');
      await s.control(x, 'branch-a', 'reveal');
      await s.setView(x, 'branch-a', 'movement');
    },
    change: (s, x) => s.control(x, 'branch-a', 'hide'),
  },
  { name: 'starting a timer', deck: 'workshop', before: (s, x) => s.control(x, 'branch-a', 'open'), change: (s, x) => s.setTimer(x, 'branch-a', 60) },
  { name: 'moving to a slide', deck: 'workshop', change: (s, x) => s.goto(x, { h: 1, v: 1 }) },
  // The slide and its visited mark are one write: refused, neither moves; stored, both are in the file.
  { name: 'moving to a branch slide (marked visited)', deck: 'branching', change: (s, x) => s.goto(x, { h: 3, v: 0 }) },
  {
    name: 'starting a discussion timer on a slide without a poll',
    deck: 'workshop',
    before: (s, x) => s.goto(x, { h: 0, v: 0 }),
    change: (s, x) => s.discuss(x, 120),
  },
  { name: 'stopping a discussion timer', deck: 'workshop', before: (s, x) => s.discuss(x, 60), change: (s, x) => s.discuss(x, null) },
  {
    name: 'ending the session (its open poll closes)',
    deck: 'workshop',
    before: async (s, x) => {
      await s.control(x, 'branch-a', 'open');
      await s.vote(x, 'p1', 'branch-a', ['talk']);
    },
    change: (s, x) => s.end(x),
  },
];

function entryOf(session: Session, pollId: string): string {
  const entry = session.poll(pollId).board!.all()[0];
  if (!entry) throw new Error(`no entry in ${pollId}`);
  return entry.id;
}

describe('a store that refuses writes', () => {
  for (const path of PATHS) {
    it(`${path.name}: refused and nothing changes; sent again once writes work: stored, and memory is the file`, async () => {
      const { store, sessions, fromFile } = failingSessions();
      const session = await sessions.create(path.deck);
      await path.before?.(sessions, session);
      const before = view(session);

      store.failing = true;
      await expect(path.change(sessions, session)).rejects.toBeInstanceOf(NotStoredError);
      expect(view(session)).toEqual(before);
      expect(view((await fromFile(session.code))!)).toEqual(before);
      // Refused again: the first failure left nothing behind that makes a retry look done.
      await expect(path.change(sessions, session)).rejects.toBeInstanceOf(NotStoredError);
      expect(view(session)).toEqual(before);

      store.failing = false;
      await path.change(sessions, session);
      const after = view(session);
      expect(after).not.toEqual(before);
      expect(view((await fromFile(session.code))!)).toEqual(after);
    });
  }

  it('deleting a session: refused and the session stays; once writes work it is gone from memory and the file', async () => {
    const { store, sessions, fromFile } = failingSessions();
    const session = await sessions.create('workshop');
    store.failing = true;
    await expect(sessions.delete(session.code)).rejects.toBeInstanceOf(NotStoredError);
    expect(await sessions.get(session.code)).toBe(session);
    expect(await fromFile(session.code)).not.toBeNull();
    store.failing = false;
    await sessions.delete(session.code);
    expect(await sessions.get(session.code)).toBeNull();
    expect(await fromFile(session.code)).toBeNull();
  });

  it('a poll timer running out while writes fail: the poll stays open, and closes (stored) once they work', async () => {
    const { store, sessions, time, scheduler, fromFile } = failingSessions();
    const failures: unknown[] = [];
    sessions.onTimerFailed(({ error }) => failures.push(error));
    const session = await sessions.create('timed');
    const pollId = session.deck.polls.find((p) => p.timer !== undefined)!.id;
    await sessions.control(session, pollId, 'open');
    const seconds = session.poll(pollId).timer!.seconds;

    store.failing = true;
    time.now += seconds * 1000;
    scheduler.advance(seconds * 1000);
    await expect.poll(() => failures.length).toBe(1);
    expect(failures[0]).toBeInstanceOf(NotStoredError);
    expect(session.poll(pollId).status).toBe('open');
    expect((await fromFile(session.code))!.poll(pollId).status).toBe('open');

    // Tried again a second later: still failing, still open.
    time.now += TIMER_RETRY_MS;
    scheduler.advance(TIMER_RETRY_MS);
    await expect.poll(() => failures.length).toBe(2);
    expect(session.poll(pollId).status).toBe('open');

    store.failing = false;
    time.now += TIMER_RETRY_MS;
    scheduler.advance(TIMER_RETRY_MS);
    await expect.poll(() => session.poll(pollId).status).toBe('closed');
    expect((await fromFile(session.code))!.poll(pollId).status).toBe('closed');
    expect(failures).toHaveLength(2);
  });

  it('a write reported failed that reached the store after all: the session is read back before its next use', async () => {
    const { store, sessions, fromFile } = failingSessions();
    const session = await sessions.create('workshop');
    await sessions.control(session, 'branch-a', 'open');
    await sessions.vote(session, 'p1', 'branch-a', ['talk']);

    store.storedAnyway = true;
    await expect(sessions.vote(session, 'p1', 'branch-a', ['wait'])).rejects.toBeInstanceOf(NotStoredError);
    expect(session.poll('branch-a').answerOf('p1')?.optionIds).toEqual(['talk']); // never ahead of what is known stored
    store.storedAnyway = false;

    // The phone goes back to its first answer: decided against what the file holds ("wait"), so it is stored.
    const same = await sessions.require(session.code);
    expect(same.poll('branch-a').answerOf('p1')?.optionIds).toEqual(['wait']);
    await sessions.vote(same, 'p1', 'branch-a', ['talk']);
    expect(view((await fromFile(session.code))!)).toEqual(view(same));
    expect(same.poll('branch-a').answerOf('p1')).toMatchObject({ optionIds: ['talk'], changes: 2 });
  });

  it('answers refused for storage use up none of the participant’s allowance or rate limit', async () => {
    const { store, sessions } = failingSessions();
    const session = await sessions.create('open');
    await sessions.control(session, 'first-meeting', 'open');
    store.failing = true;
    // More attempts than TEXT_RATE allows: each is refused for storage, none as "too fast".
    for (let i = 0; i <= TEXT_RATE.max; i++) {
      await expect(sessions.submit(session, 'p1', 'first-meeting', 'Goals')).rejects.toBeInstanceOf(NotStoredError);
    }
    store.failing = false;
    const { answer } = await sessions.submit(session, 'p1', 'first-meeting', 'Goals');
    expect(answer.entries).toEqual([expect.objectContaining({ text: 'Goals' })]);
  });

  it('changes sent at once by one participant are decided one after the other', async () => {
    const { sessions, fromFile } = failingSessions();
    const session = await sessions.create('open');
    await sessions.control(session, 'first-meeting', 'open');
    await sessions.control(session, 'steps', 'open');
    // The same answer twice at once: one is stored, the other is refused as a repeat.
    const sent = await Promise.allSettled([
      sessions.submit(session, 'p1', 'first-meeting', 'Goals'),
      sessions.submit(session, 'p1', 'first-meeting', 'Goals'),
    ]);
    expect(sent.map((s) => s.status).sort()).toEqual(['fulfilled', 'rejected']);
    // Two changes of mind at once count as two changes.
    await Promise.all([
      sessions.vote(session, 'p1', 'steps', ['prepare', 'expectations', 'feedback']),
      sessions.vote(session, 'p1', 'steps', ['feedback', 'prepare', 'expectations']),
      sessions.vote(session, 'p1', 'steps', ['expectations', 'feedback', 'prepare']),
    ]);
    expect(session.poll('steps').answerOf('p1')).toMatchObject({ optionIds: ['expectations', 'feedback', 'prepare'], changes: 2 });
    expect(view((await fromFile(session.code))!)).toEqual(view(session));
  });
});
