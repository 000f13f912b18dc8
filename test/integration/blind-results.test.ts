// Blind until revealed, on the projector too (issue 19, part 1), through real sockets: before the
// reveal neither the phones nor a projector window receive any count, entry or word of a poll
// (every event they receive is looked at, and the join answer); the console receives them all;
// the reveal sends them to the projector and the phones at once; `results: live` polls give the
// projector their counts from the first answer.
import { describe, expect, it } from 'vitest';
import type { PresenterPollState, PresenterState } from '../../server/protocol.js';
import { deckFrom } from '../helpers/decks.js';
import { caughtUp, delivered, nextEvent, recordEvents } from '../helpers/events.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer, type TestSocket } from '../helpers/server.js';

const BLIND_DECK = `---
title: Blind until revealed
---

# Blind until revealed

---

## Pick one

\`\`\`poll
id: pick
type: single
question: Which one?
options:
  a: Option A
  b: Option B
\`\`\`

---

## Words

\`\`\`poll
id: words
type: text
answers: 5
question: One word?
\`\`\`

---

## Questions

\`\`\`poll
id: asks
type: qa
question: Your questions
\`\`\`

---

## Warm-up

\`\`\`poll
id: warm-up
type: single
results: live
question: Coffee or tea?
options:
  coffee: Coffee
  tea: Tea
\`\`\`
`;

const PICK = { h: 1, v: 0 };
const WORDS = { h: 2, v: 0 };
const ASKS = { h: 3, v: 0 };
const WARM_UP = { h: 4, v: 0 };

async function start(): Promise<{ server: TestServer; code: string }> {
  const server = await newParley({ decks: new Map([['blind', deckFrom(BLIND_DECK, 'blind.md')]]) });
  return { server, code: await server.createSession('blind') };
}

/** A presenter window of `view` (undefined: a join that does not say, as an older client's). */
async function presenterWindow(
  server: TestServer,
  code: string,
  view?: 'projector' | 'console',
): Promise<{ socket: TestSocket; joined: PresenterState }> {
  const socket = await server.client();
  const joined = ok(await request(socket, 'presenter:join', { code, key: PRESENTER_KEY, ...(view && { view }) }));
  return { socket, joined };
}

/**
 * Where in `data` anything of what the room answered is, other than how many answered: a count per
 * option, a mean, an average position, entries or their number, words, phones' results. A Q&A
 * board on the phones is public by design (`board`), so it is not looked for there.
 */
function answersIn(data: unknown, path = ''): string[] {
  if (Array.isArray(data)) return data.flatMap((item, i) => answersIn(item, `${path}[${i}]`));
  if (data === null || typeof data !== 'object') return [];
  // The live poll's counts are the projector's from the start (tested below).
  if ('id' in data && data.id === 'warm-up') return [];
  if ('pollId' in data && data.pollId === 'warm-up') return [];
  return Object.entries(data).flatMap(([key, value]) => {
    const here = `${path}.${key}`;
    if (key === 'counts' && value && typeof value === 'object' && Object.keys(value).length > 0) return [here];
    if (['mean', 'positions', 'results', 'words', 'entries'].includes(key) && value !== undefined) return [here];
    if (key === 'deck') return []; // the deck's own text (questions, options), not answers
    return answersIn(value, here);
  });
}

const pollOf = (state: PresenterState, id: string): PresenterPollState => state.polls.find((p) => p.id === id)!;

describe('before the reveal', () => {
  it('gives counts to the console only: the projector (and a join without view) learns how many answered, the phones nothing', async () => {
    const { server, code } = await start();
    const console_ = await presenterWindow(server, code, 'console');
    const projector = await presenterWindow(server, code, 'projector');
    const unsaid = await presenterWindow(server, code);
    const projectorLog = recordEvents(projector.socket);
    const unsaidLog = recordEvents(unsaid.socket);
    ok(await request(console_.socket, 'presenter:goto', PICK));
    ok(await request(console_.socket, 'presenter:poll', { pollId: 'pick', action: 'open' }));

    const phones = await Promise.all(['phone-ana-1', 'phone-ben-2', 'phone-cal-3'].map((id) => server.participant(code, id)));
    const phoneLog = recordEvents(phones[0]!);
    const counted = nextEvent(console_.socket, 'presenter:tally', (u) => u.tallies.some((t) => t.pollId === 'pick' && t.respondents === 3));
    const told = nextEvent(projector.socket, 'presenter:tally', (u) => u.tallies.some((t) => t.pollId === 'pick' && t.respondents === 3));
    for (const [phone, option] of [
      [phones[0]!, 'a'],
      [phones[1]!, 'a'],
      [phones[2]!, 'b'],
    ] as const) {
      ok(await request(phone, 'audience:vote', { pollId: 'pick', optionIds: [option] }));
    }

    // The console sees every count as it comes in.
    expect((await counted).tallies.find((t) => t.pollId === 'pick')).toEqual({ pollId: 'pick', counts: { a: 2, b: 1 }, respondents: 3 });
    // The projector: how many answered, marked blind, nothing of what.
    expect((await told).tallies.find((t) => t.pollId === 'pick')).toEqual({ pollId: 'pick', counts: {}, respondents: 3, blind: true });

    // A projector window that joins now, and its own poll action's answer, are blind too.
    const late = await presenterWindow(server, code, 'projector');
    expect(pollOf(late.joined, 'pick')).toMatchObject({ revealed: false, status: 'open', tally: { counts: {}, respondents: 3, blind: true } });
    expect(answersIn(late.joined)).toEqual([]);
    expect(answersIn(projector.joined)).toEqual([]);
    expect(answersIn(unsaid.joined)).toEqual([]);
    const closed = ok(await request(projector.socket, 'presenter:poll', { pollId: 'pick', action: 'close' }));
    expect(closed.tally).toEqual({ pollId: 'pick', counts: {}, respondents: 3, blind: true });
    const reopened = ok(await request(console_.socket, 'presenter:poll', { pollId: 'pick', action: 'open' }));
    expect(reopened.tally.counts).toEqual({ a: 2, b: 1 });

    // Every event either window or a phone received so far: not one count.
    await Promise.all([caughtUp(projector.socket), caughtUp(unsaid.socket), caughtUp(phones[0]!)]);
    expect(projectorLog.map((e) => e.event)).toContain('presenter:poll-state');
    expect(projectorLog.flatMap((e) => answersIn(e.data, e.event))).toEqual([]);
    expect(unsaidLog.flatMap((e) => answersIn(e.data, e.event))).toEqual([]);
    expect(phoneLog.flatMap((e) => answersIn(e.data, e.event))).toEqual([]);
    expect(unsaidLog.some((e) => e.event === 'presenter:tally')).toBe(true);
  });

  it('sends the counts to the projector and the phones with the reveal, and takes them off both with hide', async () => {
    const { server, code } = await start();
    const console_ = await presenterWindow(server, code, 'console');
    const projector = await presenterWindow(server, code, 'projector');
    ok(await request(console_.socket, 'presenter:goto', PICK));
    ok(await request(console_.socket, 'presenter:poll', { pollId: 'pick', action: 'open' }));
    const [ana, ben] = await Promise.all([server.participant(code, 'phone-ana-1'), server.participant(code, 'phone-ben-2')]);
    ok(await request(ana!, 'audience:vote', { pollId: 'pick', optionIds: ['b'] }));
    ok(await request(ben!, 'audience:vote', { pollId: 'pick', optionIds: ['b'] }));
    await nextEvent(console_.socket, 'presenter:tally', (u) => u.tallies.some((t) => t.pollId === 'pick' && t.respondents === 2));

    const projectorLog = recordEvents(projector.socket);
    const phoneLog = recordEvents(ana!);
    ok(await request(console_.socket, 'presenter:poll', { pollId: 'pick', action: 'reveal' }));
    await Promise.all([caughtUp(projector.socket), caughtUp(ana!)]);
    // One action, one broadcast: each got exactly one message for it, with the same counts.
    expect(projectorLog.map((e) => e.event)).toEqual(['presenter:poll-state']);
    expect(phoneLog.map((e) => e.event)).toEqual(['audience:state']);
    const shown = projectorLog[0]!.data as PresenterPollState;
    expect(shown).toMatchObject({ id: 'pick', revealed: true, tally: { pollId: 'pick', counts: { a: 0, b: 2 }, respondents: 2 } });
    expect(shown.tally).not.toHaveProperty('blind');
    expect(phoneLog[0]!.data).toMatchObject({ poll: { id: 'pick', revealed: true, results: { counts: { a: 0, b: 2 }, respondents: 2 } } });

    // Revealed, the projector follows the votes as the console does.
    const moved = nextEvent(projector.socket, 'presenter:tally', (u) => u.tallies.some((t) => t.pollId === 'pick' && t.counts.a === 1));
    ok(await request(ben!, 'audience:vote', { pollId: 'pick', optionIds: ['a'] }));
    expect((await moved).tallies.find((t) => t.pollId === 'pick')).toEqual({ pollId: 'pick', counts: { a: 1, b: 1 }, respondents: 2 });

    // Hidden again: both lose them in the same turn, and later votes reach the projector blind.
    await Promise.all([caughtUp(projector.socket), caughtUp(ana!)]);
    projectorLog.length = 0;
    phoneLog.length = 0;
    ok(await request(console_.socket, 'presenter:poll', { pollId: 'pick', action: 'hide' }));
    const blindAgain = nextEvent(projector.socket, 'presenter:tally', (u) => u.tallies.some((t) => t.pollId === 'pick' && t.respondents === 3));
    const cal = await server.participant(code, 'phone-cal-3');
    ok(await request(cal, 'audience:vote', { pollId: 'pick', optionIds: ['a'] }));
    expect((await blindAgain).tallies.find((t) => t.pollId === 'pick')).toEqual({ pollId: 'pick', counts: {}, respondents: 3, blind: true });
    await Promise.all([caughtUp(projector.socket), caughtUp(ana!)]);
    expect(projectorLog[0]).toMatchObject({
      event: 'presenter:poll-state',
      data: { revealed: false, tally: { counts: {}, respondents: 2, blind: true } },
    });
    expect(projectorLog.flatMap((e) => answersIn(e.data, e.event))).toEqual([]);
    expect(phoneLog.flatMap((e) => answersIn(e.data, e.event))).toEqual([]);
  });
});

describe('open text and Q&A', () => {
  it('send a projector no entry before the reveal (the console gets each one), then all of them with it', async () => {
    const { server, code } = await start();
    const console_ = await presenterWindow(server, code, 'console');
    const projector = await presenterWindow(server, code, 'projector');
    const projectorLog = recordEvents(projector.socket);
    ok(await request(console_.socket, 'presenter:goto', WORDS));
    ok(await request(console_.socket, 'presenter:poll', { pollId: 'words', action: 'open' }));
    ok(await request(console_.socket, 'presenter:poll', { pollId: 'asks', action: 'open' }));
    const phone = await server.participant(code, 'phone-ana-1');

    const entryToConsole = nextEvent(console_.socket, 'presenter:entries', (u) => u.pollId === 'words');
    const countToProjector = nextEvent(projector.socket, 'presenter:tally', (u) =>
      u.tallies.some((t) => t.pollId === 'words' && t.respondents === 1),
    );
    ok(await request(phone, 'audience:submit', { pollId: 'words', text: 'listening' }));
    expect((await entryToConsole).entries.map((e) => e.text)).toEqual(['listening']);
    expect((await countToProjector).tallies.find((t) => t.pollId === 'words')).toEqual({ pollId: 'words', counts: {}, respondents: 1, blind: true });

    ok(await request(console_.socket, 'presenter:goto', ASKS));
    const questionToConsole = nextEvent(console_.socket, 'presenter:entries', (u) => u.pollId === 'asks');
    ok(await request(phone, 'audience:submit', { pollId: 'asks', text: 'How often should we meet?' }));
    // The console's entry came with the tick that would have brought the projector one.
    await questionToConsole;
    await delivered(projector.socket);
    expect(projectorLog.some((e) => e.event === 'presenter:entries')).toBe(false);
    expect(projectorLog.flatMap((e) => answersIn(e.data, e.event))).toEqual([]);
    const late = await presenterWindow(server, code, 'projector');
    expect(pollOf(late.joined, 'words')).not.toHaveProperty('entries');
    expect(pollOf(late.joined, 'asks')).not.toHaveProperty('entries');
    expect(pollOf(console_.joined, 'words').entries).toEqual([]);

    // The reveal brings the projector every entry; later ones come as they are sent.
    const revealed = nextEvent(projector.socket, 'presenter:poll-state', (p) => p.id === 'asks' && p.revealed);
    ok(await request(console_.socket, 'presenter:poll', { pollId: 'asks', action: 'reveal' }));
    expect((await revealed).entries?.map((e) => e.text)).toEqual(['How often should we meet?']);
    const next = nextEvent(projector.socket, 'presenter:entries', (u) => u.pollId === 'asks');
    ok(await request(phone, 'audience:submit', { pollId: 'asks', text: 'Who sets the agenda?' }));
    expect((await next).entries.map((e) => e.text)).toEqual(['Who sets the agenda?']);
    // The text poll is still blind: of all that came before that entry, none was the text poll's.
    expect(projectorLog.filter((e) => e.event === 'presenter:entries').every((e) => (e.data as { pollId: string }).pollId === 'asks')).toBe(true);
  });
});

describe('a results: live poll', () => {
  it('gives the projector its counts from the first answer, while the phones wait for the reveal', async () => {
    const { server, code } = await start();
    const console_ = await presenterWindow(server, code, 'console');
    const projector = await presenterWindow(server, code, 'projector');
    expect(pollOf(projector.joined, 'warm-up').tally).toEqual({ pollId: 'warm-up', counts: { coffee: 0, tea: 0 }, respondents: 0 });
    ok(await request(console_.socket, 'presenter:goto', WARM_UP));
    ok(await request(console_.socket, 'presenter:poll', { pollId: 'warm-up', action: 'open' }));
    const phone = await server.participant(code, 'phone-ana-1');
    const phoneLog = recordEvents(phone);
    const moved = nextEvent(projector.socket, 'presenter:tally', (u) => u.tallies.some((t) => t.pollId === 'warm-up' && t.respondents === 1));
    ok(await request(phone, 'audience:vote', { pollId: 'warm-up', optionIds: ['tea'] }));
    expect((await moved).tallies.find((t) => t.pollId === 'warm-up')).toEqual({ pollId: 'warm-up', counts: { coffee: 0, tea: 1 }, respondents: 1 });
    await caughtUp(phone);
    expect(phoneLog.flatMap((e) => answersIn(e.data, e.event))).toEqual([]);
  });
});

describe('presenter:join view', () => {
  it('is projector or console, nothing else', async () => {
    const { server, code } = await start();
    const socket = await server.client();
    expect(await request(socket, 'presenter:join', { code, key: PRESENTER_KEY, view: 'wall' } as never)).toMatchObject({
      ok: false,
      error: { code: 'bad_request', message: expect.stringContaining('view') },
    });
  });
});
