// `npm run export`: exports straight from the store the configuration names (Redis when REDIS_URL
// is set, else DATA_DIR's SQLite file), so it works while the server is stopped.
//   npm run export -- --list
//   npm run export -- --session CODE[,CODE…] --format csv|summary|xlsx|json|html [--linked] [--out FILE|-]
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, readConfig } from '../config.js';
import { EXPORT_FORMATS, exportFileName, type ExportFormatName } from '../export/formats.js';
import { followUpSource } from '../export/follow-up.js';
import { buildExport } from '../export/model.js';
import { StoreOpenError } from '../store/errors.js';
import { openStore } from '../store/open.js';
import { DATABASE_FILE } from '../store/sqlite.js';
import type { Store } from '../store/store.js';
import { cliLogger, storeName } from './store.js';

/** The command line's short format names. */
const FORMATS: Record<string, ExportFormatName> = {
  csv: 'responses.csv',
  summary: 'summary.csv',
  xlsx: 'xlsx',
  json: 'json',
  html: 'html',
};

const USAGE = `Usage:
  npm run export -- --list
  npm run export -- --session CODE[,CODE…] --format ${Object.keys(FORMATS).join('|')} [--linked] [--out FILE|-]

Reads the sessions in Redis when REDIS_URL is set (with REDIS_KEY_PREFIX), else in DATA_DIR
(default ./data). Without --out the file is written to the current folder under its default name;
--out - writes to standard output. Several codes (html only) put sessions of the same deck side by
side. A participant has another pseudonym in every poll; --linked gives one pseudonym per
participant across polls (csv, xlsx, json) and leaves out times, text, and any answer or role held
by fewer than MIN_GROUP_SIZE of a poll's respondents. \`npm run archive\` copies sessions from
Redis into a SQLite file.`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      list: { type: 'boolean' },
      session: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      linked: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const config = readConfig();
  const { dataDir } = config;
  if (!config.redis && !existsSync(join(dataDir, DATABASE_FILE))) throw new UsageError(`No Parley data in ${dataDir} (set DATA_DIR).`);
  const where = await storeName(config);
  const store = await openStore(config, cliLogger());
  try {
    if (values.list) return await list(store);
    if (!values.session || !values.format) throw new UsageError('Give --list, or --session and --format.');
    const format = FORMATS[values.format];
    if (!format) throw new UsageError(`Unknown format "${values.format}".`);
    const codes = [...new Set(values.session.toUpperCase().split(',').filter(Boolean))];
    if (codes.length > 1 && !EXPORT_FORMATS[format].compares) throw new UsageError('Only the html report compares sessions.');
    const exports = [];
    for (const code of codes) {
      const stored = await store.loadSession(code);
      if (!stored) throw new UsageError(`No session with code ${code} in ${where}.`);
      const followUp = await followUpSource(store, stored.session);
      exports.push(buildExport(stored, { secret: store.secret, minGroupSize: config.minGroupSize, linked: values.linked ?? false, followUp }));
    }
    if (new Set(exports.map((e) => e.session.deck)).size > 1) throw new UsageError('Only sessions of the same deck can be compared.');
    const content = await EXPORT_FORMATS[format].render(exports);
    if (values.out === '-') {
      process.stdout.write(content);
      return;
    }
    const file = resolve(values.out ?? exportFileName(exports, format));
    writeFileSync(file, content);
    console.error(`Wrote ${file}`);
  } finally {
    await store.close();
  }
}

async function list(store: Store): Promise<void> {
  const sessions = await store.listSessions();
  if (sessions.length === 0) {
    console.log('No sessions yet.');
    return;
  }
  const rows = [
    ['code', 'deck', 'started (UTC)', 'ended (UTC)', 'participants', 'answers'],
    ...sessions.map((s) => [
      s.code,
      s.deckId,
      new Date(s.createdAt).toISOString().slice(0, 16).replace('T', ' '),
      s.endedAt === null ? 'live' : new Date(s.endedAt).toISOString().slice(0, 16).replace('T', ' '),
      String(s.participants),
      String(s.answers),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const row of rows)
    console.log(
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    );
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError || err instanceof ConfigError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (err instanceof StoreOpenError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
});
