// The facilitator's tools drawn on the projected deck — a poll's buttons, the branch buttons, the
// Answered / Hide buttons, the Export button and the keys line — are seen only while the pointer
// moves over the window (as reveal.js hides an idle cursor) or while one of them has the keyboard
// focus: the room sees the slide, not the tools. The console shows them all the time. They fade
// out rather than go, so that a click finds them where the eye left them.

/** How long after the pointer last moved the tools fade out. */
const IDLE_MS = 2500;

/** Marks `root` `pointer-active` while the pointer moves (style.css fades the tools without it). */
export function showToolsWhilePointerMoves(root: HTMLElement): void {
  let idle: ReturnType<typeof setTimeout> | undefined;
  const moved = (): void => {
    root.classList.add('pointer-active');
    clearTimeout(idle);
    idle = setTimeout(() => root.classList.remove('pointer-active'), IDLE_MS);
  };
  document.addEventListener('pointermove', moved, { passive: true });
  document.addEventListener('pointerdown', moved, { passive: true });
}
