// Loading decks from disk: the only part of the deck code that touches the file system.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseDeck } from './parse.js';
import { formatDeckError, type Deck, type DeckError } from './types.js';

/** Every problem found in one or more deck files; the message lists them as `file:line: message`. */
export class DeckLoadError extends Error {
  constructor(readonly errors: DeckError[]) {
    super(errors.map(formatDeckError).join('\n'));
    this.name = 'DeckLoadError';
  }
}

/** Reads and parses one deck; errors name the file by `path` exactly as given. */
export function loadDeck(path: string): Deck {
  const result = parseDeck(readFileSync(path, 'utf8'), path);
  if (!result.ok) throw new DeckLoadError(result.errors);
  return result.deck;
}

/**
 * Loads every `*.md` file in `dir`, keyed by deck id. Parses all of them before throwing, so that
 * one DeckLoadError reports the problems of every file at once.
 */
export function loadDecks(dir: string): Map<string, Deck> {
  const decks = new Map<string, Deck>();
  const errors: DeckError[] = [];
  const paths = readdirSync(dir)
    // Dot files are editor backups and lock files (e.g. emacs's `.#deck.md`), not decks.
    .filter((name) => name.endsWith('.md') && !name.startsWith('.'))
    .sort()
    .map((name) => join(dir, name))
    // statSync follows symlinks, so a linked deck counts and a folder named `x.md` does not.
    .filter((path) => statSync(path).isFile());
  for (const path of paths) {
    const result = parseDeck(readFileSync(path, 'utf8'), path);
    if (result.ok) decks.set(result.deck.id, result.deck);
    else errors.push(...result.errors);
  }
  if (errors.length > 0) throw new DeckLoadError(errors);
  return decks;
}
