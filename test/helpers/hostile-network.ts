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
  /** Passes everything — until `portal(true)`: then every request gets the portal's page (or a redirect to it). */
  | 'captive-portal'
  /** Passes everything, as a network that works: for `down()` and `cut()`, what sleep does to a phone's connection. */
  | 'passes';

/** How a captive portal answers while it is on. */
export interface PortalOptions {
  /** Its sign-in page as 200 (default), or a 302 redirect to it. */
  answer?: 'page' | 'redirect';
  /**
   * Parley's page and its files still come through; only the page's connection (socket.io,
   * `/ping`) gets the portal. Stands for a phone that opened the link on mobile data (or had the
   * page in its cache) and then joined the Wi-Fi: its first connection meets the portal.
   */
  pagePasses?: boolean;
}

export interface HostileNetwork {
  /** The URL phones open instead of the server's. */
  url: string;
  /** WebSocket upgrades the proxy was asked for. */
  upgrades(): number;
  /** Captive portal only: whether every request now gets the sign-in page (or a redirect to it). */
  portal(on: boolean, options?: PortalOptions): void;
  /**
   * Cuts every connection open through the proxy, on both sides: the server sees its sockets
   * close and lets the page go, as it does with a phone that went to sleep.
   */
  cut(): void;
  /** While down, every new connection is reset at once: no network at all (not a portal). */
  down(on: boolean): void;
  close(): Promise<void>;
}

export const PORTAL_PAGE = '<!doctype html><title>Hospital Guest Wi-Fi</title><h1>Welcome</h1><p>Accept the terms to continue.</p>';
/** Where a redirecting portal sends every request: its sign-in page. */
const PORTAL_LOGIN = '/hotspot/login';

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
  let portal: PortalOptions | null = null;
  let isDown = false;
  let upgrades = 0;
  /** Connections from the browser, and the proxy's own to the server (WebSocket pipes). */
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    if (sockets.has(socket)) return; // a kept-alive connection to the server, used again
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  /** Whether the portal answers this request (rather than letting it through to Parley). */
  const portalAnswers = (path = '/'): boolean =>
    portal !== null && !(portal.pagePasses && !path.startsWith('/socket.io/') && !path.startsWith('/ping'));
  const portalReply = (path = '/'): { status: number; headers: Record<string, string>; body: string } =>
    portal?.answer === 'redirect' && !path.startsWith(PORTAL_LOGIN)
      ? { status: 302, headers: { location: `${PORTAL_LOGIN}?continue=${encodeURIComponent(path)}` }, body: '' }
      : { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }, body: PORTAL_PAGE };

  const server = createServer((req, res) => {
    if (portalAnswers(req.url)) {
      // The portal answers whatever was asked with its own page, as 200, or sends it there.
      const reply = portalReply(req.url);
      res.writeHead(reply.status, reply.headers);
      res.end(reply.body);
      return;
    }
    const forwarded = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forwarded.on('socket', track);
    forwarded.on('error', () => res.destroy());
    req.pipe(forwarded);
  });
  server.on('connection', (socket) => {
    if (isDown) {
      socket.resetAndDestroy();
      return;
    }
    track(socket);
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, clientHead: Buffer) => {
    upgrades++;
    socket.on('error', () => {});
    if (portalAnswers(req.url)) {
      const reply = portalReply(req.url);
      const head = [
        `HTTP/1.1 ${reply.status} ${reply.status === 302 ? 'Found' : 'OK'}`,
        ...Object.entries(reply.headers).map(([k, v]) => `${k}: ${v}`),
      ];
      socket.end(`${head.join('\r\n')}\r\ncontent-length: ${Buffer.byteLength(reply.body)}\r\n\r\n${reply.body}`);
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
      track(serverSocket);
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
    portal(on, options = {}) {
      if (network !== 'captive-portal') throw new Error(`${network} is not a captive portal`);
      portal = on ? options : null;
      // A portal that takes over cuts what was open through it.
      if (on) for (const socket of sockets) socket.destroy();
    },
    cut() {
      for (const socket of sockets) socket.destroy();
    },
    down(on) {
      isDown = on;
      if (on) for (const socket of sockets) socket.resetAndDestroy();
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
