// The workshop in a real browser: the presenter's deck at 1280×720 and two phones at 375 px.
import { join } from 'node:path';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserAvailable, offlineContext, PHONE, SCREENSHOTS, useBrowser } from '../helpers/browser.js';
import { deckFrom } from '../helpers/decks.js';
import { nextEvent } from '../helpers/events.js';
import { newParley, ok, PRESENTER_KEY, request } from '../helpers/server.js';

describe.skipIf(!browserAvailable())('the workshop in a browser', () => {
  const browser = useBrowser();

  const context = (options: BrowserContextOptions) => offlineContext(browser(), options);

  async function openPresenter(url: string, code: string): Promise<Page> {
    const page = await (await context({ viewport: { width: 1280, height: 720 } })).newPage();
    await page.goto(`${url}/present?session=${code}#key=${PRESENTER_KEY}`);
    await page.waitForSelector('body[aria-busy="false"]', { state: 'attached' });
    return page;
  }

  async function openPhone(url: string, code: string): Promise<Page> {
    const page = await (await context(PHONE)).newPage();
    await page.goto(`${url}/j/${code}`);
    return page;
  }

  const count = (page: Page, testId: string) =>
    page
      .getByTestId(testId)
      .getAttribute('data-count')
      .then((v) => Number(v));

  it('runs a poll: phones vote, the projector counts the answers blind, R shows the bars there and on the phones', async () => {
    const server = await newParley();
    const code = await server.createSession();
    const presenter = await openPresenter(server.url, code);

    await expect.poll(() => presenter.getByTestId('join-code').first().textContent()).toContain(code);
    expect(presenter.url()).not.toContain(PRESENTER_KEY);
    await expect
      .poll(() =>
        presenter
          .locator('img[src$="qr.svg"]')
          .first()
          .evaluate((img: HTMLImageElement) => img.naturalWidth),
      )
      .toBeGreaterThan(0);

    const [ana, ben] = await Promise.all([openPhone(server.url, code), openPhone(server.url, code)]);
    for (const phone of [ana!, ben!]) await phone.getByTestId('waiting').waitFor();
    await expect.poll(() => count(presenter, 'participants')).toBe(2);

    // The presenter walks to the first branch of the case; the phones follow.
    await presenter.keyboard.press('ArrowRight');
    await presenter.keyboard.press('ArrowDown');
    for (const phone of [ana!, ben!]) {
      await expect.poll(() => phone.getByTestId('poll-question').textContent()).toBe('How should you respond?');
    }

    await presenter.keyboard.press('o');
    await expect.poll(() => presenter.getByTestId('poll-state-branch-a').getAttribute('data-status')).toBe('open');

    await ana!.getByTestId('option-talk').click();
    await ben!.getByTestId('option-wait').click();
    for (const phone of [ana!, ben!]) {
      await expect.poll(() => phone.getByTestId('vote-status').textContent()).toMatch(/recorded/i);
    }
    // Blind until revealed: the projector counts the answers, not what they are.
    await expect.poll(() => presenter.getByTestId('poll-blind-count-branch-a').textContent()).toBe('2 answers · 100% of the room');
    expect(await count(presenter, 'bar-branch-a-talk')).toBe(0);

    // Ben changes his mind: the latest answer counts.
    await ben!.getByTestId('option-talk').click();
    await expect.poll(() => ben!.getByTestId('option-talk').getAttribute('aria-checked')).toBe('true');
    await expect.poll(() => ben!.getByTestId('vote-status').textContent()).toMatch(/recorded/i);
    await expect.poll(() => presenter.getByTestId('poll-total-branch-a').getAttribute('data-total')).toBe('2');
    await ana!.screenshot({ path: join(SCREENSHOTS, 'phone-answered.png') });

    // No results on phones, nor bars on the projector, until the presenter reveals them: R shows both.
    expect(await ana!.getByTestId('results').count()).toBe(0);
    await presenter.keyboard.press('r');
    await expect.poll(() => count(presenter, 'bar-branch-a-talk')).toBe(2);
    await expect.poll(() => count(presenter, 'bar-branch-a-wait')).toBe(0);
    await presenter.screenshot({ path: join(SCREENSHOTS, 'deck-poll-live.png') });
    await ana!.getByTestId('results').waitFor();
    await expect.poll(() => ana!.getByTestId('result-talk').textContent()).toContain('2');
    await ana!.screenshot({ path: join(SCREENSHOTS, 'phone-results.png') });

    // A reload keeps the participant's answer.
    await ben!.reload();
    await expect.poll(() => ben!.getByTestId('option-talk').getAttribute('aria-checked')).toBe('true');
  });

  it('joins by typing the code on the start page', async () => {
    const server = await newParley();
    const code = await server.createSession();
    const phone = await openPhone(server.url, '').then(async (p) => {
      await p.goto(`${server.url}/`);
      return p;
    });
    await phone.getByTestId('code-input').fill('zzzzz');
    await phone.getByTestId('join-button').click();
    await expect.poll(() => phone.getByTestId('join-error').textContent()).toMatch(/ZZZZZ/);
    await phone.getByTestId('code-input').fill(code.toLowerCase());
    await phone.getByTestId('join-button').click();
    await phone.getByTestId('waiting').waitFor();
    expect(new URL(phone.url()).pathname).toBe(`/j/${code}`);
    await phone.screenshot({ path: join(SCREENSHOTS, 'phone-waiting.png') });
  });

  it('asks for the presenter key when it has none, and refuses a wrong one', async () => {
    const server = await newParley();
    const code = await server.createSession();
    const page = await (await context({ viewport: { width: 1280, height: 720 } })).newPage();
    await page.goto(`${server.url}/present?session=${code}`);
    const form = page.getByTestId('key-form');
    await form.waitFor();
    await form.locator('input').fill('wrong-key');
    await form.locator('input').press('Enter');
    // Refused: the form comes back, saying so.
    await form.getByRole('alert').waitFor();
    expect(await form.getByRole('alert').textContent()).toBe('That key was not accepted.');
    await form.locator('input').fill(PRESENTER_KEY);
    await form.locator('input').press('Enter');
    await page.waitForSelector('body[aria-busy="false"]', { state: 'attached' });
  });

  it('brings a phone back by itself after a server restart, with its answer and the current poll', async () => {
    const first = await newParley();
    const code = await first.createSession();
    const presenter = await first.client();
    ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    ok(await request(presenter, 'presenter:goto', { h: 1, v: 1 }));
    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'open' }));

    const phone = await openPhone(first.url, code);
    await phone.getByTestId('option-escalate').click();
    await expect.poll(() => phone.getByTestId('vote-status').textContent()).toMatch(/recorded/i);

    await first.close();
    await phone.getByTestId('connection-banner').waitFor({ state: 'visible' });

    const second = await newParley({ dataDir: first.dataDir, port: first.port });
    await phone.getByTestId('connection-banner').waitFor({ state: 'hidden', timeout: 15_000 });
    await expect.poll(() => phone.getByTestId('option-escalate').getAttribute('aria-checked')).toBe('true');

    // The presenter carries on from the restarted server; the phone follows without a reload.
    const presenterAgain = await second.client();
    ok(await request(presenterAgain, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    ok(await request(presenterAgain, 'presenter:goto', { h: 1, v: 2 }));
    await expect.poll(() => phone.getByTestId('poll-question').textContent()).toBe('What should you discuss?');
  }, 60_000);

  it('renders the speaker view’s preview frames without a second connection', async () => {
    const server = await newParley();
    const code = await server.createSession();
    const page = await (await context({ viewport: { width: 1280, height: 720 } })).newPage();
    const socketRequests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/socket.io/')) socketRequests.push(r.url());
    });
    page.on('websocket', (ws) => socketRequests.push(ws.url()));
    await page.goto(`${server.url}/present?session=${code}#key=${PRESENTER_KEY}`);
    await page.waitForSelector('body[aria-busy="false"]', { state: 'attached' });
    expect(socketRequests.length).toBeGreaterThan(0);

    socketRequests.length = 0;
    await page.goto(`${server.url}/present?session=${code}&receiver&postMessageEvents=true`);
    await page.locator('.reveal .slides section').first().waitFor({ state: 'attached' });
    await expect.poll(() => page.getByTestId('poll-chart-branch-a').count()).toBe(1);
    // Its start is over (the page loaded, reveal.js ready, a frame drawn since): a connection would
    // have been asked for by now.
    await page.waitForLoadState('load');
    await page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady() === true);
    await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
    expect(socketRequests).toEqual([]);
  });

  it('rates on a scale with one tap from a row of numbered buttons at 320 px', async () => {
    const deck = deckFrom(
      [
        '---',
        'title: Ratings',
        '---',
        '',
        '## Rate',
        '',
        '```poll',
        'id: rate',
        'type: scale',
        'question: Agree?',
        'low: No way',
        'high: Absolutely',
        '```',
        '',
      ].join('\n'),
      'ratings.md',
    );
    const server = await newParley({ decks: new Map([[deck.id, deck]]) });
    const code = await server.createSession('ratings');
    const presenter = await server.client();
    ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    ok(await request(presenter, 'presenter:poll', { pollId: 'rate', action: 'open' }));

    const phone = await (await context({ ...PHONE, viewport: { width: 320, height: 568 } })).newPage();
    await phone.goto(`${server.url}/j/${code}`);
    const buttons = phone.locator('.scale-row [data-testid^="option-"]');
    await expect.poll(() => buttons.count()).toBe(5);
    const tops = await buttons.evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
    expect(new Set(tops).size).toBe(1); // one row
    expect(await phone.getByTestId('option-1').getAttribute('aria-label')).toBe('1 — No way');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);

    const tally = nextEvent(presenter, 'presenter:tally', (u) => u.tallies.some((t) => t.respondents === 1));
    await phone.getByTestId('option-4').click();
    await expect.poll(() => phone.getByTestId('vote-status').textContent()).toMatch(/recorded/i);
    expect((await tally).tallies[0]).toMatchObject({ counts: { '4': 1 }, mean: 4 });
  });
});
