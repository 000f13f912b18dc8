// Transitions of "My session", the participant's own record of the session: asked of the server
// (audience:mine) when the session ends or the participant opens it from the menu, kept on the
// phone (its storage), and shown from there — also after the session, with no network.
import type { MySession } from '../server/protocol.js';
import { canSend, type PageState, showsMine } from './state.js';
import type { Out } from './transitions.js';

/** Asks the server for My session, if this page can now and has not asked already. */
export function askMine(s: PageState, out: Out): void {
  if (s.watching || s.mineAsked || !canSend(s)) return;
  s.mineAsked = true;
  out.push({ type: 'askMine' });
}

/** The menu's "My session" (or, `open` false, its Back button): asked afresh each time it opens. */
export function mineOpened(s: PageState, out: Out, open: boolean): boolean {
  if (s.mineOpen === open) return false;
  s.mineOpen = open;
  if (open) askMine(s, out);
  return true;
}

export function mineReceived(s: PageState, out: Out, mine: MySession): boolean {
  s.mineAsked = false;
  if (mine.code !== s.code) return false;
  s.mine = mine;
  out.push({ type: 'keepMine', mine });
  return showsMine(s);
}

export function mineUnavailable(s: PageState): boolean {
  s.mineAsked = false;
  return showsMine(s);
}

/** The reminder's day, as picked in the date box (which already shows it). */
export function reminderDatePicked(s: PageState, date: string): boolean {
  s.reminderDate = /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null;
  return false;
}

export function reminderSaved(s: PageState, out: Out): boolean {
  if (s.mine) out.push({ type: 'downloadReminder', mine: s.mine, date: s.reminderDate });
  return false;
}

/** What the phone kept of session `code` when the page opened (null: nothing). */
export function mineKept(s: PageState, code: string, mine: MySession | null): void {
  s.mine = mine?.code === code ? mine : null;
  s.mineOpen = false;
  s.mineAsked = false;
  s.reminderDate = null;
}
