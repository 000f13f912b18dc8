// YAML blocks (the front matter and poll blocks): a mapping read into fields that keep the file
// line of their key, with YAML's own errors reported at their file line.
import { isMap, isNode, isScalar, LineCounter, parseDocument, type YAMLMap } from 'yaml';
import { TIMER_MAX_SECONDS, TIMER_MIN_SECONDS } from '../../protocol.js';
import { RESULTS_MODES, type ResultsMode } from '../types.js';
import type { Reporter } from './report.js';
import type { SourceLines } from './source.js';

/** One `key: value` of a YAML mapping, with the file line of its key. */
export interface Field {
  key: string;
  line: number;
  /** The value as `yaml` parsed it: a Scalar for plain values, null when nothing follows the colon. */
  node: unknown;
  /** The value's own fields when it is a mapping (a poll's options). */
  fields?: Field[];
}

/**
 * Parses lines `from`..`to` (exclusive) as a YAML mapping and reports YAML errors, a value that
 * is not a mapping, and keys outside `allowedKeys`, all at their line in the file.
 * Returns undefined when the YAML itself is unusable; an empty block is an empty mapping.
 */
export function readYamlMapping(
  src: SourceLines,
  from: number,
  to: number,
  what: string,
  allowedKeys: readonly string[],
  report: Reporter,
): Map<string, Field> | undefined {
  const counter = new LineCounter();
  const doc = parseDocument(src.range(from, to).join('\n'), { prettyErrors: false, lineCounter: counter });
  // yaml counts lines from 1 within the block; an error at the very end can point one past it.
  const lineAt = (offset: number) => Math.min(from - 1 + counter.linePos(offset).line, Math.max(from, to - 1));

  for (const error of doc.errors) report.at(lineAt(error.pos[0]), `invalid YAML in ${what}: ${error.message}`);
  if (doc.errors.length > 0) return undefined;
  if (doc.contents === null) return new Map();
  if (!isMap(doc.contents)) {
    report.at(from, `${what} must be YAML "key: value" lines`);
    return undefined;
  }
  const fields = new Map<string, Field>();
  for (const field of mappingFields(doc.contents, what, lineAt, report)) {
    if (allowedKeys.includes(field.key)) fields.set(field.key, field);
    else report.at(field.line, `unknown key "${field.key}" in ${what} (allowed: ${allowedKeys.join(', ')})`);
  }
  return fields;
}

function mappingFields(map: YAMLMap, what: string, lineAt: (offset: number) => number, report: Reporter): Field[] {
  const fields: Field[] = [];
  for (const pair of map.items) {
    const key = scalarText(pair.key);
    const keyStart = isNode(pair.key) ? pair.key.range?.[0] : undefined;
    const line = lineAt(keyStart ?? map.range?.[0] ?? 0);
    if (key === undefined) {
      report.at(line, `keys in ${what} must be plain text`);
      continue;
    }
    const field: Field = { key, line, node: pair.value };
    if (isMap(pair.value)) field.fields = mappingFields(pair.value, what, lineAt, report);
    fields.push(field);
  }
  return fields;
}

/**
 * A scalar as the author wrote it: YAML reads `1` or `true` as a number or boolean, but as an id,
 * label or title the author meant the text. Undefined for null and for non-scalars.
 */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  if (typeof node.value === 'string') return node.value;
  return node.source ?? String(node.value);
}

/** The field's value when it is a whole number from `min` to `max` (inclusive), else undefined. */
export function wholeNumber(field: Field, min: number, max: number): number | undefined {
  const value = isScalar(field.node) ? field.node.value : undefined;
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : undefined;
}

/** The field's text; reports a missing field at `missingLine` and an empty one at its own line. */
export function requireText(field: Field | undefined, key: string, what: string, missingLine: number, report: Reporter): string | undefined {
  if (!field) {
    report.at(missingLine, `${what} is missing "${key}"`);
    return undefined;
  }
  return optionalText(field, key, report);
}

/** The field's text, trimmed; reports it when it is there but empty. */
export function optionalText(field: Field | undefined, key: string, report: Reporter): string | undefined {
  if (!field) return undefined;
  const text = scalarText(field.node)?.trim();
  if (!text) report.at(field.line, `"${key}" must be non-empty text`);
  return text || undefined;
}

/** A `results` key (poll block or front matter): `revealed` or `live`; reports any other value at its line. */
/** A `key: true | false` flag; false when absent, and when not a boolean (reported). */
export function readFlag(field: Field | undefined, key: string, report: Reporter): boolean {
  if (!field) return false;
  const node = field.node;
  if (isScalar(node) && typeof node.value === 'boolean') return node.value;
  report.at(field.line, `"${key}" must be true or false`);
  return false;
}

export function readResultsMode(field: Field | undefined, report: Reporter): ResultsMode | undefined {
  if (!field) return undefined;
  const text = scalarText(field.node)?.trim();
  const mode = RESULTS_MODES.find((m) => m === text);
  if (!mode) {
    report.at(
      field.line,
      `"results" must be "live" (results shown as answers come in) or "revealed" (hidden on the projector until revealed), found "${text ?? ''}"`,
    );
  }
  return mode;
}

/** The longest `time` (a slide's) or `duration` (a deck's) in minutes: ten hours. */
export const MAX_PLAN_MINUTES = 600;

/**
 * A number of minutes (a slide's `time`, the deck's `duration`): greater than 0, at most
 * MAX_PLAN_MINUTES, fractions allowed (`time: 0.5`). Reports anything else at the key's line.
 */
export function readMinutes(field: Field | undefined, key: string, report: Reporter): number | undefined {
  if (!field) return undefined;
  const value = isScalar(field.node) ? field.node.value : undefined;
  if (typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= MAX_PLAN_MINUTES) return value;
  report.at(
    field.line,
    `"${key}" must be a number of minutes greater than 0 and at most ${MAX_PLAN_MINUTES}, e.g. "${key}: 4" (found "${scalarText(field.node) ?? ''}")`,
  );
  return undefined;
}

/** Seconds of a timer (a poll's `timer`, a slide's `discuss`): a whole number within the limits of every timer. */
export function readTimerSeconds(field: Field | undefined, key: string, report: Reporter): number | undefined {
  if (!field) return undefined;
  const value = wholeNumber(field, TIMER_MIN_SECONDS, TIMER_MAX_SECONDS);
  if (value === undefined) {
    report.at(field.line, `"${key}" must be a whole number of seconds from ${TIMER_MIN_SECONDS} to ${TIMER_MAX_SECONDS}`);
  }
  return value;
}
