// A paired poll through real sockets and the real store: phones see both questions over the same
// options and answer both in one vote; the console sees each question's counts and the gap; the
// projector sees none of it before the reveal; a restart reads it all back.
import { describe, expect, it } from 'vitest';
import { pairedDecks, SHOULD_WOULD } from '../helpers/dr-x.js';
import { nextEvent } from '../helpers/events.js';
import { newParley, ok, PRESENTER_KEY, request } from '../helpers/server.js';

const decks = pairedDecks();
const POLL = 'respond-a';
const TALLY = {
  pollId: POLL,
  counts: { talk: 4, wait: 0, leave: 1 },
  respondents: 5,
  asked: { should: { talk: 4, wait: 0, leave: 1 }, would: { talk: 1, wait: 2, leave: 2 } },
  gap: 3,
};

describe('a paired poll', () => {
  it('takes both answers in one vote, counts each question and the gap, and keeps them across a restart', async () => {
    const first = await newParley({ decks });
    const code = await first.createSession('paired');
    const console_ = await first.presenter(code);
    const projector = await first.client();
    ok(await request(projector, 'presenter:join', { code, key: PRESENTER_KEY, view: 'projector' }));
    ok(await request(console_, 'presenter:goto', { h: 1, v: 0 }));
    ok(await request(console_, 'presenter:poll', { pollId: POLL, action: 'open' }));

    const phones = new Map(
      await Promise.all(Object.keys(SHOULD_WOULD).map(async (name) => [name, await first.participant(code, `phone-${name}-0001`)] as const)),
    );
    const joined = ok(await request(phones.get('ana')!, 'audience:join', { code, participantId: 'phone-ana-0001' }));
    expect(joined.state.poll).toMatchObject({
      id: POLL,
      ask: [
        { id: 'should', question: 'What should you do?' },
        { id: 'would', question: 'What would you actually do?' },
      ],
    });
    // One question answered is no answer.
    expect(await request(phones.get('ana')!, 'audience:vote', { pollId: POLL, optionIds: ['talk'] })).toEqual({
      ok: false,
      error: { code: 'invalid_vote', message: 'Answer each question: What should you do? / What would you actually do?' },
    });

    const counted = nextEvent(console_, 'presenter:tally', (u) => u.tallies.some((t) => t.pollId === POLL && t.respondents === 5));
    const blind = nextEvent(projector, 'presenter:tally', (u) => u.tallies.some((t) => t.pollId === POLL && t.respondents === 5));
    for (const [name, answer] of Object.entries(SHOULD_WOULD)) {
      expect(ok(await request(phones.get(name)!, 'audience:vote', { pollId: POLL, optionIds: answer })).optionIds).toEqual(answer);
    }
    expect((await counted).tallies.find((t) => t.pollId === POLL)).toEqual(TALLY);
    expect((await blind).tallies.find((t) => t.pollId === POLL)).toEqual({ pollId: POLL, counts: {}, respondents: 5, blind: true });
    const shown = nextEvent(projector, 'presenter:poll-state', (p) => p.id === POLL && p.revealed);
    ok(await request(console_, 'presenter:poll', { pollId: POLL, action: 'reveal' }));
    expect((await shown).tally).toEqual(TALLY);
    await first.close();

    const server = await newParley({ decks, dataDir: first.dataDir });
    const again = await server.client();
    const state = ok(await request(again, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    expect(state.polls.find((p) => p.id === POLL)!.tally).toEqual(TALLY);
    const ana = ok(await request(await server.client(), 'audience:join', { code, participantId: 'phone-ana-0001' }));
    expect(ana.answers).toEqual([{ pollId: POLL, round: 1, optionIds: ['talk', 'wait'] }]);
  });
});
