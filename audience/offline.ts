// Keeps the phone page for use with no network (loaded once there is a My session to keep): the
// service worker (sw.ts) is registered and handed the join link and every file this page loaded.
// Browsers run service workers only on https:// or on the machine itself (localhost); on a plain
// http:// address in a LAN, My session still shows from the phone's storage while the page is
// open — and it can be printed or saved as a PDF to keep.

/** Resolves once the page is kept (false: it could not be, e.g. http:// on a LAN). */
export async function keepPageOffline(): Promise<boolean> {
  if (!window.isSecureContext || !('serviceWorker' in navigator)) return false;
  try {
    await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    const ready = await navigator.serviceWorker.ready;
    const files = performance
      .getEntriesByType('resource')
      .map((entry) => new URL(entry.name))
      .filter((url) => url.origin === location.origin && url.pathname.startsWith('/assets/'))
      .map((url) => url.pathname);
    const keep = [location.pathname, ...new Set(files)];
    const channel = new MessageChannel();
    const answered = new Promise<boolean>((resolve) => {
      channel.port1.onmessage = (event: MessageEvent<{ kept?: boolean }>) => resolve(event.data.kept === true);
    });
    ready.active?.postMessage({ keep }, [channel.port2]);
    return await answered;
  } catch {
    return false;
  }
}
