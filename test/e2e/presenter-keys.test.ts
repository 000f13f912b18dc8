// The presenter's keys in a real browser: `?` shows every shortcut in an accessible dialog, and
// the keys a presentation clicker sends (Page Up/Down, arrows, Space, B and ., F5, Esc) move
// through the deck and never open or close a poll.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserAvailable, presenterWindow, SCREENSHOTS, still, useBrowser } from '../helpers/browser.js';
import { nextEvent } from '../helpers/events.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer } from '../helpers/server.js';

describe.skipIf(!browserAvailable())('presenter keys', () => {
  const browser = useBrowser();

  const open = (server: TestServer, code: string, view = ''): Promise<Page> => presenterWindow(browser(), server.url, code, PRESENTER_KEY, view);

  const at = (deck: Page) =>
    deck.evaluate(() => {
      const { h, v } = (window as unknown as { Reveal: { getIndices(): { h: number; v?: number } } }).Reveal.getIndices();
      return `${h}/${v ?? 0}`;
    });
  const focusInHelp = (page: Page) => page.evaluate(() => Boolean(document.activeElement?.closest('[data-testid="help"]')));

  it('shows every shortcut on ?, keeps the focus inside, and closes on Esc or ?', async () => {
    const server = await newParley();
    const code = await server.createSession();
    const deck = await open(server, code);

    await deck.keyboard.press('?');
    const help = deck.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    const text = await help.textContent();
    for (const shortcut of [
      'Page Down',
      'Next slide',
      'Open or close voting',
      'Reveal or hide the results',
      'most-chosen branch',
      'Blank the screen',
      'presenter console',
      'Exports and End session',
    ]) {
      expect(text).toContain(shortcut);
    }
    // Parley's help replaces reveal.js's own overlay.
    expect(await deck.locator('.reveal .overlay-help').count()).toBe(0);
    expect(await focusInHelp(deck)).toBe(true);
    for (let i = 0; i < 3; i++) await deck.keyboard.press('Tab');
    expect(await focusInHelp(deck)).toBe(true);
    await still(deck);
    await deck.screenshot({ path: join(SCREENSHOTS, 'help-overlay.png') });

    // While it is open the deck ignores its keys.
    await deck.keyboard.press('ArrowRight');
    expect(await at(deck)).toBe('0/0');

    await deck.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
    // Esc closed the help only; the slide overview did not open.
    expect(await deck.evaluate(() => (window as unknown as { Reveal: { isOverview(): boolean } }).Reveal.isOverview())).toBe(false);
    await deck.keyboard.press('?');
    await help.waitFor();
    await deck.keyboard.press('?');
    await help.waitFor({ state: 'hidden' });

    // The console has the same help.
    const console = await open(server, code, '&console');
    await console.keyboard.press('?');
    await console.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await console.keyboard.press('Escape');
    await console.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor({ state: 'hidden' });
  });

  it('moves through the deck on clicker keys without ever opening or closing a poll', async () => {
    const server = await newParley();
    const code = await server.createSession();
    // Another presenter window sees every poll change the server makes.
    const watcher = await server.client();
    ok(await request(watcher, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    const pollChanges: string[] = [];
    watcher.on('presenter:poll-state', (poll) => pollChanges.push(`${poll.id}:${poll.status}`));

    const deck = await open(server, code);
    await deck.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    const moves: [key: string, to: string][] = [
      ['PageDown', '1/0'],
      ['PageDown', '1/1'], // the first poll's slide (closed)
      ['PageDown', '1/2'], // the second poll's slide
      ['PageUp', '1/1'],
      ['ArrowRight', '2/0'], // the third poll's slide
      ['ArrowLeft', '1/1'], // reveal.js comes back to where it was in the stack
      ['ArrowUp', '1/0'],
      ['ArrowDown', '1/1'],
      ['Space', '1/2'],
      ['Shift+Space', '1/1'],
      ['End', '3/0'],
      ['Home', '0/0'],
    ];
    for (const [key, to] of moves) {
      await deck.keyboard.press(key);
      await expect.poll(() => at(deck), { message: `${key} → ${to}` }).toBe(to);
    }

    // Home makes reveal.js forget where each stack was, in a task of its own (setTimeout 0); a
    // timer queued now runs after it. (Under load Chromium ran the next key press first once, and
    // PageDown resumed the stack at 1/1: no person presses that fast.)
    await deck.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
    // An open poll stays open while the clicker goes past it and back.
    await deck.keyboard.press('PageDown');
    await expect.poll(() => at(deck)).toBe('1/0');
    await deck.keyboard.press('PageDown');
    await expect.poll(() => at(deck)).toBe('1/1');
    await deck.keyboard.press('o');
    await expect.poll(() => pollChanges).toEqual(['branch-a:open']);
    for (const key of ['PageDown', 'PageUp', 'ArrowRight', 'ArrowLeft', 'Space', 'Shift+Space']) await deck.keyboard.press(key);
    await expect.poll(() => at(deck)).toBe('1/1');

    // Blank screen (B, .) and back; F5 and Shift+F5 (a clicker's "start") neither reload nor touch the poll.
    for (const key of ['b', 'b', '.', '.']) await deck.keyboard.press(key);
    expect(await deck.evaluate(() => (window as unknown as { Reveal: { isPaused(): boolean } }).Reveal.isPaused())).toBe(false);
    // Whether each F5 was cancelled, as the browser sees it once the page's own listeners have run
    // (a cancelled F5 reloads nothing).
    await deck.evaluate(() => {
      const page = window as unknown as { f5Cancelled: boolean[] };
      page.f5Cancelled = [];
      window.addEventListener('keydown', (event) => event.key === 'F5' && page.f5Cancelled.push(event.defaultPrevented), true);
    });
    await deck.keyboard.press('F5');
    await deck.keyboard.press('Shift+F5');
    // Esc toggles the slide overview, and Esc again leaves it.
    await deck.keyboard.press('Escape');
    await deck.keyboard.press('Escape');
    expect(await deck.evaluate(() => (window as unknown as { f5Cancelled: boolean[] }).f5Cancelled)).toEqual([true, true]);
    expect(await deck.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(await at(deck)).toBe('1/1');
    // Then a move the other window is told of: whatever those keys sent the server came before it.
    const moved = nextEvent(watcher, 'presenter:slide', (slide) => slide.h === 1 && slide.v === 2);
    await deck.keyboard.press('PageDown');
    await moved;
    expect(pollChanges).toEqual(['branch-a:open']);
    await deck.keyboard.press('PageUp');
    await expect.poll(() => at(deck)).toBe('1/1');
    expect(await deck.getByTestId('poll-state-branch-a').getAttribute('data-status')).toBe('open');

    // The console's clicker keys move the deck (and the projector with it), and nothing else.
    const console = await open(server, code, '&console');
    await console.getByTestId('console-open').focus(); // even with the focus on a poll button
    for (const [key, to] of [
      ['PageDown', '1/2'],
      ['PageDown', '2/0'],
      ['PageUp', '1/2'],
      ['ArrowLeft', '1/1'],
    ] as const) {
      await console.keyboard.press(key);
      await expect.poll(() => at(deck), { message: `console ${key} → ${to}` }).toBe(to);
    }
    expect(pollChanges).toEqual(['branch-a:open']);
  });
});
