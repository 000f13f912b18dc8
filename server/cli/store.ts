// What the command-line tools share to open the configured store (as the server does: openStore).
import { pino } from 'pino';
import type { Config } from '../config.js';
import { createLogger, type Logger } from '../log.js';

/**
 * Warnings and errors only, on standard error: standard output may carry an export (`--out -`),
 * and the server's informational lines ("store: Redis") are noise here.
 */
export function cliLogger(): Logger {
  return createLogger('warn', pino.destination({ fd: 2, sync: true }));
}

/** Where the sessions are read from, for messages: DATA_DIR, or the Redis URL (password hidden). */
export async function storeName(config: Config): Promise<string> {
  if (!config.redis) return config.dataDir;
  const { redactedUrl } = await import('../store/redis-client.js');
  return `Redis ${redactedUrl(config.redis.url)} (prefix ${config.redis.keyPrefix})`;
}
