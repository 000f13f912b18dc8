// Who is in the room, when the deck names roles (front matter `roles`): each participant's answer
// to a hidden poll every phone asks once on joining ("You are… Resident / Fellow / Faculty /
// Prefer not to say"). Kept as a poll, a role is stored, restored and shared between processes
// exactly as a vote is; it is never shown as a poll. Revealed charts split by it, under a privacy
// floor: a role held by fewer than `floor` respondents of a poll is never shown on its own.
import { type Role, type SinglePoll, UNSAID_ROLE } from '../deck/types.js';
import type { RoleHidden } from '../protocol.js';

/** Not a deck poll id (those start with a letter or digit): the hidden poll can never clash with one. */
export const ROLE_POLL_ID = '_role';

/** The smallest group shown on its own by default, and the smallest any setting may make it. */
export const DEFAULT_MIN_GROUP_SIZE = 5;
export const MIN_GROUP_SIZE_FLOOR = 3;

/** The hidden poll of a deck's roles: one of them, or "Prefer not to say". */
export function rolePoll(roles: readonly Role[]): SinglePoll {
  return {
    id: ROLE_POLL_ID,
    type: 'single',
    question: 'You are…',
    options: [...roles, { id: UNSAID_ROLE, label: 'Prefer not to say' }],
    slide: { h: 0, v: 0 },
    line: 0,
  };
}

/**
 * The hidden poll's state (a PollSnapshot): always open (a participant may change their role from
 * the phone's menu) and never revealed.
 */
export const ROLE_POLL_STATE = { status: 'open', revealed: false, round: 1, openedAt: null, closedAt: null, participantsAtClose: null } as const;

/**
 * Which roles a split leaves out, and why (the others are shown on their own): those held by fewer
 * than `floor` of the `total` respondents are `small`. What is not shown — smaller roles, "Prefer
 * not to say", no role — can be read as the total minus the groups shown: it must not be a small
 * group either, so while it holds fewer than the floor (but some), the smallest group shown is
 * left out too, as `complement` (it is no small group itself: "fewer than 5" would be false).
 */
export function hiddenRoles(roles: readonly string[], sizeOf: (role: string) => number, total: number, floor: number): Map<string, RoleHidden> {
  const hidden = new Map<string, RoleHidden>(roles.filter((role) => sizeOf(role) < floor).map((role) => [role, 'small']));
  const shown = (): string[] => roles.filter((role) => !hidden.has(role));
  const rest = (): number => total - shown().reduce((sum, role) => sum + sizeOf(role), 0);
  while (shown().length > 0 && rest() > 0 && rest() < floor) {
    const smallest = shown().reduce((a, b) => (sizeOf(b) < sizeOf(a) ? b : a));
    hidden.set(smallest, 'complement');
  }
  return hidden;
}
