// Text and qa polls: participants write their own answers or questions, so there are no options,
// only limits on how long and how many.
import type { PollOption, PollType, TextSpec } from '../types.js';
import type { Reporter } from './report.js';
import { type Field, wholeNumber } from './yaml-fields.js';

const TEXT_KEYS = ['length', 'answers'] as const;
/** Inclusive bounds of each text/qa key. */
const TEXT_RANGES = { length: [1, 1000], answers: [1, 20] } as const;
/** Defaults when a key is left out: one answer of a text poll, three questions on a qa board. */
const TEXT_DEFAULTS = {
  text: { length: 200, answers: 1 },
  qa: { length: 200, answers: 3 },
} as const satisfies Record<'text' | 'qa', TextSpec>;

/**
 * A text or qa poll's limits: `length` (characters per answer) and `answers` (answers or
 * questions per participant), each defaulted by type; undefined when either is invalid (reported).
 */
export function readText(type: 'text' | 'qa', fields: Map<string, Field>, report: Reporter): TextSpec | undefined {
  const spec: TextSpec = { ...TEXT_DEFAULTS[type] };
  let valid = true;
  for (const key of TEXT_KEYS) {
    const field = fields.get(key);
    if (!field) continue;
    const [min, max] = TEXT_RANGES[key];
    const value = wholeNumber(field, min, max);
    if (value === undefined) {
      report.at(field.line, `"${key}" must be a whole number from ${min} to ${max}`);
      valid = false;
    } else spec[key] = value;
  }
  return valid ? spec : undefined;
}

/** Text and qa polls have no options: participants write their own answers or questions. */
export function textOptions(type: 'text' | 'qa', fields: Map<string, Field>, report: Reporter): PollOption[] {
  const options = fields.get('options');
  if (options) {
    report.at(
      options.line,
      type === 'text'
        ? 'a text poll takes no options: participants type their own answer'
        : 'a qa poll takes no options: participants post their own questions',
    );
  }
  return [];
}

/** Reports `length` and `answers` on a poll of another (known) type. */
export function refuseTextKeys(fields: Map<string, Field>, type: PollType | undefined, report: Reporter): void {
  for (const key of TEXT_KEYS) {
    const field = fields.get(key);
    if (field && type && type !== 'text' && type !== 'qa') report.at(field.line, `"${key}" is only allowed on text and qa polls`);
  }
}
