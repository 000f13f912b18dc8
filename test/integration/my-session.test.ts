// A participant's "My session" (audience:mine) through real sockets and the real store: their own
// answers in every round, the room's results only of polls the room was shown, their commitment,
// never anyone else's answers; after the session has ended too, and after a restart.
import { describe, expect, it } from 'vitest';
import type { MySession } from '../../server/protocol.js';
import { caseDecks, commitmentSlides, responseSlide, wordsSlide } from '../helpers/dr-x.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer, type TestSocket } from '../helpers/server.js';

const decks = caseDecks('mine.md', 'My own session', [
  responseSlide('respond-a', ['talk', 'wait', 'leave'], { heading: 'Response A' }),
  responseSlide('respond-b', ['talk', 'wait'], { heading: 'Response B' }),
  ...commitmentSlides(),
  wordsSlide(),
]);

type Room = Record<'ana' | 'ben' | 'cal', TestSocket>;

async function poll(presenter: TestSocket, pollId: string, ...actions: ('open' | 'close' | 'reveal' | 'again')[]): Promise<void> {
  for (const action of actions) ok(await request(presenter, 'presenter:poll', { pollId, action }));
}

/** The session as the test plays it: ana changes her mind after a vote again, ben writes a word, respond-b is never revealed. */
async function playedSession(server: TestServer): Promise<{ code: string; presenter: TestSocket; room: Room }> {
  const code = await server.createSession('mine');
  const presenter = await server.client();
  ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
  const room: Room = {
    ana: await server.participant(code, 'phone-ana-0001'),
    ben: await server.participant(code, 'phone-ben-0001'),
    cal: await server.participant(code, 'phone-cal-0001'),
  };
  const vote = async (who: keyof Room, pollId: string, optionIds: string[]) => ok(await request(room[who], 'audience:vote', { pollId, optionIds }));

  await poll(presenter, 'respond-a', 'open');
  await vote('ana', 'respond-a', ['talk']);
  await vote('ben', 'respond-a', ['wait']);
  await vote('cal', 'respond-a', ['talk']);
  await poll(presenter, 'respond-a', 'reveal', 'again');
  await vote('ana', 'respond-a', ['wait']);
  await vote('cal', 'respond-a', ['talk']);
  await poll(presenter, 'respond-a', 'close', 'reveal');

  await poll(presenter, 'respond-b', 'open');
  await vote('ana', 'respond-b', ['talk']);
  await vote('ben', 'respond-b', ['wait']);
  await poll(presenter, 'respond-b', 'close');

  await poll(presenter, 'step', 'open');
  await vote('ana', 'step', ['plan']);
  await vote('ben', 'step', ['goals']);
  await poll(presenter, 'step-words', 'open');
  ok(await request(room.ana, 'audience:submit', { pollId: 'step-words', text: 'Email Dr. X three meeting times' }));

  await poll(presenter, 'words', 'open');
  ok(await request(room.ben, 'audience:submit', { pollId: 'words', text: 'listen' }));
  await poll(presenter, 'words', 'close', 'reveal');
  return { code, presenter, room };
}

/** What ana should see: her own answers, the room's results of respond-a and words only. */
function anasSession(code: string, endedAt: number | null): MySession {
  const options = (ids: [string, string][]) => ids.map(([id, label]) => ({ id, label }));
  return {
    code,
    deckTitle: 'My own session',
    endedAt,
    polls: [
      {
        poll: {
          id: 'respond-a',
          type: 'single',
          question: 'How should you respond?',
          options: options([
            ['talk', 'Talk to Dr. X'],
            ['wait', 'Wait and see'],
            ['leave', 'Change mentors'],
          ]),
        },
        slideTitle: 'Response A',
        rounds: [
          { pollId: 'respond-a', round: 1, optionIds: ['talk'] },
          { pollId: 'respond-a', round: 2, optionIds: ['wait'] },
        ],
        // The room as it was shown: the last round's counts.
        results: { tally: { counts: { talk: 1, wait: 1, leave: 0 }, respondents: 2 } },
      },
      {
        poll: {
          id: 'respond-b',
          type: 'single',
          question: 'How should you respond?',
          options: options([
            ['talk', 'Talk to Dr. X'],
            ['wait', 'Wait and see'],
          ]),
        },
        slideTitle: 'Response B',
        rounds: [{ pollId: 'respond-b', round: 1, optionIds: ['talk'] }],
      },
      {
        poll: {
          id: 'step',
          type: 'single',
          question: 'One step I will take',
          options: options([
            ['plan', 'Draft a plan with timelines'],
            ['goals', 'Set goals with my mentor'],
          ]),
          commitment: true,
        },
        slideTitle: 'Your next step',
        rounds: [{ pollId: 'step', round: 1, optionIds: ['plan'] }],
      },
      {
        poll: expect.objectContaining({ id: 'step-words', type: 'text', question: 'Your step, in a few words', commitment: true }),
        slideTitle: 'Your step',
        rounds: [
          {
            pollId: 'step-words',
            round: 1,
            optionIds: [],
            entries: [expect.objectContaining({ text: 'Email Dr. X three meeting times', status: 'shown' })],
          },
        ],
      },
      {
        poll: expect.objectContaining({ id: 'words', type: 'text' }),
        slideTitle: 'Words',
        rounds: [],
        results: expect.objectContaining({ entries: [expect.objectContaining({ text: 'listen' })] }),
      },
    ],
  } as MySession;
}

describe('My session (audience:mine)', () => {
  it("gives a participant their own answers in every round beside the room's results, only of the polls the room was shown", async () => {
    const server = await newParley({ decks });
    const { code, room } = await playedSession(server);
    const mine = ok(await request(room.ana, 'audience:mine', {}));
    expect(mine).toEqual(anasSession(code, null));
    // A result not shown to the room is not in it at all, counts or entries.
    expect(JSON.stringify(mine.polls.find((p) => p.poll.id === 'respond-b'))).not.toContain('results');

    // Nobody else's answers: cal's record holds cal's, and nothing of ana's words.
    const cals = ok(await request(room.cal, 'audience:mine', {}));
    expect(cals.polls.map((p) => [p.poll.id, p.rounds.map((r) => r.optionIds)])).toEqual([
      ['respond-a', [['talk'], ['talk']]],
      ['words', []],
    ]);
    expect(JSON.stringify(cals)).not.toContain('Email Dr. X');
  });

  it('is there after the session has ended and after a restart, with the end time', async () => {
    const first = await newParley({ decks });
    const { code } = await playedSession(first);
    const ended = await fetch(`${first.url}/api/sessions/${code}/end`, { method: 'POST', headers: { authorization: `Bearer ${PRESENTER_KEY}` } });
    expect(ended.status).toBe(200);
    const { endedAt } = (await ended.json()) as { endedAt: string };
    await first.close();

    const server = await newParley({ decks, dataDir: first.dataDir });
    // The same phone joins the ended session again (as its join link does) and asks for its record.
    const ana = await server.participant(code, 'phone-ana-0001');
    expect(ok(await request(ana, 'audience:mine', {}))).toEqual(anasSession(code, Date.parse(endedAt)));
  });

  it('is only for a joined participant: a socket that never joined, a watcher and a presenter are refused', async () => {
    const server = await newParley({ decks });
    const { code, presenter } = await playedSession(server);
    const stranger = await server.client();
    expect(await request(stranger, 'audience:mine', {})).toMatchObject({ ok: false, error: { code: 'not_joined' } });
    const watcher = await server.client();
    ok(await request(watcher, 'audience:watch', { code }));
    expect(await request(watcher, 'audience:mine', {})).toMatchObject({ ok: false, error: { code: 'not_joined' } });
    expect(await request(presenter, 'audience:mine', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await request(stranger, 'audience:mine', { code } as never)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });
});
