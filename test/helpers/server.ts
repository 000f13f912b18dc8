// One helper starts a quiet Parley server on an ephemeral port with its own data directory and
// stops it (and every client it handed out) after the test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { inject, onTestFinished } from 'vitest';
import { startServer, type RunningServer, type StartOptions } from '../../server/app.js';
import { readConfig } from '../../server/config.js';
import type { Deck } from '../../server/deck/types.js';
import type { AckResult, ClientToServerEvents, ServerToClientEvents } from '../../server/protocol.js';
import { testDecks } from './decks.js';

export const PRESENTER_KEY = 'test-presenter-key-0123456789';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestServer extends RunningServer {
  url: string;
  dataDir: string;
  /** The Redis it stores in (PARLEY_TEST_STORE=redis, or REDIS_URL given); absent with SQLite. */
  redis?: { url: string; keyPrefix: string };
  /** A connected socket.io client, closed after the test. */
  client(): Promise<TestSocket>;
  /** Creates a session over HTTP and returns its join code. */
  createSession(deck?: string): Promise<string>;
  /** A connected client joined to the session as a presenter. */
  presenter(code: string): Promise<TestSocket>;
  /** A connected client joined to the session as the participant `participantId`. */
  participant(code: string, participantId: string): Promise<TestSocket>;
}

export interface TestServerOptions {
  dataDir?: string;
  /** A fixed port, to restart a server where its clients expect it (default: any free port). */
  port?: number;
  decks?: Map<string, Deck>;
  /** More environment variables for the server's configuration, e.g. WORD_FILTER. */
  env?: Record<string, string>;
  /**
   * The clock and scheduler its poll timers run on (default: real time), e.g. a manualScheduler
   * (helpers/scheduler.ts): `{ now: () => time.now, scheduler: time }`, then `time.advance(ms)`.
   */
  clock?: StartOptions['clock'];
}

/**
 * The store test servers run on: `sqlite` (default), or `redis` (PARLEY_TEST_STORE=redis, the
 * integration-redis project: a redis-server started by test/helpers/redis-global.ts).
 */
export const TEST_STORE: 'sqlite' | 'redis' = process.env.PARLEY_TEST_STORE === 'redis' ? 'redis' : 'sqlite';

/**
 * With Redis, the keys of a server live under a prefix named after its data directory: a server
 * started again on the same directory finds its sessions, as with SQLite, and tests keep apart.
 */
function storeEnv(dataDir: string): Record<string, string> {
  if (TEST_STORE === 'sqlite') return {};
  return { REDIS_URL: inject('redisUrl'), REDIS_KEY_PREFIX: `test:${basename(dataDir)}:` };
}

export function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-test-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export async function newParley(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDataDir();
  const config = readConfig({
    PORT: String(options.port ?? 0),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    PRESENTER_KEY,
    LOG_LEVEL: 'silent',
    ...storeEnv(dataDir),
    ...options.env,
  });
  const server = await startServer(config, options.decks ?? testDecks(), { clock: options.clock });
  const sockets: TestSocket[] = [];
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    for (const s of sockets) s.close();
    await server.close();
  };
  onTestFinished(close);
  const url = `http://127.0.0.1:${server.port}`;
  const testServer: TestServer = {
    ...server,
    url,
    dataDir,
    ...(config.redis ? { redis: { url: config.redis.url, keyPrefix: config.redis.keyPrefix } } : {}),
    close,
    async client() {
      const socket = testSocket(url);
      sockets.push(socket);
      return connected(socket);
    },
    async createSession(deck = 'workshop') {
      const res = await fetch(`${url}/api/sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${PRESENTER_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ deck }),
      });
      if (res.status !== 201) throw new Error(`create session: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { code: string }).code;
    },
    async presenter(code) {
      const socket = await testServer.client();
      ok(await request(socket, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
      return socket;
    },
    async participant(code, participantId) {
      const socket = await testServer.client();
      ok(await request(socket, 'audience:join', { code, participantId }));
      return socket;
    },
  };
  return testServer;
}

/**
 * A socket.io client as the pages use it (WebSocket only), without automatic reconnection, closed
 * after the test. `localAddress` (any 127.x.y.z on Linux) makes it come from another address.
 */
export function testSocket(url: string, localAddress?: string): TestSocket {
  const socket: TestSocket = connect(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...(localAddress ? { localAddress } : {}),
  } as Parameters<typeof connect>[1]);
  onTestFinished(() => {
    socket.close();
  });
  return socket;
}

/** Resolves with the socket once it is connected; rejects with the connect_error. */
export function connected(socket: TestSocket): Promise<TestSocket> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
    // A connection closed before its CONNECT is answered brings 'disconnect', not 'connect_error'.
    socket.once('disconnect', (reason) => reject(new Error(`disconnected before connecting: ${reason}`)));
  });
}

/** Emits and waits for the acknowledgement (at most `timeoutMs`). */
export function request<E extends keyof ClientToServerEvents>(
  socket: TestSocket,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
  timeoutMs = 5000,
): Promise<Parameters<Parameters<ClientToServerEvents[E]>[1]>[0]> {
  // socket.io-client's typed emitWithAck cannot follow a generic event name; the map above checks it.
  return (socket.timeout(timeoutMs).emitWithAck as (e: string, p: unknown) => Promise<never>)(event, payload).catch((err: Error) => {
    // socket.io's own message ('operation has timed out') does not say which request it was.
    throw new Error(`${event}: ${err.message} (no acknowledgement within ${timeoutMs} ms)`);
  });
}

/** The data of a successful acknowledgement; fails the test with the server's error otherwise. */
export function ok<T>(result: AckResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.data;
}
