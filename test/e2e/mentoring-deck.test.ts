// The real mentoring deck on a 1280×720 projector: every slide fits, every poll shows its chart.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loadDecks } from '../../server/deck/load.js';
import { browserAvailable, drawn, projectorProblems, SCREENSHOTS, still, useBrowser } from '../helpers/browser.js';
import { newParley, ok, PRESENTER_KEY, request } from '../helpers/server.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SLIDE_HEIGHT = 720;

interface RevealApi {
  slide(h: number, v: number): void;
  getCurrentSlide(): HTMLElement;
}

describe.skipIf(!browserAvailable())('slides/mentoring.md on the projector', () => {
  const browser = useBrowser();

  async function goto(page: Page, h: number, v: number): Promise<void> {
    // No transitions: the slide is shown at once; two frames later it is laid out and drawn.
    await page.evaluate(
      async ([h, v]) => {
        (window as unknown as { Reveal: RevealApi }).Reveal.slide(h!, v!);
        await new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
      },
      [h, v],
    );
  }

  /** A session of the real mentoring deck (slides/mentoring.md), with a console joined to it. */
  async function mentoringSession() {
    const decks = loadDecks(join(ROOT, 'slides'));
    const server = await newParley({ decks });
    const code = await server.createSession('mentoring');
    return { deck: decks.get('mentoring')!, server, code, presenterSocket: await server.presenter(code) };
  }

  it('fits every slide in 720 px and shows a chart on every poll slide', async () => {
    const { deck, server, code, presenterSocket } = await mentoringSession();
    // A few votes so that the poll slide in the screenshot has bars.
    const poll = deck.polls[0]!;
    ok(await request(presenterSocket, 'presenter:poll', { pollId: poll.id, action: 'open' }));
    const picks = [0, 0, 0, 1, 1, 2, 0, 3, 1, 0, 2, 0];
    for (const [i, pick] of picks.entries()) {
      const phone = await server.client();
      ok(await request(phone, 'audience:join', { code, participantId: `screenshot-phone-${i}` }));
      ok(await request(phone, 'audience:vote', { pollId: poll.id, optionIds: [poll.options[pick % poll.options.length]!.id] }));
    }

    const page = await (await browser().newContext({ viewport: { width: 1280, height: SLIDE_HEIGHT } })).newPage();
    // No transitions, so that each screenshot shows the slide itself.
    await page.goto(`${server.url}/present?session=${code}&transition=none#key=${PRESENTER_KEY}`);
    await page.waitForSelector('body[aria-busy="false"]', { state: 'attached' });
    await page.screenshot({ path: join(SCREENSHOTS, 'deck-title.png') });

    const overflowing: string[] = [];
    for (const slide of deck.slides) {
      await goto(page, slide.position.h, slide.position.v);
      const height = await page.evaluate(() => (window as unknown as { Reveal: RevealApi }).Reveal.getCurrentSlide().scrollHeight);
      if (height > SLIDE_HEIGHT) overflowing.push(`${slide.number} "${slide.title}" is ${height}px tall`);
      await page.screenshot({ path: join(SCREENSHOTS, 'slides', `${slide.number}.png`) });
      if (slide.pollId) {
        expect(await page.getByTestId(`poll-chart-${slide.pollId}`).isVisible(), slide.number).toBe(true);
      }
    }
    expect(overflowing).toEqual([]);

    await goto(page, poll.slide.h, poll.slide.v);
    await expect.poll(() => page.getByTestId(`poll-total-${poll.id}`).getAttribute('data-total')).toBe(String(picks.length));
    // Blind until R; revealed, the bars the room sees.
    expect(await page.getByTestId(`poll-chart-${poll.id}`).getAttribute('data-blind')).toBe('true');
    ok(await request(presenterSocket, 'presenter:poll', { pollId: poll.id, action: 'reveal' }));
    await expect.poll(() => page.getByTestId(`poll-chart-${poll.id}`).getAttribute('data-blind')).toBe('false');
    await drawn(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'deck-poll.png') });
  }, 120_000);

  it('fits every poll voted on twice and revealed in 720 px, both rounds readable from the back', async () => {
    const { deck, server, code, presenterSocket } = await mentoringSession();
    // Every poll with counts, voted on, voted on again with a third of the room changing its mind.
    const counted = deck.polls.filter((poll) => ['single', 'multi', 'yesno', 'scale', 'rank'].includes(poll.type));
    expect(counted.length).toBeGreaterThan(8);
    const paired = (poll: (typeof counted)[number]): boolean => poll.type === 'single' && poll.ask !== undefined;
    for (const poll of counted) {
      const ids = poll.options.map((option) => option.id);
      const answer = (i: number): string[] => {
        if (poll.type === 'rank') return [...ids.slice(i % ids.length), ...ids.slice(0, i % ids.length)];
        if (poll.type === 'multi') return [ids[i % ids.length]!, ids[(i + 2) % ids.length]!];
        // Should and would: every other phone would do the next option rather than the one it should.
        if (paired(poll)) return [ids[i % ids.length]!, ids[(i + (i % 2)) % ids.length]!];
        return [ids[i % ids.length]!];
      };
      ok(await request(presenterSocket, 'presenter:poll', { pollId: poll.id, action: 'open' }));
      // A room of 15 for each poll: one participant's votes are limited to a few a second.
      const phones = [];
      for (let i = 0; i < 15; i++) {
        const phone = await server.client();
        ok(await request(phone, 'audience:join', { code, participantId: `${poll.id}-phone-${i}` }));
        // Five residents, five fellows and five faculty: every role is shown beside everyone.
        ok(await request(phone, 'audience:role', { role: ['resident', 'fellow', 'faculty'][Math.floor(i / 5)]! }));
        phones.push(phone);
      }
      for (const [i, phone] of phones.entries()) ok(await request(phone, 'audience:vote', { pollId: poll.id, optionIds: answer(i) }));
      ok(await request(presenterSocket, 'presenter:poll', { pollId: poll.id, action: 'again' }));
      for (const [i, phone] of phones.entries()) {
        ok(await request(phone, 'audience:vote', { pollId: poll.id, optionIds: answer(i % 3 === 0 ? i + 1 : i) }));
      }
      ok(await request(presenterSocket, 'presenter:poll', { pollId: poll.id, action: 'reveal' }));
    }

    const page = await (await browser().newContext({ viewport: { width: 1280, height: SLIDE_HEIGHT } })).newPage();
    await page.goto(`${server.url}/present?session=${code}&transition=none#key=${PRESENTER_KEY}`);
    await page.waitForSelector('body[aria-busy="false"]', { state: 'attached' });
    const overflowing: string[] = [];
    for (const poll of counted) {
      await goto(page, poll.slide.h, poll.slide.v);
      const chart = page.getByTestId(`poll-chart-${poll.id}`);
      // A paired poll shows its two questions' bars (of the current round) and who changed.
      await expect.poll(() => chart.getAttribute('data-view'), { message: poll.id }).toBe(paired(poll) ? 'pair' : 'rounds');
      const fits = async (view: string, labels: string[]): Promise<void> => {
        await drawn(page);
        const { height, fit } = await page.evaluate(() => {
          const slide = (window as unknown as { Reveal: RevealApi }).Reveal.getCurrentSlide();
          return { height: slide.scrollHeight, fit: slide.dataset.fit ?? 'none' };
        });
        if (height > SLIDE_HEIGHT) overflowing.push(`${poll.id} ${view}: the slide is ${height}px tall (fitted: ${fit})`);
        for (const problem of await projectorProblems(page.getByTestId(`${view}-${poll.id}`), labels))
          overflowing.push(`${poll.id} ${view}: ${problem}`);
        await page.screenshot({ path: join(SCREENSHOTS, 'slides', `twice-${view}-${poll.id}.png`) });
      };
      const changed = poll.type === 'single' || poll.type === 'yesno' ? ['.rounds-changed'] : [];
      if (paired(poll)) await fits('pair-view', ['.pair-label', '.pair-value', '.pair-gap', ...changed]);
      else await fits('rounds-view', ['.rounds-label', '.round-value', ...changed]);
      if (!paired(poll)) continue;
      // K: split by role, the residents and the faculty beside everyone.
      await page.keyboard.press('k');
      await expect.poll(() => chart.getAttribute('data-view'), { message: poll.id }).toBe('split');
      expect(await page.getByTestId(`split-group-${poll.id}-resident`).isVisible()).toBe(true);
      expect(await page.getByTestId(`split-group-${poll.id}-fellow`).isVisible()).toBe(true);
      expect(await page.getByTestId(`split-group-${poll.id}-faculty`).isVisible()).toBe(true);
      await fits('role-split', ['.split-role', '.split-label', '.split-value']);
      await page.keyboard.press('k');
      await expect.poll(() => chart.getAttribute('data-view')).toBe('pair');
    }
    expect(overflowing).toEqual([]);
  }, 180_000);

  it('fits every poll of the deck with a full room’s answers revealed, at 1280×720 and 1920×1080: no box scrolls, nothing leaves the slide', async () => {
    const { deck, server, code, presenterSocket } = await mentoringSession();
    const room = async (name: string, size: number) => {
      const phones = [];
      for (let i = 0; i < size; i++) {
        const phone = await server.client();
        ok(await request(phone, 'audience:join', { code, participantId: `${name}-phone-${i}` }));
        ok(await request(phone, 'audience:role', { role: i % 3 === 0 ? 'faculty' : 'resident' }));
        phones.push(phone);
      }
      return phones;
    };
    // Twenty residents and faculty answer every counted poll; forty ideas, twenty steps and
    // twenty-five questions come in, as in a full workshop.
    const voters = await room('voter', 20);
    const IDEAS = [
      'career goals and expectations',
      'how often to meet',
      'research interests',
      'preferred way to communicate',
      'work-life balance',
      'feedback on my clinical work',
      'boundaries and availability',
      'publication plans',
      'fellowship applications',
      'what each of us expects',
    ];
    for (const poll of deck.polls) {
      ok(await request(presenterSocket, 'presenter:poll', { pollId: poll.id, action: 'open' }));
      if (poll.type === 'text') {
        const each = Math.min(poll.text.answers, 2);
        for (const [i, phone] of voters.entries()) {
          for (let n = 0; n < each; n++) ok(await request(phone, 'audience:submit', { pollId: poll.id, text: IDEAS[(i * 3 + n) % IDEAS.length]! }));
        }
      } else if (poll.type === 'qa') {
        const askers = await room('asker', 13);
        for (let n = 0; n < 25; n++) {
          const text = `How do I ${['raise', 'plan', 'handle', 'agree on'][n % 4]} ${IDEAS[n % IDEAS.length]} with a mentor who is ${['busy', 'new', 'senior', 'far away', 'in another department'][n % 5]}?`;
          ok(await request(askers[n % 13]!, 'audience:submit', { pollId: poll.id, text }));
        }
      } else {
        const ids = poll.options.map((option) => option.id);
        const pick = (i: number) => ids[(i * 7 + (i % 3)) % ids.length]!;
        for (const [i, phone] of voters.entries()) {
          const optionIds =
            poll.type === 'rank'
              ? [...ids.slice(i % ids.length), ...ids.slice(0, i % ids.length)]
              : poll.type === 'multi'
                ? [...new Set([pick(i), pick(i + 1)])].slice(0, poll.limit ?? ids.length)
                : poll.type === 'single' && poll.ask
                  ? [pick(i), pick(i + (i % 2))]
                  : [pick(i)];
          ok(await request(phone, 'audience:vote', { pollId: poll.id, optionIds }));
        }
      }
      ok(await request(presenterSocket, 'presenter:poll', { pollId: poll.id, action: 'reveal' }));
    }

    const problems: string[] = [];
    for (const [width, height] of [
      [1280, 720],
      [1920, 1080],
    ] as const) {
      const page = await (await browser().newContext({ viewport: { width, height } })).newPage();
      await page.goto(`${server.url}/present?session=${code}&transition=none#key=${PRESENTER_KEY}`);
      await page.waitForSelector('body[aria-busy="false"]', { state: 'attached' });
      for (const poll of deck.polls) {
        await goto(page, poll.slide.h, poll.slide.v);
        await still(page); // a word cloud's sizes settled
        const found = await page.evaluate((limit) => {
          const slide = (window as unknown as { Reveal: RevealApi }).Reveal.getCurrentSlide();
          const frame = (document.querySelector('.reveal .slides') as HTMLElement).getBoundingClientRect();
          const name = (el: Element) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`;
          const found: string[] = [];
          if (slide.scrollHeight > limit) found.push(`the slide is ${slide.scrollHeight}px tall`);
          for (const el of slide.querySelectorAll<HTMLElement>('*')) {
            if (el.closest('aside.notes') || el.getClientRects().length === 0) continue;
            const style = getComputedStyle(el);
            if (style.visibility === 'hidden') continue;
            if (style.overflowY !== 'visible' && el.scrollHeight > el.clientHeight + 1)
              found.push(`${name(el)} holds ${el.scrollHeight}px in ${el.clientHeight}px`);
            const r = el.getBoundingClientRect();
            if (r.width > 1 && (r.top < frame.top - 1 || r.bottom > frame.bottom + 1 || r.left < frame.left - 1 || r.right > frame.right + 1)) {
              found.push(`${name(el)} "${el.textContent?.slice(0, 30)}" lies outside the slide`);
            }
          }
          return found;
        }, SLIDE_HEIGHT);
        for (const problem of new Set(found)) problems.push(`${width}×${height} ${poll.id}: ${problem}`);
        await page.screenshot({ path: join(SCREENSHOTS, 'slides', `full-room-${width}-${poll.id}.png`) });
      }
    }
    expect(problems).toEqual([]);
  }, 240_000);
});
