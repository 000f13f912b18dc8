// The projected deck shows the room's things only: the facilitator's tools on it (a poll's
// buttons, the branch buttons, Export and the keys line) are faded out until the pointer moves,
// stay while it moves, fade again when it rests, and show while one of them has the keyboard focus.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserAvailable, offlineContext, SCREENSHOTS, still, useBrowser } from '../helpers/browser.js';
import { branchingDecks } from '../helpers/decks.js';
import { newParley, ok, PRESENTER_KEY, request } from '../helpers/server.js';

describe.skipIf(!browserAvailable())('the facilitator’s tools on the projected deck', () => {
  const browser = useBrowser();

  /** The drawn opacity of each element, by test id or selector. */
  const opacities = (deck: Page, selectors: string[]) =>
    deck.evaluate((list) => list.map((sel) => Number(getComputedStyle(document.querySelector(sel) as HTMLElement).opacity)), selectors);
  const TOOLS = ['.reveal section.present .poll-controls', '.reveal section.present .branch-buttons', '[data-testid="export-button"]', '.hud-keys'];
  const ROOM = ['.reveal section.present .poll-question', '.hud-code'];

  it('fades them out while the pointer rests, in while it moves or a tool has the focus', async () => {
    const server = await newParley({ decks: branchingDecks() });
    const code = await server.createSession('branching');
    const deck = await (await offlineContext(browser(), { viewport: { width: 1280, height: 720 } })).newPage();
    await deck.goto(`${server.url}/present?session=${code}#key=${PRESENTER_KEY}`);
    await deck.waitForSelector('body[aria-busy="false"]', { state: 'attached' });
    await deck.keyboard.press('ArrowRight');
    await deck.keyboard.press('o');
    await expect.poll(() => deck.getByTestId('poll-state-path').getAttribute('data-status')).toBe('open');
    const phone = await server.participant(code, 'phone-ana-0001');
    ok(await request(phone, 'audience:vote', { pollId: 'path', optionIds: ['talk'] }));
    await deck.keyboard.press('r');
    await expect.poll(() => deck.getByTestId('poll-state-path').getAttribute('data-revealed')).toBe('true');

    // Nothing moved the pointer: the room sees the question, the bars and the join code only.
    await expect.poll(() => opacities(deck, TOOLS)).toEqual([0, 0, 0, 0]);
    expect(await opacities(deck, ROOM)).toEqual([1, 1]);
    await still(deck); // the slide and fade transitions over, for the screenshot
    await deck.screenshot({ path: join(SCREENSHOTS, 'projector-tools-idle.png') });

    // The pointer moves: every tool is there, and a click works as before.
    await deck.mouse.move(600, 400);
    await deck.mouse.move(620, 420);
    await expect.poll(() => opacities(deck, TOOLS)).toEqual([1, 1, 1, 1]);
    await still(deck); // the slide and fade transitions over, for the screenshot
    await deck.screenshot({ path: join(SCREENSHOTS, 'projector-tools-pointer.png') });
    // It rests: they fade out again.
    await expect.poll(() => opacities(deck, TOOLS), { timeout: 6000 }).toEqual([0, 0, 0, 0]);

    // A keyboard user tabbing to a poll's button sees it, and the rest of its group.
    const close = deck.locator('.reveal section.present .poll-controls').getByRole('button', { name: 'Close', exact: true });
    await close.focus();
    await expect.poll(() => opacities(deck, [TOOLS[0]!])).toEqual([1]);
    await close.click();
    await expect.poll(() => deck.getByTestId('poll-state-path').getAttribute('data-status')).toBe('closed');
  });
});
