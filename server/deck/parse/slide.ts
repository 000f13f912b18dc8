// One slide read in full: its body and notes rendered, its `{#id}`, its settings (```slide:
// planned minutes) and the poll on it.
import { type ImageTarget, renderMarkdown, type SourceNote } from '../render.js';
import type { Poll, Slide } from '../types.js';
import type { Fence } from './fences.js';
import { readSlideId, type SlideIds } from './links.js';
import { splitNotes } from './notes.js';
import { type PollContext, parsePoll } from './poll.js';
import { readSlideSettings, SLIDE_BLOCK } from './slide-settings.js';
import type { SlidePart } from './slides.js';
import type { SourceText } from './source.js';

/** What reading the slides and polls of one deck shares. */
export interface DeckContext extends PollContext {
  /** Every code fence after the front matter. */
  fences: Fence[];
  /** The ids of the slides read so far. */
  slideIds: SlideIds;
  /** Decides every image's src, or why it cannot be shown. */
  image: (src: string) => ImageTarget;
}

export function parseSlide(part: SlidePart, context: DeckContext): { slide: Slide; poll?: Poll } {
  const { src, fences, report } = context;
  const onSlide = fences.filter((f) => f.open >= part.from && f.open < part.to);
  const pollFences = onSlide.filter((f) => f.info === 'poll');
  const settingFences = onSlide.filter((f) => f.info === SLIDE_BLOCK);
  // The poll block is shown by the presenter's own widget, and the slide block is settings:
  // neither body nor notes render them.
  const text = splitNotes(src, part, fences, [...pollFences, ...settingFences]);
  const body = renderLines(text.body, true, context);
  const notes = renderLines(text.notes, false, context);

  const id = body.id ? readSlideId(body.id, part.position, context.slideIds, report) : undefined;
  const slide: Slide = {
    position: part.position,
    ...(id !== undefined && { id }),
    number: part.number,
    title: body.title,
    html: body.html,
    notes: notes.html,
    ...readSlideSettings(src, settingFences, report),
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
function renderLines(lines: SourceText[], slideId: boolean, context: DeckContext): { html: string; title: string; id?: SourceNote<string> } {
  const rendered = renderMarkdown(lines.map((l) => l.text).join('\n'), { slideId, image: context.image });
  // Rendered line i is file line lines[i]; the fallback is only for an empty text.
  const fileLine = (i: number) => lines[i]?.line ?? lines.at(-1)?.line ?? 1;
  for (const problem of rendered.problems) context.report.at(fileLine(problem.line), problem.value);
  return {
    html: rendered.html,
    title: rendered.title,
    ...(rendered.id && { id: { line: fileLine(rendered.id.line), value: rendered.id.value } }),
  };
}
