// Transitions of the participant's role (a deck with `roles`): asked once on joining, changed from
// the menu; sent with `audience:role` (null: "Prefer not to say") and sent again after a re-join
// until the server has it.
import type { JoinResult, ProtocolError } from '../server/protocol.js';
import { canSend, type PageState, type RoleSend } from './state.js';
import { announce, type Out, requestJoin } from './transitions.js';

/** A role (or "Prefer not to say") tapped: it is the participant's from now on, and on its way. */
export function rolePicked(s: PageState, out: Out, role: string | null): boolean {
  if (s.watching || !s.session?.roles) return false;
  s.lastId++;
  s.role = role;
  s.roleOpen = false;
  s.roleSend = { id: s.lastId, role };
  sendRole(s, out);
  announce(out, { key: 'roleSaved' });
  return true;
}

/** The menu's "Role" button: ask again (or, `open` false, Cancel: back to the poll). */
export function roleOpened(s: PageState, open: boolean): boolean {
  if (s.roleOpen === open) return false;
  s.roleOpen = open;
  return true;
}

function sendRole(s: PageState, out: Out): void {
  if (s.roleSend && canSend(s)) out.push({ type: 'sendRole', send: s.roleSend, conn: s.net.conn });
}

/** After a join: the role the server has, unless one given on this page is still on its way (sent now). */
export function roleJoined(s: PageState, out: Out, data: JoinResult): void {
  s.role = s.roleSend ? s.roleSend.role : data.role;
  sendRole(s, out);
}

export function roleAcknowledged(s: PageState, send: RoleSend): boolean {
  if (s.roleSend?.id === send.id) s.roleSend = null;
  return false;
}

export function roleRefused(s: PageState, out: Out, send: RoleSend, conn: number, error: ProtocolError): boolean {
  if (s.roleSend?.id !== send.id) return false;
  if (error.code === 'not_joined' || error.code === 'internal') {
    // The server forgot this socket, or could not store it now: the next join sends it again.
    if (conn === s.net.conn) s.net.joinedConn = -1;
    requestJoin(s, out);
    return false;
  }
  // Refused for good (the session ended, or its deck no longer names roles).
  s.roleSend = null;
  return false;
}

/** No answer: the next join sends it again. */
export function roleUnanswered(s: PageState, out: Out, send: RoleSend, conn: number): boolean {
  if (s.roleSend?.id === send.id && s.net.connected && conn === s.net.conn) requestJoin(s, out);
  return false;
}
