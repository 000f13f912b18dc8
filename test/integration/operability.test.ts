// What an operator relies on: GET /healthz (a real write through the store), GET /metrics (with
// the presenter key or METRICS_KEY only), security headers on every response, settings checked at
// start, and logs that never carry a key.
import Database from 'better-sqlite3';
import { Writable } from 'node:stream';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ConfigError, readConfig } from '../../server/config.js';
import { createLogger } from '../../server/log.js';
import { DATABASE_FILE } from '../../server/store/sqlite.js';
import { startRedis } from '../helpers/redis.js';
import { newParley, ok, PRESENTER_KEY, request, TEST_STORE, type TestServer } from '../helpers/server.js';

const METRICS_KEY = 'metrics-reader-key-42';

/** The value of one sample in a Prometheus text exposition. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

/** What the last health check wrote: the SQLite row, or the Redis key. */
async function healthToken(server: TestServer): Promise<unknown> {
  if (server.redis) return redisCommand(server.redis.url, ['GET', `${server.redis.keyPrefix}health`]);
  const db = new Database(join(server.dataDir, DATABASE_FILE), { readonly: true });
  try {
    return db.prepare('SELECT checked_at FROM health_check').pluck().get();
  } finally {
    db.close();
  }
}

async function redisCommand(url: string, [command, ...args]: string[]): Promise<unknown> {
  const { Redis } = await import('ioredis');
  const client = new Redis(url);
  try {
    return await client.call(command!, ...args);
  } finally {
    client.disconnect();
  }
}

describe('GET /healthz', () => {
  it('answers 200 with the store writable after a real write, which it reads back', async () => {
    const server = await newParley();
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; store: string; uptime: number };
    expect(body).toMatchObject({ ok: true, store: 'writable' });
    expect(body.uptime).toBeGreaterThanOrEqual(0);
    expect(res.headers.get('cache-control')).toBe('no-store');

    const first = await healthToken(server);
    await fetch(`${server.url}/healthz`);
    const second = await healthToken(server);
    expect(second).not.toBe(first); // each check writes and commits
    expect(second).not.toBeUndefined();
  });

  it('answers 503 with the reason when the store refuses writes', async () => {
    let server: TestServer;
    if (TEST_STORE === 'redis') {
      // A Redis of its own that refuses writes (as one waiting for replicas it lacks).
      const redis = await startRedis();
      onTestFinished(() => redis.stop());
      server = await newParley({ env: { REDIS_URL: redis.url } });
      await redisCommand(redis.url, ['CONFIG', 'SET', 'min-replicas-to-write', '1']);
    } else {
      server = await newParley();
      // Another program holds the database's write lock (as `sqlite3` in an open BEGIN IMMEDIATE).
      const other = new Database(join(server.dataDir, DATABASE_FILE));
      other.exec('BEGIN IMMEDIATE');
      onTestFinished(() => {
        other.exec('ROLLBACK');
        other.close();
      });
    }
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      ok: false,
      store: 'unwritable',
      reason: expect.stringMatching(TEST_STORE === 'redis' ? /NOREPLICAS/ : /locked by another program/),
    });

    // A vote now is answered with an error, not acknowledged, and the store counts the refusal.
    const code = await server.createSession().catch(() => null);
    expect(code).toBeNull(); // creating a session needs a write too
    expect(server.store.stats.failedWrites).toBeGreaterThanOrEqual(2);
  });
});

describe('GET /metrics', () => {
  it('needs the presenter key or METRICS_KEY', async () => {
    const server = await newParley({ env: { METRICS_KEY } });
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer not-the-key-123' } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer');
    for (const key of [PRESENTER_KEY, METRICS_KEY]) {
      const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${key}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    }
  });

  it('counts votes, participants, live sessions, refusals and memory, read again at each request', async () => {
    const server = await newParley();
    const code = await server.createSession();
    const presenter = await server.client();
    ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'open' }));
    const join = async (participantId: string) => {
      const phone = await server.client();
      ok(await request(phone, 'audience:join', { code, participantId }));
      return phone;
    };
    const phones = await Promise.all(['metrics-ana', 'metrics-ben', 'metrics-cal'].map(join));
    for (const phone of phones) ok(await request(phone, 'audience:vote', { pollId: 'branch-a', optionIds: ['talk'] }));
    const refused = await request(phones[0]!, 'audience:vote', { pollId: 'no-such-poll', optionIds: ['talk'] });
    expect(refused.ok).toBe(false);
    const scrape = async () => (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${PRESENTER_KEY}` } })).text();

    const text = await scrape();
    expect(text).toContain('# TYPE parley_votes_total counter');
    expect(text).toContain('# HELP parley_votes_total Votes acknowledged as stored.');
    expect(text).toContain('# TYPE parley_connected_participants gauge');
    expect(sample(text, 'parley_connected_participants')).toBe(3);
    expect(sample(text, 'parley_sessions_live')).toBe(1);
    expect(sample(text, 'parley_socket_connections')).toBe(4);
    expect(sample(text, 'parley_votes_total')).toBe(3);
    expect(sample(text, 'parley_entries_total')).toBe(0);
    expect(sample(text, 'parley_errors_total', '{code="not_found"}')).toBe(1);
    // Every code has a series from the start.
    expect(sample(text, 'parley_errors_total', '{code="forbidden"}')).toBe(0);
    expect(sample(text, 'parley_connections_refused_total')).toBe(0);
    expect(sample(text, 'parley_connections_accepted_total')).toBe(4);
    expect(sample(text, 'parley_store_write_errors_total')).toBe(0);
    expect(sample(text, 'parley_store_commits_total')).toBeGreaterThan(0);
    expect(sample(text, 'parley_store_writes_total')).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'parley_store_saving')).toBe(1);
    expect(sample(text, 'parley_cluster_peers')).toBe(0);
    expect(sample(text, 'process_uptime_seconds')).toBeGreaterThan(0);
    // The SQLite writer thread's working time (Redis has none).
    if (TEST_STORE === 'sqlite') expect(sample(text, 'parley_store_writer_busy_seconds_total')).toBeGreaterThan(0);
    // prom-client's default process metrics.
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(1_000_000);
    expect(sample(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(sample(text, 'process_start_time_seconds')).toBeLessThanOrEqual(Date.now() / 1000);
    expect(sample(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(text).toContain('# TYPE nodejs_gc_duration_seconds histogram');
    // Every line is blank, a comment or `name{labels} number`.
    for (const line of text.trim().split('\n')) {
      expect(line).toMatch(/^(|# (HELP|TYPE) \w+ .+|\w+(\{\w+="[^"]*"(,\w+="[^"]*")*\})? (-?[\d.e+-]+|[+-]Inf|NaN|Nan))$/);
    }

    // The next request reads the counters and the live state again.
    const dan = await join('metrics-dan');
    ok(await request(dan, 'audience:vote', { pollId: 'branch-a', optionIds: ['talk'] }));
    phones[0]!.disconnect();
    await expect
      .poll(async () => {
        const now = await scrape();
        return [sample(now, 'parley_connected_participants'), sample(now, 'parley_socket_connections')];
      })
      .toEqual([3, 4]);
    const again = await scrape();
    expect(sample(again, 'parley_votes_total')).toBe(4);
    // Measured after the previous request (prom-client times a setImmediate).
    expect(sample(again, 'nodejs_eventloop_lag_seconds')).toBeGreaterThan(0);
    expect(sample(again, 'parley_connections_accepted_total')).toBe(5);
    expect(sample(again, 'parley_store_writes_total')).toBeGreaterThan(sample(text, 'parley_store_writes_total')!);
  });
});

describe('security headers', () => {
  it('are on every response, with a policy that runs no inline script and no HSTS (plain http on a LAN)', async () => {
    const server = await newParley();
    const code = await server.createSession();
    const paths = ['/', `/j/${code}`, '/present', `/api/sessions/${code}`, '/api/sessions', '/healthz', '/metrics'];
    for (const path of paths) {
      const res = await fetch(`${server.url}${path}`);
      const csp = res.headers.get('content-security-policy');
      expect(csp, path).toBeTruthy();
      const d = directives(csp!);
      expect(d.get('script-src'), path).toContain("'self'");
      expect(d.get('script-src'), path).not.toContain("'unsafe-inline'");
      expect(d.get('script-src'), path).not.toContain("'unsafe-eval'");
      expect(d.get('default-src'), path).toEqual(["'self'"]);
      expect(d.get('connect-src'), path).toContain("'self'");
      expect(d.get('img-src'), path).toEqual(["'self'", 'data:']);
      expect(d.get('frame-ancestors'), path).toEqual(["'self'"]);
      expect(d.get('object-src'), path).toEqual(["'none'"]);
      expect(d.has('upgrade-insecure-requests'), path).toBe(false);
      expect(res.headers.get('strict-transport-security'), path).toBeNull();
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(res.headers.get('x-powered-by'), path).toBeNull();
    }
    // Express's own 404 page narrows the policy further (default-src 'none'); the rest stays.
    const missing = await fetch(`${server.url}/no-such-page`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(missing.headers.get('x-content-type-options')).toBe('nosniff');
    expect(missing.headers.get('strict-transport-security')).toBeNull();
  });

  it('allow the presenter page exactly the inline code it ships (speaker view, report style) by hash, the phone page none', async () => {
    const server = await newParley();
    const presenter = directives((await fetch(`${server.url}/present`)).headers.get('content-security-policy')!);
    const phone = directives((await fetch(`${server.url}/`)).headers.get('content-security-policy')!);
    const hashes = (values: string[] | undefined) => (values ?? []).filter((v) => v.startsWith("'sha256-"));
    expect(hashes(presenter.get('script-src'))).toHaveLength(1); // reveal.js's speaker view
    expect(hashes(presenter.get('style-src'))).toHaveLength(2); // the speaker view's and the report's <style>
    expect(presenter.get('style-src')).not.toContain("'unsafe-inline'");
    expect(phone.get('script-src')).toEqual(["'self'"]);
    expect(phone.get('style-src')).toEqual(["'self'"]);
    expect(phone.has('style-src-attr')).toBe(false);
    // The WebSocket of this origin, spelled out for browsers whose 'self' does not cover ws:.
    expect(phone.get('connect-src')).toEqual(["'self'", `ws://127.0.0.1:${server.port}`, `wss://127.0.0.1:${server.port}`]);
  });
});

describe('settings and logs', () => {
  it('METRICS_KEY must be at least 8 characters', () => {
    expect(() => readConfig({ METRICS_KEY: 'short' })).toThrow(ConfigError);
    expect(() => readConfig({ METRICS_KEY: 'short' })).toThrow(/METRICS_KEY: must be at least 8 characters/);
    expect(readConfig({ METRICS_KEY: 'long-enough' }).metricsKey).toBe('long-enough');
    expect(readConfig({}).metricsKey).toBeUndefined();
  });

  it('never writes a key or an Authorization header to the log', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const log = createLogger('info', sink);
    log.info({ key: PRESENTER_KEY, req: { headers: { authorization: `Bearer ${PRESENTER_KEY}` } } }, 'request');
    log.warn({ presenterKey: PRESENTER_KEY, config: { metricsKey: METRICS_KEY } }, 'config');
    log.info({ headers: { authorization: `Bearer ${METRICS_KEY}`, cookie: 'k=1' } }, 'headers');
    const text = lines.join('');
    expect(lines).toHaveLength(3);
    expect(text).not.toContain(PRESENTER_KEY);
    expect(text).not.toContain(METRICS_KEY);
    expect(text).toContain('[redacted]');
  });
});
