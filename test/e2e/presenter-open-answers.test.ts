// The projected deck for the new answer types at 1280×720: the live word cloud of a text poll
// (and its list, with Hide), the Q&A board sorted by upvotes, and a ranking's average positions.
// Participants are socket.io clients here; the phone page has its own browser tests.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserAvailable, offlineContext, PHONE, SCREENSHOTS, useBrowser } from '../helpers/browser.js';
import { openDecks } from '../helpers/decks.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer, type TestSocket } from '../helpers/server.js';

describe.skipIf(!browserAvailable())('the deck shows open answers live', () => {
  const browser = useBrowser();

  /** A session of the open deck, its projected deck in Chromium, and four participants over sockets. */
  async function setUp(): Promise<{ server: TestServer; code: string; deck: Page; phones: TestSocket[] }> {
    const server = await newParley({ decks: openDecks(), env: { WORD_FILTER: 'default' } });
    const code = await server.createSession('open');
    const deck = await (await offlineContext(browser(), { viewport: { width: 1280, height: 720 } })).newPage();
    const errors: string[] = [];
    deck.on('pageerror', (err) => errors.push(err.message));
    deck.on('dialog', (dialog) => void dialog.dismiss());
    await deck.goto(`${server.url}/present?session=${code}#key=${PRESENTER_KEY}`);
    await deck.waitForSelector('body[aria-busy="false"]', { state: 'attached' });
    const phones = [];
    for (const name of ['ana', 'ben', 'cy', 'dee']) {
      const phone = await server.client();
      ok(await request(phone, 'audience:join', { code, participantId: `deck-phone-${name}` }));
      phones.push(phone);
    }
    expect(errors).toEqual([]);
    return { server, code, deck, phones };
  }

  /** Screenshots wait for slide and bar transitions (0.4 s) to end, as a person would see it. */
  async function screenshot(deck: Page, name: string): Promise<void> {
    await deck.waitForTimeout(600);
    await deck.screenshot({ path: join(SCREENSHOTS, name) });
  }

  const words = (deck: Page, pollId: string) =>
    deck
      .getByTestId(`cloud-${pollId}`)
      .locator('[data-word]')
      .evaluateAll((els) => els.map((e) => `${e.textContent}:${(e as HTMLElement).dataset.count}`).sort());

  it('grows a word cloud as answers arrive, lists them with L, and takes a hidden answer off the screen', async () => {
    const { deck, phones } = await setUp();
    const [ana, ben, cy] = phones as [TestSocket, TestSocket, TestSocket];
    await deck.keyboard.press('ArrowRight');
    await deck.keyboard.press('o');
    await expect.poll(() => deck.getByTestId('poll-state-first-meeting').getAttribute('data-status')).toBe('open');
    // Revealed (R) from the start: the projector shows the answers as they come in.
    await deck.keyboard.press('r');
    await expect.poll(() => deck.getByTestId('poll-state-first-meeting').getAttribute('data-revealed')).toBe('true');

    const markup = '<img src=x onerror="document.title=1">Goals';
    ok(await request(ana, 'audience:submit', { pollId: 'first-meeting', text: 'Career goals and expectations' }));
    const hideMe = ok(await request(ben, 'audience:submit', { pollId: 'first-meeting', text: 'Expectations about feedback' })).entries![0]!;
    ok(await request(cy, 'audience:submit', { pollId: 'first-meeting', text: markup }));
    ok(await request(cy, 'audience:submit', { pollId: 'first-meeting', text: 'Meeting frequency and goals' }));
    // Held by the word filter: never on screen until approved.
    const held = ok(await request(ana, 'audience:submit', { pollId: 'first-meeting', text: 'this is bullsh1t' })).entries!.at(-1)!;
    expect(held.status).toBe('held');

    await expect
      .poll(() => words(deck, 'first-meeting'))
      // Markup is just words here; one-letter words and numbers are left out.
      .toEqual([
        'career:1',
        'document:1',
        'expectations:2',
        'feedback:1',
        'frequency:1',
        'goals:3',
        'img:1',
        'meeting:1',
        'onerror:1',
        'src:1',
        'title:1',
      ]);
    // The biggest word is the most used one (once the size transition has run).
    const biggest = () =>
      deck
        .getByTestId('cloud-first-meeting')
        .locator('[data-word]')
        .evaluateAll((els) => {
          const sized = els.map((e) => ({ word: (e as HTMLElement).dataset.word, size: parseFloat(getComputedStyle(e).fontSize) }));
          return sized.sort((a, b) => b.size - a.size)[0]?.word;
        });
    await expect.poll(biggest).toBe('goals');
    await expect.poll(() => deck.getByTestId('poll-total-first-meeting').textContent()).toBe('5 answers from 3 people');
    await expect.poll(() => deck.getByTestId('review-first-meeting').textContent()).toBe('1 held for review');
    await screenshot(deck, 'deck-word-cloud.png');

    // L: the list of answers, newest first; markup in an answer is text, never a tag.
    await deck.keyboard.press('l');
    const list = deck.getByTestId('answers-first-meeting');
    await expect
      .poll(() => list.locator('.answer-text').allTextContents())
      .toEqual(['Meeting frequency and goals', markup, 'Expectations about feedback', 'Career goals and expectations']);
    expect(await deck.locator('.reveal img[src="x"]').count()).toBe(0);
    expect(await deck.title()).not.toBe('1');
    await screenshot(deck, 'deck-answer-list.png');

    // Hide one: it leaves the list, and the cloud loses its words.
    await deck.getByTestId(`hide-${hideMe.id}`).click();
    await expect.poll(() => list.locator('.answer-text').allTextContents()).not.toContain('Expectations about feedback');
    await deck.keyboard.press('l');
    await expect.poll(() => words(deck, 'first-meeting')).not.toContain('feedback:1');
    expect(await words(deck, 'first-meeting')).toContain('expectations:1');
    await expect.poll(() => deck.getByTestId('review-first-meeting').textContent()).toBe('1 held for review · 1 hidden');

    // The review dialog approves the held answer: on screen it goes.
    await deck.getByTestId('review-first-meeting').click();
    await deck.getByTestId(`show-${held.id}`).click();
    await expect.poll(() => words(deck, 'first-meeting')).toContain('bullsh1t:1');
    await deck.keyboard.press('Escape');
  });

  it('shows what phones type in the cloud on the projector once revealed; a hidden answer leaves the projector and the phones', async () => {
    const { server, code, deck } = await setUp();
    await deck.keyboard.press('ArrowRight');
    await deck.keyboard.press('o');
    const phones = [];
    for (const text of ['Career goals', 'Goals and boundaries', 'Pizza party']) {
      const phone = await (await offlineContext(browser(), PHONE)).newPage();
      await phone.goto(`${server.url}/j/${code}`);
      await phone.getByTestId('text-input').fill(text);
      await phone.getByTestId('text-send').click();
      await expect.poll(() => phone.getByTestId('my-entry').count()).toBe(1);
      phones.push(phone);
    }
    // Blind until revealed: R shows the cloud on the projector and the phones.
    await expect.poll(() => deck.getByTestId('poll-total-first-meeting').getAttribute('data-total')).toBe('3');
    expect(await words(deck, 'first-meeting')).toEqual([]);
    await deck.keyboard.press('r');
    await expect.poll(() => words(deck, 'first-meeting')).toEqual(['boundaries:1', 'career:1', 'goals:2', 'party:1', 'pizza:1']);
    const phone = phones[0]!;
    await expect.poll(() => phone.getByTestId('word-pizza').count()).toBe(1);

    await deck.keyboard.press('l');
    await deck.locator('.answer', { hasText: 'Pizza party' }).getByRole('button', { name: /^Hide/ }).click();
    await deck.keyboard.press('l');
    await expect.poll(() => words(deck, 'first-meeting')).toEqual(['boundaries:1', 'career:1', 'goals:2']);
    await expect.poll(() => phone.getByTestId('word-pizza').count()).toBe(0);
    expect(await phone.getByTestId('word-goals').getAttribute('data-count')).toBe('2');
  });

  it('sorts the Q&A board by upvotes and marks questions answered', async () => {
    const { deck, phones } = await setUp();
    const [ana, ben, cy, dee] = phones as [TestSocket, TestSocket, TestSocket, TestSocket];
    for (let i = 0; i < 3; i++) await deck.keyboard.press('ArrowRight');
    await deck.keyboard.press('o');
    await expect.poll(() => deck.getByTestId('poll-state-questions').getAttribute('data-status')).toBe('open');
    // Revealed (R) from the start: the projector shows the answers as they come in.
    await deck.keyboard.press('r');
    await expect.poll(() => deck.getByTestId('poll-state-questions').getAttribute('data-revealed')).toBe('true');

    const q1 = ok(await request(ana, 'audience:submit', { pollId: 'questions', text: 'How often should we meet?' })).entries![0]!;
    const q2 = ok(await request(ben, 'audience:submit', { pollId: 'questions', text: 'Can I have a mentor outside my department?' })).entries![0]!;
    ok(await request(cy, 'audience:submit', { pollId: 'questions', text: 'What if my mentor never answers e-mails?' }));
    for (const voter of [cy, dee]) ok(await request(voter, 'audience:upvote', { pollId: 'questions', entryId: q2.id, up: true }));
    ok(await request(dee, 'audience:upvote', { pollId: 'questions', entryId: q1.id, up: true }));

    const board = deck.getByTestId('qa-questions');
    const rows = () =>
      board
        .locator('.question')
        .evaluateAll((els) => els.map((e) => `${(e as HTMLElement).dataset.votes} ${e.querySelector('.question-text')?.textContent}`));
    await expect
      .poll(rows)
      .toEqual(['2 Can I have a mentor outside my department?', '1 How often should we meet?', '0 What if my mentor never answers e-mails?']);
    await screenshot(deck, 'deck-qa-board.png');

    await deck.getByTestId(`answered-${q2.id}`).click();
    await expect
      .poll(rows)
      .toEqual(['1 How often should we meet?', '0 What if my mentor never answers e-mails?', '2 Can I have a mentor outside my department?']);
    await deck.getByTestId(`hide-${q1.id}`).click();
    await expect.poll(() => board.locator('.question').count()).toBe(2);
  });

  it('shows a ranking as average positions, best first', async () => {
    const { deck, phones } = await setUp();
    await deck.keyboard.press('ArrowRight');
    await deck.keyboard.press('ArrowRight');
    await deck.keyboard.press('o');
    await expect.poll(() => deck.getByTestId('poll-state-steps').getAttribute('data-status')).toBe('open');
    // Revealed (R) from the start: the projector shows the answers as they come in.
    await deck.keyboard.press('r');
    await expect.poll(() => deck.getByTestId('poll-state-steps').getAttribute('data-revealed')).toBe('true');
    const orders = [
      ['feedback', 'expectations', 'prepare'],
      ['expectations', 'feedback', 'prepare'],
      ['feedback', 'prepare', 'expectations'],
    ];
    for (const [i, order] of orders.entries()) ok(await request(phones[i]!, 'audience:vote', { pollId: 'steps', optionIds: order }));
    const shown = () =>
      deck.locator('[data-testid^="bar-steps-"]').evaluateAll((els) =>
        els
          .map((e) => ({
            order: Number((e as HTMLElement).style.order),
            text: `${e.querySelector('.poll-label')?.textContent} ${e.querySelector('.poll-value')?.textContent}`,
          }))
          .sort((a, b) => a.order - b.order)
          .map((r) => r.text),
      );
    await expect.poll(shown).toEqual(['Ask for feedback avg 1.3', 'Set expectations avg 2.0', 'Prepare for meetings avg 2.7']);
    await screenshot(deck, 'deck-ranking.png');
  });
});
