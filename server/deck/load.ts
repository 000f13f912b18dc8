// Loading decks from disk: the only part of the deck code that touches the file system.
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { deckFilePath } from './files.js';
import { parseDeck } from './parse.js';
import { formatDeckError, type Deck, type DeckError, type ParseResult } from './types.js';

/** Every problem found in one or more deck files; the message lists them as `file:line: message`. */
export class DeckLoadError extends Error {
  constructor(readonly errors: DeckError[]) {
    super(errors.map(formatDeckError).join('\n'));
    this.name = 'DeckLoadError';
  }
}

/** Reads and parses one deck; errors name the file by `path` exactly as given. */
export function loadDeck(path: string): Deck {
  const result = parseDeckFile(path);
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
  for (const path of deckFilesIn(dir)) {
    const result = parseDeckFile(path);
    if (result.ok) decks.set(result.deck.id, result.deck);
    else errors.push(...result.errors);
  }
  if (errors.length > 0) throw new DeckLoadError(errors);
  return decks;
}

/** The deck files of a folder, sorted by name: its `*.md` files. */
export function deckFilesIn(dir: string): string[] {
  return (
    readdirSync(dir)
      // Dot files are editor backups and lock files (e.g. emacs's `.#deck.md`), not decks.
      .filter((name) => name.endsWith('.md') && !name.startsWith('.'))
      .sort()
      .map((name) => join(dir, name))
      // statSync follows symlinks, so a linked deck counts and a folder named `x.md` does not.
      .filter((path) => statSync(path).isFile())
  );
}

/** Parses the deck at `path`, checking that the images it shows are files Parley serves. */
export function parseDeckFile(path: string): ParseResult {
  const folder = dirname(path);
  return parseDeck(readFileSync(path, 'utf8'), path, {
    imageExists: (image) => servableFile(folder, image) !== undefined,
  });
}

/** A file of the slides folder that may be served: where it really is, and its content type. */
export interface ServableFile {
  /** The folder's real path. */
  root: string;
  /** The file's real path relative to `root`, `/` between folders. */
  path: string;
  type: string;
}

/**
 * The regular file at `path` (relative, in the canonical form deckFilePath gives) inside `folder`,
 * if Parley may serve it. Links are followed, but what they lead to must pass the same rules:
 * inside the folder, no dot files, an image type. Undefined otherwise.
 */
export function servableFile(folder: string, path: string): ServableFile | undefined {
  const asked = deckFilePath(path);
  if (!asked.ok || asked.path !== path) return undefined;
  try {
    const root = realpathSync(folder);
    const file = realpathSync(join(root, path));
    if (!file.startsWith(root + sep) || !statSync(file).isFile()) return undefined;
    const real = deckFilePath(relative(root, file).split(sep).join('/'));
    return real.ok ? { root, path: real.path, type: real.type } : undefined;
  } catch {
    return undefined;
  }
}
