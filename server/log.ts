// Structured JSON logs (pino). The presenter key is never passed to the logger; as a second line
// of defence, whatever looks like a key or an Authorization header is redacted from every line.
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Fields that could carry a secret, wherever they appear in a logged object (up to two levels). */
export const REDACTED_PATHS = [
  'key',
  'presenterKey',
  'metricsKey',
  'authorization',
  'cookie',
  '*.key',
  '*.presenterKey',
  '*.metricsKey',
  '*.authorization',
  '*.cookie',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, base: undefined, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}
