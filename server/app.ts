// Wires one HTTP server: Express (API + pages) and Socket.IO on the same port, with security
// headers on every response, GET /healthz and GET /metrics — and stops it cleanly (close()).
import express from 'express';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Server } from 'socket.io';
import { resolvePresenterKey, type PresenterKey } from './auth/presenter-key.js';
import type { Config, RedisSettings } from './config.js';
import type { Deck } from './deck/types.js';
import { watchDecks } from './deck/watch.js';
import { apiRouter } from './http/api.js';
import { mountDeckFiles } from './http/deck-files.js';
import { clientAddress } from './client-address.js';
import { healthHandler } from './http/health.js';
import { listen, listenFailure } from './http/listen.js';
import { HTTP_TIMEOUTS } from './http/timeouts.js';
import { metricsHandler } from './http/metrics.js';
import { mountPages } from './http/pages.js';
import { publicBaseUrl } from './http/public-url.js';
import { presenterInline, securityHeaders } from './http/security.js';
import { createLogger, type Logger } from './log.js';
import { Metrics } from './metrics.js';
import { wordFilter } from './moderation/word-filter.js';
import { MAX_MESSAGE_BYTES } from './protocol.js';
import type { SharedCounts } from './rate-limit.js';
import { Sessions, type SessionsOptions } from './sessions.js';
import { StorageWatch } from './storage-status.js';
import { attachSocketHandlers } from './socket/handlers.js';
import { attachClusterSync } from './socket/cluster-sync.js';
import { originCheck } from './socket/origin.js';
import { RedisPeers } from './cluster/redis-peers.js';
import type { ParleyServer } from './socket/types.js';
import { redisAdapter, type RedisAdapterLink } from './socket/redis-adapter.js';
import { openStore } from './store/open.js';
import type { ServerStore } from './store/store.js';

export interface RunningServer {
  /** Base URL phones use (PUBLIC_URL, or derived from the address the server listens on). */
  baseUrl: string;
  port: number;
  key: PresenterKey;
  sessions: Sessions;
  /** The counters GET /metrics reports (one instance per server). */
  metrics: Metrics;
  /** SQLite in DATA_DIR, or Redis with REDIS_URL. */
  store: ServerStore;
  log: Logger;
  audienceUrl(code: string): string;
  presenterUrl(code: string): string;
  /**
   * Stops cleanly (the same promise however often it is called): no new connection or request
   * is taken, every socket is told `server:closing`, messages and requests in progress finish
   * (their writes are committed and acknowledged), the last tallies go out, sockets and
   * connections close, and the store is closed (with Redis: its clients, after the last write).
   */
  close(): Promise<void>;
}

/** The server could not start (the message says why: port in use, …). */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** How often sessions nobody uses are looked for, to leave memory. */
const SWEEP_INTERVAL_MS = 60_000;

/** How long shutdown waits for messages and requests in progress. */
export const SHUTDOWN_DRAIN_MS = 2000;
/** How long HTTP connections still open after the sockets closed get before they are cut. */
export const SHUTDOWN_GRACE_MS = 500;

const CLOSING_MESSAGE = 'Parley is shutting down; try again in a moment.';

/** Counts work in progress; resolves `idle()` when there is none. */
class InFlight {
  private count = 0;
  private waiters: (() => void)[] = [];

  start(): () => void {
    this.count += 1;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.count -= 1;
      if (this.count === 0) for (const wake of this.waiters.splice(0)) wake();
    };
  }

  /** True once nothing is in progress, false if `timeoutMs` passed first. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  get size(): number {
    return this.count;
  }
}

export interface StartOptions {
  sticky?: boolean;
  /** Tests: the clock and scheduler poll timers run on (default: Date.now and Node's timers). */
  clock?: Pick<SessionsOptions, 'now' | 'scheduler'>;
}

export async function startServer(config: Config, decks: ReadonlyMap<string, Deck>, options: StartOptions = {}): Promise<RunningServer> {
  const log = createLogger(config.logLevel);
  mkdirSync(config.dataDir, { recursive: true });
  const key = resolvePresenterKey(config.dataDir, config.presenterKey);
  // Throws StoreOpenError (file named, problem said) for a database this version cannot use, or
  // a Redis that does not answer within REDIS_CONNECT_TIMEOUT_MS.
  const store = await openStore(config, log);
  let cluster: RedisAdapterLink | undefined;
  // With Redis, the per-address limits are counted there, by every process together.
  let sharedLimits: SharedCounts | undefined;
  const closeRedis = async (): Promise<void> => {
    await cluster?.close();
    await sharedLimits?.client.quit().catch(() => sharedLimits?.client.disconnect());
  };
  try {
    cluster = config.redis ? await redisAdapter(config.redis, log) : undefined;
    sharedLimits = config.redis ? await limitCounts(config.redis) : undefined;
  } catch (err) {
    await store.close();
    await closeRedis();
    throw err;
  }
  // With Redis, processes serving the same sessions tell each other what they stored.
  const peers = cluster ? new RedisPeers(cluster) : undefined;
  // Whether answers are being saved now: presenters are warned while they are not.
  const storage = new StorageWatch(() => store.check());
  const sessions = new Sessions(store, decks, {
    filter: wordFilter(config.wordFilter),
    storage,
    memory: config.memory,
    minGroupSize: config.minGroupSize,
    ...(peers ? { peers } : {}),
    ...options.clock,
  });
  // Sessions nobody uses leave memory (the store keeps them): see Sessions.sweep.
  const sweeping = setInterval(() => sessions.sweep(), SWEEP_INTERVAL_MS).unref();
  const metrics = new Metrics();
  let closing = false;
  // HTTP requests awaiting their response.
  const inFlight = new InFlight();

  const app = express();
  app.disable('x-powered-by');
  // A client gets a few seconds to send its request, not as long as it likes (timeouts.ts).
  const http = createServer(HTTP_TIMEOUTS, app);
  // Every TCP connection, so that shutdown can cut the ones an upgrade took out of HTTP's hands.
  const connections = new Set<Socket>();
  http.on('connection', (socket) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
  });
  // Bound before the routes need it; the port is known only after listen() when PORT=0.
  let baseUrl = '';
  const audienceUrl = (code: string): string => `${baseUrl}/j/${code}`;
  const presenterUrl = (code: string): string => `${baseUrl}/present?session=${code}`;

  // Before every route: each response carries the security headers.
  app.use(securityHeaders({ dev: config.dev, presenter: presenterInline(config.dev, decks, log) }));
  app.get('/healthz', healthHandler({ checkStore: () => store.check(), closing: () => closing, startedAt: metrics.startedAt }));
  app.use((_req, res, next) => {
    if (closing) {
      res
        .set({ Connection: 'close', 'Retry-After': '5' })
        .status(503)
        .json({ error: { code: 'internal', message: CLOSING_MESSAGE } });
      return;
    }
    res.once('close', inFlight.start());
    next();
  });

  // connectionStateRecovery stays off: a reconnecting page joins again and gets the whole state.
  const io: ParleyServer = new Server(http, {
    serveClient: false,
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    // Only Parley's own pages (and ALLOWED_ORIGINS) may connect from a browser.
    allowRequest: originCheck({ ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}), allowedOrigins: config.allowedOrigins, log }),
    ...(cluster ? { adapter: cluster.adapter as never } : {}),
  });
  // Registered before the socket layer's own middleware: during shutdown nobody connects.
  io.use((_socket, next) => {
    next(closing ? new Error(CLOSING_MESSAGE) : undefined);
  });
  const address = clientAddress(config.trustProxy);
  const { broadcaster, live } = attachSocketHandlers(io, {
    sessions,
    storage,
    presenterKey: key.key,
    audienceUrl,
    log,
    metrics,
    clientAddress: address,
    secret: store.secret,
    ...(sharedLimits ? { limits: { shared: sharedLimits } } : {}),
  });
  const clusterSync = peers ? attachClusterSync(io, { peers, sessions, broadcaster, log, metrics }) : undefined;
  app.get(
    '/metrics',
    metricsHandler({
      metrics,
      sessions,
      store,
      storage,
      sockets: () => io.engine.clientsCount,
      keys: [key.key, ...(config.metricsKey ? [config.metricsKey] : [])],
      log,
      clientAddress: address,
      sharedLimits,
    }),
  );
  app.use(
    '/api',
    apiRouter({ sessions, presenterKey: key.key, audienceUrl, presenterUrl, log, clientAddress: address, sharedLimits, secret: store.secret }),
  );
  mountDeckFiles(app, config.slidesDir, decks);
  let closePages: () => Promise<void>;
  try {
    closePages = await mountPages(app, config.dev, http, async (code) => (await sessions.get(code))?.audienceState() ?? null);
  } catch (err) {
    // The pages are not built (dist/ missing), or Vite would not start: said in one line.
    await store.close();
    await closeRedis();
    throw new StartupError(err instanceof Error ? err.message : String(err));
  }

  try {
    if (options.sticky) {
      // A worker of `npm run start:cluster`: the primary holds the port and hands each connection
      // over, always the same Socket.IO session to the same worker (long-polling needs it).
      const { setupWorker } = await import('@socket.io/sticky');
      setupWorker(io as never);
    } else {
      await listen(http, config.port, config.host);
    }
  } catch (err) {
    await closePages();
    await store.close();
    await closeRedis();
    throw new StartupError(listenFailure(config, err));
  }
  const port = options.sticky ? config.port : (http.address() as AddressInfo).port;
  baseUrl = publicBaseUrl(config.publicUrl, config.host, port);
  // `npm run dev` (WATCH_DECKS): an edited deck file reloads into its live sessions.
  const stopWatching = config.watchDecks ? watchDecks(config.slidesDir, live, log) : () => {};

  async function shutdown(): Promise<void> {
    closing = true;
    log.info({ sockets: io.engine.clientsCount, requests: inFlight.size }, 'shutting down');
    // No new connections from here on (idle keep-alive connections are closed too); requests on
    // connections still open are answered 503.
    const httpClosed = new Promise<void>((resolve) => http.close(() => resolve()));
    // Only this process's sockets: with Redis, the other processes carry on.
    io.local.emit('server:closing');
    // The other processes stop counting this one's participants (and check they missed nothing);
    // this one stops following them. Its own changes are still published until its store closes.
    clusterSync?.leave();
    // Requests in progress finish (socket messages go on being handled meanwhile, each stored
    // before it is acknowledged).
    if (!(await inFlight.idle(SHUTDOWN_DRAIN_MS))) {
      log.warn({ requests: inFlight.size }, 'shutdown: requests still in progress, closing anyway');
    }
    // No deck reloads or timer closes from here on (stored timers resume after a restart).
    stopWatching();
    sessions.stopTimers();
    clearInterval(sweeping);
    storage.stop();
    // Writes still queued are committed and their messages acknowledged; from here on every write
    // is refused, so a message that still comes in is answered with an error, never acknowledged.
    await store.close();
    // The acknowledgements of that last commit go out in the microtasks right after it.
    await new Promise<void>((resolve) => setImmediate(resolve));
    // The last tallies reach the presenters before their sockets close.
    broadcaster.flush();
    // Redis has taken what this process published before its connections close.
    await cluster?.flush();
    // Disconnects every socket (after what was sent to it) and closes the engine. Its promise
    // waits for the HTTP server to close, which is awaited below with a deadline instead.
    void io.close();
    // Vite's hot-reload WebSocket (dev) goes with its server.
    await closePages();
    // What is still open after a short grace is cut: keep-alive connections with a request in
    // progress, and any socket taken over by an upgrade.
    http.closeIdleConnections();
    const cut = setTimeout(() => {
      http.closeAllConnections();
      for (const socket of connections) socket.destroy();
    }, SHUTDOWN_GRACE_MS);
    await httpClosed;
    clearTimeout(cut);
    await closeRedis();
    log.info('stopped');
  }
  let stopping: Promise<void> | undefined;

  return {
    baseUrl,
    port,
    key,
    sessions,
    metrics,
    store,
    log,
    audienceUrl,
    presenterUrl,
    close() {
      stopping ??= shutdown();
      return stopping;
    },
  };
}

/**
 * The Redis client of the per-address limits (REDIS_URL), a connection of their own: while Redis
 * is away its counts fail at once (no offline queue) and each process counts in its memory
 * (server/rate-limit.ts). It logs nothing of its own: the store's client says when Redis is lost.
 */
async function limitCounts(settings: RedisSettings): Promise<SharedCounts> {
  const { connectRedis } = await import('./store/redis-client.js');
  const client = await connectRedis(settings.url, settings.connectTimeoutMs, 'parley-limits', 'store');
  return { client, keyPrefix: settings.keyPrefix };
}
