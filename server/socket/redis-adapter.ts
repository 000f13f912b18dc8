// With REDIS_URL, Socket.IO broadcasts go through a Redis stream (its own client), so that a
// broadcast from one Parley process reaches the sockets of every other.
import type { RedisSettings } from '../config.js';

export interface RedisAdapterLink {
  /** The adapter factory for `new Server(..., { adapter })`. */
  adapter: unknown;
  /**
   * Resolves once every broadcast published so far was answered by Redis. The adapter delivers a
   * broadcast to this process's own sockets only after that, so the last tallies of a shutdown
   * wait for it before the sockets close.
   */
  flush(): Promise<void>;
  /** Resolves once Redis has taken everything published so far (a server-side emit included). */
  published(): Promise<void>;
  /** SET NX PX on the publishing client: true for the first caller per key until `ttlMs` passes. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Disconnects (after the sockets closed: nothing is published any more). */
  close(): Promise<void>;
}

export async function redisAdapter(settings: RedisSettings): Promise<RedisAdapterLink> {
  const [{ createAdapter }, { connectRedis }] = await Promise.all([
    import('@socket.io/redis-streams-adapter'),
    import('../store/redis.js'),
  ]);
  const client = await connectRedis(settings.url, settings.connectTimeoutMs, 'parley-socket.io');
  const adapter = createAdapter(client, {
    streamName: `${settings.keyPrefix}socket.io`,
    channelPrefix: `${settings.keyPrefix}socket.io`,
    sessionKeyPrefix: `${settings.keyPrefix}sio:session:`,
  });
  return {
    adapter,
    async published() {
      await client.ping();
    },
    async claim(key, ttlMs) {
      return (await client.set(`${settings.keyPrefix}claim:${key}`, '1', 'PX', ttlMs, 'NX')) === 'OK';
    },
    async flush() {
      await client.ping().catch(() => {});
      // The deliveries run in the microtasks after the replies.
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
    async close() {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
