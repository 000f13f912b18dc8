// `npm run archive`: copies sessions from the Redis store (REDIS_URL) into a SQLite file, so that
// they can be kept, and exported (`npm run export` without REDIS_URL), once Redis is gone.
//   npm run archive -- --session CODE[,CODE…] [--to DIR] [--replace]
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, readConfig } from '../config.js';
import { adoptSecret } from '../privacy/secret.js';
import { StoreOpenError } from '../store/errors.js';
import { openStore } from '../store/open.js';
import { DATABASE_FILE, SqliteStore } from '../store/sqlite.js';
import type { LinkRecord, StoredSession } from '../store/store.js';
import { cliLogger, storeName } from './store.js';

const USAGE = `Usage:
  npm run archive -- --session CODE[,CODE…] [--to DIR] [--replace]

Copies each session from the Redis store (REDIS_URL, with REDIS_KEY_PREFIX) into DIR/${DATABASE_FILE}
(DIR defaults to DATA_DIR, ./data): the session with its deck, poll states, votes, text answers,
questions and upvotes, and the server secret into DIR/secret (a DIR with another secret is refused). Only each poll's current round is copied (earlier rounds of a reset poll
are left out, as in the exports). A code already in that file is refused unless --replace is given.
Afterwards, \`npm run export\` with REDIS_URL unset and DATA_DIR=DIR exports the same results.`;

class UsageError extends Error {}
/** Nothing is wrong with the command line, but the copy cannot be made (exit 1). */
class ArchiveError extends Error {}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      session: { type: 'string' },
      to: { type: 'string' },
      replace: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const config = readConfig();
  if (!config.redis) throw new UsageError('REDIS_URL is not set: archive copies sessions from Redis into SQLite.');
  if (!values.session) throw new UsageError('Give --session CODE[,CODE…].');
  const codes = [...new Set(values.session.toUpperCase().split(',').filter(Boolean))];
  if (codes.length === 0) throw new UsageError('Give --session CODE[,CODE…].');
  const targetDir = resolve(values.to ?? config.dataDir);
  const where = await storeName(config);

  const redis = await openStore(config, cliLogger());
  try {
    // Everything is read, and checked against the target, before anything is written.
    const sessions: { stored: StoredSession; links: LinkRecord[] }[] = [];
    for (const code of codes) {
      const stored = await redis.loadSession(code);
      if (!stored) throw new ArchiveError(`No session with code ${code} in ${where}.`);
      sessions.push({ stored, links: await redis.loadLinks(code) });
    }
    mkdirSync(targetDir, { recursive: true });
    adoptSecret(targetDir, redis.secret);
    const sqlite = new SqliteStore(targetDir);
    try {
      if (!values.replace) {
        for (const code of codes) {
          if (await sqlite.loadSession(code)) {
            throw new ArchiveError(`Session ${code} is already in ${sqlite.file}; give --replace to overwrite it.`);
          }
        }
      }
      for (const { stored, links } of sessions) {
        await copy(stored, links, sqlite);
        console.error(`Archived ${stored.session.code} into ${sqlite.file}`);
      }
    } finally {
      await sqlite.close();
    }
  } finally {
    await redis.close();
  }
}

/** Writes one session into the SQLite store (replacing one of the same code). */
async function copy(stored: StoredSession, links: readonly LinkRecord[], sqlite: SqliteStore): Promise<void> {
  const { session } = stored;
  // Queued in one go, the writes are committed in one transaction.
  const writes: Promise<void>[] = [sqlite.deleteSession(session.code), sqlite.createSession(session)];
  if (session.endedAt !== null) writes.push(sqlite.endSession(session.code, session.endedAt));
  for (const poll of stored.polls) writes.push(sqlite.savePoll(poll));
  for (const vote of stored.votes) writes.push(sqlite.saveVote(vote));
  // In the order loadSession gave them (oldest first): SQLite keeps it for entries of equal time.
  for (const entry of stored.entries) writes.push(sqlite.saveEntry(entry));
  for (const upvote of stored.upvotes) writes.push(sqlite.saveUpvote(upvote, true));
  for (const link of links) writes.push(sqlite.saveLink(link));
  await Promise.all(writes);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError || err instanceof ConfigError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (err instanceof ArchiveError || err instanceof StoreOpenError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
});
