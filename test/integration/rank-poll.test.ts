// A ranking poll through real sockets: each phone sends its full order, the presenter sees each
// option's average position, and phones see it after the reveal.
import { describe, expect, it } from 'vitest';
import type { SessionExport } from '../../server/export/model.js';
import { openDecks } from '../helpers/decks.js';
import { nextEvent } from '../helpers/events.js';
import { newParley, ok, PRESENTER_KEY, request } from '../helpers/server.js';

const POLL = 'steps';

describe('a rank poll', () => {
  it("averages each option's position over every order sent, and refuses partial or repeated orders", async () => {
    const server = await newParley({ decks: openDecks() });
    const code = await server.createSession('open');
    const presenter = await server.client();
    ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    ok(await request(presenter, 'presenter:goto', { h: 2, v: 0 }));
    ok(await request(presenter, 'presenter:poll', { pollId: POLL, action: 'open' }));

    const orders = [
      ['expectations', 'prepare', 'feedback'],
      ['expectations', 'feedback', 'prepare'],
      ['prepare', 'expectations', 'feedback'],
    ];
    const phones = [];
    for (const [i, order] of orders.entries()) {
      const phone = await server.client();
      const joined = ok(await request(phone, 'audience:join', { code, participantId: `rank-phone-${i}` }));
      expect(joined.state.poll).toMatchObject({ id: POLL, type: 'rank' });
      expect(ok(await request(phone, 'audience:vote', { pollId: POLL, optionIds: order })).optionIds).toEqual(order);
      phones.push(phone);
    }
    const phone = phones[0]!;
    for (const optionIds of [
      ['prepare', 'feedback'],
      ['prepare', 'prepare', 'feedback'],
      ['prepare', 'feedback', 'nope'],
    ]) {
      expect(await request(phone, 'audience:vote', { pollId: POLL, optionIds })).toMatchObject({ ok: false, error: { code: 'invalid_vote' } });
    }
    // Changing one's order replaces it (listening first: the coalesced tally may beat the ack).
    const changed = nextEvent(presenter, 'presenter:tally', (u) => u.tallies.some((t) => t.counts.feedback === 1));
    ok(await request(phones[1]!, 'audience:vote', { pollId: POLL, optionIds: ['feedback', 'expectations', 'prepare'] }));

    const tally = await changed;
    expect(tally.tallies.find((t) => t.pollId === POLL)).toEqual({
      pollId: POLL,
      // How many put each option first.
      counts: { prepare: 1, expectations: 1, feedback: 1 },
      respondents: 3,
      // (2 + 3 + 1) / 3, (1 + 2 + 2) / 3, (3 + 1 + 3) / 3
      positions: { prepare: 2, expectations: 1.67, feedback: 2.33 },
    });

    const revealed = nextEvent(phone, 'audience:state', (s) => s.poll?.results !== undefined);
    ok(await request(presenter, 'presenter:poll', { pollId: POLL, action: 'reveal' }));
    expect((await revealed).poll?.results?.positions).toEqual({ prepare: 2, expectations: 1.67, feedback: 2.33 });

    const res = await fetch(`${server.url}/api/sessions/${code}/export?format=json`, { headers: { authorization: `Bearer ${PRESENTER_KEY}` } });
    const exported = (await res.json()) as SessionExport;
    expect(exported.polls.find((p) => p.id === POLL)?.options.map((o) => [o.id, o.averagePosition, o.count])).toEqual([
      ['prepare', 2, 1],
      ['expectations', 1.67, 1],
      ['feedback', 2.33, 1],
    ]);
  });
});
