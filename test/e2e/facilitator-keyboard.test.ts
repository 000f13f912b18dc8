// The acceptance test of the facilitator's keyboard: the real mentoring workshop (slides/
// mentoring.md) run from the start page with only a clicker and a keyboard. The projector page gets
// key presses and nothing else: no mouse, no clicks on elements, no socket calls on its behalf.
// The audience is one real phone page at 375 px and three socket.io participants.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadDecks } from '../../server/deck/load.js';
import { browserAvailable, offlineContext, PHONE, SCREENSHOTS, still, useBrowser } from '../helpers/browser.js';
import { branchingDecks } from '../helpers/decks.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer, type TestSocket } from '../helpers/server.js';

const ROOT = join(import.meta.dirname, '..', '..');

interface RevealApi {
  getIndices(): { h: number; v?: number };
  isOverview(): boolean;
  isLastSlide(): boolean;
}

describe.skipIf(!browserAvailable())('a facilitator runs the mentoring workshop with a clicker and a keyboard', () => {
  const browser = useBrowser();

  /** The projector page at 1280×720, counting every pointer press it receives (there must be none). */
  async function projector(server: TestServer, path = '/present'): Promise<Page> {
    const context = await offlineContext(browser(), { viewport: { width: 1280, height: 720 } });
    await context.addInitScript(() => {
      const w = window as unknown as { pointerPresses: number };
      w.pointerPresses = 0;
      for (const type of ['pointerdown', 'mousedown', 'touchstart']) {
        window.addEventListener(type, () => w.pointerPresses++, true);
      }
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    onTestFinished(() => expect(errors).toEqual([]));
    await page.goto(`${server.url}${path}`);
    return page;
  }

  const at = (page: Page) =>
    page.evaluate(() => {
      const { h, v } = (window as unknown as { Reveal: RevealApi }).Reveal.getIndices();
      return `${h}/${v ?? 0}`;
    });
  const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.id ?? null);
  /** Whether the focused control shows it: :focus-visible and a solid outline at least 2 px wide. */
  const focusShows = (page: Page) =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return el.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    });
  const status = (page: Page, pollId: string) => page.getByTestId(`poll-state-${pollId}`).getAttribute('data-status');
  const revealed = (page: Page, pollId: string) => page.getByTestId(`poll-state-${pollId}`).getAttribute('data-revealed');
  const bar = (page: Page, pollId: string, optionId: string) => page.getByTestId(`bar-${pollId}-${optionId}`);
  const count = (page: Page, pollId: string, optionId: string) => bar(page, pollId, optionId).getAttribute('data-count').then(Number);
  const total = (page: Page, pollId: string) => page.getByTestId(`poll-total-${pollId}`).getAttribute('data-total').then(Number);
  const toast = (page: Page) => page.locator('#toast').textContent();

  /** Presses a key and waits until the deck shows `to` ("h/v"). */
  async function press(page: Page, key: string, to: string): Promise<void> {
    await page.keyboard.press(key);
    await expect.poll(() => at(page), { message: `${key} → ${to}` }).toBe(to);
  }

  /** Socket participants answering a choice poll, one option each. */
  async function votes(people: TestSocket[], pollId: string, options: string[]): Promise<void> {
    for (const [i, option] of options.entries()) ok(await request(people[i]!, 'audience:vote', { pollId, optionIds: [option] }));
  }

  it('from the key form to the end of the session: votes, a branch jump, open text, Q&A, End session', async () => {
    const decks = loadDecks(join(ROOT, 'slides'));
    const mentoring = decks.get('mentoring')!;
    // Slide titles as the deck renders them (typographic apostrophes: "Dr. X’s response C").
    const title = (h: number, v: number) => mentoring.slides.find((s) => s.position.h === h && s.position.v === v)!.title;
    expect(title(4, 2)).toBe('Dr. X’s response C');
    const server = await newParley({ decks });
    // Yesterday's rehearsal of the icebreaker is still live: its controls lie on the Tab path.
    const rehearsal = await server.createSession('icebreaker');
    const deck = await projector(server);

    // 1. The key form has the focus: type the key, Enter.
    await deck.getByTestId('key-form').waitFor();
    expect(await focused(deck)).toBe('key');
    expect(await focusShows(deck)).toBe(true);
    await deck.keyboard.type(PRESENTER_KEY);
    await deck.keyboard.press('Enter');

    // 2. The start page: the focus is on the first deck's Start button; Tab reaches the mentoring
    // deck's, and every stop on the way shows where the focus is.
    const item = deck.getByTestId('deck-mentoring');
    await item.waitFor();
    expect(await item.getByRole('heading').first().textContent()).toBe('Mentor-Mentee Relationships');
    expect(await item.textContent()).toContain(`mentoring.md · ${mentoring.polls.length} polls`);
    const stops: (string | null)[] = [await focused(deck)];
    expect(await focusShows(deck)).toBe(true);
    while (stops.at(-1) !== 'start-mentoring' && stops.length < 20) {
      await deck.keyboard.press('Tab');
      stops.push(await focused(deck));
      expect(await focusShows(deck), `focus visible on ${stops.at(-1)}`).toBe(true);
    }
    expect(stops).toEqual([
      'start-icebreaker',
      'self-paced-icebreaker',
      `resume-${rehearsal}`,
      `console-${rehearsal}`,
      `preview-${rehearsal}`,
      `join-link-${rehearsal}-field`,
      `join-link-${rehearsal}-copy`,
      // The follow-up deck's file name (mentoring-followup.md) sorts before mentoring.md.
      'handout-mentoring-followup',
      'start-mentoring-followup',
      'self-paced-mentoring-followup',
      'handout-mentoring',
      'start-mentoring',
    ]);
    await deck.screenshot({ path: join(SCREENSHOTS, 'facilitator-start.png') });
    await deck.keyboard.press('Enter');

    // 3. The deck of the new session, on its title slide, with the code to join.
    await deck.waitForURL(/\/present\?session=[A-Z0-9]{5}$/);
    await deck.waitForSelector('body[aria-busy="false"]', { state: 'attached' });
    const code = new URL(deck.url()).searchParams.get('session')!;
    await expect.poll(() => deck.getByTestId('join-code').first().textContent()).toBe(code);
    expect(await at(deck)).toBe('0/0');

    // 4. The room joins with the code on the screen: one phone types it, three more join over sockets.
    const shownCode = (await deck.getByTestId('join-code').first().textContent())!;
    const phone = await (await offlineContext(browser(), PHONE)).newPage();
    await phone.goto(`${server.url}/`);
    await phone.getByTestId('code-input').fill(shownCode);
    await phone.getByTestId('join-button').click();
    // The deck asks who is in the room (for the split by role); the phone answers once.
    await phone.getByTestId('role-question').waitFor();
    await phone.getByTestId('role-resident').click();
    await phone.getByTestId('waiting').waitFor();
    expect(await phone.getByTestId('slide-title').textContent()).toBe('Mentor-Mentee Relationships');
    const people = await Promise.all([1, 2, 3].map((i) => server.participant(shownCode, `participant-${i}`)));
    await expect.poll(() => deck.getByTestId('participants').getAttribute('data-count')).toBe('4');

    // 5. The clicker walks to the case poll; the phone follows slide by slide.
    await press(deck, 'PageDown', '1/0');
    await expect.poll(() => phone.getByTestId('slide-title').textContent()).toBe('Session goal');
    await press(deck, 'PageDown', '2/0');
    await press(deck, 'PageDown', '3/0');
    await expect.poll(() => phone.getByTestId('slide-title').textContent()).toBe('Case scenario');
    await press(deck, 'PageDown', '3/1');
    const question = 'Which of Dr. X’s responses would be hardest for you to handle? We start there.';
    await expect.poll(() => phone.getByTestId('poll-question').textContent()).toBe(question);
    expect(await status(deck, 'drx-start-with')).toBe('closed');
    expect(await phone.getByTestId('option-response-a').isDisabled()).toBe(true);

    // 6. O opens it with the deck's 30-second timer, counting down on the projector and the phone.
    await deck.keyboard.press('o');
    await expect.poll(() => status(deck, 'drx-start-with')).toBe('open');
    await deck.getByTestId('countdown-drx-start-with').waitFor();
    const left = Number(await deck.getByTestId('countdown-drx-start-with').getAttribute('data-remaining'));
    expect(left).toBeGreaterThan(20);
    expect(left).toBeLessThanOrEqual(30);
    expect(await deck.getByTestId('countdown-drx-start-with').textContent()).toMatch(/^0:[23]\d left$/);
    await phone.getByTestId('poll-timer').waitFor();

    // 7. The room votes: C three times, B once.
    await phone.getByTestId('option-response-c').click();
    await expect.poll(() => phone.getByTestId('vote-status').textContent()).toMatch(/recorded/i);
    await votes(people, 'drx-start-with', ['response-c', 'response-c', 'response-b']);
    // Blind until revealed: the projector counts the answers, not what they are.
    await expect.poll(() => total(deck, 'drx-start-with')).toBe(4);
    expect(await deck.getByTestId('poll-blind-count-drx-start-with').textContent()).toMatch(/^4 answers · \d+% of the room$/);
    expect(await count(deck, 'drx-start-with', 'response-c')).toBe(0);

    // 8. The clicker's keys only move: past the open poll and back, it is still open.
    await press(deck, 'PageDown', '4/0');
    await expect.poll(() => phone.getByTestId('slide-context').textContent()).toContain(title(4, 0));
    await press(deck, 'PageUp', '3/1');
    await expect.poll(() => phone.getByTestId('poll-question').textContent()).toBe(question);
    expect(await status(deck, 'drx-start-with')).toBe('open');
    expect(await phone.getByTestId('option-response-a').isDisabled()).toBe(false);

    // 9. O closes it before the timer runs out; R shows the results on the projector and the phones.
    await deck.keyboard.press('o');
    await expect.poll(() => status(deck, 'drx-start-with')).toBe('closed');
    expect(await deck.getByTestId('countdown-drx-start-with').isHidden()).toBe(true);
    await expect.poll(() => phone.getByTestId('option-response-a').isDisabled()).toBe(true);
    expect(await phone.getByTestId('results').count()).toBe(0);
    await deck.keyboard.press('r');
    await expect.poll(() => revealed(deck, 'drx-start-with')).toBe('true');
    await expect.poll(() => count(deck, 'drx-start-with', 'response-c')).toBe(3);
    expect(await count(deck, 'drx-start-with', 'response-b')).toBe(1);
    expect(await count(deck, 'drx-start-with', 'response-a')).toBe(0);
    expect(await bar(deck, 'drx-start-with', 'response-c').textContent()).toContain('3 · 75%');
    expect(await deck.getByTestId('poll-total-drx-start-with').textContent()).toBe('4 answers');
    await phone.getByTestId('results').waitFor();
    expect(await phone.getByTestId('result-response-c').getAttribute('data-count')).toBe('3');
    expect(await phone.getByTestId('result-response-b').getAttribute('data-count')).toBe('1');
    expect(await phone.getByTestId('result-response-c').getAttribute('data-percent')).toBe('75');
    await still(deck); // the slide transition over, for the screenshot
    await deck.screenshot({ path: join(SCREENSHOTS, 'facilitator-case-revealed.png') });

    // 10. ? shows the keys; Esc closes the help and nothing else (no overview, same slide).
    await deck.keyboard.press('?');
    const help = deck.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    expect(await help.textContent()).toContain('Go to the most-chosen branch');
    await deck.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
    expect(await deck.evaluate(() => (window as unknown as { Reveal: RevealApi }).Reveal.isOverview())).toBe(false);
    expect(await at(deck)).toBe('3/1');

    // 11. G follows the most-chosen option to its slide, response C; the phone shows it.
    await press(deck, 'g', '4/2');
    expect(await toast(deck)).toContain('(most chosen)');
    expect(await deck.locator('.reveal section.present > .slide-body > h2').textContent()).toBe(title(4, 2));
    await expect.poll(() => phone.getByTestId('slide-context').textContent()).toContain(title(4, 2));
    expect(await phone.getByTestId('poll-question').textContent()).toBe('How do you respond?');
    await still(deck); // the slide transition over, for the screenshot
    await deck.screenshot({ path: join(SCREENSHOTS, 'facilitator-branch.png') });
    await phone.screenshot({ path: join(SCREENSHOTS, 'facilitator-phone-branch.png') });

    // 12. Response C's own poll asks what one should do and what one would do: O, votes, O, R.
    await deck.keyboard.press('o');
    await expect.poll(() => status(deck, 'drx-response-c')).toBe('open');
    await phone.getByTestId('pair-should-negotiate-role').click();
    await phone.getByTestId('pair-would-agree-raise-later').click();
    await phone.getByTestId('submit-vote').click();
    await expect.poll(() => phone.getByTestId('vote-status').textContent()).toMatch(/recorded/i);
    for (const [i, answer] of [
      ['negotiate-role', 'negotiate-role'],
      ['agree-raise-later', 'agree-raise-later'],
      ['negotiate-role', 'agree-raise-later'],
    ].entries()) {
      ok(await request(people[i]!, 'audience:vote', { pollId: 'drx-response-c', optionIds: answer }));
    }
    await expect.poll(() => total(deck, 'drx-response-c')).toBe(4);
    await deck.keyboard.press('o');
    await expect.poll(() => status(deck, 'drx-response-c')).toBe('closed');
    await deck.keyboard.press('r');
    // Each option's two bars: 3 should negotiate their role, 1 would.
    const paired = (option: string, ask: string) =>
      deck.getByTestId(`pair-bar-drx-response-c-${option}-${ask}`).getAttribute('data-count').then(Number);
    await expect.poll(() => paired('negotiate-role', 'should')).toBe(3);
    expect(await paired('negotiate-role', 'would')).toBe(1);
    expect(await paired('agree-raise-later', 'would')).toBe(3);
    expect(await deck.getByTestId('pair-gap-drx-response-c').getAttribute('data-gap')).toBe('2');
    await phone.getByTestId('results').waitFor();
    expect(await phone.getByTestId('count-should-negotiate-role').getAttribute('data-count')).toBe('3');
    expect(await phone.getByTestId('count-would-agree-raise-later').getAttribute('data-count')).toBe('3');

    // 13. Back to the case with the clicker, then 4: the fourth option's slide, response D.
    await press(deck, 'PageUp', '4/1');
    await press(deck, 'PageUp', '4/0');
    await press(deck, 'PageUp', '3/1');
    await press(deck, '4', '4/3');
    await expect.poll(() => phone.getByTestId('slide-context').textContent()).toContain(title(4, 3));

    // 14. The first meeting (open text): O, the room's words come in, R shows their cloud, L the list, O.
    await press(deck, 'PageDown', '5/0');
    await expect.poll(() => phone.getByTestId('slide-context').textContent()).toContain('The first meeting');
    await deck.keyboard.press('o');
    await expect.poll(() => status(deck, 'first-meeting-ideas')).toBe('open');
    await phone.getByTestId('text-input').fill('Goals');
    await phone.getByTestId('text-send').click();
    ok(await request(people[0]!, 'audience:submit', { pollId: 'first-meeting-ideas', text: 'goals and timelines' }));
    ok(await request(people[1]!, 'audience:submit', { pollId: 'first-meeting-ideas', text: 'ground rules' }));
    const word = (w: string) => deck.getByTestId('cloud-first-meeting-ideas').locator(`[data-word="${w}"]`);
    await expect.poll(() => total(deck, 'first-meeting-ideas')).toBe(3);
    expect(await word('goals').count()).toBe(0);
    await deck.keyboard.press('r');
    await expect.poll(() => word('goals').getAttribute('data-count')).toBe('2');
    expect(await deck.getByTestId('poll-total-first-meeting-ideas').textContent()).toBe('3 answers from 3 people');
    await deck.keyboard.press('l');
    await expect
      .poll(() => deck.getByTestId('answers-first-meeting-ideas').locator('.answer-text').allTextContents())
      .toEqual(['ground rules', 'goals and timelines', 'Goals']);
    await deck.keyboard.press('o');
    await expect.poll(() => status(deck, 'first-meeting-ideas')).toBe('closed');

    // 15. The first meeting's top three (a multi-choice poll): O, phones pick, O, R.
    await press(deck, 'PageDown', '5/1');
    await expect.poll(() => phone.getByTestId('poll-question').textContent()).toBe('What should you discuss at this first meeting? (pick up to 3)');
    await deck.keyboard.press('o');
    await expect.poll(() => status(deck, 'first-meeting-topics')).toBe('open');
    await phone.getByTestId('option-goals').click();
    await phone.getByTestId('option-ground-rules').click();
    await phone.getByTestId('submit-vote').click();
    await expect.poll(() => phone.getByTestId('vote-status').textContent()).toMatch(/recorded/i);
    ok(await request(people[0]!, 'audience:vote', { pollId: 'first-meeting-topics', optionIds: ['goals', 'career-plans'] }));
    ok(await request(people[1]!, 'audience:vote', { pollId: 'first-meeting-topics', optionIds: ['goals'] }));
    await expect.poll(() => total(deck, 'first-meeting-topics')).toBe(3);
    await deck.keyboard.press('o');
    await expect.poll(() => status(deck, 'first-meeting-topics')).toBe('closed');
    await deck.keyboard.press('r');
    await expect.poll(() => count(deck, 'first-meeting-topics', 'goals')).toBe(3);
    expect(await count(deck, 'first-meeting-topics', 'ground-rules')).toBe(1);
    expect(await count(deck, 'first-meeting-topics', 'career-plans')).toBe(1);
    await phone.getByTestId('results').waitFor();
    expect(await phone.getByTestId('result-goals').getAttribute('data-count')).toBe('3');

    // 16. The clicker through every slide up to the closing Q&A.
    const from = mentoring.slides.findIndex((s) => s.position.h === 5 && s.position.v === 1);
    const qaSlide = mentoring.slides.findIndex((s) => s.pollId === 'closing-questions');
    for (const slide of mentoring.slides.slice(from + 1, qaSlide + 1)) await press(deck, 'PageDown', `${slide.position.h}/${slide.position.v}`);
    await expect.poll(() => phone.getByTestId('poll-question').textContent()).toBe('What would you like to ask before we finish?');

    // 17. Q&A: O and R (the board on the projector), questions come in; Tab reaches the top question's Answered, Enter marks it, and
    // the focus stays with that question (now "Not answered", lower on the board) even as more
    // questions arrive.
    await deck.keyboard.press('o');
    await expect.poll(() => status(deck, 'closing-questions')).toBe('open');
    await deck.keyboard.press('r');
    await expect.poll(() => revealed(deck, 'closing-questions')).toBe('true');
    await phone.getByTestId('text-input').fill('How often should we meet?');
    await phone.getByTestId('text-send').click();
    const asked = ok(await request(people[0]!, 'audience:submit', { pollId: 'closing-questions', text: 'What if my mentor leaves?' }));
    const top = asked.entries![0]!.id;
    ok(await request(people[1]!, 'audience:upvote', { pollId: 'closing-questions', entryId: top, up: true }));
    const board = deck.getByTestId('qa-closing-questions').locator('.question-text');
    await expect.poll(() => board.allTextContents()).toEqual(['What if my mentor leaves?', 'How often should we meet?']);
    for (let i = 0; i < 10 && (await focused(deck)) !== `answered-${top}`; i++) await deck.keyboard.press('Tab');
    expect(await focused(deck)).toBe(`answered-${top}`);
    expect(await focusShows(deck)).toBe(true);
    await deck.keyboard.press('Enter');
    await expect.poll(() => board.allTextContents()).toEqual(['How often should we meet?', 'What if my mentor leaves?']);
    expect(await focused(deck)).toBe(`unanswered-${top}`);
    await expect.poll(() => phone.locator('[data-testid="qa-question"].answered').textContent()).toContain('What if my mentor leaves?');
    ok(await request(people[2]!, 'audience:submit', { pollId: 'closing-questions', text: 'Can I have three mentors?' }));
    await expect.poll(() => board.count()).toBe(3);
    expect(await focused(deck)).toBe(`unanswered-${top}`);
    await deck.screenshot({ path: join(SCREENSHOTS, 'facilitator-qa.png') });
    await deck.keyboard.press('o');
    await expect.poll(() => status(deck, 'closing-questions')).toBe('closed');

    // 18. The last slide; the clicker's next goes no further.
    const last = mentoring.slides.at(-1)!;
    await press(deck, 'PageDown', `${last.position.h}/${last.position.v}`);
    await press(deck, 'PageDown', `${last.position.h}/${last.position.v}`);
    expect(await deck.evaluate(() => (window as unknown as { Reveal: RevealApi }).Reveal.isLastSlide())).toBe(true);
    await expect.poll(() => phone.getByTestId('slide-title').textContent()).toBe('Thank you');

    // Only O opened polls, and O closed each: going past the others opened none.
    const statuses = await deck.locator('[data-testid^="poll-state-"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-status')));
    expect(statuses).toHaveLength(mentoring.polls.length);
    expect(statuses.every((s) => s === 'closed')).toBe(true);

    // 19. E, Tab to End session, Enter: the session ends and the phone says thank you. (The
    // browser's own confirm is accepted as its OK button would be, with Enter.)
    await deck.keyboard.press('e');
    const menu = deck.getByTestId('export-menu');
    await menu.waitFor();
    expect(await focused(deck)).toBe('open-report');
    for (let i = 0; i < 10 && (await focused(deck)) !== 'end-session'; i++) await deck.keyboard.press('Tab');
    expect(await focused(deck)).toBe('end-session');
    expect(await focusShows(deck)).toBe(true);
    deck.once('dialog', (dialog) => void dialog.accept());
    await deck.keyboard.press('Enter');
    await menu.getByTestId('menu-ended').waitFor();
    // The End button is gone; the focus stays in the menu, on its close button.
    expect(await deck.evaluate(() => document.activeElement?.classList.contains('export-close'))).toBe(true);
    await phone.getByTestId('ended').waitFor();
    await deck.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
    expect(await deck.getByTestId('session-ended').isVisible()).toBe(true);
    expect(await at(deck)).toBe(`${last.position.h}/${last.position.v}`);

    // Nothing on the projector page was ever pressed with a pointer.
    expect(await deck.evaluate(() => (window as unknown as { pointerPresses: number }).pointerPresses)).toBe(0);
  }, 60_000);

  it('takes the poll keys typed with Shift, and digits typed with Shift as on an AZERTY keyboard', async () => {
    const server = await newParley({ decks: branchingDecks() });
    const code = await server.createSession('branching');
    const page = await projector(server, `/present?session=${code}#key=${PRESENTER_KEY}`);
    await page.waitForSelector('body[aria-busy="false"]', { state: 'attached' });
    await press(page, 'PageDown', '1/0');

    // Shift+O, Shift+R: the capital letters the help shows.
    await page.keyboard.press('Shift+KeyO');
    await expect.poll(() => status(page, 'path')).toBe('open');
    ok(await request(await server.participant(code, 'participant-1'), 'audience:vote', { pollId: 'path', optionIds: ['wait'] }));
    await expect.poll(() => total(page, 'path')).toBe(1);
    await page.keyboard.press('Shift+KeyR');
    await expect.poll(() => revealed(page, 'path')).toBe('true');
    // Caps Lock: "O" without Shift.
    await page.keyboard.press('O');
    await expect.poll(() => status(page, 'path')).toBe('closed');

    // AZERTY types its digits with Shift: Shift + the "é" key is "2". (page.keyboard only knows
    // the US layout, so the key event goes in one level lower, as the keyboard driver sends it.)
    const cdp = await page.context().newCDPSession(page);
    const shiftTwo = { modifiers: 8, key: '2', code: 'Digit2', windowsVirtualKeyCode: 50 };
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', text: '2', ...shiftTwo });
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...shiftTwo });
    await expect.poll(() => at(page)).toBe('3/0');
    expect(await toast(page)).toContain('Waiting it out');
  });

  it('keeps the projected deck in place when Tab lands on a control of a slide still sliding in', async () => {
    const server = await newParley({ decks: branchingDecks() });
    const code = await server.createSession('branching');
    const page = await projector(server, `/present?session=${code}#key=${PRESENTER_KEY}`);
    await page.waitForSelector('body[aria-busy="false"]', { state: 'attached' });
    await page.keyboard.press('PageDown');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('branch-path-talk');
    // The browser scrolls reveal.js's wrapper to show the button, still off to the right; the
    // deck must not be thrown sideways (reveal.js alone undoes that only after up to a second).
    const offset = await page.evaluate(
      () =>
        new Promise<number>((resolve) =>
          requestAnimationFrame(() => requestAnimationFrame(() => resolve(document.querySelector('.reveal')!.scrollLeft))),
        ),
    );
    expect(offset).toBe(0);
  });

  it('keeps the focus in the session history when a session is ended or deleted by keyboard', async () => {
    const server = await newParley();
    const older = await server.createSession();
    const newer = await server.createSession();
    const page = await projector(server);
    await page.getByTestId('key-form').waitFor();
    await page.keyboard.type(PRESENTER_KEY);
    await page.keyboard.press('Enter');
    await page.getByTestId('session-history').locator('tbody tr').nth(1).waitFor();
    // Every confirm (End, Delete) is answered OK, as Enter would in the browser's own dialog.
    page.on('dialog', (dialog) => void dialog.accept());
    const tabTo = async (testId: string): Promise<void> => {
      for (let i = 0; i < 40 && (await focused(page)) !== testId; i++) await page.keyboard.press('Tab');
      expect(await focused(page)).toBe(testId);
      expect(await focusShows(page)).toBe(true);
    };

    // End: the End button goes away with the refresh; the focus lands on the same row's Report.
    await tabTo(`end-${older}`);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator(`tr[data-code="${older}"]`).getAttribute('class')).toBe('is-ended');
    expect(await focused(page)).toBe(`report-${older}`);

    // Delete the newest (first) row: the row now in its place takes the focus.
    await tabTo(`delete-${newer}`);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator(`tr[data-code="${newer}"]`).count()).toBe(0);
    expect(await focused(page)).toBe(`report-${older}`);

    // Delete the last one: the focus goes to the Sessions heading, not back to the top of the page.
    await tabTo(`delete-${older}`);
    await page.keyboard.press('Enter');
    await page.getByTestId('session-history').getByText('No sessions yet.').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('history-title');
    expect(await page.evaluate(() => (window as unknown as { pointerPresses: number }).pointerPresses)).toBe(0);
  });
});
