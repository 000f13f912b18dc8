// Vote again after discussion (issue 19, part 2), through real sockets and the real store: the
// presenter's `again` closes and keeps round 1 and opens round 2 blind; the console sees both
// rounds, who changed and who went where; the projector and the phones see it once revealed; a
// phone is told which round was its first; a restart reads every shown round back; a reset erases
// only the round it resets; an ended session refuses to vote again.
import { describe, expect, it } from 'vitest';
import type { Tally } from '../../server/protocol.js';
import { caseDecks, responseSlide, wordsSlide } from '../helpers/dr-x.js';
import { nextEvent } from '../helpers/events.js';
import { EARLIER, ROUND_1, ROUND_2, ROUND_COUNTS } from '../helpers/rounds.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer, type TestSocket } from '../helpers/server.js';

const decks = caseDecks('again.md', 'Vote again', [
  responseSlide('respond-a', ['talk', 'wait', 'leave'], { heading: "Dr. X's response A" }),
  wordsSlide(3),
]);
const POLL = 'respond-a';

const ROUND_2_TALLY: Tally = { pollId: POLL, counts: ROUND_COUNTS, respondents: 6, earlier: EARLIER };

async function presenter(server: TestServer, code: string, view: 'console' | 'projector'): Promise<TestSocket> {
  const socket = await server.client();
  ok(await request(socket, 'presenter:join', { code, key: PRESENTER_KEY, view }));
  return socket;
}

async function phones(server: TestServer, code: string): Promise<Map<string, TestSocket>> {
  const names = [...new Set([...Object.keys(ROUND_1), ...Object.keys(ROUND_2)])];
  return new Map(await Promise.all(names.map(async (name) => [name, await server.participant(code, `phone-${name}-0001`)] as const)));
}

async function voteAll(phones: Map<string, TestSocket>, answers: Readonly<Record<string, string>>): Promise<void> {
  for (const [name, option] of Object.entries(answers)) {
    ok(await request(phones.get(name)!, 'audience:vote', { pollId: POLL, optionIds: [option] }));
  }
}

/** A session on the poll's slide, round 1 voted and revealed, then voted again: round 2 answered. */
async function twoRounds(server: TestServer): Promise<{ code: string; console_: TestSocket; phones: Map<string, TestSocket> }> {
  const code = await server.createSession('again');
  const console_ = await presenter(server, code, 'console');
  ok(await request(console_, 'presenter:goto', { h: 1, v: 0 }));
  ok(await request(console_, 'presenter:poll', { pollId: POLL, action: 'open' }));
  const room = await phones(server, code);
  await voteAll(room, ROUND_1);
  ok(await request(console_, 'presenter:poll', { pollId: POLL, action: 'reveal' }));
  const again = ok(await request(console_, 'presenter:poll', { pollId: POLL, action: 'again' }));
  expect(again).toMatchObject({ status: 'open', revealed: false, round: 2, rounds: 2 });
  const counted = nextEvent(console_, 'presenter:tally', (u) => u.tallies.some((t) => t.pollId === POLL && t.respondents === 6));
  await voteAll(room, ROUND_2);
  await counted;
  return { code, console_, phones: room };
}

describe('vote again', () => {
  it('keeps round 1 beside round 2 for the console, with who changed and who went where', async () => {
    const server = await newParley({ decks });
    const { code, console_ } = await twoRounds(server);
    const joined = ok(await request(await server.client(), 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    expect(joined.polls.find((p) => p.id === POLL)).toMatchObject({ round: 2, rounds: 2, tally: ROUND_2_TALLY });
    const state = ok(await request(console_, 'presenter:poll', { pollId: POLL, action: 'close' }));
    expect(state.tally).toEqual(ROUND_2_TALLY);
  });

  it('shows the projector and the phones both rounds only with the reveal, and tells each phone its first answer', async () => {
    const server = await newParley({ decks });
    const { code, console_, phones } = await twoRounds(server);
    const projector = await presenter(server, code, 'projector');
    const ben = phones.get('ben')!;

    // Blind in round 2: the projector learns how many answered, the phones which round was round 1.
    const blind = ok(await request(projector, 'presenter:join', { code, key: PRESENTER_KEY, view: 'projector' }));
    expect(blind.polls.find((p) => p.id === POLL)!.tally).toEqual({ pollId: POLL, counts: {}, respondents: 6, blind: true });
    const rejoined = ok(await request(ben, 'audience:join', { code, participantId: 'phone-ben-0001' }));
    expect(rejoined.state.poll).toMatchObject({ id: POLL, round: 2, earlierRound: 1, keptRounds: 1, revealed: false });
    expect(rejoined.state.poll).not.toHaveProperty('results');
    expect(rejoined.answers).toEqual([{ pollId: POLL, round: 2, optionIds: ['wait'] }]);
    expect(rejoined.earlier).toEqual([{ pollId: POLL, round: 1, optionIds: ['talk'] }]);
    // A newcomer of round 2 had no first answer.
    const gus = ok(await request(phones.get('gus')!, 'audience:join', { code, participantId: 'phone-gus-0001' }));
    expect(gus.earlier).toEqual([]);

    const shown = nextEvent(projector, 'presenter:poll-state', (p) => p.id === POLL && p.revealed);
    const phoneShown = nextEvent(ben, 'audience:state', (s) => s.poll?.revealed === true);
    ok(await request(console_, 'presenter:poll', { pollId: POLL, action: 'reveal' }));
    expect((await shown).tally).toEqual(ROUND_2_TALLY);
    expect((await phoneShown).poll!.results).toEqual(ROUND_2_TALLY);
  });

  it('is stored: a restarted server shows both rounds, and a reset then erases round 2 only', async () => {
    const first = await newParley({ decks });
    const { code } = await twoRounds(first);
    await first.close();

    const server = await newParley({ decks, dataDir: first.dataDir });
    const console_ = await presenter(server, code, 'console');
    const after = ok(await request(console_, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    expect(after.polls.find((p) => p.id === POLL)).toMatchObject({ round: 2, rounds: 2, tally: ROUND_2_TALLY });

    // A reset is a mistake eraser: round 2 stops counting and is never shown; round 1 stays.
    const reset = ok(await request(console_, 'presenter:poll', { pollId: POLL, action: 'reset' }));
    expect(reset).toMatchObject({ round: 3, rounds: 2 });
    expect(reset.tally).toEqual({
      pollId: POLL,
      counts: { talk: 0, wait: 0, leave: 0 },
      respondents: 0,
      earlier: {
        ...EARLIER,
        answeredBoth: 0,
        changed: 0,
        flows: { talk: { talk: 0, wait: 0, leave: 0 }, wait: { talk: 0, wait: 0, leave: 0 }, leave: { talk: 0, wait: 0, leave: 0 } },
      },
    });
    const ana = await server.participant(code, 'phone-ana-0001');
    ok(await request(ana, 'audience:vote', { pollId: POLL, optionIds: ['leave'] }));
    const poll = ok(await request(console_, 'presenter:poll', { pollId: POLL, action: 'close' }));
    expect(poll.tally.earlier).toMatchObject({ answeredBoth: 1, changed: 1, flows: { talk: { leave: 1 } } });
  });

  it('tells a phone that the round after a reset was its first vote: a reset round is never counted', async () => {
    const server = await newParley({ decks });
    const code = await server.createSession('again');
    const console_ = await presenter(server, code, 'console');
    ok(await request(console_, 'presenter:goto', { h: 1, v: 0 }));
    ok(await request(console_, 'presenter:poll', { pollId: POLL, action: 'open' }));
    const ana = await server.participant(code, 'phone-ana-0001');
    ok(await request(ana, 'audience:vote', { pollId: POLL, optionIds: ['talk'] }));
    ok(await request(console_, 'presenter:poll', { pollId: POLL, action: 'reset' }));
    ok(await request(ana, 'audience:vote', { pollId: POLL, optionIds: ['wait'] }));
    ok(await request(console_, 'presenter:poll', { pollId: POLL, action: 'again' }));
    const joined = ok(await request(ana, 'audience:join', { code, participantId: 'phone-ana-0001' }));
    expect(joined.state.poll).toMatchObject({ round: 3, earlierRound: 2, keptRounds: 1 });
    expect(joined.earlier).toEqual([{ pollId: POLL, round: 2, optionIds: ['wait'] }]);
    // Voted on again once more: two kept rounds before the current one.
    ok(await request(console_, 'presenter:poll', { pollId: POLL, action: 'again' }));
    const rejoined = ok(await request(ana, 'audience:join', { code, participantId: 'phone-ana-0001' }));
    expect(rejoined.state.poll).toMatchObject({ round: 4, earlierRound: 3, keptRounds: 2 });
  });

  it('works as a new round on a text poll, and is refused once the session has ended', async () => {
    const server = await newParley({ decks });
    const code = await server.createSession('again');
    const console_ = await presenter(server, code, 'console');
    ok(await request(console_, 'presenter:goto', { h: 2, v: 0 }));
    ok(await request(console_, 'presenter:poll', { pollId: 'words', action: 'open' }));
    const ana = await server.participant(code, 'phone-ana-0001');
    ok(await request(ana, 'audience:submit', { pollId: 'words', text: 'trust' }));
    const again = ok(await request(console_, 'presenter:poll', { pollId: 'words', action: 'again' }));
    expect(again).toMatchObject({ status: 'open', round: 2, rounds: 2, entries: [] });
    expect(again.tally.earlier?.rounds).toEqual([expect.objectContaining({ respondents: 1, entries: 1 })]);
    ok(await request(ana, 'audience:submit', { pollId: 'words', text: 'patience' }));

    const ended = await fetch(`${server.url}/api/sessions/${code}/end`, { method: 'POST', headers: { authorization: `Bearer ${PRESENTER_KEY}` } });
    expect(ended.status).toBe(200);
    const refused = await request(console_, 'presenter:poll', { pollId: 'words', action: 'again' });
    expect(refused).toEqual({ ok: false, error: { code: 'forbidden', message: 'This session has ended: start a new one to vote again.' } });
    // Nothing changed: still round 2, closed by the end.
    const state = ok(await request(console_, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    expect(state.polls.find((p) => p.id === 'words')).toMatchObject({ status: 'closed', round: 2, rounds: 2 });
  });
});
