// Open-text answers through real sockets: the presenter receives them live, the deck's length,
// count and rate limits hold on the server, the presenter hides answers (phones follow), the
// word filter holds matching ones for approval, and everything survives a restart.
import { parse } from 'csv-parse/sync';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SessionExport } from '../../server/export/model.js';
import type { Entry } from '../../server/protocol.js';
import { TEXT_RATE } from '../../server/sessions/participant-limits.js';
import { openDecks } from '../helpers/decks.js';
import { nextEvent } from '../helpers/events.js';
import { newParley, ok, PRESENTER_KEY, request, tempDataDir, type TestServer, type TestSocket } from '../helpers/server.js';

const POLL = 'first-meeting';

async function openTextPoll(server: TestServer): Promise<{ code: string; presenter: TestSocket }> {
  const code = await server.createSession('open');
  const presenter = await server.client();
  ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
  ok(await request(presenter, 'presenter:goto', { h: 1, v: 0 }));
  ok(await request(presenter, 'presenter:poll', { pollId: POLL, action: 'open' }));
  return { code, presenter };
}

async function phone(server: TestServer, code: string, id: string): Promise<TestSocket> {
  const socket = await server.client();
  ok(await request(socket, 'audience:join', { code, participantId: `text-phone-${id}` }));
  return socket;
}

/** Collects presenter:entries updates into the presenter's view of the board. */
function entriesSeen(presenter: TestSocket): Map<string, Entry> {
  const seen = new Map<string, Entry>();
  presenter.on('presenter:entries', (u) => {
    for (const e of u.entries) seen.set(e.id, e);
  });
  return seen;
}

describe('a text poll', () => {
  it('delivers answers to the presenter live, as typed, and counts respondents', async () => {
    const server = await newParley({ decks: openDecks() });
    const { code, presenter } = await openTextPoll(server);
    const seen = entriesSeen(presenter);
    const ana = await phone(server, code, 'ana');
    const ben = await phone(server, code, 'ben');

    const joined = ok(await request(ana, 'audience:join', { code, participantId: 'text-phone-ana' }));
    expect(joined.state.poll).toMatchObject({ id: POLL, type: 'text', options: [], text: { length: 60, answers: 10 } });

    // Listening first: the coalesced tally may arrive before the last answer's acknowledgement.
    const threeEntries = nextEvent(presenter, 'presenter:tally', (u) => u.tallies.some((t) => t.entries === 3));
    const first = ok(await request(ana, 'audience:submit', { pollId: POLL, text: '  Goals and\n expectations ' }));
    expect(first.entries).toEqual([{ id: expect.any(String), text: 'Goals and expectations', status: 'shown' }]);
    ok(await request(ana, 'audience:submit', { pollId: POLL, text: 'Meeting frequency' }));
    const markup = ok(await request(ben, 'audience:submit', { pollId: POLL, text: '<b>Goals</b> & "feedback"' }));
    expect(markup.entries?.[0]?.text).toBe('<b>Goals</b> & "feedback"');

    const tally = await threeEntries;
    expect(tally.tallies.find((t) => t.pollId === POLL)).toMatchObject({ respondents: 2, entries: 3, counts: {} });
    await expect.poll(() => seen.size).toBe(3);
    expect([...seen.values()].map((e) => e.text).sort()).toEqual(['<b>Goals</b> & "feedback"', 'Goals and expectations', 'Meeting frequency']);

    // A presenter window that joins now gets every entry at once.
    const late = await server.client();
    const state = ok(await request(late, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    expect(state.polls.find((p) => p.id === POLL)?.entries?.map((e) => e.status)).toEqual(['shown', 'shown', 'shown']);
    // Phones re-joining get their own answers back.
    const again = ok(await request(ana, 'audience:join', { code, participantId: 'text-phone-ana' }));
    expect(again.answers.find((a) => a.pollId === POLL)?.entries?.map((e) => e.text)).toEqual(['Goals and expectations', 'Meeting frequency']);
  });

  it('refuses empty, too long, repeated, too many and too fast answers with a message for the phone', async () => {
    const server = await newParley({ decks: openDecks() });
    const { code } = await openTextPoll(server);
    const ana = await phone(server, code, 'ana');
    const refused = async (text: string) => {
      const res = await request(ana, 'audience:submit', { pollId: POLL, text });
      if (res.ok) throw new Error(`"${text}" was accepted`);
      return res.error;
    };

    expect(await refused('   ')).toEqual({ code: 'invalid_vote', message: 'Type an answer first.' });
    expect((await refused('x'.repeat(61))).message).toBe('Your answer is 61 characters long; the limit here is 60.');
    // Characters, not UTF-16 units: 60 emoji fit.
    ok(await request(ana, 'audience:submit', { pollId: POLL, text: '🙂'.repeat(60) }));
    expect((await refused('🙂'.repeat(60))).message).toBe('You already sent that.');
    for (let i = 1; i < TEXT_RATE.max; i++) ok(await request(ana, 'audience:submit', { pollId: POLL, text: `idea ${i}` }));
    const tooFast = await refused('one more idea');
    expect(tooFast.code).toBe('rate_limited');
    expect(tooFast.message).toMatch(/^You are sending answers too fast — wait \d+ s and try again\.$/);
    // Far beyond any deck's limit, the message is refused by the shared schema.
    expect((await refused('y'.repeat(5000))).code).toBe('bad_request');

    // Votes do not fit a text poll, and text does not fit a choice poll.
    expect(await request(ana, 'audience:vote', { pollId: POLL, optionIds: ['goals'] })).toMatchObject({ ok: false, error: { code: 'invalid_vote' } });
    const state = ok(await request(ana, 'audience:join', { code, participantId: 'text-phone-ana' }));
    expect(state.answers.find((a) => a.pollId === POLL)?.entries).toHaveLength(TEXT_RATE.max);
  });

  it('limits how many answers one participant sends to what the deck allows', async () => {
    const server = await newParley({ decks: openDecks() });
    const code = await server.createSession('open');
    const presenter = await server.client();
    ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    ok(await request(presenter, 'presenter:poll', { pollId: 'questions', action: 'open' }));
    const ana = await phone(server, code, 'ana');
    for (const q of ['One?', 'Two?', 'Three?']) ok(await request(ana, 'audience:submit', { pollId: 'questions', text: q }));
    expect(await request(ana, 'audience:submit', { pollId: 'questions', text: 'Four?' })).toEqual({
      ok: false,
      error: { code: 'invalid_vote', message: 'You can send 3 answers here, and you have.' },
    });
  });

  it('lets the presenter hide an answer: it leaves the revealed word cloud on every phone at once, and comes back when shown', async () => {
    const server = await newParley({ decks: openDecks() });
    const { code, presenter } = await openTextPoll(server);
    const ana = await phone(server, code, 'ana');
    const ben = await phone(server, code, 'ben');
    const goals = ok(await request(ana, 'audience:submit', { pollId: POLL, text: 'Goals, goals and feedback' })).entries![0]!;
    ok(await request(ben, 'audience:submit', { pollId: POLL, text: 'Feedback and pizza' }));

    const revealed = nextEvent(ben, 'audience:state', (s) => s.poll?.results !== undefined);
    ok(await request(presenter, 'presenter:poll', { pollId: POLL, action: 'reveal' }));
    // A word counts once per answer; stop words ("and") are gone; most used first.
    expect((await revealed).poll?.results?.words).toEqual([
      ['feedback', 2],
      ['goals', 1],
      ['pizza', 1],
    ]);

    // Participants cannot moderate.
    expect(await request(ben, 'presenter:moderate', { pollId: POLL, entryId: goals.id, action: 'hide' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    const hiddenOnPhone = nextEvent(ben, 'audience:state', (s) => !s.poll?.results?.words?.some(([w]) => w === 'goals'));
    // (The entry's earlier update, from when it was sent, may still be on its way under load.)
    const hiddenOnPresenter = nextEvent(presenter, 'presenter:entries', (u) => u.entries.some((e) => e.id === goals.id && e.status === 'hidden'));
    const hidden = ok(await request(presenter, 'presenter:moderate', { pollId: POLL, entryId: goals.id, action: 'hide' }));
    expect(hidden).toMatchObject({ id: goals.id, status: 'hidden', text: 'Goals, goals and feedback' });
    expect((await hiddenOnPhone).poll?.results?.words).toEqual([
      ['feedback', 1],
      ['pizza', 1],
    ]);
    await hiddenOnPresenter; // the presenter's board hears it is hidden
    // The author's phone learns its answer is hidden when it re-joins.
    const mine = ok(await request(ana, 'audience:join', { code, participantId: 'text-phone-ana' }));
    expect(mine.answers.find((a) => a.pollId === POLL)?.entries?.[0]?.status).toBe('hidden');

    const shownAgain = nextEvent(ben, 'audience:state', (s) => s.poll?.results?.words?.some(([w]) => w === 'goals') === true);
    ok(await request(presenter, 'presenter:moderate', { pollId: POLL, entryId: goals.id, action: 'show' }));
    await shownAgain;
    expect(await request(presenter, 'presenter:moderate', { pollId: POLL, entryId: goals.id, action: 'answered' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    expect(await request(presenter, 'presenter:moderate', { pollId: POLL, entryId: 'no-such-entry', action: 'hide' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });

    // Hidden answers stay in the export, flagged; the cloud there counts shown answers only.
    ok(await request(presenter, 'presenter:moderate', { pollId: POLL, entryId: goals.id, action: 'hide' }));
    const res = await fetch(`${server.url}/api/sessions/${code}/export?format=json`, { headers: { authorization: `Bearer ${PRESENTER_KEY}` } });
    const exported = (await res.json()) as SessionExport;
    const poll = exported.polls.find((p) => p.id === POLL)!;
    expect(poll.entries?.map((e) => [e.text, e.status])).toEqual([
      ['Goals, goals and feedback', 'hidden'],
      ['Feedback and pizza', 'shown'],
    ]);
    expect(poll.words).toEqual([
      ['feedback', 1],
      ['pizza', 1],
    ]);
  });

  it('holds answers that match the default word filter until the presenter shows them', async () => {
    const server = await newParley({ decks: openDecks(), env: { WORD_FILTER: 'default' } });
    const { code, presenter } = await openTextPoll(server);
    const ana = await phone(server, code, 'ana');
    const held = ok(await request(ana, 'audience:submit', { pollId: POLL, text: 'This is sh1t' })).entries![0]!;
    expect(held.status).toBe('held');
    const clean = ok(await request(ana, 'audience:submit', { pollId: POLL, text: 'Career goals' })).entries![1]!;
    expect(clean.status).toBe('shown');

    const revealed = nextEvent(ana, 'audience:state', (s) => s.poll?.results !== undefined);
    ok(await request(presenter, 'presenter:poll', { pollId: POLL, action: 'reveal' }));
    expect((await revealed).poll?.results?.words?.map(([w]) => w)).toEqual(['career', 'goals']);

    const approved = ok(await request(presenter, 'presenter:moderate', { pollId: POLL, entryId: held.id, action: 'show' }));
    expect(approved.status).toBe('shown');
  });

  it('reads a word filter list from the file WORD_FILTER names, and refuses to start without it', async () => {
    const dir = tempDataDir();
    const list = join(dir, 'words.txt');
    writeFileSync(list, '# words we keep off the screen\npineapple\n\nhot dog\n');
    const server = await newParley({ decks: openDecks(), env: { WORD_FILTER: list } });
    const { code } = await openTextPoll(server);
    const ana = await phone(server, code, 'ana');
    const statuses = [];
    for (const text of ['Pineapple pizza', 'a HOT DOG stand', 'hot dogma', 'Apple pie']) {
      statuses.push(ok(await request(ana, 'audience:submit', { pollId: POLL, text })).entries!.at(-1)!.status);
    }
    expect(statuses).toEqual(['held', 'held', 'shown', 'shown']);

    await expect(newParley({ decks: openDecks(), env: { WORD_FILTER: join(dir, 'missing.txt') } })).rejects.toThrow(
      /WORD_FILTER: must be off, default or a readable word-list file; cannot read .*missing\.txt \(ENOENT\)/,
    );
  });

  it('stores, shows and exports a lone surrogate the same way everywhere: as U+FFFD', async () => {
    const dataDir = tempDataDir();
    const first = await newParley({ decks: openDecks(), dataDir });
    const { code, presenter } = await openTextPoll(first);
    const seen = entriesSeen(presenter);
    const ana = await phone(first, code, 'ana');
    // Half of an emoji on either side, and a whole one (a proper pair), which stays.
    const sent = ok(await request(ana, 'audience:submit', { pollId: POLL, text: 'Goals \ud800 and \udc00 feedback 😀' }));
    const expected = 'Goals \ufffd and \ufffd feedback 😀';
    expect(sent.entries?.map((e) => e.text)).toEqual([expected]);
    await expect.poll(() => [...seen.values()].map((e) => e.text)).toEqual([expected]);

    const auth = { authorization: `Bearer ${PRESENTER_KEY}` };
    const csv = await (await fetch(`${first.url}/api/sessions/${code}/export?format=responses.csv`, { headers: auth })).text();
    const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.filter((r) => r.poll_id === POLL).map((r) => r.text)).toEqual([expected]);
    const json = (await (await fetch(`${first.url}/api/sessions/${code}/export?format=json`, { headers: auth })).json()) as SessionExport;
    expect(JSON.stringify(json)).toContain(expected);
    await first.close();

    // What was stored is what was shown: after a restart, the presenter and the phone get it back as is.
    const second = await newParley({ decks: openDecks(), dataDir });
    const state = ok(await request(await second.client(), 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    expect(state.polls.find((p) => p.id === POLL)?.entries?.map((e) => e.text)).toEqual([expected]);
    const back = ok(await request(await second.client(), 'audience:join', { code, participantId: 'text-phone-ana' }));
    expect(back.answers.find((a) => a.pollId === POLL)?.entries?.map((e) => e.text)).toEqual([expected]);
  });

  it('keeps answers and their moderation across a restart, and a reset starts an empty round', async () => {
    const dataDir = tempDataDir();
    const first = await newParley({ decks: openDecks(), dataDir });
    const { code, presenter } = await openTextPoll(first);
    const ana = await phone(first, code, 'ana');
    const entry = ok(await request(ana, 'audience:submit', { pollId: POLL, text: 'Boundaries' })).entries![0]!;
    ok(await request(ana, 'audience:submit', { pollId: POLL, text: 'Goals' }));
    ok(await request(presenter, 'presenter:moderate', { pollId: POLL, entryId: entry.id, action: 'hide' }));
    await first.close();

    const second = await newParley({ decks: openDecks(), dataDir });
    const again = await second.client();
    const state = ok(await request(again, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    const poll = state.polls.find((p) => p.id === POLL)!;
    expect(poll.entries?.map((e) => [e.text, e.status])).toEqual([
      ['Boundaries', 'hidden'],
      ['Goals', 'shown'],
    ]);
    expect(poll.tally).toMatchObject({ respondents: 1, entries: 2 });

    const reset = ok(await request(again, 'presenter:poll', { pollId: POLL, action: 'reset' }));
    expect(reset).toMatchObject({ round: 2, entries: [], tally: { respondents: 0, entries: 0 } });
  });
});
