// Self-paced sessions (issue 21, part 2): three phones go through the deck at their own pace and
// on their own branches; what is stored, what each phone is shown and the export are checked
// through real sockets, on both stores.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { SessionExport } from '../../server/export/model.js';
import type { SelfPacedDeck } from '../../server/protocol.js';
import { deckFrom } from '../helpers/decks.js';
import { chosenIn, selfPacedDeckSource } from '../helpers/self-paced.js';
import { caughtUp, nextEvent, recordEvents, statesOf } from '../helpers/events.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer } from '../helpers/server.js';

const DECK = deckFrom(selfPacedDeckSource('after-answer'), 'prework.md');
const SILENT = deckFrom(selfPacedDeckSource('never'), 'prework-silent.md');
/** The pre-work with questions for the workshop at its end: a Q&A board to read and upvote beforehand. */
const ASKING = deckFrom(
  `${selfPacedDeckSource('after-answer')}

---

## Questions for the workshop

\`\`\`poll
id: questions
type: qa
question: What would you like us to discuss?
\`\`\`
`,
  'prework-questions.md',
);
const auth = { authorization: `Bearer ${PRESENTER_KEY}`, 'content-type': 'application/json' };
const DAY = 24 * 60 * 60 * 1000;

async function create(server: TestServer, body: unknown): Promise<Response> {
  return fetch(`${server.url}/api/sessions`, { method: 'POST', headers: auth, body: JSON.stringify(body) });
}

async function selfPaced(server: TestServer, deck = DECK.id, opens = Date.now() - DAY, closes = Date.now() + 7 * DAY): Promise<string> {
  const res = await create(server, { deck, selfPaced: { opens: new Date(opens).toISOString(), closes } });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { code: string; selfPaced: { opens: number; closes: number } };
  expect(body.selfPaced).toEqual({ opens: Date.parse(new Date(opens).toISOString()), closes });
  return body.code;
}

const decks = () =>
  new Map([
    [DECK.id, DECK],
    [SILENT.id, SILENT],
    [ASKING.id, ASKING],
  ]);

describe('self-paced sessions', () => {
  it('three phones at their own pace and branches: stored answers, results after answering, and the export equal what they chose', async () => {
    const server = await newParley({ decks: decks() });
    const code = await selfPaced(server);
    const phones = await Promise.all(['sp-phone-one', 'sp-phone-two', 'sp-phone-three'].map((id) => server.participant(code, id)));

    // Every phone is told the session is self-paced (the one shared state) and gets the slides, never the notes.
    const joined = ok(await request(phones[0]!, 'audience:join', { code, participantId: 'sp-phone-one' }));
    expect(joined.state.selfPaced).toMatchObject({ results: 'after-answer' });
    const deck: SelfPacedDeck = ok(await request(phones[0]!, 'audience:slides', {}));
    expect(deck.slides.map((s) => s.title)).toEqual(['Pre-work', 'The case', 'Talking it through', 'Waiting it out', 'Thoughts', 'Rate it']);
    expect(JSON.stringify(deck)).not.toContain('FACILITATOR-ONLY');
    expect(deck.slides[2]!.html).toContain('<table');
    expect(deck.polls.find((p) => p.id === 'path')!.options.map((o) => o.goto)).toEqual([
      { h: 2, v: 0 },
      { h: 3, v: 0 },
    ]);

    // No results before answering.
    expect(await request(phones[0]!, 'audience:results', { pollId: 'path' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // Phone one: talk, then its words, then a 4. Phone two: wait, a 2, and no words. Phone three: talk, changes to wait, then words.
    ok(await request(phones[0]!, 'audience:vote', { pollId: 'path', optionIds: ['talk'] }));
    const afterOne = ok(await request(phones[0]!, 'audience:results', { pollId: 'path' }));
    expect(afterOne.counts).toEqual({ talk: 1, wait: 0 });
    ok(await request(phones[1]!, 'audience:vote', { pollId: 'path', optionIds: ['wait'] }));
    ok(await request(phones[0]!, 'audience:submit', { pollId: 'thoughts', text: 'Ask the program director' }));
    ok(await request(phones[1]!, 'audience:vote', { pollId: 'rating', optionIds: ['2'] }));
    ok(await request(phones[2]!, 'audience:vote', { pollId: 'path', optionIds: ['talk'] }));
    ok(await request(phones[0]!, 'audience:vote', { pollId: 'rating', optionIds: ['4'] }));
    ok(await request(phones[2]!, 'audience:vote', { pollId: 'path', optionIds: ['wait'] }));
    ok(await request(phones[2]!, 'audience:submit', { pollId: 'thoughts', text: 'Write it down' }));

    // Results only of what that phone answered: phone two never answered `thoughts`.
    expect(ok(await request(phones[1]!, 'audience:results', { pollId: 'path' })).counts).toEqual({ talk: 1, wait: 2 });
    expect(await request(phones[1]!, 'audience:results', { pollId: 'thoughts' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(ok(await request(phones[1]!, 'audience:results', { pollId: 'rating' })).respondents).toBe(2);

    // The timer of `path` was not started: the poll stays open.
    const presenter = await server.presenter(code);
    const state = ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    expect(state.polls.every((p) => p.status === 'open' && p.timer === undefined)).toBe(true);

    // The export has exactly these answers (the same rows as a live session's).
    const json = (await (await fetch(`${server.url}/api/sessions/${code}/export?format=json`, { headers: auth })).json()) as SessionExport;
    const chosen = (pollId: string) => chosenIn(json, pollId);
    expect(chosen('path')).toEqual(['talk', 'wait', 'wait']);
    expect(chosen('rating')).toEqual(['2', '4']);
    expect(json.session.participants).toBe(3);
    expect(json.session.selfPaced?.closes).toMatch(/^\d{4}-\d\d-\d\dT/);
    const csv = parse(await (await fetch(`${server.url}/api/sessions/${code}/export?format=responses.csv`, { headers: auth })).text(), {
      bom: true,
      columns: true,
    }) as Record<string, string>[];
    expect(
      csv
        .filter((r) => r.text)
        .map((r) => r.text)
        .sort(),
    ).toEqual(['Ask the program director', 'Write it down']);

    // Compared beside a live session of the same deck (the cohort comparison).
    const live = await server.createSession(DECK.id);
    const compare = await fetch(`${server.url}/api/sessions/${code}/export?format=html&with=${live}`, { headers: auth });
    expect(compare.status).toBe(200);
    const html = await compare.text();
    expect(html).toContain(live);
    // The pre-work is marked as such beside the live session, which is not.
    expect(html.match(/\(self-paced, /g)).toHaveLength(2); // its row in the sessions table and its legend entry
  });

  it('answers only inside the window; the window and mode survive a restart', async () => {
    const server = await newParley({ decks: decks() });
    const early = await selfPaced(server, DECK.id, Date.now() + DAY, Date.now() + 2 * DAY);
    const late = await selfPaced(server, DECK.id, Date.now() - 2 * DAY, Date.now() - DAY);
    for (const code of [early, late]) {
      const phone = await server.participant(code, 'sp-window-phone');
      const refused = await request(phone, 'audience:vote', { pollId: 'path', optionIds: ['talk'] });
      expect(refused).toMatchObject({ ok: false, error: { code: 'poll_closed' } });
      expect(!refused.ok && refused.error.message).toMatch(code === early ? /opens on/ : /closed on/);
    }
    const code = await selfPaced(server);
    const phone = await server.participant(code, 'sp-restart-phone');
    ok(await request(phone, 'audience:vote', { pollId: 'path', optionIds: ['wait'] }));
    const { sessions: list } = (await (await fetch(`${server.url}/api/sessions`, { headers: auth })).json()) as {
      sessions: { code: string; selfPaced?: { opens: string; closes: string } }[];
    };
    expect(list.find((s) => s.code === code)?.selfPaced?.closes).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(list.find((s) => s.code === early)?.selfPaced).toBeDefined();

    await server.close();
    const again = await newParley({ decks: decks(), dataDir: server.dataDir });
    const back = await again.participant(code, 'sp-restart-phone');
    const joined = ok(await request(back, 'audience:join', { code, participantId: 'sp-restart-phone' }));
    expect(joined.state.selfPaced).toBeDefined();
    expect(joined.answers).toEqual([{ pollId: 'path', round: 1, optionIds: ['wait'] }]);
    ok(await request(back, 'audience:vote', { pollId: 'rating', optionIds: ['5'] }));
    // `npm start` resumes live sessions only.
    const { session } = await again.sessions.resumeOrCreate(DECK.id, DAY);
    expect(session.selfPaced).toBeNull();
  });

  it('refusals: results never with self-paced-results: never; slides and results never in a live session; a bad window', async () => {
    const server = await newParley({ decks: decks() });
    const code = await selfPaced(server, SILENT.id);
    const phone = await server.participant(code, 'sp-silent-phone');
    ok(await request(phone, 'audience:vote', { pollId: 'path', optionIds: ['talk'] }));
    expect(await request(phone, 'audience:results', { pollId: 'path' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const live = await server.createSession(DECK.id);
    const livePhone = await server.participant(live, 'sp-live-phone');
    expect(await request(livePhone, 'audience:slides', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await request(livePhone, 'audience:results', { pollId: 'path' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const joined = ok(await request(livePhone, 'audience:join', { code: live, participantId: 'sp-live-phone' }));
    expect(joined.state.selfPaced).toBeUndefined();

    for (const selfPaced of [{ opens: '2026-12-10', closes: '2026-12-01' }, { opens: 'soon', closes: '2026-12-01' }, { opens: '2026-12-01' }]) {
      expect((await create(server, { deck: DECK.id, selfPaced })).status).toBe(400);
    }
  });

  it('releases the slides when the window opens, and keeps them readable once it has closed', async () => {
    const server = await newParley({ decks: decks() });
    const early = await selfPaced(server, DECK.id, Date.now() + DAY, Date.now() + 2 * DAY);
    const refused = await request(await server.participant(early, 'sp-early-phone'), 'audience:slides', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/^This session opens on \d{4}-/) } });
    const late = await selfPaced(server, DECK.id, Date.now() - 2 * DAY, Date.now() - DAY);
    expect(ok(await request(await server.participant(late, 'sp-late-phone'), 'audience:slides', {})).slides.length).toBe(DECK.slides.length);
  });

  it('the presenter closes, opens and resets a poll from the console: every phone is told, and asks again for its answers', async () => {
    const server = await newParley({ decks: decks() });
    const code = await selfPaced(server);
    const phone = await server.participant(code, 'sp-console-phone');
    const watcher = await server.client();
    expect(ok(await request(watcher, 'audience:watch', { code })).selfPaced?.closed).toEqual([]);
    // The Phone view (a watcher) reads the slides; it cannot answer.
    expect(ok(await request(watcher, 'audience:slides', {})).slides.length).toBe(DECK.slides.length);
    expect(await request(watcher, 'audience:vote', { pollId: 'rating', optionIds: ['3'] })).toMatchObject({
      ok: false,
      error: { code: 'not_joined' },
    });
    ok(await request(phone, 'audience:vote', { pollId: 'rating', optionIds: ['3'] }));

    const presenter = await server.presenter(code);
    const closed = nextEvent(phone, 'audience:state', (s) => s.selfPaced?.closed.includes('rating') === true);
    ok(await request(presenter, 'presenter:poll', { pollId: 'rating', action: 'close' }));
    expect((await closed).selfPaced?.closed).toEqual(['rating']);
    expect(await request(phone, 'audience:vote', { pollId: 'rating', optionIds: ['4'] })).toMatchObject({
      ok: false,
      error: { code: 'poll_closed' },
    });

    const reopened = nextEvent(phone, 'audience:state', (s) => s.selfPaced?.closed.length === 0);
    ok(await request(presenter, 'presenter:poll', { pollId: 'rating', action: 'open' }));
    await reopened;
    // A reset: the state comes again, and the phone's answer to it is gone when it asks.
    const told = nextEvent(phone, 'audience:state');
    ok(await request(presenter, 'presenter:poll', { pollId: 'rating', action: 'reset' }));
    await told;
    const { answers } = ok(await request(phone, 'audience:join', { code, participantId: 'sp-console-phone' }));
    expect(answers.find((a) => a.pollId === 'rating')).toBeUndefined();
    // Moving the console's slide is nothing to a self-paced phone: no state is sent for it.
    const log = recordEvents(phone);
    ok(await request(presenter, 'presenter:goto', { h: 2, v: 0 }));
    await caughtUp(phone);
    expect(statesOf(log)).toEqual([]);
  });

  it('a Q&A poll: phones read the board and upvote others’ questions before the workshop, answered or not', async () => {
    const server = await newParley({ decks: decks() });
    const code = await selfPaced(server, ASKING.id);
    const [asker, reader] = await Promise.all([server.participant(code, 'sp-asker'), server.participant(code, 'sp-reader')]);
    expect(ok(await request(reader, 'audience:board', { pollId: 'questions' }))).toEqual([]);
    const { entries } = ok(await request(asker, 'audience:submit', { pollId: 'questions', text: 'How often should we meet?' }));
    const id = entries?.[0]?.id ?? '';
    expect(ok(await request(reader, 'audience:board', { pollId: 'questions' }))).toEqual([
      { id, text: 'How often should we meet?', answered: false, votes: 0 },
    ]);
    expect(ok(await request(reader, 'audience:upvote', { pollId: 'questions', entryId: id, up: true })).upvoted).toEqual([id]);
    expect(ok(await request(asker, 'audience:board', { pollId: 'questions' }))[0]?.votes).toBe(1);
    expect(await request(reader, 'audience:board', { pollId: 'rating' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    // Not in a live session: its phones see the board in their state.
    const live = await server.createSession(ASKING.id);
    const livePhone = await server.participant(live, 'sp-live-board');
    expect(await request(livePhone, 'audience:board', { pollId: 'questions' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
