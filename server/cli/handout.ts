// `npm run handout -- DECK.md [--out FILE] [--results SESSION]`: the deck as a PDF for participants.
// A quiet Parley is started here on a free port with only that deck, and Chromium prints its
// handout page (/handout/:deck, presenter/handout.ts): one page per slide, no speaker notes, each
// poll's question and options; with --results, the results that session's room was shown (read from
// the configured store: REDIS_URL, else DATA_DIR). Without --results nothing of DATA_DIR is touched.
// Exit 1 for a deck with errors (file:line: message), an unknown session or no Chromium; 2 for a
// wrong command line.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { StartupError, startServer } from '../app.js';
import { ConfigError, readConfig, type Config } from '../config.js';
import { parseDeckFile } from '../deck/load.js';
import { formatDeckError, SLIDE_SIZE, type Deck } from '../deck/types.js';
import { StoreOpenError } from '../store/errors.js';
import { DATABASE_FILE } from '../store/sqlite.js';
import { storeName } from './store.js';

const USAGE = `Usage: npm run handout -- DECK.md [--out FILE] [--results SESSION]

Writes the deck as a PDF for participants: one page per slide (each slide of a vertical stack too),
no speaker notes, each poll's question with its options. --results SESSION adds the results that
session's room was shown (revealed polls, and polls with "results: live"), read from REDIS_URL or
DATA_DIR. Without --out the file is DECK.pdf (DECK-SESSION.pdf with --results) in the current folder.
Needs Chromium (CHROMIUM_PATH, default /usr/bin/chromium) and the built pages (npm run build).`;

class UsageError extends Error {}
/** Nothing is wrong with the command line, but the handout cannot be made (exit 1). */
class HandoutError extends Error {}

/** How long the page may take to lay the deck out. */
const PAGE_TIMEOUT_MS = 60_000;

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { out: { type: 'string' }, results: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const [file, ...more] = positionals;
  if (!file || more.length) throw new UsageError('Name one deck file.');
  if (!file.endsWith('.md')) throw new UsageError(`${file}: not a deck (deck files end in .md).`);
  const config = readConfig();
  if (!existsSync(config.chromiumPath)) {
    throw new HandoutError(
      `Chromium is needed for the handout: apt-get install -y chromium (or set CHROMIUM_PATH; ${config.chromiumPath} not found).`,
    );
  }
  const deck = readDeck(file);
  const code = values.results?.trim().toUpperCase();
  if (code !== undefined && !config.redis && !existsSync(join(config.dataDir, DATABASE_FILE))) {
    throw new UsageError(`No Parley data in ${config.dataDir} (set DATA_DIR).`);
  }
  const out = resolve(values.out ?? `${deck.id}${code ? `-${code}` : ''}.pdf`);
  const pages = await printHandout(config, file, deck, code, out);
  console.log(`Wrote ${out} (${pages} ${pages === 1 ? 'page' : 'pages'})`);
}

/** The deck, or every error in it as `file:line: message` (exit 1). */
function readDeck(file: string): Deck {
  let result: ReturnType<typeof parseDeckFile>;
  try {
    result = parseDeckFile(file);
  } catch (err) {
    throw new UsageError(`${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)}).`);
  }
  if (result.ok) return result.deck;
  throw new HandoutError(
    [...result.errors.map(formatDeckError), `${file}: ${result.errors.length} error${result.errors.length === 1 ? '' : 's'}`].join('\n'),
  );
}

/** Prints the handout of `deck` (of session `code`, if given) to `out`; returns its number of pages. */
async function printHandout(config: Config, file: string, deck: Deck, code: string | undefined, out: string): Promise<number> {
  // Without a session no store is needed: a throwaway one, so that DATA_DIR is left alone.
  const scratch = code === undefined ? mkdtempSync(join(tmpdir(), 'parley-handout-')) : undefined;
  const server = await startServer(
    readConfig({
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      WATCH_DECKS: 'off',
      // The deck's images are served from its own folder.
      SLIDES_DIR: dirname(resolve(file)),
      ...(scratch ? { DATA_DIR: scratch, REDIS_URL: '' } : {}),
    }),
    new Map([[deck.id, deck]]),
  );
  try {
    if (code !== undefined) {
      const stored = await server.store.loadSession(code);
      if (!stored) throw new HandoutError(`No session with code ${code} in ${await storeName(config)}.`);
      if (stored.session.deckId !== deck.id) throw new HandoutError(`Session ${code} is of deck ${stored.session.deckId}, not ${deck.id}.`);
    }
    const browser = await chromium
      .launch({
        executablePath: config.chromiumPath,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
      })
      .catch((err: Error) => {
        throw new HandoutError(`Chromium (${config.chromiumPath}) would not start: ${err.message.split('\n')[0]}`);
      });
    try {
      const page = await browser.newPage({ viewport: { width: SLIDE_SIZE.width, height: SLIDE_SIZE.height } });
      const query = code === undefined ? '' : `?session=${encodeURIComponent(code)}`;
      await page.goto(`http://127.0.0.1:${server.port}/handout/${encodeURIComponent(deck.id)}${query}#key=${encodeURIComponent(server.key.key)}`);
      await page.waitForSelector('body[aria-busy="false"]', { state: 'attached', timeout: PAGE_TIMEOUT_MS });
      const problem = page.locator('.panel-error');
      if (await problem.count()) throw new HandoutError(`The handout could not be made: ${await problem.textContent()}`);
      const pdf = await page.pdf({
        width: `${SLIDE_SIZE.width}px`,
        height: `${SLIDE_SIZE.height}px`,
        printBackground: true,
        preferCSSPageSize: true,
      });
      writeFileSync(out, pdf);
      return await page.locator('.pdf-page').count();
    } finally {
      await browser.close();
    }
  } finally {
    await server.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError || err instanceof ConfigError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (err instanceof HandoutError || err instanceof StoreOpenError || err instanceof StartupError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
});
