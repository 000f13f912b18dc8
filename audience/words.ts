// What the page says, kept as data: a message key of the catalogue and its arguments. The state
// holds phrases, never translated text, so that a language switch re-words everything on screen
// (a status line, a form error) and state can be compared by key whatever the language.
import { t } from './i18n.js';
import type { Messages } from './locales/en.js';

type Key = keyof Messages;

/** A message's arguments; a text argument may itself be a phrase (worded in the same language). */
type Args<A extends unknown[]> = { [I in keyof A]: A[I] extends string ? A[I] | Phrase : A[I] };

/** One message of the catalogue, with its arguments when it takes any. */
export type Phrase = {
  [K in Key]: Messages[K] extends (...args: infer A) => string ? { key: K; args: Args<A> } : { key: K };
}[Key];

/** The phrase in the current language. */
export function say(phrase: Phrase): string {
  const message = t[phrase.key];
  if (typeof message === 'string') return message;
  const args = (phrase as { args: unknown[] }).args.map((a) => (typeof a === 'object' && a !== null ? say(a as Phrase) : a));
  return (message as (...a: unknown[]) => string)(...args);
}
