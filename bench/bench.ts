// The load benchmark: start a server, connect N simulated participants from several load
// processes, open polls and have everyone vote within a window (and within a short burst, as when
// a poll opens), then close and reveal. It measures joins, acknowledgement latency, lost votes,
// the tally's exactness, the presenter's tally lag and message counts, and the server's CPU and
// memory — for Parley and, in the same run, for a bare Socket.IO server (the floor).
// With `redis`, Parley stores in a redis-server the bench starts (as docs/deploy.md runs it: AOF,
// fsync on every write); with `processes` N > 1 the same load runs a second time on N Parley
// processes sharing that Redis (the presenter on the first, participants round-robin over all),
// side by side with one process, and the ratios N-to-1 are taken.
import { io, type Socket } from 'socket.io-client';
import { startRedis, type RedisServer } from '../test/helpers/redis.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../server/protocol.js';
import { PHONE_STATE_MAX_WAIT_MS } from '../server/socket/phone-state.js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LoadProcess, ServerProcess } from './processes.js';
import type { ProfileSummary } from './profile.js';
import { BENCH_KEY, floorState, type PollStep, type ServeKind, type ServerStats, type VoteReport } from './shared.js';
import { round, spread, type Spread } from './stats.js';

export interface BenchOptions {
  participants: number;
  /** The first poll's voting window (s); later polls use `burst`. */
  window: number;
  burst: number;
  polls: number;
  /** Share of participants who change their vote once. */
  changeShare: number;
  /** Participants per load process (one process holds at most ~20,000 sockets here). */
  perProcess: number;
  baseline: boolean;
  /**
   * Also run the floor sending every client the same state messages Parley sends its phones (a
   * slide change, the opening, the closing and the reveal of each poll), for a like-for-like ratio.
   */
  floorMessages: boolean;
  /** Parley stores in Redis (a redis-server started for the run) instead of SQLite. */
  redis?: boolean;
  /** With `redis`: also run the load on this many Parley processes sharing the Redis (default 1). */
  processes?: number;
  /** Directory for V8 CPU profiles of each server while the participants vote. */
  cpuProf?: string;
  log: (line: string) => void;
}

export interface PollResult {
  pollId: string;
  windowMs: number;
  sent: number;
  acked: number;
  lost: number;
  errors: Record<string, number>;
  /** The server's final tally equals the last acknowledged choice of every participant (Parley only). */
  exactTally: boolean | null;
  latency: Spread;
  /** Acknowledged votes per second, first send to last acknowledgement. */
  throughput: number;
  /** From a vote's acknowledgement until the presenter's tally includes it (Parley only). */
  tallyLag: Spread | null;
  /** Tally messages the presenter received while the poll was open, and the most in any 100 ms. */
  presenterTallies: number | null;
  maxTalliesPer100ms: number | null;
}

export interface TargetResult {
  kind: ServeKind;
  /** As the report's column says, e.g. "Parley, 3 processes (Redis)". */
  label: string;
  /** Server processes sharing the load (Parley with Redis only may have more than one). */
  processes: number;
  store: 'sqlite' | 'redis' | null;
  participants: number;
  connected: number;
  joinFailures: number;
  joinMs: number;
  polls: PollResult[];
  /**
   * Server CPU time over the voting phases (ms, all processes added), peak RSS (MB, the largest
   * process), heap per participant (KB, all processes' growth over all participants).
   */
  cpuMs: number;
  /** With Redis: redis-server's CPU time over the voting phases (ms). */
  redisCpuMs?: number;
  /** Of cpuMs: the main thread's (Linux only); the rest is the other threads' (SQLite's writer, V8's GC and compiler). */
  mainThreadCpuMs?: number;
  /**
   * Server CPU time within the voting windows alone (ms): from each window's start to its last
   * acknowledgement, without the presenter's steps before and after (and the messages they send).
   */
  windowCpuMs: number;
  /** Parley on SQLite: its writer thread's busy time while the participants voted (part of cpuMs when it is CPU). */
  writerBusyMs?: number;
  /** Parley on SQLite, Linux: its writer thread's CPU time while the participants voted (part of cpuMs). */
  writerCpuMs?: number;
  /** Parley on SQLite: commits while the participants voted (each one an fsync). */
  commits?: number;
  maxRssMb: number;
  heapPerParticipantKb: number;
  /** Messages each phone received over the run (state updates), on average. */
  phoneMessages: number;
  /** With --cpu-prof: where the server's CPU time went while the participants voted. */
  profile?: { file: string; summary: ProfileSummary };
}

export interface BenchResult {
  date: string;
  options: Omit<BenchOptions, 'log'>;
  machine: { cpus: number; node: string };
  /** Parley on one process (on Redis with `redis`). */
  parley: TargetResult;
  /** With `processes` N > 1: Parley on N processes sharing one Redis. */
  scaled: TargetResult | null;
  /** The floor (not run with `processes` > 1). */
  baseline: TargetResult | null;
  /** The floor sending the same state messages as Parley (with `floorMessages`). */
  baselineMessages: TargetResult | null;
  ratios: FloorRatios | null;
  /** Parley to the floor sending the same state messages. */
  messageRatios: FloorRatios | null;
  /** N processes to one, on the last poll (the burst): above 1 is more, below 1 is less. */
  scaling: ScalingRatios | null;
}

/** Parley to a floor: above 1 is more. Throughput and p99 are the last burst's. */
export interface FloorRatios {
  throughput: number;
  p99: number;
  heapPerParticipant: number;
  cpu: number;
  windowCpu: number;
  /** Linux only. */
  mainThreadCpu: number | null;
}

export interface ScalingRatios {
  processes: number;
  connected: number;
  throughput: number;
  ackP50: number;
  ackP99: number;
  tallyLagP50: number | null;
  tallyLagP99: number | null;
  joinMs: number;
  cpuMs: number;
}

interface Deployment {
  processes: number;
  redis: RedisServer | null;
  /** Keeps each target's keys apart in the one Redis. */
  keyPrefix: string;
  /** The floor: sends every client a state message at each presenter step, as Parley does. */
  stateMessages?: boolean;
}

type Presenter = Socket<ServerToClientEvents, ClientToServerEvents>;

export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const { cpus, version } = { cpus: (await import('node:os')).cpus().length, version: process.version };
  const processes = options.processes ?? 1;
  if (processes > 1 && !options.redis) throw new Error('several Parley processes share their sessions through Redis: set redis');
  const redis = options.redis ? await startRedis() : null;
  if (redis) options.log(`redis-server on ${redis.url} (appendonly yes, appendfsync always)`);
  let parley: TargetResult;
  let scaled: TargetResult | null = null;
  let baseline: TargetResult | null = null;
  let baselineMessages: TargetResult | null = null;
  try {
    parley = await runTarget('parley', options, { processes: 1, redis, keyPrefix: 'bench-1:' });
    if (processes > 1) scaled = await runTarget('parley', options, { processes, redis, keyPrefix: `bench-${processes}:` });
    if (options.baseline && processes === 1) baseline = await runTarget('baseline', options, { processes: 1, redis: null, keyPrefix: '' });
    if (options.baseline && options.floorMessages && processes === 1) {
      baselineMessages = await runTarget('baseline', options, { processes: 1, redis: null, keyPrefix: '', stateMessages: true });
    }
  } finally {
    await redis?.stop();
  }
  const burst = (t: TargetResult) => t.polls.at(-1)!;
  const { log: _log, ...rest } = options;
  const ratio = (a: number, b: number): number => round(a / Math.max(1, b), 2);
  return {
    date: new Date().toISOString(),
    options: rest,
    machine: { cpus, node: version },
    parley,
    scaled,
    baseline,
    baselineMessages,
    scaling: scaled
      ? {
          processes,
          connected: ratio(scaled.connected, parley.connected),
          throughput: ratio(burst(scaled).throughput, burst(parley).throughput),
          ackP50: ratio(burst(scaled).latency.p50, burst(parley).latency.p50),
          ackP99: ratio(burst(scaled).latency.p99, burst(parley).latency.p99),
          tallyLagP50: burst(scaled).tallyLag && burst(parley).tallyLag ? ratio(burst(scaled).tallyLag!.p50, burst(parley).tallyLag!.p50) : null,
          tallyLagP99: burst(scaled).tallyLag && burst(parley).tallyLag ? ratio(burst(scaled).tallyLag!.p99, burst(parley).tallyLag!.p99) : null,
          joinMs: ratio(scaled.joinMs, parley.joinMs),
          cpuMs: ratio(scaled.cpuMs, parley.cpuMs),
        }
      : null,
    ratios: baseline ? floorRatios(parley, baseline) : null,
    messageRatios: baselineMessages ? floorRatios(parley, baselineMessages) : null,
  };
}

function floorRatios(parley: TargetResult, floor: TargetResult): FloorRatios {
  const burst = (t: TargetResult) => t.polls.at(-1)!;
  const ratio = (a: number, b: number): number => round(a / Math.max(1, b), 2);
  return {
    throughput: round(burst(parley).throughput / burst(floor).throughput, 2),
    p99: ratio(burst(parley).latency.p99, burst(floor).latency.p99),
    heapPerParticipant: round(parley.heapPerParticipantKb / floor.heapPerParticipantKb, 2),
    cpu: ratio(parley.cpuMs, floor.cpuMs),
    windowCpu: ratio(parley.windowCpuMs, floor.windowCpuMs),
    mainThreadCpu:
      parley.mainThreadCpuMs === undefined || floor.mainThreadCpuMs === undefined ? null : ratio(parley.mainThreadCpuMs, floor.mainThreadCpuMs),
  };
}

async function runTarget(kind: ServeKind, options: BenchOptions, deploy: Deployment): Promise<TargetResult> {
  const { log } = options;
  const store = kind === 'baseline' ? null : deploy.redis ? 'redis' : 'sqlite';
  const label =
    kind === 'baseline'
      ? deploy.stateMessages
        ? 'bare Socket.IO + the same state messages'
        : 'bare Socket.IO (floor)'
      : `Parley${deploy.redis ? `, ${deploy.processes} process${deploy.processes > 1 ? 'es' : ''} (Redis)` : ''}`;
  const tag =
    kind === 'baseline' ? (deploy.stateMessages ? 'baseline+messages' : 'baseline') : deploy.processes > 1 ? `parley×${deploy.processes}` : 'parley';
  const setup = deploy.redis ? { redisUrl: deploy.redis.url, keyPrefix: deploy.keyPrefix } : {};
  const servers: ServerProcess[] = [];
  const loads: LoadProcess[] = [];
  let presenter: Presenter | null = null;
  try {
    // The first process creates the session; the others serve it from the same Redis.
    servers.push(await ServerProcess.start(kind, options.polls, setup));
    const first = servers[0]!;
    servers.push(
      ...(await Promise.all(
        Array.from({ length: deploy.processes - 1 }, () => ServerProcess.start(kind, options.polls, { ...setup, code: first.code })),
      )),
    );
    const stats = async (light = false): Promise<ServerStats[]> => Promise.all(servers.map((s) => s.stats(light)));
    const before = await stats();
    const urls = servers.map((s) => s.url);
    log(`${tag}: server${urls.length > 1 ? 's' : ''} at ${urls.join(', ')}; connecting ${options.participants} participants`);
    const processes = Math.max(1, Math.ceil(options.participants / options.perProcess));
    const ids = Array.from({ length: options.participants }, (_, i) => `bench-${kind}-${String(i).padStart(6, '0')}`);
    for (let i = 0; i < processes; i++) loads.push(new LoadProcess());

    const tallies: { at: number; pollId: string; respondents: number; counts: Record<string, number> }[] = [];
    if (kind === 'parley') presenter = await joinPresenter(first, tallies);

    const joinStart = Date.now();
    const connected = await Promise.all(
      loads.map((load, i) =>
        load.order({ type: 'connect', urls, code: first.code, ids: ids.filter((_, j) => j % processes === i), concurrency: 100 }, 'connected'),
      ),
    );
    const joinMs = Date.now() - joinStart;
    const joined = connected.reduce((n, c) => n + c.connected, 0);
    const joinFailures = connected.reduce((n, c) => n + c.failed, 0);
    const firstError = connected.find((c) => c.firstError)?.firstError;
    log(`${tag}: ${joined} joined in ${joinMs} ms${joinFailures ? ` (${joinFailures} failed: ${firstError})` : ''}`);
    const afterJoin = await stats();
    const redisBefore = deploy.redis && store ? await redisCpuMs(deploy.redis.url) : null;
    if (options.cpuProf) await first.startProfile();

    const polls: PollResult[] = [];
    const sum = (list: ServerStats[], f: (s: ServerStats) => number): number => list.reduce((n, s) => n + f(s), 0);
    let windowCpuMs = 0;
    // The presenter's steps of a poll, or the same state message from the floor that sends them.
    const step = async (i: number, what: PollStep, counts?: Record<string, number>): Promise<void> => {
      const pollId = `p${i + 1}`;
      if (presenter) {
        if (what === 'slide') await presenterRequest(presenter, 'presenter:goto', { h: i + 1, v: 0 });
        else await presenterRequest(presenter, 'presenter:poll', { pollId, action: what });
      } else if (deploy.stateMessages) {
        await first.broadcast('audience:state', floorState(i, what, counts));
      }
    };
    for (let i = 0; i < options.polls; i++) {
      const pollId = `p${i + 1}`;
      const windowMs = (i === 0 ? options.window : options.burst) * 1000;
      await step(i, 'slide');
      await step(i, 'open');
      const openedAt = Date.now();
      // Phones vote once they show the poll: the room is told of the opening at most
      // PHONE_STATE_MAX_WAIT_MS after it (in practice 40 ms), and the window starts 300 ms after that.
      const startAt = openedAt + PHONE_STATE_MAX_WAIT_MS + 300;
      const windowStart = await stats(true);
      const reports = (
        await Promise.all(
          loads.map((load) =>
            load.order({ type: 'vote', pollId, options: ['a', 'b', 'c', 'd'], startAt, windowMs, changeShare: options.changeShare }, 'voted'),
          ),
        )
      ).map((answer) => answer.report);
      windowCpuMs += sum(await stats(true), (s) => s.cpuMs) - sum(windowStart, (s) => s.cpuMs);
      // Let the last coalesced tally reach the presenter before reading it.
      await new Promise((resolve) => setTimeout(resolve, 400));
      const result = pollResult(pollId, windowMs, reports, presenter ? tallies.filter((t) => t.pollId === pollId && t.at >= openedAt) : null);
      polls.push(result);
      const refused = Object.entries(result.errors)
        .map(([code, n]) => `${n} ${code}`)
        .join(', ');
      log(
        `${tag} ${pollId}: ${result.acked}/${result.sent} acked in a ${windowMs / 1000} s window${refused ? ` (refused: ${refused})` : ''}, p99 ${result.latency.p99} ms, ` +
          `${result.throughput} votes/s${result.exactTally === null ? '' : `, tally ${result.exactTally ? 'exact' : 'WRONG'}`}` +
          `${result.tallyLag ? `, tally lag p99 ${result.tallyLag.p99} ms` : ''}`,
      );
      await step(i, 'close');
      const counts: Record<string, number> = {};
      for (const r of reports) for (const [option, n] of Object.entries(r.finalCounts)) counts[option] = (counts[option] ?? 0) + n;
      await step(i, 'reveal', counts);
    }
    // The phones' last state goes out a moment after the last step (PHONE_STATE_DELAY_MS): it counts too.
    await new Promise((resolve) => setTimeout(resolve, PHONE_STATE_MAX_WAIT_MS + 100));
    let profile: TargetResult['profile'];
    if (options.cpuProf) {
      mkdirSync(options.cpuProf, { recursive: true });
      const name = deploy.processes > 1 ? `${kind}-1-of-${deploy.processes}` : deploy.stateMessages ? `${kind}-messages` : kind;
      const file = join(options.cpuProf, `${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}-${name}.cpuprofile`);
      profile = { file, summary: await first.stopProfile(file) };
      log(`${tag}: CPU profile of the voting in ${file}`);
    }
    // Light: the CPU time ends here, and a full collection of the heap would count in it.
    const after = await stats(true);
    const redisAfter = redisBefore !== null && deploy.redis ? await redisCpuMs(deploy.redis.url) : null;
    const counted = await Promise.all(loads.map((load) => load.order({ type: 'count' }, 'counted')));
    const phoneMessages = counted.reduce((n, c) => n + Object.values(c.received).reduce((a, b) => a + b, 0), 0);
    return {
      kind,
      label,
      processes: deploy.processes,
      store,
      participants: options.participants,
      connected: joined,
      joinFailures,
      joinMs,
      polls,
      cpuMs: round(sum(after, (s) => s.cpuMs) - sum(afterJoin, (s) => s.cpuMs), 0),
      windowCpuMs: round(windowCpuMs, 0),
      ...(after.every((s) => s.mainThreadCpuMs !== undefined)
        ? { mainThreadCpuMs: round(sum(after, (s) => s.mainThreadCpuMs!) - sum(afterJoin, (s) => s.mainThreadCpuMs!), 0) }
        : {}),
      ...(after.some((s) => s.commits !== undefined) ? { commits: sum(after, (s) => s.commits ?? 0) - sum(afterJoin, (s) => s.commits ?? 0) } : {}),
      ...(after.some((s) => s.writerBusyMs !== undefined)
        ? { writerBusyMs: round(sum(after, (s) => s.writerBusyMs ?? 0) - sum(afterJoin, (s) => s.writerBusyMs ?? 0), 0) }
        : {}),
      ...(after.some((s) => s.writerCpuMs !== undefined)
        ? { writerCpuMs: round(sum(after, (s) => s.writerCpuMs ?? 0) - sum(afterJoin, (s) => s.writerCpuMs ?? 0), 0) }
        : {}),
      ...(redisBefore !== null && redisAfter !== null ? { redisCpuMs: round(redisAfter - redisBefore, 0) } : {}),
      maxRssMb: round(Math.max(...after.map((s) => s.maxRss)) / 2 ** 20, 0),
      heapPerParticipantKb: round((sum(afterJoin, (s) => s.heapUsed) - sum(before, (s) => s.heapUsed)) / Math.max(1, joined) / 1024, 1),
      phoneMessages: round(phoneMessages / Math.max(1, joined), 1),
      ...(profile ? { profile } : {}),
    };
  } finally {
    presenter?.close();
    for (const load of loads) load.close();
    await Promise.all(servers.map((server) => server.stop()));
  }
}

/** redis-server's CPU time so far (user + system, ms), from INFO cpu. */
async function redisCpuMs(url: string): Promise<number> {
  const { Redis } = await import('ioredis');
  const client = new Redis(url, { lazyConnect: true });
  try {
    await client.connect();
    const info = await client.info('cpu');
    const field = (name: string): number => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
    return (field('used_cpu_user') + field('used_cpu_sys')) * 1000;
  } finally {
    client.disconnect();
  }
}

export function joinPresenter(
  server: { url: string; code: string },
  tallies: { at: number; pollId: string; respondents: number; counts: Record<string, number> }[],
  key = BENCH_KEY,
): Promise<Presenter> {
  const presenter: Presenter = io(server.url, { transports: ['websocket'], forceNew: true });
  presenter.on('presenter:tally', (update) => {
    const at = Date.now();
    for (const t of update.tallies) tallies.push({ at, pollId: t.pollId, respondents: t.respondents, counts: t.counts });
  });
  return new Promise((resolve, reject) => {
    presenter.once('connect', () => {
      void presenterRequest(presenter, 'presenter:join', { code: server.code, key, view: 'console' }).then(() => resolve(presenter), reject);
    });
    presenter.once('connect_error', reject);
  });
}

export async function presenterRequest<E extends keyof ClientToServerEvents>(
  presenter: Presenter,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
): Promise<void> {
  const res = await (presenter.timeout(30_000).emitWithAck as (e: string, p: unknown) => Promise<{ ok: boolean; error?: unknown }>)(event, payload);
  if (!res.ok) throw new Error(`${event} refused: ${JSON.stringify(res.error)}`);
}

function pollResult(
  pollId: string,
  windowMs: number,
  reports: VoteReport[],
  tallies: { at: number; respondents: number; counts: Record<string, number> }[] | null,
): PollResult {
  const sum = (f: (r: VoteReport) => number) => reports.reduce((n, r) => n + f(r), 0);
  const sent = sum((r) => r.sent);
  const acked = sum((r) => r.acked);
  const errors: Record<string, number> = {};
  const expected: Record<string, number> = {};
  for (const r of reports) {
    for (const [code, n] of Object.entries(r.errors)) errors[code] = (errors[code] ?? 0) + n;
    for (const [option, n] of Object.entries(r.finalCounts)) expected[option] = (expected[option] ?? 0) + n;
  }
  const latencies = reports.flatMap((r) => r.latencies);
  const firstSend = Math.min(...reports.map((r) => r.firstSendAt));
  const lastAck = Math.max(...reports.map((r) => r.lastAckAt));
  const result: PollResult = {
    pollId,
    windowMs,
    sent,
    acked,
    lost: sent - acked,
    errors,
    exactTally: null,
    latency: spread(latencies),
    throughput: round(acked / Math.max(0.001, (lastAck - firstSend) / 1000), 0),
    tallyLag: null,
    presenterTallies: null,
    maxTalliesPer100ms: null,
  };
  if (!tallies) return result;
  const last = tallies.at(-1);
  result.exactTally = last !== undefined && ['a', 'b', 'c', 'd'].every((o) => (last.counts[o] ?? 0) === (expected[o] ?? 0));
  // The i-th first vote acknowledged is on the presenter's screen once a tally shows i respondents.
  const firstAcks = reports.flatMap((r) => r.firstAcks).sort((a, b) => a - b);
  const lags: number[] = [];
  let t = 0;
  firstAcks.forEach((ackAt, i) => {
    while (t < tallies.length && tallies[t]!.respondents < i + 1) t++;
    if (t < tallies.length) lags.push(Math.max(0, tallies[t]!.at - ackAt));
  });
  result.tallyLag = lags.length === firstAcks.length ? spread(lags) : { ...spread(lags), max: Infinity };
  result.presenterTallies = tallies.length;
  const buckets = new Map<number, number>();
  for (const { at } of tallies) buckets.set(Math.floor(at / 100), (buckets.get(Math.floor(at / 100)) ?? 0) + 1);
  result.maxTalliesPer100ms = Math.max(0, ...buckets.values());
  return result;
}
