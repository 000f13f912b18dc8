// Slide ids (`{#id}` at the end of a slide's first heading) and the branch links of poll options
// (`-> #id`) that lead to them.
import type { SourceNote } from '../render.js';
import type { PollOption, SlidePosition } from '../types.js';
import { idProblem } from './ids.js';
import type { Reporter } from './report.js';

/** Slide id → the slide's position and the line of its heading. */
export type SlideIds = Map<string, { position: SlidePosition; line: number }>;

/** An option's `-> #slide-id`, before the slide is known. */
export interface PendingLink {
  option: PollOption;
  target: string;
  /** The option's line. */
  line: number;
  /** The slide of the poll the option belongs to. */
  from: SlidePosition;
}

/** The slide's `{#id}`, checked and unique in the deck (then added to `slideIds`); undefined when invalid (reported). */
export function readSlideId(id: SourceNote<string>, position: SlidePosition, slideIds: SlideIds, report: Reporter): string | undefined {
  const problem = idProblem(id.value);
  if (problem) {
    report.at(id.line, `invalid slide id "{#${id.value}}": ${problem}`);
    return undefined;
  }
  const first = slideIds.get(id.value);
  // Branch links name slides by id, so an id must lead to one slide only.
  if (first) {
    report.at(id.line, `duplicate slide id "${id.value}": already used by the slide heading on line ${first.line}`);
    return undefined;
  }
  slideIds.set(id.value, { position, line: id.line });
  return id.value;
}

/**
 * Sets each link's `goto`, or reports a link to no slide or to the poll's own slide. Links may
 * point forward, so this runs once every slide's id is known.
 */
export function resolveLinks(links: readonly PendingLink[], slideIds: SlideIds, report: Reporter): void {
  for (const { option, target, line, from } of links) {
    const slide = slideIds.get(target);
    if (!slide) {
      report.at(
        line,
        `option "${option.id}" links to #${target}, but no slide has the id "${target}" (give a slide's first heading "{#${target}}" at its end)`,
      );
    } else if (slide.position.h === from.h && slide.position.v === from.v) {
      report.at(line, `option "${option.id}" links to #${target}, the slide its own poll is on: link to the slide to go to after the vote`);
    } else {
      option.goto = slide.position;
    }
  }
}
