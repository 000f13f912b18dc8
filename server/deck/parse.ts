// The deck parser: Markdown source → typed Deck that keeps source lines, or every error found.
// Pure (no I/O) so that it is easy to test; load.ts owns the file system. The format is
// documented for authors in docs/deck-format.md. Each stage lives in parse/ and reports its
// errors to one Reporter; this module runs them in order.
import { imageTarget } from './files.js';
import { findFences } from './parse/fences.js';
import { findFrontMatter, readMeta } from './parse/front-matter.js';
import { resolveLinks } from './parse/links.js';
import { Reporter } from './parse/report.js';
import { type DeckContext, parseSlide } from './parse/slide.js';
import { checkNotEmpty, splitSlides } from './parse/slides.js';
import { SourceLines } from './parse/source.js';
import type { ParseResult, Poll, Slide } from './types.js';

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
    ...(meta?.results && { results: meta.results }),
  };
  const slides: Slide[] = [];
  const polls: Poll[] = [];
  for (const part of parts) {
    const { slide, poll } = parseSlide(part, context);
    slides.push(slide);
    if (poll) polls.push(poll);
  }
  // Links may point forward, so they are resolved once every slide's id is known.
  resolveLinks(context.links, context.slideIds, report);

  if (report.errors.length > 0 || !meta) return { ok: false, errors: report.sorted() };
  return { ok: true, deck: { id, meta, slides, polls } };
}

/** "slides/mentoring.md" → "mentoring", without node:path so the parser stays portable. */
function deckId(file: string): string {
  return file.replace(/^.*[\\/]/, '').replace(/\.md$/, '');
}
