// Choice polls (single, multi, rank): the options the author lists, their branch links, the
// multi poll's limit, and a single poll's pair of questions (poll-ask.ts).
import { isScalar } from 'yaml';
import type { PollOption } from '../types.js';
import { typographic } from '../typography.js';
import { idProblem } from './ids.js';
import { readAsk } from './poll-ask.js';
import type { KindContext, KindReader } from './poll-kind.js';
import type { Reporter } from './report.js';
import { type Field, scalarText, wholeNumber } from './yaml-fields.js';

/** A branch link written inside the label's text: `"Label -> #id"` (quoted) or `Label ->#id`. */
const INLINE_LINK = /^(.*?)\s*->\s*#(.*)$/s;
/** Ordering more than this many options on a phone is more chore than opinion. */
const RANK_MAX_OPTIONS = 10;

/** A single-choice poll: the listed options, one to pick — or one per question of a paired poll (`ask`). */
export const singleReader: KindReader<'single'> = {
  keys: ['ask'],
  read(context) {
    const options = readOptions(context, 'single');
    const field = context.fields.get('ask');
    const ask = field && readAsk(field, context.report);
    if (field && !ask) return undefined;
    return options && { options, ...(ask && { ask }) };
  },
};

/** A multi-choice poll: the listed options, and at most `limit` of them to pick. */
export const multiReader: KindReader<'multi'> = {
  keys: ['limit'],
  read(context) {
    const options = readOptions(context, 'multi');
    const limit = readLimit(context.fields.get('limit'), options, context.report);
    return options && { options, ...(limit !== undefined && { limit }) };
  },
};

/** A ranking: the listed options (at most RANK_MAX_OPTIONS), every one of them put in order. */
export const rankReader: KindReader<'rank'> = {
  keys: [],
  read: (context) => optionsOf(readOptions(context, 'rank')),
};

const optionsOf = (options: PollOption[] | undefined) => options && { options };

/**
 * The options of a single, multi or rank poll, in order; each branch link goes to `links`, to be
 * resolved once every slide is known. When the type is unknown (`kind` undefined) the options are
 * still checked (to report every error) but not required.
 */
export function readOptions(context: KindContext, kind: 'single' | 'multi' | 'rank' | undefined): PollOption[] | undefined {
  const { fields, open, report, slide, links } = context;
  const field = fields.get('options');
  const none = `no options: a poll needs at least 2, as "id: Label" lines under "options"`;
  if (!field) {
    if (kind) report.at(open, none);
    return undefined;
  }
  const blank = field.node === null || (isScalar(field.node) && !scalarText(field.node)?.trim());
  if (blank || field.fields?.length === 0) {
    report.at(field.line, none);
    return undefined;
  }
  if (!field.fields) {
    report.at(field.line, '"options" must be "id: Label" lines (a YAML mapping), not a list or text');
    return undefined;
  }

  const options: PollOption[] = [];
  let valid = true;
  for (const option of field.fields) {
    const problem = idProblem(option.key);
    const { label, target } = readLabel(option, report);
    if (problem) report.at(option.line, `invalid option id "${option.key}": ${problem}`);
    if (!label) report.at(option.line, `option "${option.key}" has no label`);
    if (problem || !label) {
      valid = false;
      continue;
    }
    const read: PollOption = { id: option.key, label: typographic(label) };
    options.push(read);
    if (target !== undefined) links.push({ option: read, target, line: option.line, from: slide });
  }
  if (field.fields.length < 2) {
    report.at(field.line, `a poll needs at least 2 options (found ${field.fields.length})`);
    return undefined;
  }
  if (kind === 'rank' && field.fields.length > RANK_MAX_OPTIONS) {
    report.at(field.line, `a rank poll orders at most ${RANK_MAX_OPTIONS} options (found ${field.fields.length})`);
    return undefined;
  }
  return valid ? options : undefined;
}

/**
 * An option's label and the slide id of its branch link (`Label -> #slide-id`), if any. An
 * invalid link is reported, and the label kept so that other errors can still be found.
 */
function readLabel(option: Field, report: Reporter): { label?: string; target?: string } {
  const text = scalarText(option.node)?.trim() ?? '';
  const link = branchLink(text, isScalar(option.node) ? option.node.comment : undefined);
  if (!link) {
    if (text.endsWith('->')) report.at(option.line, `option "${option.key}" has "->" but no "#slide-id" after it`);
    return { label: text || undefined };
  }
  const label = link.label || undefined;
  const problem = idProblem(link.target);
  if (problem) {
    report.at(option.line, `option "${option.key}" links to "#${link.target}", which is not a valid slide id: ${problem}`);
    return { label };
  }
  return { label, target: link.target };
}

/** `Label -> #slide-id` split in two, from the text YAML read and the comment after it. */
function branchLink(text: string, comment: string | null | undefined): { label: string; target: string } | undefined {
  // Unquoted, YAML reads ` #slide-id` as a comment: the text then ends in "->" and the comment
  // is the target. Quoted (or `->#id`, without a space) the whole link is in the text.
  if (text.endsWith('->') && typeof comment === 'string') return { label: text.slice(0, -2).trim(), target: comment.trim() };
  const match = INLINE_LINK.exec(text);
  return match ? { label: (match[1] ?? '').trim(), target: (match[2] ?? '').trim() } : undefined;
}

/** A multi poll's most picks per participant: 1 to the number of options (when those are valid). */
export function readLimit(field: Field | undefined, options: PollOption[] | undefined, report: Reporter): number | undefined {
  if (!field) return undefined;
  const value = wholeNumber(field, 1, options?.length ?? Infinity);
  if (value === undefined) {
    const range = options ? `from 1 to ${options.length} (the number of options)` : 'of at least 1';
    report.at(field.line, `"limit" must be a whole number ${range}`);
  }
  return value;
}
