// The load benchmark: start a server, connect N simulated participants from several load
// processes, open polls and have everyone vote within a window (and within a short burst, as when
// a poll opens), then close and reveal. It measures joins, acknowledgement latency, lost votes,
// the tally's exactness, the presenter's tally lag and message counts, and the server's CPU and
// memory — for Parley and, in the same run, for a bare Socket.IO server (the floor).
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../server/protocol.js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LoadProcess, ServerProcess } from './processes.js';
import type { ProfileSummary } from './profile.js';
import { BENCH_KEY, type ServeKind, type VoteReport } from './shared.js';
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
  participants: number;
  connected: number;
  joinFailures: number;
  joinMs: number;
  polls: PollResult[];
  /** Server CPU time over the voting phases (ms), peak RSS (MB), heap per participant (KB). */
  cpuMs: number;
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
  parley: TargetResult;
  baseline: TargetResult | null;
  ratios: { throughput: number; p99: number; heapPerParticipant: number } | null;
}

type Presenter = Socket<ServerToClientEvents, ClientToServerEvents>;

export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const { cpus, version } = { cpus: (await import('node:os')).cpus().length, version: process.version };
  const parley = await runTarget('parley', options);
  const baseline = options.baseline ? await runTarget('baseline', options) : null;
  const burst = (t: TargetResult) => t.polls.at(-1)!;
  const { log: _log, ...rest } = options;
  return {
    date: new Date().toISOString(),
    options: rest,
    machine: { cpus, node: version },
    parley,
    baseline,
    ratios: baseline
      ? {
          throughput: round(burst(parley).throughput / burst(baseline).throughput, 2),
          p99: round(burst(parley).latency.p99 / Math.max(1, burst(baseline).latency.p99), 2),
          heapPerParticipant: round(parley.heapPerParticipantKb / baseline.heapPerParticipantKb, 2),
        }
      : null,
  };
}

async function runTarget(kind: ServeKind, options: BenchOptions): Promise<TargetResult> {
  const { log } = options;
  const server = await ServerProcess.start(kind, options.polls);
  const loads: LoadProcess[] = [];
  let presenter: Presenter | null = null;
  try {
    const before = await server.stats();
    log(`${kind}: server at ${server.url}; connecting ${options.participants} participants`);
    const processes = Math.max(1, Math.ceil(options.participants / options.perProcess));
    const ids = Array.from({ length: options.participants }, (_, i) => `bench-${kind}-${String(i).padStart(6, '0')}`);
    for (let i = 0; i < processes; i++) loads.push(new LoadProcess());

    const tallies: { at: number; pollId: string; respondents: number; counts: Record<string, number> }[] = [];
    if (kind === 'parley') presenter = await joinPresenter(server, tallies);

    const joinStart = Date.now();
    const connected = await Promise.all(
      loads.map((load, i) =>
        load.order(
          { type: 'connect', url: server.url, code: server.code, ids: ids.filter((_, j) => j % processes === i), concurrency: 100 },
          'connected',
        ),
      ),
    );
    const joinMs = Date.now() - joinStart;
    const joined = connected.reduce((n, c) => n + c.connected, 0);
    const joinFailures = connected.reduce((n, c) => n + c.failed, 0);
    const firstError = connected.find((c) => c.firstError)?.firstError;
    log(`${kind}: ${joined} joined in ${joinMs} ms${joinFailures ? ` (${joinFailures} failed: ${firstError})` : ''}`);
    const afterJoin = await server.stats();
    if (options.cpuProf) await server.startProfile();

    const polls: PollResult[] = [];
    for (let i = 0; i < options.polls; i++) {
      const pollId = `p${i + 1}`;
      const windowMs = (i === 0 ? options.window : options.burst) * 1000;
      if (presenter) {
        await presenterRequest(presenter, 'presenter:goto', { h: i + 1, v: 0 });
        await presenterRequest(presenter, 'presenter:poll', { pollId, action: 'open' });
      }
      const openedAt = Date.now();
      const startAt = openedAt + 300;
      const reports = (
        await Promise.all(
          loads.map((load) =>
            load.order({ type: 'vote', pollId, options: ['a', 'b', 'c', 'd'], startAt, windowMs, changeShare: options.changeShare }, 'voted'),
          ),
        )
      ).map((answer) => answer.report);
      // Let the last coalesced tally reach the presenter before reading it.
      await new Promise((resolve) => setTimeout(resolve, 400));
      const result = pollResult(pollId, windowMs, reports, presenter ? tallies.filter((t) => t.pollId === pollId && t.at >= openedAt) : null);
      polls.push(result);
      log(
        `${kind} ${pollId}: ${result.acked}/${result.sent} acked in a ${windowMs / 1000} s window, p99 ${result.latency.p99} ms, ` +
          `${result.throughput} votes/s${result.exactTally === null ? '' : `, tally ${result.exactTally ? 'exact' : 'WRONG'}`}` +
          `${result.tallyLag ? `, tally lag p99 ${result.tallyLag.p99} ms` : ''}`,
      );
      if (presenter) {
        await presenterRequest(presenter, 'presenter:poll', { pollId, action: 'close' });
        await presenterRequest(presenter, 'presenter:poll', { pollId, action: 'reveal' });
      }
    }
    let profile: TargetResult['profile'];
    if (options.cpuProf) {
      mkdirSync(options.cpuProf, { recursive: true });
      const file = join(options.cpuProf, `${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}-${kind}.cpuprofile`);
      profile = { file, summary: await server.stopProfile(file) };
      log(`${kind}: CPU profile of the voting in ${file}`);
    }
    const after = await server.stats();
    const counted = await Promise.all(loads.map((load) => load.order({ type: 'count' }, 'counted')));
    const phoneMessages = counted.reduce((n, c) => n + Object.values(c.received).reduce((a, b) => a + b, 0), 0);
    return {
      kind,
      participants: options.participants,
      connected: joined,
      joinFailures,
      joinMs,
      polls,
      cpuMs: round(after.cpuMs - afterJoin.cpuMs, 0),
      maxRssMb: round(after.maxRss / 2 ** 20, 0),
      heapPerParticipantKb: round((afterJoin.heapUsed - before.heapUsed) / Math.max(1, joined) / 1024, 1),
      phoneMessages: round(phoneMessages / Math.max(1, joined), 1),
      ...(profile ? { profile } : {}),
    };
  } finally {
    presenter?.close();
    for (const load of loads) load.close();
    await server.stop();
  }
}

export function joinPresenter(server: ServerProcess, tallies: { at: number; pollId: string; respondents: number; counts: Record<string, number> }[]): Promise<Presenter> {
  const presenter: Presenter = io(server.url, { transports: ['websocket'], forceNew: true });
  presenter.on('presenter:tally', (update) => {
    const at = Date.now();
    for (const t of update.tallies) tallies.push({ at, pollId: t.pollId, respondents: t.respondents, counts: t.counts });
  });
  return new Promise((resolve, reject) => {
    presenter.once('connect', () => {
      void presenterRequest(presenter, 'presenter:join', { code: server.code, key: BENCH_KEY }).then(() => resolve(presenter), reject);
    });
    presenter.once('connect_error', reject);
  });
}

export async function presenterRequest<E extends keyof ClientToServerEvents>(
  presenter: Presenter,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
): Promise<void> {
  const res = (await (presenter.timeout(30_000).emitWithAck as (e: string, p: unknown) => Promise<{ ok: boolean; error?: unknown }>)(event, payload));
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
  result.exactTally =
    last !== undefined && ['a', 'b', 'c', 'd'].every((o) => (last.counts[o] ?? 0) === (expected[o] ?? 0));
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
