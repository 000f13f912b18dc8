// A projector cannot scroll: a box of entries (the Q&A board, the answer list) shows the rows that
// fit it whole and says how many more there are, instead of a scroll bar nobody can use. Sizes are
// read in layout pixels (offsetTop, clientHeight), which reveal.js's scaling of the slide leaves alone.

/** Whether `box`'s content fits inside it (a pixel of rounding allowed). */
export function fits(box: HTMLElement): boolean {
  return box.scrollHeight <= box.clientHeight + 1;
}

/**
 * Shows `list`'s rows in order until one would end below the list's box; that row and every later
 * one are hidden, and `more` says how many (hidden when none). A list not on screen (no height) is
 * left as it is: `onResize` fits it again when its slide is shown.
 */
export function showRowsThatFit(list: HTMLElement, more: HTMLElement, say: (hidden: number) => string): void {
  const rows = [...list.children] as HTMLElement[];
  for (const row of rows) row.hidden = false;
  let hidden = 0;
  if (list.clientHeight > 0 && !fits(list)) {
    const first = rows.findIndex((row) => row.offsetTop + row.offsetHeight > list.clientHeight + 1);
    for (const row of rows.slice(first)) row.hidden = true;
    hidden = rows.length - first;
  }
  more.hidden = hidden === 0;
  more.textContent = hidden === 0 ? '' : say(hidden);
}

/**
 * Calls `refit` when `box` changes width (its slide shown: from nothing to the slide's width, or a
 * window of another size). Its height is left out: fitting changes it, and would call `refit` again.
 */
export function onResize(box: HTMLElement, refit: () => void): void {
  let width = -1;
  new ResizeObserver(() => {
    if (box.clientWidth === width) return;
    width = box.clientWidth;
    refit();
  }).observe(box);
}
