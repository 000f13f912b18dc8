// A server under test, run as a child process of the bench: `parley` (the real server, as
// `npm start` builds it, with its own DATA_DIR and a generated deck; with a ServeSetup argument on
// Redis, and serving a session another process created; or, for the soak, serving given decks and
// creating no session) or `baseline` (a bare Socket.IO server that only acknowledges the same
// messages: no validation, no storage). It
// reports its address once listening and answers `stats` requests over IPC with its CPU time and
// memory (after a full GC when run with --expose-gc, so heap figures compare), and takes a V8 CPU
// profile between `profile-start` and `profile-stop` (the inspector's sampling profiler, in process).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server } from 'socket.io';
import { startServer } from '../server/app.js';
import { readConfig } from '../server/config.js';
import { loadDecks } from '../server/deck/load.js';
import { MAX_MESSAGE_BYTES } from '../server/protocol.js';
import type { Sessions } from '../server/sessions.js';
import { RunsOfChanges } from '../server/socket/phone-state.js';
import { taskCpuMs } from '../server/thread-cpu.js';
import { summarizeProfile, type CpuProfile } from './profile.js';
import { BENCH_KEY, benchDeck, type ServeKind, type ServeMessage, type ServeOrder, type ServerStats, type ServeSetup } from './shared.js';

async function serveParley(polls: number, setup: ServeSetup): Promise<{ url: string; code: string }> {
  const root = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  process.on('exit', () => rmSync(root, { recursive: true, force: true }));
  const slidesDir = setup.decks?.dir ?? join(root, 'slides');
  if (!setup.decks) {
    mkdirSync(slidesDir);
    writeFileSync(join(slidesDir, 'bench.md'), benchDeck(polls));
  }
  const config = readConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: join(root, 'data'),
    SLIDES_DIR: slidesDir,
    DECK: 'bench',
    PRESENTER_KEY: BENCH_KEY,
    LOG_LEVEL: 'warn',
    ...(setup.redisUrl ? { REDIS_URL: setup.redisUrl, REDIS_KEY_PREFIX: setup.keyPrefix ?? 'bench:' } : {}),
    ...setup.decks?.env,
  });
  const server = await startServer(config, loadDecks(slidesDir));
  sessions = server.sessions;
  writerBusy = () => server.store.stats.writerBusyMs ?? 0;
  writerCpu = () => server.store.writerCpuMs?.();
  commits = () => server.store.stats.commits;
  if (setup.decks) return { url: `http://127.0.0.1:${server.port}`, code: '' };
  // A second process on the same Redis serves the session the first one created.
  const session = setup.code ? await server.sessions.get(setup.code) : await server.sessions.create('bench');
  if (!session) throw new Error(`session ${setup.code} is not in the store`);
  return { url: `http://127.0.0.1:${server.port}`, code: session.code };
}

/** The floor's Socket.IO server (it broadcasts on the bench's order). */
let floor: Server | null = null;

async function serveBaseline(): Promise<{ url: string; code: string }> {
  const http = createServer();
  const io = new Server(http, { serveClient: false, maxHttpBufferSize: MAX_MESSAGE_BYTES });
  floor = io;
  io.on('connection', (socket) => {
    socket.on('audience:join', (_payload: unknown, ack: (r: unknown) => void) => ack({ ok: true, data: { answers: [] } }));
    socket.on('audience:vote', (payload: { pollId: string; optionIds: string[] }, ack: (r: unknown) => void) =>
      ack({ ok: true, data: { pollId: payload.pollId, round: 1, optionIds: payload.optionIds } }),
    );
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, code: 'BENCH' };
}

/** Parley's sessions (none for the floor): how many are in memory goes with the stats. */
let sessions: Sessions | null = null;
/** Parley on SQLite: its writer thread's busy time so far (reported beside the process's CPU time). */
let writerBusy: (() => number) | null = null;
/** Parley on SQLite, Linux: its writer thread's CPU time so far. */
let writerCpu: (() => number | undefined) | null = null;
/** Parley on SQLite: its commits so far. */
let commits: (() => number) | null = null;

function stats(light = false): ServerStats {
  if (!light) (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  return {
    heapUsed: memory.heapUsed,
    rss: memory.rss,
    maxRss: process.resourceUsage().maxRSS * 1024,
    cpuMs: (cpu.user + cpu.system) / 1000,
    ...(sessions ? { sessionsInMemory: sessions.codes().length } : {}),
    ...(writerBusy ? { writerBusyMs: writerBusy() } : {}),
    // The main thread's task id is the process's; the rest of the CPU time is the other threads':
    // SQLite's writer (writerCpuMs), V8's garbage collector and compiler.
    ...(taskCpuMs(process.pid) === undefined ? {} : { mainThreadCpuMs: taskCpuMs(process.pid)! }),
    ...(writerCpu?.() === undefined ? {} : { writerCpuMs: writerCpu!()! }),
    ...(commits ? { commits: commits() } : {}),
  };
}

/**
 * The floor sends its state message as Parley sends its phones theirs (server/socket/phone-state.ts):
 * steps that come together go as one message (the last), so that both send as many.
 */
const floorRuns = new RunsOfChanges();

const kind = process.argv[2] as ServeKind;
const polls = Number(process.argv[3] ?? 2);
const setup = JSON.parse(process.argv[4] ?? '{}') as ServeSetup;
const send = (message: ServeMessage): void => void process.send?.(message);
const address = kind === 'baseline' ? await serveBaseline() : await serveParley(polls, setup);
let profiler: Session | null = null;
process.on('message', async (order: ServeOrder) => {
  if (order.type === 'stats') send({ type: 'stats', stats: stats(order.light) });
  if (order.type === 'broadcast' && floor) {
    const io = floor;
    floorRuns.schedule('state', () => io.emit(order.event, order.payload));
    send({ type: 'broadcasted' });
  }
  if (order.type === 'profile-start') {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
    send({ type: 'profiling' });
  }
  if (order.type === 'profile-stop' && profiler) {
    const { profile } = await profiler.post('Profiler.stop');
    profiler.disconnect();
    profiler = null;
    // Written for Chrome DevTools or speedscope; summed here for the bench's report.
    writeFileSync(order.file, JSON.stringify(profile));
    send({ type: 'profile', summary: summarizeProfile(profile as CpuProfile) });
  }
});
send({ type: 'ready', ...address });
process.on('SIGINT', () => process.exit(0));
process.on('disconnect', () => process.exit(0));
