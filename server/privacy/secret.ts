// The server secret: 32 random bytes that key every id derived in pseudonym.ts (the per-session
// participant ids, the exports' pseudonyms). Made once and kept where the store is: a file
// DATA_DIR/secret (mode 0600) beside the SQLite file, or — with REDIS_URL, where several processes
// on several machines must derive the same ids — a key in that Redis. Whoever holds it and a
// phone's own id can recompute that phone's ids, so it is kept like the presenter key.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { StoreOpenError } from '../store/errors.js';

export const SECRET_FILE = 'secret';
const SECRET_BYTES = 32;

/** DATA_DIR/secret, made on first use; StoreOpenError (start stops, saying why) when it cannot be read or made. */
export function fileSecret(dataDir: string): Buffer {
  const file = join(dataDir, SECRET_FILE);
  const made = randomBytes(SECRET_BYTES);
  // Written by another process in between: theirs.
  return readSecret(file) ?? (writeSecret(file, made) ? made : readSecret(file)!);
}

/**
 * Makes `secret` DATA_DIR's (`npm run archive`: the ids of sessions copied from Redis were derived
 * under Redis's secret, and stay valid only with it). StoreOpenError when DATA_DIR has another.
 */
export function adoptSecret(dataDir: string, secret: Buffer): void {
  const file = join(dataDir, SECRET_FILE);
  if (writeSecret(file, secret) || readSecret(file)?.equals(secret)) return;
  throw new StoreOpenError(
    `${file} holds another server secret than the sessions' own: archive into a folder of its own (--to), so that their participant ids stay valid.`,
  );
}

/**
 * The secret every process sharing one Redis uses: `setOnce` stores a candidate unless one is
 * there (SET NX) and answers what is stored, so the first process to start decides it for all.
 */
export async function sharedSecret(setOnce: (candidate: string) => Promise<string>, where: string): Promise<Buffer> {
  return decoded(await setOnce(randomBytes(SECRET_BYTES).toString('base64url')), where);
}

/** The file's secret, or undefined when there is no file. */
function readSecret(file: string): Buffer | undefined {
  try {
    return decoded(readFileSync(file, 'utf8'), file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err instanceof StoreOpenError ? err : unusable(file, err);
  }
}

/**
 * Writes a new secret file, whole and on disk before anything is derived from it (written
 * aside, synced, then linked into place: never a partial file); false when one is there already
 * (two processes starting at once never both write one).
 */
function writeSecret(file: string, secret: Buffer): boolean {
  const aside = `${file}.${process.pid}.new`;
  try {
    const fd = openSync(aside, 'w', 0o600);
    try {
      writeSync(fd, `${secret.toString('base64url')}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    linkSync(aside, file);
    syncFolder(dirname(file));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw unusable(file, err);
  } finally {
    rmSync(aside, { force: true });
  }
}

/** The folder's entries on disk (the new file's name survives a power cut). */
function syncFolder(folder: string): void {
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function decoded(text: string, where: string): Buffer {
  const secret = Buffer.from(text.trim(), 'base64url');
  if (secret.length !== SECRET_BYTES) {
    throw new StoreOpenError(
      `${where} does not hold a Parley secret (32 bytes, base64url). Restore it from a backup: without it, phones cannot be matched to their earlier answers.`,
    );
  }
  return secret;
}

function unusable(file: string, err: unknown): StoreOpenError {
  const reason = (err as NodeJS.ErrnoException).code ?? String(err);
  return new StoreOpenError(`Cannot read or create the server secret ${file} (${reason}). Check the permissions of DATA_DIR.`);
}
