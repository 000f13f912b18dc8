// Images next to a deck: the presenter's slide HTML points at /decks/<deck>/files/<path>, and the
// server sends those files, and nothing else of the slides folder or beyond it.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDecks } from '../../server/deck/load.js';
import { newParley, ok, PRESENTER_KEY, request, tempDataDir, type TestServer } from '../helpers/server.js';

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>';
const SECRET = 'not for the audience';

const DECK = `---
title: Team
---

# Our team

![The team](images/team.png)

---

## How we work

![Diagram](./diagram.svg)
`;

/**
 * A slides folder holding the deck, its images and files that must never be served, inside a
 * folder that holds a secret of its own (what a `..` would reach).
 */
function slidesFolder(): string {
  const root = tempDataDir();
  writeFileSync(join(root, 'outside.png'), SECRET);
  const slides = join(root, 'slides');
  mkdirSync(join(slides, 'images'), { recursive: true });
  writeFileSync(join(slides, 'team.md'), DECK);
  writeFileSync(join(slides, 'images', 'team.png'), PNG);
  writeFileSync(join(slides, 'diagram.svg'), SVG);
  writeFileSync(join(slides, '.secret.png'), SECRET);
  writeFileSync(join(slides, 'images', '.secret.png'), SECRET);
  writeFileSync(join(slides, 'notes.txt'), SECRET);
  symlinkSync(join(root, 'outside.png'), join(slides, 'escape.png'));
  return slides;
}

async function parleyWithImages(): Promise<TestServer> {
  const slides = slidesFolder();
  return newParley({ decks: loadDecks(slides), env: { SLIDES_DIR: slides } });
}

/** A GET with the path sent exactly as written (fetch would resolve `..` and `%2e%2e` first). */
function rawGet(server: TestServer, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port: server.port, path }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

describe('images next to a deck', () => {
  it('reach the presenter as server URLs, which serve the file with its type', async () => {
    const server = await parleyWithImages();
    const code = await server.createSession('team');
    const state = ok(await request(await server.client(), 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    expect(state.deck.slides[0]?.html).toContain('<img src="/decks/team/files/images/team.png" alt="The team">');
    expect(state.deck.slides[1]?.html).toContain('<img src="/decks/team/files/diagram.svg" alt="Diagram">');

    const res = await fetch(`${server.url}/decks/team/files/images/team.png`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(PNG);
  });

  it("are allowed by the presenter page's Content-Security-Policy (this origin)", async () => {
    const server = await parleyWithImages();
    const policy = (await fetch(`${server.url}/present`)).headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/(^|;)\s*img-src 'self'/);
  });

  it('send an SVG with a policy that runs none of its scripts and loads nothing', async () => {
    const server = await parleyWithImages();
    const res = await fetch(`${server.url}/decks/team/files/diagram.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    expect(await res.text()).toBe(SVG);
  });

  it.each([
    ['a path out of the folder', '/decks/team/files/../outside.png'],
    ['an encoded slash', '/decks/team/files/..%2foutside.png'],
    ['encoded dots', '/decks/team/files/%2e%2e/outside.png'],
    ['encoded dots and slash', '/decks/team/files/%2e%2e%2foutside.png'],
    ['a deeper path out', '/decks/team/files/images/..%2f..%2foutside.png'],
    ['a backslash', '/decks/team/files/..%5coutside.png'],
    ['a dot file', '/decks/team/files/.secret.png'],
    ['a dot file in a folder', '/decks/team/files/images/.secret.png'],
    ['an encoded dot file', '/decks/team/files/%2esecret.png'],
    ['a link leading out of the folder', '/decks/team/files/escape.png'],
    ['a file that is not an image', '/decks/team/files/notes.txt'],
    ['the deck itself', '/decks/team/files/team.md'],
    ['a folder', '/decks/team/files/images'],
    ['a missing file', '/decks/team/files/images/missing.png'],
    ['an unknown deck', '/decks/other/files/images/team.png'],
    ['a non-canonical path', '/decks/team/files/./images/team.png'],
  ])('answer 404 to %s', async (_, path) => {
    const server = await parleyWithImages();
    const res = await rawGet(server, path);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain(SECRET);
  });
});
