// The join link (/j/CODE) carries the session's current state in the page, so that a phone shows
// the open poll before its socket has connected: the same state a joined phone receives, never a
// count before the reveal, and participant-written text that cannot break out of the page.
import { describe, expect, it } from 'vitest';
import { INITIAL_STATE_ID, type AudienceState } from '../../server/protocol.js';
import { openDecks } from '../helpers/decks.js';
import { nextEvent } from '../helpers/events.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer } from '../helpers/server.js';

const BLOCK = new RegExp(`<script type="application/json" id="${INITIAL_STATE_ID}">([^<]*)</script>`);

async function joinPage(server: TestServer, path: string): Promise<{ html: string; state: AudienceState | null }> {
  const res = await fetch(`${server.url}${path}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-cache');
  const html = await res.text();
  const block = BLOCK.exec(html);
  return { html, state: block ? (JSON.parse(block[1]!) as AudienceState) : null };
}

async function presenting(server: TestServer, deck: string) {
  const code = await server.createSession(deck);
  const presenter = await server.client();
  ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
  return { code, presenter };
}

describe('the join page', () => {
  it('carries the state a joined phone gets: the open poll, and no counts before the reveal', async () => {
    const server = await newParley();
    const { code, presenter } = await presenting(server, 'workshop');
    ok(await request(presenter, 'presenter:goto', { h: 1, v: 1 }));
    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'open' }));
    const voter = await server.client();
    ok(await request(voter, 'audience:join', { code, participantId: 'join-page-voter' }));
    ok(await request(voter, 'audience:vote', { pollId: 'branch-a', optionIds: ['talk'] }));

    const phone = await server.client();
    const joined = ok(await request(phone, 'audience:join', { code, participantId: 'join-page-phone' }));
    const { state } = await joinPage(server, `/j/${code}`);
    expect(state).toEqual(joined.state);
    expect(state?.poll).toMatchObject({ id: 'branch-a', status: 'open', revealed: false });
    expect(state?.poll?.options.map((o) => o.id)).toEqual(['talk', 'wait', 'escalate']);
    expect(state?.poll?.results).toBeUndefined();
    // A lower-case link is the same session (the page uppercases it too).
    expect((await joinPage(server, `/j/${code.toLowerCase()}`)).state).toEqual(joined.state);

    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'close' }));
    const revealed = nextEvent(phone, 'audience:state', (s) => s.poll?.revealed === true);
    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'reveal' }));
    const afterReveal = (await joinPage(server, `/j/${code}`)).state;
    expect(afterReveal).toEqual(await revealed);
    expect(afterReveal?.poll?.results?.respondents).toBe(1);
  });

  it('is the plain page for an unknown or malformed code (the join then says so)', async () => {
    const server = await newParley();
    for (const path of ['/j/ZZZZZ', '/j/not-a-code', '/j/%3Cscript%3E']) {
      const { html, state } = await joinPage(server, path);
      expect(state, path).toBeNull();
      expect(html).toContain('id="app"');
      expect(html).not.toContain('<script>');
    }
  });

  it('keeps participant-written questions inside the data block, exactly as written', async () => {
    const server = await newParley({ decks: openDecks() });
    const { code, presenter } = await presenting(server, 'open');
    ok(await request(presenter, 'presenter:goto', { h: 3, v: 0 }));
    ok(await request(presenter, 'presenter:poll', { pollId: 'questions', action: 'open' }));
    const asker = await server.client();
    ok(await request(asker, 'audience:join', { code, participantId: 'join-page-asker' }));
    const nasty = '</script><script>alert(1)</script><!-- & \u2028';
    ok(await request(asker, 'audience:submit', { pollId: 'questions', text: nasty }));

    const { html, state } = await joinPage(server, `/j/${code}`);
    expect(state?.poll?.board?.map((q) => q.text)).toEqual([nasty.replace(/\s+/g, ' ').trim()]);
    // The only script elements are the page's module and the data block.
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html).not.toContain('alert(1)</script>');
    expect(html).not.toContain('<!-- &');
  });
});
