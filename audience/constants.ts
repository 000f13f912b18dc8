// Join-code constants for the phone bundle.
//
// Why not `import { JOIN_CODE_ALPHABET } from '../server/protocol.js'`: any value import from that
// module pulls all of zod (~20 KB gzip) into this page, because `createSessionSchema` there is
// `/* @__PURE__ */ z.strictObject({ deck: z.string()… })` — the annotation covers the outer call
// only, its argument is not side-effect free, so the bundler keeps it. The literal types below
// make `tsc` fail if these ever drift from the protocol.
import type * as Protocol from '../server/protocol.js';

export const JOIN_CODE_ALPHABET: typeof Protocol.JOIN_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const JOIN_CODE_LENGTH: typeof Protocol.JOIN_CODE_LENGTH = 5;
