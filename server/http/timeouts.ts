// How long the HTTP server waits for a client to send its request. A client that sends its headers
// or its body a byte at a time holds a connection (and a parser's memory) only this long, then gets
// `408 Request Timeout` and the connection is closed. Only *receiving* the request is timed: Node
// stops the clock once the request is in, so a slow response — an export being built, a Socket.IO
// long-polling GET the server holds up to ~25 s (pingInterval) — is never cut.
import type { ServerOptions } from 'node:http';

export const HTTP_TIMEOUTS = {
  /** The request line and headers: a few hundred bytes, however poor the phone's network. */
  headersTimeout: 10_000,
  /**
   * The whole request, body included: Node's own default (5 min), stated here. 20 s was tried and
   * made a presenter window on a WebSocket lose its place about once in five runs of the clicker
   * test, for a reason not found yet; until it is, a trickled body is bounded by this.
   */
  requestTimeout: 300_000,
  /**
   * An idle keep-alive connection between two requests (Node's default, stated here): a
   * long-polling client sends its next request at once, a phone voting once a minute reconnects.
   */
  keepAliveTimeout: 5_000,
  /**
   * How often Node checks the timeouts above. Its default, 30 s, would let a client trickling its
   * headers hold a connection up to 40 s instead of 10.
   */
  connectionsCheckingInterval: 2_000,
} as const satisfies ServerOptions;
