// The deck parser: Markdown source → typed Deck that keeps source lines, or every error found.
// Pure (no I/O) so that it is easy to test; load.ts owns the file system. The format is
// documented for authors in docs/deck-format.md.
import { isMap, isNode, isScalar, LineCounter, parseDocument, type YAMLMap } from 'yaml';
import { TIMER_MAX_SECONDS, TIMER_MIN_SECONDS } from '../protocol.js';
import { imageTarget } from './files.js';
import { renderMarkdown, type ImageTarget, type SourceNote } from './render.js';
import {
  DECK_THEMES,
  POLL_TYPES,
  type DeckError,
  type DeckMeta,
  type DeckTheme,
  type ParseResult,
  type Poll,
  type PollOption,
  type PollType,
  type ScaleSpec,
  type Slide,
  type SlidePosition,
  type TextSpec,
} from './types.js';

const H_SEPARATOR = /^---\s*$/;
const V_SEPARATOR = /^--\s*$/;
const NOTES_START = /^notes?:/i;
// CommonMark fences: up to 3 spaces of indent, 3+ backticks or tildes, then the info string.
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const MAX_ID_LENGTH = 64;
const META_KEYS = ['title', 'subtitle', 'author', 'theme', 'accent'];
const POLL_KEYS = ['id', 'type', 'question', 'options', 'limit', 'unsure', 'depends', 'max', 'low', 'high', 'length', 'answers', 'timer'];
const HEX_COLOUR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
/** A branch link written inside the label's text: `"Label -> #id"` (quoted) or `Label ->#id`. */
const INLINE_LINK = /^(.*?)\s*->\s*#(.*)$/s;
const SCALE_KEYS = ['max', 'low', 'high'] as const;
const SCALE_DEFAULT_MAX = 5;
const SCALE_MAX = 10;
const TEXT_KEYS = ['length', 'answers'] as const;
/** Inclusive bounds of each text/qa key. */
const TEXT_RANGES = { length: [1, 1000], answers: [1, 20] } as const;
/** Defaults when a key is left out: one answer of a text poll, three questions on a qa board. */
const TEXT_DEFAULTS = {
  text: { length: 200, answers: 1 },
  qa: { length: 200, answers: 3 },
} as const satisfies Record<'text' | 'qa', TextSpec>;
/** Ordering more than this many options on a phone is more chore than opinion. */
const RANK_MAX_OPTIONS = 10;
const YESNO_EXTRAS = { unsure: 'Unsure', depends: 'It depends' } as const;

export interface ParseOptions {
  /**
   * Whether an image path (relative to the deck's folder, canonical: `images/team.png`) names a
   * file there. The loader passes one that looks on disk; without it images are not looked for.
   */
  imageExists?: (path: string) => boolean;
}

export function parseDeck(source: string, file: string, options: ParseOptions = {}): ParseResult {
  const src = new SourceLines(source);
  const report = new Reporter(file);
  const frontEnd = findFrontMatter(src, report);
  // Without front matter we cannot tell where slides start: reading on would only add noise.
  if (frontEnd === undefined) return { ok: false, errors: report.errors };

  const id = deckId(file);
  const meta = readMeta(src, frontEnd, report);
  const fences = findFences(src, frontEnd + 1, report);
  const parts = splitSlides(src, frontEnd, fences);
  checkNotEmpty(src, parts, frontEnd, report);

  const context: DeckContext = {
    src,
    fences,
    report,
    pollLines: new Map(),
    slideIds: new Map(),
    links: [],
    image: imageTarget(id, options.imageExists),
  };
  const slides: Slide[] = [];
  const polls: Poll[] = [];
  for (const part of parts) {
    const { slide, poll } = parseSlide(part, context);
    slides.push(slide);
    if (poll) polls.push(poll);
  }
  // Links may point forward, so they are resolved once every slide's id is known.
  resolveLinks(context);

  if (report.errors.length > 0 || !meta) return { ok: false, errors: report.sorted() };
  return { ok: true, deck: { id, meta, slides, polls } };
}

/** What reading the slides and polls of one deck shares. */
interface DeckContext {
  src: SourceLines;
  fences: Fence[];
  report: Reporter;
  /** Poll id → line of its fence. */
  pollLines: Map<string, number>;
  /** Slide id → the slide's position and the line of its heading. */
  slideIds: Map<string, { position: SlidePosition; line: number }>;
  /** Branch links seen so far, resolved at the end. */
  links: PendingLink[];
  image: (src: string) => ImageTarget;
}

/** An option's `-> #slide-id`, before the slide is known. */
interface PendingLink {
  option: PollOption;
  target: string;
  /** The option's line. */
  line: number;
  /** The slide of the poll the option belongs to. */
  from: SlidePosition;
}

/** "slides/mentoring.md" → "mentoring", without node:path so the parser stays portable. */
function deckId(file: string): string {
  return file.replace(/^.*[\\/]/, '').replace(/\.md$/, '');
}

/** The file's lines, addressed by 1-based number like every line the parser reports. */
class SourceLines {
  private readonly lines: string[];

  constructor(source: string) {
    const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
    // A final newline ends the last line; it does not start another one.
    if (lines.length > 1 && lines.at(-1) === '') lines.pop();
    this.lines = lines;
  }

  get last(): number {
    return this.lines.length;
  }

  at(line: number): string {
    return this.lines[line - 1] ?? '';
  }

  /** Lines `from` up to, not including, `to`. */
  range(from: number, to: number): string[] {
    return this.lines.slice(from - 1, to - 1);
  }

  isBlank(from: number, to: number): boolean {
    return this.range(from, to).every((l) => l.trim() === '');
  }
}

class Reporter {
  readonly errors: DeckError[] = [];

  constructor(private readonly file: string) {}

  at(line: number, message: string): void {
    this.errors.push({ file: this.file, line, message });
  }

  /** In file order, which is how an author fixes them (sort is stable: same line keeps order). */
  sorted(): DeckError[] {
    return [...this.errors].sort((a, b) => a.line - b.line);
  }
}

// ---------------------------------------------------------------------------------------------
// Front matter

/** The line of the closing `---`, or undefined (reported) when the front matter is missing. */
function findFrontMatter(src: SourceLines, report: Reporter): number | undefined {
  if (!H_SEPARATOR.test(src.at(1))) {
    report.at(1, 'missing front matter: the file must start with a "---" line, then YAML with a title, then "---"');
    return undefined;
  }
  for (let line = 2; line <= src.last; line++) {
    if (H_SEPARATOR.test(src.at(line))) return line;
  }
  report.at(1, 'unterminated front matter: no closing "---" line');
  return undefined;
}

function readMeta(src: SourceLines, frontEnd: number, report: Reporter): DeckMeta | undefined {
  const fields = readYamlMapping(src, 2, frontEnd, 'front matter', META_KEYS, report);
  if (!fields) return undefined;
  const title = requireText(fields.get('title'), 'title', 'front matter', 1, report);
  const subtitle = optionalText(fields.get('subtitle'), 'subtitle', report);
  const author = optionalText(fields.get('author'), 'author', report);
  const theme = readTheme(fields.get('theme'), report);
  const accent = readAccent(fields.get('accent'), report);
  if (title === undefined) return undefined;
  return {
    title,
    ...(subtitle !== undefined && { subtitle }),
    ...(author !== undefined && { author }),
    ...(theme !== undefined && { theme }),
    ...(accent !== undefined && { accent }),
  };
}

function readTheme(field: Field | undefined, report: Reporter): DeckTheme | undefined {
  if (!field) return undefined;
  const text = scalarText(field.node)?.trim();
  const theme = DECK_THEMES.find((t) => t === text);
  if (!theme) report.at(field.line, `unknown theme "${text ?? ''}" (allowed: ${DECK_THEMES.join(', ')})`);
  return theme;
}

/** A CSS hex colour, `#rgb` or `#rrggbb`, as lower-case `#rrggbb`. */
function readAccent(field: Field | undefined, report: Reporter): string | undefined {
  if (!field) return undefined;
  // Unquoted, YAML reads `#1a7f5a` as a comment and the value as empty: the colour is that comment.
  const comment = isScalar(field.node) && field.node.value === null ? field.node.comment : undefined;
  const text = (scalarText(field.node) ?? (typeof comment === 'string' ? `#${comment}` : '')).trim();
  if (!HEX_COLOUR.test(text)) {
    report.at(field.line, `"accent" must be a colour written #rgb or #rrggbb, e.g. "#1a7f5a" (found "${text}")`);
    return undefined;
  }
  const hex = text.slice(1).toLowerCase();
  return `#${hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex}`;
}

// ---------------------------------------------------------------------------------------------
// YAML blocks (front matter and polls)

/** One `key: value` of a YAML mapping, with the file line of its key. */
interface Field {
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
function readYamlMapping(
  src: SourceLines,
  from: number,
  to: number,
  what: string,
  allowedKeys: string[],
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
function scalarText(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  if (typeof node.value === 'string') return node.value;
  return node.source ?? String(node.value);
}

function requireText(field: Field | undefined, key: string, what: string, missingLine: number, report: Reporter): string | undefined {
  if (!field) {
    report.at(missingLine, `${what} is missing "${key}"`);
    return undefined;
  }
  return optionalText(field, key, report);
}

function optionalText(field: Field | undefined, key: string, report: Reporter): string | undefined {
  if (!field) return undefined;
  const text = scalarText(field.node)?.trim();
  if (!text) report.at(field.line, `"${key}" must be non-empty text`);
  return text || undefined;
}

// ---------------------------------------------------------------------------------------------
// Code fences and slide boundaries

interface Fence {
  open: number;
  /** Last line of the block: its closing fence, or the file's last line when it is unterminated. */
  end: number;
  closed: boolean;
  info: string;
}

/** Every fenced code block from line `from` on: separators and `Note:` inside them do not count. */
function findFences(src: SourceLines, from: number, report: Reporter): Fence[] {
  const fences: Fence[] = [];
  for (let line = from; line <= src.last; line++) {
    const match = FENCE_OPEN.exec(src.at(line));
    const marker = match?.[1];
    const info = match?.[2] ?? '';
    // A backtick fence's info string cannot contain backticks (that is inline code instead).
    if (!marker || (marker.startsWith('`') && info.includes('`'))) continue;
    const close = findFenceClose(src, line + 1, marker);
    if (close === undefined) report.at(line, `unterminated code fence: no closing ${marker} line`);
    fences.push({ open: line, end: close ?? src.last, closed: close !== undefined, info: info.trim() });
    line = close ?? src.last; // skip the block: fence-like lines inside it are content
  }
  return fences;
}

function findFenceClose(src: SourceLines, from: number, marker: string): number | undefined {
  // Closes with the same character, at least as many of them, and nothing else on the line.
  const closing = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`);
  for (let line = from; line <= src.last; line++) {
    if (closing.test(src.at(line))) return line;
  }
  return undefined;
}

function inFence(line: number, fences: Fence[]): boolean {
  return fences.some((f) => line >= f.open && line <= f.end);
}

/** One slide's lines in the file, before rendering. */
interface SlidePart {
  /** The separator line that opens the slide (the front matter's closing `---` for the first). */
  opener: number;
  /** First and one-past-last line of the slide's content. */
  from: number;
  to: number;
  position: SlidePosition;
  number: string;
}

function splitSlides(src: SourceLines, frontEnd: number, fences: Fence[]): SlidePart[] {
  type Bounds = Pick<SlidePart, 'opener' | 'from' | 'to'>;
  let stack: Bounds[] = [];
  const stacks = [stack];
  let opener = frontEnd;
  for (let line = frontEnd + 1; line <= src.last; line++) {
    const horizontal = H_SEPARATOR.test(src.at(line));
    if (!(horizontal || V_SEPARATOR.test(src.at(line))) || inFence(line, fences)) continue;
    stack.push({ opener, from: opener + 1, to: line });
    if (horizontal) {
      stack = [];
      stacks.push(stack);
    }
    opener = line;
  }
  stack.push({ opener, from: opener + 1, to: src.last + 1 });
  return stacks.flatMap((group, h) =>
    group.map((bounds, v) => ({
      ...bounds,
      position: { h, v },
      // reveal.js's "h.v" numbering, so the presenter matches what reveal.js shows.
      number: group.length > 1 ? `${h + 1}.${v + 1}` : `${h + 1}`,
    })),
  );
}

function checkNotEmpty(src: SourceLines, parts: SlidePart[], frontEnd: number, report: Reporter): void {
  const empty = parts.filter((p) => src.isBlank(p.from, p.to));
  if (empty.length === parts.length) {
    report.at(frontEnd, 'the deck has no slides: add Markdown after the front matter');
    return;
  }
  for (const part of empty) {
    report.at(part.opener, `empty slide: only blank lines after this "${src.at(part.opener).trim()}"`);
  }
}

// ---------------------------------------------------------------------------------------------
// Slides

function parseSlide(part: SlidePart, context: DeckContext): { slide: Slide; poll?: Poll } {
  const { src, fences, report } = context;
  const pollFences = fences.filter((f) => f.info === 'poll' && f.open >= part.from && f.open < part.to);
  // The poll block is shown by the presenter's own widget, so neither body nor notes render it.
  const kept = (from: number, to: number) =>
    Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i).filter((line) => !inFence(line, pollFences));

  let notesLine: number | undefined;
  for (let line = part.from; line < part.to && notesLine === undefined; line++) {
    if (NOTES_START.test(src.at(line)) && !inFence(line, fences)) notesLine = line;
  }
  const bodyLines = kept(part.from, notesLine ?? part.to);
  const body = renderLines(bodyLines, (line) => src.at(line), true, context);
  const noteLines = notesLine === undefined ? [] : [notesLine, ...kept(notesLine + 1, part.to)];
  const notes = renderLines(noteLines, (line) => (line === notesLine ? src.at(line).replace(NOTES_START, '') : src.at(line)), false, context);

  const id = body.id ? readSlideId(body.id, part.position, context) : undefined;
  const slide: Slide = {
    position: part.position,
    ...(id !== undefined && { id }),
    number: part.number,
    title: body.title,
    html: body.html,
    notes: notes.html,
    line: part.from,
  };
  const [first, ...extra] = pollFences;
  if (!first) return { slide };
  for (const fence of extra) {
    report.at(fence.open, `only one poll per slide: this slide already has a poll on line ${first.open}`);
  }
  // An unterminated fence is already reported; its content is not a poll block.
  if (!first.closed) return { slide };
  const poll = parsePoll(first.open, first.end, part.position, context);
  if (!poll) return { slide };
  return { slide: { ...slide, pollId: poll.id }, poll };
}

/**
 * Renders the given file lines as one Markdown text and reports its image problems at their
 * file lines. `id` comes back with the file line of its heading.
 */
function renderLines(
  lines: number[],
  text: (line: number) => string,
  slideId: boolean,
  context: DeckContext,
): { html: string; title: string; id?: SourceNote<string> } {
  const rendered = renderMarkdown(lines.map(text).join('\n'), { slideId, image: context.image });
  // Rendered line i is file line lines[i]; the fallback is only for an empty text.
  const fileLine = (i: number) => lines[i] ?? lines.at(-1) ?? 1;
  for (const problem of rendered.problems) context.report.at(fileLine(problem.line), problem.value);
  return {
    html: rendered.html,
    title: rendered.title,
    ...(rendered.id && { id: { line: fileLine(rendered.id.line), value: rendered.id.value } }),
  };
}

/** The slide's `{#id}`, checked and unique in the deck; undefined when invalid (reported). */
function readSlideId(id: SourceNote<string>, position: SlidePosition, context: DeckContext): string | undefined {
  const problem = idProblem(id.value);
  if (problem) {
    context.report.at(id.line, `invalid slide id "{#${id.value}}": ${problem}`);
    return undefined;
  }
  const first = context.slideIds.get(id.value);
  // Branch links name slides by id, so an id must lead to one slide only.
  if (first) {
    context.report.at(id.line, `duplicate slide id "${id.value}": already used by the slide heading on line ${first.line}`);
    return undefined;
  }
  context.slideIds.set(id.value, { position, line: id.line });
  return id.value;
}

/** Sets each link's `goto`, or reports a link to no slide or to the poll's own slide. */
function resolveLinks(context: DeckContext): void {
  for (const { option, target, line, from } of context.links) {
    const slide = context.slideIds.get(target);
    if (!slide) {
      context.report.at(
        line,
        `option "${option.id}" links to #${target}, but no slide has the id "${target}" (give a slide's first heading "{#${target}}" at its end)`,
      );
    } else if (slide.position.h === from.h && slide.position.v === from.v) {
      context.report.at(line, `option "${option.id}" links to #${target}, the slide its own poll is on: link to the slide to go to after the vote`);
    } else {
      option.goto = slide.position;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Polls

/** Reads the poll block between fence lines `open` and `close`; undefined when it has errors (reported). */
function parsePoll(open: number, close: number, slide: SlidePosition, context: DeckContext): Poll | undefined {
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
  for (const key of SCALE_KEYS) {
    const field = fields.get(key);
    if (field && type && type !== 'scale') report.at(field.line, `"${key}" is only allowed on scale polls`);
  }
  const textType = type === 'text' || type === 'qa' ? type : undefined;
  const text = textType ? readText(textType, fields, report) : undefined;
  for (const key of TEXT_KEYS) {
    const field = fields.get(key);
    if (field && type && !textType) report.at(field.line, `"${key}" is only allowed on text and qa polls`);
  }
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
  for (const key of ['unsure', 'depends'] as const) readYesnoFlag(fields.get(key), type, report);
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

/** Seconds the poll stays open once opened (it then closes by itself). */
function readTimer(field: Field | undefined, report: Reporter): number | undefined {
  if (!field) return undefined;
  const value = isScalar(field.node) ? field.node.value : undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < TIMER_MIN_SECONDS || value > TIMER_MAX_SECONDS) {
    report.at(field.line, `"timer" must be a whole number of seconds from ${TIMER_MIN_SECONDS} to ${TIMER_MAX_SECONDS}`);
    return undefined;
  }
  return value;
}

/** A scale poll's range (max, default 5) and optional end labels; undefined when invalid (reported). */
function readScale(fields: Map<string, Field>, report: Reporter): ScaleSpec | undefined {
  const maxField = fields.get('max');
  let max = SCALE_DEFAULT_MAX;
  if (maxField) {
    const value = isScalar(maxField.node) ? maxField.node.value : undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 2 || value > SCALE_MAX) {
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

/**
 * A text or qa poll's limits: `length` (characters per answer) and `answers` (answers or
 * questions per participant), each defaulted by type; undefined when either is invalid (reported).
 */
function readText(type: 'text' | 'qa', fields: Map<string, Field>, report: Reporter): TextSpec | undefined {
  const spec: TextSpec = { ...TEXT_DEFAULTS[type] };
  let valid = true;
  for (const key of TEXT_KEYS) {
    const field = fields.get(key);
    if (!field) continue;
    const [min, max] = TEXT_RANGES[key];
    const value = isScalar(field.node) ? field.node.value : undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      report.at(field.line, `"${key}" must be a whole number from ${min} to ${max}`);
      valid = false;
    } else spec[key] = value;
  }
  return valid ? spec : undefined;
}

/** Text and qa polls have no options: participants write their own answers or questions. */
function textOptions(type: 'text' | 'qa', fields: Map<string, Field>, report: Reporter): PollOption[] {
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

/** Why `id` cannot be a poll or option id, or undefined when it can. */
function idProblem(id: string): string | undefined {
  if (id.length > MAX_ID_LENGTH) return `ids are at most ${MAX_ID_LENGTH} characters`;
  if (!ID_PATTERN.test(id)) {
    return 'ids may only contain letters, digits, "-" and "_", and must start with a letter or digit';
  }
  return undefined;
}

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

/** A yesno poll's fixed options, plus "unsure" and "depends" when switched on. */
function yesnoOptions(fields: Map<string, Field>, report: Reporter): PollOption[] {
  const options = fields.get('options');
  if (options) {
    report.at(options.line, 'a yesno poll has fixed options (Yes, No): remove "options"; add "unsure: true" or "depends: true" for more');
  }
  const extras = (['unsure', 'depends'] as const)
    .filter((key) => {
      const node = fields.get(key)?.node;
      return isScalar(node) && node.value === true;
    })
    .map((key) => ({ id: key, label: YESNO_EXTRAS[key] }));
  return [{ id: 'yes', label: 'Yes' }, { id: 'no', label: 'No' }, ...extras];
}

/**
 * The options of a single, multi or rank poll, in order. When the type is unknown the options are
 * still checked (to report every error) but not required.
 */
function readOptions(
  field: Field | undefined,
  type: PollType | undefined,
  open: number,
  report: Reporter,
  slide: SlidePosition,
  links: PendingLink[],
): PollOption[] | undefined {
  const none = `no options: a poll needs at least 2, as "id: Label" lines under "options"`;
  if (!field) {
    if (type) report.at(open, none);
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
    const read: PollOption = { id: option.key, label };
    options.push(read);
    if (target !== undefined) links.push({ option: read, target, line: option.line, from: slide });
  }
  if (field.fields.length < 2) {
    report.at(field.line, `a poll needs at least 2 options (found ${field.fields.length})`);
    return undefined;
  }
  if (type === 'rank' && field.fields.length > RANK_MAX_OPTIONS) {
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

function readLimit(field: Field | undefined, type: PollType | undefined, options: PollOption[] | undefined, report: Reporter): number | undefined {
  if (!field) return undefined;
  if (type && type !== 'multi') {
    report.at(field.line, `"limit" is only allowed on multi polls`);
    return undefined;
  }
  const value = isScalar(field.node) ? field.node.value : undefined;
  const max = options?.length ?? Infinity;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    const range = options ? `from 1 to ${options.length} (the number of options)` : 'of at least 1';
    report.at(field.line, `"limit" must be a whole number ${range}`);
    return undefined;
  }
  return value;
}

function readYesnoFlag(field: Field | undefined, type: PollType | undefined, report: Reporter): void {
  if (!field) return;
  if (type && type !== 'yesno') report.at(field.line, `"${field.key}" is only allowed on yesno polls`);
  else if (!isScalar(field.node) || typeof field.node.value !== 'boolean') {
    report.at(field.line, `"${field.key}" must be true or false`);
  }
}
