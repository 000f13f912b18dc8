// Join-code handling: what the input accepts and what a /j/:code address holds.
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from '../server/protocol.js';

/** Uppercases, drops spaces and every character outside the join-code alphabet, and caps the length. */
export function sanitizeCode(raw: string): string {
  let out = '';
  for (const ch of raw.toUpperCase()) {
    if (JOIN_CODE_ALPHABET.includes(ch)) out += ch;
  }
  return out.slice(0, JOIN_CODE_LENGTH);
}

export function isJoinCode(code: string): boolean {
  return code.length === JOIN_CODE_LENGTH && [...code].every((ch) => JOIN_CODE_ALPHABET.includes(ch));
}

/**
 * The code in a `/j/:code` path, uppercased and trimmed (not validated: the caller reports a bad one),
 * or null when the path is not a join link.
 */
export function codeFromPath(pathname: string): string | null {
  const m = /^\/j\/([^/]*)\/?$/.exec(pathname);
  if (!m) return null;
  let raw = m[1] ?? '';
  try {
    raw = decodeURIComponent(raw);
  } catch {
    // keep the raw text
  }
  return raw.trim().toUpperCase().slice(0, 32);
}
