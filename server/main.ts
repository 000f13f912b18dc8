// `npm start`: load the decks, start the server, open (or resume) a session of the default
// deck and print where to present and where to join.
import QRCode from 'qrcode';
import { ConfigError, readConfig, type Config } from './config.js';
import { DeckLoadError, loadDecks } from './deck/load.js';
import { startServer, StartupError, type RunningServer } from './app.js';
import { StoreOpenError } from './store/errors.js';

/** `npm start` within this time of the last session of the deck carries that session on. */
const RESUME_WINDOW_MS = 12 * 60 * 60 * 1000;
/** A shutdown that takes longer than this is cut short (exit code 1). */
const SHUTDOWN_TIMEOUT_MS = 5000;

async function main(): Promise<void> {
  let config: Config;
  let decks;
  try {
    config = readConfig(process.env, process.argv.includes('--dev'));
    decks = loadDecks(config.slidesDir);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof DeckLoadError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  if (!decks.has(config.deck)) {
    console.error(`No deck "${config.deck}" in ${config.slidesDir} (found: ${[...decks.keys()].join(', ') || 'none'}).`);
    process.exit(1);
  }

  let server: RunningServer;
  try {
    server = await startServer(config, decks);
  } catch (err) {
    // A database this version cannot use, a port in use: one clear line, exit code 1.
    if (err instanceof StoreOpenError || err instanceof StartupError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  // Before anything is printed: whoever reads the banner may stop us at once.
  handleSignals(server);
  const { session, resumed } = await server.sessions.resumeOrCreate(config.deck, RESUME_WINDOW_MS);
  await printBanner(server, session.code, session.deck.meta.title, resumed);
}

/**
 * SIGINT/SIGTERM: a clean shutdown (exit 0), cut short after SHUTDOWN_TIMEOUT_MS. A second signal
 * during it stops at once (exit 1): every acknowledged vote is already on disk, and writes still
 * queued were never acknowledged.
 */
function handleSignals(server: RunningServer): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      server.log.warn({ signal }, 'second signal during shutdown: stopping now');
      process.exit(1);
    }
    stopping = true;
    server.log.info({ signal }, 'signal received');
    setTimeout(() => {
      server.log.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, 'shutdown took too long: stopping now');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        server.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // A bug that escapes every handler: logged, then exit 1 (acknowledged writes are on disk).
  process.on('uncaughtException', (err) => {
    server.log.fatal({ err }, 'uncaught exception: stopping');
    if (!server.log.isLevelEnabled('fatal')) console.error(err);
    process.exit(1);
  });
}

async function printBanner(server: RunningServer, code: string, title: string, resumed: boolean): Promise<void> {
  const audience = server.audienceUrl(code);
  // Only a key Parley generated is printed: a key set through PRESENTER_KEY stays out of logs.
  const presenter = server.key.generated
    ? `${server.presenterUrl(code)}#key=${server.key.key}`
    : `${server.presenterUrl(code)}   (key: your PRESENTER_KEY)`;
  const qr = await QRCode.toString(audience, { type: 'terminal', small: true });
  process.stdout.write(
    [
      '',
      `Parley is running — "${title}", session ${code}${resumed ? ' (resumed)' : ''}`,
      '',
      `  Present (on the laptop): ${presenter}`,
      `  Join (phones):           ${audience}    code ${code}`,
      '',
      qr,
    ].join('\n'),
  );
}

await main();
