// The facilitator takes the results out of the presenter page (key E), ends the session, and
// manages the session history on the start page; phones see the end and the deletion.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserAvailable, offlineContext, PHONE, SCREENSHOTS, useBrowser } from '../helpers/browser.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer } from '../helpers/server.js';

describe.skipIf(!browserAvailable())('exports, end and history in the presenter page', () => {
  const browser = useBrowser();

  const context = (options: BrowserContextOptions) => offlineContext(browser(), options);

  /** A session where three phones answered branch-a: talk, talk, wait. */
  async function voted(server: TestServer): Promise<string> {
    const code = await server.createSession();
    const presenter = await server.client();
    ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'open' }));
    for (const [i, pick] of ['talk', 'talk', 'wait'].entries()) {
      const phone = await server.client();
      ok(await request(phone, 'audience:join', { code, participantId: `export-phone-${i}` }));
      ok(await request(phone, 'audience:vote', { pollId: 'branch-a', optionIds: [pick] }));
    }
    presenter.close();
    return code;
  }

  /** The presenter page at 1280×720; every confirm() is accepted and its message kept. */
  async function presenterPage(server: TestServer, path: string): Promise<{ page: Page; dialogs: string[] }> {
    const page = await (await context({ viewport: { width: 1280, height: 720 }, acceptDownloads: true })).newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.accept();
    });
    await page.goto(`${server.url}${path}#key=${PRESENTER_KEY}`);
    return { page, dialogs };
  }

  async function phonePage(server: TestServer, code: string): Promise<Page> {
    const phone = await (await context(PHONE)).newPage();
    await phone.goto(`${server.url}/j/${code}`);
    return phone;
  }

  it('downloads exports from the E menu, opens the report, ends the session; phones see the end', async () => {
    const server = await newParley();
    const code = await voted(server);
    const { page, dialogs } = await presenterPage(server, `/present?session=${code}`);
    await page.waitForSelector('body[aria-busy="false"]', { state: 'attached' });
    const phone = await phonePage(server, code);
    await phone.getByTestId('waiting').waitFor();
    const today = new Date().toISOString().slice(0, 10);

    // E opens the menu, Esc and E close it; the HUD button opens it too.
    const menu = page.getByTestId('export-menu');
    await page.keyboard.press('e');
    await menu.waitFor();
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => (window as { Reveal?: { isOverview(): boolean } }).Reveal?.isOverview())).toBe(false);
    await page.getByTestId('export-button').click();
    await menu.waitFor();
    await page.keyboard.press('e');
    await menu.waitFor({ state: 'hidden' });
    await page.keyboard.press('e');
    await menu.waitFor();
    // Arrow keys belong to the menu while it is open: the deck stays on its slide.
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => (window as { Reveal?: { getIndices(): { h: number } } }).Reveal?.getIndices().h)).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'export-menu.png') });

    const [summary] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-summary.csv').click()]);
    expect(summary.suggestedFilename()).toBe(`parley-workshop-${code}-${today}.summary.csv`);
    const rows = parse(readFileSync((await summary.path())!), { bom: true, columns: true }) as Record<string, string>[];
    const branchA = rows.filter((r) => r.poll_id === 'branch-a');
    expect(branchA.map((r) => [r.option_id, r.count])).toEqual([
      ['talk', '2'],
      ['wait', '1'],
      ['escalate', '0'],
    ]);
    expect(branchA.every((r) => r.respondents === '3')).toBe(true);
    await expect.poll(() => page.getByTestId('export-status').textContent()).toContain(summary.suggestedFilename());

    const [workbook] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
    expect(workbook.suggestedFilename()).toBe(`parley-workshop-${code}-${today}.xlsx`);
    const xlsx = readFileSync((await workbook.path())!);
    expect(xlsx.length).toBeGreaterThan(1000);
    expect(xlsx.subarray(0, 2).toString()).toBe('PK');

    // Linked only when ticked, with a warning: one pseudonym across polls, said in the file.
    const linkedWarning = page.locator('#export-linked-warning');
    expect(await linkedWarning.isVisible()).toBe(false);
    await page.getByTestId('export-linked').check();
    expect(await linkedWarning.textContent()).toContain('several answers together can identify someone');
    expect(await linkedWarning.isVisible()).toBe(true);
    const [linked] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-responses.csv').click()]);
    expect(linked.suggestedFilename()).toBe(`parley-workshop-${code}-${today}.linked.responses.csv`);
    expect(readFileSync((await linked.path())!, 'utf8')).toMatch(/^\ufeff"?# Linked export/);
    await page.getByTestId('export-linked').uncheck();

    // The key never travels in a URL: the report opens from a blob.
    const [report] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('open-report').click()]);
    await expect.poll(() => report.url()).toMatch(/^blob:/);
    await report.locator('h1').waitFor();
    expect(await report.locator('h1').textContent()).toBe('Test Workshop');
    expect(report.url()).not.toContain(PRESENTER_KEY);
    await report.close();

    await page.getByTestId('end-session').click();
    expect(dialogs.at(-1)).toContain(`End session ${code}?`);
    await page.getByTestId('menu-ended').waitFor();
    await phone.getByTestId('ended').waitFor();
    expect(await phone.getByTestId('ended').textContent()).toMatch(/This session has ended.*thank you for taking part/i);
    expect(await phone.locator('button.option').count()).toBe(0);
    await phone.screenshot({ path: join(SCREENSHOTS, 'phone-ended.png') });

    // After the end: the HUD says so, exports still work, and a poll refuses to open.
    await page.keyboard.press('Escape');
    await page.getByTestId('session-ended').waitFor();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('o');
    await expect.poll(() => page.locator('#toast').textContent()).toMatch(/ended/i);
    expect(await page.getByTestId('poll-state-branch-a').getAttribute('data-status')).toBe('closed');
    await page.screenshot({ path: join(SCREENSHOTS, 'deck-ended.png') });
    await page.keyboard.press('e');
    const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    const data = JSON.parse(readFileSync((await json.path())!, 'utf8')) as { session: { code: string; endedAt: string | null } };
    expect(data.session.code).toBe(code);
    expect(data.session.endedAt).not.toBeNull();
  });

  it('lists live and ended sessions on the start page, compares them, and deletes one after confirmation', async () => {
    const server = await newParley();
    const ended = await voted(server);
    const live = await voted(server);
    const end = await fetch(`${server.url}/api/sessions/${ended}/end`, {
      method: 'POST',
      headers: { authorization: `Bearer ${PRESENTER_KEY}` },
    });
    expect(end.status).toBe(200);
    const phone = await phonePage(server, ended);
    await phone.getByTestId('ended').waitFor();

    const { page, dialogs } = await presenterPage(server, '/present');
    const history = page.getByTestId('session-history');
    const row = (code: string) => history.locator(`tr[data-code="${code}"]`);
    await row(live).waitFor();
    expect(page.url()).not.toContain(PRESENTER_KEY);
    // Newest first.
    expect(await history.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-code')))).toEqual([live, ended]);
    expect(await row(live).textContent()).toContain('live');
    expect(await row(ended).textContent()).toContain('ended');
    expect(await row(live).getByTestId(`present-${live}`).getAttribute('href')).toBe(`/present?session=${live}`);
    expect(await row(ended).getByTestId(`present-${ended}`).count()).toBe(0);
    expect(await row(ended).getByTestId(`end-${ended}`).count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'session-history.png') });

    // Export… from a row.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-${live}`).selectOption('responses.csv')]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^parley-workshop-${live}-\\d{4}-\\d{2}-\\d{2}\\.responses\\.csv$`));
    expect(parse(readFileSync((await download.path())!), { bom: true, columns: true })).toHaveLength(3);

    // Two sessions of one deck side by side.
    const compare = page.getByTestId('compare-reports');
    expect(await compare.isDisabled()).toBe(true);
    await page.getByTestId(`pick-${live}`).check();
    await page.getByTestId(`pick-${ended}`).check();
    const [comparison] = await Promise.all([page.context().waitForEvent('page'), compare.click()]);
    await comparison.locator('h1').waitFor();
    expect(await comparison.title()).toContain('comparison');
    expect(await comparison.title()).toContain(live);
    expect(await comparison.title()).toContain(ended);
    await comparison.close();

    await page.getByTestId(`delete-${ended}`).click();
    expect(dialogs.at(-1)).toContain(ended);
    expect(dialogs.at(-1)).toMatch(/everything in it is deleted/i);
    await row(ended).waitFor({ state: 'detached' });
    expect((await fetch(`${server.url}/api/sessions/${ended}`)).status).toBe(404);
    expect(await row(live).count()).toBe(1);
    // The phone that was in it is let go and says so, with the code form to join another.
    await expect.poll(() => phone.getByTestId('join-error').textContent()).toBe('This session is no longer available.');
    await phone.getByTestId('code-input').waitFor();
    await phone.screenshot({ path: join(SCREENSHOTS, 'phone-session-gone.png') });
    await phone.getByTestId('code-input').fill(live);
    await phone.getByTestId('join-button').click();
    await phone.getByTestId('waiting').waitFor();
  });
});
