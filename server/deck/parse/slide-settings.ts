// A slide's own settings: a ```slide fence holding YAML, anywhere on the slide (body or notes),
// never shown. `time: 4` plans 4 minutes for the slide; `optional: true` leaves it out of the
// plan's core (see ../plan.ts); `discuss: 120` offers a 2-minute discussion timer in the console.
// At most one such block a slide.
import type { Slide } from '../types.js';
import type { Fence } from './fences.js';
import type { Reporter } from './report.js';
import type { SourceLines } from './source.js';
import { readFlag, readMinutes, readTimerSeconds, readYamlMapping } from './yaml-fields.js';

/** The info string of a slide settings block. */
export const SLIDE_BLOCK = 'slide';
const SLIDE_KEYS = ['time', 'optional', 'discuss'];

export type SlideSettings = Pick<Slide, 'time' | 'optional' | 'discuss'>;

/** The settings of the slide's ```slide blocks (the first; any other is reported), with every problem reported at its line. */
export function readSlideSettings(src: SourceLines, blocks: readonly Fence[], report: Reporter): SlideSettings {
  const [first, ...extra] = blocks;
  if (!first) return {};
  for (const fence of extra) {
    report.at(fence.open, `only one slide block per slide: this slide already has one on line ${first.open}`);
  }
  // An unterminated fence is already reported; its content is not a settings block.
  if (!first.closed) return {};
  const fields = readYamlMapping(src, first.open + 1, first.end, 'slide block', SLIDE_KEYS, report);
  if (!fields) return {};
  if (src.isBlank(first.open + 1, first.end)) {
    report.at(
      first.open,
      'empty slide block: write "time: 4" (the minutes planned for the slide), "optional: true" or "discuss: 120" (seconds of discussion)',
    );
    return {};
  }
  const time = readMinutes(fields.get('time'), 'time', report);
  const discuss = readTimerSeconds(fields.get('discuss'), 'discuss', report);
  const optional = readFlag(fields.get('optional'), 'optional', report);
  return { ...(time !== undefined && { time }), ...(optional && { optional: true as const }), ...(discuss !== undefined && { discuss }) };
}
