// A poll block (a ```poll fence holding YAML) read into a Poll: the fields every poll has (id,
// type, question, timer, results) here, each kind's own fields by its reader (poll-*.ts), picked from
// POLL_KINDS by the poll's type.
import { POLL_TYPES, type Poll, type PollType, type ResultsMode, type SlidePosition } from '../types.js';
import { typographic } from '../typography.js';
import { idProblem } from './ids.js';
import type { PendingLink } from './links.js';
import { multiReader, rankReader, readLimit, readOptions, singleReader } from './poll-choice.js';
import type { KindContext, KindFields, KindReader } from './poll-kind.js';
import { scaleReader } from './poll-scale.js';
import { qaReader, textReader } from './poll-text.js';
import { checkYesnoFlags, yesnoReader } from './poll-yesno.js';
import type { Reporter } from './report.js';
import type { SourceLines } from './source.js';
import { type Field, readFlag, readResultsMode, readTimerSeconds, readYamlMapping, requireText, scalarText } from './yaml-fields.js';

/** Each kind's reader of its own fields: a new kind of poll is a new reader here. */
const POLL_KINDS: { [T in PollType]: KindReader<T> } = {
  single: singleReader,
  multi: multiReader,
  yesno: yesnoReader,
  scale: scaleReader,
  text: textReader,
  rank: rankReader,
  qa: qaReader,
};

/** Keys that belong to some kind, each once, in the order of POLL_TYPES. */
const KIND_KEYS = [...new Set(POLL_TYPES.flatMap((type) => POLL_KINDS[type].keys))];
const POLL_KEYS = ['id', 'type', 'question', 'options', ...KIND_KEYS, 'timer', 'results', 'commitment', 'kept'];

/** What reading the polls of one deck shares. */
export interface PollContext {
  src: SourceLines;
  report: Reporter;
  /** Poll id → line of its fence, for the polls read so far. */
  pollLines: Map<string, number>;
  /** Branch links of the options read so far, resolved once every slide is known. */
  links: PendingLink[];
  /** The deck's `results` (front matter): what a poll without its own `results` key does. */
  results?: ResultsMode;
}

/** Reads the poll block between fence lines `open` and `close`; undefined when it has errors (reported). */
export function parsePoll(open: number, close: number, slide: SlidePosition, context: PollContext): Poll | undefined {
  const { src, report, pollLines, links } = context;
  const fields = readYamlMapping(src, open + 1, close, 'poll block', POLL_KEYS, report);
  if (!fields) return undefined;
  if (fields.size === 0) {
    report.at(open, 'empty poll block: a poll needs at least "id", "type" and "question"');
    return undefined;
  }
  const id = readPollId(fields.get('id'), open, pollLines, report);
  const type = readPollType(fields.get('type'), open, report);
  const question = requireText(fields.get('question'), 'question', 'poll', open, report);
  const kindContext: KindContext = { fields, open, slide, report, links };
  const own = type ? readKind(type, kindContext) : checkUntyped(kindContext);
  if (type) refuseOtherKindsKeys(fields, type, report);
  const timer = readTimerSeconds(fields.get('timer'), 'timer', report);
  const results = readResultsMode(fields.get('results'), report) ?? context.results ?? 'revealed';
  const commitment = readFlag(fields.get('commitment'), 'commitment', report);
  const kept = own && type ? readKept(fields.get('kept'), type, own as KindFields<PollType>, report) : undefined;

  if (id === undefined || !type || question === undefined || !own) return undefined;
  // `own` was read by the reader of `type`, so it is that kind's part (a pairing TypeScript cannot follow).
  const live = results === 'live' ? { liveResults: true as const } : {};
  return {
    id,
    type,
    question: typographic(question),
    ...own,
    ...(timer !== undefined && { timer }),
    ...live,
    ...(commitment && { commitment: true }),
    ...(kept !== undefined && { kept }),
    slide,
    line: open,
  } as Poll;
}

/**
 * `kept: <option id>` (a follow-up deck): this poll asks whether the earlier commitment was kept,
 * and that option means "kept". Only a single-choice or yes/no poll (not a paired one), and the id
 * must be one of its options; undefined when absent or wrong (reported).
 */
function readKept(field: Field | undefined, type: PollType, own: KindFields<PollType>, report: Reporter): string | undefined {
  if (!field) return undefined;
  const id = scalarText(field.node)?.trim() ?? '';
  if (type !== 'single' && type !== 'yesno') {
    report.at(field.line, `"kept" is only allowed on single and yesno polls (the question whether the earlier commitment was kept)`);
    return undefined;
  }
  if ('ask' in own && own.ask) {
    report.at(field.line, `"kept" is not allowed on a paired poll ("ask")`);
    return undefined;
  }
  const options = own.options.map((o) => o.id);
  if (!options.includes(id)) {
    report.at(field.line, `"kept" must name one of the poll's options (${options.join(', ')}), found "${id}"`);
    return undefined;
  }
  return id;
}

function readKind<T extends PollType>(type: T, context: KindContext): KindFields<T> | undefined {
  return POLL_KINDS[type].read(context);
}

/** A poll of unknown type: its options, limit and flags are still checked (not required), to report every error at once. */
function checkUntyped(context: KindContext): undefined {
  const options = readOptions(context, undefined);
  readLimit(context.fields.get('limit'), options, context.report);
  checkYesnoFlags(context.fields, context.report);
  return undefined;
}

/** Reports each key of another kind at its line, e.g. `"max" is only allowed on scale polls`. */
function refuseOtherKindsKeys(fields: Map<string, Field>, type: PollType, report: Reporter): void {
  for (const key of KIND_KEYS) {
    const field = fields.get(key);
    if (!field || POLL_KINDS[type].keys.includes(key)) continue;
    const kinds = POLL_TYPES.filter((t) => POLL_KINDS[t].keys.includes(key));
    report.at(field.line, `"${key}" is only allowed on ${kinds.join(' and ')} polls`);
  }
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
