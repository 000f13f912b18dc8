// A self-paced session on real phones (issue 21, part 2; Chromium at 375 px): three phones go
// through the deck at different speeds and on different branches. Each reads the slides
// themselves (text, a table, an image from the server; never the speaker notes), answers the
// polls inline, follows its own choice to its branch, sees a poll's results once it answered it,
// and goes back along its own path. What is stored and exported equals what they chose; axe
// finds nothing to fault. Screenshots go to test-results/screenshots/self-paced-*.png.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDecks } from '../../server/deck/load.js';
import type { SessionExport } from '../../server/export/model.js';
import { expectAccessible } from '../helpers/axe.js';
import { browserAvailable, drawn, offlineContext, PHONE, SCREENSHOTS, useBrowser } from '../helpers/browser.js';
import { chosenIn, selfPacedDeckSource } from '../helpers/self-paced.js';
import { newParley, PRESENTER_KEY, type TestServer } from '../helpers/server.js';

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const dir = mkdtempSync(join(tmpdir(), 'h2-self-paced-'));
mkdirSync(join(dir, 'images'));
writeFileSync(join(dir, 'prework.md'), selfPacedDeckSource());
writeFileSync(join(dir, 'images', 'pic.png'), PNG);
// The pre-work with questions for the workshop at its end (its slide 7 of 7).
writeFileSync(
  join(dir, 'prework-questions.md'),
  `${selfPacedDeckSource()}

---

## Questions for the workshop

\`\`\`poll
id: questions
type: qa
question: What would you like us to discuss?
\`\`\`
`,
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const auth = { authorization: `Bearer ${PRESENTER_KEY}`, 'content-type': 'application/json' };
const DAY = 86_400_000;

describe.skipIf(!browserAvailable())('a self-paced session on phones', () => {
  const browser = useBrowser();

  async function phone(url: string): Promise<Page> {
    const page = await (await offlineContext(browser(), PHONE)).newPage();
    await page.goto(url);
    await page.getByTestId('paced-screen').waitFor();
    return page;
  }

  const on = (page: Page) => page.getByTestId('paced-screen').getAttribute('data-slide');
  async function next(page: Page, slide: string): Promise<void> {
    await page.getByTestId('paced-next').click();
    await expect.poll(() => on(page)).toBe(slide);
  }
  /** A server of the decks in `dir`, and a self-paced session of `deck` open from yesterday to tomorrow. */
  async function openSession(deck: string): Promise<{ server: TestServer; code: string; audienceUrl: string }> {
    const server = await newParley({ decks: loadDecks(dir), env: { SLIDES_DIR: dir } });
    const res = await fetch(`${server.url}/api/sessions`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ deck, selfPaced: { opens: Date.now() - DAY, closes: Date.now() + DAY } }),
    });
    return { server, ...((await res.json()) as { code: string; audienceUrl: string }) };
  }
  async function recorded(page: Page): Promise<void> {
    await expect.poll(() => page.getByTestId('paced-status').textContent()).toBe('✓ Answer recorded');
  }

  it('three phones at their own pace and branches: what they chose is stored and exported', async () => {
    const { server, code, audienceUrl } = await openSession('prework');
    const [a, b, c] = [await phone(audienceUrl), await phone(audienceUrl), await phone(audienceUrl)];

    // The first slide's own text; Previous has nowhere to go yet.
    expect(await a.getByTestId('paced-slide').textContent()).toContain('Go through this before the workshop.');
    expect(await a.getByTestId('paced-previous').isDisabled()).toBe(true);

    // Phone A, quickly: the case (with its image, from the server) asks first, then leads to its branch.
    await next(a, '1.0');
    const image = a.getByTestId('paced-slide').locator('img');
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
    expect(await image.getAttribute('src')).toMatch(/^\/decks\/prework\/files\//);
    expect(await a.getByTestId('paced-next').isDisabled()).toBe(true);
    await a.getByTestId('answer-to-continue').waitFor();
    expect(await a.content()).not.toContain('FACILITATOR-ONLY');
    await drawn(a);
    await a.screenshot({ path: join(SCREENSHOTS, 'self-paced-case.png'), fullPage: true });
    await expectAccessible(a, 'a self-paced slide with its poll');
    await a.getByTestId('option-talk').click();
    await recorded(a);
    // Its results, once answered: its own answer marked.
    await expect.poll(() => a.getByTestId('paced-result-talk').getAttribute('data-count')).toBe('1');
    await drawn(a);
    await a.screenshot({ path: join(SCREENSHOTS, 'self-paced-results.png'), fullPage: true });
    await expectAccessible(a, 'a self-paced poll answered, with its results');
    await next(a, 'talk');
    // A table, readable at 375 px: nothing wider than the phone.
    expect(await a.getByTestId('paced-slide').locator('table').count()).toBe(1);
    expect(await a.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await next(a, '4.0'); // past the other branch
    await a.getByTestId('text-input').fill('Ask the program director');
    await a.getByTestId('paced-submit').click();
    await recorded(a);
    await a.getByTestId('paced-mine').getByText('Ask the program director').waitFor();

    // Phone B, slower: the other branch, no words, a rating.
    await next(b, '1.0');
    await b.getByTestId('option-wait').click();
    await recorded(b);
    await expect.poll(() => b.getByTestId('paced-result-wait').getAttribute('data-count')).toBe('1');
    await next(b, 'wait');
    await next(b, '4.0');
    await next(b, '5.0');
    await b.getByTestId('option-2').click();
    await recorded(b);
    await b.getByTestId('paced-end').waitFor();

    // Phone C changes its mind, goes back along its own path, then on.
    await next(c, '1.0');
    await c.getByTestId('option-talk').click();
    await recorded(c);
    await next(c, 'talk');
    await c.getByTestId('paced-previous').click();
    await expect.poll(() => on(c)).toBe('1.0');
    await c.getByTestId('option-wait').click();
    await expect.poll(() => c.getByTestId('option-wait').getAttribute('aria-pressed')).toBe('true');
    await recorded(c);
    await next(c, 'wait');
    await next(c, '4.0');
    await c.getByTestId('text-input').fill('Write it down');
    await c.getByTestId('paced-submit').click();
    await recorded(c);

    // Phone A last: a 4; a reload comes back to where it was.
    await next(a, '5.0');
    await a.getByTestId('option-4').click();
    await recorded(a);
    await a.reload();
    await expect.poll(() => on(a)).toBe('5.0');
    expect(await a.getByTestId('option-4').getAttribute('aria-pressed')).toBe('true');

    // Stored and exported: exactly what the phones chose.
    const json = (await (await fetch(`${server.url}/api/sessions/${code}/export?format=json`, { headers: auth })).json()) as SessionExport;
    const chosen = (pollId: string) => chosenIn(json, pollId);
    expect(chosen('path')).toEqual(['talk', 'wait', 'wait']);
    expect(chosen('rating')).toEqual(['2', '4']);
    expect(json.session.participants).toBe(3);
    const stored = await server.sessions.exportOf(code, { secret: Buffer.alloc(32) });
    expect(stored.responses.filter((r) => r.pollId === 'path')).toHaveLength(3);
  });

  it('the start page starts one with its window, lists it and counts the responses per poll', async () => {
    const server = await newParley({ decks: loadDecks(dir), env: { SLIDES_DIR: dir } });
    const page = await (await offlineContext(browser(), { viewport: { width: 1280, height: 720 } })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${server.url}/present#key=${PRESENTER_KEY}`);
    const toggle = page.getByTestId('self-paced-prework');
    await toggle.waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await page.getByTestId('self-paced-opens-prework').fill('2026-01-05T09:00');
    await page.getByTestId('self-paced-closes-prework').fill('2099-01-12T17:00');
    await page.getByTestId('self-paced-start-prework').click();
    await page.waitForURL(/\/present\?started=[A-Z0-9]{5}$/);
    const code = new URL(page.url()).searchParams.get('started')!;
    const { sessions } = (await (await fetch(`${server.url}/api/sessions`, { headers: auth })).json()) as {
      sessions: { code: string; selfPaced?: { opens: string; closes: string } }[];
    };
    const listed = sessions.find((s) => s.code === code)?.selfPaced;
    expect(new Date(listed!.opens).getFullYear()).toBe(2026);
    expect(new Date(listed!.closes).getFullYear()).toBe(2099);

    // Listed live with its join link, and in the history with its window and a count per poll.
    await page.getByTestId(`live-${code}`).waitFor();
    const counts = page.getByTestId(`self-paced-counts-${code}`);
    await expect.poll(() => counts.locator('li').count()).toBe(3);
    expect(await counts.locator('li[data-poll="path"]').getAttribute('data-count')).toBe('0');
    expect(await page.getByTestId(`self-paced-window-${code}`).textContent()).toMatch(/^Self-paced, .*2026.* – .*2099/);

    // A phone that types the code on the join form is taken to the self-paced page; it answers, and the counts follow.
    const a = await (await offlineContext(browser(), PHONE)).newPage();
    await a.goto(server.url);
    await a.getByTestId('code-input').fill(code);
    await a.getByTestId('join-button').click();
    await a.getByTestId('paced-screen').waitFor();
    expect(new URL(a.url()).pathname).toBe(`/j/${code}`);
    await next(a, '1.0');
    await a.getByTestId('option-wait').click();
    await recorded(a);
    await page.reload();
    await expect.poll(() => page.getByTestId(`self-paced-counts-${code}`).locator('li[data-poll="path"]').getAttribute('data-count')).toBe('1');
    expect(await page.getByTestId(`self-paced-counts-${code}`).locator('li[data-poll="path"]').textContent()).toBe(
      'How should you respond? — 1 response',
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'self-paced-start-page.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('questions for the workshop: asked, read and upvoted beforehand; the console closes the poll; the start page’s Phone view follows', async () => {
    const { server, code, audienceUrl } = await openSession('prework-questions');
    // Both phones come back to the last slide, where they were (the place a reload keeps).
    const atQuestions = async (): Promise<Page> => {
      const context = await offlineContext(browser(), PHONE);
      await context.addInitScript(`localStorage.setItem('parley.paced.${code}', JSON.stringify({ at: 6, back: [5] }))`);
      const page = await context.newPage();
      await page.goto(audienceUrl);
      await page.getByTestId('text-input').waitFor();
      return page;
    };
    const [asker, reader] = [await atQuestions(), await atQuestions()];
    await asker.getByTestId('text-input').fill('<b>How often</b> should we meet?');
    await asker.getByTestId('paced-submit').click();
    await recorded(asker);
    const own = asker.getByTestId('qa-question');
    await expect.poll(() => own.count()).toBe(1);
    // Participant text is shown as text, and the asker cannot upvote their own question.
    expect(await own.locator('.qa-text').textContent()).toBe('<b>How often</b> should we meet?');
    expect(await own.locator('button.upvote').isDisabled()).toBe(true);

    await reader.reload();
    const theirs = reader.getByTestId('qa-question');
    await expect.poll(() => theirs.count()).toBe(1);
    await theirs.locator('button.upvote').click();
    await expect.poll(() => theirs.locator('button.upvote').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => theirs.getAttribute('data-votes')).toBe('1');
    await reader.screenshot({ path: join(SCREENSHOTS, 'self-paced-questions.png'), fullPage: true });

    // The presenter closes the questions from the console: the phones say so and take no more.
    const presenter = await server.presenter(code);
    await presenter.emitWithAck('presenter:poll', { pollId: 'questions', action: 'close' });
    await reader.getByTestId('paced-poll-closed').waitFor();
    expect(await reader.getByTestId('text-input').isDisabled()).toBe(true);
    expect(await theirs.locator('button.upvote').isDisabled()).toBe(true);

    // The start page's Phone view shows the self-paced page, as a watcher that answers nothing.
    const start = await (await offlineContext(browser(), { viewport: { width: 1280, height: 720 } })).newPage();
    await start.goto(`${server.url}/present#key=${PRESENTER_KEY}`);
    await start.getByTestId(`preview-${code}`).click();
    const frame = start.frameLocator('[data-testid="phone-frame"]');
    await frame.getByTestId('paced-watching').waitFor();
    expect(await frame.getByTestId('paced-slide').textContent()).toContain('Go through this before the workshop.');
    await frame.getByTestId('paced-next').click();
    await frame.getByTestId('option-talk').waitFor();
    expect(await frame.getByTestId('option-talk').isDisabled()).toBe(true);
    // It cannot answer the branching poll, so it goes on in deck order, into each branch.
    await frame.getByTestId('paced-next').click();
    await expect.poll(() => frame.getByTestId('paced-screen').getAttribute('data-slide')).toBe('talk');
    await start.screenshot({ path: join(SCREENSHOTS, 'self-paced-phone-view.png') });
  });
});
