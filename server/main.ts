// `npm start`: load the decks, start the server, open (or resume) a session of the default
// deck and print where to present and where to join.
import QRCode from 'qrcode';
import { ConfigError, readConfig, type Config } from './config.js';
import { DeckLoadError, loadDecks } from './deck/load.js';
import { startServer, type RunningServer } from './app.js';

/** `npm start` within this time of the last session of the deck carries that session on. */
const RESUME_WINDOW_MS = 12 * 60 * 60 * 1000;

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

  const server = await startServer(config, decks);
  // Before anything is printed: whoever reads the banner may stop us at once.
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const { session, resumed } = await server.sessions.resumeOrCreate(config.deck, RESUME_WINDOW_MS);
  await printBanner(server, session.code, session.deck.meta.title, resumed);
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
