// The start page (/present without a session) at 1280×720: the presenter types the key, picks a
// deck, starts a session and lands on its deck; a live session is resumed from the list, its join
// link copied, and the phone view shown beside the list.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { browserAvailable, drawn, offlineContext, SCREENSHOTS, useBrowser } from '../helpers/browser.js';
import { newParley, PRESENTER_KEY, type TestServer } from '../helpers/server.js';

describe.skipIf(!browserAvailable())('the start page', () => {
  const browser = useBrowser();

  /** The start page at 1280×720; the test fails on any script error in it. */
  async function startPage(server: TestServer, withKey = true): Promise<Page> {
    const context = await offlineContext(browser(), { viewport: { width: 1280, height: 720 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    onTestFinished(() => expect(errors).toEqual([]));
    await page.goto(`${server.url}/present${withKey ? `#key=${PRESENTER_KEY}` : ''}`);
    return page;
  }

  it('takes the key, lists the decks with their polls, and starts a session that shows its join code', async () => {
    const server = await newParley();
    const page = await startPage(server, false);

    const form = page.getByTestId('key-form');
    await form.getByLabel('Presenter key').fill(PRESENTER_KEY);
    await form.getByLabel('Presenter key').press('Enter');

    const deck = page.getByTestId('deck-workshop');
    await deck.waitFor();
    expect(await deck.getByRole('heading').first().textContent()).toBe('Test Workshop');
    expect(await deck.textContent()).toContain('workshop.md · 3 polls');
    // The keyboard starts where the work is: on the first deck's Start button.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('start-workshop');

    await page.keyboard.press('Enter');
    await page.waitForURL(/\/present\?session=[A-Z0-9]{5}$/);
    const code = new URL(page.url()).searchParams.get('session')!;
    await page.waitForSelector('body[aria-busy="false"]', { state: 'attached' });
    await expect.poll(() => page.getByTestId('join-code').first().textContent()).toBe(code);
    expect(page.url()).not.toContain(PRESENTER_KEY);
  });

  it('resumes a live session, copies its join link, and shows its phone view beside the list', async () => {
    const server = await newParley();
    const live = await server.createSession();
    const ended = await server.createSession();
    const end = await fetch(`${server.url}/api/sessions/${ended}/end`, { method: 'POST', headers: { authorization: `Bearer ${PRESENTER_KEY}` } });
    expect(end.status).toBe(200);

    const page = await startPage(server);
    const deck = page.getByTestId('deck-workshop');
    await deck.getByTestId(`live-${live}`).waitFor();
    // Only sessions that are not ended can be resumed.
    expect(await deck.getByTestId(`live-${ended}`).count()).toBe(0);
    expect(await deck.getByTestId(`resume-${live}`).getAttribute('href')).toBe(`/present?session=${live}`);
    expect(await deck.getByTestId(`console-${live}`).getAttribute('href')).toBe(`/present?session=${live}&console`);

    // The join link: in a field anyone can select, and on the clipboard with a visible "Copied".
    const joinUrl = server.audienceUrl(live);
    expect(await page.getByTestId(`join-link-${live}-field`).inputValue()).toBe(joinUrl);
    await page.getByTestId(`join-link-${live}-copy`).click();
    await expect.poll(() => page.getByTestId(`join-link-${live}-status`).textContent()).toBe('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(joinUrl);

    // The phone view: the session's join page at phone width, beside the list.
    await page.getByTestId(`preview-${live}`).click();
    const frame = page.frameLocator('[data-testid="phone-frame"]');
    await frame.getByTestId('waiting').waitFor();
    const box = await page.getByTestId('phone-frame').boundingBox();
    expect(box!.width).toBeLessThan(400);
    await drawn(page);
    await drawn(page.frames().find((f) => f.url().includes(`/j/${live}`))!);
    await page.screenshot({ path: join(SCREENSHOTS, 'start-page.png') });
    await page.getByTestId('phone-preview-close').click();
    expect(await page.getByTestId('phone-preview').isHidden()).toBe(true);

    // Resume: the deck of that session, where it was.
    await page.getByTestId(`resume-${live}`).click();
    await page.waitForSelector('body[aria-busy="false"]', { state: 'attached' });
    await expect.poll(() => page.getByTestId('join-code').first().textContent()).toBe(live);
  });
});
