// `npm start`: load the decks, start the server, open (or resume) a session of the default
// deck and print where to present and where to join.
import { startServer, StartupError, type RunningServer } from './app.js';
import { configAndDecks, handleSignals, printBanner, RESUME_WINDOW_MS } from './cli/banner.js';
import { StoreOpenError } from './store/errors.js';

async function main(): Promise<void> {
  const { config, decks } = configAndDecks(process.argv.includes('--dev'));

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

await main();
