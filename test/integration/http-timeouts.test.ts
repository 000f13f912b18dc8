// A client gets a bounded time to send its request: one that trickles its headers a line at a time
// is answered 408 and cut off (a body, after Node's 5-minute request timeout: see timeouts.ts).
// Responses are not timed: a Socket.IO long-polling GET, which the server holds ~25 s, and the
// requests after it go on working past the headers' timeout.
import { connect as tcpConnect, type Socket } from 'node:net';
import { io as connect } from 'socket.io-client';
import { describe, expect, it, onTestFinished } from 'vitest';
import { HTTP_TIMEOUTS } from '../../server/http/timeouts.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer, type TestSocket } from '../helpers/server.js';

interface Trickle {
  /** What the server answered before it closed the connection (its status line), and when. */
  closed: Promise<{ statusLine: string; afterMs: number }>;
  /** Bytes sent after the first write. */
  sent: () => number;
}

/**
 * A raw TCP client that sends `head` (all but the last part of a request), then one byte of
 * `drip` every `everyMs`, as a slow-request attacker would.
 */
function trickle(server: TestServer, head: string, drip: string, everyMs: number): Trickle {
  let sent = 0;
  let received = '';
  const started = Date.now();
  const socket: Socket = tcpConnect(server.port, '127.0.0.1', () => {
    socket.write(head);
    const timer = setInterval(() => {
      if (socket.writable) socket.write(drip[sent++ % drip.length]!);
    }, everyMs);
    socket.once('close', () => clearInterval(timer));
  });
  onTestFinished(() => {
    socket.destroy();
  });
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  socket.on('error', () => {});
  return {
    closed: new Promise((resolve) => socket.once('close', () => resolve({ statusLine: received.split('\r\n')[0]!, afterMs: Date.now() - started }))),
    sent: () => sent,
  };
}

/** A participant over long-polling only (a network that blocks WebSocket). */
async function pollingPhone(server: TestServer): Promise<TestSocket> {
  const socket: TestSocket = connect(server.url, { transports: ['polling'], forceNew: true, reconnection: false });
  onTestFinished(() => {
    socket.close();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

describe('slow requests', () => {
  it('cuts off a client that trickles its headers, while a long-polling phone carries on', { timeout: 90_000 }, async () => {
    const server = await newParley();
    const code = await server.createSession();
    const presenter = await server.presenter(code);
    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'open' }));
    const phone = await pollingPhone(server);
    ok(await request(phone, 'audience:join', { code, participantId: 'behind-a-firewall' }));
    const engineId = phone.io.engine.id;

    // Headers that never end: one more header line a second.
    const slowHeaders = trickle(server, `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n`, 'X-Slow: 1\r\n', 1000);

    const headersCut = await slowHeaders.closed;
    console.log(`trickled headers cut after ${headersCut.afterMs} ms`);
    expect(headersCut.statusLine).toBe('HTTP/1.1 408 Request Timeout');
    expect(headersCut.afterMs).toBeLessThan(HTTP_TIMEOUTS.headersTimeout + 2 * HTTP_TIMEOUTS.connectionsCheckingInterval + 2000);

    // The long-polling phone has been polling all along (each GET held until there is something to
    // send or the next ping, ~25 s): past the request timeout, and past a whole ping interval, it
    // is still the same connection and still votes.
    const pingIntervalMs = 25_000;
    // Real time: Node's HTTP timeouts and engine.io's ping interval run on the clock of a real
    // server; this is what the test is about.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, pingIntervalMs + 2000 - headersCut.afterMs)));
    expect(phone.connected).toBe(true);
    expect(phone.io.engine.id).toBe(engineId);
    expect(phone.io.engine.transport.name).toBe('polling');
    ok(await request(phone, 'audience:vote', { pollId: 'branch-a', optionIds: ['talk'] }));
    // And a whole export is answered as usual.
    const exported = await fetch(`${server.url}/api/sessions/${code}/export?format=responses.csv`, {
      headers: { authorization: `Bearer ${PRESENTER_KEY}` },
    });
    expect(exported.status).toBe(200);
    expect(await exported.text()).toContain('Talk to them');
  });
});
