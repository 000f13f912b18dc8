// The phone page's first load is a budget: at most 35 KB transferred (compressed) for the HTML,
// CSS and JavaScript together, measured on the production build as a browser would fetch it.
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { newParley, ok, PRESENTER_KEY, request } from '../helpers/server.js';

const BUDGET_BYTES = 35 * 1024;

interface Fetched {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The bytes on the wire (still compressed). */
  wire: Buffer;
}

/** A GET that, like a browser, accepts brotli and gzip, and keeps the body as transferred. */
function get(url: string): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { headers: { 'accept-encoding': 'br, gzip' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, wire: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

describe('the phone page budget', () => {
  it('loads in at most 35 KB compressed, with long-cached hashed assets', async () => {
    const server = await newParley();
    // The page as a QR code opens it: a live session with a poll open, its state in the HTML.
    const code = await server.createSession();
    const presenter = await server.client();
    ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    ok(await request(presenter, 'presenter:goto', { h: 1, v: 1 }));
    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'open' }));
    const page = await get(`${server.url}/j/${code}`);
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');

    // Decompressed only to read the asset links; what counts is the transferred size.
    const { brotliDecompressSync, gunzipSync } = await import('node:zlib');
    const encoding = page.headers['content-encoding'];
    const html = (encoding === 'br' ? brotliDecompressSync(page.wire) : encoding === 'gzip' ? gunzipSync(page.wire) : page.wire).toString();
    expect(html).toContain('How should you respond?');
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true);

    const sizes: Record<string, number> = { html: page.wire.length };
    for (const asset of assets) {
      const res = await get(`${server.url}${asset}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding'], asset).toMatch(/br|gzip/);
      expect(res.headers['cache-control'], asset).toBe('public, max-age=31536000, immutable');
      expect(asset).toMatch(/-[A-Za-z0-9_-]{8}\.(js|css)$/); // content-hashed name
      sizes[asset] = res.wire.length;
    }
    const total = Object.values(sizes).reduce((a, b) => a + b, 0);
    console.log(`phone page first load: ${(total / 1024).toFixed(1)} KB compressed`, sizes);
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
  });
});
