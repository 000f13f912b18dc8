// The discussion timer in a real browser: on a slide without a poll, the console's "Discuss 5 s"
// (the deck's `discuss: 5`) starts a countdown on the projector and under the slide title on a
// phone; at 0:00 the projector says "Time" and the phone "Time's up"; Stop takes it away.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserAvailable, laptopAndPhone, useBrowser } from '../helpers/browser.js';
import { discussDecks } from '../helpers/decks.js';
import { newParley, PRESENTER_KEY } from '../helpers/server.js';

describe.skipIf(!browserAvailable())('discussion timers', () => {
  const browser = useBrowser();
  const remaining = (page: Page, testId: string) => page.getByTestId(testId).getAttribute('data-remaining').then(Number);

  it('counts down on the projector and a phone on a slide without a poll, and says "Time" when it ends', async () => {
    const server = await newParley({ decks: discussDecks() });
    const code = await server.createSession('discuss');
    const { deck, console, phone } = await laptopAndPhone(browser(), server.url, code, PRESENTER_KEY);

    await console.getByTestId('console-next').click();
    await expect.poll(() => phone.getByTestId('slide-title').textContent()).toBe('Discuss with your neighbour');
    // The sound stays off unless ticked.
    expect(await console.getByTestId('discuss-sound').isChecked()).toBe(false);
    await console.getByTestId('discuss-deck').click();
    expect(await console.getByTestId('discuss-deck').textContent()).toBe('Discuss 5 s');

    await deck.getByTestId('discussion-clock').waitFor();
    expect(await remaining(deck, 'discussion-countdown')).toBeLessThanOrEqual(5);
    await phone.getByTestId('discussion-timer').waitFor();
    await expect.poll(() => phone.getByTestId('discussion-timer').textContent()).toMatch(/0:0\d left/);
    expect(await remaining(console, 'discuss-countdown')).toBeGreaterThan(0);

    // Nobody presses anything: at 0:00 the projector says "Time", the phone "Time's up".
    await expect.poll(() => deck.getByTestId('discussion-countdown').textContent(), { timeout: 9000 }).toBe('Time');
    await expect.poll(() => phone.getByTestId('discussion-timer').textContent(), { timeout: 3000 }).toBe('Time’s up');

    // A reloaded phone shows the same.
    await phone.reload();
    await expect.poll(() => phone.getByTestId('discussion-timer').textContent()).toBe('Time’s up');

    await console.getByTestId('discuss-stop').click();
    await expect.poll(() => deck.getByTestId('discussion-clock').isHidden()).toBe(true);
    await expect.poll(() => phone.getByTestId('discussion-timer').count()).toBe(0);
  });

  it('shows on a phone answering a poll, named, so that it is not taken for the time left to vote', async () => {
    const server = await newParley({ decks: discussDecks() });
    const code = await server.createSession('discuss');
    const { deck, console, phone } = await laptopAndPhone(browser(), server.url, code, PRESENTER_KEY);

    // Started on the discussion slide, the timer runs on while the presenter moves to the poll.
    await console.getByTestId('console-next').click();
    await console.getByTestId('discuss-2-min').click();
    await phone.getByTestId('discussion-timer').waitFor();
    await console.getByTestId('console-next').click();
    await deck.keyboard.press('o');
    await phone.getByTestId('poll-question').waitFor();
    await expect.poll(() => phone.locator('.discussion').textContent()).toMatch(/^Discussion time[12]:\d\d left$/);
    // The poll's own answer buttons are still there, under it.
    expect(await phone.getByText('Yes', { exact: true }).isVisible()).toBe(true);

    await console.getByTestId('discuss-stop').click();
    await expect.poll(() => phone.locator('.discussion').count()).toBe(0);
  });
});
