// The typed deck that the parser produces and that server, presenter and audience share.
// Pure data (JSON-serialisable): the server sends it to the presenter as is.

export const POLL_TYPES = ['single', 'multi', 'yesno', 'scale', 'text', 'rank', 'qa'] as const;
export type PollType = (typeof POLL_TYPES)[number];

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

/** Poll types whose answers are free text rather than options. */
export function isTextPoll(poll: Pick<Poll, 'type'>): boolean {
  return poll.type === 'text' || poll.type === 'qa';
}

/** Position of a slide in the reveal.js grid (zero-based). `v` is 0 for a slide outside a stack. */
export interface SlidePosition {
  h: number;
  v: number;
}

export interface Poll {
  /** Stable id, unique within the deck. */
  id: string;
  type: PollType;
  question: string;
  /** What participants choose from (a `rank` poll orders all of them); empty for `text` and `qa`. */
  options: PollOption[];
  /** `multi` only: the most options one participant may pick (absent = no limit). */
  limit?: number;
  /** `scale` only: ratings 1…max (the options, ids "1"…"max") and the words at either end. */
  scale?: ScaleSpec;
  /** `text` and `qa` only: answer length and count limits. */
  text?: TextSpec;
  /** Seconds the poll stays open once opened (deck key `timer`, 5–3600): it then closes by itself. */
  timer?: number;
  /** The slide the poll sits on. */
  slide: SlidePosition;
  /** 1-based line of the poll block's opening fence in the source file. */
  line: number;
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
  /** 1-based line where the slide starts in the source file. */
  line: number;
}

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

export interface DeckMeta {
  title: string;
  subtitle?: string;
  author?: string;
  /** reveal.js theme of the deck (front matter `theme`); `white` if left out. */
  theme?: DeckTheme;
  /** Accent colour as `#rrggbb` (front matter `accent`): charts, highlights and the phone page follow it. */
  accent?: string;
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
