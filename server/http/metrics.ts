// GET /metrics: the server's prom-client registry in the Prometheus text format (version 0.0.4),
// for the presenter key or METRICS_KEY as a bearer token. Counters and process metrics are on the
// registry already (server/metrics.ts); the gauges read from live state (sessions, sockets, the
// store) are added here and read when asked.
import type { RequestHandler } from 'express';
import { bearerKey, keyMatches } from '../auth/presenter-key.js';
import type { Logger } from '../log.js';
import type { ClientAddress } from '../client-address.js';
import { counterReading, gaugeReading, type Metrics } from '../metrics.js';
import type { StorageStatus } from '../protocol.js';
import type { SharedCounts } from '../rate-limit.js';
import { ProtocolFailure } from '../session/failure.js';
import type { Sessions } from '../sessions.js';
import { AbuseLimits, RateLimited } from '../socket/limits.js';
import type { StoreStats } from '../store/store.js';

export interface MetricsDeps {
  metrics: Metrics;
  sessions: Pick<Sessions, 'liveStats'>;
  store: { readonly stats: StoreStats };
  /** Whether answers are being saved now. */
  storage: { readonly status: StorageStatus };
  /** Socket.IO connections open now (presenters and phones). */
  sockets: () => number;
  /** Keys that may read the metrics: the presenter key, and METRICS_KEY when set. */
  keys: readonly string[];
  log: Logger;
  /** The client's address (behind a trusted proxy: the one it forwards). */
  clientAddress: ClientAddress;
  /** With REDIS_URL: wrong keys per address are counted in Redis, by every process together. */
  sharedLimits?: SharedCounts;
}

/** Registers the gauges and store counters read from live state at each scrape. */
function registerLiveMetrics(deps: Omit<MetricsDeps, 'keys' | 'log' | 'clientAddress'>): void {
  const { registry } = deps.metrics;
  const { store } = deps;
  const gauge = (name: string, help: string, read: () => number) => gaugeReading(registry, name, help, read);
  const counter = (name: string, help: string, read: () => number) => counterReading(registry, name, help, read);
  gauge(
    'parley_connected_participants',
    'Participants connected now (distinct ids with an open socket).',
    () => deps.sessions.liveStats().participants,
  );
  gauge('parley_sessions_live', 'Sessions loaded in this process that have not ended.', () => deps.sessions.liveStats().sessions);
  gauge('parley_socket_connections', 'Socket.IO connections open now (presenters and phones).', deps.sockets);
  counter('parley_store_commits_total', 'Group commits of the store (each one fsync).', () => store.stats.commits);
  counter('parley_store_writes_total', 'Writes committed by the store.', () => store.stats.writes);
  counter('parley_store_write_errors_total', 'Writes the store refused (not acknowledged).', () => store.stats.failedWrites);
  counter(
    'parley_store_writer_busy_seconds_total',
    'SQLite: time the writer thread has spent on statements, commits and fsync (off the event loop).',
    () => (store.stats.writerBusyMs ?? 0) / 1000,
  );
  gauge('parley_store_saving', '1 while answers are being saved, 0 while the store refuses writes (presenters see a warning).', () =>
    deps.storage.status.saving ? 1 : 0,
  );
}

export function metricsHandler(deps: MetricsDeps): RequestHandler {
  registerLiveMetrics(deps);
  const { registry } = deps.metrics;
  // Wrong keys per address, as for the API: guessing stops after a few.
  const guesses = new AbuseLimits({ scope: 'metrics', shared: deps.sharedLimits });
  return async (req, res) => {
    const address = deps.clientAddress(req);
    const given = bearerKey(req.get('authorization'));
    try {
      await guesses.checkKeyGuess(address);
    } catch (err) {
      const message = err instanceof ProtocolFailure ? err.message : 'Too many wrong keys.';
      if (err instanceof RateLimited) res.set('Retry-After', String(err.retryAfterSeconds));
      res.status(429).json({ error: { code: 'rate_limited', message } });
      return;
    }
    if (!deps.keys.some((key) => keyMatches(key, given))) {
      if (given !== undefined) {
        await guesses.wrongKey(address);
        deps.log.warn({ address }, 'GET /metrics with a wrong key');
      }
      res
        .status(401)
        .set('WWW-Authenticate', 'Bearer')
        .json({ error: { code: 'unauthorized', message: 'This needs the presenter key or METRICS_KEY: Authorization: Bearer <key>.' } });
      return;
    }
    const text = await registry.metrics();
    res.set('Cache-Control', 'no-store').type(registry.contentType).send(text);
  };
}
