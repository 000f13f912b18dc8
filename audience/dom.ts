// A tiny DOM builder. Text always goes in through text nodes: server strings are never parsed as HTML.

type Attr = string | number | boolean | null | undefined;
type Listener = (ev: Event) => void;
export type Props = Record<string, Attr | Listener>;
export type Child = Node | string | null | undefined | false;

/** The listeners h() attached to each element, so that mount() can move them onto a kept element. */
const listeners = new WeakMap<Element, [type: string, listener: Listener][]>();

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (typeof value === 'function') {
      on(el, name.slice(2), value);
    } else if (value === true) {
      el.setAttribute(name, '');
    } else if (value !== false && value != null) {
      el.setAttribute(name, String(value));
    }
  }
  for (const child of children) {
    if (child == null || child === false) continue;
    el.append(child);
  }
  return el;
}

/** Adds an event listener that mount() knows about (use it instead of addEventListener in screens). */
export function on(el: Element, type: string, listener: Listener): void {
  el.addEventListener(type, listener);
  const list = listeners.get(el);
  if (list) list.push([type, listener]);
  else listeners.set(el, [[type, listener]]);
}

/**
 * Makes `target` behave like `source`: its attributes and its listeners become those of `source`.
 * Used when a re-render keeps an existing element (a focused text box) instead of its new twin.
 */
export function adopt(target: Element, source: Element): void {
  for (const name of target.getAttributeNames()) {
    if (!source.hasAttribute(name)) target.removeAttribute(name);
  }
  for (const name of source.getAttributeNames()) {
    const value = source.getAttribute(name)!;
    if (target.getAttribute(name) !== value) target.setAttribute(name, value);
  }
  for (const [type, listener] of listeners.get(target) ?? []) target.removeEventListener(type, listener);
  const fresh = listeners.get(source) ?? [];
  for (const [type, listener] of fresh) target.addEventListener(type, listener);
  listeners.set(target, [...fresh]);
}
