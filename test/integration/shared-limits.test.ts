// Per-address limits hold across the Parley processes that share one Redis (REDIS_URL): two real
// servers on one redis-server and one REDIS_KEY_PREFIX count an address's wrong presenter keys and
// new connections together, so that N processes do not let an address do N times as much. While
// Redis is away each process counts in its own memory (rate-limiter-flexible's insurance): nothing
// is refused or held up for the limits' sake, and the counts are shared again once Redis is back.
import { request as httpRequest } from 'node:http';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbuseLimits, ADDRESS_RATES, CONNECTION_RATE, CONNECTIONS_PER_ADDRESS } from '../../server/socket/limits.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import { connected, newParley, ok, PRESENTER_KEY, request, testSocket, type TestServer, type TestSocket } from '../helpers/server.js';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

/** Two Parley servers (as two processes) on the test redis-server under one prefix. */
async function twoServers(prefix: string): Promise<[TestServer, TestServer]> {
  const env = { REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix };
  return [await newParley({ env }), await newParley({ env })];
}

/** A presenter:join with `key` from `localAddress`: the acknowledgement's error code, or 'ok'. */
async function presenterJoin(server: TestServer, localAddress: string, code: string, key: string): Promise<string> {
  const socket = await connected(testSocket(server.url, localAddress));
  try {
    const result = await request(socket, 'presenter:join', { code, key });
    return result.ok ? 'ok' : `${result.error.code}: ${result.error.message}`;
  } finally {
    socket.close();
  }
}

/** GET `path` from `localAddress`: the status and Retry-After. */
function httpFrom(server: TestServer, localAddress: string, path: string, key: string): Promise<{ status: number; retryAfter?: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.url}${path}`, { localAddress, headers: { authorization: `Bearer ${key}` } }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, ...(res.headers['retry-after'] ? { retryAfter: res.headers['retry-after'] } : {}) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const WRONG_KEYS = ADDRESS_RATES.wrongKey.burst;
/** Locked out for the rest of the minute that began with the first wrong key (a slow machine may take a second or two for ten). */
const LOCKED = /^rate_limited: Too many wrong presenter keys from your network — wait (5[5-9]|60) s and try again\.$/;

describe('per-address limits shared by two processes on one Redis', () => {
  it('counts one address’s wrong presenter keys on both servers together, over Socket.IO, the HTTP API and /metrics', async () => {
    const prefix = 'shared-keys:';
    const [a, b] = await twoServers(prefix);
    const code = await a.createSession();

    // Socket.IO: ten wrong keys in all, half on each server; the eleventh is refused on both.
    const tries: string[] = [];
    for (let i = 0; i < WRONG_KEYS; i++) tries.push(await presenterJoin(i % 2 ? b : a, '127.0.0.41', code, `guess-${i}`));
    expect(tries).toEqual(Array<string>(WRONG_KEYS).fill('unauthorized: Wrong presenter key.'));
    expect(await presenterJoin(a, '127.0.0.41', code, 'guess-a')).toMatch(LOCKED);
    expect(await presenterJoin(b, '127.0.0.41', code, 'guess-b')).toMatch(LOCKED);
    // Even the right key waits, from that address only, on either server.
    expect(await presenterJoin(b, '127.0.0.41', code, PRESENTER_KEY)).toMatch(LOCKED);
    expect(await presenterJoin(a, '127.0.0.42', code, PRESENTER_KEY)).toBe('ok');
    expect(await presenterJoin(b, '127.0.0.42', code, PRESENTER_KEY)).toBe('ok');

    // The HTTP API and GET /metrics: their own counts, each shared by both servers.
    for (const path of ['/api/sessions', '/metrics']) {
      const statuses = [];
      for (let i = 0; i < WRONG_KEYS; i++) statuses.push((await httpFrom(i % 2 ? b : a, '127.0.0.43', path, `guess-${i}`)).status);
      expect(statuses, path).toEqual(Array<number>(WRONG_KEYS).fill(401));
      expect(await httpFrom(a, '127.0.0.43', path, PRESENTER_KEY), path).toEqual({ status: 429, retryAfter: expect.stringMatching(/^(5[5-9]|60)$/) });
      expect(await httpFrom(b, '127.0.0.43', path, PRESENTER_KEY), path).toEqual({ status: 429, retryAfter: expect.stringMatching(/^(5[5-9]|60)$/) });
      expect((await httpFrom(b, '127.0.0.44', path, PRESENTER_KEY)).status, path).toBe(200);
    }

    // The counts are Redis keys under REDIS_KEY_PREFIX, and only there.
    const client = new Redis(redis.url);
    try {
      const keys = await client.keys('*limit:*');
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.filter((k) => !k.startsWith(`${prefix}limit:`))).toEqual([]);
      expect(keys.some((k) => k.includes(':127.0.0.41'))).toBe(true);
    } finally {
      client.disconnect();
    }
  });

  it('counts one address’s new connections on both servers together: the burst is one, not one per process', async () => {
    const [a, b] = await twoServers('shared-connections:');
    const started = Date.now();
    const open: TestSocket[] = [];
    let refused: (Error & { data?: unknown }) | undefined;
    // Each server on its own would take CONNECTIONS_PER_ADDRESS new connections at once (and hold
    // as many): together they take the one burst, then CONNECTION_RATE.perSecond.
    while (!refused && open.length < 2 * CONNECTIONS_PER_ADDRESS) {
      const socket = testSocket((open.length % 2 ? b : a).url, '127.0.0.51');
      try {
        open.push(await connected(socket));
      } catch (err) {
        refused = err as Error & { data?: unknown };
      }
    }
    const seconds = Math.floor((Date.now() - started) / 1000);
    expect(refused?.message).toBe('Too many new connections from your network address — wait a few seconds and try again.');
    expect(refused?.data).toEqual({ code: 'rate_limited' });
    expect(open.length).toBeGreaterThanOrEqual(CONNECTION_RATE.burst);
    expect(open.length).toBeLessThanOrEqual(CONNECTION_RATE.burst + CONNECTION_RATE.perSecond * (seconds + 1));
    for (const socket of open) socket.close();
  }, 60_000);

  it('gives back across processes what a write that was not stored took', async () => {
    const client = new Redis(redis.url);
    try {
      // Connected first: until then the limits count in memory (they do not wait for Redis).
      await client.ping();
      // Two processes' limits on one Redis; a slow steady rate, so that no window ends meanwhile.
      const options = { shared: { client, keyPrefix: 'shared-give-back:' }, addressRates: { submit: { burst: 10, perSecond: 1 / 60 } } };
      const one = new AbuseLimits(options);
      const two = new AbuseLimits(options);
      const taken = [];
      for (let i = 0; i < 10; i++) taken.push(await (i % 2 ? two : one).takeAddress('submit', '10.9.9.9'));
      // Two of those answers were not stored: one from the steady rate, one from the burst.
      await taken.shift()!();
      await taken.pop()!();
      await two.takeAddress('submit', '10.9.9.9');
      await one.takeAddress('submit', '10.9.9.9');
      await expect(one.takeAddress('submit', '10.9.9.9')).rejects.toThrow(/^Too many answers from your network right now — wait 60 s/);
      await expect(two.takeAddress('submit', '10.9.9.9')).rejects.toThrow(/^Too many answers from your network right now/);
    } finally {
      client.disconnect();
    }
  });

  it('counts in each process’s memory while Redis is away — nothing refused or held up for it — and together again once it is back', async () => {
    const [a, b] = await twoServers('shared-outage:');
    const code = await a.createSession();
    // Both have the session in memory.
    await b.presenter(code);

    await redis.kill('SIGKILL');
    try {
      // Joining still works on both (the session is in their memory), promptly.
      for (const server of [a, b]) {
        const started = Date.now();
        const phone = await connected(testSocket(server.url, '127.0.0.61'));
        ok(await request(phone, 'audience:join', { code, participantId: `outage-phone-${server.port}` }));
        expect(Date.now() - started).toBeLessThan(2000);
        phone.close();
      }
      // Wrong keys are still counted, by each process on its own meanwhile.
      for (let i = 0; i < WRONG_KEYS; i++)
        expect(await presenterJoin(a, '127.0.0.62', code, `guess-${i}`)).toBe('unauthorized: Wrong presenter key.');
      expect(await presenterJoin(a, '127.0.0.62', code, 'one-more')).toMatch(LOCKED);
      expect(await presenterJoin(b, '127.0.0.62', code, 'elsewhere')).toBe('unauthorized: Wrong presenter key.');
    } finally {
      await redis.restart();
    }

    // Once the servers are connected again, an address's wrong keys are counted together again.
    const deadline = Date.now() + 15_000;
    for (let n = 0; ; n++) {
      const address = `127.0.0.${70 + n}`;
      for (let i = 0; i < WRONG_KEYS; i++) await presenterJoin(i % 2 ? b : a, address, code, `guess-${i}`);
      if (LOCKED.test(await presenterJoin(a, address, code, 'after')) && LOCKED.test(await presenterJoin(b, address, code, 'after'))) break;
      expect(Date.now(), 'wrong keys still counted per process 15 s after Redis came back').toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 500)); // real time: the servers reconnect to Redis on their own clocks
    }
  }, 60_000);
});
