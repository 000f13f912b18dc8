// The session state the join page arrived with (server/http/join-page.ts): lets the phone show
// the open poll before its socket has connected and joined.
import type { AudienceState } from '../server/protocol.js';
import { INITIAL_STATE_ID } from '../server/protocol.js';

/** The state embedded in the page for session `code`, or null (none, another session's, or unreadable). */
export function initialState(code: string): AudienceState | null {
  const text = document.getElementById(INITIAL_STATE_ID)?.textContent;
  if (!text) return null;
  try {
    const state = JSON.parse(text) as AudienceState | null;
    return state && typeof state === 'object' && state.code === code ? state : null;
  } catch {
    return null;
  }
}
