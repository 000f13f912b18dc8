// Files next to a deck (its images): which paths may be used, which types are served, and the
// URL a slide loads them from. One set of rules for the parser (which rewrites image paths) and
// the route that serves them (server/http/deck-files.ts), so that what passes one passes the other.
// Pure, like the parser: load.ts looks at the disk.
import type { ImageTarget } from './render.js';

/** Image types Parley serves from the slides folder, by lower-case file extension. */
export const IMAGE_TYPES: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
};

export type DeckFilePath = { ok: true; path: string; type: string } | { ok: false; problem: string };

/**
 * A path relative to the slides folder (decoded, `/` between folders) in its canonical form
 * (`./`, empty segments and inner `..` resolved), with its content type; or why it cannot be served.
 */
export function deckFilePath(path: string): DeckFilePath {
  if (path.includes('\\')) return { ok: false, problem: 'use "/" between folders, not "\\"' };
  // Control characters are never part of a real file name; NUL would cut the path short.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  if (/[\u0000-\u001f]/.test(path)) return { ok: false, problem: 'the path contains control characters' };
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) return { ok: false, problem: 'it is outside the slides folder' };
      segments.pop();
      continue;
    }
    // Dot files are editor backups, .git and the like: never content to show.
    if (segment.startsWith('.')) return { ok: false, problem: 'file and folder names starting with "." are not served' };
    segments.push(segment);
  }
  const name = segments.at(-1);
  if (!name) return { ok: false, problem: 'it names no file' };
  const type = IMAGE_TYPES[name.replace(/^.*\./, '').toLowerCase()];
  if (!name.includes('.') || !type) {
    return { ok: false, problem: `only ${Object.keys(IMAGE_TYPES).join(', ')} files are served` };
  }
  return { ok: true, path: segments.join('/'), type };
}

/** Where the presenter page loads a deck's file from (`path` canonical, as deckFilePath gives it). */
export function deckFileUrl(deckId: string, path: string): string {
  return `/decks/${encodeURIComponent(deckId)}/files/${path.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * Where a slide's images load from: a file next to the deck, served by Parley itself, at
 * deckFileUrl; or why an image cannot be shown. `imageExists` (given canonical paths) checks the
 * file is there; without it, only the path is checked.
 */
export function imageTarget(deckId: string, imageExists?: (path: string) => boolean): (src: string) => ImageTarget {
  return (src) => {
    // markdown-it lets through only data: URIs of raster images, which need no request at all.
    if (src.startsWith('data:')) return { src };
    if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//')) {
      return {
        problem: `image "${src}" is on another host: images must be files next to the deck (e.g. images/team.png), as Parley makes no request to outside hosts`,
      };
    }
    let path: string;
    try {
      // markdown-it has percent-encoded the path; the file name is the decoded one.
      path = decodeURIComponent(src.replace(/[?#].*$/s, ''));
    } catch {
      return { problem: `image "${src}": the path has a "%" that is not followed by two hex digits` };
    }
    if (path.startsWith('/')) {
      return { problem: `image "${path}": write the path relative to the deck file, e.g. images/team.png` };
    }
    const file = deckFilePath(path);
    if (!file.ok) return { problem: `image "${path}" cannot be shown: ${file.problem}` };
    if (imageExists && !imageExists(file.path)) {
      return { problem: `image "${path}" not found: no such file next to the deck` };
    }
    return { src: deckFileUrl(deckId, file.path) };
  };
}
