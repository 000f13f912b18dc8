// With REDIS_URL, Socket.IO broadcasts go through a Redis stream (its own client), so that a
// broadcast from one Parley process reaches the sockets of every other.
//
// While Redis is away nothing here may stop the process: the adapter's own publishes (heartbeats,
// broadcasts) and its stream reader catch their errors; its server-side emits and subscriptions
// do not, so these clients catch them (catchDropped); what Parley itself waits for (published,
// claim, flush) is refused within REDIS_COMMAND_TIMEOUT_MS. The client and the adapter's extra ones (reader, subscriber)
// reconnect by themselves (redis-client.ts, role `adapter`); the reader carries on from where it
// was, the subscriber subscribes again. A server-side emit lost meanwhile shows as a gap in the
// batch numbers, which makes the other processes reload from the store (cluster-sync.ts).
import type { Command, Redis } from 'ioredis';
import type { RedisSettings } from '../config.js';
import type { Logger } from '../log.js';

export interface RedisAdapterLink {
  /** The adapter factory for `new Server(..., { adapter })`. */
  adapter: unknown;
  /**
   * Resolves once every broadcast published so far was answered by Redis. The adapter delivers a
   * broadcast to this process's own sockets only after that, so the last tallies of a shutdown
   * wait for it before the sockets close.
   */
  flush(): Promise<void>;
  /**
   * Resolves once Redis has taken everything published so far (a server-side emit included);
   * rejects when the last server-side emit failed or Redis does not answer in time.
   */
  published(): Promise<void>;
  /** SET NX PX on the publishing client: true for the first caller per key until `ttlMs` passes. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Disconnects (after the sockets closed: nothing is published any more). */
  close(): Promise<void>;
}

export async function redisAdapter(settings: RedisSettings, log?: Logger): Promise<RedisAdapterLink> {
  const [{ createAdapter }, { connectRedis, REDIS_COMMAND_TIMEOUT_MS }] = await Promise.all([
    import('@socket.io/redis-streams-adapter'),
    import('../store/redis-client.js'),
  ]);
  const client = await connectRedis(settings.url, settings.connectTimeoutMs, 'parley-socket.io', 'adapter', log);
  let lastPublish: Promise<unknown> = Promise.resolve();
  catchDropped(client, (reply) => {
    lastPublish = reply;
  });
  // The adapter connects its extra clients itself, and with lazyConnect would await their first
  // connection without catching its failure (Redis gone at that moment: an unhandled rejection).
  // Connecting eagerly, a duplicate reports such a failure as an 'error' event (which the adapter
  // listens to) and keeps trying.
  client.options.lazyConnect = false;
  const adapter = createAdapter(client, {
    streamName: `${settings.keyPrefix}socket.io`,
    channelPrefix: `${settings.keyPrefix}socket.io`,
    sessionKeyPrefix: `${settings.keyPrefix}sio:session:`,
  });
  const answered = <T>(reply: Promise<T>): Promise<T> => within(reply, REDIS_COMMAND_TIMEOUT_MS);
  return {
    adapter,
    async published() {
      await answered(Promise.all([lastPublish, client.ping()]));
    },
    async claim(key, ttlMs) {
      return (await answered(client.set(`${settings.keyPrefix}claim:${key}`, '1', 'PX', ttlMs, 'NX'))) === 'OK';
    },
    async flush() {
      await answered(client.ping()).catch(() => {});
      // The deliveries run in the microtasks after the replies.
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
    async close() {
      await answered(client.quit()).catch(() => client.disconnect());
    },
  };
}

/**
 * Commands whose promise is dropped with nobody to catch its rejection, which with Redis away
 * would stop the process (Node ends it on an unhandled rejection): @socket.io/redis-streams-adapter
 * 0.3.1 sends a server-side emit with PUBLISH (`doPublish`) and subscribes (`SUBSCRIBE`) without
 * waiting, and ioredis subscribes again (and SELECTs) after a reconnection the same way.
 */
const DROPPED = new Set(['publish', 'subscribe', 'psubscribe', 'ssubscribe', 'select']);

/**
 * Catches the rejections of DROPPED commands on `client` and on every client duplicated from it
 * (the adapter's reader and subscriber); their failure is what the reconnection repairs. Tells
 * `onPublish` of each PUBLISH, so that `published()` can still report a failed one.
 */
function catchDropped(client: Redis, onPublish: (reply: Promise<unknown>) => void = () => {}): void {
  const send = client.sendCommand.bind(client);
  client.sendCommand = ((command: Command, stream?: Parameters<Redis['sendCommand']>[1]) => {
    const reply = send(command, stream);
    if (DROPPED.has(command.name)) {
      command.promise.catch(() => {});
      if (command.name === 'publish') onPublish(command.promise);
    }
    return reply;
  }) as Redis['sendCommand'];
  const duplicate = client.duplicate.bind(client);
  client.duplicate = ((override?: Parameters<Redis['duplicate']>[0]) => {
    const copy = duplicate(override);
    catchDropped(copy);
    return copy;
  }) as Redis['duplicate'];
}

/** `reply`, or a rejection once `ms` passed without it (the command itself is not cancelled). */
function within<T>(reply: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([reply, late]).finally(() => clearTimeout(timer));
}
