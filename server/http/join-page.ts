// The join page (/j/:code) carries the session's current state as a JSON data block, so that a
// phone opening the QR code's link shows the open poll as soon as its script runs — without
// waiting for the WebSocket, Socket.IO's handshake and the join (four round trips, ~0.6 s on slow
// 4G). The state is exactly what every participant of the session receives (`audience:state`):
// no counts before the reveal. A data block is never executed, so the CSP (`script-src 'self'`)
// allows it; participant-written text (Q&A questions) is in it, so `<`, `>` and `&` are escaped
// and the JSON cannot end the element or open markup.
import type { AudienceState } from '../protocol.js';
import { INITIAL_STATE_ID } from '../protocol.js';

/** JSON that is safe inside a <script> element: no `</script>`, `<!--` or line separators that old parsers choke on. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The page's HTML with `state` embedded just before `</body>`. */
export function withInitialState(html: string, state: AudienceState): string {
  const block = `<script type="application/json" id="${INITIAL_STATE_ID}">${scriptSafeJson(state)}</script>`;
  const at = html.lastIndexOf('</body>');
  return at < 0 ? html + block : `${html.slice(0, at)}${block}\n  ${html.slice(at)}`;
}
