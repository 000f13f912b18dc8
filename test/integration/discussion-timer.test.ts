// A discussion timer through a real server and real sockets: the presenter starts one on a slide
// without a poll, every presenter window and phone is told, it survives a restart (read back from
// the store) and a move to another slide, and the presenter stops it. Time is the manual clock
// the server runs on (newParley's `clock`): no test waits in real time.
import { describe, expect, it } from 'vitest';
import { discussDecks } from '../helpers/decks.js';
import { nextEvent } from '../helpers/events.js';
import { manualScheduler } from '../helpers/scheduler.js';
import { newParley, ok, request, type TestServer } from '../helpers/server.js';

const TALK = { h: 1, v: 0 };
const VOTE = { h: 2, v: 0 };
type Clock = ReturnType<typeof manualScheduler>;

function discussParley(time: Clock, dataDir?: string): Promise<TestServer> {
  return newParley({ decks: discussDecks(), clock: { now: () => time.now, scheduler: time }, ...(dataDir ? { dataDir } : {}) });
}

describe('a discussion timer', () => {
  it('runs on a slide without a poll: every presenter window and phone is told, a restart keeps it, a stop ends it', async () => {
    const time = manualScheduler(Date.now());
    const server = await discussParley(time);
    const code = await server.createSession('discuss');
    const presenter = await server.presenter(code);
    const projector = await server.client();
    ok(await request(projector, 'presenter:join', { code, key: 'test-presenter-key-0123456789', view: 'projector' }));
    ok(await request(presenter, 'presenter:goto', TALK));
    const phone = await server.participant(code, 'phone-one-0001');

    const projectorHears = nextEvent(projector, 'presenter:discussion', (t) => t !== null);
    const phoneHears = nextEvent(phone, 'audience:state', (s) => s.discussion !== undefined);
    const started = ok(await request(presenter, 'presenter:discuss', { seconds: 120 }));
    expect(started).toEqual({ seconds: 120, remainingMs: 120_000, slide: TALK });
    expect(await projectorHears).toEqual(started);
    expect(await phoneHears).toMatchObject({ poll: null, slide: { title: 'Discuss with your neighbour' }, discussion: started });

    // Moving on leaves it running; a presenter or phone that joins now counts down from the same moment.
    time.now += 30_000;
    ok(await request(presenter, 'presenter:goto', VOTE));
    const late = await server.client();
    const joined = ok(await request(late, 'audience:join', { code, participantId: 'phone-two-0002' }));
    expect(joined.state.discussion).toEqual({ seconds: 120, remainingMs: 90_000, slide: TALK });
    const console2 = ok(await request(await server.client(), 'presenter:join', { code, key: 'test-presenter-key-0123456789', view: 'console' }));
    expect(console2.discussion).toEqual({ seconds: 120, remainingMs: 90_000, slide: TALK });

    // Stored: a server started again on the same data has it.
    await server.close();
    const again = await discussParley(time, server.dataDir);
    const reloaded = ok(await request(await again.client(), 'audience:join', { code, participantId: 'phone-one-0001' }));
    expect(reloaded.state.discussion).toEqual({ seconds: 120, remainingMs: 90_000, slide: TALK });

    const presenterAgain = await again.presenter(code);
    const phoneAgain = await again.participant(code, 'phone-three-0003');
    const stopHeard = nextEvent(phoneAgain, 'audience:state', (s) => s.discussion === undefined);
    expect(ok(await request(presenterAgain, 'presenter:discuss', { seconds: null }))).toBeNull();
    await stopHeard;
    // Stopping none changes nothing, and answers so.
    expect(ok(await request(presenterAgain, 'presenter:discuss', { seconds: null }))).toBeNull();
    expect((await again.store.loadSession(code))?.session.discussion).toBeNull();
  });

  it('runs out to "Time" (0 left) on its own slide, with no message from the server; the limits are the poll timer\'s', async () => {
    const time = manualScheduler(Date.now());
    const server = await discussParley(time);
    const code = await server.createSession('discuss');
    const presenter = await server.presenter(code);
    ok(await request(presenter, 'presenter:goto', TALK));
    ok(await request(presenter, 'presenter:discuss', { seconds: 5 }));
    time.now += 6000;
    const phone = await server.client();
    expect(ok(await request(phone, 'audience:join', { code, participantId: 'phone-one-0001' })).state.discussion).toEqual({
      seconds: 5,
      remainingMs: 0,
      slide: TALK,
    });
    expect(await request(presenter, 'presenter:discuss', { seconds: 4 })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await request(presenter, 'presenter:discuss', { seconds: 3601 })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });
});
