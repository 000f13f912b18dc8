// A follow-up session on a real phone (issue 21, part 3; Chromium at 375 px): the phone that
// committed to a step in the first session opens the follow-up's link and sees its own step and
// words on a card — on the waiting screen and above the first poll, drawn as text — and a phone
// that was not there sees no card. axe finds nothing to fault. Screenshots go to
// test-results/screenshots/follow-up-*.png.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loadDecks } from '../../server/deck/load.js';
import { expectAccessible } from '../helpers/axe.js';
import { browserAvailable, drawn, offlineContext, PHONE, SCREENSHOTS, useBrowser } from '../helpers/browser.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer } from '../helpers/server.js';

const decks = loadDecks(join(import.meta.dirname, '..', '..', 'slides'));
const auth = { authorization: `Bearer ${PRESENTER_KEY}`, 'content-type': 'application/json' };

describe.skipIf(!browserAvailable())('a follow-up session on a phone', () => {
  const browser = useBrowser();

  async function phoneAt(server: TestServer, code: string): Promise<Page> {
    const page = await (await offlineContext(browser(), PHONE)).newPage();
    await page.goto(`${server.url}/j/${code}`);
    return page;
  }

  /** A deck with roles asks first: "Prefer not to say". */
  async function passRole(page: Page): Promise<void> {
    await page.getByTestId('role-question').waitFor();
    await page.getByTestId('role-unsaid').click();
    await page.getByTestId('role-question').waitFor({ state: 'detached' });
  }

  it('shows the phone its own earlier commitment, on the waiting screen and above the first poll', async () => {
    const server = await newParley({ decks });
    const first = await server.createSession('mentoring');
    const phone = await phoneAt(server, first);
    await passRole(phone);
    const phoneId = (await phone.evaluate(() => localStorage.getItem('parley.participantId')))!;

    // The first session: the phone's step and words (sent over a socket as the same phone).
    const presenter = await server.presenter(first);
    ok(await request(presenter, 'presenter:poll', { pollId: 'commitment-step', action: 'open' }));
    ok(await request(presenter, 'presenter:poll', { pollId: 'commitment-text', action: 'open' }));
    const same = await server.participant(first, phoneId);
    ok(await request(same, 'audience:vote', { pollId: 'commitment-step', optionIds: ['plan'] }));
    ok(await request(same, 'audience:submit', { pollId: 'commitment-text', text: '<b>Draft</b> a timeline with Dr. X' }));
    expect((await fetch(`${server.url}/api/sessions/${first}/end`, { method: 'POST', headers: { authorization: auth.authorization } })).status).toBe(
      200,
    );

    const res = await fetch(`${server.url}/api/sessions`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ deck: 'mentoring-followup', followUp: first }),
    });
    const { code } = (await res.json()) as { code: string };

    await phone.goto(`${server.url}/j/${code}`);
    await passRole(phone);
    const card = phone.getByTestId('earlier-commitment');
    await card.waitFor();
    await phone.getByTestId('waiting').waitFor();
    expect(await card.getByRole('heading').textContent()).toBe('Your commitment last time');
    expect(await phone.getByTestId('earlier-commitment-from').textContent()).toMatch(/^In “Mentor-Mentee Relationships”, .*\d{4}$/);
    expect(await phone.getByTestId('earlier-commitment-step').textContent()).toBe('Draft a plan with timelines');
    // The participant's own words, as text: the markup is shown, never made.
    expect(await phone.getByTestId('earlier-commitment-words').textContent()).toBe('In your words: “<b>Draft</b> a timeline with Dr. X”');
    expect(await card.locator('b').count()).toBe(0);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await drawn(phone);
    await phone.screenshot({ path: join(SCREENSHOTS, 'follow-up-waiting.png'), fullPage: true });
    await expectAccessible(phone, 'the earlier commitment on the waiting screen');

    // The first poll: the card above it, until the phone has answered.
    const console = await server.presenter(code);
    ok(await request(console, 'presenter:goto', { h: 1, v: 0 }));
    ok(await request(console, 'presenter:poll', { pollId: 'step-kept', action: 'open' }));
    const question = phone.getByTestId('poll-question');
    await expect.poll(() => question.textContent()).toBe('Did you take the step you committed to?');
    expect(await card.isVisible()).toBe(true);
    const cardBox = (await card.boundingBox())!;
    const questionBox = (await question.boundingBox())!;
    expect(cardBox.y).toBeLessThan(questionBox.y);
    await drawn(phone);
    await phone.screenshot({ path: join(SCREENSHOTS, 'follow-up-poll.png'), fullPage: true });
    await expectAccessible(phone, 'the earlier commitment above the first poll');
    await phone.getByText('Yes, I did it').click();
    await expect.poll(() => card.count()).toBe(0);

    // A phone that was not there: no card.
    const stranger = await phoneAt(server, code);
    await passRole(stranger);
    await expect.poll(() => stranger.getByTestId('poll-question').textContent()).toBe('Did you take the step you committed to?');
    expect(await stranger.getByTestId('earlier-commitment').count()).toBe(0);
  });
});
