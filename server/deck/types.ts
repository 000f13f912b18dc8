// The typed deck that the parser produces and that server, presenter and audience share.
// Pure data (JSON-serialisable): the server sends it to the presenter as is.

/** Every kind of poll (one interface each in `Poll`, below), in the order the deck format lists them. */
export const POLL_TYPES = ['single', 'multi', 'yesno', 'scale', 'text', 'rank', 'qa'] as const satisfies readonly PollType[];
export type PollType = Poll['type'];

export interface PollOption {
  /** Stable id, unique within its poll; what votes and exports refer to. */
  id: string;
  label: string;
  /**
   * Branching: the slide this option leads to (deck syntax `option-id: Label -> #slide-id`, the
   * slide's first heading ending in `{#slide-id}`). The presenter can jump there after the vote.
   */
  goto?: SlidePosition;
}

export interface ScaleSpec {
  max: number;
  low?: string;
  high?: string;
}

/** `text` and `qa` polls: how long one answer may be and how many one participant may send. */
export interface TextSpec {
  /** Most characters in one answer (deck key `length`; default 200). */
  length: number;
  /** Most answers (text) or questions (qa) from one participant (deck key `answers`). */
  answers: number;
}

/** Position of a slide in the reveal.js grid (zero-based). `v` is 0 for a slide outside a stack. */
export interface SlidePosition {
  h: number;
  v: number;
}

/** What every poll has, whatever its kind. */
interface PollBase {
  /** Stable id, unique within the deck. */
  id: string;
  question: string;
  /** What participants choose from (a `rank` poll orders all of them); empty for `text` and `qa`. */
  options: PollOption[];
  /** Seconds the poll stays open once opened (deck key `timer`, 5–3600): it then closes by itself. */
  timer?: number;
  /**
   * `results: live` (the poll's own key, or the deck's front matter): the projector shows the
   * results as answers come in. Absent: hidden on the projector, as on the phones, until revealed.
   */
  liveResults?: true;
  /**
   * `commitment: true`: the participant's closing commitment (the mentoring deck's last step and
   * its words). "My session" shows it first and offers a reminder of it; a follow-up session shows
   * it back to the phone that gave it.
   */
  commitment?: true;
  /**
   * `kept: <option id>` (a follow-up deck, single or yesno polls): this poll asks whether the
   * commitment of the earlier session was kept, and this option means it was. A follow-up's
   * report counts its answers per earlier commitment step.
   */
  kept?: string;
  /** The slide the poll sits on. */
  slide: SlidePosition;
  /** 1-based line of the poll block's opening fence in the source file. */
  line: number;
}

/** One of a paired poll's two questions over the same options (deck key `ask`). */
export interface PollAsk {
  /** Its name, e.g. `should`, `would`: the key of its counts (`Tally.asked`) and of export rows. */
  id: string;
  question: string;
}

export interface SinglePoll extends PollBase {
  type: 'single';
  /**
   * A paired poll: two questions over the same options ("What should you do?" / "What would you
   * actually do?"), each answered with one option; an answer names one option per question, in
   * this order. Absent: one question.
   */
  ask?: PollAsk[];
}

export interface MultiPoll extends PollBase {
  type: 'multi';
  /** The most options one participant may pick (absent = no limit). */
  limit?: number;
}

export interface YesnoPoll extends PollBase {
  type: 'yesno';
}

export interface ScalePoll extends PollBase {
  type: 'scale';
  /** Ratings 1…max (the options, ids "1"…"max") and the words at either end. */
  scale: ScaleSpec;
}

export interface RankPoll extends PollBase {
  type: 'rank';
}

export interface TextPoll extends PollBase {
  type: 'text';
  /** Answer length and count limits. */
  text: TextSpec;
}

export interface QaPoll extends PollBase {
  type: 'qa';
  /** Question length and count limits. */
  text: TextSpec;
}

/**
 * A poll of the deck, told apart by `type`: each kind carries only its own fields (the same JSON
 * on the wire as a flat shape with optional `limit`, `scale` and `text`).
 */
export type Poll = SinglePoll | MultiPoll | YesnoPoll | ScalePoll | RankPoll | TextPoll | QaPoll;

/** The poll of one kind, e.g. `PollOf<'scale'>` is ScalePoll. */
export type PollOf<T extends PollType> = Extract<Poll, { type: T }>;

/** Polls whose answers are typed (open text, Q&A questions) rather than a choice of options. */
export type EntryPoll = TextPoll | QaPoll;
/** Polls whose answers are a choice (or an order) of their options. */
export type ChoicePoll = Exclude<Poll, EntryPoll>;

/** Poll types whose answers are free text rather than options. */
export function isTextPoll<P extends Pick<Poll, 'type'>>(poll: P): poll is Extract<P, { type: EntryPoll['type'] }> {
  return poll.type === 'text' || poll.type === 'qa';
}

export interface Slide {
  position: SlidePosition;
  /** The author's id for the slide (`{#id}` at the end of its first heading), for branch links. */
  id?: string;
  /** Slide number as the presenter shows it: "3", or "4.2" inside a vertical stack. */
  number: string;
  /** Text of the slide's first heading ('' if none): what the phones show between polls. */
  title: string;
  /** Rendered HTML of the slide body (raw HTML in the source is escaped, never passed through). */
  html: string;
  /** Rendered HTML of the speaker notes ('' if none). */
  notes: string;
  /** Id of the poll on this slide, if any (at most one poll per slide). */
  pollId?: string;
  /** Minutes planned for this slide (`time:` in its ```slide block); absent: none planned. See plan.ts. */
  time?: number;
  /** `optional: true` in its ```slide block: not in the plan's core, what to add when ahead or skip when behind. */
  optional?: true;
  /** `discuss: 120` in its ```slide block: the console offers a discussion timer of that many seconds (5–3600) as its first choice. */
  discuss?: number;
  /** 1-based line where the slide starts in the source file. */
  line: number;
}

/** The size every slide is laid out at, in CSS pixels: reveal.js scales it to the window, and a handout's page is this size. */
export const SLIDE_SIZE = { width: 1280, height: 720 } as const;

/**
 * reveal.js's bundled themes, by file name (reveal.js/dist/theme/NAME.css). Some of them import
 * Google Fonts; the build strips those imports (no request leaves the local network) and the
 * themes fall back to their next font.
 */
export const DECK_THEMES = [
  'white',
  'black',
  'white-contrast',
  'black-contrast',
  'league',
  'beige',
  'night',
  'serif',
  'simple',
  'solarized',
  'moon',
  'dracula',
  'sky',
  'blood',
] as const;
export type DeckTheme = (typeof DECK_THEMES)[number];

/**
 * When the projector shows a poll's results (deck key `results`): `revealed` (the default) once the
 * presenter reveals them (`R`), at the same moment as the phones; `live` as answers come in.
 */
export const RESULTS_MODES = ['revealed', 'live'] as const;
export type ResultsMode = (typeof RESULTS_MODES)[number];

export interface DeckMeta {
  title: string;
  subtitle?: string;
  author?: string;
  /** reveal.js theme of the deck (front matter `theme`); `white` if left out. */
  theme?: DeckTheme;
  /** Accent colour as `#rrggbb` (front matter `accent`): charts, highlights and the phone page follow it. */
  accent?: string;
  /** Front matter `results: live`: every poll of the deck shows its results live, unless it says `results: revealed`. */
  results?: 'live';
  /** Front matter `roles`: who is in the room; phones ask each participant once, charts can be split by role. */
  roles?: Role[];
  /** Front matter `duration`: the session's length in minutes, which the timing plan should fit. */
  duration?: number;
  /**
   * Front matter `self-paced-results`: in a self-paced session, whether a participant is shown a
   * poll's results once they answered it (`after-answer`, the default when absent) or never.
   */
  selfPacedResults?: 'after-answer' | 'never';
}

/** The id of "Prefer not to say", which phones always offer besides a deck's roles: no role may take it. */
export const UNSAID_ROLE = 'unsaid';

/** One of the deck's roles (front matter `roles`). */
export interface Role {
  /** Made from the name (lower case, words joined by "-"): what the records and exports keep. */
  id: string;
  label: string;
}

export interface Deck {
  /** File name without `.md`, e.g. "mentoring": how sessions and the API name the deck. */
  id: string;
  meta: DeckMeta;
  /** Every slide in presentation order (horizontal, then down each stack). */
  slides: Slide[];
  /** Every poll in presentation order. */
  polls: Poll[];
}

export interface DeckError {
  file: string;
  /** 1-based line in the file. */
  line: number;
  message: string;
}

export type ParseResult = { ok: true; deck: Deck } | { ok: false; errors: DeckError[] };

export function formatDeckError(e: DeckError): string {
  return `${e.file}:${e.line}: ${e.message}`;
}
