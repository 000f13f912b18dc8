// Loading decks from disk: one file, or every *.md in a folder, with all errors in one DeckLoadError.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeckLoadError, loadDeck, loadDecks, servableFile } from '../../server/deck/load.js';

const valid = (title: string) => ['---', `title: ${title}`, '---', `# ${title}`, ''].join('\n');
const missingTitle = ['---', 'author: A', '---', '# A', ''].join('\n');
const emptyPollBlock = ['---', 'title: T', '---', '```poll', '```', ''].join('\n');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-decks-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Writes `files` into the temp folder and returns their paths. */
function write(files: Record<string, string>): string[] {
  return Object.entries(files).map(([name, text]) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  });
}

function thrownBy(load: () => unknown): DeckLoadError {
  try {
    load();
  } catch (error) {
    if (error instanceof DeckLoadError) return error;
    throw error;
  }
  throw new Error('expected a DeckLoadError');
}

describe('loadDeck', () => {
  it('returns the parsed deck, named after its file', () => {
    const [path] = write({ 'kick-off.md': valid('Kick-off') });
    const deck = loadDeck(path!);
    expect(deck.id).toBe('kick-off');
    expect(deck.meta.title).toBe('Kick-off');
  });

  it('throws a DeckLoadError with every error, naming the file by the path as given', () => {
    write({ 'bad.md': ['---', 'titel: T', '---', '', '---', '# A', ''].join('\n') });
    const path = relative(process.cwd(), join(dir, 'bad.md'));
    const error = thrownBy(() => loadDeck(path));
    expect(error.name).toBe('DeckLoadError');
    expect(error.errors.map((e) => [e.file, e.line])).toEqual([
      [path, 1],
      [path, 2],
      [path, 3],
    ]);
    expect(error.message.split('\n')).toEqual([
      `${path}:1: front matter is missing "title"`,
      `${path}:2: unknown key "titel" in front matter (allowed: title, subtitle, author, theme, accent, results, roles, duration, self-paced-results)`,
      `${path}:3: empty slide: only blank lines after this "---"`,
    ]);
  });
});

describe('loadDecks', () => {
  it('loads every .md file in the folder, keyed by deck id', () => {
    write({ 'b.md': valid('B'), 'a.md': valid('A'), 'notes.txt': 'not a deck', '.#a.md': 'editor lock file' });
    mkdirSync(join(dir, 'folder.md'));
    const decks = loadDecks(dir);
    expect([...decks.keys()]).toEqual(['a', 'b']);
    expect(decks.get('b')?.meta.title).toBe('B');
  });

  it('returns an empty map for a folder without decks', () => {
    expect(loadDecks(dir).size).toBe(0);
  });

  it('reports the errors of every bad file in one DeckLoadError', () => {
    write({ 'good.md': valid('Good'), 'one.md': missingTitle, 'two.md': emptyPollBlock });
    const error = thrownBy(() => loadDecks(dir));
    expect(error.message.split('\n')).toEqual([
      `${join(dir, 'one.md')}:1: front matter is missing "title"`,
      `${join(dir, 'two.md')}:4: empty poll block: a poll needs at least "id", "type" and "question"`,
    ]);
  });

  it('loads the shipped slides folder', () => {
    const deck = loadDecks('slides').get('mentoring');
    expect(deck?.polls.length).toBeGreaterThan(0);
    expect(deck?.slides[0]?.line).toBe(7);
  });
});

describe('images next to a deck', () => {
  const withImage = (path: string) => ['---', 'title: Team', '---', '# Team', '', `![Team](${path})`, ''].join('\n');

  it("are looked for in the deck file's folder when loading, and a missing one is an error at its line", () => {
    mkdirSync(join(dir, 'images'));
    writeFileSync(join(dir, 'images', 'team.png'), 'png');
    const [good, bad] = write({ 'good.md': withImage('./images/team.png'), 'bad.md': withImage('images/tem.png') });
    expect(loadDeck(good!).slides[0]?.html).toContain('src="/decks/good/files/images/team.png"');
    expect(thrownBy(() => loadDecks(dir)).message).toBe(`${bad}:6: image "images/tem.png" not found: no such file next to the deck`);
  });

  it('are served only as regular image files inside the folder, links followed but not out of it', () => {
    const outside = mkdtempSync(join(tmpdir(), 'parley-outside-'));
    try {
      writeFileSync(join(outside, 'secret.png'), 'secret');
      mkdirSync(join(dir, 'images'));
      writeFileSync(join(dir, 'images', 'team.png'), 'png');
      writeFileSync(join(dir, '.hidden.png'), 'hidden');
      mkdirSync(join(dir, 'folder.png'));
      symlinkSync(join(dir, 'images', 'team.png'), join(dir, 'alias.png'));
      symlinkSync(join(outside, 'secret.png'), join(dir, 'escape.png'));
      symlinkSync(join(dir, '.hidden.png'), join(dir, 'to-hidden.png'));
      symlinkSync(outside, join(dir, 'linked'));

      expect(servableFile(dir, 'images/team.png')).toMatchObject({ path: 'images/team.png', type: 'image/png' });
      expect(servableFile(dir, 'alias.png')).toMatchObject({ path: 'images/team.png', type: 'image/png' });
      for (const path of [
        'escape.png',
        'to-hidden.png',
        'linked/secret.png',
        '.hidden.png',
        'folder.png',
        'missing.png',
        './images/team.png',
        'images/../images/team.png',
      ]) {
        expect(servableFile(dir, path), path).toBeUndefined();
      }
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
