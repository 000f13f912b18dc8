// `npm start -- --self-paced [--opens DATE] [--closes DATE]`: start a new self-paced session of
// the deck (pre-work, catch-up) instead of resuming the live one. Dates are ISO 8601 (`2026-12-01`,
// midnight UTC, or a date and time); by default it opens now and closes a week later.
import { parseArgs } from 'node:util';
import type { SelfPacedWindow } from '../protocol.js';

/** How long a self-paced session started without `--closes` stays open. */
export const DEFAULT_SELF_PACED_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

export class SelfPacedUsageError extends Error {}

/** The window asked for on the command line, or null without `--self-paced` (a live session). */
export function selfPacedWindow(args: readonly string[], now: number): SelfPacedWindow | null {
  const { values } = parseArgs({
    args: [...args],
    options: { 'self-paced': { type: 'boolean' }, opens: { type: 'string' }, closes: { type: 'string' }, dev: { type: 'boolean' } },
    strict: false,
    allowPositionals: true,
  });
  if (!values['self-paced']) {
    if (values.opens !== undefined || values.closes !== undefined) throw new SelfPacedUsageError('--opens and --closes go with --self-paced.');
    return null;
  }
  const opens = values.opens === undefined ? now : date(values.opens, '--opens');
  const closes = values.closes === undefined ? opens + DEFAULT_SELF_PACED_DAYS * DAY_MS : date(values.closes, '--closes');
  if (closes <= opens)
    throw new SelfPacedUsageError(`--closes (${new Date(closes).toISOString()}) must be after --opens (${new Date(opens).toISOString()}).`);
  return { opens, closes };
}

function date(value: unknown, flag: string): number {
  const ms = typeof value === 'string' && /^\d{4}-\d\d-\d\d/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms))
    throw new SelfPacedUsageError(`${flag} must be a date (2026-12-01) or a date and time (2026-12-01T09:00), found "${String(value)}".`);
  return ms;
}
