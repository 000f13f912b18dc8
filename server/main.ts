// `npm start`: load the decks, start the server, open (or resume) a session of the default
// deck and print where to present and where to join. `--self-paced` (with `--opens`, `--closes`)
// starts a new self-paced session of it instead (cli/self-paced.ts).
import { startServer, StartupError, type RunningServer } from './app.js';
import { configAndDecks, handleSignals, printBanner, RESUME_WINDOW_MS } from './cli/banner.js';
import { SelfPacedUsageError, selfPacedWindow } from './cli/self-paced.js';
import { StoreOpenError } from './store/errors.js';

async function main(): Promise<void> {
  const { config, decks } = configAndDecks(process.argv.includes('--dev'));
  let selfPaced: ReturnType<typeof selfPacedWindow>;
  try {
    selfPaced = selfPacedWindow(process.argv.slice(2), Date.now());
  } catch (err) {
    if (!(err instanceof SelfPacedUsageError)) throw err;
    console.error(err.message);
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
  // `--self-paced`: a new self-paced session, open in its window; else the live one, resumed or new.
  const { session, resumed } = selfPaced
    ? { session: await server.sessions.create(config.deck, undefined, selfPaced), resumed: false }
    : await server.sessions.resumeOrCreate(config.deck, RESUME_WINDOW_MS);
  await printBanner(server, session.code, session.deck.meta.title, resumed);
  if (selfPaced) {
    const day = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 16);
    process.stdout.write(`Self-paced: phones go through the deck on their own, ${day(selfPaced.opens)} to ${day(selfPaced.closes)} UTC.\n`);
  }
}

await main();
