// Slide boundaries: `---` lines start the next horizontal slide, `--` lines the next slide down a
// vertical stack; inside a code fence neither counts.
import { type Fence, inFence } from './fences.js';
import type { Reporter } from './report.js';
import type { SourceLines } from './source.js';
import type { SlidePosition } from '../types.js';

/** Also the front matter's opening and closing line. */
export const H_SEPARATOR = /^---\s*$/;
const V_SEPARATOR = /^--\s*$/;

/** One slide's lines in the file, before rendering. */
export interface SlidePart {
  /** The separator line that opens the slide (the front matter's closing `---` for the first). */
  opener: number;
  /** First and one-past-last line of the slide's content. */
  from: number;
  to: number;
  position: SlidePosition;
  number: string;
}

/** The slides after the front matter (which ends on line `frontEnd`), in presentation order. */
export function splitSlides(src: SourceLines, frontEnd: number, fences: readonly Fence[]): SlidePart[] {
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

/** Reports a deck with no content at the front matter's end, else each blank slide at its separator. */
export function checkNotEmpty(src: SourceLines, parts: readonly SlidePart[], frontEnd: number, report: Reporter): void {
  const empty = parts.filter((p) => src.isBlank(p.from, p.to));
  if (empty.length === parts.length) {
    report.at(frontEnd, 'the deck has no slides: add Markdown after the front matter');
    return;
  }
  for (const part of empty) {
    report.at(part.opener, `empty slide: only blank lines after this "${src.at(part.opener).trim()}"`);
  }
}
