// Failures every store reports alike, whichever backend it writes to.
import { ProtocolFailure } from '../session/failure.js';

/** The store cannot be used (a database file, a Redis server): the message says which and why. */
export class StoreOpenError extends Error {
  override name = 'StoreOpenError';
}

/**
 * A write after close() (the server is shutting down): refused, never half-done. A protocol
 * failure, so that the socket layer answers the message that caused it with this error.
 */
export class StoreClosedError extends ProtocolFailure {
  override name = 'StoreClosedError';
  constructor(message = 'Parley is shutting down; try again in a moment.') {
    super('internal', message);
  }
}
