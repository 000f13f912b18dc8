// Scale polls: ratings 1…max (max 2–10, default 5), with optional words at either end.
import type { PollOption, ScaleSpec } from '../types.js';
import type { KindReader } from './poll-kind.js';
import type { Reporter } from './report.js';
import { type Field, scalarText, wholeNumber } from './yaml-fields.js';

const SCALE_DEFAULT_MAX = 5;
const SCALE_MAX = 10;

export const scaleReader: KindReader<'scale'> = {
  keys: ['max', 'low', 'high'],
  read({ fields, report }) {
    const scale = readScale(fields, report);
    return scale && { options: scaleOptions(scale, fields, report), scale };
  },
};

/** A scale poll's range (max, default 5) and optional end labels; undefined when invalid (reported). */
function readScale(fields: Map<string, Field>, report: Reporter): ScaleSpec | undefined {
  const maxField = fields.get('max');
  let max = SCALE_DEFAULT_MAX;
  if (maxField) {
    const value = wholeNumber(maxField, 2, SCALE_MAX);
    if (value === undefined) {
      report.at(maxField.line, `"max" must be a whole number from 2 to ${SCALE_MAX}`);
      return undefined;
    }
    max = value;
  }
  const ends: { low?: string; high?: string } = {};
  for (const key of ['low', 'high'] as const) {
    const field = fields.get(key);
    if (!field) continue;
    const text = scalarText(field.node)?.trim();
    if (!text) {
      report.at(field.line, `"${key}" must be a label, e.g. "${key === 'low' ? 'Strongly disagree' : 'Strongly agree'}"`);
      return undefined;
    }
    ends[key] = text;
  }
  return { max, ...ends };
}

/** Ratings 1…max as options (ids "1"…"max"); the end labels name the first and last. */
function scaleOptions(scale: ScaleSpec, fields: Map<string, Field>, report: Reporter): PollOption[] {
  const options = fields.get('options');
  if (options) report.at(options.line, 'a scale poll has the options 1 to "max": remove "options"; use "low" and "high" to name the ends');
  return Array.from({ length: scale.max }, (_, i) => {
    const n = i + 1;
    const end = n === 1 ? scale.low : n === scale.max ? scale.high : undefined;
    return { id: String(n), label: end ? `${n} — ${end}` : String(n) };
  });
}
