// Security headers on every response (helmet), with a Content-Security-Policy that runs no inline
// script: every script comes from this server, and nothing is loaded from anywhere else.
//
// Parley is served over plain http on a LAN, so there is no HSTS and no upgrade-insecure-requests
// (either would make phones try https, which nobody serves). Two things of the presenter page are
// written inline by code we ship, and are allowed by their SHA-256 hash only, not as a class:
//  - reveal.js's speaker view (`S`): its notes plugin writes a whole page, with an inline <script>
//    and <style>, into an about:blank pop-up, which inherits this page's policy;
//  - the HTML report, opened from a blob: URL, which inherits this page's policy as well: its
//    <style> element, and the font sizes of its word clouds as style attributes.
// The handout page (/handout/:deck) is reveal.js's print view, which writes two <style> elements
// sized by the slide: allowed by their hashes too, on that page only.
// In dev mode (Vite's middleware) styles are injected as <style> elements and hot reload talks
// over a WebSocket: style-src allows inline styles there, and only there.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RequestHandler } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import { SLIDE_SIZE, type Deck } from '../deck/types.js';
import { buildExport } from '../export/model.js';
import { reportHtml } from '../export/report.js';
import type { Logger } from '../log.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** Inline <script> and <style> bodies a page is allowed to run, as CSP hash sources. */
export interface InlineAllowance {
  scripts: string[];
  styles: string[];
}

/** 'sha256-…' of a script or style element's text, as a CSP source expression. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The value of a JavaScript string or template literal body (escapes resolved). */
function unescapeJs(body: string): string {
  return body.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|[\s\S])/g, (_, e: string) => {
    if (e.startsWith('u') && e.length > 1) return String.fromCodePoint(parseInt(e.replace(/[u{}]/g, ''), 16));
    if (e.startsWith('x') && e.length === 3) return String.fromCharCode(parseInt(e.slice(1), 16));
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0', '\n': '', '\r\n': '' };
    return simple[e] ?? e;
  });
}

const SPEAKER_VIEW_TITLE = '<title>reveal.js - Speaker View</title>';

/**
 * The inline script and style of reveal.js's speaker view, read from JavaScript source that
 * contains it (the built presenter bundle, or the notes plugin itself). Empty when not found.
 */
export function speakerViewInline(source: string): InlineAllowance {
  const found: InlineAllowance = { scripts: [], styles: [] };
  const title = source.indexOf(SPEAKER_VIEW_TITLE);
  if (title < 0) return found;
  // The page is one string literal: from its <html> (before the title) to its </html>.
  const start = source.lastIndexOf('<html', title);
  const end = source.indexOf('</html>', title);
  if (start < 0 || end < 0) return found;
  const page = source.slice(start, end);
  for (const [kind, list] of [
    ['script', found.scripts],
    ['style', found.styles],
  ] as const) {
    for (const m of page.matchAll(new RegExp(`<${kind}>([\\s\\S]*?)<\\\\?/${kind}>`, 'g'))) {
      const raw = m[1] ?? '';
      // A template literal with substitutions has no fixed text to hash.
      if (/(^|[^\\])\$\{/.test(raw)) continue;
      list.push(unescapeJs(raw));
    }
  }
  return found;
}

/** The speaker view's inline code, from the bundle that is served (or, in dev, from reveal.js). */
function speakerViewSources(dev: boolean): string[] {
  if (dev) {
    try {
      return [readFileSync(join(ROOT, 'node_modules', 'reveal.js', 'dist', 'plugin', 'notes.mjs'), 'utf8')];
    } catch {
      return [];
    }
  }
  const assets = join(ROOT, 'dist', 'assets');
  try {
    return readdirSync(assets)
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(assets, f), 'utf8'))
      .filter((text) => text.includes(SPEAKER_VIEW_TITLE));
  } catch {
    return [];
  }
}

/** The report's <style> element text: the same for every report, so one of any deck tells it. */
function reportStyles(deck: Deck | undefined): string[] {
  if (!deck) return [];
  const html = reportHtml([
    buildExport(
      {
        session: { code: 'AAAAA', deckId: deck.id, deck, createdAt: 0, endedAt: null, slide: { h: 0, v: 0 } },
        polls: [],
        votes: [],
        entries: [],
        upvotes: [],
      },
      // No participant in it: no pseudonym to derive.
      { secret: Buffer.alloc(32) },
    ),
  ]);
  return [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1] ?? '');
}

/** What the presenter page must be allowed to run inline (see the top of this file). */
export function presenterInline(dev: boolean, decks: ReadonlyMap<string, Deck>, log: Logger): InlineAllowance {
  const allowed: InlineAllowance = { scripts: [], styles: [] };
  for (const source of speakerViewSources(dev)) {
    const found = speakerViewInline(source);
    allowed.scripts.push(...found.scripts);
    allowed.styles.push(...found.styles);
  }
  if (allowed.scripts.length === 0) {
    log.warn('reveal.js speaker view not found in the presenter bundle: the Content-Security-Policy will block it');
  }
  try {
    allowed.styles.push(...reportStyles(decks.values().next().value));
  } catch (err) {
    log.warn({ err }, 'could not render a report to allow its style: reports opened from the presenter page lose their style');
  }
  return allowed;
}

/**
 * The two style sheets reveal.js's print view writes (reveal.js/js/controllers/printview.js), for
 * slides of SLIDE_SIZE with no margin around them, as the handout page lays them out.
 */
function printViewInline(): InlineAllowance {
  const { width, height } = SLIDE_SIZE;
  return {
    scripts: [],
    styles: [
      `@page{size:${width}px ${height}px; margin: 0px;}`,
      `.reveal section>img, .reveal section>video, .reveal section>iframe{max-width: ${width}px; max-height:${height}px}`,
    ],
  };
}

/** `host[:port]` from the Host header when it is a plain host name or address (else nothing). */
function requestHost(req: IncomingMessage): string | undefined {
  const host = req.headers.host ?? '';
  return /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/.test(host) ? host : undefined;
}

/**
 * connect-src: this origin, including its WebSocket (Socket.IO). 'self' covers same-origin
 * ws:/wss: in current browsers; older Safari needs the ws: origin spelled out.
 */
function connectSources(dev: boolean): Source[] {
  return [
    "'self'",
    (req: IncomingMessage): string => {
      const host = requestHost(req);
      return host ? `ws://${host} wss://${host}` : '';
    },
    ...(dev ? ['ws:', 'wss:'] : []),
  ];
}

/** A CSP source, or one computed per request (as helmet takes them). */
type Source = string | ((req: IncomingMessage, res: ServerResponse) => string);
type Directives = Record<string, Source[]>;

function policy(dev: boolean, inline: InlineAllowance | null, styleAttributes: boolean): Directives {
  const hashes = (texts: string[]) => [...new Set(texts.map(cspHash))];
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'script-src': ["'self'", ...(inline ? hashes(inline.scripts) : [])],
    'script-src-attr': ["'none'"],
    'style-src': dev ? ["'self'", "'unsafe-inline'"] : ["'self'", ...(inline ? hashes(inline.styles) : [])],
    // The report's word-cloud font sizes (presenter page only); a style attribute cannot select
    // or load anything (images, fonts and connections are limited to this origin).
    ...(styleAttributes && !dev ? { 'style-src-attr': ["'unsafe-inline'"] } : {}),
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': connectSources(dev),
    'frame-src': ["'self'"],
    'frame-ancestors': ["'self'"],
    'form-action': ["'self'"],
    'object-src': ["'none'"],
  };
}

export interface SecurityOptions {
  dev: boolean;
  /** Inline code the presenter page (/present) may run: see presenterInline(). */
  presenter: InlineAllowance;
}

/** One middleware for every response: helmet's headers, with the presenter page's own policy. */
export function securityHeaders(options: SecurityOptions): RequestHandler {
  const common = helmet({
    contentSecurityPolicy: false,
    // Plain http on a LAN: HSTS would lock phones out of the next http session on this address.
    strictTransportSecurity: false,
    // The speaker view and its preview frames are same-origin frames and pop-ups.
    xFrameOptions: { action: 'sameorigin' },
  });
  const csp = (inline: InlineAllowance | null, styleAttributes = false): RequestHandler =>
    helmet.contentSecurityPolicy({ useDefaults: false, directives: policy(options.dev, inline, styleAttributes) });
  const presenterCsp = csp(options.presenter, true);
  const handoutCsp = csp(printViewInline());
  const defaultCsp = csp(null);
  return (req, res, next) => {
    common(req, res, (err?: unknown) => {
      if (err) {
        next(err);
        return;
      }
      const path = req.path.replace(/\/+$/, '');
      (path === '/present' ? presenterCsp : path.startsWith('/handout/') ? handoutCsp : defaultCsp)(req, res, next);
    });
  };
}
