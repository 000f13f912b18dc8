// The audience Q&A board through real sockets: questions are public on every phone (never who
// asked), one upvote per participant per question, the board sorts by votes, and the presenter
// marks questions answered or hides them — phones follow at once.
import { describe, expect, it } from 'vitest';
import type { AudienceState } from '../../server/protocol.js';
import { UPVOTE_RATE } from '../../server/sessions/participant-limits.js';
import { openDecks } from '../helpers/decks.js';
import { nextEvent } from '../helpers/events.js';
import { newParley, ok, PRESENTER_KEY, request, tempDataDir, type TestServer, type TestSocket } from '../helpers/server.js';

const POLL = 'questions';

async function board(server: TestServer): Promise<{ code: string; presenter: TestSocket; phones: TestSocket[] }> {
  const code = await server.createSession('open');
  const presenter = await server.client();
  ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
  ok(await request(presenter, 'presenter:goto', { h: 3, v: 0 }));
  ok(await request(presenter, 'presenter:poll', { pollId: POLL, action: 'open' }));
  const phones = [];
  for (const name of ['ana', 'ben', 'cy', 'dee']) {
    const socket = await server.client();
    ok(await request(socket, 'audience:join', { code, participantId: `qa-phone-${name}` }));
    phones.push(socket);
  }
  return { code, presenter, phones };
}

const texts = (state: AudienceState) => state.poll?.board?.map((q) => `${q.text} (${q.votes})`);

describe('a Q&A poll', () => {
  it('shows every phone the questions, most upvoted first, with one upvote per participant', async () => {
    const server = await newParley({ decks: openDecks() });
    const { code, presenter, phones } = await board(server);
    const [ana, ben, cy, dee] = phones as [TestSocket, TestSocket, TestSocket, TestSocket];

    const onBen = nextEvent(ben, 'audience:state', (s) => s.poll?.board?.length === 2);
    const q1 = ok(await request(ana, 'audience:submit', { pollId: POLL, text: 'How often should we meet?' })).entries![0]!;
    const q2 = ok(await request(cy, 'audience:submit', { pollId: POLL, text: 'What if my mentor never replies?' })).entries![0]!;
    // Before any reveal: the board is the content of a Q&A poll, and it names nobody.
    const seen = await onBen;
    expect(seen.poll?.revealed).toBe(false);
    expect(seen.poll?.board?.[0]).toEqual({ id: q1.id, text: 'How often should we meet?', answered: false, votes: 0 });
    expect(JSON.stringify(seen)).not.toContain('qa-phone');

    const upvoted = ok(await request(ben, 'audience:upvote', { pollId: POLL, entryId: q2.id, up: true }));
    expect(upvoted.upvoted).toEqual([q2.id]);
    // Again: still one upvote.
    ok(await request(ben, 'audience:upvote', { pollId: POLL, entryId: q2.id, up: true }));
    ok(await request(dee, 'audience:upvote', { pollId: POLL, entryId: q2.id, up: true }));
    // Listening before the last upvote: the board it brings may arrive before its acknowledgement.
    const sorted = nextEvent(ana, 'audience:state', (s) => s.poll?.board?.[0]?.votes === 2 && s.poll.board[1]?.votes === 1);
    ok(await request(dee, 'audience:upvote', { pollId: POLL, entryId: q1.id, up: true }));
    expect(await request(cy, 'audience:upvote', { pollId: POLL, entryId: q2.id, up: true })).toEqual({
      ok: false,
      error: { code: 'invalid_vote', message: 'You cannot upvote your own question.' },
    });
    expect(texts(await sorted)).toEqual(['What if my mentor never replies? (2)', 'How often should we meet? (1)']);

    // Taking an upvote back.
    const presenterView = nextEvent(presenter, 'presenter:entries', (u) => u.entries.some((e) => e.id === q2.id && e.votes === 1));
    ok(await request(dee, 'audience:upvote', { pollId: POLL, entryId: q2.id, up: false }));
    expect((await presenterView).pollId).toBe(POLL);
    const rejoined = ok(await request(dee, 'audience:join', { code, participantId: 'qa-phone-dee' }));
    expect(rejoined.answers.find((a) => a.pollId === POLL)?.upvoted).toEqual([q1.id]);
  });

  it('lets the presenter mark a question answered (it moves down) or hide it (it leaves every phone)', async () => {
    const server = await newParley({ decks: openDecks() });
    const { code, presenter, phones } = await board(server);
    const [ana, ben, cy] = phones as [TestSocket, TestSocket, TestSocket];
    const q1 = ok(await request(ana, 'audience:submit', { pollId: POLL, text: 'First question?' })).entries![0]!;
    const q2 = ok(await request(ben, 'audience:submit', { pollId: POLL, text: '<script>alert(1)</script>' })).entries![0]!;
    ok(await request(cy, 'audience:upvote', { pollId: POLL, entryId: q1.id, up: true }));

    const answeredOnPhone = nextEvent(cy, 'audience:state', (s) => s.poll?.board?.at(-1)?.answered === true);
    const answered = ok(await request(presenter, 'presenter:moderate', { pollId: POLL, entryId: q1.id, action: 'answered' }));
    expect(answered).toMatchObject({ id: q1.id, answered: true, votes: 1 });
    expect((await answeredOnPhone).poll?.board?.map((q) => q.id)).toEqual([q2.id, q1.id]);

    const hiddenOnPhone = nextEvent(cy, 'audience:state', (s) => s.poll?.board?.length === 1);
    ok(await request(presenter, 'presenter:moderate', { pollId: POLL, entryId: q2.id, action: 'hide' }));
    expect((await hiddenOnPhone).poll?.board?.map((q) => q.id)).toEqual([q1.id]);
    expect(await request(cy, 'audience:upvote', { pollId: POLL, entryId: q2.id, up: true })).toMatchObject({
      ok: false,
      error: { code: 'invalid_vote', message: 'That question is no longer on the board.' },
    });

    // Closed: no more questions, but the board stays readable.
    ok(await request(presenter, 'presenter:poll', { pollId: POLL, action: 'close' }));
    expect(await request(cy, 'audience:submit', { pollId: POLL, text: 'Late?' })).toMatchObject({ ok: false, error: { code: 'poll_closed' } });
    const closed = ok(await request(cy, 'audience:join', { code, participantId: 'qa-phone-cy' }));
    expect(closed.state.poll).toMatchObject({ status: 'closed', board: [{ id: q1.id, answered: true }] });
  });

  it('caps upvotes per participant in time, and keeps questions and upvotes across a restart', async () => {
    const dataDir = tempDataDir();
    const server = await newParley({ decks: openDecks(), dataDir });
    const { code, phones } = await board(server);
    const [ana, ben] = phones as [TestSocket, TestSocket];
    const q = ok(await request(ana, 'audience:submit', { pollId: POLL, text: 'Can I have two mentors?' })).entries![0]!;
    for (let i = 0; i < UPVOTE_RATE.max; i++) {
      ok(await request(ben, 'audience:upvote', { pollId: POLL, entryId: q.id, up: i % 2 === 0 }));
    }
    expect(await request(ben, 'audience:upvote', { pollId: POLL, entryId: q.id, up: true })).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', message: expect.stringMatching(/^Too many upvotes at once — wait \d+ s and try again\.$/) },
    });
    await server.close();

    const again = await newParley({ decks: openDecks(), dataDir });
    const phone = await again.client();
    const joined = ok(await request(phone, 'audience:join', { code, participantId: 'qa-phone-ben' }));
    expect(joined.state.poll?.board).toEqual([{ id: q.id, text: 'Can I have two mentors?', answered: false, votes: 0 }]);
  });
});
