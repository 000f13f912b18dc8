// Counters for operators (GET /metrics): what the server has done since it started. Plain
// numbers, bumped by the socket and HTTP layers; the live gauges (connections, participants) are
// read from the sessions when the endpoint is asked.
import type { ErrorCode } from './protocol.js';

export class Metrics {
  readonly startedAt = Date.now();
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

  error(code: ErrorCode): void {
    this.errors[code] = (this.errors[code] ?? 0) + 1;
  }
}
