// Yesno polls: fixed options Yes and No, plus Unsure and It depends when switched on.
import { isScalar } from 'yaml';
import type { PollOption, PollType } from '../types.js';
import type { Reporter } from './report.js';
import type { Field } from './yaml-fields.js';

const YESNO_EXTRAS = { unsure: 'Unsure', depends: 'It depends' } as const;
const FLAGS = ['unsure', 'depends'] as const;

/** A yesno poll's fixed options, plus "unsure" and "depends" when switched on. */
export function yesnoOptions(fields: Map<string, Field>, report: Reporter): PollOption[] {
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

/** Reports `unsure` and `depends` on a poll of another (known) type, or not true or false. */
export function checkYesnoFlags(fields: Map<string, Field>, type: PollType | undefined, report: Reporter): void {
  for (const key of FLAGS) {
    const field = fields.get(key);
    if (!field) continue;
    if (type && type !== 'yesno') report.at(field.line, `"${field.key}" is only allowed on yesno polls`);
    else if (!isScalar(field.node) || typeof field.node.value !== 'boolean') {
      report.at(field.line, `"${field.key}" must be true or false`);
    }
  }
}
