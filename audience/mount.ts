// Putting a freshly built screen on the page without disturbing what the participant is doing.
//
// The page rebuilds the whole screen on every state change (a Q&A board changes whenever anyone
// posts or upvotes). A text box marked `data-keep="<key>"` that is on the page and in the new screen
// under the same key is kept: the new screen is grafted around the existing element, which never
// leaves the document. So it keeps focus, caret, selection, scroll, undo history, an unfinished
// IME composition, and the phone keeps its keyboard open (iOS closes it when the focused box goes
// and does not reopen it for a box focused by script). Everything else is replaced. The kept element
// takes the new one's attributes and listeners (see dom.ts `adopt`) and its value when it differs
// (e.g. cleared after a send). So a listener on a keepable element must read the element from
// `ev.currentTarget`, never from the variable it was built in (that one is thrown away).
//
// Otherwise (no kept box, or the screen's structure changed) the screen is replaced, and focus goes
// back to the control with the same id, with an input's caret and selection restored.
import { adopt } from './dom.js';

type TextControl = HTMLInputElement | HTMLTextAreaElement;

interface FocusMemo {
  id: string;
  element: Element;
  selection: { start: number; end: number; direction: 'forward' | 'backward' | 'none'; scrollTop: number } | null;
}

function isTextControl(el: Element | null): el is TextControl {
  return el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement;
}

function remember(root: HTMLElement): FocusMemo | null {
  const active = document.activeElement;
  if (!(active instanceof HTMLElement) || !root.contains(active) || active.id === '') return null;
  let selection: FocusMemo['selection'] = null;
  if (isTextControl(active)) {
    try {
      // null for input types without a caret (checkbox, number…); some throw.
      if (active.selectionStart !== null && active.selectionEnd !== null) {
        selection = {
          start: active.selectionStart,
          end: active.selectionEnd,
          direction: active.selectionDirection ?? 'none',
          scrollTop: active.scrollTop,
        };
      }
    } catch {
      selection = null;
    }
  }
  return { id: active.id, element: active, selection };
}

function restore(memo: FocusMemo): void {
  if (document.activeElement === memo.element && memo.element.isConnected) return; // never lost
  const again = document.getElementById(memo.id);
  if (!again || (again as HTMLButtonElement).disabled) return;
  again.focus({ preventScroll: true });
  if (memo.selection && isTextControl(again)) {
    const { start, end, direction, scrollTop } = memo.selection;
    const length = again.value.length;
    try {
      again.setSelectionRange(Math.min(start, length), Math.min(end, length), direction);
      again.scrollTop = scrollTop;
    } catch {
      // not a control with a selection
    }
  }
}

/** Ancestors of `el` from `top` down to `el` itself, or null if `el` is not inside `top`. */
function pathFrom(top: Element, el: Element): Element[] | null {
  const path: Element[] = [];
  for (let n: Element | null = el; n; n = n.parentElement) {
    path.unshift(n);
    if (n === top) return path;
  }
  return null;
}

/** Builds `next` around the kept element `old` already on the page; false if the shapes differ. */
function graft(root: HTMLElement, next: Element, old: Element, twin: Element): boolean {
  const top = root.firstElementChild;
  if (!top || root.childNodes.length !== 1) return false;
  const oldPath = pathFrom(top, old);
  const newPath = pathFrom(next, twin);
  if (!oldPath || !newPath || oldPath.length !== newPath.length) return false;
  if (oldPath.some((el, i) => el.tagName !== newPath[i]!.tagName)) return false;
  for (let i = 0; i < oldPath.length; i++) {
    const o = oldPath[i]!;
    const n = newPath[i]!;
    adopt(o, n);
    const oChild = oldPath[i + 1];
    const nChild = newPath[i + 1];
    if (!oChild || !nChild) continue;
    const kids = [...n.childNodes];
    const at = kids.indexOf(nChild);
    for (const c of [...o.childNodes]) if (c !== oChild) c.remove();
    oChild.before(...kids.slice(0, at));
    oChild.after(...kids.slice(at + 1));
  }
  if (isTextControl(old) && isTextControl(twin) && old.value !== twin.value) old.value = twin.value;
  return true;
}

/** Replaces what `root` shows with `next` (see the top of this file). */
export function mount(root: HTMLElement, next: Node): void {
  const memo = remember(root);
  const old = root.querySelector('[data-keep]');
  const key = old?.getAttribute('data-keep');
  const twin = key && next instanceof Element ? next.querySelector(`[data-keep="${CSS.escape(key)}"]`) : null;
  if (!(old && twin && next instanceof Element && graft(root, next, old, twin))) root.replaceChildren(next);
  if (memo) restore(memo);
}
