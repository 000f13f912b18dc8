// GET /metrics: counters and gauges in the Prometheus text format (version 0.0.4), for the
// presenter key or METRICS_KEY as a bearer token. Counters come from the Metrics instance the
// socket layer bumps, gauges are read when asked (sessions, sockets, the store, the process).
import type { RequestHandler } from 'express';
import { bearerKey, keyMatches } from '../auth/presenter-key.js';
import type { Logger } from '../log.js';
import type { ClientAddress } from '../client-address.js';
import type { Metrics } from '../metrics.js';
import type { StorageStatus } from '../protocol.js';
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
}

type Sample = [labels: Record<string, string> | null, value: number];

class Exposition {
  private readonly lines: string[] = [];

  add(name: string, type: 'counter' | 'gauge', help: string, samples: Sample[] | number): this {
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    const list: Sample[] = typeof samples === 'number' ? [[null, samples]] : samples;
    for (const [labels, value] of list) {
      const text = labels
        ? `{${Object.entries(labels)
            .map(([k, v]) => `${k}="${v.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))}"`)
            .join(',')}}`
        : '';
      this.lines.push(`${name}${text} ${Number.isFinite(value) ? value : 0}`);
    }
    return this;
  }

  toString(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

export function metricsText(deps: Omit<MetricsDeps, 'keys' | 'log'>): string {
  const { metrics, store } = deps;
  const live = deps.sessions.liveStats();
  const memory = process.memoryUsage();
  const errors = Object.entries(metrics.errors).map(([code, n]): Sample => [{ code }, n ?? 0]);
  return new Exposition()
    .add('parley_connected_participants', 'gauge', 'Participants connected now (distinct ids with an open socket).', live.participants)
    .add('parley_sessions_live', 'gauge', 'Sessions loaded in this process that have not ended.', live.sessions)
    .add('parley_socket_connections', 'gauge', 'Socket.IO connections open now (presenters and phones).', deps.sockets())
    .add('parley_connections_accepted_total', 'counter', 'Socket.IO connections accepted since start.', metrics.connectionsAccepted)
    .add('parley_connections_refused_total', 'counter', 'Socket.IO connections refused by the per-address cap.', metrics.connectionsRefused)
    .add('parley_votes_total', 'counter', 'Votes acknowledged as stored.', metrics.votes)
    .add('parley_entries_total', 'counter', 'Text answers and questions acknowledged as stored.', metrics.entries)
    .add('parley_upvotes_total', 'counter', 'Upvotes acknowledged.', metrics.upvotes)
    .add('parley_errors_total', 'counter', 'Error acknowledgements sent, by code.', errors.length ? errors : [[{ code: 'internal' }, 0]])
    .add('parley_cluster_peers', 'gauge', 'Other Parley processes on the same Redis heard from in the last seconds.', metrics.peerProcesses)
    .add(
      'parley_cluster_changes_received_total',
      'counter',
      "Changes of other processes applied to this process's sessions.",
      metrics.changesReceived,
    )
    .add(
      'parley_cluster_reloads_total',
      'counter',
      'Reloads of the live sessions from the store after messages were missed or a process left or went silent.',
      metrics.reloads,
    )
    .add('parley_store_commits_total', 'counter', 'Group commits of the store (each one fsync).', store.stats.commits)
    .add('parley_store_writes_total', 'counter', 'Writes committed by the store.', store.stats.writes)
    .add('parley_store_write_errors_total', 'counter', 'Writes the store refused (not acknowledged).', store.stats.failedWrites)
    .add(
      'parley_store_writer_busy_seconds_total',
      'counter',
      'SQLite: time the writer thread has spent on statements, commits and fsync (off the event loop).',
      (store.stats.writerBusyMs ?? 0) / 1000,
    )
    .add(
      'parley_store_saving',
      'gauge',
      '1 while answers are being saved, 0 while the store refuses writes (presenters see a warning).',
      deps.storage.status.saving ? 1 : 0,
    )
    .add('process_resident_memory_bytes', 'gauge', 'Resident memory size in bytes.', memory.rss)
    .add('nodejs_heap_used_bytes', 'gauge', 'V8 heap used in bytes.', memory.heapUsed)
    .add('nodejs_heap_total_bytes', 'gauge', 'V8 heap size in bytes.', memory.heapTotal)
    .add('process_start_time_seconds', 'gauge', 'Start time of the server since the Unix epoch, in seconds.', Math.round(metrics.startedAt / 1000))
    .add('process_uptime_seconds', 'gauge', 'Seconds since the server started.', Math.round((Date.now() - metrics.startedAt) / 1000))
    .toString();
}

export function metricsHandler(deps: MetricsDeps): RequestHandler {
  // Wrong keys per address, as for the API: guessing stops after a few.
  const guesses = new AbuseLimits();
  return (req, res) => {
    const address = deps.clientAddress(req);
    const given = bearerKey(req.get('authorization'));
    try {
      guesses.checkKeyGuess(address);
    } catch (err) {
      const message = err instanceof ProtocolFailure ? err.message : 'Too many wrong keys.';
      if (err instanceof RateLimited) res.set('Retry-After', String(err.retryAfterSeconds));
      res.status(429).json({ error: { code: 'rate_limited', message } });
      return;
    }
    if (!deps.keys.some((key) => keyMatches(key, given))) {
      if (given !== undefined) {
        guesses.wrongKey(address);
        deps.log.warn({ address }, 'GET /metrics with a wrong key');
      }
      res
        .status(401)
        .set('WWW-Authenticate', 'Bearer')
        .json({ error: { code: 'unauthorized', message: 'This needs the presenter key or METRICS_KEY: Authorization: Bearer <key>.' } });
      return;
    }
    res.set('Cache-Control', 'no-store').type('text/plain; version=0.0.4; charset=utf-8').send(metricsText(deps));
  };
}
