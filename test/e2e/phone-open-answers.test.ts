// Open answers on real phones (Chromium at 375 px, and 320 px for overflow): typed answers and their
// word cloud, ranking by taps, and the Q&A board — with a presenter driven over a socket.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserAvailable, offlineContext, PHONE, SCREENSHOTS, useBrowser } from '../helpers/browser.js';
import { openDecks } from '../helpers/decks.js';
import { newParley, ok, PRESENTER_KEY, request, tempDataDir, type TestServer, type TestSocket } from '../helpers/server.js';

const XSS = '<img src=x onerror=alert(1)> goals';

describe.skipIf(!browserAvailable())('open answers on a phone', () => {
  const browser = useBrowser();

  async function openPhone(url: string, code: string): Promise<Page> {
    const page = await (await offlineContext(browser(), PHONE)).newPage();
    // Participant text must never run: any dialog fails the test.
    page.on('dialog', (dialog) => {
      void dialog.dismiss();
      throw new Error(`a dialog opened: ${dialog.message()}`);
    });
    await page.goto(`${url}/j/${code}`);
    return page;
  }

  /** A session of the open deck with the presenter on slide `h` and its poll open. */
  async function session(
    h: number,
    pollId: string,
    env?: Record<string, string>,
  ): Promise<{ server: TestServer; code: string; presenter: TestSocket }> {
    const server = await newParley({ decks: openDecks(), ...(env ? { env } : {}) });
    const code = await server.createSession('open');
    const presenter = await server.client();
    ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    ok(await request(presenter, 'presenter:goto', { h, v: 0 }));
    ok(await request(presenter, 'presenter:poll', { pollId, action: 'open' }));
    return { server, code, presenter };
  }

  const status = (page: Page) => page.getByTestId('vote-status').textContent();
  const attr = (page: Page, testId: string, name: string) => page.getByTestId(testId).getAttribute(name);

  /** No horizontal scrolling on the narrowest phones; the screenshot is for people to look at. */
  async function fitsAt320(page: Page, name: string): Promise<void> {
    await page.setViewportSize({ width: 320, height: 568 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-320.png`), fullPage: true });
    await page.setViewportSize(PHONE.viewport);
  }

  it('sends typed answers shown as plain text, then shows the word cloud, which follows moderation', async () => {
    const { server, code, presenter } = await session(1, 'first-meeting');
    const phone = await openPhone(server.url, code);
    const box = phone.getByTestId('text-input');
    await box.waitFor();
    expect(await box.getAttribute('maxlength')).toBe('60');
    expect(await box.evaluate((el) => document.getElementById(el.getAttribute('aria-labelledby')!)?.textContent)).toBe(
      'What should you discuss at this first meeting?',
    );
    expect(await phone.locator('#poll-hint').textContent()).toBe('You can send up to 10 answers');

    await box.fill('Set goals and a meeting rhythm');
    await expect.poll(() => phone.getByTestId('text-counter').textContent()).toContain('30 / 60');
    await phone.getByTestId('text-send').click();
    await expect.poll(() => status(phone)).toMatch(/Answer sent/);
    expect(await box.inputValue()).toBe('');
    expect(await phone.getByTestId('text-counter').textContent()).toContain('0 / 60');

    // Markup typed by a participant stays text, sent with Enter.
    await box.fill(XSS);
    await box.press('Enter');
    await expect.poll(() => phone.getByTestId('my-entry').count()).toBe(2);
    expect(await phone.getByTestId('my-entry').nth(1).locator('.entry-text').textContent()).toBe(XSS);
    expect(await phone.locator('#app img').count()).toBe(0);
    expect(await phone.locator('#poll-hint').textContent()).toBe('You can send up to 10 answers (2\u00a0sent)');

    // The server's refusal is shown as it comes; the text stays for another try.
    await box.fill('set GOALS and a meeting rhythm');
    await phone.getByTestId('text-send').click();
    await expect.poll(() => status(phone)).toBe('You already sent that.');
    expect(await phone.getByTestId('vote-status').getAttribute('class')).toContain('error');
    expect(await box.inputValue()).toBe('set GOALS and a meeting rhythm');
    await box.fill('Talk about');
    await expect.poll(() => status(phone)).toBe(''); // editing clears the refusal
    await phone.screenshot({ path: join(SCREENSHOTS, 'phone-text-poll.png'), fullPage: true });
    await fitsAt320(phone, 'phone-text-poll');

    // The reveal brings the cloud: words sized by how many answers use them.
    ok(await request(presenter, 'presenter:poll', { pollId: 'first-meeting', action: 'reveal' }));
    await phone.getByTestId('word-cloud').waitFor();
    expect(await attr(phone, 'word-goals', 'data-count')).toBe('2');
    expect(await attr(phone, 'word-onerror', 'data-count')).toBe('1');
    expect(await phone.getByTestId('word-goals').textContent()).toBe('goals, 2 answers');
    const sizes = await phone.evaluate(() =>
      ['goals', 'onerror'].map((w) => parseFloat(getComputedStyle(document.querySelector(`[data-testid="word-${w}"]`)!).fontSize)),
    );
    expect(sizes[0]).toBeGreaterThan(sizes[1]!);
    // A re-render kept what was typed.
    expect(await box.inputValue()).toBe('Talk about');
    await phone.screenshot({ path: join(SCREENSHOTS, 'phone-word-cloud.png'), fullPage: true });
    await fitsAt320(phone, 'phone-word-cloud');

    // The presenter hides the answer with markup: its words leave the cloud on the phone.
    const hiddenId = await phone.getByTestId('my-entry').nth(1).getAttribute('data-entry-id');
    ok(await request(presenter, 'presenter:moderate', { pollId: 'first-meeting', entryId: hiddenId!, action: 'hide' }));
    await expect.poll(() => phone.getByTestId('word-onerror').count()).toBe(0);
    expect(await attr(phone, 'word-goals', 'data-count')).toBe('1');
    expect(await phone.getByTestId('word-img').count()).toBe(0);

    // A reload restores this participant's answers, with the facilitator's decision.
    await phone.reload();
    await expect.poll(() => phone.getByTestId('my-entry').count()).toBe(2);
    expect(await phone.getByTestId('my-entry').nth(1).textContent()).toContain('Hidden by the facilitator');
  });

  it('orders options by taps, submits the order and shows results by average position', async () => {
    const { server, code, presenter } = await session(2, 'steps');
    const [ana, ben] = (await Promise.all([openPhone(server.url, code), openPhone(server.url, code)])) as [Page, Page];
    await ana.getByTestId('rank-option-prepare').waitFor();
    expect(await ana.locator('#poll-hint').textContent()).toBe('Tap the options in order of importance, most important first');
    expect(await ana.getByTestId('rank-submit').isDisabled()).toBe(true);

    await ana.getByTestId('rank-option-expectations').click();
    await ana.getByTestId('rank-option-feedback').click();
    expect(await attr(ana, 'rank-option-expectations', 'data-rank')).toBe('1');
    expect(await attr(ana, 'rank-option-feedback', 'aria-label')).toBe('Ask for feedback, ranked 2');
    expect(await attr(ana, 'rank-option-prepare', 'aria-label')).toBe('Prepare for meetings, not ranked yet');
    await ana.screenshot({ path: join(SCREENSHOTS, 'phone-rank-partial.png'), fullPage: true });
    // Taking one out moves the later ones up.
    await ana.getByTestId('rank-option-expectations').click();
    expect(await attr(ana, 'rank-option-feedback', 'data-rank')).toBe('1');
    expect(await attr(ana, 'rank-option-expectations', 'data-rank')).toBeNull();
    await ana.getByTestId('rank-reset').click();
    expect(await attr(ana, 'rank-option-feedback', 'data-rank')).toBeNull();

    for (const id of ['expectations', 'prepare', 'feedback']) await ana.getByTestId(`rank-option-${id}`).click();
    expect(await ana.getByTestId('rank-submit').isEnabled()).toBe(true);
    await ana.getByTestId('rank-submit').click();
    await expect.poll(() => status(ana)).toBe('✓ Your order recorded');
    await ana.screenshot({ path: join(SCREENSHOTS, 'phone-rank.png'), fullPage: true });
    await fitsAt320(ana, 'phone-rank');

    for (const id of ['feedback', 'expectations', 'prepare']) await ben.getByTestId(`rank-option-${id}`).click();
    await ben.getByTestId('rank-submit').click();
    await expect.poll(() => status(ben)).toBe('✓ Your order recorded');

    // Changing the order while the poll is open: an incomplete order keeps the recorded one.
    await ben.getByTestId('rank-option-prepare').click();
    await expect.poll(() => status(ben)).toMatch(/earlier order stays recorded/);
    await ben.getByTestId('rank-option-prepare').click();
    await expect.poll(() => status(ben)).toBe('✓ Your order recorded');

    ok(await request(presenter, 'presenter:poll', { pollId: 'steps', action: 'reveal' }));
    const results = ana.getByTestId('rank-results');
    await results.waitFor();
    const rows = await results
      .locator('li')
      .evaluateAll((lis) =>
        lis.map((li) => [li.getAttribute('data-testid'), li.getAttribute('data-position'), li.querySelector('.mark')?.textContent]),
      );
    expect(rows).toEqual([
      ['rank-result-expectations', '1.5', 'Your rank: 1'],
      ['rank-result-feedback', '2', 'Your rank: 3'],
      ['rank-result-prepare', '2.5', 'Your rank: 2'],
    ]);
    expect(await results.locator('li').first().textContent()).toContain('1.5 average position');
    const widths = await results.locator('.fill').evaluateAll((els) => els.map((e) => (e as HTMLElement).style.width));
    expect(widths.map((w) => Math.round(parseFloat(w)))).toEqual([83, 67, 50]);
    // Still open: the order can be changed under the results.
    expect(await ana.getByTestId('rank-option-prepare').isEnabled()).toBe(true);
    await ana.screenshot({ path: join(SCREENSHOTS, 'phone-rank-results.png'), fullPage: true });
    await fitsAt320(ana, 'phone-rank-results');
  });

  it('runs the Q&A board: ask, upvote others’ questions, and typing survives board updates', async () => {
    const { server, code, presenter } = await session(3, 'questions');
    const [ana, ben] = (await Promise.all([openPhone(server.url, code), openPhone(server.url, code)])) as [Page, Page];
    await ana.getByTestId('text-input').waitFor();
    expect(await ana.getByLabel('Ask a question').count()).toBe(1);

    await ana.getByTestId('text-input').fill('How often should we meet?');
    await ana.getByTestId('text-send').click();
    await expect.poll(() => status(ana)).toBe('✓ Question posted');
    const q1 = ana.getByTestId('qa-question').first();
    await q1.waitFor();
    const q1Id = (await q1.getAttribute('data-entry-id'))!;
    expect(await q1.textContent()).toContain('Your question');
    expect(await ana.getByTestId(`upvote-${q1Id}`).isDisabled()).toBe(true);

    // Ben sees it and upvotes: the count reaches both phones with the next state.
    const upvote = ben.getByTestId(`upvote-${q1Id}`);
    await upvote.waitFor();
    expect(await upvote.getAttribute('aria-label')).toBe('Upvote: How often should we meet?');
    expect(await upvote.getAttribute('aria-pressed')).toBe('false');
    await upvote.click();
    await expect.poll(() => upvote.getAttribute('aria-pressed')).toBe('true');
    for (const phone of [ana, ben]) {
      await expect.poll(() => phone.getByTestId('qa-question').first().getAttribute('data-votes')).toBe('1');
    }
    expect(await upvote.textContent()).toBe('▲1 vote');

    // Ben is halfway through a question, caret moved back, when Ana posts another one.
    const box = ben.getByTestId('text-input');
    await box.click();
    await ben.keyboard.type('What if my mentor');
    await ben.keyboard.press('ArrowLeft');
    await ben.keyboard.press('ArrowLeft');
    await box.evaluate((el) => ((el as HTMLTextAreaElement & { mark?: string }).mark = 'same box'));
    await ana.getByTestId('text-input').fill('Can we meet online?');
    await ana.getByTestId('text-send').click();
    await expect.poll(() => ben.getByTestId('qa-question').count()).toBe(2);
    const typing = await box.evaluate((el: HTMLTextAreaElement & { mark?: string }) => ({
      value: el.value,
      focused: document.activeElement === el,
      caret: [el.selectionStart, el.selectionEnd],
      mark: el.mark,
    }));
    expect(typing).toEqual({ value: 'What if my mentor', focused: true, caret: [15, 15], mark: 'same box' });
    await ben.keyboard.type(' never replies?');
    // Typing goes on where the caret was.
    expect(await box.inputValue()).toBe('What if my ment never replies?or');
    await box.fill('What if my mentor never replies?');
    await ben.getByTestId('text-send').click();
    await expect.poll(() => ben.getByTestId('qa-question').count()).toBe(3);
    await ben.screenshot({ path: join(SCREENSHOTS, 'phone-qa-board.png'), fullPage: true });
    await fitsAt320(ben, 'phone-qa-board');

    // The presenter hides Ana's first question: it leaves every board; Ana sees why.
    ok(await request(presenter, 'presenter:moderate', { pollId: 'questions', entryId: q1Id, action: 'hide' }));
    await expect.poll(() => ben.getByTestId(`upvote-${q1Id}`).count()).toBe(0);
    await expect.poll(() => ana.getByTestId('my-entry').count()).toBe(1);
    expect(await ana.getByTestId('my-entries').textContent()).toContain('Hidden by the facilitator');

    // Closed: the board stays, without asking or upvoting.
    ok(await request(presenter, 'presenter:poll', { pollId: 'questions', action: 'close' }));
    await expect.poll(() => ben.locator('#poll-hint').textContent()).toBe('Questions are closed');
    expect(await ben.getByTestId('text-input').count()).toBe(0);
    expect(await ben.getByTestId('qa-question').count()).toBe(2);
    expect(await ben.locator('[data-testid^="upvote-"]:enabled').count()).toBe(0);
  });

  it('lists a held question under “Your questions”, and keeps a question that could not be sent', async () => {
    const dir = tempDataDir();
    const words = join(dir, 'held-words.txt');
    writeFileSync(words, 'banana\n');
    const { server, code, presenter } = await session(3, 'questions', { WORD_FILTER: words });
    const phone = await openPhone(server.url, code);
    const box = phone.getByTestId('text-input');
    await box.fill('Why is everything about banana?');
    await phone.getByTestId('text-send').click();
    await expect.poll(() => status(phone)).toMatch(/once the facilitator approves it/);
    await expect.poll(() => phone.getByTestId('my-entry').count()).toBe(1);
    expect(await phone.getByTestId('my-entry').textContent()).toBe('Why is everything about banana?Waiting for the facilitator’s approval');
    expect(await phone.getByTestId('qa-question').count()).toBe(0);
    await phone.screenshot({ path: join(SCREENSHOTS, 'phone-qa-held.png'), fullPage: true });

    // Approved: it moves to the board.
    const heldId = (await phone.getByTestId('my-entry').getAttribute('data-entry-id'))!;
    ok(await request(presenter, 'presenter:moderate', { pollId: 'questions', entryId: heldId, action: 'show' }));
    await expect.poll(() => phone.getByTestId('qa-question').count()).toBe(1);
    expect(await phone.getByTestId('my-entries').count()).toBe(0);

    // The server goes away: the question is not sent, and stays in the box.
    await box.fill('Are you still there?');
    await server.close();
    await phone.getByTestId('connection-banner').waitFor({ state: 'visible' });
    await phone.getByTestId('text-send').click();
    await expect.poll(() => status(phone)).toBe('Not sent — check your connection and send again');
    expect(await box.inputValue()).toBe('Are you still there?');

    // Back: the same box sends it.
    const again = await newParley({ decks: openDecks(), dataDir: server.dataDir, port: server.port, env: { WORD_FILTER: words } });
    expect(again.port).toBe(server.port);
    await phone.getByTestId('connection-banner').waitFor({ state: 'hidden', timeout: 15_000 });
    expect(await box.inputValue()).toBe('Are you still there?');
    await phone.getByTestId('text-send').click();
    await expect.poll(() => status(phone)).toBe('✓ Question posted');
    expect(await box.inputValue()).toBe('');
    await expect.poll(() => phone.getByTestId('qa-question').count()).toBe(2);
  }, 60_000);
});
