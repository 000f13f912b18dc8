// The presenter key lives in this browser only: taken from the link's #key=… once, kept in
// localStorage, and never shown on the page or left in the address bar.
const STORAGE_KEY = 'parley.presenterKey';

/** Moves a key from the URL fragment into storage and removes it from the address bar. */
export function adoptKeyFromHash(): void {
  const match = /(?:^#|&)key=([^&]+)/.exec(location.hash);
  if (!match?.[1]) return;
  saveKey(decodeURIComponent(match[1]));
  history.replaceState(null, '', location.pathname + location.search);
}

export function storedKey(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function saveKey(key: string): void {
  try {
    localStorage.setItem(STORAGE_KEY, key);
  } catch {
    // Private mode: the key then lasts as long as the page.
  }
}

export function forgetKey(): void {
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing stored.
  }
}

export function authHeaders(key: string): HeadersInit {
  return { authorization: `Bearer ${key}` };
}
