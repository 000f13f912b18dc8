// The presenter key: from PRESENTER_KEY, or generated once and kept in DATA_DIR.
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nanoid } from 'nanoid';

export interface PresenterKey {
  key: string;
  /** False when it came from PRESENTER_KEY: whoever set it knows it, so it is never printed. */
  generated: boolean;
}

const KEY_FILE = 'presenter-key';

export function resolvePresenterKey(dataDir: string, fromEnv: string | undefined): PresenterKey {
  if (fromEnv) return { key: fromEnv, generated: false };
  const file = join(dataDir, KEY_FILE);
  try {
    const saved = readFileSync(file, 'utf8').trim();
    if (saved) return { key: saved, generated: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const key = nanoid(32);
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return { key, generated: true };
}

/** Constant-time comparison (hashing first makes the lengths equal). */
export function keyMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/** The key from an `Authorization: Bearer <key>` header, if any. */
export function bearerKey(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
