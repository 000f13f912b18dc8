// GET /decks/:deck/files/*path: the images next to the decks in the slides folder, which slides
// show (the parser rewrites `![Team](images/team.png)` to this URL). Nothing else of the folder is
// served: only image types, only inside it (no `..`, no dot files, no link leading out).
import type { Express, Response } from 'express';
import { servableFile } from '../deck/load.js';
import type { Deck } from '../deck/types.js';

/**
 * An SVG is author content that could carry script: opened on its own it runs none, loads
 * nothing, and keeps its inline styles and embedded raster images.
 */
export const SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export function mountDeckFiles(app: Express, slidesDir: string, decks: ReadonlyMap<string, Deck>): void {
  app.get('/decks/:deck/files/*path', (req, res, next) => {
    // Express decodes each segment; one that held an encoded "/" ("..%2f") is caught below, as
    // the joined path is then not in its canonical form.
    const path = ([] as string[]).concat(req.params.path).join('/');
    const file = decks.has(req.params.deck) ? servableFile(slidesDir, path) : undefined;
    if (!file) {
      notFound(res);
      return;
    }
    res.type(file.type).set('Cache-Control', 'no-cache');
    if (file.type === 'image/svg+xml') res.set('Content-Security-Policy', SVG_POLICY);
    res.sendFile(file.path, { root: file.root, dotfiles: 'deny' }, (err?: Error & { status?: number }) => {
      if (!err) return;
      // Gone between the check and the read: as if it had never been there.
      if (err.status === 404 && !res.headersSent) notFound(res);
      else if (!res.headersSent) next(err);
    });
  });
}

function notFound(res: Response): void {
  res.status(404).type('text/plain').set('Cache-Control', 'no-cache').send('Not found');
}
