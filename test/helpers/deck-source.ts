// Deck sources line by line, for the parser's specification tests: each test writes the lines it
// is about and names the exact line of every error.
import { expect } from 'vitest';
import { parseDeck, type ParseOptions } from '../../server/deck/parse.js';
import type { Deck, DeckError } from '../../server/deck/types.js';

export const FILE = 'slides/test.md';
/** Front matter taking lines 1–3, so a deck's content starts on line 4. */
export const FRONT = ['---', 'title: Test deck', '---'];

/** A deck source from its lines: entry N of the arguments is line N of the file. */
export const source = (...lines: string[]) => `${lines.join('\n')}\n`;
export const deckWith = (...lines: string[]) => source(...FRONT, ...lines);
/** A ```poll block: the fence is its first line, the YAML starts on the next. */
export const poll = (...yaml: string[]) => ['```poll', ...yaml, '```'];

/** The parser's options, and the file the deck is read from (FILE unless given). */
export type ParseAs = ParseOptions & { file?: string };

export function parseOk(text: string, { file = FILE, ...options }: ParseAs = {}): Deck {
  const result = parseDeck(text, file, options);
  if (!result.ok) throw new Error(`expected a valid deck, got:\n${JSON.stringify(result.errors, null, 2)}`);
  return result.deck;
}

export function errorsOf(text: string, options: ParseOptions = {}): DeckError[] {
  const result = parseDeck(text, FILE, options);
  if (result.ok) throw new Error('expected errors, but the deck parsed');
  return result.errors;
}

/** The deck has exactly one error: at `line`, with `fragment` in its message. */
export function expectOnlyError(text: string, line: number, fragment: string, options: ParseOptions = {}): void {
  expect(errorsOf(text, options)).toEqual([{ file: FILE, line, message: expect.stringContaining(fragment) }]);
}
