// How a page reaches the server through whatever the Wi-Fi does to WebSockets. Pages open their
// Socket.IO connection WebSocket first (a faster join); a proxy that refuses the upgrade makes
// socket.io fall back to long-polling by itself (`tryAllTransports`), but some filtering proxies
// and antivirus products accept the WebSocket and then pass nothing, or close it at once — and
// then socket.io waits (20 s) and tries the WebSocket again. This watch notices either, switches
// the connection to long-polling (which may still upgrade later, as socket.io does), and remembers
// for a while that WebSockets fail here, so the next connection starts on long-polling at once.
// The presenter's pages use it too: the facilitator's laptop is on the same network.
import type { Socket } from 'socket.io-client';
import { PING_ANSWER, PING_PATH } from '../server/protocol.js';

/** How long a WebSocket may take to complete socket.io's handshake before long-polling is tried. */
export const WEBSOCKET_GRACE_MS = 2000;
/** How long "WebSockets fail here" is remembered (about a workshop), in this browser. */
const REMEMBER_MS = 30 * 60_000;
const STORAGE_KEY = 'parley.websocketFailedAt';

type Transport = 'websocket' | 'polling';

function websocketFailedRecently(): boolean {
  try {
    const at = Number(localStorage.getItem(STORAGE_KEY));
    return at > 0 && Date.now() - at < REMEMBER_MS;
  } catch {
    return false; // storage blocked (private mode): decide afresh each time
  }
}

/** Remembers that WebSockets failed here (`at`), or forgets it (null). */
function remember(at: number | null): void {
  try {
    if (at === null) localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, String(at));
  } catch {
    // Without storage the fallback holds for this page only.
  }
}

/** The transports a new connection tries, in order. */
export function transports(): Transport[] {
  return websocketFailedRecently() ? ['polling', 'websocket'] : ['websocket', 'polling'];
}

export interface TransportWatch {
  /** The page has joined its session over this connection: the WebSocket works here. */
  joined(): void;
}

/**
 * Watches `socket` (created with `transports()`, not yet connected): each connection attempt that
 * starts on a WebSocket gets WEBSOCKET_GRACE_MS to connect, and a WebSocket that closes before the
 * page joined its session counts as failed too. Either way the connection starts again at once on
 * long-polling.
 */
export function watchTransport(socket: Socket): TransportWatch {
  const manager = socket.io;
  let joinedHere = false;
  let connectedOver: Transport | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const startsOnWebsocket = (): boolean => (manager.opts.transports?.[0] ?? 'websocket') === 'websocket';

  const fallBack = (): void => {
    clearTimeout(timer);
    remember(Date.now());
    manager.opts.transports = ['polling', 'websocket'];
    // Start again now rather than after socket.io's back-off.
    socket.disconnect();
    socket.connect();
  };

  const watchAttempt = (): void => {
    clearTimeout(timer);
    if (!startsOnWebsocket()) return;
    timer = setTimeout(() => {
      if (!socket.connected) fallBack();
    }, WEBSOCKET_GRACE_MS);
  };

  watchAttempt();
  manager.on('reconnect_attempt', watchAttempt);
  socket.on('connect', () => {
    clearTimeout(timer);
    joinedHere = false;
    connectedOver = manager.engine.transport.name as Transport;
    // An upgrade later (polling → WebSocket) shows that WebSockets work here after all (the
    // network was only slow): the next connection starts on a WebSocket again.
    manager.engine.once('upgrade', () => {
      connectedOver = 'websocket';
      remember(null);
    });
  });
  socket.on('disconnect', (reason) => {
    const cutEarly = connectedOver === 'websocket' && !joinedHere && (reason === 'transport close' || reason === 'transport error');
    connectedOver = null;
    if (cutEarly && startsOnWebsocket()) fallBack();
  });

  return {
    joined() {
      joinedHere = true;
    },
  };
}

/**
 * Whether something other than Parley answers this page's requests — a captive portal's sign-in
 * page, or a proxy's — rather than no answer at all (offline) or Parley's own error (the server is
 * up but failing). Asked when a connection fails.
 */
export async function answeredByOther(): Promise<boolean> {
  let res: Response;
  try {
    res = await fetch(PING_PATH, { cache: 'no-store', redirect: 'manual' });
  } catch {
    return false; // no network at all
  }
  // Portals redirect to their sign-in page, or answer 200 with it.
  if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) return true;
  if (!res.ok) return false; // e.g. a reverse proxy's 502 while Parley restarts
  const body: unknown = await res.json().catch(() => null);
  return !(typeof body === 'object' && body !== null && (body as Record<string, unknown>).parley === PING_ANSWER.parley);
}
