// `npm run dev`: watches the slides folder and parses a deck file again when it changes, so that
// an edit shows in the running sessions without a restart. Only the watching is here: what a new
// version of a deck (or its errors) changes is the listener's business.
import { watch } from 'node:fs';
import { basename, join } from 'node:path';
import type { Logger } from '../log.js';
import { parseDeckFile } from './load.js';
import { formatDeckError, type Deck, type DeckError, type ParseResult } from './types.js';

export interface DeckListener {
  /** The file parsed: this is the deck now (a new file is a new deck). */
  deckChanged(deck: Deck): Promise<void>;
  /** The file has errors: the deck it had stays as it was. */
  deckFailed(deckId: string, errors: DeckError[]): void;
}

/** Editors write a file in several steps (truncate, write, rename): one reload after the last. */
export const WATCH_DEBOUNCE_MS = 100;

/** Starts watching `dir`; returns what stops it. A folder that cannot be watched is logged, not fatal. */
export function watchDecks(dir: string, listener: DeckListener, log: Logger, debounceMs = WATCH_DEBOUNCE_MS): () => void {
  const pending = new Map<string, NodeJS.Timeout>();

  const reload = async (name: string): Promise<void> => {
    const path = join(dir, name);
    let result: ParseResult;
    try {
      // Read and parsed at once, as loadDecks does: two quick saves apply in the order they were made.
      result = parseDeckFile(path);
    } catch (err) {
      // Deleted or renamed away (a deck that disappears stays available to its sessions), or a folder.
      log.debug({ err, file: path }, 'deck file not readable: ignored');
      return;
    }
    if (!result.ok) {
      log.warn({ file: path, errors: result.errors.map(formatDeckError) }, 'deck has errors: its sessions keep the previous version');
      listener.deckFailed(basename(name, '.md'), result.errors);
      return;
    }
    await listener.deckChanged(result.deck);
    log.info({ deck: result.deck.id, file: path }, 'deck reloaded');
  };

  const changed = (name: string): void => {
    clearTimeout(pending.get(name));
    const timer = setTimeout(() => {
      pending.delete(name);
      reload(name).catch((err: unknown) => log.error({ err, file: join(dir, name) }, 'reloading a deck failed'));
    }, debounceMs);
    pending.set(name, timer);
  };

  try {
    const watcher = watch(dir, (_event, name) => {
      // Dot files are editor backups and lock files, as for loadDecks.
      if (name?.endsWith('.md') && !name.startsWith('.')) changed(name);
    });
    watcher.on('error', (err) => log.error({ err, dir }, 'watching the deck folder failed: decks no longer reload'));
    log.info({ dir }, 'watching the deck folder: edited decks reload');
    return () => {
      watcher.close();
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
    };
  } catch (err) {
    log.error({ err, dir }, 'cannot watch the deck folder: decks will not reload');
    return () => {};
  }
}
