// Only Parley's own pages may drive its socket from a browser: a page on another site that a
// participant or the presenter has open cannot connect (WebSocket has no CORS; the handshake's
// Origin says which page opens it). Its own pages — however the server is reached, PUBLIC_URL —
// and ALLOWED_ORIGINS connect; so do clients that send no Origin (the bench, scripts).
import { get } from 'node:http';
import { io as connect } from 'socket.io-client';
import { describe, expect, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';
import { ConfigError, readConfig } from '../../server/config.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer, type TestSocket } from '../helpers/server.js';

const EVIL = 'http://evil.example';

/**
 * Engine.IO's first request of a long-polling connection, as a browser page would send it (`host`:
 * the Host header, when the page was loaded from another name for this server).
 */
function pollingHandshake(server: TestServer, origin?: string, host?: string): Promise<{ status: number; body: string }> {
  const headers = { ...(origin ? { origin } : {}), ...(host ? { host } : {}) };
  return new Promise((resolve, reject) => {
    get(`${server.url}/socket.io/?EIO=4&transport=polling`, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

/** A WebSocket handshake straight away (what the pages do): opened, or refused with the status and body. */
function websocketHandshake(server: TestServer, origin?: string): Promise<{ opened: true } | { opened: false; status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`, origin ? { origin } : {});
    ws.once('open', () => {
      ws.close();
      resolve({ opened: true });
    });
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ opened: false, status: res.statusCode ?? 0, body }));
    });
    ws.once('error', reject);
  });
}

/** A socket.io client that says it runs in a page of `origin` (over `transport`). */
function clientOf(server: TestServer, origin: string | undefined, transport: 'websocket' | 'polling'): TestSocket {
  const socket: TestSocket = connect(server.url, {
    transports: [transport],
    forceNew: true,
    reconnection: false,
    ...(origin ? { extraHeaders: { origin } } : {}),
  });
  onTestFinished(() => {
    socket.close();
  });
  return socket;
}

/** `connected`, or the connect_error's message and the server's answer (polling: the response body). */
function outcome(socket: TestSocket): Promise<'connected' | { error: string; context: string }> {
  return new Promise((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (err: Error & { context?: { responseText?: string } }) =>
      resolve({ error: err.message, context: String(err.context?.responseText ?? '') }),
    );
  });
}

describe('who may open a socket', () => {
  it('refuses a handshake from a page of another site, with a clear reason, over both transports', async () => {
    const server = await newParley();
    const polling = await pollingHandshake(server, EVIL);
    expect(polling.status).toBe(403);
    expect(JSON.parse(polling.body)).toEqual({
      code: 4,
      message: "Parley takes connections from its own pages only, not from http://evil.example (the server's ALLOWED_ORIGINS setting can add it).",
    });
    const websocket = await websocketHandshake(server, EVIL);
    expect(websocket).toMatchObject({ opened: false, status: 400 });
    expect(websocket.opened === false && websocket.body).toContain('not from http://evil.example');
    // An opaque origin (a sandboxed frame, a local file) is no page of Parley's either.
    expect((await pollingHandshake(server, 'null')).status).toBe(403);
    // Same host name, another port: another site.
    expect((await pollingHandshake(server, `http://127.0.0.1:${server.port + 1}`)).status).toBe(403);
  });

  it('lets in its own pages, whatever address they were loaded from, and clients without an Origin', async () => {
    const server = await newParley();
    expect((await pollingHandshake(server, server.url)).status).toBe(200);
    expect(await websocketHandshake(server, server.url)).toEqual({ opened: true });
    // The same server reached by another name (a LAN address, a host name): the page's host is the
    // Host the request was sent to.
    expect((await pollingHandshake(server, `http://parley.local:${server.port}`, `parley.local:${server.port}`)).status).toBe(200);
    expect((await pollingHandshake(server, 'http://192.168.1.20:3000', '192.168.1.20:3000')).status).toBe(200);
    // Behind an HTTPS proxy that passes Host on, the page's scheme is https, Parley's http.
    expect((await pollingHandshake(server, 'https://parley.example.org', 'parley.example.org')).status).toBe(200);
    // But a page's host must be the one asked: another page sent to this server's address is not.
    expect((await pollingHandshake(server, 'http://192.168.1.20:3000', 'parley.local:3000')).status).toBe(403);
    expect((await pollingHandshake(server)).status).toBe(200);
    expect(await websocketHandshake(server)).toEqual({ opened: true });
  });

  it('lets in PUBLIC_URL and ALLOWED_ORIGINS', async () => {
    const server = await newParley({
      env: { PUBLIC_URL: 'https://vote.example.org/', ALLOWED_ORIGINS: 'https://slides.example.org, http://10.0.0.5:8080' },
    });
    for (const origin of ['https://vote.example.org', 'https://slides.example.org', 'http://10.0.0.5:8080', server.url]) {
      expect((await pollingHandshake(server, origin)).status, origin).toBe(200);
      expect(await websocketHandshake(server, origin), origin).toEqual({ opened: true });
    }
    for (const origin of ['http://vote.example.org', 'https://slides.example.org:8443', 'http://10.0.0.5', EVIL]) {
      expect((await pollingHandshake(server, origin)).status, origin).toBe(403);
    }
  });

  it('keeps a socket.io client in a page of another site from joining and voting, while one of its own pages does', async () => {
    const server = await newParley();
    const code = await server.createSession();
    const presenter = await server.presenter(code);
    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'open' }));

    for (const transport of ['websocket', 'polling'] as const) {
      const evil = clientOf(server, EVIL, transport);
      const refused = await outcome(evil);
      expect(refused, transport).not.toBe('connected');
      if (transport === 'polling') expect(refused).toMatchObject({ context: expect.stringContaining('its own pages only') });
    }

    for (const [i, origin] of [server.url, undefined].entries()) {
      for (const transport of ['websocket', 'polling'] as const) {
        const phone = clientOf(server, origin, transport);
        expect(await outcome(phone), `${origin} ${transport}`).toBe('connected');
        ok(await request(phone, 'audience:join', { code, participantId: `own-page-${i}-${transport}` }));
        ok(await request(phone, 'audience:vote', { pollId: 'branch-a', optionIds: ['talk'] }));
      }
    }
    expect(ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' })).participants).toBe(4);
  });

  it('refuses an ALLOWED_ORIGINS entry that is not an origin', () => {
    expect(readConfig({ ALLOWED_ORIGINS: 'https://Slides.Example.org/, http://10.0.0.5:80' }).allowedOrigins).toEqual([
      'https://slides.example.org',
      'http://10.0.0.5',
    ]);
    expect(readConfig({}).allowedOrigins).toEqual([]);
    for (const wrong of ['slides.example.org', 'https://slides.example.org/deck', 'ftp://files.example.org', 'https://a.example.org?x=1']) {
      expect(() => readConfig({ ALLOWED_ORIGINS: wrong }), wrong).toThrow(ConfigError);
      expect(() => readConfig({ ALLOWED_ORIGINS: wrong }), wrong).toThrow(/ALLOWED_ORIGINS: must be a comma-separated list of origins/);
    }
  });
});
