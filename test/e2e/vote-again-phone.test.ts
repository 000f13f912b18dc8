// Vote again on a real phone (issue 19, part 2; Chromium at 375 px), the presenter driven over a
// console socket: after `again` the phone shows its first answer and offers to keep it; Keep it
// records the same answer in round 2; a reload still shows the first answer; the reveal shows both
// rounds and how many changed; a reset (no earlier round kept) shows none; axe finds nothing to
// fault, in both schemes. Screenshots go to test-results/screenshots/vote-again-*.png.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Tally } from '../../server/protocol.js';
import { expectAccessible } from '../helpers/axe.js';
import { browserAvailable, drawn, offlineContext, PHONE, SCREENSHOTS, still, useBrowser } from '../helpers/browser.js';
import { openDecks } from '../helpers/decks.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer, type TestSocket } from '../helpers/server.js';

const BRANCH_A = { h: 1, v: 1 };
const TOPICS = { h: 1, v: 2 };

describe.skipIf(!browserAvailable())('voting again on a phone', () => {
  const browser = useBrowser();

  async function openPhone(server: TestServer, code: string): Promise<Page> {
    const page = await (await offlineContext(browser(), PHONE)).newPage();
    await page.goto(`${server.url}/j/${code}`);
    return page;
  }

  async function console_(server: TestServer, code: string): Promise<TestSocket> {
    const socket = await server.client();
    ok(await request(socket, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    return socket;
  }

  /** The poll's tally as the console sees it now (a fresh join: no waiting for a coalesced update). */
  async function tally(server: TestServer, code: string, pollId: string): Promise<{ round: number; tally: Tally }> {
    const state = ok(await request(await server.client(), 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    return state.polls.find((p) => p.id === pollId)!;
  }

  const status = (page: Page) => page.getByTestId('vote-status').textContent();
  const earlier = (page: Page) => page.getByTestId('earlier-answer');

  async function shot(page: Page, name: string): Promise<void> {
    await drawn(page);
    await page.screenshot({ path: join(SCREENSHOTS, `vote-again-${name}.png`), fullPage: true });
  }

  it('shows the first answer in round 2, keeps it with one tap, and still shows it after a reload', async () => {
    const server = await newParley();
    const code = await server.createSession();
    const presenter = await console_(server, code);
    ok(await request(presenter, 'presenter:goto', BRANCH_A));
    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'open' }));
    // Someone else in the room, who changes their mind in round 2.
    const ana = await server.participant(code, 'phone-ana-0001');
    ok(await request(ana, 'audience:vote', { pollId: 'branch-a', optionIds: ['wait'] }));

    const phone = await openPhone(server, code);
    await phone.getByTestId('option-talk').click();
    await expect.poll(() => status(phone)).toBe('✓ Answer recorded');
    expect(await earlier(phone).count()).toBe(0); // round 1: nothing earlier

    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'reveal' }));
    await phone.getByTestId('results').waitFor();
    expect(await phone.getByTestId('changed').count()).toBe(0);
    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'again' }));

    // Round 2, blind: the first answer with Keep it, above the options, none of which is chosen.
    await expect.poll(() => earlier(phone).textContent()).toBe('Your first answer: Talk to themKeep itor change it below');
    await expect.poll(() => phone.locator('#announcer').textContent()).toBe('Vote again — keep your answer or change it');
    expect(await phone.getByTestId('results').count()).toBe(0);
    expect(await phone.locator('.option[aria-checked="true"]').count()).toBe(0);
    expect(await status(phone)).toBe('');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await shot(phone, 'keep');
    await expectAccessible(phone, 'round 2 with Keep it');
    await phone.emulateMedia({ colorScheme: 'dark' });
    await shot(phone, 'keep-dark');
    await expectAccessible(phone, 'round 2 with Keep it, dark');
    await phone.emulateMedia({ colorScheme: 'light' });
    await phone.setViewportSize({ width: 320, height: 568 });
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await shot(phone, 'keep-320');
    await phone.setViewportSize(PHONE.viewport);

    // A reload in round 2 before answering: the join tells the first answer.
    await phone.reload();
    await expect.poll(() => phone.getByTestId('keep-earlier').isVisible()).toBe(true);
    expect(await earlier(phone).locator('strong').textContent()).toBe('Talk to them');

    await phone.getByTestId('keep-earlier').click();
    await expect.poll(() => status(phone)).toBe('✓ Answer recorded');
    expect(await phone.getByTestId('keep-earlier').count()).toBe(0);
    expect(await phone.getByTestId('option-talk').getAttribute('aria-checked')).toBe('true');
    // Answered: the first answer stays, as a small line under the answer.
    expect(await earlier(phone).textContent()).toBe('Your first answer: Talk to them');
    await expect.poll(async () => (await tally(server, code, 'branch-a')).tally.counts).toEqual({ talk: 1, wait: 0, escalate: 0 });
    expect((await tally(server, code, 'branch-a')).round).toBe(2);
    ok(await request(ana, 'audience:vote', { pollId: 'branch-a', optionIds: ['talk'] }));
    await shot(phone, 'kept');

    // A reload once answered: the answer of this round, and the first one under it.
    await phone.reload();
    await expect.poll(() => earlier(phone).textContent()).toBe('Your first answer: Talk to them');
    expect(await phone.getByTestId('option-talk').getAttribute('aria-checked')).toBe('true');
    expect(await status(phone)).toBe('✓ Answer recorded');

    // The reveal: round 2's bars, round 1's pale under them, and how many changed.
    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'reveal' }));
    await expect.poll(() => phone.getByTestId('changed').textContent()).toBe('1 of 2 changed their answer');
    const talk = phone.getByTestId('result-talk');
    expect(await talk.getAttribute('data-percent')).toBe('100');
    expect(await talk.getAttribute('data-before')).toBe('50');
    expect(await talk.locator('.result-num').textContent()).toBe('2 votes · 100% · round 1: 50%');
    expect(await phone.getByTestId('result-wait').getAttribute('data-before')).toBe('50');
    expect(await earlier(phone).textContent()).toBe('Your first answer: Talk to them');
    // The bars at their widths.
    await still(phone);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await shot(phone, 'results');
    await expectAccessible(phone, 'round 2 revealed');
  });

  it('shows no first answer after a reset, which erases the round instead of keeping it', async () => {
    const server = await newParley();
    const code = await server.createSession();
    const presenter = await console_(server, code);
    ok(await request(presenter, 'presenter:goto', TOPICS));
    ok(await request(presenter, 'presenter:poll', { pollId: 'topics', action: 'open' }));
    const phone = await openPhone(server, code);
    await phone.getByTestId('option-goals').click();
    await phone.getByTestId('option-time').click();
    await phone.getByTestId('submit-vote').click();
    await expect.poll(() => status(phone)).toBe('✓ Answer recorded');

    ok(await request(presenter, 'presenter:poll', { pollId: 'topics', action: 'reset' }));
    await expect.poll(() => status(phone)).toBe('');
    expect(await earlier(phone).count()).toBe(0);
    await phone.reload();
    await phone.getByTestId('submit-vote').waitFor();
    expect(await earlier(phone).count()).toBe(0);

    // Voted on again instead: a multi answer shows all its labels, and Keep it ticks them.
    await phone.getByTestId('option-rules').click();
    await phone.getByTestId('option-time').click();
    await phone.getByTestId('submit-vote').click();
    await expect.poll(() => status(phone)).toBe('✓ Answer recorded');
    ok(await request(presenter, 'presenter:poll', { pollId: 'topics', action: 'again' }));
    // The reset round was never shown: the round after it was the room's first vote.
    await expect.poll(() => earlier(phone).locator('p').first().textContent()).toBe('Your first answer: Ground rules, Meeting frequency');
    await phone.getByTestId('keep-earlier').click();
    await expect.poll(() => status(phone)).toBe('✓ Answer recorded');
    expect(await phone.getByTestId('option-rules').getAttribute('aria-checked')).toBe('true');
    expect(await phone.getByTestId('option-time').getAttribute('aria-checked')).toBe('true');
    await expect.poll(async () => (await tally(server, code, 'topics')).tally.counts).toEqual({ goals: 0, rules: 1, time: 1 });
    await shot(phone, 'multi-kept');
  });

  it('shows a rank order as it was, keeps it in order, and shows nothing for a text poll', async () => {
    const server = await newParley({ decks: openDecks() });
    const code = await server.createSession('open');
    const presenter = await console_(server, code);
    ok(await request(presenter, 'presenter:goto', { h: 2, v: 0 }));
    ok(await request(presenter, 'presenter:poll', { pollId: 'steps', action: 'open' }));
    const phone = await openPhone(server, code);
    for (const id of ['feedback', 'prepare', 'expectations']) await phone.getByTestId(`rank-option-${id}`).click();
    await phone.getByTestId('rank-submit').click();
    await expect.poll(() => status(phone)).toBe('✓ Your order recorded');

    ok(await request(presenter, 'presenter:poll', { pollId: 'steps', action: 'again' }));
    await expect.poll(() => earlier(phone).locator('strong').textContent()).toBe('1. Ask for feedback, 2. Prepare for meetings, 3. Set expectations');
    expect(await phone.locator('.rank-option.ranked').count()).toBe(0);
    await shot(phone, 'rank');
    await phone.getByTestId('keep-earlier').click();
    await expect.poll(() => status(phone)).toBe('✓ Your order recorded');
    expect(await phone.getByTestId('rank-option-feedback').getAttribute('data-rank')).toBe('1');
    expect(await phone.getByTestId('rank-option-expectations').getAttribute('data-rank')).toBe('3');
    await expect.poll(async () => (await tally(server, code, 'steps')).tally.positions).toEqual({ feedback: 1, prepare: 2, expectations: 3 });

    // A text poll voted on again is just a new round: nothing to keep.
    ok(await request(presenter, 'presenter:goto', { h: 1, v: 0 }));
    ok(await request(presenter, 'presenter:poll', { pollId: 'first-meeting', action: 'open' }));
    const box = phone.getByTestId('text-input');
    await box.fill('Goals');
    await phone.getByTestId('text-send').click();
    await expect.poll(() => status(phone)).toBe('✓ Answer sent');
    ok(await request(presenter, 'presenter:poll', { pollId: 'first-meeting', action: 'again' }));
    await expect.poll(() => phone.getByTestId('my-entry').count()).toBe(0);
    expect(await earlier(phone).count()).toBe(0);
    await expect.poll(() => phone.locator('#announcer').textContent()).toBe('Answers are open');
  });
});
