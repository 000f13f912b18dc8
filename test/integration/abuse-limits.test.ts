// Abuse limits: per participant and per network address on joins, votes, text answers and
// upvotes; a cap on connections per address; wrong presenter keys. Honest use never meets them —
// a participant changing their mind a few times a second, 60 phones behind one hospital NAT
// voting in the same second, a classroom of 300 behind one address — and a flood from one client
// does not slow everybody else's acknowledgements down.
//
// Clients connect from addresses 127.0.0.2 and up (Linux routes all of 127/8 to loopback) so that
// the server sees distinct addresses; 127.0.0.1 itself is this machine, whose connections, joins
// and votes are not limited per address (a reverse proxy on the same host would make every
// participant look like it) — but whose wrong presenter keys are.
import { request as httpRequest } from 'node:http';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { Rate } from '../../server/rate-limit.js';
import { TEXT_RATE, UPVOTE_RATE } from '../../server/sessions/participant-limits.js';
import {
  AbuseLimits,
  ADDRESS_RATES,
  CONNECTION_RATE,
  CONNECTIONS_PER_ADDRESS,
  MESSAGE_RATE,
  OVERRUN_LIMIT,
  PARTICIPANT_RATES,
} from '../../server/socket/limits.js';
import { openDecks } from '../helpers/decks.js';
import { nextEvent } from '../helpers/events.js';
import { newParley, ok, PRESENTER_KEY, request, testSocket, type TestServer, type TestSocket } from '../helpers/server.js';

/** A socket.io client whose connection comes from `localAddress` (not yet connected). */
function socketFrom(server: TestServer, localAddress: string): TestSocket {
  return testSocket(server.url, localAddress);
}

function connected(socket: TestSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
}

async function clientFrom(server: TestServer, localAddress: string): Promise<TestSocket> {
  const socket = socketFrom(server, localAddress);
  await connected(socket);
  return socket;
}

async function phoneFrom(server: TestServer, localAddress: string, code: string, participantId: string): Promise<TestSocket> {
  const socket = await clientFrom(server, localAddress);
  ok(await request(socket, 'audience:join', { code, participantId }));
  return socket;
}

async function presenterOf(server: TestServer, code: string): Promise<TestSocket> {
  const socket = await server.client();
  ok(await request(socket, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
  return socket;
}

type Answer = { ok: boolean; error?: { code: string; message: string } };

/**
 * A script on one address that opens a new connection (before a join) once it sent
 * `perConnection` messages on one, staying under each connection's message budget: what is left
 * to stop it are the per-address limits.
 */
function scriptFrom(server: TestServer, localAddress: string, perConnection = 150) {
  let socket: TestSocket | null = null;
  let sent = 0;
  return {
    async send(event: 'audience:join' | 'audience:vote' | 'audience:submit' | 'audience:upvote', payload: object): Promise<Answer> {
      if (!socket || (event === 'audience:join' && sent >= perConnection)) {
        socket?.close();
        socket = await clientFrom(server, localAddress);
        sent = 0;
      }
      sent += 1;
      return request(socket, event, payload as never) as Promise<Answer>;
    },
  };
}

/** An HTTP request from `localAddress`. */
function httpFrom(server: TestServer, localAddress: string, path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.url}${path}`, { localAddress, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

const codes = (results: { ok: boolean; error?: { code: string } }[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const r of results) {
    const key = r.ok ? 'ok' : r.error!.code;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
};

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The most a participant's limit of `rate` lets through in `ms` of a flood that never stops: the
 * burst, then the steady rate (a token bucket: server/token-bucket.ts).
 */
const mostAllowed = (rate: Rate, ms: number): number => rate.burst + Math.floor((rate.perSecond * ms) / 1000);

describe('the limits themselves (a fake clock)', () => {
  // rate-limiter-flexible reads Date.now(): only Date is faked (its timers that forget expired keys run as usual).
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_000_000);
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const advance = (ms: number): void => {
    vi.setSystemTime(Date.now() + ms);
  };

  it('lets a participant vote in a burst of 20, then 5 a second, without using up the neighbours’ share', async () => {
    const limits = new AbuseLimits();
    for (let i = 0; i < PARTICIPANT_RATES.vote.burst; i++) await limits.take('vote', 'S', 'ana', '10.0.0.1');
    await expect(limits.take('vote', 'S', 'ana', '10.0.0.1')).rejects.toThrow('You are voting too fast — wait 1 s and try again.');
    // Refused votes used nothing of the address: Ben behind the same NAT still has its share.
    for (let i = 0; i < 50; i++) await expect(limits.take('vote', 'S', 'ana', '10.0.0.1')).rejects.toThrow();
    await limits.take('vote', 'S', 'ben', '10.0.0.1');
    advance(1000);
    for (let i = 0; i < PARTICIPANT_RATES.vote.perSecond; i++) await limits.take('vote', 'S', 'ana', '10.0.0.1');
    await expect(limits.take('vote', 'S', 'ana', '10.0.0.1')).rejects.toThrow(/too fast/);
    // The burst comes back burst / perSecond seconds after it was drawn on.
    advance((1000 * PARTICIPANT_RATES.vote.burst) / PARTICIPANT_RATES.vote.perSecond);
    for (let i = 0; i < PARTICIPANT_RATES.vote.burst; i++) await limits.take('vote', 'S', 'ana', '10.0.0.1');
    await expect(limits.take('vote', 'S', 'ana', '10.0.0.1')).rejects.toThrow(/too fast/);
  });

  it('limits an address as a whole, and this machine only per participant', async () => {
    const limits = new AbuseLimits();
    for (let i = 0; i < ADDRESS_RATES.vote.burst; i++) await limits.take('vote', 'S', `p${Math.floor(i / 10)}`, '10.0.0.2');
    await expect(limits.take('vote', 'S', 'fresh', '10.0.0.2')).rejects.toThrow(
      'Too many votes from your network right now — wait 1 s and try again.',
    );
    await limits.take('vote', 'S', 'fresh', '10.0.0.3');
    advance(1000);
    for (let i = 0; i < ADDRESS_RATES.vote.perSecond; i++) await limits.take('vote', 'S', `q${Math.floor(i / 10)}`, '10.0.0.2');
    await expect(limits.take('vote', 'S', 'another', '10.0.0.2')).rejects.toThrow(/from your network/);
    // 127.0.0.1: no address limit, the participant one still holds.
    for (let i = 0; i < 5000; i++) await limits.take('vote', 'S', `l${Math.floor(i / 20)}`, '127.0.0.1');
    await expect(limits.take('vote', 'S', 'l0', '127.0.0.1')).rejects.toThrow(/too fast/);
    for (const [action, rate] of [
      ['submit', ADDRESS_RATES.submit],
      ['upvote', ADDRESS_RATES.upvote],
      ['join', ADDRESS_RATES.join],
    ] as const) {
      for (let i = 0; i < rate.burst; i++) await limits.takeAddress(action, '10.0.0.9');
      await expect(limits.takeAddress(action, '10.0.0.9'), action).rejects.toThrow(/from your network/);
    }
  });

  it('gives back what a refused write took, to the participant and to the address', async () => {
    const limits = new AbuseLimits({ addressRates: { vote: { burst: 25, perSecond: 5 } } });
    const taken = [];
    for (let i = 0; i < PARTICIPANT_RATES.vote.burst; i++) taken.push(await limits.take('vote', 'S', 'ana', '10.0.0.4'));
    // Two of those writes were refused by the store: Ana may vote twice more (one from the steady
    // rate, one from the burst), and so may the address.
    await taken.pop()!();
    await taken.shift()!();
    await limits.take('vote', 'S', 'ana', '10.0.0.4');
    await limits.take('vote', 'S', 'ana', '10.0.0.4');
    await expect(limits.take('vote', 'S', 'ana', '10.0.0.4')).rejects.toThrow(/too fast/);
    for (let i = 0; i < 5; i++) await limits.take('vote', 'S', `p${i}`, '10.0.0.4');
    await expect(limits.take('vote', 'S', 'ben', '10.0.0.4')).rejects.toThrow(/from your network/);
    // Refused by the address, Ben's own vote was given back: from elsewhere he has his whole burst.
    for (let i = 0; i < PARTICIPANT_RATES.vote.burst; i++) await limits.take('vote', 'S', 'ben', '10.0.0.6');
    await expect(limits.take('vote', 'S', 'ben', '10.0.0.6')).rejects.toThrow(/too fast/);
    // Once the window an event was counted in is over, giving it back makes no room in the next one.
    const late = await limits.takeAddress('submit', '10.0.0.5');
    advance(60_000);
    await late();
    for (let i = 0; i < ADDRESS_RATES.submit.burst; i++) await limits.takeAddress('submit', '10.0.0.5');
    await expect(limits.takeAddress('submit', '10.0.0.5')).rejects.toThrow(/from your network/);
  });

  it('counts connections per address, up to the cap and at a rate, and frees them on disconnect', async () => {
    const limits = new AbuseLimits();
    for (let i = 0; i < CONNECTIONS_PER_ADDRESS; i++) expect(await limits.connect('10.1.1.1')).toBe('ok');
    expect(await limits.connect('10.1.1.1')).toBe('too_many');
    expect(limits.connectionsOf('10.1.1.1')).toBe(CONNECTIONS_PER_ADDRESS);
    expect(await limits.connect('10.1.1.2')).toBe('ok');
    // A slot is free again, but the address has opened its burst of connections: it waits.
    limits.disconnect('10.1.1.1');
    expect(await limits.connect('10.1.1.1')).toBe('too_fast');
    expect(limits.connectionsOf('10.1.1.1')).toBe(CONNECTIONS_PER_ADDRESS - 1);
    advance(1000);
    expect(await limits.connect('10.1.1.1')).toBe('ok');
    for (let i = 0; i < CONNECTIONS_PER_ADDRESS * 2; i++) expect(await limits.connect('::1')).toBe('ok');
    // Connections arriving together cannot all pass the cap while the rate is being counted.
    const together = await Promise.all(Array.from({ length: CONNECTIONS_PER_ADDRESS + 5 }, () => limits.connect('10.1.1.3')));
    expect(together.filter((c) => c === 'ok')).toHaveLength(CONNECTIONS_PER_ADDRESS);
    // A connection closed for flooding uses up its address's burst: reconnecting gets the steady rate only.
    await limits.flooded('10.1.1.4');
    const again = [];
    for (let i = 0; i < CONNECTION_RATE.perSecond + 1; i++) again.push(await limits.connect('10.1.1.4'));
    expect(again).toEqual([...Array<string>(CONNECTION_RATE.perSecond).fill('ok'), 'too_fast']);
  });

  it('gives each connection a budget of messages, refuses past it, and closes a connection that goes on regardless', () => {
    const budget = new AbuseLimits().messageBudget();
    const taken = Array.from({ length: MESSAGE_RATE.burst + OVERRUN_LIMIT + 1 }, () => budget.admit());
    expect(taken.filter((t) => t === 'ok')).toHaveLength(MESSAGE_RATE.burst);
    expect(taken.filter((t) => t === 'refuse')).toHaveLength(OVERRUN_LIMIT);
    expect(taken.at(-1)).toBe('close');
    // A client that slows down when told is fine again.
    advance(1000 / MESSAGE_RATE.perSecond);
    expect(budget.admit()).toBe('ok');
    expect(budget.admit()).toBe('refuse');
  });

  it('stops key guessing at 10 wrong keys, then allows one a minute', async () => {
    const limits = new AbuseLimits();
    for (let i = 0; i < ADDRESS_RATES.wrongKey.burst; i++) {
      await limits.checkKeyGuess('10.2.2.2');
      await limits.wrongKey('10.2.2.2');
    }
    await expect(limits.checkKeyGuess('10.2.2.2')).rejects.toThrow('Too many wrong presenter keys from your network — wait 60 s and try again.');
    advance(60_000);
    await limits.checkKeyGuess('10.2.2.2');
    await limits.wrongKey('10.2.2.2');
    await expect(limits.checkKeyGuess('10.2.2.2')).rejects.toThrow(/wait 60 s/);
    // This machine too: through a proxy on the same host, its guesses come from the internet.
    for (const loopback of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      for (let i = 0; i < ADDRESS_RATES.wrongKey.burst; i++) await limits.wrongKey(loopback);
      await expect(limits.checkKeyGuess(loopback), loopback).rejects.toThrow(/Too many wrong presenter keys/);
    }
  });
});

describe('abuse limits on a live server', () => {
  it('lets a classroom of 300 behind one address connect, join and vote at once — and refuses the 301st connection with a clear error', async () => {
    const server = await newParley();
    const code = await server.createSession();
    const presenter = await presenterOf(server, code);
    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'open' }));

    const nat = '127.0.0.2';
    const sockets = Array.from({ length: CONNECTIONS_PER_ADDRESS }, () => socketFrom(server, nat));
    await Promise.all(sockets.map(connected));
    const joins = await Promise.all(sockets.map((s, i) => request(s, 'audience:join', { code, participantId: `classroom-${i}` })));
    expect(codes(joins)).toEqual({ ok: CONNECTIONS_PER_ADDRESS });
    // Listening before the votes: the tally that counts the last one may arrive before its acknowledgement.
    const allCounted = nextEvent(presenter, 'presenter:tally', (u) => u.tallies.some((t) => t.respondents === CONNECTIONS_PER_ADDRESS), 15_000);
    const votes = await Promise.all(sockets.map((s, i) => request(s, 'audience:vote', { pollId: 'branch-a', optionIds: [i % 3 ? 'talk' : 'wait'] })));
    expect(codes(votes)).toEqual({ ok: CONNECTIONS_PER_ADDRESS });
    await allCounted;

    const extra = socketFrom(server, nat);
    const refused = await new Promise<Error & { data?: unknown }>((resolve, reject) => {
      extra.once('connect_error', resolve);
      extra.once('connect', () => reject(new Error(`connection ${CONNECTIONS_PER_ADDRESS + 1} from one address was accepted`)));
    });
    expect(refused.message).toBe(
      `Too many connections from your network address (at most ${CONNECTIONS_PER_ADDRESS}) — close other Parley tabs or try again later.`,
    );
    expect(refused.data).toEqual({ code: 'rate_limited' });
    expect(server.metrics.connectionsRefused).toBe(1);
    expect(server.metrics.connectionsAccepted).toBeGreaterThanOrEqual(CONNECTIONS_PER_ADDRESS + 1);
    // Other addresses, and this machine, still connect; a freed slot can be taken again.
    await clientFrom(server, '127.0.0.3');
    await server.client();
    sockets[0]!.close();
    await expect
      .poll(async () => {
        const again = socketFrom(server, nat);
        return connected(again).then(
          () => true,
          () => false,
        );
      })
      .toBe(true);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  }, 60_000);

  it('lets 60 phones behind one hospital NAT vote in the same second, each changing their mind a few times', async () => {
    const server = await newParley();
    const code = await server.createSession();
    const presenter = await presenterOf(server, code);
    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'open' }));
    const phones = await Promise.all(Array.from({ length: 60 }, (_, i) => phoneFrom(server, '127.0.0.4', code, `ward-phone-${i}`)));

    const started = Date.now();
    const first = await Promise.all(phones.map((p) => request(p, 'audience:vote', { pollId: 'branch-a', optionIds: ['talk'] })));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(codes(first)).toEqual({ ok: 60 });
    // Then each changes its answer three times within the next second.
    for (const option of ['wait', 'escalate', 'wait']) {
      const round = await Promise.all(phones.map((p) => request(p, 'audience:vote', { pollId: 'branch-a', optionIds: [option] })));
      expect(codes(round), option).toEqual({ ok: 60 });
      await sleep(200); // real time: the limits refill on the clock
    }
    const state = ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    expect(state.polls.find((p) => p.id === 'branch-a')?.tally).toEqual({
      pollId: 'branch-a',
      counts: { talk: 0, wait: 60, escalate: 0 },
      respondents: 60,
    });
  });

  it('stops one participant voting in a loop: a burst of 20, then rate_limited with a clear message, and fine again a moment later', async () => {
    const server = await newParley();
    const code = await server.createSession();
    const presenter = await presenterOf(server, code);
    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'open' }));
    const phone = await phoneFrom(server, '127.0.0.5', code, 'participant-loop');

    // Changing one's mind four times a second for three seconds is fine.
    for (let i = 0; i < 12; i++) {
      ok(await request(phone, 'audience:vote', { pollId: 'branch-a', optionIds: [i % 2 ? 'talk' : 'wait'] }));
      await sleep(250); // real time: four a second, as a person would, against a limit that refills on the clock
    }
    await sleep(PARTICIPANT_RATES.vote.burst * (1000 / PARTICIPANT_RATES.vote.perSecond)); // real time: the whole burst refills
    const burst = await Promise.all(
      Array.from({ length: 100 }, (_, i) => request(phone, 'audience:vote', { pollId: 'branch-a', optionIds: [i % 2 ? 'talk' : 'wait'] })),
    );
    const counted = codes(burst);
    expect(counted.ok).toBeGreaterThanOrEqual(PARTICIPANT_RATES.vote.burst);
    expect(counted.ok).toBeLessThanOrEqual(PARTICIPANT_RATES.vote.burst + 5);
    expect(counted.rate_limited).toBe(100 - counted.ok!);
    expect(burst.find((r) => !r.ok)).toEqual({
      ok: false,
      error: { code: 'rate_limited', message: 'You are voting too fast — wait 1 s and try again.' },
    });
    await sleep(1000); // real time: "wait 1 s", as the message says
    ok(await request(phone, 'audience:vote', { pollId: 'branch-a', optionIds: ['escalate'] }));
    // Another participant on the same network was never held up.
    const neighbour = await phoneFrom(server, '127.0.0.5', code, 'participant-next-door');
    ok(await request(neighbour, 'audience:vote', { pollId: 'branch-a', optionIds: ['talk'] }));
  });

  it('stops a script that invents participants on one address: joins, votes, text answers and upvotes are limited per address', async () => {
    const server = await newParley({ decks: new Map([...openDecks()]) });
    const code = await server.createSession('open');
    const presenter = await presenterOf(server, code);
    for (const pollId of ['first-meeting', 'steps', 'questions']) ok(await request(presenter, 'presenter:poll', { pollId, action: 'open' }));
    const honest = await phoneFrom(server, '127.0.0.6', code, 'honest-asker');
    const question = ok(await request(honest, 'audience:submit', { pollId: 'questions', text: 'A real question?' })).entries![0]!.id;

    // A script invents ever new participants: each answers once, as the deck allows.
    const script = scriptFrom(server, '127.0.0.7');
    const answers: Answer[] = [];
    let participant = 0;
    while (answers.filter((a) => !a.ok).length < 3 && participant < ADDRESS_RATES.submit.burst + 200) {
      expect(await script.send('audience:join', { code, participantId: `invented-${participant++}` })).toMatchObject({ ok: true });
      answers.push(await script.send('audience:submit', { pollId: 'first-meeting', text: `spam ${participant}` }));
    }
    const accepted = answers.filter((a) => a.ok).length;
    expect(accepted).toBeGreaterThanOrEqual(ADDRESS_RATES.submit.burst);
    expect(accepted).toBeLessThan(ADDRESS_RATES.submit.burst + 100);
    expect(answers.find((a) => !a.ok)?.error).toEqual({
      code: 'rate_limited',
      message: expect.stringMatching(/^Too many answers from your network right now — wait \d+ s and try again\.$/),
    });
    // Another address is not held up.
    ok(await request(await phoneFrom(server, '127.0.0.8', code, 'elsewhere'), 'audience:submit', { pollId: 'first-meeting', text: 'fine here' }));

    // Upvotes: each invented participant toggles its upvote as often as its own limit allows.
    const upvotes: Answer[] = [];
    for (let p = 0; upvotes.filter((u) => !u.ok && u.error!.message.includes('network')).length === 0 && p < 40; p++) {
      expect(await script.send('audience:join', { code, participantId: `upvoter-${p}` })).toMatchObject({ ok: true });
      for (let i = 0; i < UPVOTE_RATE.max; i++)
        upvotes.push(await script.send('audience:upvote', { pollId: 'questions', entryId: question, up: i % 2 === 0 }));
    }
    expect(upvotes.filter((u) => u.ok).length).toBeGreaterThanOrEqual(ADDRESS_RATES.upvote.burst);
    expect(upvotes.find((u) => !u.ok)?.error?.message).toMatch(/^Too many upvotes from your network right now/);

    // Votes: each invented participant changes its ranking as often as its own limit allows.
    ok(await request(presenter, 'presenter:poll', { pollId: 'steps', action: 'open' }));
    const votes: Answer[] = [];
    const orders = [
      ['prepare', 'expectations', 'feedback'],
      ['feedback', 'prepare', 'expectations'],
    ];
    // Ten connections at once, as a script would: the address's budget runs out faster than it
    // refills however long each acknowledgement takes on a busy machine (each waits for its commit).
    let invented = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        const voter = scriptFrom(server, '127.0.0.16');
        while (votes.every((v) => v.ok) && invented < 100) {
          expect((await voter.send('audience:join', { code, participantId: `invented-voter-${invented++}` })).error).toBeUndefined();
          for (let i = 0; i < PARTICIPANT_RATES.vote.burst; i++)
            votes.push(await voter.send('audience:vote', { pollId: 'steps', optionIds: orders[i % 2]! }));
        }
      }),
    );
    expect(votes.filter((v) => v.ok).length).toBeGreaterThanOrEqual(ADDRESS_RATES.vote.burst);
    expect(votes.find((v) => !v.ok)?.error?.message).toMatch(/^Too many votes from your network right now — wait 1 s and try again\.$/);

    // Joins: 600 at once from one address pass (a room re-joining after a Wi-Fi blip); a script goes on and is stopped.
    const joiner = scriptFrom(server, '127.0.0.15');
    const joins: Answer[] = [];
    for (let i = 0; joins.filter((j) => !j.ok).length < 3 && i < ADDRESS_RATES.join.burst + 400; i++) {
      joins.push(await joiner.send('audience:join', { code, participantId: `joiner-${i}` }));
    }
    expect(joins.findIndex((j) => !j.ok)).toBeGreaterThanOrEqual(ADDRESS_RATES.join.burst);
    expect(joins.find((j) => !j.ok)?.error?.message).toMatch(/^Too many joins from your network right now — wait 1 s and try again\.$/);
    // One participant re-joining in a loop meets its own limit first.
    const again = await clientFrom(server, '127.0.0.9');
    const rejoins = await Promise.all(
      Array.from({ length: PARTICIPANT_RATES.join.burst + 10 }, () => request(again, 'audience:join', { code, participantId: 'rejoiner' })),
    );
    expect(codes(rejoins).ok).toBeLessThanOrEqual(PARTICIPANT_RATES.join.burst + 2);
    expect(rejoins.find((r) => !r.ok)).toMatchObject({
      error: { code: 'rate_limited', message: 'You are joining too often — wait 1 s and try again.' },
    });
  }, 60_000);

  it('keeps text answers limited per participant too (TEXT_RATE)', async () => {
    const server = await newParley({ decks: openDecks() });
    const code = await server.createSession('open');
    const presenter = await presenterOf(server, code);
    ok(await request(presenter, 'presenter:poll', { pollId: 'first-meeting', action: 'open' }));
    const phone = await phoneFrom(server, '127.0.0.10', code, 'chatty-participant');
    const sent = [];
    for (let i = 0; i < TEXT_RATE.max + 2; i++) sent.push(await request(phone, 'audience:submit', { pollId: 'first-meeting', text: `idea ${i}` }));
    expect(codes(sent)).toEqual({ ok: TEXT_RATE.max, rate_limited: 2 });
  });

  it('stops presenter key guessing from one address, over Socket.IO and HTTP, while other addresses keep working', async () => {
    const server = await newParley();
    const code = await server.createSession();
    const guesser = await clientFrom(server, '127.0.0.11');
    const tries = [];
    for (let i = 0; i < ADDRESS_RATES.wrongKey.burst + 2; i++) tries.push(await request(guesser, 'presenter:join', { code, key: `guess-${i}` }));
    expect(codes(tries)).toEqual({ unauthorized: ADDRESS_RATES.wrongKey.burst, rate_limited: 2 });
    expect(tries.at(-1)).toEqual({
      ok: false,
      error: { code: 'rate_limited', message: 'Too many wrong presenter keys from your network — wait 60 s and try again.' },
    });
    // Even the right key waits now (a guess is not even checked), from that address only.
    expect(await request(guesser, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' })).toMatchObject({
      ok: false,
      error: { code: 'rate_limited' },
    });
    ok(await request(await clientFrom(server, '127.0.0.12'), 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    ok(await request(await server.client(), 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));

    const statuses = [];
    for (let i = 0; i < ADDRESS_RATES.wrongKey.burst + 2; i++) {
      statuses.push(await httpFrom(server, '127.0.0.13', '/api/sessions', { authorization: `Bearer guess-${i}` }));
    }
    expect(statuses).toEqual([...Array<number>(ADDRESS_RATES.wrongKey.burst).fill(401), 429, 429]);
    expect(await httpFrom(server, '127.0.0.13', '/api/sessions', { authorization: `Bearer ${PRESENTER_KEY}` })).toBe(429);
    // No key at all is not a guess; another address and this machine are unaffected.
    expect(await httpFrom(server, '127.0.0.14', '/api/sessions')).toBe(401);
    expect(await httpFrom(server, '127.0.0.14', '/api/sessions', { authorization: `Bearer ${PRESENTER_KEY}` })).toBe(200);
    expect(await httpFrom(server, '127.0.0.1', '/api/sessions', { authorization: `Bearer ${PRESENTER_KEY}` })).toBe(200);
  });

  it('stops key guessing from this machine too (a proxy on the same host), says when to try again over HTTP, and lets the right key in from another address', async () => {
    const server = await newParley();
    const code = await server.createSession();
    // Socket.IO from 127.0.0.1, as every participant would come through nginx on the same host.
    const guesser = await server.client();
    const tries = [];
    for (let i = 0; i < ADDRESS_RATES.wrongKey.burst + 2; i++) tries.push(await request(guesser, 'presenter:join', { code, key: `guess-${i}` }));
    expect(codes(tries)).toEqual({ unauthorized: ADDRESS_RATES.wrongKey.burst, rate_limited: 2 });
    expect(await request(await server.client(), 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' })).toMatchObject({
      ok: false,
      error: { code: 'rate_limited' },
    });
    ok(await request(await clientFrom(server, '127.0.0.21'), 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));

    // HTTP counts its own guesses: from 127.0.0.1 too, and the 429 carries Retry-After (seconds).
    const statuses = [];
    for (let i = 0; i < ADDRESS_RATES.wrongKey.burst; i++) {
      statuses.push((await fetch(`${server.url}/api/sessions`, { headers: { authorization: `Bearer guess-${i}` } })).status);
    }
    expect(statuses).toEqual(Array<number>(ADDRESS_RATES.wrongKey.burst).fill(401));
    const locked = await fetch(`${server.url}/api/sessions`, { headers: { authorization: `Bearer ${PRESENTER_KEY}` } });
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('60');
    expect(await locked.json()).toEqual({
      error: { code: 'rate_limited', message: 'Too many wrong presenter keys from your network — wait 60 s and try again.' },
    });
    expect(await httpFrom(server, '127.0.0.22', '/api/sessions', { authorization: `Bearer ${PRESENTER_KEY}` })).toBe(200);

    // GET /metrics keeps a count of its own, the same way.
    for (let i = 0; i < ADDRESS_RATES.wrongKey.burst; i++) {
      expect((await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer guess-${i}` } })).status).toBe(401);
    }
    const metrics = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${PRESENTER_KEY}` } });
    expect(metrics.status).toBe(429);
    expect(metrics.headers.get('retry-after')).toBe('60');
    expect(await httpFrom(server, '127.0.0.22', '/metrics', { authorization: `Bearer ${PRESENTER_KEY}` })).toBe(200);
  });
});

// ---- a flood from one client, in a thread of its own ----

/**
 * Runs in a worker thread: a raw WebSocket client from 127.0.0.99 that joins as a participant and
 * sends votes (every third one malformed) as fast as the socket takes them, counting answers —
 * and, like a script would, connects and joins again at once whenever it is cut off.
 */
const FLOODER = `
const { parentPort, workerData } = require('node:worker_threads');
const { WebSocket } = require('node:module').createRequire(workerData.base)('ws');
let id = 0, sent = 0, acks = 0, oks = 0, refusedAnswers = 0, connections = 0, refusedConnections = 0, closedByServer = 0;
let stopping = false, ws = null, joined = false, reported = false;
const started = Date.now();
function open() {
  if (stopping) return;
  connections++;
  joined = false;
  const socket = new WebSocket(workerData.url, { localAddress: workerData.localAddress });
  ws = socket;
  socket.on('error', () => {});
  let refused = false;
  socket.on('close', () => { if (stopping) return; if (!refused) closedByServer++; setImmediate(open); });
  socket.on('message', (data) => {
    const text = String(data);
    if (text[0] === '0') socket.send('40');
    else if (text.startsWith('44')) { refusedConnections++; refused = true; socket.close(); }
    else if (text.startsWith('40')) socket.send('420' + JSON.stringify(['audience:join', { code: workerData.code, participantId: 'flooding-participant' }]));
    else if (text === '2') socket.send('3');
    else if (text.startsWith('430[')) {
      joined = true;
      if (!reported) { reported = true; parentPort.postMessage({ type: 'joined', ok: text.includes('"ok":true') }); }
    } else if (text.startsWith('43')) { acks++; if (text.includes('"ok":true')) oks++; if (text.includes('"rate_limited"')) refusedAnswers++; }
  });
}
function flood() {
  if (stopping) return;
  if (!joined || ws.readyState !== 1) {
    setTimeout(flood, 2); // nothing to flood through: wait without spinning
    return;
  }
  while (ws.bufferedAmount < 256 * 1024) {
    id++; sent++;
    const payload = id % 3 === 0
      ? { pollId: 'branch-a', optionIds: 'talk' }
      : { pollId: 'branch-a', optionIds: [id % 2 ? 'talk' : 'wait'] };
    ws.send('42' + id + JSON.stringify(['audience:vote', payload]));
    if (sent % 1000 === 0) break;
  }
  setImmediate(flood);
}
open();
flood();
parentPort.on('message', () => {
  stopping = true;
  parentPort.postMessage({ type: 'done', sent, acks, oks, refusedAnswers, connections, refusedConnections, closedByServer, ms: Date.now() - started });
  ws.terminate();
});
`;

interface FloodReport {
  sent: number;
  acks: number;
  oks: number;
  refusedAnswers: number;
  connections: number;
  refusedConnections: number;
  closedByServer: number;
  ms: number;
}

function startFlood(server: TestServer, code: string): { joined: Promise<boolean>; stop(): Promise<FloodReport> } {
  const worker = new Worker(FLOODER, {
    eval: true,
    workerData: {
      base: `${process.cwd()}/package.json`,
      url: `${server.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`,
      localAddress: '127.0.0.99',
      code,
    },
  });
  onTestFinished(() => worker.terminate().then(() => undefined));
  let report: (r: FloodReport) => void = () => undefined;
  const done = new Promise<FloodReport>((resolve) => (report = resolve));
  const joined = new Promise<boolean>((resolve, reject) => {
    worker.on('error', reject);
    worker.on('message', (m: { type: string; ok?: boolean } & FloodReport) => {
      if (m.type === 'joined') resolve(m.ok === true);
      else if (m.type === 'done') report(m);
    });
  });
  return {
    joined,
    async stop() {
      worker.postMessage('stop');
      return done;
    },
  };
}

/** 20 phones each vote every 100 ms for `ms`; the latency of every acknowledgement. */
async function measure(phones: TestSocket[], ms: number): Promise<number[]> {
  const latencies: number[] = [];
  const until = Date.now() + ms;
  await Promise.all(
    phones.map(async (phone, i) => {
      await sleep((i * 100) / phones.length); // real time: the phones' votes spread over each 100 ms
      for (let n = 0; Date.now() < until; n++) {
        const started = performance.now();
        ok(await request(phone, 'audience:vote', { pollId: 'topics', optionIds: [['goals', 'rules', 'time'][n % 3]!] }));
        latencies.push(performance.now() - started);
        await sleep(250); // real time: paces the load
      }
    }),
  );
  return latencies;
}

describe('a flood from one client', () => {
  it('does not slow down everybody else’s acknowledgements', async () => {
    const server = await newParley();
    const code = await server.createSession();
    const presenter = await presenterOf(server, code);
    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'open' }));
    ok(await request(presenter, 'presenter:poll', { pollId: 'topics', action: 'open' }));
    const phones = await Promise.all(Array.from({ length: 20 }, (_, i) => phoneFrom(server, `127.0.0.${120 + i}`, code, `steady-phone-${i}`)));

    await measure(phones, 500); // warm-up
    // Without the flood before and after it (so that a slow moment of the machine weighs on both
    // sides alike), and during it.
    const baseline = await measure(phones, 1500);
    const flood = startFlood(server, code);
    expect(await flood.joined).toBe(true);
    await sleep(200); // real time: the flood is in full swing before the measurement starts
    const during = await measure(phones, 3000);
    const report = await flood.stop();
    baseline.push(...(await measure(phones, 1500)));
    const after = ok(await request(phones[0]!, 'audience:vote', { pollId: 'topics', optionIds: ['goals'] }));
    expect(after.optionIds).toEqual(['goals']);

    const figures = {
      baseline: { n: baseline.length, p50: percentile(baseline, 50), p95: percentile(baseline, 95) },
      flood: { n: during.length, p50: percentile(during, 50), p95: percentile(during, 95) },
      flooder: { ...report, perSecond: Math.round((report.sent / report.ms) * 1000) },
    };
    const round = (v: number) => Math.round(v * 10) / 10;
    console.log(
      `ack latency of 20 phones — without flood: p50 ${round(figures.baseline.p50)} ms, p95 ${round(figures.baseline.p95)} ms (n=${figures.baseline.n}); ` +
        `during a flood (${report.sent} messages in ${report.ms} ms, ${figures.flooder.perSecond}/s; ${report.acks} answered, ${report.oks} accepted, ` +
        `${report.refusedAnswers} rate_limited; cut off ${report.closedByServer}×, ${report.refusedConnections} of ${report.connections} connections refused): ` +
        `p50 ${round(figures.flood.p50)} ms, p95 ${round(figures.flood.p95)} ms (n=${figures.flood.n})`,
    );
    expect(report.sent).toBeGreaterThan(2000);
    // A ratio in one run, with room for a noisy machine (a CI run beside other work once measured
    // 71 ms against a 4 ms baseline, 148 ms against 10 ms with both store projects running): what
    // matters is that the flood does not hold everybody back.
    expect(figures.flood.p95).toBeLessThan(5 * figures.baseline.p95 + 300);
    // The flooder got its first burst through, was told to slow down, then cut off, and its
    // reconnections were refused.
    expect(report.oks).toBeLessThanOrEqual(mostAllowed(PARTICIPANT_RATES.vote, report.ms) + 5);
    expect(report.closedByServer).toBeGreaterThan(0);
  }, 60_000);
});
