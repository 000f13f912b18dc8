// The real pages across processes: the presenter's deck on one Parley process, phones on two
// others, all three on one Redis (as behind a load balancer). The deck counts every phone and
// vote, phones follow the presenter's slides and see the results when revealed, and a phone whose
// process stops carries on, on another one, with its answer.
import { join } from 'node:path';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startBalancer } from '../helpers/balancer.js';
import { browserAvailable, offlineContext, PHONE, SCREENSHOTS, useBrowser } from '../helpers/browser.js';
import { startRedis } from '../helpers/redis.js';
import { newParley, PRESENTER_KEY, tempDataDir, type TestServer } from '../helpers/server.js';

describe.skipIf(!browserAvailable())('the pages on three processes sharing one Redis', () => {
  const browser = useBrowser();

  const context = (options: BrowserContextOptions) => offlineContext(browser(), options);
  const count = (page: Page, testId: string) =>
    page
      .getByTestId(testId)
      .getAttribute('data-count')
      .then((v) => Number(v));

  async function processes(n: number): Promise<TestServer[]> {
    const redis = await startRedis();
    // Registered before the servers': it runs after they closed.
    onTestFinished(() => redis.stop());
    const env = { REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'pages:' };
    return Promise.all(Array.from({ length: n }, () => newParley({ dataDir: tempDataDir(), env })));
  }

  async function openPhone(url: string, code: string): Promise<Page> {
    const page = await (await context(PHONE)).newPage();
    await page.goto(`${url}/j/${code}`);
    await page.getByTestId('waiting').waitFor();
    return page;
  }

  it('counts phones and votes from every process on the deck, and phones follow and see the results', async () => {
    const [a, b, c] = (await processes(3)) as [TestServer, TestServer, TestServer];
    const code = await a.createSession();
    const deck = await (await context({ viewport: { width: 1280, height: 720 } })).newPage();
    await deck.goto(`${a.url}/present?session=${code}#key=${PRESENTER_KEY}`);
    await deck.waitForSelector('body[aria-busy="false"]', { state: 'attached' });

    // One phone reaches B through a load balancer, two reach C directly.
    const balancer = await startBalancer(b.port);
    const phones = await Promise.all([openPhone(balancer.url, code), openPhone(c.url, code), openPhone(c.url, code)]);
    await expect.poll(() => count(deck, 'participants')).toBe(3);

    await deck.keyboard.press('ArrowRight');
    await deck.keyboard.press('ArrowDown');
    for (const phone of phones) await expect.poll(() => phone.getByTestId('poll-question').textContent()).toBe('How should you respond?');
    await deck.keyboard.press('o');
    for (const phone of phones) await expect.poll(() => phone.getByTestId('option-talk').isEnabled()).toBe(true);

    const [onB, onC1, onC2] = phones as [Page, Page, Page];
    await onB.getByTestId('option-talk').click();
    await onC1.getByTestId('option-talk').click();
    await onC2.getByTestId('option-wait').click();
    for (const phone of phones) await expect.poll(() => phone.getByTestId('vote-status').textContent()).toMatch(/recorded/i);
    // Blind until revealed: the projector counts the answers of every process, not what they are.
    await expect.poll(() => deck.getByTestId('poll-blind-count-branch-a').textContent()).toBe('3 answers · 100% of the room');

    expect(await onB.getByTestId('results').count()).toBe(0);
    await deck.keyboard.press('r');
    await expect.poll(() => count(deck, 'bar-branch-a-talk')).toBe(2);
    await expect.poll(() => count(deck, 'bar-branch-a-wait')).toBe(1);
    await deck.screenshot({ path: join(SCREENSHOTS, 'deck-three-processes.png') });
    for (const phone of phones) {
      await phone.getByTestId('results').waitFor();
      await expect.poll(() => phone.getByTestId('result-talk').textContent()).toContain('2');
    }
    await onC2.screenshot({ path: join(SCREENSHOTS, 'phone-results-other-process.png') });

    // Process B stops; the balancer sends the phone's reconnection to C, where it carries on with
    // its answer and can change it.
    balancer.target = c.port;
    await b.close();
    await onB.getByTestId('option-wait').click();
    await expect.poll(() => onB.getByTestId('vote-status').textContent(), { timeout: 15_000 }).toMatch(/recorded/i);
    await expect.poll(() => count(deck, 'bar-branch-a-wait')).toBe(2);
    await expect.poll(() => count(deck, 'bar-branch-a-talk')).toBe(1);
    await expect.poll(() => count(deck, 'participants')).toBe(3);
  });
});
