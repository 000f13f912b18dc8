// How long a typed answer is, as people count it, and when the page warns about its limit.

/** Characters in a string as people count them (an emoji is one). */
export function charCount(s: string): number {
  return [...s].length;
}

/** From how many characters left the counter turns amber (and the page says how many are left). */
export function nearLimit(length: number): number {
  return Math.max(10, Math.round(length * 0.1));
}
