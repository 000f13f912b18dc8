// A Redis outage does not stop Parley: a real redis-server (AOF, fsync always) is SIGKILLed while
// phones keep changing their vote, and started again on the same files 3 s later. The Parley
// processes stay up the whole time, refuse votes while Redis is away (answered at once, never
// acknowledged, never left hanging until Redis is back), log the outage without a line per
// refused vote, reconnect by themselves and serve again: every vote acknowledged before the kill
// is stored, votes after it are acknowledged and stored, each phone counted once, and the
// presenter's tally is exact.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PresenterPollState, PresenterState, Tally, TallyUpdate } from '../../server/protocol.js';
import { RedisStore } from '../../server/store/redis.js';
import { alive, startCluster } from '../helpers/cluster-process.js';
import { clientOf, startParley, workshopSlides } from '../helpers/parley-process.js';
import { byPhone } from '../helpers/pseudonyms.js';
import { freePort, startRedis, type RedisServer } from '../helpers/redis.js';
import { ok, PRESENTER_KEY, request, tempDataDir, type TestSocket } from '../helpers/server.js';

const POLL = 'branch-a';
const OPTIONS = ['talk', 'wait', 'escalate'] as const;
/** How long Redis stays away. */
const OUTAGE_MS = 3000;
/** A phone's pace between two votes: within the per-participant vote limit (5 a second). */
const PACE_MS = 300;
/** The wave of votes during which Redis is killed. */
const KILL_ROUND = 5;

let redis: RedisServer;
beforeEach(async () => {
  redis = await startRedis();
});
afterEach(async () => {
  await redis.stop();
});

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Phone {
  id: string;
  socket: TestSocket;
  /** The answer it sends once Redis is back: neither its last acknowledged one nor the one in flight at the kill. */
  final: string[];
}

interface Vote {
  id: string;
  choice: string[];
  sentAt: number;
  answeredAt: number;
  /** The acknowledgement's error code, 'timeout' when none came within 5 s, or null when acknowledged. */
  error: string | null;
}

/** The poll's answers stored in Redis, by participant (read with the store itself). */
/**
 * How long a join or a presenter action may take outside the outage: a cluster of three workers,
 * the primary and Redis share two cores with the rest of the suite, and a 5 s answer was once
 * missed there (the outage itself is judged by the votes, which never wait on a timeout).
 */
const SETUP_MS = 20_000;

/** The ids phones joined with (joinPhones), to read the stored answers back by. */
const phoneIds = new Set<string>();

/** The answers of the poll stored in Redis, by the id each phone joined with. */
async function storedAnswers(prefix: string, code: string): Promise<Map<string, string[]>> {
  const store = await RedisStore.open(redis.url, prefix);
  try {
    const stored = await store.loadSession(code);
    const answers = stored!.votes.filter((v) => v.pollId === POLL).map((v) => [v.participantId, v.optionIds] as const);
    return byPhone(answers, store.secret, code, phoneIds);
  } finally {
    await store.close();
  }
}

function countsOf(answers: Iterable<string[]>): Record<string, number> {
  const counts: Record<string, number> = { talk: 0, wait: 0, escalate: 0 };
  for (const [option] of answers) counts[option!]! += 1;
  return counts;
}

/** GET /healthz every 100 ms until stopped: each answer's status and time. */
function watchHealth(url: string): { seen: { at: number; status: number }[]; stop: () => Promise<void> } {
  const seen: { at: number; status: number }[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const status = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) }).then(
        (r) => r.status,
        () => 0,
      );
      seen.push({ at: Date.now(), status });
      await pause(100); // real time: paces the health checks
    }
  })();
  return {
    seen,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

/**
 * The presenter's tally of the poll once it equals `counts` (else the last one it was shown, in the
 * error), taken as the presenter page keeps it (presenter/link.ts): from `presenter:tally`, and from
 * `presenter:poll-state`, which carries the poll's whole tally. A process that missed changes of
 * another one sends its presenters the latter, not the former, after reading the session back from
 * the store (cluster-sync.ts, Sessions.onReload): in a cluster, the changes another worker published
 * as soon as its own connection to Redis was back are lost to a worker whose subscription is not
 * back yet, and that worker's reload, not a tally, is what brings the presenter the last votes.
 */
function presenterShows(presenter: TestSocket, counts: Record<string, number>, timeoutMs = 30_000): Promise<unknown> {
  let last: unknown;
  const shows = (tally: Tally | undefined): boolean => {
    last = tally ?? last;
    return JSON.stringify(tally?.counts) === JSON.stringify(counts);
  };
  return new Promise((resolve, reject) => {
    const onTally = (update: TallyUpdate): void => {
      if (shows(update.tallies.find((tally) => tally.pollId === POLL))) done(update);
    };
    const onPoll = (poll: PresenterPollState): void => {
      if (poll.id === POLL && shows(poll.tally)) done(poll);
    };
    const stop = (): void => {
      clearTimeout(timer);
      presenter.off('presenter:tally', onTally);
      presenter.off('presenter:poll-state', onPoll);
    };
    const done = (shown: unknown): void => {
      stop();
      resolve(shown);
    };
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`the presenter was not shown ${JSON.stringify(counts)} within ${timeoutMs} ms, last shown ${JSON.stringify(last)}`));
    }, timeoutMs);
    presenter.on('presenter:tally', onTally);
    presenter.on('presenter:poll-state', onPoll);
  });
}

async function joinPhones(url: string, code: string, n: number): Promise<Phone[]> {
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const id = `outage-phone-${String(i).padStart(3, '0')}`;
      const socket = await clientOf(url);
      ok(await request(socket, 'audience:join', { code, participantId: id }, SETUP_MS));
      phoneIds.add(id);
      return { id, socket, final: [OPTIONS[i % OPTIONS.length]!] };
    }),
  );
}

async function vote(votes: Vote[], { id, socket }: Phone, choice: string[]): Promise<Vote> {
  const sentAt = Date.now();
  const result = await request(socket, 'audience:vote', { pollId: POLL, optionIds: choice }).catch(() => null);
  const answered: Vote = { id, choice, sentAt, answeredAt: Date.now(), error: result === null ? 'timeout' : result.ok ? null : result.error.code };
  votes.push(answered);
  return answered;
}

/**
 * Every phone changes its vote in waves, all at once; Redis is SIGKILLed while a wave is on its
 * way to it and stays away OUTAGE_MS, the waves going on; then it is started again on its files.
 */
async function voteThroughOutage(phones: Phone[]): Promise<{ votes: Vote[]; killedAt: number; restartedAt: number }> {
  const votes: Vote[] = [];
  let killedAt = Infinity;
  for (let round = 0; Date.now() < killedAt + OUTAGE_MS; round++) {
    const wave = phones.map((phone, i) => vote(votes, phone, [OPTIONS[(i + round) % OPTIONS.length]!]));
    if (round === KILL_ROUND) {
      // Real time: a real redis-server is killed while the wave's writes are on their way to it.
      await pause(5);
      await redis.kill('SIGKILL');
      killedAt = Date.now();
    }
    await Promise.all(wave);
    await pause(PACE_MS); // real time: the waves go on through a real outage of OUTAGE_MS
  }
  await redis.restart();
  return { votes, killedAt, restartedAt: Date.now() };
}

/** The last acknowledged answer of each phone among `votes` sent before `at`, and its later vote left unacknowledged (in flight at the kill). */
function acknowledgedBefore(votes: Vote[], at: number): { acked: Map<string, string[]>; inFlight: Map<string, string[]> } {
  const acked = new Map<string, string[]>();
  const inFlight = new Map<string, string[]>();
  for (const v of votes.filter((v) => v.sentAt < at)) {
    if (v.error === null) {
      acked.set(v.id, v.choice);
      inFlight.delete(v.id);
    } else inFlight.set(v.id, v.choice);
  }
  return { acked, inFlight };
}

/**
 * Every vote acknowledged before the kill is in Redis: each phone's last one — or the vote it had
 * in flight at the kill (not acknowledged: it may or may not have been stored). Nothing refused
 * during the outage was stored later on. Returns how many in-flight votes were stored.
 */
function expectAcknowledgedStored(stored: Map<string, string[]>, acked: Map<string, string[]>, inFlight: Map<string, string[]>): number {
  let storedInFlight = 0;
  for (const [id, answer] of acked) {
    const pending = inFlight.get(id);
    if (pending && JSON.stringify(stored.get(id)) === JSON.stringify(pending)) storedInFlight += 1;
    else expect(stored.get(id), id).toEqual(answer);
  }
  return storedInFlight;
}

/** Once Redis is back, every phone sends its final answer until it is acknowledged (as the phone page lets one try again). */
async function voteUntilAcknowledged(votes: Vote[], phones: Phone[], fail: () => string | null): Promise<void> {
  const deadline = Date.now() + 20_000;
  await Promise.all(
    phones.map(async (phone) => {
      for (;;) {
        const answered = await vote(votes, phone, phone.final);
        if (answered.error === null) return;
        const problem = fail();
        if (problem || Date.now() > deadline)
          throw new Error(`${phone.id}: not acknowledged after Redis came back (${answered.error}): ${problem ?? 'timed out'}`);
        await pause(PACE_MS); // real time: tries again until the process is back on Redis
      }
    }),
  );
}

/** What a presenter joining now (over a new connection) is shown for the poll. */
async function joinedTally(url: string, code: string): Promise<PresenterState['polls'][number]['tally']> {
  const socket = await clientOf(url);
  try {
    const state = ok(await request(socket, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }, SETUP_MS));
    return state.polls.find((p) => p.id === POLL)!.tally;
  } finally {
    socket.close();
  }
}

describe('a Redis outage', () => {
  it('leaves one Parley process up: votes are refused while Redis is away and served again once it is back, nothing lost or counted twice', async () => {
    const prefix = 'outage:';
    const parley = await startParley(tempDataDir(), { REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix, LOG_LEVEL: 'info' });
    let exited = false;
    void parley.exited.then(() => (exited = true));
    const presenter = await clientOf(parley.url);
    ok(await request(presenter, 'presenter:join', { code: parley.code, key: PRESENTER_KEY, view: 'console' }));
    ok(await request(presenter, 'presenter:poll', { pollId: POLL, action: 'open' }));
    const phones = await joinPhones(parley.url, parley.code, 120);
    const health = watchHealth(parley.url);
    const logFrom = parley.output().length;

    const { votes, killedAt, restartedAt } = await voteThroughOutage(phones);
    const outageLog = parley.output().slice(logFrom);

    const { acked, inFlight } = acknowledgedBefore(votes, killedAt);
    expect(acked.size).toBe(phones.length);
    const storedInFlight = expectAcknowledgedStored(await storedAnswers(prefix, parley.code), acked, inFlight);

    const expected = countsOf(phones.map((p) => p.final));
    const shown = presenterShows(presenter, expected);
    await voteUntilAcknowledged(votes, phones, () => (exited ? `Parley exited:\n${parley.output().slice(-2000)}` : null));
    await shown;
    // One more health check after that, to see it answers 200 once the votes are through.
    const shownAt = Date.now();
    await expect.poll(() => health.seen.some((h) => h.at > shownAt), { timeout: 10_000 }).toBe(true);
    await health.stop();

    // The process was alive the whole time.
    expect(exited, parley.output().slice(-3000)).toBe(false);
    expect(parley.child.exitCode).toBeNull();
    expect(outageLog).not.toContain('uncaught');

    // /healthz: 200 before the kill, 503 while Redis was away, 200 again after.
    const during = health.seen.filter((h) => h.at > killedAt + 500 && h.at < restartedAt);
    expect(health.seen.filter((h) => h.at < killedAt).every((h) => h.status === 200)).toBe(true);
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((h) => h.status === 503)).toBe(true);
    expect(health.seen.at(-1)!.status).toBe(200);

    // While Redis was away, every vote was answered while it was still away (a write to a store
    // that is down is refused; it does not wait for Redis to come back): refused (internal), or
    // acknowledged when it changed nothing (the phone's acknowledged answer again: nothing to store).
    const outageVotes = votes.filter((v) => v.sentAt > killedAt + 200 && v.sentAt < restartedAt);
    const refused = outageVotes.filter((v) => v.error !== null);
    expect(refused.length).toBeGreaterThanOrEqual(phones.length);
    expect(
      refused.every((v) => v.error === 'internal'),
      JSON.stringify(refused.find((v) => v.error !== 'internal')),
    ).toBe(true);
    for (const v of outageVotes.filter((v) => v.error === null)) expect(v.choice, v.id).toEqual(acked.get(v.id));
    const early = outageVotes.filter((v) => v.sentAt < killedAt + OUTAGE_MS - 1500);
    expect(early.length).toBeGreaterThan(0);
    expect(early.every((v) => v.answeredAt < killedAt + OUTAGE_MS)).toBe(true);

    // The log says so, but not once per refused vote: about a line a second (the refused changes),
    // plus one per Redis connection lost (the store's and the Socket.IO adapter's).
    const warnings = outageLog.split('\n').filter((line) => /"level":(40|50|60)/.test(line));
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.length).toBeLessThanOrEqual(OUTAGE_MS / 1000 + 1 + 2);

    // Votes after the restart are stored, once per phone; the presenter's tally (live above, and
    // on a fresh join) equals what is stored.
    const stored = await storedAnswers(prefix, parley.code);
    expect(stored).toEqual(new Map(phones.map((p) => [p.id, p.final])));
    const tally = await joinedTally(parley.url, parley.code);
    expect(tally.respondents).toBe(phones.length);
    expect(tally.counts).toEqual(expected);
    console.log(
      `Redis outage, one process: ${votes.filter((v) => v.error === null && v.sentAt < killedAt).length} votes acknowledged before the kill ` +
        `(${inFlight.size} in flight at it, ${storedInFlight} of them stored anyway), ${refused.length} refused during it ` +
        `(slowest answer ${Math.max(...refused.map((v) => v.answeredAt - v.sentAt))} ms), ${warnings.length} log lines at warn or above during it; ` +
        `healthz 200 again ${health.seen.find((h) => h.at > restartedAt && h.status === 200)!.at - restartedAt} ms after the restart`,
    );
  });

  it("leaves every process of npm run start:cluster running, and the presenter's tally exact after it", { timeout: 120_000 }, async () => {
    const prefix = 'outage-cluster:';
    const port = await freePort();
    const run = startCluster(['--workers', '3'], {
      PORT: String(port),
      DATA_DIR: tempDataDir(),
      SLIDES_DIR: workshopSlides(),
      DECK: 'workshop',
      PRESENTER_KEY,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: prefix,
    });
    let exited = false;
    void run.exited.then(() => (exited = true));
    await run.waitFor('Join (phones)');
    const code = /session=([A-Z2-9]{5})/.exec(run.output())![1]!;
    const url = `http://127.0.0.1:${port}`;
    const workers = run.workerPids();
    expect(workers).toHaveLength(3);

    const presenter = await clientOf(url);
    ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }, SETUP_MS));
    ok(await request(presenter, 'presenter:poll', { pollId: POLL, action: 'open' }, SETUP_MS));
    // Phones land on the three workers (the primary hands each connection to the least busy one).
    const phones = await joinPhones(url, code, 60);

    const { votes, killedAt } = await voteThroughOutage(phones);
    const { acked, inFlight } = acknowledgedBefore(votes, killedAt);
    expect(acked.size).toBe(phones.length);
    const storedInFlight = expectAcknowledgedStored(await storedAnswers(prefix, code), acked, inFlight);

    const expected = countsOf(phones.map((p) => p.final));
    const shown = presenterShows(presenter, expected);
    await voteUntilAcknowledged(votes, phones, () => (exited ? `the cluster exited:\n${run.output().slice(-2000)}` : null));
    await shown;

    // Every worker is the one that started (none died and was replaced), and the primary runs.
    expect(exited).toBe(false);
    expect(run.workerPids()).toEqual(workers);
    for (const pid of workers) expect(alive(pid)).toBe(true);
    expect(run.output()).not.toContain('worker died');
    expect(run.output()).not.toContain('uncaught');
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    // Stored once per phone as last acknowledged; presenters joining now (on any worker) see it.
    const stored = await storedAnswers(prefix, code);
    expect(stored).toEqual(new Map(phones.map((p) => [p.id, p.final])));
    for (let i = 0; i < 3; i++) {
      const tally = await joinedTally(url, code);
      expect(tally.respondents).toBe(phones.length);
      expect(tally.counts).toEqual(expected);
    }
    console.log(
      `Redis outage, 3 workers: ${votes.filter((v) => v.error === null && v.sentAt < killedAt).length} votes acknowledged before the kill ` +
        `(${inFlight.size} in flight at it, ${storedInFlight} stored anyway), ${votes.filter((v) => v.error !== null).length} refused; ` +
        `every worker still running, the presenter's tally exact`,
    );
  });
});
