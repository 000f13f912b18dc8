// The phone page's service worker (served at /sw.js): it lets the join link open with no network
// once the participant has a My session to take home. The page registers it then (offline.ts) and
// hands it the page and its files to keep; with the server out of reach, the join link is answered
// from what was kept, and the page shows My session from the phone's storage. Asked for nothing
// else: every other request goes to the network as if there were no worker.
// It is built on its own (no imports), as one file at the site's root (its scope is the whole site).

/** The slice of the service worker's API used here (the project's TypeScript has the DOM's types, not the worker's). */
interface WorkerScope {
  location: Location;
  addEventListener(type: 'install' | 'activate', listener: (event: { waitUntil(p: Promise<unknown>): void }) => void): void;
  addEventListener(type: 'fetch', listener: (event: { request: Request; respondWith(r: Promise<Response>): void }) => void): void;
  addEventListener(
    type: 'message',
    listener: (event: { data: unknown; ports: readonly MessagePort[]; waitUntil(p: Promise<unknown>): void }) => void,
  ): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
}

const worker = self as unknown as WorkerScope;
const CACHE = 'parley-offline';
/** How long the join link waits for the server before what was kept is shown instead (a Wi-Fi that is gone may not even refuse). */
const NETWORK_WAIT_MS = 4000;

worker.addEventListener('install', (event) => event.waitUntil(worker.skipWaiting()));
worker.addEventListener('activate', (event) => event.waitUntil(worker.clients.claim()));

// `{ keep: [urls] }` from the page: the join link and the files it loaded. The port hears when they are kept.
worker.addEventListener('message', (event) => {
  const keep = (event.data as { keep?: unknown } | null)?.keep;
  if (!Array.isArray(keep) || !keep.every((url) => typeof url === 'string' && new URL(url, worker.location.href).origin === worker.location.origin))
    return;
  const kept = caches.open(CACHE).then((cache) => cache.addAll(keep as string[]));
  event.waitUntil(kept);
  void kept.then(
    () => event.ports[0]?.postMessage({ kept: true }),
    () => event.ports[0]?.postMessage({ kept: false }),
  );
});

worker.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== worker.location.origin) return;
  // Hashed names never change: what was kept is what the network would send.
  if (url.pathname.startsWith('/assets/')) event.respondWith(caches.match(request).then((kept) => kept ?? fetch(request)));
  else if (request.mode === 'navigate' && url.pathname.startsWith('/j/')) event.respondWith(networkElseKept(request));
});

/** The server's page while it answers; the kept one when it cannot be reached. */
async function networkElseKept(request: Request): Promise<Response> {
  try {
    return await Promise.race([fetch(request), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer')), NETWORK_WAIT_MS))]);
  } catch (err) {
    const kept = await caches.match(request, { ignoreSearch: true });
    if (kept) return kept;
    throw err;
  }
}
