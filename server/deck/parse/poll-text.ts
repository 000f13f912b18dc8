// Text and qa polls: participants write their own answers or questions, so there are no options,
// only limits on how long and how many.
import type { TextSpec } from '../types.js';
import type { KindReader } from './poll-kind.js';
import type { Reporter } from './report.js';
import { type Field, wholeNumber } from './yaml-fields.js';

const TEXT_KEYS = ['length', 'answers'] as const;
/** Inclusive bounds of each text/qa key. */
const TEXT_RANGES = { length: [1, 1000], answers: [1, 20] } as const;

/** An open-text poll: by default one answer of up to 200 characters per participant. */
export const textReader = typedReader({ length: 200, answers: 1 }, 'a text poll takes no options: participants type their own answer');

/** A Q&A board: by default three questions of up to 200 characters per participant. */
export const qaReader = typedReader({ length: 200, answers: 3 }, 'a qa poll takes no options: participants post their own questions');

/** No options (participants write their own answers or questions), and the limits on them. */
function typedReader(defaults: TextSpec, noOptions: string): KindReader<'text' | 'qa'> {
  return {
    keys: TEXT_KEYS,
    read({ fields, report }) {
      const text = readText(defaults, fields, report);
      const options = fields.get('options');
      if (options) report.at(options.line, noOptions);
      return text && { options: [], text };
    },
  };
}

/**
 * A text or qa poll's limits: `length` (characters per answer) and `answers` (answers or
 * questions per participant), each defaulted by the kind; undefined when either is invalid (reported).
 */
function readText(defaults: TextSpec, fields: Map<string, Field>, report: Reporter): TextSpec | undefined {
  const spec: TextSpec = { ...defaults };
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
