// The Redis connections of a Parley process (the store's, the Socket.IO adapter's) and how they
// live through a Redis outage: a restart, a crash, a lost network. Parley keeps running, refuses
// what needs Redis while it is away, reconnects by itself and serves again as soon as it answers.
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../log.js';
import { StoreOpenError } from './errors.js';

/**
 * How long the store waits for Redis to answer a command on a connection that looks alive (a
 * network cut that closes nothing, a Redis that hangs) before the write is refused.
 */
export const REDIS_COMMAND_TIMEOUT_MS = 3000;
/** Reconnection attempts come soon after a loss, then once a second for as long as it lasts. */
const RETRY_STEP_MS = 100;
const RETRY_MAX_MS = 1000;

/**
 * Which way a client waits while Redis is away:
 * - `store`: a write fails at once while the connection is down (no offline queue) and after
 *   REDIS_COMMAND_TIMEOUT_MS when Redis does not answer, so the phone is told promptly;
 * - `adapter`: commands wait in the offline queue until the next reconnection attempt fails.
 *   The Socket.IO adapter reads its stream in a loop that sends the next XREAD as soon as the
 *   last one failed: refused at once, that loop would spin without ever yielding to the event
 *   loop. Queued, it turns once per attempt. No command timeout either: that XREAD blocks for 5 s
 *   on purpose, and the adapter's extra clients copy these options (`duplicate()`).
 */
export type RedisRole = 'store' | 'adapter';

/**
 * The ioredis options for Parley's clients. Common to both roles:
 * - `retryStrategy` always returns a delay: the client reconnects for as long as the outage
 *   lasts (ioredis would give up for good on a non-number), never more than RETRY_MAX_MS apart;
 * - `maxRetriesPerRequest: 0`: a command already sent when the connection drops, or queued
 *   while it is down, is refused as soon as the connection (or an attempt to reconnect) fails,
 *   instead of waiting for later attempts. With more retries, ioredis rejects it with
 *   MaxRetriesPerRequestError only after that many failed attempts;
 * - `autoResendUnfulfilledCommands: false`: a command whose answer was lost with the connection
 *   (Redis may or may not have run it) is never sent again after the reconnection. It was refused
 *   to whoever sent it, so it must not be applied behind their back (a vote refused, then stored);
 * - `reconnectOnError`: an answer READONLY means the address now leads to a replica (a failover):
 *   reconnect to reach the writable primary. The command that got it stays refused (1, not 2:
 *   nothing is resent).
 */
function options(name: string, timeoutMs: number, role: RedisRole): RedisOptions {
  return {
    lazyConnect: true,
    connectionName: name,
    connectTimeout: timeoutMs,
    retryStrategy: (attempt) => Math.min(attempt * RETRY_STEP_MS, RETRY_MAX_MS),
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    reconnectOnError: (err) => (err.message.startsWith('READONLY') ? 1 : false),
    ...(role === 'store' ? { enableOfflineQueue: false, commandTimeout: REDIS_COMMAND_TIMEOUT_MS } : { enableOfflineQueue: true }),
  };
}

/** A URL fit for logs and messages: without its password. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'REDIS_URL';
  }
}

/**
 * A connected client, or StoreOpenError within `timeoutMs` when Redis does not answer: a start
 * fails with a clear message instead of hanging. Once connected, a lost connection is logged
 * when it is lost and when it is back (with `log`), never once per failed attempt or command.
 */
export async function connectRedis(url: string, timeoutMs: number, name: string, role: RedisRole, log?: Logger): Promise<Redis> {
  const client = new Redis(url, options(name, timeoutMs, role));
  // ioredis emits an 'error' for every failed (re)connection attempt, and prints it when nobody
  // listens; the commands it concerns are rejected to their callers anyway.
  let lastError: unknown;
  client.on('error', (err) => {
    lastError = err;
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect().then(() => client.ping()),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(lastError ?? new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (err) {
    client.disconnect();
    // The socket's own error (ECONNREFUSED, ENOTFOUND, …) says more than "Connection is closed".
    const cause = lastError ?? err;
    const why = (cause instanceof Error ? cause.message : String(cause)).replace(/\.+$/, '');
    throw new StoreOpenError(`Cannot reach Redis at ${redactedUrl(url)} (REDIS_URL): ${why}. Is redis-server running there?`);
  } finally {
    clearTimeout(timer);
  }
  if (log) logOutages(client, name, log, () => lastError);
  return client;
}

/** Two lines per outage and client: lost (it reconnects), and back (after how long). */
function logOutages(client: Redis, name: string, log: Logger, lastError: () => unknown): void {
  let lostAt: number | null = null;
  // 'reconnecting', not 'close': a client closed on purpose (shutdown) does not reconnect.
  client.on('reconnecting', () => {
    if (lostAt !== null) return;
    lostAt = Date.now();
    log.warn({ client: name }, 'Redis connection lost: reconnecting (what needs Redis is refused until it is back)');
  });
  client.on('ready', () => {
    if (lostAt === null) return;
    const err = lastError();
    log.info({ client: name, awayMs: Date.now() - lostAt, lastError: err instanceof Error ? err.message : undefined }, 'Redis connection back');
    lostAt = null;
  });
}

/**
 * Why a command got no answer, for logs and GET /healthz: the error itself when Redis answered
 * with one (a script's refusal, OOM, …), else an error saying Redis is unreachable.
 */
export function unanswered(err: unknown, client: Redis): unknown {
  if (!(err instanceof Error) || err.name === 'ReplyError') return err;
  const why = client.status === 'ready' ? err.message : `no connection (${client.status})`;
  return new Error(`Redis is unreachable: ${why}`, { cause: err });
}
