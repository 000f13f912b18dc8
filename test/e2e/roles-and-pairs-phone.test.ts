// Roles and should/would on a real phone (issue 19, parts 3 and 4; Chromium at 375 px), the
// presenter driven over a console socket. A deck with roles: the phone asks "You are…" once on
// joining, the role picked reaches the server (read back by joining as the same participant), a
// reload does not ask again, and the menu changes it. A paired poll: both questions on one screen,
// Submit off until both are picked, one vote with both answers, the console's exact counts per
// question and gap, both answers shown, and Keep it sending both again in round 2. axe finds nothing to fault, in both schemes.
// Screenshots go to test-results/screenshots/roles-*.png and pairs-*.png.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible } from '../helpers/axe.js';
import { browserAvailable, drawn, offlineContext, PHONE, SCREENSHOTS, useBrowser } from '../helpers/browser.js';
import { caseDecks, ROLES, responseSlide } from '../helpers/dr-x.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer, type TestSocket } from '../helpers/server.js';

const decks = caseDecks(
  'mentoring.md',
  'Mentoring',
  [responseSlide('respond-a', ['talk', 'wait', 'leave'], { heading: "Dr. X's response A", paired: true })],
  ROLES,
);
const POLL = 'respond-a';

describe.skipIf(!browserAvailable())('roles and should/would on a phone', () => {
  const browser = useBrowser();

  async function started(): Promise<{ server: TestServer; code: string; presenter: TestSocket }> {
    const server = await newParley({ decks });
    const code = await server.createSession('mentoring');
    const presenter = await server.client();
    ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    return { server, code, presenter };
  }

  async function openPhone(server: TestServer, code: string): Promise<Page> {
    const page = await (await offlineContext(browser(), PHONE)).newPage();
    await page.goto(`${server.url}/j/${code}`);
    return page;
  }

  /** The role the server has for the phone's participant: joins again as it. */
  async function serverRole(server: TestServer, code: string, page: Page): Promise<string | null | undefined> {
    const id = await page.evaluate(() => localStorage.getItem('parley.participantId'));
    const joined = ok(await request(await server.client(), 'audience:join', { code, participantId: id! }));
    return joined.role;
  }

  async function shot(page: Page, name: string): Promise<void> {
    await drawn(page);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  }

  async function bothSchemes(page: Page, name: string, what: string): Promise<void> {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await shot(page, name);
    await expectAccessible(page, what);
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, `${name}-dark`);
    await expectAccessible(page, `${what}, dark`);
    await page.emulateMedia({ colorScheme: 'light' });
  }

  it('asks the role once on joining, sends it, does not ask again after a reload, and changes it from the menu', async () => {
    const { server, code } = await started();
    const phone = await openPhone(server, code);
    const question = phone.getByTestId('role-question');
    await question.waitFor();
    expect(await phone.locator('h1').textContent()).toBe('You are…');
    expect(await question.textContent()).toContain('your answers stay anonymous');
    const choices = await phone.locator('[role="radio"]').allTextContents();
    expect(choices).toEqual(['Resident', 'Fellow', 'Faculty', 'Prefer not to say']);
    expect(await phone.getByTestId('role-cancel').count()).toBe(0); // the first time, no way round it
    await bothSchemes(phone, 'roles-ask', 'the role question');

    await phone.getByTestId('role-fellow').click();
    await phone.getByTestId('role-question').waitFor({ state: 'detached' });
    await expect.poll(() => phone.getByTestId('role-menu').textContent()).toBe('You are: Fellow · Change');
    await expect.poll(() => serverRole(server, code, phone)).toBe('fellow');

    await phone.reload();
    await phone.getByTestId('role-menu').waitFor();
    expect(await phone.getByTestId('role-question').count()).toBe(0);
    expect(await phone.getByTestId('role-menu').textContent()).toBe('You are: Fellow · Change');

    // The menu asks again, with the role given marked, and Cancel leaves it as it was.
    await phone.getByTestId('role-menu').click();
    await question.waitFor();
    expect(await phone.getByTestId('role-fellow').getAttribute('aria-checked')).toBe('true');
    await bothSchemes(phone, 'roles-change', 'the role question from the menu');
    await phone.getByTestId('role-cancel').click();
    await question.waitFor({ state: 'detached' });
    expect(await serverRole(server, code, phone)).toBe('fellow');

    await phone.getByTestId('role-menu').click();
    await phone.getByTestId('role-unsaid').click();
    await expect.poll(() => phone.getByTestId('role-menu').textContent()).toBe('You are: Prefer not to say · Change');
    await expect.poll(() => serverRole(server, code, phone)).toBe(null);
  });

  it('shows both questions of a paired poll on one screen and sends both answers in one vote', async () => {
    const { server, code, presenter } = await started();
    ok(await request(presenter, 'presenter:goto', { h: 1, v: 0 }));
    ok(await request(presenter, 'presenter:poll', { pollId: POLL, action: 'open' }));
    // Two others in the room.
    for (const [name, answer] of [
      ['ana', ['talk', 'wait']],
      ['bo', ['talk', 'talk']],
    ] as const) {
      const other = await server.participant(code, `phone-${name}-0001`);
      ok(await request(other, 'audience:role', { role: 'resident' }));
      ok(await request(other, 'audience:vote', { pollId: POLL, optionIds: [...answer] }));
    }

    const phone = await openPhone(server, code);
    await phone.getByTestId('role-resident').click();
    await phone.getByTestId('pair-should-talk').waitFor();
    expect(await phone.locator('.ask-q').allTextContents()).toEqual(['What should you do?', 'What would you actually do?']);
    const submit = phone.getByTestId('submit-vote');
    expect(await submit.isDisabled()).toBe(true);
    await phone.getByTestId('pair-should-talk').click();
    expect(await phone.getByTestId('pair-should-talk').getAttribute('aria-checked')).toBe('true');
    expect(await submit.isDisabled()).toBe(true); // one answer is not enough
    await phone.getByTestId('pair-would-leave').click();
    expect(await submit.isDisabled()).toBe(false);
    await bothSchemes(phone, 'pairs-chosen', 'a paired poll, both picked');
    await submit.click();
    await expect.poll(() => phone.getByTestId('vote-status').textContent()).toBe('✓ Answer recorded');
    expect(await phone.getByTestId('pair-answer').textContent()).toBe('Your answer: Should: Talk to Dr. X · Would: Change mentors');

    const state = ok(await request(await server.client(), 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    const tally = state.polls.find((p) => p.id === POLL)!.tally;
    expect(tally.respondents).toBe(3);
    expect(tally.asked).toEqual({ should: { talk: 3, wait: 0, leave: 0 }, would: { talk: 1, wait: 1, leave: 1 } });
    expect(tally.gap).toBe(2);

    // Revealed: a bar per question for each option, and the gap.
    ok(await request(presenter, 'presenter:poll', { pollId: POLL, action: 'close' }));
    ok(await request(presenter, 'presenter:poll', { pollId: POLL, action: 'reveal' }));
    await phone.getByTestId('results').waitFor();
    expect(await phone.getByTestId('gap').textContent()).toBe('2 of 3 answered the two questions differently');
    expect(await phone.getByTestId('count-should-talk').getAttribute('data-count')).toBe('3');
    expect(await phone.getByTestId('count-would-leave').getAttribute('data-count')).toBe('1');
    await bothSchemes(phone, 'pairs-results', 'a paired poll revealed');

    // Voted on again: the first answer reads both, and Keep it sends both in round 2.
    ok(await request(presenter, 'presenter:poll', { pollId: POLL, action: 'again' }));
    await expect
      .poll(() => phone.getByTestId('earlier-answer').textContent())
      .toBe('Your first answer: Should: Talk to Dr. X · Would: Change mentorsKeep itor change it below');
    await phone.getByTestId('keep-earlier').click();
    await expect.poll(() => phone.getByTestId('vote-status').textContent()).toBe('✓ Answer recorded');
    expect(await phone.getByTestId('pair-would-leave').getAttribute('aria-checked')).toBe('true');
    const again = ok(await request(await server.client(), 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    const round2 = again.polls.find((p) => p.id === POLL)!.tally;
    expect(round2.respondents).toBe(1);
    expect(round2.asked).toEqual({ should: { talk: 1, wait: 0, leave: 0 }, would: { talk: 0, wait: 0, leave: 1 } });
  });
});
