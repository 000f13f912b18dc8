// The presenter's own screens pass axe's WCAG 2.2 A/AA rules: the key form, the start page (with
// a live session and the phone view open), the console with a poll on screen, and the help dialog.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible } from '../helpers/axe.js';
import { browserAvailable, offlineContext, SCREENSHOTS, useBrowser } from '../helpers/browser.js';
import { branchingDecks } from '../helpers/decks.js';
import { newParley, ok, PRESENTER_KEY, request } from '../helpers/server.js';

describe.skipIf(!browserAvailable())('the presenter screens are accessible', () => {
  const browser = useBrowser();

  const laptop = async (): Promise<Page> => (await offlineContext(browser(), { viewport: { width: 1280, height: 720 } })).newPage();
  const ready = (page: Page) => page.waitForSelector('body[aria-busy="false"]', { state: 'attached' });

  it('key form and start page', async () => {
    const server = await newParley({ decks: branchingDecks() });
    const code = await server.createSession('branching');
    const page = await laptop();
    await page.goto(`${server.url}/present`);
    await page.getByTestId('key-form').waitFor();
    await expectAccessible(page, 'the key form');

    await page.getByLabel('Presenter key').fill(PRESENTER_KEY);
    await page.keyboard.press('Enter');
    await page.getByTestId(`live-${code}`).waitFor();
    await expectAccessible(page, 'the start page');

    await page.getByTestId(`preview-${code}`).click();
    await page.frameLocator('[data-testid="phone-frame"]').getByTestId('waiting').waitFor();
    await expectAccessible(page, 'the start page with the phone view');
  });

  it('console and help dialog', async () => {
    const server = await newParley({ decks: branchingDecks() });
    const code = await server.createSession('branching');
    const presenter = await server.client();
    ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    ok(await request(presenter, 'presenter:goto', { h: 1, v: 0 }));
    ok(await request(presenter, 'presenter:poll', { pollId: 'path', action: 'open' }));
    const phone = await server.client();
    ok(await request(phone, 'audience:join', { code, participantId: 'a11y-phone-1' }));
    ok(await request(phone, 'audience:vote', { pollId: 'path', optionIds: ['wait'] }));

    const page = await laptop();
    await page.goto(`${server.url}/present?session=${code}&console#key=${PRESENTER_KEY}`);
    await ready(page);
    await expect.poll(() => page.getByTestId('console-rate').textContent()).toBe('Answered: 1 of 1 · 100%');
    await expect
      .poll(() =>
        page.getByTestId('current-slide-frame').evaluate((f: HTMLIFrameElement) => f.contentDocument?.querySelector('.reveal.ready') !== null),
      )
      .toBe(true);
    await expectAccessible(page, 'the console');
    await page.screenshot({ path: join(SCREENSHOTS, 'console.png') });

    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await expectAccessible(page, 'the help dialog');
  });
});
