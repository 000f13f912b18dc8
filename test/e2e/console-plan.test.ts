// The deck's timing plan in the presenter console: beside the clock, "behind by N min", "on time"
// or "ahead by N min" for the current slide, and the plan's minutes left. The clock is set 6
// minutes back before the page loads (its start is kept in the browser), so nothing waits.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserAvailable, drawn, offlineContext, SCREENSHOTS, useBrowser } from '../helpers/browser.js';
import { deckFrom } from '../helpers/decks.js';
import { newParley, PRESENTER_KEY } from '../helpers/server.js';

const time = (minutes: number, optional = false) => `\`\`\`slide\ntime: ${minutes}\n${optional ? 'optional: true\n' : ''}\`\`\``;

// Planned: Welcome 0–2, Case 2–10, (Story: optional, at 10), Discussion 10–15, Close 15–19.
const PLANNED_DECK = `---
title: Planned
duration: 20
---

# Welcome

${time(2)}

---

## Case

${time(8)}

Note:
Read it aloud.

---

## Story

${time(3, true)}

---

## Discussion

${time(5)}

---

## Close

${time(4)}
`;

describe.skipIf(!browserAvailable())('the timing plan in the console', () => {
  const browser = useBrowser();

  async function consoleSixMinutesIn(): Promise<Page> {
    const deck = deckFrom(PLANNED_DECK, 'planned.md');
    const server = await newParley({ decks: new Map([[deck.id, deck]]) });
    const code = await server.createSession('planned');
    const context = await offlineContext(browser(), { viewport: { width: 1280, height: 720 } });
    await context.addInitScript(
      ([key, start]) => {
        if (!localStorage.getItem(key)) localStorage.setItem(key, String(start));
      },
      [`parley-clock-${code}`, Date.now() - 6 * 60_000] as const,
    );
    const page = await context.newPage();
    await page.goto(`${server.url}/present?session=${code}&console#key=${PRESENTER_KEY}`);
    await page.waitForSelector('body[aria-busy="false"]', { state: 'attached' });
    return page;
  }

  const paceOf = async (page: Page) => ({
    status: await page.getByTestId('console-pace').getAttribute('data-status'),
    text: await page.getByTestId('console-pace').textContent(),
    left: await page.getByTestId('console-plan-left').textContent(),
  });

  it('says behind, on time or ahead for the current slide, and the minutes left in the plan', async () => {
    const page = await consoleSixMinutesIn();
    await expect.poll(() => page.getByTestId('console-clock').textContent()).toMatch(/^6:0\d$/);

    // Still on the welcome (planned 0–2) at 6 minutes.
    await expect.poll(() => paceOf(page)).toEqual({ status: 'behind', text: 'behind by 4 min', left: '17 min left in the plan' });
    await drawn(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'console-plan-behind.png') });

    // The case is planned 2–10: on time.
    await page.getByTestId('console-next').click();
    await expect.poll(() => paceOf(page)).toEqual({ status: 'on-time', text: 'on time', left: '13 min left in the plan' });

    // The optional story starts where the discussion does (10): ahead by 4, and so is the discussion.
    await page.getByTestId('console-next').click();
    await expect.poll(() => paceOf(page)).toEqual({ status: 'ahead', text: 'ahead by 4 min', left: '9 min left in the plan' });
    await page.getByTestId('console-next').click();
    await expect.poll(() => page.getByTestId('current-slide').textContent()).toContain('Discussion');
    expect(await paceOf(page)).toEqual({ status: 'ahead', text: 'ahead by 4 min', left: '9 min left in the plan' });

    // The clock restarted at 0:00: the discussion (planned from minute 10) is 10 minutes ahead.
    await page.getByTestId('console-clock-restart').click();
    await expect.poll(() => paceOf(page)).toEqual({ status: 'ahead', text: 'ahead by 10 min', left: '9 min left in the plan' });
    expect(await page.getByTestId('console-clock').textContent()).toMatch(/^0:0\d$/);

    // A reload keeps the restarted clock.
    await page.reload();
    await page.waitForSelector('body[aria-busy="false"]', { state: 'attached' });
    await expect.poll(() => paceOf(page)).toEqual({ status: 'ahead', text: 'ahead by 10 min', left: '9 min left in the plan' });
  });
});
