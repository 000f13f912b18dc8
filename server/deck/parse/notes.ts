// Speaker notes: from a slide's first `Note:` line (outside code fences) to the slide's end.
import { type Fence, inFence } from './fences.js';
import type { SlidePart } from './slides.js';
import type { SourceLines, SourceText } from './source.js';

/** `Note:` or `Notes:`, any case, at the start of a line; text after it on that line is notes. */
const NOTES_START = /^notes?:/i;

/** A slide's Markdown, line by line, split into what the audience sees and what the presenter reads. */
export interface SlideText {
  body: SourceText[];
  notes: SourceText[];
}

/**
 * Splits the slide's lines into body and notes. The lines of `hidden` fences (the slide's poll
 * blocks, which the presenter shows with its own widget) are in neither.
 */
export function splitNotes(src: SourceLines, part: Pick<SlidePart, 'from' | 'to'>, fences: readonly Fence[], hidden: readonly Fence[]): SlideText {
  const kept = (from: number, to: number) =>
    Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i).filter((line) => !inFence(line, hidden));
  const text = (line: number): SourceText => ({ line, text: src.at(line) });

  let notesLine: number | undefined;
  for (let line = part.from; line < part.to && notesLine === undefined; line++) {
    if (NOTES_START.test(src.at(line)) && !inFence(line, fences)) notesLine = line;
  }
  const body = kept(part.from, notesLine ?? part.to).map(text);
  if (notesLine === undefined) return { body, notes: [] };
  const first = { line: notesLine, text: src.at(notesLine).replace(NOTES_START, '') };
  return { body, notes: [first, ...kept(notesLine + 1, part.to).map(text)] };
}
