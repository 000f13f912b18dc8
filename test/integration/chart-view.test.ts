// The chart view presenters share (normal, movement, split by role), through real sockets and the
// real store: switched in one presenter window it shows in every other one (presenter:poll-state),
// in one that joins later, and after a restart; a hide, a reset and a vote again turn it back to
// normal. Phones are never told of it; a projector still gets no counts before the reveal. Only a
// presenter may switch it, and a malformed request is refused with an error acknowledgement.
import { describe, expect, it } from 'vitest';
import type { PresenterPollState } from '../../server/protocol.js';
import { deckFrom } from '../helpers/decks.js';
import { caseDecks, responseSlide, wordsSlide } from '../helpers/dr-x.js';
import { caughtUp, nextEvent, recordEvents } from '../helpers/events.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer, type TestSocket } from '../helpers/server.js';

const PLAIN = `---
title: No roles
---

# No roles

---

\`\`\`poll
id: plain
type: single
question: Yes or no?
options:
  yes: Yes
  no: No
\`\`\`
`;

const decks = new Map([
  ...caseDecks('views.md', 'Chart views', [responseSlide('respond', ['talk', 'wait']), wordsSlide()], ['Resident', 'Fellow']),
  ['plain', deckFrom(PLAIN, 'plain.md')],
]);
const POLL = 'respond';

async function presenter(server: TestServer, code: string, view: 'console' | 'projector'): Promise<TestSocket> {
  const socket = await server.client();
  ok(await request(socket, 'presenter:join', { code, key: PRESENTER_KEY, view }));
  return socket;
}

const pollOf = (state: { polls: PresenterPollState[] }, pollId = POLL): PresenterPollState => state.polls.find((p) => p.id === pollId)!;

/** A session on the poll's slide: two rounds answered by two phones (one changed), round 2 not revealed yet. */
async function twoRounds(server: TestServer): Promise<{ code: string; console_: TestSocket; projector: TestSocket; phone: TestSocket }> {
  const code = await server.createSession('views');
  const console_ = await presenter(server, code, 'console');
  const projector = await presenter(server, code, 'projector');
  ok(await request(console_, 'presenter:goto', { h: 1, v: 0 }));
  ok(await request(console_, 'presenter:poll', { pollId: POLL, action: 'open' }));
  const phone = await server.participant(code, 'phone-ana-0001');
  const other = await server.participant(code, 'phone-ben-0001');
  ok(await request(phone, 'audience:vote', { pollId: POLL, optionIds: ['talk'] }));
  ok(await request(other, 'audience:vote', { pollId: POLL, optionIds: ['wait'] }));
  ok(await request(console_, 'presenter:poll', { pollId: POLL, action: 'again' }));
  // The coalesced tally of round 2 is out before anything else happens (a reveal right after would
  // have it tell the phones the results a moment later).
  const counted = nextEvent(console_, 'presenter:tally', (u) => u.tallies.some((t) => t.pollId === POLL && t.respondents === 2 && t.earlier));
  ok(await request(phone, 'audience:vote', { pollId: POLL, optionIds: ['wait'] }));
  ok(await request(other, 'audience:vote', { pollId: POLL, optionIds: ['wait'] }));
  await counted;
  return { code, console_, projector, phone };
}

describe('the chart view presenters share', () => {
  it('switched in one presenter window shows in the others, and in one that joins later — phones hear nothing', async () => {
    const server = await newParley({ decks });
    const { code, console_, projector, phone } = await twoRounds(server);
    // From here on, with the reveal's state in (the last the phones were to be sent).
    const revealedToPhone = nextEvent(phone, 'audience:state', (s) => s.poll?.revealed === true);
    ok(await request(console_, 'presenter:poll', { pollId: POLL, action: 'reveal' }));
    await revealedToPhone;
    const phoneHeard = recordEvents(phone);

    const seen = nextEvent(projector, 'presenter:poll-state', (p) => p.id === POLL && p.view === 'movement');
    const state = ok(await request(console_, 'presenter:view', { pollId: POLL, view: 'movement' }));
    expect(state).toMatchObject({ id: POLL, view: 'movement', revealed: true, rounds: 2 });
    const projected = await seen;
    // The projector has what it needs to show the movement: the results are shown.
    expect(projected.tally.blind).toBeUndefined();
    expect(projected.tally.earlier).toMatchObject({ answeredBoth: 2, changed: 1 });

    // The other way round: the projector's K splits the console's chart by role.
    const split = nextEvent(console_, 'presenter:poll-state', (p) => p.id === POLL && p.view === 'split');
    expect(ok(await request(projector, 'presenter:view', { pollId: POLL, view: 'split' })).view).toBe('split');
    expect((await split).tally.byRole).toBeDefined();

    // A window opened (or reloaded) later starts with it.
    const later = await server.client();
    expect(pollOf(ok(await request(later, 'presenter:join', { code, key: PRESENTER_KEY })))).toMatchObject({ view: 'split', revealed: true });

    // The same view again changes nothing and is acknowledged as it is.
    expect(ok(await request(console_, 'presenter:view', { pollId: POLL, view: 'split' })).view).toBe('split');

    // Phones never hear of it: no audience:state, nothing at all.
    await caughtUp(phone);
    expect(phoneHeard).toEqual([]);
    // A phone joining again sees the poll as before (no view in the audience's state).
    const joined = ok(await request(phone, 'audience:join', { code, participantId: 'phone-ana-0001' }));
    expect(joined.state.poll).not.toHaveProperty('view');
  });

  it('is accepted before the reveal, but a projector gets no counts with it until the results are shown', async () => {
    const server = await newParley({ decks });
    const { console_, projector, phone } = await twoRounds(server);
    await caughtUp(phone);
    const phoneHeard = recordEvents(phone);
    const seen = nextEvent(projector, 'presenter:poll-state', (p) => p.id === POLL && p.view === 'movement');
    ok(await request(console_, 'presenter:view', { pollId: POLL, view: 'movement' }));
    const blind = await seen;
    expect(blind.revealed).toBe(false);
    expect(blind.tally).toEqual({ pollId: POLL, counts: {}, respondents: 2, blind: true });

    // Revealed: the projector has the rounds to show the view chosen, the phones the results (no view).
    const shown = nextEvent(projector, 'presenter:poll-state', (p) => p.id === POLL && p.revealed);
    ok(await request(console_, 'presenter:poll', { pollId: POLL, action: 'reveal' }));
    expect(await shown).toMatchObject({ view: 'movement', tally: { earlier: { changed: 1 } } });
    await caughtUp(phone);
    expect(phoneHeard.map((e) => e.event)).toEqual(['audience:state']);
    expect(phoneHeard[0]!.data).not.toHaveProperty('poll.view');
  });

  it('turns back to normal on a hide, a reset and a vote again', async () => {
    const server = await newParley({ decks });
    const { console_, projector } = await twoRounds(server);
    const view = async (chart: 'normal' | 'movement' | 'split') => ok(await request(console_, 'presenter:view', { pollId: POLL, view: chart })).view;
    const act = async (action: 'reveal' | 'hide' | 'reset' | 'again' | 'close' | 'open') =>
      ok(await request(console_, 'presenter:poll', { pollId: POLL, action })).view;

    expect(await act('reveal')).toBe('normal');
    expect(await view('movement')).toBe('movement');
    expect(await act('close')).toBe('movement');
    expect(await act('open')).toBe('movement');
    const hidden = nextEvent(projector, 'presenter:poll-state', (p) => p.id === POLL && !p.revealed);
    expect(await act('hide')).toBe('normal');
    expect((await hidden).view).toBe('normal');
    await act('reveal');
    expect(await view('split')).toBe('split');
    expect(await act('reset')).toBe('normal');
    await act('reveal');
    expect(await view('movement')).toBe('movement');
    expect(await act('again')).toBe('normal');
    expect(await view('split')).toBe('split');
    expect(await view('normal')).toBe('normal');
  });

  it('is stored: a restarted server shows the view chosen', async () => {
    const first = await newParley({ decks });
    const { code, console_ } = await twoRounds(first);
    ok(await request(console_, 'presenter:poll', { pollId: POLL, action: 'reveal' }));
    ok(await request(console_, 'presenter:view', { pollId: POLL, view: 'movement' }));
    await first.close();

    const server = await newParley({ decks, dataDir: first.dataDir });
    const projector = await server.client();
    expect(pollOf(ok(await request(projector, 'presenter:join', { code, key: PRESENTER_KEY })))).toMatchObject({
      view: 'movement',
      revealed: true,
    });
  });

  it('refuses a view the poll cannot show, saying why', async () => {
    const server = await newParley({ decks });
    const code = await server.createSession('views');
    const console_ = await presenter(server, code, 'console');
    // One round: nothing to show the movement of.
    expect(await request(console_, 'presenter:view', { pollId: POLL, view: 'movement' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request', message: expect.stringMatching(/vote again first/) },
    });
    // Typed answers are not split by role; a poll the deck lacks is not found.
    expect(await request(console_, 'presenter:view', { pollId: 'words', view: 'split' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    expect(await request(console_, 'presenter:view', { pollId: 'gone', view: 'normal' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // A deck without roles: no split.
    const plain = await server.createSession('plain');
    const other = await presenter(server, plain, 'console');
    expect(await request(other, 'presenter:view', { pollId: 'plain', view: 'split' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request', message: expect.stringMatching(/no roles in this deck/) },
    });
    expect(pollOf(ok(await request(console_, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }))).view).toBe('normal');
  });

  it('is a presenter’s only: a phone and a socket that never joined are refused; a malformed payload gets an error ack', async () => {
    const server = await newParley({ decks });
    const { code, console_, projector, phone } = await twoRounds(server);
    const revealed = nextEvent(projector, 'presenter:poll-state', (p) => p.id === POLL && p.revealed);
    ok(await request(console_, 'presenter:poll', { pollId: POLL, action: 'reveal' }));
    await revealed;
    const heard = recordEvents(projector);

    expect(await request(phone, 'presenter:view', { pollId: POLL, view: 'movement' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const stranger = await server.client();
    expect(await request(stranger, 'presenter:view', { pollId: POLL, view: 'movement' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const guesser = await server.client();
    expect(await request(guesser, 'presenter:join', { code, key: 'not-the-key' })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await request(guesser, 'presenter:view', { pollId: POLL, view: 'movement' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    for (const bad of [
      { pollId: POLL, view: 'sideways' },
      { pollId: POLL },
      { view: 'movement' },
      { pollId: POLL, view: 'movement', extra: true },
      { pollId: 'no spaces', view: 'movement' },
      { pollId: POLL, view: ['movement'] },
      'movement',
      null,
    ]) {
      const result = await request(console_, 'presenter:view', bad as never);
      expect(result, JSON.stringify(bad)).toMatchObject({
        ok: false,
        error: { code: 'bad_request', message: expect.stringMatching(/^Invalid presenter:view/) },
      });
    }

    // Nothing changed, and the server goes on: the next good request is taken, and its change is
    // the first the projector hears of (every poll state sent before it has come before it).
    expect(pollOf(ok(await request(projector, 'presenter:join', { code, key: PRESENTER_KEY }))).view).toBe('normal');
    const moved = nextEvent(projector, 'presenter:poll-state', (p) => p.id === POLL && p.view === 'movement');
    expect(ok(await request(console_, 'presenter:view', { pollId: POLL, view: 'movement' })).view).toBe('movement');
    const movedState = await moved;
    expect(heard.filter((e) => e.event === 'presenter:poll-state').map((e) => e.data)).toEqual([movedState]);
  });
});
