// Messages between processes can be lost (Redis restarting, a subscriber reconnecting): a process
// that notices a gap in another's numbered batches reloads its copy from Redis, where every
// acknowledged change is, and its presenter sees the change anyway.
import { Redis } from 'ioredis';
import { describe, expect, it, onTestFinished } from 'vitest';
import { nextEvent } from '../helpers/events.js';
import { startRedis } from '../helpers/redis.js';
import { newParley, ok, PRESENTER_KEY, request, tempDataDir, type TestServer } from '../helpers/server.js';

async function twoProcesses(): Promise<{ a: TestServer; b: TestServer; admin: Redis }> {
  const redis = await startRedis();
  onTestFinished(() => redis.stop());
  const admin = new Redis(redis.url);
  // Waited for, and its failure caught: with Redis already stopping, QUIT's answer never comes ("Connection is closed").
  onTestFinished(() =>
    admin.quit().then(
      () => undefined,
      () => admin.disconnect(),
    ),
  );
  const env = { REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'recovery:' };
  const [a, b] = await Promise.all([newParley({ dataDir: tempDataDir(), env }), newParley({ dataDir: tempDataDir(), env })]);
  return { a: a!, b: b!, admin };
}

describe('a process that missed messages from another', () => {
  it('reloads from Redis and shows its presenter the vote it never heard of', async () => {
    const { a, b, admin } = await twoProcesses();
    const code = await a.createSession();
    const presenter = await a.presenter(code);
    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'open' }));
    const counted = nextEvent(presenter, 'presenter:tally', (t) => t.participants === 1);
    const phone = await b.participant(code, 'phone-0001');
    await counted;

    // Every subscriber connection is cut; the vote is published before they reconnect (ioredis
    // waits 50 ms before its first retry), so process A never receives it.
    const killed = await admin.client('KILL', 'TYPE', 'pubsub');
    expect(killed).toBeGreaterThan(0);
    ok(await request(phone, 'audience:vote', { pollId: 'branch-a', optionIds: ['talk'] }));

    // B's next presence (every 2 s) tells A a batch is missing; A reloads.
    const tally = await nextEvent(presenter, 'presenter:poll-state', (p) => p.id === 'branch-a' && p.tally.respondents === 1, 8000);
    expect(tally.tally.counts).toEqual({ talk: 1, wait: 0, escalate: 0 });

    // What an operator sees of it on GET /metrics.
    const metrics = await (await fetch(`${a.url}/metrics`, { headers: { authorization: `Bearer ${PRESENTER_KEY}` } })).text();
    expect(metrics).toMatch(/^parley_cluster_peers 1$/m);
    expect(Number(/^parley_cluster_reloads_total (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
  });
});
