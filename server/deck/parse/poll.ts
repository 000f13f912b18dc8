// A poll block (a ```poll fence holding YAML) read into a Poll: the fields every poll has (id,
// type, question, timer) here, each type's own fields in its poll-*.ts module.
import { TIMER_MAX_SECONDS, TIMER_MIN_SECONDS } from '../../protocol.js';
import { POLL_TYPES, type Poll, type PollType, type SlidePosition } from '../types.js';
import { idProblem } from './ids.js';
import type { PendingLink } from './links.js';
import { readLimit, readOptions } from './poll-choice.js';
import { readScale, refuseScaleKeys, scaleOptions } from './poll-scale.js';
import { readText, refuseTextKeys, textOptions } from './poll-text.js';
import { checkYesnoFlags, yesnoOptions } from './poll-yesno.js';
import type { Reporter } from './report.js';
import type { SourceLines } from './source.js';
import { type Field, readYamlMapping, requireText, scalarText, wholeNumber } from './yaml-fields.js';

const POLL_KEYS = ['id', 'type', 'question', 'options', 'limit', 'unsure', 'depends', 'max', 'low', 'high', 'length', 'answers', 'timer'];

/** What reading the polls of one deck shares. */
export interface PollContext {
  src: SourceLines;
  report: Reporter;
  /** Poll id → line of its fence, for the polls read so far. */
  pollLines: Map<string, number>;
  /** Branch links of the options read so far, resolved once every slide is known. */
  links: PendingLink[];
}

/** Reads the poll block between fence lines `open` and `close`; undefined when it has errors (reported). */
export function parsePoll(open: number, close: number, slide: SlidePosition, context: PollContext): Poll | undefined {
  const { src, report, pollLines } = context;
  const fields = readYamlMapping(src, open + 1, close, 'poll block', POLL_KEYS, report);
  if (!fields) return undefined;
  if (fields.size === 0) {
    report.at(open, 'empty poll block: a poll needs at least "id", "type" and "question"');
    return undefined;
  }
  const id = readPollId(fields.get('id'), open, pollLines, report);
  const type = readPollType(fields.get('type'), open, report);
  const question = requireText(fields.get('question'), 'question', 'poll', open, report);
  const scale = type === 'scale' ? readScale(fields, report) : undefined;
  refuseScaleKeys(fields, type, report);
  const textType = type === 'text' || type === 'qa' ? type : undefined;
  const text = textType ? readText(textType, fields, report) : undefined;
  refuseTextKeys(fields, type, report);
  const options =
    type === 'yesno'
      ? yesnoOptions(fields, report)
      : scale
        ? scaleOptions(scale, fields, report)
        : type === 'scale'
          ? undefined
          : textType
            ? textOptions(textType, fields, report)
            : readOptions(fields.get('options'), type, open, report, slide, context.links);
  const limit = readLimit(fields.get('limit'), type, options, report);
  checkYesnoFlags(fields, type, report);
  const timer = readTimer(fields.get('timer'), report);

  if (id === undefined || !type || question === undefined || !options || (textType && !text)) return undefined;
  return {
    id,
    type,
    question,
    options,
    ...(limit !== undefined && { limit }),
    ...(scale && { scale }),
    ...(text && { text }),
    ...(timer !== undefined && { timer }),
    slide,
    line: open,
  };
}

/** The poll's id, valid and not used by an earlier poll (then added to `pollLines`); undefined when not (reported). */
function readPollId(field: Field | undefined, open: number, pollLines: Map<string, number>, report: Reporter): string | undefined {
  const id = requireText(field, 'id', 'poll', open, report);
  if (id === undefined || !field) return undefined;
  const problem = idProblem(id);
  if (problem) {
    report.at(field.line, `invalid poll id "${id}": ${problem}`);
    return undefined;
  }
  const firstLine = pollLines.get(id);
  // Votes and exports refer to polls by id, so two polls must never share one.
  if (firstLine !== undefined) {
    report.at(field.line, `duplicate poll id "${id}": already used by the poll on line ${firstLine}`);
    return undefined;
  }
  pollLines.set(id, open);
  return id;
}

function readPollType(field: Field | undefined, open: number, report: Reporter): PollType | undefined {
  const allowed = POLL_TYPES.join(', ');
  if (!field) {
    report.at(open, `poll is missing "type" (one of: ${allowed})`);
    return undefined;
  }
  const type = POLL_TYPES.find((t) => t === scalarText(field.node));
  if (!type) report.at(field.line, `unknown poll type "${scalarText(field.node) ?? ''}" (allowed: ${allowed})`);
  return type;
}

/** Seconds the poll stays open once opened (it then closes by itself). */
function readTimer(field: Field | undefined, report: Reporter): number | undefined {
  if (!field) return undefined;
  const value = wholeNumber(field, TIMER_MIN_SECONDS, TIMER_MAX_SECONDS);
  if (value === undefined) {
    report.at(field.line, `"timer" must be a whole number of seconds from ${TIMER_MIN_SECONDS} to ${TIMER_MAX_SECONDS}`);
  }
  return value;
}
