// The ids derived from the server secret (secret.ts): pure, so that every process derives the
// same id from the same inputs. HMAC-SHA256 keyed by the secret: without it
// nobody can tell which phone (or which participant) an id stands for, nor join two ids that come
// from different inputs; with it the same inputs always give the same id.
import { createHmac } from 'node:crypto';

/** The parts are joined unambiguously (a NUL never occurs in a code, an id or a namespace). */
function digest(secret: Buffer, parts: readonly string[]): Buffer {
  return createHmac('sha256', secret).update(parts.join('\0')).digest();
}

/** Crockford's base32, upper case: no I, L, O or U to misread, and never a formula or a number in a spreadsheet. */
const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A pseudonym of an export: `prefix` and 10 base32 characters (50 bits: two of a session's
 * answers share one with a chance below 1 in 10^5 even with 10,000 phones and 20 polls).
 * Stable across repeated exports, since it depends on nothing but its inputs.
 */
export function exportPseudonym(secret: Buffer, prefix: string, parts: readonly string[]): string {
  const bytes = digest(secret, ['export', prefix, ...parts]);
  let out = prefix;
  for (let i = 0; i < 10; i++) out += BASE32[bytes[i]! & 31];
  return out;
}
