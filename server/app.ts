// Wires one HTTP server: Express (API + pages) and Socket.IO on the same port.
import express from 'express';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { resolvePresenterKey, type PresenterKey } from './auth/presenter-key.js';
import type { Config } from './config.js';
import type { Deck } from './deck/types.js';
import { apiRouter } from './http/api.js';
import { mountPages } from './http/pages.js';
import { publicBaseUrl } from './http/public-url.js';
import { createLogger, type Logger } from './log.js';
import { wordFilter } from './moderation/word-filter.js';
import { MAX_MESSAGE_BYTES } from './protocol.js';
import { Sessions } from './sessions.js';
import { attachSocketHandlers } from './socket/handlers.js';
import type { ParleyServer } from './socket/types.js';
import { SqliteStore } from './store/sqlite.js';

export interface RunningServer {
  /** Base URL phones use (PUBLIC_URL, or derived from the address the server listens on). */
  baseUrl: string;
  port: number;
  key: PresenterKey;
  sessions: Sessions;
  log: Logger;
  audienceUrl(code: string): string;
  presenterUrl(code: string): string;
  close(): Promise<void>;
}

export async function startServer(config: Config, decks: ReadonlyMap<string, Deck>): Promise<RunningServer> {
  const log = createLogger(config.logLevel);
  mkdirSync(config.dataDir, { recursive: true });
  const key = resolvePresenterKey(config.dataDir, config.presenterKey);
  const store = new SqliteStore(config.dataDir);
  const sessions = new Sessions(store, decks, { filter: wordFilter(config.wordFilter) });

  const app = express();
  app.disable('x-powered-by');
  const http = createServer(app);
  // Bound before the routes need it; the port is known only after listen() when PORT=0.
  let baseUrl = '';
  const audienceUrl = (code: string): string => `${baseUrl}/j/${code}`;
  const presenterUrl = (code: string): string => `${baseUrl}/present?session=${code}`;

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  const io: ParleyServer = new Server(http, { serveClient: false, maxHttpBufferSize: MAX_MESSAGE_BYTES });
  const { broadcaster, live } = attachSocketHandlers(io, { sessions, presenterKey: key.key, audienceUrl, log });
  app.use('/api', apiRouter({ sessions, live, presenterKey: key.key, audienceUrl, presenterUrl, log }));
  const closePages = await mountPages(app, config.dev, http);

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  baseUrl = publicBaseUrl(config.publicUrl, config.host, port);

  return {
    baseUrl,
    port,
    key,
    sessions,
    log,
    audienceUrl,
    presenterUrl,
    async close() {
      broadcaster.flush();
      await new Promise<void>((resolve) => {
        void io.close(() => resolve());
      });
      await closePages();
      await store.close();
    },
  };
}
