// Which web pages may open a Socket.IO connection. A browser lets any page it shows open a
// WebSocket to any server (there is no CORS for WebSocket) and says which page in the handshake's
// Origin header; without this check a page on another site that a participant or the presenter
// opens could join, vote and send answers in their name. Let in: Parley's own pages (an Origin
// whose host is the Host the request was sent to, PUBLIC_URL) and ALLOWED_ORIGINS. A handshake
// without an Origin does not come from a web page (the bench, scripts, other tools), and is let in:
// such a client could send any Origin it likes, so refusing it would protect nothing.
import type { IncomingMessage } from 'node:http';
import type { Logger } from '../log.js';

/** Socket.IO's `allowRequest`: called for each new connection's handshake. */
export type AllowRequest = (req: IncomingMessage, done: (error: string | null | undefined, allowed: boolean) => void) => void;

export interface OriginOptions {
  /** PUBLIC_URL, when set. */
  publicUrl?: string;
  /** ALLOWED_ORIGINS, normalised (`https://host[:port]`). */
  allowedOrigins: readonly string[];
  log: Logger;
}

/** Refused origins are logged once each (a page that keeps retrying fills no log); this many at most are remembered. */
const LOGGED_ORIGINS_CAP = 1000;

export function originCheck(options: OriginOptions): AllowRequest {
  const allowed = new Set(options.allowedOrigins);
  if (options.publicUrl) allowed.add(new URL(options.publicUrl).origin);
  const logged = new Set<string>();
  return (req, done) => {
    const origin = req.headers.origin;
    if (origin === undefined || allowed.has(origin) || sameHost(origin, req.headers.host)) {
      done(null, true);
      return;
    }
    const shown = origin.length > 100 ? `${origin.slice(0, 99)}…` : origin;
    if (!logged.has(shown)) {
      if (logged.size >= LOGGED_ORIGINS_CAP) logged.clear();
      logged.add(shown);
      options.log.warn({ origin: shown }, 'Socket.IO connection refused: a page of another origin (ALLOWED_ORIGINS can let it in)');
    }
    done(`Parley takes connections from its own pages only, not from ${shown} (the server's ALLOWED_ORIGINS setting can add it).`, false);
  };
}

/**
 * Whether the page is served by the host the request was sent to (the same server, however it is
 * reached: a LAN address, a name, a proxy that passes Host on). The scheme may differ (https at a
 * proxy, http here), the port may not.
 */
function sameHost(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  try {
    const page = new URL(origin);
    return page.host === new URL(`${page.protocol}//${host}`).host;
  } catch {
    // `null` (a sandboxed frame, a file) or garbage: no host to compare.
    return false;
  }
}
