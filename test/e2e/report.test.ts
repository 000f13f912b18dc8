// The HTML report in a real browser: numbers, bar widths, inert injected markup, print to PDF.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserAvailable, SCREENSHOTS, useBrowser } from '../helpers/browser.js';
import { deckFrom } from '../helpers/decks.js';
import { newParley, ok, PRESENTER_KEY, request, tempDataDir } from '../helpers/server.js';

// Deck text an author (or a prankster with write access to slides/) could write.
const HOSTILE_DECK = `---
title: "Prank <script>window.__pwned = 'title'</script>"
---

# Start

---

## Poll

\`\`\`poll
id: prank
type: single
question: "<img src=x onerror=\\"window.__pwned = 'question'\\"> Which one?"
options:
  a: "<script>window.__pwned = 'label'</script>"
  b: "=HYPERLINK(\\"http://example.com\\")"
  c: Plain
\`\`\`
`;

describe.skipIf(!browserAvailable())('the HTML report in Chromium', () => {
  const browser = useBrowser();

  it('shows the counts, sizes bars by share, runs nothing and prints', async () => {
    const deck = deckFrom(HOSTILE_DECK, 'prank.md');
    const server = await newParley({ decks: new Map([[deck.id, deck]]) });
    const code = await server.createSession('prank');
    const presenter = await server.client();
    ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    ok(await request(presenter, 'presenter:poll', { pollId: 'prank', action: 'open' }));
    const picks = ['a', 'a', 'a', 'b', 'c', 'c'];
    for (const [i, pick] of picks.entries()) {
      const phone = await server.client();
      ok(await request(phone, 'audience:join', { code, participantId: `report-phone-${i}` }));
      ok(await request(phone, 'audience:vote', { pollId: 'prank', optionIds: [pick] }));
    }
    const html = await (
      await fetch(`${server.url}/api/sessions/${code}/export?format=html`, { headers: { authorization: `Bearer ${PRESENTER_KEY}` } })
    ).text();
    const file = join(tempDataDir(), 'report.html');
    writeFileSync(file, html);

    const page = await browser().newPage({ viewport: { width: 1280, height: 800 } });
    const requests: string[] = [];
    const dialogs: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`file://${file}`);

    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([`file://${file}`]);
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the text shown; textContent would include a live <script>'s code.
    const text = await page.locator('body').innerText();
    expect(text).toContain("Prank <script>window.__pwned = 'title'</script>");
    expect(text).toContain('<img src=x onerror="window.__pwned = \'question\'"> Which one?');
    expect(text).toContain('6 of 6 answered');

    const bars = await page.locator('#poll-prank rect[data-option]').evaluateAll((rects) =>
      rects.map((r) => ({
        option: r.getAttribute('data-option'),
        count: Number(r.getAttribute('data-count')),
        width: r.getBoundingClientRect().width,
        track: (r.previousElementSibling as Element).getBoundingClientRect().width,
      })),
    );
    expect(bars.map((b) => [b.option, b.count])).toEqual([
      ['a', 3],
      ['b', 1],
      ['c', 2],
    ]);
    for (const bar of bars) expect(bar.width / bar.track).toBeCloseTo(bar.count / picks.length, 2);
    expect(text).toMatch(/3 · 50%/);
    expect(text).toMatch(/1 · 16\.7%/);

    await page.screenshot({ path: join(SCREENSHOTS, 'report-desktop.png'), fullPage: true });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.screenshot({ path: join(SCREENSHOTS, 'report-phone.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(5000);
  });
});
