// My session on a real phone (issue 21, part 1; Chromium at 375 px): a participant votes (twice on
// one question, after a vote again), commits to a step in their own words; the presenter ends the
// session; the phone shows its own answers beside the room's results exactly, and its commitment;
// the reminder downloads as a calendar file on the day picked (read back with ical.js); with the
// server stopped, the join link reloads and still shows it. Printed, the controls are left out.
// Screenshots: test-results/screenshots/my-session*.png.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ICAL from 'ical.js';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible } from '../helpers/axe.js';
import { browserAvailable, drawn, offlineContext, PHONE, SCREENSHOTS, useBrowser } from '../helpers/browser.js';
import { caseDecks, commitmentSlides, responseSlide } from '../helpers/dr-x.js';
import { newParley, ok, PRESENTER_KEY, request, type TestSocket } from '../helpers/server.js';

const decks = caseDecks('mine.md', 'Mentoring, my way', [
  responseSlide('respond-a', ['talk', 'wait', 'leave'], { heading: 'Response A' }),
  responseSlide('respond-b', ['talk', 'wait'], { heading: 'Response B' }),
  ...commitmentSlides(),
]);

describe.skipIf(!browserAvailable())('My session on a phone', () => {
  const browser = useBrowser();

  async function poll(presenter: TestSocket, pollId: string, ...actions: ('open' | 'close' | 'reveal' | 'again')[]): Promise<void> {
    for (const action of actions) ok(await request(presenter, 'presenter:poll', { pollId, action }));
  }

  /**
   * Taps `optionId` once the phone shows poll `pollId` (two polls here ask the same question: the
   * phone may still show the earlier one, closed, for a moment) and waits until the server has it.
   */
  async function tap(phone: Page, pollId: string, question: string, optionId: string): Promise<void> {
    await phone.locator(`[data-poll="${pollId}"]`).waitFor();
    await expect.poll(() => phone.getByTestId('poll-question').textContent()).toBe(question);
    await phone.getByTestId(`option-${optionId}`).click();
    await expect.poll(() => phone.getByTestId('vote-status').textContent()).toMatch(/^✓/);
  }

  it("shows the phone its own answers beside the room's, its commitment and a reminder, and still does offline", async () => {
    const server = await newParley({ decks });
    const code = await server.createSession('mine');
    const presenter = await server.presenter(code);
    const others = [await server.participant(code, 'phone-ben-0001'), await server.participant(code, 'phone-cal-0001')];
    const phone = await (await offlineContext(browser(), { ...PHONE, acceptDownloads: true })).newPage();
    await phone.goto(`${server.url}/j/${code}`);

    // Response A: talk, then — voted again after the reveal — wait; the room ends 2 wait / 1 talk.
    ok(await request(presenter, 'presenter:goto', { h: 1, v: 0 }));
    await poll(presenter, 'respond-a', 'open');
    await tap(phone, 'respond-a', 'How should you respond?', 'talk');
    ok(await request(others[0]!, 'audience:vote', { pollId: 'respond-a', optionIds: ['wait'] }));
    await poll(presenter, 'respond-a', 'reveal', 'again');
    await expect.poll(() => phone.getByTestId('earlier-answer').count()).toBeGreaterThan(0);
    await phone.getByTestId('option-wait').click();
    await expect.poll(() => phone.getByTestId('vote-status').textContent()).toMatch(/^✓/);
    ok(await request(others[0]!, 'audience:vote', { pollId: 'respond-a', optionIds: ['wait'] }));
    ok(await request(others[1]!, 'audience:vote', { pollId: 'respond-a', optionIds: ['talk'] }));
    await poll(presenter, 'respond-a', 'close', 'reveal');

    // Response B: answered, never revealed.
    ok(await request(presenter, 'presenter:goto', { h: 2, v: 0 }));
    await poll(presenter, 'respond-b', 'open');
    await tap(phone, 'respond-b', 'How should you respond?', 'talk');
    await poll(presenter, 'respond-b', 'close');

    // The commitment: a step, and the phone's own words (markup stays text).
    ok(await request(presenter, 'presenter:goto', { h: 3, v: 0 }));
    await poll(presenter, 'step', 'open');
    await tap(phone, 'step', 'One step I will take', 'plan');
    ok(await request(presenter, 'presenter:goto', { h: 4, v: 0 }));
    await poll(presenter, 'step-words', 'open');
    await phone.getByTestId('text-input').fill('Email <b>Dr. X</b> three meeting times');
    await phone.getByTestId('text-send').click();
    await phone.getByTestId('my-entry').waitFor();

    // The menu opens it during the session; Back returns.
    await phone.getByTestId('mine-menu').click();
    await phone.getByTestId('mine-commitment').waitFor();
    await phone.getByTestId('mine-back').click();
    await phone.getByTestId('poll-question').waitFor();

    const ended = await fetch(`${server.url}/api/sessions/${code}/end`, { method: 'POST', headers: { authorization: `Bearer ${PRESENTER_KEY}` } });
    expect(ended.status).toBe(200);

    // The session ended: My session is the screen.
    const page = phone.getByTestId('my-session');
    await page.getByTestId('mine-when').waitFor();
    expect(await page.getByTestId('mine-when').textContent()).toMatch(/^Ended .*\d{4}$/);
    const shows = () => checkShown(phone);
    await shows();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await drawn(phone);
    await phone.screenshot({ path: join(SCREENSHOTS, 'my-session.png'), fullPage: true });
    await expectAccessible(phone, 'My session');

    // The reminder: a calendar file on the day picked, made on the phone.
    await phone.getByTestId('reminder-date').fill('2027-01-15');
    const download = phone.waitForEvent('download');
    await phone.getByTestId('reminder-add').click();
    const file = await readFile((await (await download).path())!, 'utf8');
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(file)).getFirstSubcomponent('vevent')!);
    expect(event.summary).toBe('Review your plan: Mentoring, my way');
    expect(event.startDate.toString()).toBe('2027-01-15');
    expect(event.description).toContain('Draft a plan with timelines');
    expect(event.description).toContain('Email <b>Dr. X</b> three meeting times');

    // Printed: the answers, not the buttons.
    await phone.emulateMedia({ media: 'print' });
    expect(await phone.getByTestId('mine-print').isVisible()).toBe(false);
    expect(await phone.getByTestId('reminder-add').isVisible()).toBe(false);
    expect(await phone.getByTestId('mine-poll-respond-a').isVisible()).toBe(true);
    await phone.screenshot({ path: join(SCREENSHOTS, 'my-session-print.png'), fullPage: true });
    await phone.emulateMedia({ media: 'screen' });

    // Kept for use offline once the service worker has the page; then the server goes away.
    await expect.poll(() => phone.evaluate(async () => !!(await caches.match(location.pathname))), { timeout: 10_000 }).toBe(true);
    await server.close();
    await phone.reload();
    await page.getByTestId('mine-when').waitFor();
    await shows();
    expect(await phone.getByTestId('connection-banner').isVisible()).toBe(false);
  });
});

/** What the phone's My session must say, exactly. */
async function checkShown(phone: Page): Promise<void> {
  const text = (testId: string, scope = phone.getByTestId('my-session')) => scope.getByTestId(testId).allTextContents();
  const commitment = phone.getByTestId('mine-commitment');
  expect(await commitment.locator('.commitment-step').allTextContents()).toEqual(['Draft a plan with timelines']);
  expect(await commitment.locator('q').allTextContents()).toEqual(['Email <b>Dr. X</b> three meeting times']);
  expect(await commitment.locator('b').count()).toBe(0);

  const a = phone.getByTestId('mine-poll-respond-a');
  expect(await text('mine-round', a)).toEqual(['First vote Talk to Dr. X', 'Vote 2 Wait and see']);
  expect(await text('mine-changed', a)).toEqual(['You changed your answer.']);
  expect(await a.getByTestId('mine-room').locator('.respondents').textContent()).toBe('The room: 3 answers');
  const counts = await a
    .locator('[data-testid^="room-"][data-count]')
    .evaluateAll((items) => items.map((li) => [li.getAttribute('data-testid'), li.getAttribute('data-count'), li.classList.contains('mine')]));
  expect(counts).toEqual([
    ['room-talk', '1', false],
    ['room-wait', '2', true],
    ['room-leave', '0', false],
  ]);

  const b = phone.getByTestId('mine-poll-respond-b');
  expect(await text('mine-round', b)).toEqual(['Your answer Talk to Dr. X']);
  expect(await b.getByTestId('mine-room').count()).toBe(0);
  expect(await b.textContent()).toContain("The room's results were not shown.");
}
