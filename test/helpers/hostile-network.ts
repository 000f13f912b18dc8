// Networks that hospital and university Wi-Fi put between a phone and Parley, built for real on
// 127.0.0.1: an HTTP proxy in front of the server that passes pages and long-polling through and
// does one of the things filtering proxies, antivirus products and captive portals do to a
// WebSocket — or, as a captive portal, answers every request with its own sign-in page.
import { createHash } from 'node:crypto';
import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Network =
  /** Refuses the WebSocket upgrade with HTTP 403. */
  | 'refuses-websocket'
  /** Accepts the WebSocket (101) and then passes nothing either way. */
  | 'stalls-websocket'
  /** Accepts the WebSocket (101) and closes it at once. */
  | 'closes-websocket'
  /** Passes everything — until `portal(true)`: then every request gets the portal's page. */
  | 'captive-portal';

export interface HostileNetwork {
  /** The URL phones open instead of the server's. */
  url: string;
  /** WebSocket upgrades the proxy was asked for. */
  upgrades(): number;
  /** Captive portal only: whether every request now gets the sign-in page. */
  portal(on: boolean): void;
  close(): Promise<void>;
}

export const PORTAL_PAGE = '<!doctype html><title>Hospital Guest Wi-Fi</title><h1>Welcome</h1><p>Accept the terms to continue.</p>';

/** RFC 6455's answer to the browser's key: what makes the browser believe the upgrade worked. */
function acceptKey(key: string): string {
  return createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
}

/**
 * A proxy in front of `target` (the server's URL) that behaves as `network`. Like a transparent
 * proxy it keeps the browser's Host header, so the server sees the address the phone opened.
 */
export async function hostileNetwork(target: string, network: Network): Promise<HostileNetwork> {
  const upstream = new URL(target);
  let portal = false;
  let upgrades = 0;
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    if (portal) {
      // The portal answers whatever was asked with its own page, as 200.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(PORTAL_PAGE);
      return;
    }
    const forwarded = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forwarded.on('error', () => res.destroy());
    req.pipe(forwarded);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, clientHead: Buffer) => {
    upgrades++;
    socket.on('error', () => {});
    if (portal) {
      socket.end(`HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: ${Buffer.byteLength(PORTAL_PAGE)}\r\n\r\n${PORTAL_PAGE}`);
      return;
    }
    if (network === 'refuses-websocket') {
      socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
      return;
    }
    if (network === 'stalls-websocket' || network === 'closes-websocket') {
      const key = String(req.headers['sec-websocket-key'] ?? '');
      socket.write(
        `HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\nsec-websocket-accept: ${acceptKey(key)}\r\n\r\n`,
      );
      if (network === 'closes-websocket') socket.destroy();
      // A stalled one stays open and silent: whatever the browser sends is dropped.
      else socket.on('data', () => {});
      return;
    }
    // A network that passes WebSockets: a byte pipe to the server.
    const onward = request({ host: upstream.hostname, port: upstream.port, path: req.url, headers: req.headers });
    onward.on('upgrade', (answer, serverSocket, serverHead) => {
      socket.write([`HTTP/1.1 101 Switching Protocols`, ...headerLines(answer.rawHeaders), '', ''].join('\r\n'));
      // Bytes that came with the 101 (the server's first frames) and with the request.
      socket.write(serverHead);
      serverSocket.write(clientHead);
      serverSocket.pipe(socket).pipe(serverSocket);
      serverSocket.on('error', () => socket.destroy());
    });
    onward.on('error', () => socket.destroy());
    onward.end();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    upgrades: () => upgrades,
    portal(on) {
      if (network !== 'captive-portal') throw new Error(`${network} is not a captive portal`);
      portal = on;
      // A portal that takes over cuts what was open through it.
      if (on) for (const socket of sockets) socket.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function headerLines(raw: string[]): string[] {
  const lines: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) lines.push(`${raw[i]}: ${raw[i + 1]}`);
  return lines;
}
