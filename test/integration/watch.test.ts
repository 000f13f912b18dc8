// Watching a session (`audience:watch`, the presenter's phone preview): the socket follows the
// session exactly like a phone — the same `audience:state` messages, no results before the reveal —
// but it is not a participant: no count, no tally denominator, no answers.
import { describe, expect, it } from 'vitest';
import type { AudienceState, Tally } from '../../server/protocol.js';
import type { SessionExport } from '../../server/export/model.js';
import { deckFrom, OPEN_DECK, WORKSHOP_DECK } from '../helpers/decks.js';
import { delivered, nextEvent, recordEvents, statesOf } from '../helpers/events.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer, type TestSocket } from '../helpers/server.js';

const BRANCH_A = { h: 1, v: 1 };

async function watcher(server: TestServer, code: string): Promise<{ socket: TestSocket; state: AudienceState }> {
  const socket = await server.client();
  const state = ok(await request(socket, 'audience:watch', { code }));
  return { socket, state };
}

/** The presenter's connected-participants count, as a fresh presenter window would get it. */
async function participantsOf(server: TestServer, code: string): Promise<number> {
  const presenter = await server.client();
  const count = ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' })).participants;
  presenter.close();
  return count;
}

describe('watching a session', () => {
  it('gets every audience:state a phone gets — slide, open, close, reveal, end — and results only once revealed', async () => {
    const server = await newParley();
    const code = await server.createSession();
    const presenter = await server.presenter(code);
    const phone = await server.client();
    const joined = ok(await request(phone, 'audience:join', { code, participantId: 'participant-phone' }));
    const { socket, state } = await watcher(server, code);
    expect(state).toEqual(joined.state);

    const watched = recordEvents(socket);
    const phoneSaw = recordEvents(phone);
    // Each step reaches the phones before the next (steps made together reach them as one state).
    ok(await request(presenter, 'presenter:goto', BRANCH_A));
    await expect.poll(() => statesOf(watched).length).toBe(1);
    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'open' }));
    await expect.poll(() => statesOf(watched).some((s) => s.poll?.status === 'open')).toBe(true);
    const tick = nextEvent(presenter, 'presenter:tally', (u) => u.tallies.some((t) => t.pollId === 'branch-a' && t.respondents === 1));
    ok(await request(phone, 'audience:vote', { pollId: 'branch-a', optionIds: ['talk'] }));
    // The coalesced tick with the vote went to the presenter, and in the same breath to whoever
    // should have it of the audience; a round trip of the watcher's own brings in anything it was sent.
    await tick;
    await delivered(socket);
    // Open and voted on, not revealed: no counts reach the watcher.
    expect(statesOf(watched).every((s) => s.poll?.results === undefined)).toBe(true);

    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'close' }));
    await expect.poll(() => statesOf(watched).at(-1)?.poll?.status).toBe('closed');
    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'reveal' }));
    await expect.poll(() => statesOf(watched).some((s) => s.poll?.revealed === true)).toBe(true);
    expect(statesOf(watched).at(-1)!.poll).toMatchObject({
      id: 'branch-a',
      status: 'closed',
      results: { counts: { talk: 1, wait: 0, escalate: 0 }, respondents: 1 },
    });

    const end = await fetch(`${server.url}/api/sessions/${code}/end`, { method: 'POST', headers: { authorization: `Bearer ${PRESENTER_KEY}` } });
    expect(end.status).toBe(200);
    await expect.poll(() => statesOf(watched).some((s) => s.ended)).toBe(true);
    // The phone was sent the ended state in the same emit as the watcher: a round trip brings it in.
    await Promise.all([delivered(socket), delivered(phone)]);

    // Exactly what the phone got, in the same order, and nothing else (no presenter traffic).
    expect(watched.map((e) => e.event).every((e) => e === 'audience:state')).toBe(true);
    expect(statesOf(watched)).toEqual(statesOf(phoneSaw));
    expect(statesOf(watched).map((s) => [s.slide.number, s.poll?.status ?? null, s.poll?.revealed ?? null, s.ended])).toEqual([
      ['2.2', 'closed', false, false],
      ['2.2', 'open', false, false],
      ['2.2', 'closed', false, false],
      ['2.2', 'closed', true, false],
      ['2.2', 'closed', true, true],
    ]);
  });

  it('is not counted: not in the presenter’s participants, the tallies or the export’s participants at close', async () => {
    const server = await newParley();
    const code = await server.createSession();
    const presenter = await server.presenter(code);
    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'open' }));

    await watcher(server, code);
    await watcher(server, code);
    expect(await participantsOf(server, code)).toBe(0);

    const phone = await server.participant(code, 'participant-only-one');
    const tallies: Tally[][] = [];
    const counts: number[] = [];
    presenter.on('presenter:tally', (u) => {
      counts.push(u.participants);
      tallies.push(u.tallies);
    });
    const tallied = nextEvent(presenter, 'presenter:tally', (u) => u.tallies.some((t) => t.pollId === 'branch-a'));
    ok(await request(phone, 'audience:vote', { pollId: 'branch-a', optionIds: ['wait'] }));
    await tallied;
    await watcher(server, code); // a watcher arriving mid-poll changes nothing either
    // The phone changes its answer after the watcher arrived: the tick that carries it counts
    // whoever is connected then (a counted watcher would show, in it or in a tick before it).
    const changed = nextEvent(presenter, 'presenter:tally', (u) => u.tallies.some((t) => t.pollId === 'branch-a' && t.counts.talk === 1));
    ok(await request(phone, 'audience:vote', { pollId: 'branch-a', optionIds: ['talk'] }));
    await changed;
    expect(counts.length).toBeGreaterThan(1);
    expect(new Set(counts)).toEqual(new Set([1]));
    expect(tallies.flat().at(-1)).toEqual({ pollId: 'branch-a', counts: { talk: 1, wait: 0, escalate: 0 }, respondents: 1 });
    expect(await participantsOf(server, code)).toBe(1);

    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'close' }));
    const res = await fetch(`${server.url}/api/sessions/${code}/export?format=json`, { headers: { authorization: `Bearer ${PRESENTER_KEY}` } });
    const data = (await res.json()) as SessionExport;
    expect(data.polls.find((p) => p.id === 'branch-a')).toMatchObject({ respondents: 1, participantsAtClose: 1 });
  });

  it('stops counting a participant whose socket switches to watching, and counts it again when it joins', async () => {
    const server = await newParley();
    const code = await server.createSession();
    const socket = await server.participant(code, 'participant-switcher');
    expect(await participantsOf(server, code)).toBe(1);

    ok(await request(socket, 'audience:watch', { code }));
    expect(await participantsOf(server, code)).toBe(0);
    expect(await request(socket, 'audience:vote', { pollId: 'branch-a', optionIds: ['talk'] })).toMatchObject({
      ok: false,
      error: { code: 'not_joined' },
    });

    ok(await request(socket, 'audience:join', { code, participantId: 'participant-switcher' }));
    expect(await participantsOf(server, code)).toBe(1);
  });

  it('refuses its votes, text answers and upvotes exactly as a socket that never joined, and presenter actions as forbidden', async () => {
    const server = await newParley({
      decks: new Map([
        ['workshop', deckFrom(WORKSHOP_DECK)],
        ['open', deckFrom(OPEN_DECK, 'open.md')],
      ]),
    });
    const code = await server.createSession('open');
    const presenter = await server.presenter(code);
    for (const pollId of ['first-meeting', 'steps', 'questions']) ok(await request(presenter, 'presenter:poll', { pollId, action: 'open' }));
    const author = await server.participant(code, 'participant-author');
    const questionId = ok(await request(author, 'audience:submit', { pollId: 'questions', text: 'Who decides?' })).entries![0]!.id;
    const before = ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));

    const { socket } = await watcher(server, code);
    const stranger = await server.client();
    const attempts = [
      () => ['audience:vote', { pollId: 'steps', optionIds: ['prepare', 'feedback', 'expectations'] }] as const,
      () => ['audience:submit', { pollId: 'first-meeting', text: 'Set goals' }] as const,
      () => ['audience:upvote', { pollId: 'questions', entryId: questionId, up: true }] as const,
    ];
    for (const attempt of attempts) {
      const [event, payload] = attempt();
      const fromWatcher = await request(socket, event, payload as never);
      expect(fromWatcher, event).toEqual({ ok: false, error: { code: 'not_joined', message: 'Join a session first.' } });
      expect(fromWatcher, event).toEqual(await request(stranger, event, payload as never));
    }
    expect(await request(socket, 'presenter:poll', { pollId: 'steps', action: 'reveal' })).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'Only the presenter can do that.' },
    });
    expect(await request(socket, 'presenter:goto', { h: 0, v: 0 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const after = ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    expect(after).toEqual(before);
  });

  it('answers bad payloads and unknown sessions with an error and leaves the socket unjoined', async () => {
    const server = await newParley();
    const code = await server.createSession();
    const socket = await server.client();
    const heard = recordEvents(socket);
    for (const payload of [{}, { code: code.toLowerCase() }, { code, participantId: 'participant-sneaky' }, { code: 42 }, [code], null]) {
      const result = await request(socket, 'audience:watch', payload as never);
      expect(result, JSON.stringify(payload)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      if (!result.ok) expect(result.error.message).toMatch(/^Invalid audience:watch payload: /);
    }
    expect(await request(socket, 'audience:watch', { code: 'ZZZZZ' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'No session with code ZZZZZ.' },
    });

    // None of those joined the session: a state change does not reach the socket.
    // A phone that did join is sent the new state: in the same emit as a socket in the session would be.
    const presenter = await server.presenter(code);
    const phone = await server.participant(code, 'phone-witness-0001');
    const told = nextEvent(phone, 'audience:state', (s) => s.slide.position.h === BRANCH_A.h && s.slide.position.v === BRANCH_A.v);
    ok(await request(presenter, 'presenter:goto', BRANCH_A));
    await told;
    await delivered(socket);
    expect(heard).toEqual([]);
  });
});
