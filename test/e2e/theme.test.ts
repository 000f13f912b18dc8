// A deck's look: its reveal.js theme (front matter `theme`) and accent colour (`accent`), loaded
// from this server only. The themes' Google Fonts imports are stripped at build time, so nothing a
// built page loads asks another host for fonts. In `npm run dev` an edited deck file changes the
// look and the slides in place.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { browserAvailable, drawn, offlineContext, PHONE, SCREENSHOTS, still, useBrowser } from '../helpers/browser.js';
import { DARK_DECK, darkDecks } from '../helpers/decks.js';
import { newParley, ok, PRESENTER_KEY, request } from '../helpers/server.js';

const ASSETS = join(import.meta.dirname, '..', '..', 'dist', 'assets');

/** WCAG contrast ratio of two `rgb(r, g, b)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (rgb: string): number => {
    const [r, g, bl] = (rgb.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((c) => {
      const s = Number(c) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
}

describe('the built assets', () => {
  it('reference no font or stylesheet on another host', () => {
    const files = readdirSync(ASSETS).filter((f) => /\.(css|js)$/.test(f));
    // Every reveal.js theme is built as a file of its own (a hashed name), loaded only when a deck names it.
    for (const theme of ['white', 'black', 'league', 'night', 'sky'])
      expect(files.some((f) => f.startsWith(`${theme}-`) && f.endsWith('.css'))).toBe(true);
    for (const file of files) {
      const text = readFileSync(join(ASSETS, file), 'utf8');
      expect(text, file).not.toMatch(/fonts\.(googleapis|gstatic)\.com/);
      expect(text, file).not.toMatch(/@import\s*(url\()?\s*["']?(https?:)?\/\//);
      expect(text, file).not.toMatch(/url\(\s*["']?(https?:)?\/\/[^)]*\.(woff2?|ttf|otf|eot)/);
    }
  });
});

describe.skipIf(!browserAvailable())('a deck in a dark theme with an accent', () => {
  const browser = useBrowser();

  it('loads its reveal.js theme and accent from this server alone', async () => {
    const server = await newParley({ decks: darkDecks() });
    const code = await server.createSession('night');
    const context = await browser().newContext({ viewport: { width: 1280, height: 720 } });
    const requested: string[] = [];
    context.on('request', (r) => requested.push(r.url()));
    await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
    const deck = await context.newPage();
    await deck.goto(`${server.url}/present?session=${code}#key=${PRESENTER_KEY}`);
    await deck.waitForSelector('body[aria-busy="false"]', { state: 'attached' });

    const theme = deck.locator('link#deck-theme');
    expect(await theme.getAttribute('data-theme')).toBe('black');
    expect(await theme.getAttribute('href')).toMatch(/^\/assets\/black-[\w-]+\.css$/);
    const background = await deck.evaluate(() => getComputedStyle(document.querySelector('.reveal-viewport') ?? document.body).backgroundColor);
    expect(background).toBe('rgb(25, 25, 25)');
    // The orange accent colours the join code, readable on the black background.
    const joinCode = await deck
      .getByTestId('join-code')
      .first()
      .evaluate((el) => getComputedStyle(el).color);
    expect(joinCode).toBe('rgb(249, 115, 22)');
    expect(contrast(joinCode, background)).toBeGreaterThanOrEqual(4.5);

    // A poll with votes: bars in the accent, every count and share printed beside them.
    await deck.keyboard.press('ArrowRight');
    await deck.keyboard.press('o');
    // Phones vote once the opening is stored (the projector shows it open).
    await expect.poll(() => deck.getByTestId('poll-state-energy').getAttribute('data-status')).toBe('open');
    // Revealed (R) from the start: the bars move as the votes come in.
    await deck.keyboard.press('r');
    await expect.poll(() => deck.getByTestId('poll-state-energy').getAttribute('data-revealed')).toBe('true');
    for (const [i, option] of ['high', 'high', 'low'].entries()) {
      const phone = await server.client();
      ok(await request(phone, 'audience:join', { code, participantId: `night-phone-${i}` }));
      ok(await request(phone, 'audience:vote', { pollId: 'energy', optionIds: [option] }));
    }
    await expect.poll(() => deck.getByTestId('bar-energy-high').textContent()).toContain('2 · 67%');
    const fill = await deck.locator('[data-testid="bar-energy-high"] .poll-fill').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(fill).toBe('rgb(249, 115, 22)');
    const label = await deck.locator('[data-testid="bar-energy-high"] .poll-label').evaluate((el) => getComputedStyle(el).color);
    expect(contrast(label, background)).toBeGreaterThanOrEqual(4.5);
    await still(deck); // the bars' transition ends before the screenshot
    await deck.screenshot({ path: join(SCREENSHOTS, 'deck-dark-theme.png') });

    // The phones follow the accent too, from the same server.
    const phone = await (await browser().newContext(PHONE)).newPage();
    phone.on('request', (r) => requested.push(r.url()));
    await phone.goto(`${server.url}/j/${code}`);
    await phone.getByTestId('poll-question').waitFor();

    const outside = requested.filter((url) => !url.startsWith(`${server.url}/`) && !url.startsWith('ws://127.0.0.1') && !url.startsWith('data:'));
    expect(outside).toEqual([]);
  });
});

describe.skipIf(!browserAvailable())('an edited deck file (npm run dev)', () => {
  const browser = useBrowser();

  it('changes the slides and theme in place, keeps the slide and the answers, and shows errors until fixed', async () => {
    const slides = mkdtempSync(join(tmpdir(), 'parley-slides-'));
    onTestFinished(() => rmSync(slides, { recursive: true, force: true }));
    const file = join(slides, 'night.md');
    writeFileSync(file, DARK_DECK);
    // The watcher waits for the editor to finish writing, then parses, then the page loads the theme.
    const reload = { timeout: 10_000 };
    const server = await newParley({ decks: darkDecks(), env: { WATCH_DECKS: 'on', SLIDES_DIR: slides } });
    const code = await server.createSession('night');
    const deck = await (await offlineContext(browser(), { viewport: { width: 1280, height: 720 } })).newPage();
    await deck.goto(`${server.url}/present?session=${code}#key=${PRESENTER_KEY}`);
    await deck.waitForSelector('body[aria-busy="false"]', { state: 'attached' });
    await deck.keyboard.press('ArrowRight');
    await deck.keyboard.press('o');
    await expect.poll(() => deck.getByTestId('poll-state-energy').getAttribute('data-status')).toBe('open');
    // Revealed (R) from the start: the bars move as the votes come in.
    await deck.keyboard.press('r');
    await expect.poll(() => deck.getByTestId('poll-state-energy').getAttribute('data-revealed')).toBe('true');
    const phone = await server.client();
    ok(await request(phone, 'audience:join', { code, participantId: 'reload-phone-1' }));
    ok(await request(phone, 'audience:vote', { pollId: 'energy', optionIds: ['low'] }));
    await expect.poll(() => deck.getByTestId('bar-energy-low').getAttribute('data-count'), reload).toBe('1');

    // The author switches to the white theme and rewords the question.
    writeFileSync(file, DARK_DECK.replace('theme: black', 'theme: white').replace('How is your energy?', 'How is your energy now?'));
    await expect.poll(() => deck.locator('link#deck-theme').getAttribute('data-theme'), reload).toBe('white');
    await expect
      .poll(() => deck.getByTestId('poll-chart-energy').locator('.poll-question').textContent(), reload)
      .toContain('How is your energy now?');
    const at = () => deck.evaluate(() => (window as unknown as { Reveal: { getIndices(): { h: number } } }).Reveal.getIndices().h);
    expect(await at()).toBe(1);
    expect(await deck.getByTestId('bar-energy-low').getAttribute('data-count')).toBe('1');
    expect(await deck.getByTestId('poll-state-energy').getAttribute('data-status')).toBe('open');

    // A mistake: the slides stay, a banner says where.
    writeFileSync(file, DARK_DECK.replace('type: single', 'type: sometimes'));
    const banner = deck.getByRole('alert').filter({ hasText: 'night.md:' });
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/night\.md:\d+: /);
    expect(await deck.getByTestId('poll-chart-energy').locator('.poll-question').textContent()).toContain('How is your energy now?');
    await drawn(deck);
    await deck.screenshot({ path: join(SCREENSHOTS, 'deck-file-errors.png') });

    // Fixed: the banner goes.
    writeFileSync(file, DARK_DECK);
    await deck.getByTestId('deck-errors').waitFor({ state: 'hidden' });
    await expect.poll(() => deck.locator('link#deck-theme').getAttribute('data-theme'), reload).toBe('black');
  });
});
