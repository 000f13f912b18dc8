// What GET /metrics reports, through prom-client: a Registry of this server's own (not
// prom-client's global one, so several servers in one process, as in the tests, each count their
// own), prom-client's default process metrics (CPU, memory, event-loop lag, GC, handles…), and
// Parley's counters. The socket layer bumps the plain numbers below; prom-client reads them when
// the endpoint is asked, as it does the live gauges (sessions, sockets, the store) that
// server/http/metrics.ts adds.
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { ErrorCode } from './protocol.js';

// Every code, so each has a series (0 until the first refusal) and rate() works from the start.
// A Record, so a code added to the protocol must be added here.
const ERROR_CODES: Record<ErrorCode, true> = {
  bad_request: true,
  not_found: true,
  unauthorized: true,
  forbidden: true,
  not_joined: true,
  poll_closed: true,
  invalid_vote: true,
  rate_limited: true,
  internal: true,
};

export class Metrics {
  readonly startedAt = Date.now();
  /** What GET /metrics serves: this server's metrics only. */
  readonly registry = new Registry();
  /** Socket.IO connections accepted since start, and refused by the per-address cap. */
  connectionsAccepted = 0;
  connectionsRefused = 0;
  /** Votes, text answers/questions and upvotes acknowledged as stored. */
  votes = 0;
  entries = 0;
  upvotes = 0;
  /** Several processes on one Redis: the others heard from lately, their changes applied here, and reloads from the store. */
  peerProcesses = 0;
  changesReceived = 0;
  reloads = 0;
  /** Error acknowledgements sent, by code (refused messages). */
  readonly errors: Partial<Record<ErrorCode, number>> = {};

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const counter = (name: string, help: string, read: () => number) => counterReading(this.registry, name, help, read);
    const gauge = (name: string, help: string, read: () => number) => gaugeReading(this.registry, name, help, read);
    counter('parley_connections_accepted_total', 'Socket.IO connections accepted since start.', () => this.connectionsAccepted);
    counter('parley_connections_refused_total', 'Socket.IO connections refused by the per-address cap.', () => this.connectionsRefused);
    counter('parley_votes_total', 'Votes acknowledged as stored.', () => this.votes);
    counter('parley_entries_total', 'Text answers and questions acknowledged as stored.', () => this.entries);
    counter('parley_upvotes_total', 'Upvotes acknowledged.', () => this.upvotes);
    const errors = this.errors;
    new Counter({
      name: 'parley_errors_total',
      help: 'Error acknowledgements sent, by code.',
      labelNames: ['code'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) this.inc({ code }, errors[code] ?? 0);
      },
    });
    gauge('parley_cluster_peers', 'Other Parley processes on the same Redis heard from in the last seconds.', () => this.peerProcesses);
    counter('parley_cluster_changes_received_total', "Changes of other processes applied to this process's sessions.", () => this.changesReceived);
    counter(
      'parley_cluster_reloads_total',
      'Reloads of the live sessions from the store after messages were missed or a process left or went silent.',
      () => this.reloads,
    );
    // The defaults have process_start_time_seconds (of the process); this is the server's own.
    gauge('process_uptime_seconds', 'Seconds since the server started.', () => (Date.now() - this.startedAt) / 1000);
  }

  error(code: ErrorCode): void {
    this.errors[code] = (this.errors[code] ?? 0) + 1;
  }
}

/** A counter whose value is read when the metrics are asked for (prom-client counters only go up, hence reset + inc). */
export function counterReading(registry: Registry, name: string, help: string, read: () => number): void {
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(finite(read()));
    },
  });
}

/** A gauge whose value is read when the metrics are asked for. */
export function gaugeReading(registry: Registry, name: string, help: string, read: () => number): void {
  new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      this.set(finite(read()));
    },
  });
}

function finite(value: number): number {
  return Number.isFinite(value) ? value : 0;
}
