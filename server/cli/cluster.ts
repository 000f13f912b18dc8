// `npm run start:cluster [-- --workers N]`: Parley on every core of one machine. A primary process
// holds the port and hands each connection to one of N worker processes (each a full Parley
// server), always the same Socket.IO session to the same worker (@socket.io/sticky): a phone whose
// network blocks WebSocket falls back to HTTP long-polling, whose requests must all reach the
// process that holds its session.
// The workers share sessions, polls and votes through Redis (REDIS_URL is required). The primary
// resolves the presenter key once (all workers agree on it), asks the first worker to open or
// resume the session of DECK, prints the same banner as `npm start`, starts a new worker in place
// of one that dies, and on SIGINT/SIGTERM stops every worker cleanly (exit 0).
import { setupMaster } from '@socket.io/sticky';
import cluster, { type Worker } from 'node:cluster';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { startServer, StartupError, type RunningServer } from '../app.js';
import { resolvePresenterKey } from '../auth/presenter-key.js';
import { listen, listenFailure } from '../http/listen.js';
import { createLogger } from '../log.js';
import { StoreOpenError } from '../store/errors.js';
import { configAndDecks, exitOnUncaught, printBanner, RESUME_WINDOW_MS, SHUTDOWN_TIMEOUT_MS, shutdownOnce } from './banner.js';

/** Messages between the primary and a worker (besides @socket.io/sticky's own `sticky:*`). */
type ToWorker = { type: 'parley:open-session' } | { type: 'parley:stop' };
type FromWorker =
  | { type: 'parley:ready' }
  | { type: 'parley:failed'; message: string }
  | { type: 'parley:session'; code: string; title: string; resumed: boolean; audienceUrl: string; presenterUrl: string };

const MAX_WORKERS = 256;
/** After the workers' own deadline (SHUTDOWN_TIMEOUT_MS), the primary kills what is left. */
const PRIMARY_STOP_MS = SHUTDOWN_TIMEOUT_MS + 2000;
/** A replacement worker starts after this delay, doubled each time one fails before it is ready. */
const RESTART_DELAY_MS = 500;
const MAX_RESTART_DELAY_MS = 30_000;
/** A signal this soon after the first is the same one delivered twice (see onSignal). */
const DUPLICATE_SIGNAL_MS = 1000;

function usage(problem: string): never {
  console.error(
    `${problem}\nUsage: npm run start:cluster -- [--workers N]   (N from 1 to ${MAX_WORKERS}; default: ${availableParallelism()}, this machine's cores)`,
  );
  process.exit(2);
}

function workerCount(): number {
  let values: { workers?: string };
  try {
    ({ values } = parseArgs({ options: { workers: { type: 'string', short: 'w' } }, strict: true, allowPositionals: false }));
  } catch (err) {
    usage(err instanceof Error ? err.message : String(err));
  }
  if (values.workers === undefined) return availableParallelism();
  const n = Number(values.workers);
  if (!/^\d+$/.test(values.workers) || n < 1 || n > MAX_WORKERS)
    usage(`--workers must be a whole number from 1 to ${MAX_WORKERS} (got "${values.workers}")`);
  return n;
}

async function primary(): Promise<void> {
  const workers = workerCount();
  const { config } = configAndDecks(false);
  if (!config.redis) {
    console.error(
      'npm run start:cluster needs REDIS_URL (e.g. redis://127.0.0.1:6379/0): its workers share sessions and votes through Redis. Without Redis, use npm start.',
    );
    process.exit(1);
  }
  const log = createLogger(config.logLevel);
  mkdirSync(config.dataDir, { recursive: true });
  // Once, here: with a generated key, every worker must use the same one.
  const key = resolvePresenterKey(config.dataDir, config.presenterKey);

  const http = createServer();
  setupMaster(http, { loadBalancingMethod: 'least-connection' });
  stopReadingHandedOver(http);
  try {
    await listen(http, config.port, config.host);
  } catch (err) {
    console.error(listenFailure(config, err));
    process.exit(1);
  }
  const port = (http.address() as AddressInfo).port;
  // The workers build their links from PORT (PORT=0 picked a free one here).
  const workerEnv = { PORT: String(port), PRESENTER_KEY: key.key };

  let stopping = false;
  let started = false; // every first worker was ready once
  let restartDelay = RESTART_DELAY_MS;
  const ready = new Set<number>();
  let allReady: () => void;
  const allReadyPromise = new Promise<void>((resolve) => (allReady = resolve));

  const send = (worker: Worker, message: ToWorker): void => {
    if (worker.isConnected()) worker.send(message);
  };
  const fork = (): Worker => {
    const worker = cluster.fork(workerEnv);
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'parley:ready') {
        ready.add(worker.id);
        restartDelay = RESTART_DELAY_MS;
        log.info({ worker: worker.id, pid: worker.process.pid }, 'worker ready');
        if (ready.size >= workers) allReady();
      } else if (message.type === 'parley:failed') {
        if (!started) failStart(message.message);
        else log.error({ worker: worker.id, pid: worker.process.pid, reason: message.message }, 'worker could not start');
      }
    });
    return worker;
  };

  let failed = false;
  const failStart = (message: string): void => {
    if (failed) return;
    failed = true;
    console.error(message);
    void stopAll(1);
  };

  cluster.on('exit', (worker, code, signal) => {
    const wasReady = ready.delete(worker.id);
    if (stopping) return;
    if (!started) {
      failStart(`A worker stopped while starting (exit code ${code ?? signal}).`);
      return;
    }
    const delay = wasReady ? RESTART_DELAY_MS : restartDelay;
    if (!wasReady) restartDelay = Math.min(restartDelay * 2, MAX_RESTART_DELAY_MS);
    log.error({ worker: worker.id, pid: worker.process.pid, code, signal, restartInMs: delay }, 'worker died: starting another');
    setTimeout(() => {
      if (!stopping) fork();
    }, delay).unref();
  });

  let exitCode = 0;
  const stopAll = async (code: number): Promise<void> => {
    stopping = true;
    exitCode = Math.max(exitCode, code);
    http.close();
    const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());
    const exited = alive.map(
      (w) =>
        new Promise<void>((resolve) => {
          if (w.isDead()) return resolve();
          w.once('exit', (c: number | null) => {
            if (c !== 0) exitCode = Math.max(exitCode, 1);
            resolve();
          });
        }),
    );
    for (const w of alive) send(w, { type: 'parley:stop' });
    const deadline = setTimeout(() => {
      log.error({ timeoutMs: PRIMARY_STOP_MS }, 'workers did not stop in time: killing them');
      for (const w of alive) if (!w.isDead()) w.process.kill('SIGKILL');
      exitCode = 1;
    }, PRIMARY_STOP_MS);
    await Promise.all(exited);
    clearTimeout(deadline);
    log.info({ exitCode }, 'stopped');
    process.exit(exitCode);
  };

  let firstSignalAt: number | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (firstSignalAt !== undefined) {
      // One Ctrl-C can arrive twice: from the terminal (the whole process group) and relayed by
      // tsx or npm a few milliseconds later. Only a later one is a second request.
      if (Date.now() - firstSignalAt < DUPLICATE_SIGNAL_MS) return;
      log.warn({ signal }, 'second signal during shutdown: stopping now');
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
      process.exit(1);
    }
    firstSignalAt = Date.now();
    log.info({ signal }, 'signal received: stopping the workers');
    void stopAll(0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  log.info({ workers, port }, 'starting workers');
  // @socket.io/sticky sends the request's first bytes along with the connection: a Buffer, which
  // the default (JSON) IPC would turn into an object.
  cluster.setupPrimary({ serialization: 'advanced' });
  const first = fork();
  for (let i = 1; i < workers; i++) fork();
  await allReadyPromise;
  if (stopping) return;
  started = true;

  // The primary has no store: the first worker opens (or resumes) the session of DECK.
  const opened = await new Promise<FromWorker>((resolve) => {
    const onMessage = (message: FromWorker): void => {
      if (message.type === 'parley:session' || message.type === 'parley:failed') {
        first.off('message', onMessage);
        resolve(message);
      }
    };
    first.on('message', onMessage);
    send(first, { type: 'parley:open-session' });
  });
  if (opened.type === 'parley:failed') return failStart(opened.message);
  if (opened.type !== 'parley:session' || stopping) return;
  await printBanner(
    { key, audienceUrl: () => opened.audienceUrl, presenterUrl: () => opened.presenterUrl },
    opened.code,
    opened.title,
    opened.resumed,
  );
}

/**
 * Stops the primary reading a connection it hands over to a worker, before @socket.io/sticky sends
 * it. Sticky (2.0.1) reads a connection's first chunk (to pick the worker) and sends the socket to
 * that worker with the chunk, but leaves the primary's handle reading: Node's child_process only
 * swaps its read callback for a no-op, and closes it once the worker has acknowledged the handle.
 * Until then both processes read the same socket, and whatever the primary reads is dropped. On a
 * busy primary that window is long enough for a client's first messages after the WebSocket
 * handshake the worker already answered: its Socket.IO CONNECT (the socket never connects; the
 * worker closes it 45 s later) or its first event (never acknowledged). Measured with a loop that
 * opens a connection, joins as a presenter and closes, on 3 workers: 38 of 400 lost before this.
 * A connection whose request may come in several chunks (a body) stays with the primary, which
 * forwards the chunks itself: it must go on reading those.
 */
function stopReadingHandedOver(http: ReturnType<typeof createServer>): void {
  // After sticky's own 'connection' listener (registered by setupMaster): ours runs first on 'data'.
  http.on('connection', (socket: Socket) => {
    socket.prependOnceListener('data', (chunk: Buffer) => {
      // Sticky's own test: without a body, the socket itself goes to the worker.
      const header = chunk.subarray(0, chunk.indexOf('\r\n\r\n')).toString().toLowerCase();
      if (header.includes('content-length:') || header.includes('transfer-encoding:')) return;
      const handle = (socket as Socket & { _handle?: { reading?: boolean; readStop?: () => number } })._handle;
      if (handle?.readStop) {
        handle.reading = false;
        handle.readStop();
      }
    });
  });
}

async function worker(): Promise<void> {
  const send = (message: FromWorker): void => void process.send?.(message);
  // Connections the primary hands over before this worker's server is set up wait here.
  const early: [unknown, unknown][] = [];
  const hold = (message: unknown, handle: unknown): void => {
    if (typeof (message as { type?: unknown })?.type === 'string' && (message as { type: string }).type.startsWith('sticky:'))
      early.push([message, handle]);
  };
  process.on('message', hold);

  let server: RunningServer | undefined;
  let stop: ((reason: string, repeatStopsNow: boolean) => void) | undefined;
  const requestStop = (reason: string): void => (stop ? stop(reason, false) : process.exit(0));
  // Ctrl-C reaches every process of the terminal's group: the primary decides, and tells us.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => requestStop('SIGTERM'));
  // The primary is gone: nobody hands us connections any more.
  process.on('disconnect', () => requestStop('disconnect'));

  const { config, decks } = configAndDecks(false);
  try {
    server = await startServer(config, decks, { sticky: true });
  } catch (err) {
    if (err instanceof StoreOpenError || err instanceof StartupError) {
      send({ type: 'parley:failed', message: err.message });
      process.exit(1);
    }
    throw err;
  }
  // startServer has just set up the sticky worker: no message came in between (same turn).
  process.off('message', hold);
  const emit = process.emit.bind(process) as (event: string, ...args: unknown[]) => boolean;
  for (const [message, handle] of early) emit('message', message, handle);
  const running = server;
  stop = shutdownOnce(running);
  exitOnUncaught(running);

  process.on('message', (message: ToWorker) => {
    if (message.type === 'parley:stop') requestStop('primary');
    if (message.type === 'parley:open-session') {
      running.sessions.resumeOrCreate(config.deck, RESUME_WINDOW_MS).then(
        ({ session, resumed }) =>
          send({
            type: 'parley:session',
            code: session.code,
            title: session.deck.meta.title,
            resumed,
            audienceUrl: running.audienceUrl(session.code),
            presenterUrl: running.presenterUrl(session.code),
          }),
        (err: unknown) => send({ type: 'parley:failed', message: `Cannot open a session: ${err instanceof Error ? err.message : String(err)}` }),
      );
    }
  });
  send({ type: 'parley:ready' });
}

if (cluster.isPrimary) await primary();
else await worker();
