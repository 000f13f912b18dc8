// Branching in a real browser: a poll whose options lead to slides. After the vote the facilitator
// follows the most-chosen option with G, or any option with its number key or its button; the
// jump is a presenter:goto like any other, so the phones follow.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserAvailable, offlineContext, PHONE, SCREENSHOTS, still, useBrowser } from '../helpers/browser.js';
import { branchingDecks } from '../helpers/decks.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer } from '../helpers/server.js';

describe.skipIf(!browserAvailable())('branching to the slide an option leads to', () => {
  const browser = useBrowser();

  /** A session of the branching deck: the projector on the poll slide with the poll open, and one phone. */
  async function setUp(): Promise<{ server: TestServer; code: string; deck: Page; phone: Page }> {
    const server = await newParley({ decks: branchingDecks() });
    const code = await server.createSession('branching');
    const deck = await (await offlineContext(browser(), { viewport: { width: 1280, height: 720 } })).newPage();
    await deck.goto(`${server.url}/present?session=${code}#key=${PRESENTER_KEY}`);
    await deck.waitForSelector('body[aria-busy="false"]', { state: 'attached' });
    const phone = await (await offlineContext(browser(), PHONE)).newPage();
    await phone.goto(`${server.url}/j/${code}`);
    await phone.getByTestId('waiting').waitFor();

    await deck.keyboard.press('ArrowRight');
    await expect.poll(() => phone.getByTestId('poll-question').textContent()).toBe('How should Dr. X respond?');
    await deck.keyboard.press('o');
    await expect.poll(() => deck.getByTestId('poll-state-path').getAttribute('data-status')).toBe('open');
    return { server, code, deck, phone };
  }

  const indices = (deck: Page) =>
    deck.evaluate(() => (window as unknown as { Reveal: { getIndices(): { h: number; v?: number } } }).Reveal.getIndices().h);
  const count = (deck: Page, option: string) => deck.getByTestId(`bar-path-${option}`).getAttribute('data-count').then(Number);

  /** Participants over sockets, each voting for one option. */
  async function votes(server: TestServer, code: string, options: string[]): Promise<void> {
    for (const [i, option] of options.entries()) {
      const participant = await server.client();
      ok(await request(participant, 'audience:join', { code, participantId: `branch-voter-${i}` }));
      ok(await request(participant, 'audience:vote', { pollId: 'path', optionIds: [option] }));
    }
  }

  it('follows the most-chosen branch on G, and the phones show that slide', async () => {
    const { server, code, deck, phone } = await setUp();

    // Nobody voted yet: G says so and stays.
    await deck.keyboard.press('g');
    await expect.poll(() => deck.locator('#toast').textContent()).toMatch(/no votes/i);
    expect(await indices(deck)).toBe(1);

    await phone.getByTestId('option-wait').click();
    await expect.poll(() => phone.getByTestId('vote-status').textContent()).toMatch(/recorded/i);
    await votes(server, code, ['wait', 'talk']);
    // Blind until revealed: the projector is not told which branch leads, so G asks for R first.
    await expect.poll(() => deck.getByTestId('poll-blind-count-path').textContent()).toMatch(/^3 answers/);
    await deck.keyboard.press('g');
    await expect.poll(() => deck.locator('#toast').textContent()).toMatch(/hidden here until you reveal them/);
    expect(await indices(deck)).toBe(1);
    await deck.keyboard.press('r');
    await expect.poll(() => count(deck, 'wait')).toBe(2);
    await expect.poll(() => count(deck, 'talk')).toBe(1);
    await still(deck); // the bars' transition ends before the screenshot
    await deck.screenshot({ path: join(SCREENSHOTS, 'deck-branching-poll.png') });

    await deck.keyboard.press('g');
    await expect.poll(() => indices(deck)).toBe(3);
    await expect.poll(() => phone.getByTestId('slide-title').textContent()).toBe('Waiting it out');
  });

  it('breaks a tie in favour of the first option in deck order', async () => {
    const { server, code, deck, phone } = await setUp();
    await votes(server, code, ['escalate', 'talk']);
    await deck.keyboard.press('r');
    await expect.poll(() => count(deck, 'escalate')).toBe(1);
    await expect.poll(() => count(deck, 'talk')).toBe(1);
    await deck.keyboard.press('g');
    await expect.poll(() => indices(deck)).toBe(2);
    await expect.poll(() => phone.getByTestId('slide-title').textContent()).toBe('Talking it through');
  });

  it('goes to any branch with its number key or its button', async () => {
    const { server, code, deck, phone } = await setUp();
    await votes(server, code, ['talk', 'talk']);

    // 3: the third option's branch, though fewer people chose it.
    await deck.keyboard.press('3');
    await expect.poll(() => indices(deck)).toBe(4);
    await expect.poll(() => phone.getByTestId('slide-title').textContent()).toBe('Escalating');

    // Back to the poll, then the button of the second option.
    await deck.keyboard.press('PageUp');
    await deck.keyboard.press('PageUp');
    await deck.keyboard.press('PageUp');
    await expect.poll(() => indices(deck)).toBe(1);
    await deck.getByTestId('branch-path-wait').click();
    await expect.poll(() => indices(deck)).toBe(3);
    await expect.poll(() => phone.getByTestId('slide-title').textContent()).toBe('Waiting it out');

    // Number keys do nothing on a slide without a branching poll, beyond saying so.
    await deck.keyboard.press('1');
    await expect.poll(() => deck.locator('#toast').textContent()).toMatch(/no poll/i);
    expect(await indices(deck)).toBe(3);
  });

  it('follows a branch from the console, and the projector and phones go with it', async () => {
    const { server, code, deck, phone } = await setUp();
    await votes(server, code, ['escalate']);
    const console = await (await offlineContext(browser(), { viewport: { width: 1280, height: 720 } })).newPage();
    await console.goto(`${server.url}/present?session=${code}&console#key=${PRESENTER_KEY}`);
    await console.waitForSelector('body[aria-busy="false"]', { state: 'attached' });
    await expect.poll(() => console.getByTestId('console-count-escalate').getAttribute('data-count')).toBe('1');

    await console.getByTestId('console-branch-path-talk').click();
    await expect.poll(() => indices(deck)).toBe(2);
    await expect.poll(() => phone.getByTestId('slide-title').textContent()).toBe('Talking it through');
    await expect.poll(() => console.getByTestId('current-slide').textContent()).toContain('Talking it through');

    // Back on the poll slide, G in the console follows the vote.
    await console.keyboard.press('PageUp');
    await expect.poll(() => indices(deck)).toBe(1);
    await console.keyboard.press('g');
    await expect.poll(() => indices(deck)).toBe(4);
    await expect.poll(() => phone.getByTestId('slide-title').textContent()).toBe('Escalating');
  });

  /** The console of the session, joined. */
  async function openConsole(server: TestServer, code: string): Promise<Page> {
    const page = await (await offlineContext(browser(), { viewport: { width: 1280, height: 720 } })).newPage();
    await page.goto(`${server.url}/present?session=${code}&console#key=${PRESENTER_KEY}`);
    await page.waitForSelector('body[aria-busy="false"]', { state: 'attached' });
    return page;
  }
  const visited = (page: Page, id: string) => page.getByTestId(id).getAttribute('data-visited');

  it('shows the branch map in the console: live counts, visited after G, kept across a reload, and a click goes there', async () => {
    const { server, code, deck, phone } = await setUp();
    await votes(server, code, ['wait', 'wait', 'talk']);
    let console = await openConsole(server, code);
    // The console has the live counts before the reveal; nothing visited yet.
    await expect.poll(() => console.getByTestId('console-branch-map-wait').getAttribute('data-count')).toBe('2');
    expect(await visited(console, 'console-branch-map-wait')).toBe('false');
    await expect.poll(() => console.getByTestId('console-branch-map-done').textContent()).toBe('0 of 3 branches visited');

    await deck.keyboard.press('r');
    await expect.poll(() => count(deck, 'wait')).toBe(2);
    await deck.keyboard.press('g');
    await expect.poll(() => indices(deck)).toBe(3);
    // On the branch slide the console still shows its fork's map, with that branch visited.
    await expect.poll(() => visited(console, 'console-branch-map-wait')).toBe('true');
    expect(await visited(console, 'console-branch-map-talk')).toBe('false');
    await expect.poll(() => console.getByTestId('console-branch-map-done').textContent()).toBe('1 of 3 branches visited');
    await console.screenshot({ path: join(SCREENSHOTS, 'console-branch-map.png') });

    // The server keeps the visited slides: a reloaded console agrees.
    await console.close();
    console = await openConsole(server, code);
    await expect.poll(() => visited(console, 'console-branch-map-wait')).toBe('true');

    // A click on a branch goes there; the deck and the phones follow.
    await console.getByTestId('console-branch-map-escalate').click();
    await expect.poll(() => indices(deck)).toBe(4);
    await expect.poll(() => phone.getByTestId('slide-title').textContent()).toBe('Escalating');
    await expect.poll(() => visited(console, 'console-branch-map-escalate')).toBe('true');
    await console.getByTestId('console-branch-map-fork-slide').click();
    await expect.poll(() => indices(deck)).toBe(1);
  });

  it('Shift+G visits every branch once, most votes first (ties in option order), then goes back to the fork', async () => {
    const { server, code, deck, phone } = await setUp();
    await votes(server, code, ['escalate', 'escalate', 'wait']);
    await deck.keyboard.press('r');
    await expect.poll(() => count(deck, 'escalate')).toBe(2);

    // escalate (2 votes), then wait (1), then talk (0), then back to the poll.
    for (const [h, title] of [
      [4, 'Escalating'],
      [3, 'Waiting it out'],
      [2, 'Talking it through'],
      [1, 'How should Dr. X respond?'],
    ] as const) {
      await deck.keyboard.press('Shift+G');
      await expect.poll(() => indices(deck)).toBe(h);
      if (h === 1) await expect.poll(() => phone.getByTestId('poll-question').textContent()).toBe(title);
      else await expect.poll(() => phone.getByTestId('slide-title').textContent()).toBe(title);
    }
    // Every branch visited, on the fork already: it says so and stays.
    await deck.keyboard.press('Shift+G');
    await expect.poll(() => deck.locator('#toast').textContent()).toMatch(/every branch of this poll has been visited/i);
    expect(await indices(deck)).toBe(1);
    // Plain G still goes to the most chosen.
    await deck.keyboard.press('g');
    await expect.poll(() => indices(deck)).toBe(4);
  });

  it('Shift+G in the console goes to the next branch not visited, after G', async () => {
    const { server, code, deck } = await setUp();
    await votes(server, code, ['talk', 'talk', 'wait']);
    const console = await openConsole(server, code);
    await expect.poll(() => console.getByTestId('console-branch-map-talk').getAttribute('data-count')).toBe('2');
    // Shift+G decides from what the console shows, so each press waits until the console has heard
    // of the last visit (on a busy machine the projector may get there first).
    const visitedOnConsole = (n: number) =>
      expect.poll(() => console.getByTestId('console-branch-map-done').textContent()).toBe(`${n} of 3 branches visited`);
    await console.keyboard.press('g');
    await expect.poll(() => indices(deck)).toBe(2);
    await visitedOnConsole(1);
    await console.keyboard.press('Shift+G');
    await expect.poll(() => indices(deck)).toBe(3);
    await visitedOnConsole(2);
    await console.keyboard.press('Shift+G');
    await expect.poll(() => indices(deck)).toBe(4);
    // Every branch visited: back to the fork.
    await visitedOnConsole(3);
    await console.keyboard.press('Shift+G');
    await expect.poll(() => indices(deck)).toBe(1);
  });

  it('the projector overlay (Shift+B) shows branches and visited ticks, and no counts before the reveal', async () => {
    const { server, code, deck } = await setUp();
    await votes(server, code, ['talk', 'wait', 'wait']);
    await expect.poll(() => deck.getByTestId('poll-blind-count-path').textContent()).toMatch(/^3 answers/);
    // The keys line on a branching poll's slide names the branch keys.
    expect(await deck.locator('#hud .hud-keys').textContent()).toContain('G branch · Shift+G next branch · Shift+B map');
    await deck.keyboard.press('Shift+B');
    const overlay = deck.getByTestId('branch-overlay');
    await expect.poll(() => overlay.isVisible()).toBe(true);
    await expect.poll(() => deck.getByTestId('branch-overlay-map-talk').textContent()).toContain('Talk to them');
    for (const option of ['talk', 'wait', 'escalate']) {
      expect(await deck.getByTestId(`branch-overlay-map-${option}`).getAttribute('data-count')).toBeNull();
    }
    expect(await overlay.textContent()).not.toMatch(/\d+ votes?\b/);
    // Before the reveal the projector cannot tell the vote order: Shift+G asks for R.
    await deck.keyboard.press('Shift+G');
    await expect.poll(() => deck.locator('#toast').textContent()).toMatch(/hidden here until you reveal them/);
    expect(await indices(deck)).toBe(1);

    // Revealed: the counts appear; after G the branch is ticked.
    await deck.keyboard.press('r');
    await expect.poll(() => deck.getByTestId('branch-overlay-map-wait').getAttribute('data-count')).toBe('2');
    await expect.poll(() => overlay.textContent()).toMatch(/2 votes/);
    await deck.keyboard.press('g');
    await expect.poll(() => indices(deck)).toBe(3);
    await expect.poll(() => visited(deck, 'branch-overlay-map-wait')).toBe('true');
    await expect.poll(() => overlay.textContent()).toMatch(/✓ visited/);
    await deck.screenshot({ path: join(SCREENSHOTS, 'deck-branch-map.png') });
    // Shift+B again hides it.
    await deck.keyboard.press('Shift+B');
    await expect.poll(() => overlay.isVisible()).toBe(false);
  });
});
