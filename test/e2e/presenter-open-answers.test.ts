// The projected deck for the new answer types at 1280×720: the live word cloud of a text poll
// (and its list, with Hide), the Q&A board sorted by upvotes, and a ranking's average positions.
// Participants are socket.io clients here; the phone page has its own browser tests.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserAvailable, offlineContext, PHONE, SCREENSHOTS, still, useBrowser } from '../helpers/browser.js';
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

  /** Screenshots wait for slide and bar transitions to end, as a person would see it. */
  async function screenshot(deck: Page, name: string): Promise<void> {
    await still(deck);
    await deck.screenshot({ path: join(SCREENSHOTS, name) });
  }

  /** A console for actions a test sets up (the deck's own keys are tested above). */
  async function presenterOf(server: TestServer, code: string): Promise<TestSocket> {
    const socket = await server.client();
    ok(await request(socket, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    return socket;
  }

  /**
   * The list's rows shown lie whole inside its box (no scroll bar: a projector cannot scroll), they
   * come first, and "+ N more" counts the rest. Returns how many are shown.
   */
  async function rowsFit(deck: Page, listId: string, moreId: string, total: number, noun: string): Promise<number> {
    const list = deck.getByTestId(listId);
    const state = await list.evaluate((box) => {
      const rows = [...box.children] as HTMLElement[];
      const shown = rows.filter((r) => !r.hidden);
      const edge = box.getBoundingClientRect();
      return {
        shown: shown.length,
        firstHidden: rows.findIndex((r) => r.hidden),
        cut: shown.filter((r) => r.getBoundingClientRect().bottom > edge.bottom + 1).length,
        drawn: rows.filter((r) => r.getClientRects().length > 0).length,
        scrolls: getComputedStyle(box).overflowY !== 'hidden' || box.scrollTop !== 0,
      };
    });
    expect(state.cut).toBe(0);
    expect(state.scrolls).toBe(false);
    expect(state.shown).toBeGreaterThanOrEqual(4);
    expect(state.firstHidden).toBe(state.shown);
    expect(state.drawn).toBe(state.shown);
    expect(await deck.getByTestId(moreId).textContent()).toBe(`+ ${total - state.shown} more ${noun}`);
    return state.shown;
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

  it('fits a 30-word cloud, a 25-question board and a 40-answer list in their boxes: every word and row shown is whole, the rest counted', async () => {
    const { server, code, deck } = await setUp();
    // A room of ten, four answers each: thirty different words, a few of them used often.
    const WORDS = ['expectations', 'communication', 'availability', 'boundaries', 'publications', 'feedback', 'goals', 'schedule'];
    const MORE = ['research', 'career', 'confidentiality', 'networking', 'fellowship', 'teaching', 'conferences', 'wellbeing', 'mistakes'];
    const RARE = ['grants', 'authorship', 'clinic', 'family', 'promotion', 'interests', 'writing', 'statistics', 'leadership', 'timelines'];
    const RARER = ['reading', 'hobbies', 'calls'];
    const all = [...WORDS, ...MORE, ...RARE, ...RARER];
    expect(new Set(all).size).toBe(30);
    const phones: TestSocket[] = [];
    for (let i = 0; i < 10; i++) phones.push(await server.participant(code, `crowd-phone-${i}`));
    ok(await request(await presenterOf(server, code), 'presenter:poll', { pollId: 'first-meeting', action: 'open' }));
    for (let n = 0; n < 40; n++) {
      const text = `${WORDS[n % WORDS.length]} ${MORE[n % MORE.length]} ${all[(n + 17) % all.length]}`;
      ok(await request(phones[n % 10]!, 'audience:submit', { pollId: 'first-meeting', text }));
    }
    await deck.keyboard.press('ArrowRight');
    await expect.poll(() => deck.getByTestId('poll-total-first-meeting').getAttribute('data-total')).toBe('10'); // who answered
    await deck.keyboard.press('r');
    const cloud = deck.getByTestId('cloud-first-meeting');
    await expect.poll(() => cloud.getAttribute('data-words')).toBe('30');
    await still(deck); // the words at their sizes
    // Every word drawn lies whole inside the cloud's box; any left out are the least used.
    const placed = () =>
      cloud.evaluate((box) => {
        const edge = box.getBoundingClientRect();
        const words = [...box.querySelectorAll<HTMLElement>('[data-word]')];
        const shown = words.filter((w) => !w.hidden);
        const cut = shown.filter((w) => {
          const r = w.getBoundingClientRect();
          return r.top < edge.top - 1 || r.bottom > edge.bottom + 1 || r.left < edge.left - 1 || r.right > edge.right + 1;
        });
        const least = Math.min(...shown.map((w) => Number(w.dataset.count)));
        return {
          shown: shown.length,
          cut: cut.map((w) => w.dataset.word),
          leftOutMoreUsed: words.filter((w) => w.hidden && Number(w.dataset.count) > least).map((w) => w.dataset.word),
          smallest: Math.min(
            ...shown.map((w) => Number.parseFloat(getComputedStyle(w).fontSize) * (w.getBoundingClientRect().height / w.offsetHeight)),
          ),
        };
      });
    const cloudFit = await placed();
    expect(cloudFit.cut).toEqual([]);
    expect(cloudFit.leftOutMoreUsed).toEqual([]);
    expect(cloudFit.shown).toBeGreaterThanOrEqual(20);
    expect(cloudFit.smallest).toBeGreaterThanOrEqual(14);
    await screenshot(deck, 'deck-cloud-30-words.png');

    // L: the newest answers that fit, whole, and how many more.
    await deck.keyboard.press('l');
    await rowsFit(deck, 'answers-first-meeting', 'answers-more-first-meeting', 40, 'answers');
    await screenshot(deck, 'deck-answers-40.png');

    // The Q&A board: 25 questions, the most upvoted first; what does not fit is counted.
    for (let i = 0; i < 2; i++) await deck.keyboard.press('ArrowRight');
    ok(await request(await presenterOf(server, code), 'presenter:poll', { pollId: 'questions', action: 'open' }));
    // Others ask (a phone may send a few a minute): thirteen phones, two questions at most each.
    const askers: TestSocket[] = [];
    for (let i = 0; i < 13; i++) askers.push(await server.participant(code, `asking-phone-${i}`));
    const asked = [];
    for (let n = 0; n < 25; n++) {
      const text = `Question ${n + 1}: how do I bring up ${all[n]} with my mentor?`;
      asked.push(ok(await request(askers[n % 13]!, 'audience:submit', { pollId: 'questions', text })).entries!.at(-1)!);
    }
    // Question 25 has the most upvotes, then 24, 23 …
    for (const [n, entry] of asked.entries()) {
      for (const voter of phones.slice(0, Math.min(n % 10, 9)))
        ok(await request(voter, 'audience:upvote', { pollId: 'questions', entryId: entry.id, up: true }));
    }
    await deck.keyboard.press('r');
    await expect.poll(() => deck.getByTestId('qa-questions').locator('.question').count()).toBe(25);
    const visible = await rowsFit(deck, 'qa-questions', 'qa-more-questions', 25, 'questions');
    await screenshot(deck, 'deck-qa-25.png');
    // Answered: the top question moves below the others, the next ones come up — none scrolled away.
    const top = await deck.getByTestId('qa-questions').locator('.question:not([hidden])').first().getAttribute('data-entry-id');
    await deck.getByTestId(`answered-${top}`).click();
    await expect.poll(() => deck.getByTestId('qa-questions').locator('.question:not([hidden])').first().getAttribute('data-entry-id')).not.toBe(top);
    expect(await rowsFit(deck, 'qa-questions', 'qa-more-questions', 25, 'questions')).toBe(visible);
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
