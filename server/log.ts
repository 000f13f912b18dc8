// Structured JSON logs (pino). The presenter key is never passed to the logger.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({ level, base: undefined });
}
