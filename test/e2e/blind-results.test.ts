// Blind until revealed, in Chromium at projector size (issue 19, part 1): while phones vote the
// projector shows the question, the options without bars or counts, "N answers · X% of the room"
// and the timer; the console shows the live counts marked "Only you see this"; R on the projector
// shows the bars (and the phones' results), R again hides them. Screenshots of each state go to
// test-results/screenshots/blind-*.png.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserAvailable, drawn, presenterWindow, restingOn, SCREENSHOTS, still, useBrowser } from '../helpers/browser.js';
import { openDecks } from '../helpers/decks.js';
import { nextEvent } from '../helpers/events.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer } from '../helpers/server.js';

const BRANCH_A = { h: 1, v: 1 };

describe.skipIf(!browserAvailable())('a poll blind until revealed', () => {
  const browser = useBrowser();

  const open = (server: TestServer, code: string, view = ''): Promise<Page> => presenterWindow(browser(), server.url, code, PRESENTER_KEY, view);

  it('shows the projector how many answered, the console the counts, and the bars on R', async () => {
    const server = await newParley();
    const code = await server.createSession();
    const deck = await open(server, code);
    const console_ = await open(server, code, '&console');
    const control = await server.presenter(code);
    ok(await request(control, 'presenter:goto', BRANCH_A));
    ok(await request(control, 'presenter:poll', { pollId: 'branch-a', action: 'open' }));
    ok(await request(control, 'presenter:timer', { pollId: 'branch-a', seconds: 120 }));

    const phones = await Promise.all(['phone-ana-1', 'phone-ben-2', 'phone-cal-3'].map((id) => server.participant(code, id)));
    ok(await request(phones[0]!, 'audience:vote', { pollId: 'branch-a', optionIds: ['talk'] }));
    ok(await request(phones[1]!, 'audience:vote', { pollId: 'branch-a', optionIds: ['talk'] }));

    // The projector: the answers so far and the rate, updating; no bar, count or percentage per option.
    const chart = deck.getByTestId('poll-chart-branch-a');
    const count = deck.getByTestId('poll-blind-count-branch-a');
    await expect.poll(() => count.textContent()).toBe('2 answers · 67% of the room');
    expect(await chart.getAttribute('data-blind')).toBe('true');
    for (const option of ['talk', 'wait', 'escalate']) {
      const bar = deck.getByTestId(`bar-branch-a-${option}`);
      expect(await bar.getAttribute('data-count')).toBe('0');
      expect(await bar.locator('.poll-track').isVisible()).toBe(false);
      expect(await bar.locator('.poll-value').isVisible()).toBe(false);
      expect(await bar.locator('.poll-label').isVisible()).toBe(true);
    }
    // biome-ignore lint/performance/useDomNodeTextContent: the text shown on the projector; the hidden values are in the DOM.
    expect(await chart.innerText()).not.toMatch(/\d+ · \d+%/);
    expect(await deck.getByTestId('countdown-branch-a').isVisible()).toBe(true);
    // Labels readable from the back of a room.
    const sizes = await chart.evaluate((el) =>
      ['.poll-label', '.poll-blind-count', '.poll-blind-note', '.poll-countdown', '.poll-question'].map((s) =>
        Number.parseFloat(getComputedStyle(el.querySelector(s)!).fontSize),
      ),
    );
    for (const size of sizes) expect(size).toBeGreaterThanOrEqual(24);

    ok(await request(phones[2]!, 'audience:vote', { pollId: 'branch-a', optionIds: ['wait'] }));
    await expect.poll(() => count.textContent()).toBe('3 answers · 100% of the room');

    // The console: the live counts, said to be the facilitator's alone.
    await expect.poll(() => console_.getByTestId('console-count-talk').getAttribute('data-count')).toBe('2');
    expect(await console_.getByTestId('console-count-wait').getAttribute('data-count')).toBe('1');
    const privacy = console_.getByTestId('console-privacy');
    expect(await privacy.isVisible()).toBe(true);
    expect(await privacy.textContent()).toContain('Only you see this');

    // At rest on the poll's slide (reveal.js's transition to it over).
    await restingOn(deck, BRANCH_A);
    await deck.screenshot({ path: join(SCREENSHOTS, 'blind-projector.png') });
    await drawn(console_);
    await console_.screenshot({ path: join(SCREENSHOTS, 'blind-console.png') });

    // R on the projector: the bars, on the projector and the phones at once.
    const phoneResults = nextEvent(phones[0]!, 'audience:state', (s) => s.poll?.results !== undefined);
    await deck.keyboard.press('r');
    await expect.poll(() => chart.getAttribute('data-blind')).toBe('false');
    await expect.poll(() => deck.getByTestId('bar-branch-a-talk').getAttribute('data-count')).toBe('2');
    expect(await deck.getByTestId('bar-branch-a-talk').locator('.poll-value').textContent()).toBe('2 · 67%');
    expect(await deck.getByTestId('bar-branch-a-talk').locator('.poll-track').isVisible()).toBe(true);
    expect(await count.isVisible()).toBe(false);
    expect((await phoneResults).poll?.results?.counts).toEqual({ talk: 2, wait: 1, escalate: 0 });
    await expect.poll(() => privacy.textContent()).toBe('Shown on the projector and the phones');
    // The bars have grown to their width.
    await still(deck);
    await deck.screenshot({ path: join(SCREENSHOTS, 'blind-revealed.png') });

    // R again: blind again on both.
    await deck.keyboard.press('r');
    await expect.poll(() => chart.getAttribute('data-blind')).toBe('true');
    expect(await deck.getByTestId('bar-branch-a-talk').getAttribute('data-count')).toBe('0');
    await expect.poll(() => privacy.textContent()).toContain('Only you see this');
  });

  it('keeps an open-text poll’s word cloud off the projector until R', async () => {
    const server = await newParley({ decks: openDecks() });
    const code = await server.createSession('open');
    const deck = await open(server, code);
    const control = await server.presenter(code);
    const poll = ok(await request(control, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' })).deck.polls.find(
      (p) => p.type === 'text',
    );
    expect(poll).toBeDefined();
    ok(await request(control, 'presenter:goto', poll!.slide));
    ok(await request(control, 'presenter:poll', { pollId: poll!.id, action: 'open' }));
    const phone = await server.participant(code, 'phone-ana-1');
    ok(await request(phone, 'audience:submit', { pollId: poll!.id, text: 'Shared goals and regular meetings' }));

    const count = deck.getByTestId(`poll-blind-count-${poll!.id}`);
    await expect.poll(() => count.textContent()).toBe('1 answer · 100% of the room');
    expect(await deck.getByTestId(`cloud-${poll!.id}`).isVisible()).toBe(false);
    // biome-ignore lint/performance/useDomNodeTextContent: the text shown on the projector; the hidden values are in the DOM.
    expect(await deck.getByTestId(`poll-chart-${poll!.id}`).innerText()).not.toContain('goals');
    await restingOn(deck, poll!.slide);
    await deck.screenshot({ path: join(SCREENSHOTS, 'blind-word-cloud.png') });

    await deck.keyboard.press('r');
    // biome-ignore lint/performance/useDomNodeTextContent: the text shown on the projector; the hidden values are in the DOM.
    await expect.poll(() => deck.getByTestId(`cloud-${poll!.id}`).innerText()).toContain('goals');
  });
});
