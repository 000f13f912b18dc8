// Picks the store from the configuration: Redis when REDIS_URL is set, else the embedded SQLite
// file in DATA_DIR. Redis code (and ioredis) is loaded only when it is used.
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { SqliteStore } from './sqlite.js';
import type { ServerStore } from './store.js';

/** Throws StoreOpenError when the store cannot be used (a damaged file, an unreachable Redis). */
export async function openStore(config: Config, log: Logger): Promise<ServerStore> {
  if (!config.redis) return new SqliteStore(config.dataDir, { log });
  const [{ RedisStore }, { redactedUrl }] = await Promise.all([import('./redis.js'), import('./redis-client.js')]);
  const store = await RedisStore.open(config.redis.url, config.redis.keyPrefix, config.redis.connectTimeoutMs, log);
  const warning = await store.durabilityWarning();
  if (warning) log.warn(warning);
  log.info({ redis: redactedUrl(config.redis.url), keyPrefix: config.redis.keyPrefix }, 'store: Redis');
  return store;
}
