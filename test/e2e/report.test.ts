// The HTML report in a real browser: numbers, bar widths, inert injected markup, print to PDF; a
// deck with roles: a table by role for every round of a poll voted on again, each saying why a
// role is left out.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { browserAvailable, SCREENSHOTS, useBrowser } from '../helpers/browser.js';
import { deckFrom } from '../helpers/decks.js';
import { caseDecks, ROLES, responseSlide } from '../helpers/dr-x.js';
import { typographic } from '../../server/deck/typography.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer, tempDataDir } from '../helpers/server.js';

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

/** The session's report, saved to a file and opened in Chromium as someone would open the download. */
async function openReport(browser: Browser, server: TestServer, code: string) {
  const html = await (
    await fetch(`${server.url}/api/sessions/${code}/export?format=html`, { headers: { authorization: `Bearer ${PRESENTER_KEY}` } })
  ).text();
  const file = join(tempDataDir(), 'report.html');
  writeFileSync(file, html);
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`file://${file}`);
  return page;
}

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
    // Shown as text, with the quotes set as every poll's text is (typography.ts).
    expect(text).toContain(typographic('<img src=x onerror="window.__pwned = \'question\'"> Which one?'));
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

  it('has a table by role for every round of a poll voted on again, each saying why a role is left out', async () => {
    const server = await newParley({ decks: caseDecks('roles.md', 'Roles', [responseSlide('respond', ['talk', 'leave'])], ROLES) });
    const code = await server.createSession('roles');
    const presenter = await server.presenter(code);
    ok(await request(presenter, 'presenter:goto', { h: 1, v: 0 }));
    ok(await request(presenter, 'presenter:poll', { pollId: 'respond', action: 'open' }));
    /** Six residents, five fellows, two faculty; each phone's role and its answer in rounds 1 and 2. */
    const room = [
      ...Array.from({ length: 6 }, (_, i) => ({ role: 'resident', first: i < 4 ? 'talk' : 'leave', second: 'talk' })),
      ...Array.from({ length: 5 }, () => ({ role: 'fellow', first: 'leave', second: null })),
      ...Array.from({ length: 2 }, () => ({ role: 'faculty', first: 'leave', second: 'leave' })),
    ];
    const phones = [];
    for (const [i, person] of room.entries()) {
      const phone = await server.participant(code, `report-role-${String(i).padStart(2, '0')}`);
      phones.push(phone);
      ok(await request(phone, 'audience:role', { role: person.role }));
      ok(await request(phone, 'audience:vote', { pollId: 'respond', optionIds: [person.first] }));
    }
    // Round 2: the fellows do not answer again. The residents are 6 of 8 — shown, they would unmask the faculty pair.
    ok(await request(presenter, 'presenter:poll', { pollId: 'respond', action: 'again' }));
    for (const [i, person] of room.entries()) {
      if (person.second) ok(await request(phones[i]!, 'audience:vote', { pollId: 'respond', optionIds: [person.second] }));
    }
    ok(await request(presenter, 'presenter:poll', { pollId: 'respond', action: 'close' }));

    const page = await openReport(browser(), server, code);
    const tables = page.locator('#poll-respond table.by-role');
    expect(await tables.locator('caption').allTextContents()).toEqual([
      'By role in round 1. A role with fewer than 5 answers is not shown on its own, nor one that would reveal a group under 5: their answers are in the total only.',
      'By role in round 2. A role with fewer than 5 answers is not shown on its own, nor one that would reveal a group under 5: their answers are in the total only.',
    ]);
    /** Each row of a table as shown: its cells' text. */
    const rows = (table: number): Promise<string[][]> =>
      tables
        .nth(table)
        .locator('tbody tr')
        .evaluateAll((list) => list.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())));
    // Round 1: 6 residents and 5 fellows shown, the faculty pair not — and the rest (2) would be a small group, so the fellows step aside.
    expect(await rows(0)).toEqual([
      ['Resident', '6', '4 · 66.7%', '2 · 33.3%'],
      ['Fellow', 'hidden to protect a group under 5'],
      ['Faculty', 'fewer than 5'],
    ]);
    expect(await rows(1)).toEqual([
      ['Resident', 'hidden to protect a group under 5'],
      ['Fellow', 'fewer than 5'],
      ['Faculty', 'fewer than 5'],
    ]);
    for (const table of [0, 1]) expect(await tables.nth(table).isVisible()).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'report-roles-rounds.png'), fullPage: true });
  });
});
