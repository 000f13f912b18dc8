// The front matter's `roles`: who is in the room (Resident, Fellow, Faculty …). Phones ask each
// participant once which they are, and revealed charts can be split by role. Each role gets an id
// made from its name, for the records and the exports.
import { isScalar, isSeq } from 'yaml';
import { type Role, UNSAID_ROLE } from '../types.js';
import type { Reporter } from './report.js';
import { type Field, scalarText } from './yaml-fields.js';

/** More roles than this is no longer a split a room can read. */
export const MAX_ROLES = 12;

const SHAPE = '"roles" must be a list of names, as in "roles: [Resident, Fellow, Faculty]"';

/** The deck's roles, in order; undefined when there are none or they have errors (reported at their line). */
export function readRoles(field: Field | undefined, report: Reporter): Role[] | undefined {
  if (!field) return undefined;
  if (!isSeq(field.node)) {
    report.at(field.line, SHAPE);
    return undefined;
  }
  const labels = field.node.items.map((item) => (isScalar(item) ? scalarText(item)?.trim() : undefined));
  if (labels.length === 0) {
    report.at(field.line, `${SHAPE}; the list is empty (leave "roles" out for no roles)`);
    return undefined;
  }
  if (labels.length > MAX_ROLES) {
    report.at(field.line, `at most ${MAX_ROLES} roles (found ${labels.length})`);
    return undefined;
  }
  const roles: Role[] = [];
  let valid = true;
  for (const [i, label] of labels.entries()) {
    if (!label) {
      report.at(field.line, `role ${i + 1} is not a name: each role is plain text, e.g. Resident`);
      valid = false;
      continue;
    }
    const id = roleId(label, i);
    const twin = roles.find((r) => r.id === id);
    if (twin) {
      report.at(field.line, `role "${label}" is listed twice (as "${twin.label}"): each role once`);
      valid = false;
    } else if (id === UNSAID_ROLE) {
      report.at(field.line, `role "${label}": phones offer "Prefer not to say" themselves, leave it out of roles`);
      valid = false;
    } else roles.push({ id, label });
  }
  return valid ? roles : undefined;
}

/** An id from a role's name: lower case, accents dropped, words joined by "-" ("Prefer not to say" → prefer-not-to-say). */
function roleId(label: string, index: number): string {
  const id = label
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
  if (/^prefer-not-to-say$|^none$/.test(id)) return UNSAID_ROLE;
  // A name in another script keeps its place as its id.
  return id || `role-${index + 1}`;
}
