// My session as this phone keeps it: in its storage, one entry per session code, so that the join
// link shows it again after the session — with no network, and with nothing kept on the server.
import type { MySession } from '../server/protocol.js';

const key = (code: string): string => `parley.mine.${code}`;

/** What this phone kept of session `code`, if anything (something unreadable counts as nothing). */
export function keptMine(code: string): MySession | undefined {
  try {
    const kept: unknown = JSON.parse(localStorage.getItem(key(code)) ?? 'null');
    const mine = kept as MySession | null;
    return mine?.code === code && Array.isArray(mine.polls) ? mine : undefined;
  } catch {
    return undefined; // storage unavailable (private mode), or not ours
  }
}

export function keepMine(mine: MySession): void {
  try {
    localStorage.setItem(key(mine.code), JSON.stringify(mine));
  } catch {
    // storage unavailable or full: My session lasts while the page is open
  }
}
