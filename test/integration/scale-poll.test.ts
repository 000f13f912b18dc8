// A rating poll through real sockets: the presenter sees the distribution and the mean, phones
// see them after reveal, and the export carries both.
import { describe, expect, it } from 'vitest';
import type { SessionExport } from '../../server/export/model.js';
import { deckFrom } from '../helpers/decks.js';
import { nextEvent } from '../helpers/events.js';
import { newParley, ok, PRESENTER_KEY, request } from '../helpers/server.js';

const RATING_DECK = `---
title: Ratings
---

## How sure?

\`\`\`poll
id: more-than-one
type: scale
question: Is it okay to have more than one mentor?
low: Strongly disagree
high: Strongly agree
\`\`\`
`;

describe('a scale poll', () => {
  it('tallies ratings with their mean for the presenter, the phones after reveal, and the export', async () => {
    const deck = deckFrom(RATING_DECK, 'ratings.md');
    const server = await newParley({ decks: new Map([[deck.id, deck]]) });
    const code = await server.createSession('ratings');
    const presenter = await server.client();
    const state = ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    expect(state.deck.polls[0]!.options.map((o) => o.label)).toEqual(['1 — Strongly disagree', '2', '3', '4', '5 — Strongly agree']);
    ok(await request(presenter, 'presenter:poll', { pollId: 'more-than-one', action: 'open' }));

    // Listening before the votes: the coalesced tally may arrive before the last request returns.
    const fourAnswers = nextEvent(presenter, 'presenter:tally', (u) => u.tallies.some((t) => t.respondents === 4));
    const phones = [];
    for (const [i, rating] of ['5', '4', '4', '2'].entries()) {
      const phone = await server.client();
      const joined = ok(await request(phone, 'audience:join', { code, participantId: `rating-phone-${i}` }));
      expect(joined.state.poll).toMatchObject({ type: 'scale', scale: { max: 5, low: 'Strongly disagree', high: 'Strongly agree' } });
      ok(await request(phone, 'audience:vote', { pollId: 'more-than-one', optionIds: [rating] }));
      phones.push(phone);
    }
    expect(await request(phones[0]!, 'audience:vote', { pollId: 'more-than-one', optionIds: ['6'] })).toMatchObject({
      ok: false,
      error: { code: 'invalid_vote' },
    });
    const tally = await fourAnswers;
    expect(tally.tallies[0]).toEqual({
      pollId: 'more-than-one',
      counts: { '1': 0, '2': 1, '3': 0, '4': 2, '5': 1 },
      respondents: 4,
      mean: 3.75,
    });

    const revealed = nextEvent(phones[0]!, 'audience:state', (s) => s.poll?.results !== undefined);
    ok(await request(presenter, 'presenter:poll', { pollId: 'more-than-one', action: 'reveal' }));
    expect((await revealed).poll?.results?.mean).toBe(3.75);

    const exported = (await (
      await fetch(`${server.url}/api/sessions/${code}/export?format=json`, { headers: { authorization: `Bearer ${PRESENTER_KEY}` } })
    ).json()) as SessionExport;
    expect(exported.polls[0]).toMatchObject({ type: 'scale', mean: 3.75, scale: { max: 5 } });
    const report = await (
      await fetch(`${server.url}/api/sessions/${code}/export?format=html`, { headers: { authorization: `Bearer ${PRESENTER_KEY}` } })
    ).text();
    expect(report).toContain('Mean: 3.75 (of 5)');
  });
});
