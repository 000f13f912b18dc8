// Several Parley processes behind one load balancer behave as one: three real server processes
// (server/main.ts) on their own ports share one real redis-server (AOF, fsync always). The
// presenter is on the first; phones are spread over all three; the presenter sees one exact
// total; a process killed mid-burst or a Redis restart loses no acknowledged vote.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PresenterState, Tally } from '../../server/protocol.js';
import { nextEvent } from '../helpers/events.js';
import { byPhone } from '../helpers/pseudonyms.js';
import { clientOf, startParley, type Started } from '../helpers/parley-process.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import { RedisStore } from '../../server/store/redis.js';
import { ok, PRESENTER_KEY, request, tempDataDir, type TestSocket } from '../helpers/server.js';

const POLL = 'branch-a';
const PREFIX = 'three:';
const OPTIONS = ['talk', 'wait', 'escalate'] as const;
type Option = (typeof OPTIONS)[number];

let redis: RedisServer;
beforeEach(async () => {
  redis = await startRedis();
});
afterEach(async () => {
  await redis.stop();
});

/** `n` Parley processes on one Redis, all serving the session the first one opened. */
async function cluster(n: number): Promise<Started[]> {
  const env = { REDIS_URL: redis.url, REDIS_KEY_PREFIX: PREFIX };
  const first = await startParley(tempDataDir(), env);
  // The others resume the deck's latest session, which is in the shared store.
  const others = await Promise.all(Array.from({ length: n - 1 }, () => startParley(tempDataDir(), env)));
  for (const other of others) expect(other.code).toBe(first.code);
  return [first, ...others];
}

async function presenterOn(server: Started): Promise<{ socket: TestSocket; state: PresenterState }> {
  const socket = await clientOf(server.url);
  const state = ok(await request(socket, 'presenter:join', { code: server.code, key: PRESENTER_KEY, view: 'console' }));
  return { socket, state };
}

/** The ids phones joined with (participantOn), to read the stored answers back by. */
const phoneIds = new Set<string>();

async function participantOn(server: Started, participantId: string): Promise<TestSocket> {
  const socket = await clientOf(server.url);
  ok(await request(socket, 'audience:join', { code: server.code, participantId }));
  phoneIds.add(participantId);
  return socket;
}

/** The answers of the poll stored in Redis, by the id each phone joined with (read with the store itself). */
async function storedAnswers(server: Started): Promise<Map<string, string[]>> {
  const store = await RedisStore.open(redis.url, PREFIX);
  try {
    const stored = await store.loadSession(server.code);
    const answers = stored!.votes.filter((v) => v.pollId === POLL).map((v) => [v.participantId, v.optionIds] as const);
    return byPhone(answers, store.secret, server.code, phoneIds);
  } finally {
    await store.close();
  }
}

function countsOf(answers: Iterable<string[]>): Record<Option, number> {
  const counts = { talk: 0, wait: 0, escalate: 0 };
  for (const [option] of answers) counts[option as Option] += 1;
  return counts;
}

/** The presenter's tally of the poll once it reaches `respondents` (whatever process each vote went to). */
function tallyReaching(presenter: TestSocket, respondents: number, timeoutMs = 3000): Promise<Tally> {
  return nextEvent(
    presenter,
    'presenter:tally',
    (t) => t.tallies.some((tally) => tally.pollId === POLL && tally.respondents === respondents),
    timeoutMs,
  ).then((t) => t.tallies.find((tally) => tally.pollId === POLL)!);
}

/** What a presenter joining `server` now is shown for the poll, once `settled` holds (retried until `timeoutMs`). */
async function settledTally(
  server: Started,
  settled: (tally: Tally, participants: number) => boolean,
  timeoutMs: number,
): Promise<{ tally: Tally; participants: number }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { socket, state } = await presenterOn(server);
    socket.close();
    const tally = state.polls.find((p) => p.id === POLL)!.tally;
    if (settled(tally, state.participants) || Date.now() > deadline) return { tally, participants: state.participants };
    // Real time: the processes converge through a real Redis on their own clocks; ask again.
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('three processes sharing one Redis', () => {
  it('count every vote once and show the presenter one exact total, wherever each phone is', async () => {
    const servers = await cluster(3);
    const [first] = servers as [Started, Started, Started];
    const presenter = await presenterOn(first);
    ok(await request(presenter.socket, 'presenter:goto', { h: 1, v: 1 }));
    ok(await request(presenter.socket, 'presenter:poll', { pollId: POLL, action: 'open' }));

    // 60 phones, 20 on each process; the presenter's count is the sum over the processes.
    const allCounted = nextEvent(presenter.socket, 'presenter:tally', (t) => t.participants === 60);
    const phones = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        participantOn(servers[i % 3]!, `phone-${String(i).padStart(4, '0')}`).then((socket) => ({
          id: `phone-${String(i).padStart(4, '0')}`,
          socket,
        })),
      ),
    );
    await allCounted;

    // Everyone votes at once; every fifth phone then changes its mind.
    const expected = new Map<string, string[]>();
    const reached = tallyReaching(presenter.socket, 60);
    await Promise.all(
      phones.map(async ({ id, socket }, i) => {
        const choice = [OPTIONS[i % 3]!];
        ok(await request(socket, 'audience:vote', { pollId: POLL, optionIds: choice }));
        expected.set(id, choice);
      }),
    );
    const firstTotal = await reached;
    expect(firstTotal.counts).toEqual(countsOf(expected.values()));

    const changers = phones.filter((_, i) => i % 5 === 0);
    for (const { id } of changers) expected.set(id, ['escalate']);
    const counts = countsOf(expected.values());
    const changed = nextEvent(presenter.socket, 'presenter:tally', (t) =>
      t.tallies.some((tally) => tally.pollId === POLL && JSON.stringify(tally.counts) === JSON.stringify(counts)),
    );
    await Promise.all(changers.map(async ({ socket }) => ok(await request(socket, 'audience:vote', { pollId: POLL, optionIds: ['escalate'] }))));
    const total = (await changed).tallies.find((t) => t.pollId === POLL)!;
    expect(total.respondents).toBe(60);
    expect(total.counts).toEqual(countsOf(expected.values()));

    // Stored once each, exactly as answered.
    expect(await storedAnswers(first)).toEqual(expected);
    // A presenter joining another process sees the same total.
    expect((await settledTally(servers[2]!, () => true, 0)).tally.counts).toEqual(total.counts);

    // Revealed: phones on every process get the same results.
    const results = phones.slice(0, 3).map(({ socket }) => nextEvent(socket, 'audience:state', (s) => s.poll?.results !== undefined));
    ok(await request(presenter.socket, 'presenter:poll', { pollId: POLL, action: 'reveal' }));
    for (const state of await Promise.all(results)) expect(state.poll!.results!.counts).toEqual(total.counts);
  });

  it('lose no acknowledged vote when a process is killed mid-burst: its phones carry on on the others', async () => {
    const servers = await cluster(3);
    const [first, doomed, third] = servers as [Started, Started, Started];
    const presenter = await presenterOn(first);
    ok(await request(presenter.socket, 'presenter:poll', { pollId: POLL, action: 'open' }));
    const phones = await Promise.all(
      Array.from({ length: 45 }, (_, i) =>
        participantOn(servers[i % 3]!, `phone-${String(i).padStart(4, '0')}`).then((socket) => ({
          id: `phone-${String(i).padStart(4, '0')}`,
          i,
          socket,
        })),
      ),
    );

    // Every phone keeps changing its answer; the process in the middle is killed while they do.
    const acked = new Map<string, string[]>();
    /** A vote in flight when its process died: not acknowledged, so it may or may not be stored. */
    const unacked = new Map<string, string[]>();
    let votesAcked = 0;
    let killed = false;
    const burst = phones.map(async ({ id, i, socket }) => {
      for (let round = 0; !killed || i % 3 !== 1; round++) {
        const choice = [OPTIONS[(i + round) % 3]!];
        const result = await request(socket, 'audience:vote', { pollId: POLL, optionIds: choice }).catch(() => null);
        if (!result?.ok) {
          unacked.set(id, choice); // its process died with the vote in flight
          return;
        }
        votesAcked += 1;
        acked.set(id, choice);
        if (killed && round > 0) return;
        await new Promise((r) => setTimeout(r, 40)); // a fast thumb, within the vote rate limit (real time: it refills on the clock)
      }
    });
    // The kill comes once every phone has had a vote acknowledged (and the next on its way), however fast the machine.
    await expect.poll(() => acked.size, { timeout: 20_000 }).toBe(phones.length);
    doomed.signal('SIGKILL');
    await doomed.exited;
    killed = true;
    await Promise.all(burst);
    const ackedBeforeKill = new Map(acked);
    const inFlightAtKill = unacked.size;

    // The killed process's phones reconnect (to the third process, as a load balancer would send
    // them); half of them vote again, half leave their last acknowledged answer as it is.
    const moved = phones.filter(({ i }) => i % 3 === 1);
    expect(moved.every(({ socket }) => !socket.connected || socket.disconnected)).toBe(true);
    await Promise.all(
      moved.map(async ({ id, i }) => {
        const socket = await participantOn(third, id);
        if (i % 2 === 0) {
          ok(await request(socket, 'audience:vote', { pollId: POLL, optionIds: ['escalate'] }));
          acked.set(id, ['escalate']);
          unacked.delete(id);
        }
      }),
    );

    // Every acknowledged answer is stored: the last one of each phone — or the vote it had in
    // flight when its process died, which may have been stored without being acknowledged.
    const stored = await storedAnswers(first);
    let storedUnacked = 0;
    for (const [id, answer] of acked) {
      const inFlight = unacked.get(id);
      if (inFlight && JSON.stringify(stored.get(id)) === JSON.stringify(inFlight)) storedUnacked += 1;
      else expect(stored.get(id), id).toEqual(answer);
    }
    expect([...ackedBeforeKill.keys()].every((id) => stored.has(id))).toBe(true);
    // The presenter's total comes to what is stored (a vote stored but not published before the
    // kill counts once the survivors notice the silent process and reload), and the count of
    // phones settles back to 45 once the dead process's stop counting.
    const expected = JSON.stringify(countsOf(stored.values()));
    const { tally, participants } = await settledTally(first, (t, n) => JSON.stringify(t.counts) === expected && n === 45, 20_000);
    expect(tally.respondents).toBe(stored.size);
    expect(JSON.stringify(tally.counts)).toBe(expected);
    expect(participants).toBe(45);
    console.log(
      `SIGKILL mid-burst: ${votesAcked} votes acknowledged during the burst by ${ackedBeforeKill.size} phones, ` +
        `${inFlightAtKill} in flight at the kill (${storedUnacked} stored anyway), ${moved.length} phones moved to another process; ` +
        `${stored.size} answers stored, the presenter's tally equal to them`,
    );
  });

  it('keep the session and its votes through a Redis restart (AOF), and carry on voting after it', async () => {
    const servers = await cluster(3);
    const [first, second, third] = servers as [Started, Started, Started];
    const presenter = await presenterOn(first);
    ok(await request(presenter.socket, 'presenter:poll', { pollId: POLL, action: 'open' }));
    const before = await Promise.all([second, third, first].map((server, i) => participantOn(server, `before-phone-${i}`)));
    await Promise.all(before.map(async (socket) => ok(await request(socket, 'audience:vote', { pollId: POLL, optionIds: ['talk'] }))));

    await redis.kill('SIGKILL');
    await redis.restart();

    // The processes reconnect on their own; phones that keep trying get through.
    const after = await participantOnce(second, 'after-phone-0');
    const voted = async (socket: TestSocket): Promise<void> => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const result = await request(socket, 'audience:vote', { pollId: POLL, optionIds: ['wait'] }).catch(() => null);
        if (result?.ok) return;
        if (Date.now() > deadline) throw new Error(`vote not acknowledged after the restart: ${JSON.stringify(result)}`);
        await new Promise((r) => setTimeout(r, 200)); // real time: the process reconnects to Redis on its own clock
      }
    };
    await voted(after);

    const stored = await storedAnswers(third);
    expect(countsOf(stored.values())).toEqual({ talk: 3, wait: 1, escalate: 0 });
    // The presenter's process shows the same total (it reloads if it missed a change meanwhile).
    const { tally } = await settledTally(first, (t) => t.respondents === 4, 10_000);
    expect(tally.counts).toEqual({ talk: 3, wait: 1, escalate: 0 });
  });
});

/** Joins as a participant, retrying while the process cannot reach Redis yet. */
async function participantOnce(server: Started, participantId: string): Promise<TestSocket> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const socket = await clientOf(server.url);
    const result = await request(socket, 'audience:join', { code: server.code, participantId }).catch(() => null);
    if (result?.ok) return socket;
    socket.close();
    if (Date.now() > deadline) throw new Error(`could not join after the Redis restart: ${JSON.stringify(result)}`);
    await new Promise((r) => setTimeout(r, 200)); // real time: the process reconnects to Redis on its own clock
  }
}
