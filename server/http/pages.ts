// The web pages: the phone page at / and /j/:code, the presenter deck at /present, and a deck's
// handout (reveal.js's print view, for a PDF) at /handout/:deck.
// Production serves Vite's build from dist/ (compressed; hashed assets cached for a year); `npm run dev`
// serves the sources through Vite's middleware with hot reload instead.
import compression from 'compression';
import express, { type Express } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { joinCodeSchema, PING_ANSWER, PING_PATH, type AudienceState } from '../protocol.js';
import { withInitialState } from './join-page.js';

const ROOT = join(import.meta.dirname, '..', '..');
const DIST = join(ROOT, 'dist');
const PAGES = { audience: 'audience/index.html', presenter: 'presenter/index.html', handout: 'presenter/handout.html' } as const;
type Page = keyof typeof PAGES;

/** The state a session's participants see, or null when there is no session with that code. */
export type StateOf = (code: string) => Promise<AudienceState | null>;

export async function mountPages(app: Express, dev: boolean, http: Server, stateOf: StateOf): Promise<() => Promise<void>> {
  let render: (page: Page) => Promise<string>;
  let closeDev = async (): Promise<void> => {};

  if (dev) {
    const { createServer } = await import('vite');
    // Hot reload shares the app's HTTP server and port instead of opening one of its own.
    const vite = await createServer({ root: ROOT, server: { middlewareMode: true, hmr: { server: http } }, appType: 'custom' });
    app.use(vite.middlewares);
    // Relative script paths in the HTML resolve against the page's own file, not the route.
    render = (page) => vite.transformIndexHtml(`/${PAGES[page]}`, readFileSync(join(ROOT, PAGES[page]), 'utf8'));
    closeDev = () => vite.close();
  } else {
    const missing = Object.values(PAGES).filter((p) => !existsSync(join(DIST, p)));
    if (missing.length) throw new Error(`The pages are not built (${missing.join(', ')} missing in dist/): run "npm run build".`);
    const html = Object.fromEntries(Object.entries(PAGES).map(([page, file]) => [page, readFileSync(join(DIST, file), 'utf8')])) as Record<
      Page,
      string
    >;
    render = async (page) => html[page];
    // Brotli or gzip, whichever the browser takes: the phone page's first load is a budget.
    app.use(compression());
    app.use('/assets', express.static(join(DIST, 'assets'), { immutable: true, maxAge: '1y', index: false }));
    // The phone page's service worker (audience/sw.ts): always checked for a newer one.
    app.get('/sw.js', (_req, res) => {
      res.set('Cache-Control', 'no-cache').sendFile(join(DIST, 'sw.js'));
    });
  }

  const serve =
    (page: Page): express.RequestHandler =>
    async (_req, res) => {
      res
        .type('html')
        .set('Cache-Control', 'no-cache')
        .send(await render(page));
    };
  app.get('/', serve('audience'));
  // The join link carries the session's state (join-page.ts); an unknown code gets the plain page,
  // whose join then says so.
  app.get('/j/:code', async (req, res) => {
    const html = await render('audience');
    const code = joinCodeSchema.safeParse(String(req.params.code).trim().toUpperCase());
    const state = code.success ? await stateOf(code.data).catch(() => null) : null;
    res
      .type('html')
      .set('Cache-Control', 'no-cache')
      .send(state ? withInitialState(html, state) : html);
  });
  app.get('/present', serve('presenter'));
  app.get('/handout/:deck', serve('handout'));
  app.get(PING_PATH, (_req, res) => {
    res.set('Cache-Control', 'no-store').json(PING_ANSWER);
  });
  return closeDev;
}
