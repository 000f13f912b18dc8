// Yesno polls: fixed options Yes and No, plus Unsure and It depends when switched on.
import { isScalar } from 'yaml';
import type { PollOption } from '../types.js';
import type { KindReader } from './poll-kind.js';
import type { Reporter } from './report.js';
import type { Field } from './yaml-fields.js';

const YESNO_EXTRAS = { unsure: 'Unsure', depends: 'It depends' } as const;
const FLAGS = ['unsure', 'depends'] as const;

export const yesnoReader: KindReader<'yesno'> = {
  keys: FLAGS,
  read({ fields, report }) {
    const options = yesnoOptions(fields, report);
    checkYesnoFlags(fields, report);
    return { options };
  },
};

/** A yesno poll's fixed options, plus "unsure" and "depends" when switched on. */
function yesnoOptions(fields: Map<string, Field>, report: Reporter): PollOption[] {
  const options = fields.get('options');
  if (options) {
    report.at(options.line, 'a yesno poll has fixed options (Yes, No): remove "options"; add "unsure: true" or "depends: true" for more');
  }
  const extras = FLAGS.filter((key) => {
    const node = fields.get(key)?.node;
    return isScalar(node) && node.value === true;
  }).map((key) => ({ id: key, label: YESNO_EXTRAS[key] }));
  return [{ id: 'yes', label: 'Yes' }, { id: 'no', label: 'No' }, ...extras];
}

/** Reports `unsure` and `depends` that are not true or false (also on a poll of unknown type). */
export function checkYesnoFlags(fields: Map<string, Field>, report: Reporter): void {
  for (const key of FLAGS) {
    const field = fields.get(key);
    if (field && (!isScalar(field.node) || typeof field.node.value !== 'boolean')) report.at(field.line, `"${field.key}" must be true or false`);
  }
}
