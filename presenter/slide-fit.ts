// A poll slide that shows more than it was written for — two rounds, two questions, a split by
// role under a long case — is made to fit the projector's 720 px in steps instead of running off
// its bottom: step 1 tightens the chart (bar names hidden but still read out, labels given more
// width), step 2 also sets the slide's own text smaller, step 3 leaves only the slide's title above
// the chart (the case was on screen before the view grew). The chart's labels stay the size that
// reads from the back of a room at every step. The styles of each step are in style.css
// (`section[data-fit~=…]`); `data-fit` lists every step taken.

/** The steps, lightest first. */
const FIT_STEPS = ['chart', 'text', 'case'] as const;

/** Takes the fewest steps after which `section` is at most `height` tall (none when it fits as written). */
export function fitSlide(section: HTMLElement, height: number): void {
  delete section.dataset.fit;
  const taken: string[] = [];
  // Each read of scrollHeight lays the slide out again with the steps just set.
  for (const step of FIT_STEPS) {
    if (section.scrollHeight <= height) return;
    taken.push(step);
    section.dataset.fit = taken.join(' ');
  }
}

/**
 * Keeps the slide on screen fitted as its poll's chart changes size (a reveal, vote again, a view
 * switched, a split gaining a column), then calls `laidOut` (reveal.js centres a slide by its height).
 * Setting a step changes sizes too; the observer then sees the same result and stops there.
 */
export function keepFitted(slides: HTMLElement, height: number, current: () => HTMLElement | undefined, laidOut: () => void): () => void {
  const refit = (): void => {
    const section = current();
    if (!section) return;
    fitSlide(section, height);
    laidOut();
  };
  const observer = new ResizeObserver(refit);
  for (const poll of slides.querySelectorAll<HTMLElement>('section.has-poll .poll')) observer.observe(poll);
  return refit;
}
