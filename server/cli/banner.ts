// What `npm start` (server/main.ts) and `npm run start:cluster` (server/cli/cluster.ts) share:
// reading the configuration and the decks (one clear line and exit 1 when they are wrong), the
// clean shutdown on a signal, and the banner that says where to present and where to join.
import QRCode from 'qrcode';
import type { PresenterKey } from '../auth/presenter-key.js';
import type { RunningServer } from '../app.js';
import { ConfigError, readConfig, type Config } from '../config.js';
import { DeckLoadError, loadDecks } from '../deck/load.js';
import type { Deck } from '../deck/types.js';

/** `npm start` within this time of the last session of the deck carries that session on. */
export const RESUME_WINDOW_MS = 12 * 60 * 60 * 1000;
/** A shutdown that takes longer than this is cut short (exit code 1). */
export const SHUTDOWN_TIMEOUT_MS = 5000;

/** The configuration and the decks, or one clear message and exit code 1. */
export function configAndDecks(dev: boolean): { config: Config; decks: Map<string, Deck> } {
  let config: Config;
  let decks: Map<string, Deck>;
  try {
    config = readConfig(process.env, dev);
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
  return { config, decks };
}

/**
 * A clean shutdown (exit 0), cut short after SHUTDOWN_TIMEOUT_MS (exit 1). The function returned
 * starts it; called again during it, it stops at once (exit 1) when `repeatStopsNow`, else it
 * does nothing. Every acknowledged vote is already stored, and writes still queued were never
 * acknowledged.
 */
export function shutdownOnce(server: RunningServer): (reason: string, repeatStopsNow: boolean) => void {
  let stopping = false;
  return (reason, repeatStopsNow) => {
    if (stopping) {
      if (!repeatStopsNow) return;
      server.log.warn({ signal: reason }, 'second signal during shutdown: stopping now');
      process.exit(1);
    }
    stopping = true;
    server.log.info({ signal: reason }, 'signal received');
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
}

/** A bug that escapes every handler: logged, then exit 1 (acknowledged writes are stored). */
export function exitOnUncaught(server: RunningServer): void {
  process.on('uncaughtException', (err) => {
    server.log.fatal({ err }, 'uncaught exception: stopping');
    if (!server.log.isLevelEnabled('fatal')) console.error(err);
    process.exit(1);
  });
}

/**
 * `npm start`: SIGINT/SIGTERM shut down cleanly (exit 0); a second signal during it stops at
 * once (exit 1).
 */
export function handleSignals(server: RunningServer): void {
  const stop = shutdownOnce(server);
  process.on('SIGINT', () => stop('SIGINT', true));
  process.on('SIGTERM', () => stop('SIGTERM', true));
  exitOnUncaught(server);
}

/** What the banner needs of a server (the cluster's primary has no server, only these). */
export type BannerServer = Pick<RunningServer, 'audienceUrl' | 'presenterUrl'> & { key: PresenterKey };

export async function printBanner(server: BannerServer, code: string, title: string, resumed: boolean): Promise<void> {
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
