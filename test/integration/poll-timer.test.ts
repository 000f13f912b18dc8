// Poll timers through a real server and real sockets: a poll whose time runs out closes exactly as
// if the presenter had closed it — every presenter window and phone is told, the store has it,
// later votes are refused — and the presenter starts, restarts and stops timers on the fly. Time is
// a manual clock the server's timers run on (newParley's `clock`): a test moves it on to the
// millisecond, so no test waits for a timer in real time, and what it sees does not depend on
// how fast the machine is.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AudienceState, PresenterPollState } from '../../server/protocol.js';
import { TIMER_MIN_SECONDS } from '../../server/protocol.js';
import { DATABASE_FILE } from '../../server/store/sqlite.js';
import { deckFrom } from '../helpers/decks.js';
import { nextEvent } from '../helpers/events.js';
import { manualScheduler } from '../helpers/scheduler.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer, type TestSocket } from '../helpers/server.js';

const TIMED_DECK = `---
title: Timed
accent: "#1a7f5a"
---

# Timed

---

## Quick

\`\`\`poll
id: quick
type: single
timer: ${TIMER_MIN_SECONDS}
question: Which first?
options:
  a: Option A
  b: Option B
\`\`\`

---

## Slow

\`\`\`poll
id: slow
type: yesno
question: Ready?
\`\`\`

---

## Stopped

\`\`\`poll
id: stopped
type: yesno
question: Still there?
\`\`\`

---

## Restarted

\`\`\`poll
id: restarted
type: yesno
question: Once more?
\`\`\`
`;

const QUICK = { h: 1, v: 0 };
const TIMER_MS = TIMER_MIN_SECONDS * 1000;

type Clock = ReturnType<typeof manualScheduler>;

/** A clock for the server's timers, started at the real time (sessions and polls carry dates). */
const manualClock = (): Clock => manualScheduler(Date.now());

function timedParley(time: Clock, dataDir?: string): Promise<TestServer> {
  const deck = deckFrom(TIMED_DECK, 'timed.md');
  return newParley({ decks: new Map([[deck.id, deck]]), clock: { now: () => time.now, scheduler: time }, ...(dataDir ? { dataDir } : {}) });
}

const closedPoll = (socket: TestSocket, pollId: string): Promise<PresenterPollState> =>
  nextEvent(socket, 'presenter:poll-state', (p) => p.id === pollId && p.status === 'closed');

/** Every poll `socket` hears closed, in order. */
function closesHeard(socket: TestSocket): string[] {
  const closes: string[] = [];
  socket.on('presenter:poll-state', (p) => {
    if (p.status === 'closed') closes.push(p.id);
  });
  return closes;
}

/**
 * Every close a timer started before this call has reached `presenter`: a timer that ran out closes
 * its poll through the session's queue of presenter actions, so the answer to a presenter action
 * sent now (going to the slide it is on: nothing changes) comes after that close was told.
 */
async function presenterActionsDone(presenter: TestSocket, slide: { h: number; v: number }): Promise<void> {
  ok(await request(presenter, 'presenter:goto', slide));
}

/** The poll's row in the SQLite file (or, with Redis, its record in the columns' names). */
async function storedPoll(server: TestServer, code: string, pollId: string): Promise<Record<string, unknown> | undefined> {
  if (server.redis) {
    const p = (await server.store.loadSession(code))?.polls.find((poll) => poll.pollId === pollId);
    return (
      p && {
        status: p.status,
        round: p.round,
        closed_at: p.closedAt,
        timer_seconds: p.timer?.seconds ?? null,
        timer_ends_at: p.timer?.endsAt ?? null,
      }
    );
  }
  const db = new Database(join(server.dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT * FROM polls WHERE session_code = ? AND poll_id = ?').get(code, pollId) as Record<string, unknown> | undefined;
  } finally {
    db.close();
  }
}

describe('a poll timer', () => {
  it('closes a poll with a deck timer when it runs out, as the presenter would: every window, every phone and the store see it', async () => {
    const time = manualClock();
    const server = await timedParley(time);
    const code = await server.createSession('timed');
    const presenter = await server.presenter(code);
    const secondWindow = await server.presenter(code);
    ok(await request(presenter, 'presenter:goto', QUICK));
    const phone = await server.client();
    const joined = ok(await request(phone, 'audience:join', { code, participantId: 'phone-one-0001' }));
    expect(joined.state.accent).toBe('#1a7f5a');

    const phoneSeesOpen = nextEvent(phone, 'audience:state', (s) => s.poll?.status === 'open');
    const openedAt = time.now;
    const opened = ok(await request(presenter, 'presenter:poll', { pollId: 'quick', action: 'open' }));
    // While it runs, presenters and phones get the timer with what is left.
    expect(opened.timer).toEqual({ seconds: TIMER_MIN_SECONDS, remainingMs: TIMER_MS });
    const open = await phoneSeesOpen;
    expect(open.poll?.timer).toEqual({ seconds: TIMER_MIN_SECONDS, remainingMs: TIMER_MS });
    expect(open.accent).toBe('#1a7f5a');
    ok(await request(phone, 'audience:vote', { pollId: 'quick', optionIds: ['b'] }));
    // A presenter joining later sees the time left, not the full length.
    time.advance(1000);
    const late = ok(await request(await server.client(), 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    expect(late.polls.find((p) => p.id === 'quick')?.timer).toEqual({ seconds: TIMER_MIN_SECONDS, remainingMs: TIMER_MS - 1000 });

    // A millisecond short of its end, the poll is still open.
    const closes = closesHeard(presenter);
    time.advance(TIMER_MS - 1000 - 1);
    await presenterActionsDone(presenter, QUICK);
    expect(closes).toEqual([]);

    const closing = Promise.all([
      closedPoll(presenter, 'quick'),
      closedPoll(secondWindow, 'quick'),
      nextEvent(phone, 'audience:state', (s) => s.poll?.status === 'closed'),
    ]);
    time.advance(1);
    const [closed, closedInOtherWindow, phoneSeesClosed] = await closing;
    expect(closed).toEqual(closedInOtherWindow);
    expect(closed.timer).toBeUndefined();
    expect(closed.tally.counts).toEqual({ a: 0, b: 1 });
    expect(phoneSeesClosed.poll?.timer).toBeUndefined();
    expect(await storedPoll(server, code, 'quick')).toMatchObject({
      status: 'closed',
      closed_at: openedAt + TIMER_MS,
      timer_seconds: null,
      timer_ends_at: null,
    });
    // Closed for good: a late vote is refused, the acknowledged one stays.
    const lateVote = await request(phone, 'audience:vote', { pollId: 'quick', optionIds: ['a'] });
    expect(lateVote).toMatchObject({ ok: false, error: { code: 'poll_closed' } });
    const after = ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    expect(after.polls.find((p) => p.id === 'quick')?.tally.counts).toEqual({ a: 0, b: 1 });
    expect(closes).toEqual(['quick']);
  });

  it('is started, restarted and stopped on the fly; stopping it or closing the poll cancels the close', async () => {
    const time = manualClock();
    const server = await timedParley(time);
    const code = await server.createSession('timed');
    const presenter = await server.presenter(code);
    const phone = await server.participant(code, 'phone-one-0001');
    const RESTARTED = { h: 4, v: 0 };
    ok(await request(presenter, 'presenter:goto', RESTARTED));
    for (const pollId of ['slow', 'stopped', 'restarted']) ok(await request(presenter, 'presenter:poll', { pollId, action: 'open' }));

    // The phone sees the timer of the poll on the current slide appear.
    const phoneSeesTimer = nextEvent(phone, 'audience:state', (s) => s.poll?.timer !== undefined);
    const startedAt = time.now;
    const started = await Promise.all(
      ['slow', 'stopped', 'restarted'].map(async (pollId) => ok(await request(presenter, 'presenter:timer', { pollId, seconds: TIMER_MIN_SECONDS }))),
    );
    for (const state of started) expect(state).toMatchObject({ status: 'open', timer: { seconds: TIMER_MIN_SECONDS, remainingMs: TIMER_MS } });
    expect((await phoneSeesTimer).poll).toMatchObject({ id: 'restarted', timer: { seconds: TIMER_MIN_SECONDS } });

    time.advance(2000);
    // Stopped: the poll stays open without a timer.
    const stopped = ok(await request(presenter, 'presenter:timer', { pollId: 'stopped', seconds: null }));
    expect(stopped.status).toBe('open');
    expect(stopped.timer).toBeUndefined();
    // Closed and opened again: the old timer must not close the new opening (no deck timer here).
    ok(await request(presenter, 'presenter:poll', { pollId: 'slow', action: 'close' }));
    expect(ok(await request(presenter, 'presenter:poll', { pollId: 'slow', action: 'open' })).timer).toBeUndefined();
    // Restarted: a full new length from now.
    const restartedAt = time.now;
    const phoneSeesRestart = nextEvent(phone, 'audience:state', (s) => s.poll?.timer?.seconds === 6);
    const restarted = ok(await request(presenter, 'presenter:timer', { pollId: 'restarted', seconds: 6 }));
    expect(restarted.timer).toEqual({ seconds: 6, remainingMs: 6000 });
    expect((await phoneSeesRestart).poll?.timer).toEqual({ seconds: 6, remainingMs: 6000 });

    const closes = closesHeard(presenter);
    // Past the first timers' end, and a millisecond short of the restarted one's: nothing has closed.
    time.advance(startedAt + TIMER_MS + 500 - time.now);
    await presenterActionsDone(presenter, RESTARTED);
    expect(closes).toEqual([]);
    time.advance(restartedAt + 6000 - 1 - time.now);
    await presenterActionsDone(presenter, RESTARTED);
    expect(closes).toEqual([]);

    const restartedClosed = closedPoll(presenter, 'restarted');
    const phoneSeesClose = nextEvent(phone, 'audience:state', (s: AudienceState) => s.poll?.status === 'closed');
    time.advance(1);
    await restartedClosed;
    expect((await phoneSeesClose).poll?.id).toBe('restarted');
    // Had a cancelled timer closed its poll, that close would have been told before this one.
    expect(closes).toEqual(['restarted']);
    expect(await storedPoll(server, code, 'restarted')).toMatchObject({ status: 'closed', closed_at: restartedAt + 6000 });
    const now = ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    expect(Object.fromEntries(now.polls.map((p) => [p.id, p.status]))).toMatchObject({ slow: 'open', stopped: 'open', restarted: 'closed' });
    expect(now.polls.every((p) => p.timer === undefined)).toBe(true);
  });

  it('refuses a timer on a closed or unknown poll, of a bad length, or from a participant — and keeps running', async () => {
    const server = await timedParley(manualClock());
    const code = await server.createSession('timed');
    const presenter = await server.presenter(code);
    const phone = await server.participant(code, 'phone-one-0001');

    const refusals = await Promise.all([
      request(presenter, 'presenter:timer', { pollId: 'slow', seconds: 30 }),
      request(presenter, 'presenter:timer', { pollId: 'slow', seconds: null }),
      request(presenter, 'presenter:timer', { pollId: 'nope', seconds: 30 }),
      request(presenter, 'presenter:timer', { pollId: 'slow', seconds: TIMER_MIN_SECONDS - 1 }),
      request(presenter, 'presenter:timer', { pollId: 'slow', seconds: 3601 }),
      request(presenter, 'presenter:timer', { pollId: 'slow', seconds: 7.5 }),
      request(presenter, 'presenter:timer', { pollId: 'slow' } as never),
      request(phone, 'presenter:timer', { pollId: 'slow', seconds: 30 }),
    ]);
    expect(refusals.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual([
      'poll_closed',
      'poll_closed',
      'not_found',
      'bad_request',
      'bad_request',
      'bad_request',
      'bad_request',
      'forbidden',
    ]);
    // Nothing changed, and the server carries on.
    ok(await request(presenter, 'presenter:poll', { pollId: 'slow', action: 'open' }));
    expect(ok(await request(presenter, 'presenter:timer', { pollId: 'slow', seconds: 30 })).timer?.seconds).toBe(30);
    expect(await storedPoll(server, code, 'slow')).toMatchObject({ status: 'open', timer_seconds: 30 });
  });

  it('carries on after a restart: the stored deadline closes the poll on time', async () => {
    const time = manualClock();
    const first = await timedParley(time);
    const code = await first.createSession('timed');
    const presenter = await first.presenter(code);
    const openedAt = time.now;
    ok(await request(presenter, 'presenter:poll', { pollId: 'quick', action: 'open' }));
    await first.close();
    // Two seconds down: a deadline counted from scratch would show.
    time.advance(2000);

    const second = await timedParley(time, first.dataDir);
    const again = await second.client();
    const state = ok(await request(again, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    const quick = state.polls.find((p) => p.id === 'quick');
    expect(quick?.status).toBe('open');
    // Counting on from the stored deadline, not from the full length again.
    expect(quick?.timer).toEqual({ seconds: TIMER_MIN_SECONDS, remainingMs: TIMER_MS - 2000 });

    const closes = closesHeard(again);
    time.advance(TIMER_MS - 2000 - 1);
    await presenterActionsDone(again, state.slide);
    expect(closes).toEqual([]);
    const closed = closedPoll(again, 'quick');
    time.advance(1);
    await closed;
    expect(await storedPoll(second, code, 'quick')).toMatchObject({ status: 'closed', closed_at: openedAt + TIMER_MS });
  });
});
