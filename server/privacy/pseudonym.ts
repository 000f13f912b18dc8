// The ids derived from the server secret (secret.ts): pure, so that a store, a migration and an
// export all derive the same id from the same inputs. HMAC-SHA256 keyed by the secret: without it
// nobody can tell which phone (or which participant) an id stands for, nor join two ids that come
// from different inputs; with it the same inputs always give the same id.
import { createHmac } from 'node:crypto';

/** The parts are joined unambiguously (a NUL never occurs in a code, an id or a namespace). */
function digest(secret: Buffer, parts: readonly string[]): Buffer {
  return createHmac('sha256', secret).update(parts.join('\0')).digest();
}

/**
 * The id a phone is stored under in one session: the phone's own id is never stored, and the same
 * phone in two sessions has two ids that cannot be joined. 22 base64url characters (132 bits), so
 * it still fits the participant-id schema of server/protocol.ts (8–64 of A–Z a–z 0–9 _ -).
 */
export function sessionParticipantId(secret: Buffer, code: string, phoneId: string): string {
  return digest(secret, ['participant', code, phoneId]).toString('base64url').slice(0, 22);
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
