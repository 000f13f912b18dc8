// `npm run dev` reloads a deck when its file changes: a real server watching a real slides folder
// (WATCH_DECKS=on, the default with --dev; without Vite here), real sockets. An edit reaches the
// presenter (presenter:deck) and the phones (audience:state) with the votes cast before it; a
// broken edit reaches the presenter as errors with file and line, and the last good deck runs on.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ConfigError, readConfig } from '../../server/config.js';
import { loadDecks } from '../../server/deck/load.js';
import { DATABASE_FILE } from '../../server/store/sqlite.js';
import { caughtUp, nextEvent } from '../helpers/events.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer } from '../helpers/server.js';

const deckSource = (question: string, extra = ''): string => `---
title: Reload
---

# Reload

---

## Vote

\`\`\`poll
id: colour
type: single
question: ${question}
options:
  red: Red
  blue: Blue
\`\`\`
${extra}`;

const EXTRA_SLIDES = `
---

## More

\`\`\`poll
id: more
type: yesno
question: One more?
\`\`\`

---

## Last
`;

const VOTE = { h: 1, v: 0 };
const LAST = { h: 3, v: 0 };

function slidesDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-slides-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function watchingParley(dir: string, env: Record<string, string> = { WATCH_DECKS: 'on' }, dataDir?: string): Promise<TestServer> {
  return newParley({ decks: loadDecks(dir), env: { SLIDES_DIR: dir, ...env }, ...(dataDir ? { dataDir } : {}) });
}

describe('editing a deck under npm run dev', () => {
  it('sends the edited deck to presenters and phones, with every vote cast before the edit', async () => {
    const dir = slidesDir({ 'reload.md': deckSource('Red or blue?') });
    const server = await watchingParley(dir);
    const code = await server.createSession('reload');
    const presenter = await server.presenter(code);
    ok(await request(presenter, 'presenter:goto', VOTE));
    ok(await request(presenter, 'presenter:poll', { pollId: 'colour', action: 'open' }));
    const ana = await server.participant(code, 'phone-ana-0001');
    const ben = await server.participant(code, 'phone-ben-0002');
    ok(await request(ana, 'audience:vote', { pollId: 'colour', optionIds: ['red'] }));
    ok(await request(ben, 'audience:vote', { pollId: 'colour', optionIds: ['blue'] }));
    // The state of the opening has reached the phones: what comes next is the edit's.
    await caughtUp(ana);

    const deckSent = nextEvent(presenter, 'presenter:deck');
    const pollsSent = nextEvent(presenter, 'presenter:poll-state', (p) => p.id === 'more');
    const colourSent = nextEvent(presenter, 'presenter:poll-state', (p) => p.id === 'colour');
    const phoneSees = nextEvent(ana, 'audience:state');
    writeFileSync(join(dir, 'reload.md'), deckSource('Red or blue, really?', EXTRA_SLIDES));

    const deck = await deckSent;
    expect(deck.polls.map((p) => [p.id, p.question])).toEqual([
      ['colour', 'Red or blue, really?'],
      ['more', 'One more?'],
    ]);
    expect(deck.slides).toHaveLength(4);
    expect(await pollsSent).toMatchObject({ status: 'closed', round: 1 });
    expect(await colourSent).toMatchObject({ status: 'open', tally: { counts: { red: 1, blue: 1 }, respondents: 2 } });
    expect((await phoneSees).poll).toMatchObject({ id: 'colour', question: 'Red or blue, really?', status: 'open' });

    // The votes are still there for the phones that cast them, and voting carries on.
    const rejoined = ok(await request(await server.client(), 'audience:join', { code, participantId: 'phone-ana-0001' }));
    expect(rejoined.answers).toEqual([{ pollId: 'colour', round: 1, optionIds: ['red'] }]);
    ok(await request(ben, 'audience:vote', { pollId: 'colour', optionIds: ['red'] }));
    const state = ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    expect(state.deck.polls.map((p) => p.id)).toEqual(['colour', 'more']);
    expect(state.polls.find((p) => p.id === 'colour')?.tally.counts).toEqual({ red: 2, blue: 0 });
    // The new slides can be moved to.
    ok(await request(presenter, 'presenter:goto', LAST));
  });

  it('sends a broken edit to presenters as errors with file and line, and the last good deck runs on', async () => {
    const dir = slidesDir({ 'reload.md': deckSource('Red or blue?') });
    const server = await watchingParley(dir);
    const code = await server.createSession('reload');
    const presenter = await server.presenter(code);
    ok(await request(presenter, 'presenter:poll', { pollId: 'colour', action: 'open' }));
    const ana = await server.participant(code, 'phone-ana-0001');
    ok(await request(ana, 'audience:vote', { pollId: 'colour', optionIds: ['red'] }));

    const errorsSent = nextEvent(presenter, 'presenter:deck-errors');
    const broken = deckSource('Red or blue?').replace('type: single', 'type: sometimes');
    writeFileSync(join(dir, 'reload.md'), broken);
    const errors = await errorsSent;
    const typeLine = broken.split('\n').indexOf('type: sometimes') + 1;
    expect(errors).toEqual([expect.objectContaining({ file: join(dir, 'reload.md'), line: typeLine })]);
    expect(errors[0]?.message).toMatch(/type/);

    // The old deck is still the session's: the poll takes votes, a presenter joining gets it.
    ok(await request(ana, 'audience:vote', { pollId: 'colour', optionIds: ['blue'] }));
    const state = ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    expect(state.deck.polls).toMatchObject([{ id: 'colour', type: 'single' }]);
    expect(state.polls[0]?.tally.counts).toEqual({ red: 0, blue: 1 });

    // Fixed again: the fix arrives, with the vote.
    const deckSent = nextEvent(presenter, 'presenter:deck');
    writeFileSync(join(dir, 'reload.md'), deckSource('Fixed?'));
    expect((await deckSent).polls[0]?.question).toBe('Fixed?');
    const after = ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    expect(after.polls[0]?.tally.counts).toEqual({ red: 0, blue: 1 });
  });

  it('moves a session off a slide that is gone, closes a poll taken out, and stores the new deck for a restart', async () => {
    const dir = slidesDir({ 'reload.md': deckSource('Red or blue?', EXTRA_SLIDES) });
    const server = await watchingParley(dir);
    const code = await server.createSession('reload');
    const presenter = await server.presenter(code);
    ok(await request(presenter, 'presenter:goto', LAST));
    ok(await request(presenter, 'presenter:poll', { pollId: 'more', action: 'open' }));
    const ana = await server.participant(code, 'phone-ana-0001');
    ok(await request(ana, 'audience:vote', { pollId: 'more', optionIds: ['yes'] }));
    await caughtUp(ana);

    const slideSent = nextEvent(presenter, 'presenter:slide');
    const phoneSees = nextEvent(ana, 'audience:state');
    writeFileSync(join(dir, 'reload.md'), deckSource('Red or blue?'));
    expect(await slideSent).toEqual(VOTE);
    expect((await phoneSees).slide).toMatchObject({ position: VOTE, title: 'Vote' });
    expect(await request(ana, 'audience:vote', { pollId: 'more', optionIds: ['no'] })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });

    await server.close();
    const again = await watchingParley(dir, { WATCH_DECKS: 'on' }, server.dataDir);
    const state = ok(await request(await again.client(), 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    expect(state.slide).toEqual(VOTE);
    expect(state.deck.polls.map((p) => p.id)).toEqual(['colour']);
    if (again.redis) {
      expect((await again.store.loadSession(code))?.polls.find((p) => p.pollId === 'more')?.status).toBe('closed');
      return;
    }
    const db = new Database(join(server.dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
    onTestFinished(() => {
      db.close();
    });
    expect(db.prepare("SELECT status FROM polls WHERE session_code = ? AND poll_id = 'more'").get(code)).toEqual({ status: 'closed' });
  });

  it('lists a new deck file among the decks, and a session can start from it', async () => {
    const dir = slidesDir({ 'reload.md': deckSource('Red or blue?') });
    const server = await watchingParley(dir);
    writeFileSync(join(dir, 'fresh.md'), deckSource('New deck?').replace('title: Reload', 'title: Fresh'));
    const auth = { authorization: `Bearer ${PRESENTER_KEY}` };
    const deckIds = async (): Promise<string[]> =>
      ((await (await fetch(`${server.url}/api/decks`, { headers: auth })).json()) as { decks: { id: string }[] }).decks.map((d) => d.id);
    await expect.poll(async () => (await deckIds()).sort(), { timeout: 3000 }).toEqual(['fresh', 'reload']);
    const code = await server.createSession('fresh');
    const state = ok(await request(await server.client(), 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    expect(state.deck.meta.title).toBe('Fresh');
  });

  it('leaves decks alone when WATCH_DECKS is off (the default without --dev)', async () => {
    const dir = slidesDir({ 'reload.md': deckSource('Red or blue?') });
    const server = await watchingParley(dir, {});
    const code = await server.createSession('reload');
    const presenter = await server.presenter(code);
    const sent: string[] = [];
    presenter.onAny((event: string) => sent.push(event));
    // A server that does watch the same folder, beside it: once it has reloaded the edit, a watcher
    // of this one would have seen the same change after the same debounce.
    const watching = await watchingParley(dir);
    const watchingPresenter = await watching.presenter(await watching.createSession('reload'));
    const reloaded = nextEvent(watchingPresenter, 'presenter:deck');
    writeFileSync(join(dir, 'reload.md'), deckSource('Edited?'));
    expect((await reloaded).polls[0]?.question).toBe('Edited?');
    await caughtUp(presenter);
    expect(sent).toEqual([]);
    const state = ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    expect(state.deck.polls[0]?.question).toBe('Red or blue?');
  });

  it('watches with npm run dev (--dev) unless WATCH_DECKS says otherwise, and refuses other values', () => {
    expect(readConfig({}, true).watchDecks).toBe(true);
    expect(readConfig({}, false).watchDecks).toBe(false);
    expect(readConfig({ WATCH_DECKS: 'off' }, true).watchDecks).toBe(false);
    expect(readConfig({ WATCH_DECKS: 'on' }, false).watchDecks).toBe(true);
    expect(() => readConfig({ WATCH_DECKS: 'yes' })).toThrow(ConfigError);
    expect(() => readConfig({ WATCH_DECKS: 'yes' })).toThrow(/WATCH_DECKS/);
  });
});
