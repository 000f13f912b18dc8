// A refusal that travels back to the client as an error acknowledgement.
import type { ErrorCode, ProtocolError } from '../protocol.js';

export class ProtocolFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }

  toError(): ProtocolError {
    return { code: this.code, message: this.message };
  }
}
