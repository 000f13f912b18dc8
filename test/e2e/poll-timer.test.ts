// Poll timers in a real browser: a deck timer counts down on the projector, in the console and on
// phones, and the server closes the poll when it runs out; the console starts, extends and stops
// timers on the fly.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserAvailable, drawn, laptopAndPhone, SCREENSHOTS, still, useBrowser } from '../helpers/browser.js';
import { timedDecks } from '../helpers/decks.js';
import { newParley, PRESENTER_KEY, type TestServer } from '../helpers/server.js';

describe.skipIf(!browserAvailable())('poll timers', () => {
  const browser = useBrowser();

  /** The projector window, the console (same browser, as on the facilitator's laptop) and a phone. */
  async function setUp(): Promise<{ server: TestServer; deck: Page; console: Page; phone: Page }> {
    const server = await newParley({ decks: timedDecks() });
    const code = await server.createSession('timed');
    return { server, ...(await laptopAndPhone(browser(), server.url, code, PRESENTER_KEY)) };
  }

  const remaining = (page: Page, testId: string) => page.getByTestId(testId).getAttribute('data-remaining').then(Number);

  it('counts a deck timer down everywhere and closes the poll by itself when it runs out', async () => {
    const { deck, console, phone } = await setUp();
    await deck.keyboard.press('ArrowRight');
    await expect.poll(() => console.getByTestId('console-poll').getAttribute('data-poll-id')).toBe('quick');
    await deck.keyboard.press('o');

    await expect.poll(() => deck.getByTestId('poll-state-quick').getAttribute('data-status')).toBe('open');
    await deck.getByTestId('countdown-quick').waitFor();
    expect(await remaining(deck, 'countdown-quick')).toBeLessThanOrEqual(5);
    await console.getByTestId('console-countdown').waitFor();
    expect(await remaining(console, 'console-countdown')).toBeGreaterThan(1);
    await phone.getByTestId('poll-timer').waitFor();
    await still(deck); // the slide transition over
    await deck.screenshot({ path: join(SCREENSHOTS, 'deck-poll-timer.png') });

    // Nobody presses anything: the server closes the poll at 0:00 and every screen says so.
    await expect.poll(() => deck.getByTestId('poll-state-quick').getAttribute('data-status'), { timeout: 9000 }).toBe('closed');
    await expect.poll(() => console.getByTestId('console-poll-state').getAttribute('data-status')).toBe('closed');
    await expect.poll(() => phone.getByTestId('option-yes').isDisabled()).toBe(true);
    expect(await deck.getByTestId('countdown-quick').isHidden()).toBe(true);
    expect(await console.getByTestId('console-countdown').isHidden()).toBe(true);
  });

  it('starts, extends and stops a timer from the console on a poll the deck gave none', async () => {
    const { deck, console, phone } = await setUp();
    await console.getByTestId('console-next').click();
    await console.getByTestId('console-next').click();
    await expect.poll(() => console.getByTestId('console-poll').getAttribute('data-poll-id')).toBe('later');
    await expect.poll(() => phone.getByTestId('poll-question').textContent()).toBe('Which room?');

    // 1 min on a closed poll: it opens with the timer running.
    await console.getByTestId('timer-1-min').click();
    await expect.poll(() => deck.getByTestId('poll-state-later').getAttribute('data-status')).toBe('open');
    await expect.poll(() => remaining(console, 'console-countdown')).toBeGreaterThan(55);
    await expect.poll(() => remaining(deck, 'countdown-later')).toBeGreaterThan(55);
    await phone.getByTestId('poll-timer').waitFor();

    await console.getByTestId('timer-plus-30').click();
    await expect.poll(() => remaining(console, 'console-countdown')).toBeGreaterThan(85);
    await drawn(console);
    await console.screenshot({ path: join(SCREENSHOTS, 'console-timer.png') });

    await console.getByTestId('timer-stop').click();
    await expect.poll(() => console.getByTestId('console-countdown').isHidden()).toBe(true);
    await expect.poll(() => deck.getByTestId('countdown-later').isHidden()).toBe(true);
    expect(await deck.getByTestId('poll-state-later').getAttribute('data-status')).toBe('open');

    // A duration of one's own: 5 s, and the poll closes by itself.
    await console.getByLabel('Seconds').fill('5');
    await console.getByTestId('timer-start').click();
    await expect.poll(() => remaining(deck, 'countdown-later')).toBeLessThanOrEqual(5);
    await expect.poll(() => deck.getByTestId('poll-state-later').getAttribute('data-status'), { timeout: 9000 }).toBe('closed');
    await expect.poll(() => phone.getByTestId('option-a').isDisabled()).toBe(true);
  });
});
