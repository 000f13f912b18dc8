// The phone page for everyone (WCAG 2.2 AA): axe on every state in both colour schemes, voting
// by keyboard alone, 44 px targets, text at 200 % on a 320 px phone, reduced motion, the deck's
// accent kept readable, and the poll timer. A real server, a real Chromium; the presenter is a socket.
import { join } from 'node:path';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { contrast as ratio } from '../../audience/accent.js';
import type { AudienceState } from '../../server/protocol.js';
import { expectAccessible } from '../helpers/axe.js';
import { browserAvailable, offlineContext, PHONE, SCREENSHOTS, useBrowser } from '../helpers/browser.js';
import { darkDecks, everyPollDecks, timedDecks } from '../helpers/decks.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer, type TestSocket } from '../helpers/server.js';

/** Slides of EVERY_POLL_DECK by poll id. */
const SLIDE = { respond: 1, topics: 2, friend: 3, rating: 4, 'first-meeting': 5, steps: 6, questions: 7 } as const;
type PollId = keyof typeof SLIDE;

interface Session {
  server: TestServer;
  code: string;
  presenter: TestSocket;
  /** Moves the deck to the poll's slide and opens the poll. */
  open(pollId: PollId): Promise<void>;
  act(pollId: PollId, action: 'open' | 'close' | 'reveal' | 'hide' | 'reset'): Promise<void>;
  end(): Promise<void>;
}

async function session(): Promise<Session> {
  const server = await newParley({ decks: everyPollDecks() });
  const code = await server.createSession('every');
  const presenter = await server.client();
  ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
  const act: Session['act'] = async (pollId, action) => {
    ok(await request(presenter, 'presenter:poll', { pollId, action }));
  };
  return {
    server,
    code,
    presenter,
    act,
    async open(pollId) {
      ok(await request(presenter, 'presenter:goto', { h: SLIDE[pollId], v: 0 }));
      await act(pollId, 'open');
    },
    async end() {
      const res = await fetch(`${server.url}/api/sessions/${code}/end`, {
        method: 'POST',
        headers: { authorization: `Bearer ${PRESENTER_KEY}` },
      });
      expect(res.status).toBeLessThan(300);
    },
  };
}

/**
 * Changes every session state the server sends the page (socket.io frames `42[…]` and join
 * acknowledgements `43n[…]`), as a server that sets the deck's accent or a poll timer would.
 */
async function patchStates(page: Page, patch: (state: AudienceState) => void): Promise<void> {
  const visit = (value: unknown): void => {
    if (!value || typeof value !== 'object') return;
    if ('deckTitle' in value) patch(value as AudienceState);
    for (const v of Object.values(value)) visit(v);
  };
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    server.onMessage((frame) => {
      const m = typeof frame === 'string' ? /^(4[23]\d*)(\[[\s\S]*)$/.exec(frame) : null;
      if (!m) {
        ws.send(frame);
        return;
      }
      const data = JSON.parse(m[2]!) as unknown;
      visit(data);
      ws.send(m[1]! + JSON.stringify(data));
    });
  });
}

/** What the live region said, in order (each announcement once). */
async function recordAnnouncements(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const said: string[] = [];
    (window as unknown as { __said: string[] }).__said = said;
    document.addEventListener('DOMContentLoaded', () => {
      const region = document.getElementById('announcer')!;
      new MutationObserver(() => {
        if (region.textContent) said.push(region.textContent);
      }).observe(region, { childList: true, characterData: true, subtree: true });
    });
  });
}

const said = (page: Page) => page.evaluate(() => (window as unknown as { __said: string[] }).__said);
const announced = (page: Page) => page.locator('#announcer').textContent();
const status = (page: Page) => page.getByTestId('vote-status').textContent();
const question = (page: Page) => page.getByTestId('poll-question').textContent();

/** WCAG contrast ratio of two computed colours (`rgb(r, g, b)`), by the page's own formula. */
function contrast(a: string, b: string): number {
  const rgb = (c: string) => (c.match(/\d+/g) ?? []).slice(0, 3).map(Number) as [number, number, number];
  return ratio(rgb(a), rgb(b));
}

function yellowish(colour: string): boolean {
  const [r, g, b] = (colour.match(/\d+/g) ?? []).map(Number) as [number, number, number];
  return r > b + 60 && g > b + 40;
}

describe.skipIf(!browserAvailable())('the phone page’s accessibility', () => {
  const browser = useBrowser();

  async function phone(options: BrowserContextOptions = {}): Promise<Page> {
    const context = await offlineContext(browser(), { ...PHONE, ...options });
    return context.newPage();
  }

  it.each(['light', 'dark'] as const)(
    'passes axe on every state of a session (%s scheme)',
    async (scheme) => {
      const s = await session();
      const page = await phone({ colorScheme: scheme });
      const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `phone-${name}-375-${scheme}.png`), fullPage: true });

      await page.goto(`${s.server.url}/`);
      await page.getByTestId('code-input').waitFor();
      await expectAccessible(page, 'enter code');

      await page.getByTestId('code-input').fill('12');
      await page.getByTestId('join-button').click();
      await expect.poll(() => page.getByTestId('join-error').textContent()).toMatch(/code/);
      await expectAccessible(page, 'enter code, with an error');
      await shot('join-error');

      await page.getByTestId('code-input').fill(s.code);
      await page.getByTestId('join-button').click();
      await page.getByTestId('waiting').waitFor();
      await expectAccessible(page, 'waiting between questions');
      await shot('waiting');

      // single: open, answered, results while still open, closed with results
      await s.open('respond');
      await expect.poll(() => question(page)).toBe('How should Dr. X respond?');
      await expectAccessible(page, 'single poll open');
      await page.getByTestId('option-talk').click();
      await expect.poll(() => status(page)).toBe('✓ Answer recorded');
      await expectAccessible(page, 'answered');
      await s.act('respond', 'reveal');
      await page.getByTestId('results').waitFor();
      await expectAccessible(page, 'results after reveal, voting still open');
      await s.act('respond', 'close');
      await expect.poll(() => page.locator('#poll-hint').textContent()).toBe('Voting is closed');
      await expectAccessible(page, 'results after reveal, closed');

      // multi: open, an error (nothing picked), at its limit
      await s.open('topics');
      await expect.poll(() => question(page)).toBe('What should you discuss?');
      await expectAccessible(page, 'multi poll open');
      await page.getByTestId('submit-vote').click();
      await expect.poll(() => status(page)).toBe('Pick at least one option first');
      await expectAccessible(page, 'multi poll, error');
      await shot('multi-error');
      await page.getByTestId('option-goals').click();
      await page.getByTestId('option-rules').click();
      await expectAccessible(page, 'multi poll at its limit');

      // yes/no: open, then closed without results
      await s.open('friend');
      await expect.poll(() => question(page)).toBe('Should you accept?');
      await expectAccessible(page, 'yes/no poll open');
      await s.act('friend', 'close');
      await expect.poll(() => page.locator('#poll-hint').textContent()).toBe('Voting is closed');
      await expectAccessible(page, 'closed');

      // scale: open, answered, results with the average
      await s.open('rating');
      await expect.poll(() => question(page)).toBe('How useful was this?');
      await expectAccessible(page, 'scale poll open');
      await page.getByTestId('option-4').click();
      await expect.poll(() => status(page)).toBe('✓ Answer recorded');
      await s.act('rating', 'reveal');
      await page.getByTestId('results').waitFor();
      await expectAccessible(page, 'scale poll results');
      await shot('scale-results');

      // text: open, answer sent, word cloud
      await s.open('first-meeting');
      await page.getByTestId('text-input').waitFor();
      await expectAccessible(page, 'text poll open');
      await page.getByTestId('text-input').fill('Set goals together');
      await page.getByTestId('text-send').click();
      await expect.poll(() => status(page)).toBe('✓ Answer sent');
      await s.act('first-meeting', 'reveal');
      await page.getByTestId('word-cloud').waitFor();
      await expectAccessible(page, 'text poll, word cloud');

      // rank: open, all placed, results
      await s.open('steps');
      await page.getByTestId('rank-option-feedback').waitFor();
      await expectAccessible(page, 'rank poll open');
      for (const id of ['feedback', 'prepare', 'expectations']) await page.getByTestId(`rank-option-${id}`).click();
      await page.getByTestId('rank-submit').click();
      await expect.poll(() => status(page)).toBe('✓ Your order recorded');
      await expectAccessible(page, 'rank poll answered');
      await s.act('steps', 'reveal');
      await page.getByTestId('rank-results').waitFor();
      await expectAccessible(page, 'rank poll results');
      await shot('rank-results');

      // Q&A: open, a question on the board
      await s.open('questions');
      await page.getByTestId('text-input').waitFor();
      await expectAccessible(page, 'Q&A open, empty board');
      await page.getByTestId('text-input').fill('How often should we meet?');
      await page.getByTestId('text-send').click();
      await expect.poll(() => page.getByTestId('qa-question').count()).toBe(1);
      await expectAccessible(page, 'Q&A board with a question');
      await shot('qa-board');

      await s.end();
      await page.getByTestId('ended').waitFor();
      await expectAccessible(page, 'session ended');
      await shot('ended');

      // Joining while the server cannot be reached: "Joining…" under a "Connecting…" banner.
      const away = await phone({ colorScheme: scheme });
      await away.routeWebSocket(/\/socket\.io\//, () => {}); // never answers
      await away.route(/\/socket\.io\//, (route) => route.abort());
      await away.goto(`${s.server.url}/`);
      await away.getByTestId('code-input').fill(s.code);
      await away.getByTestId('join-button').click();
      await away.getByTestId('joining').waitFor();
      await away.getByTestId('connection-banner').waitFor({ state: 'visible' });
      await expectAccessible(away, 'joining, not connected');
    },
    180_000,
  );

  it('votes by keyboard alone, with a visible focus, and announces the answer', async () => {
    const s = await session();
    await s.open('respond');
    const page = await phone();
    await page.goto(`${s.server.url}/j/${s.code}`);
    await expect.poll(() => question(page)).toBe('How should Dr. X respond?');

    // Tab reaches the first option; the arrow keys move between options without voting.
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('opt-talk');
    const outline = await page.locator('#opt-talk').evaluate((el) => getComputedStyle(el));
    expect(outline.outlineStyle).toBe('solid');
    expect(parseFloat(outline.outlineWidth)).toBeGreaterThanOrEqual(3);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('opt-wait');
    expect(await page.getByTestId('vote-status').textContent()).toBe('');

    await page.keyboard.press('Space');
    await expect.poll(() => announced(page)).toBe('Answer recorded');
    expect(await page.getByTestId('option-wait').getAttribute('aria-checked')).toBe('true');
    expect(await status(page)).toBe('✓ Answer recorded');

    // Changed with Enter; focus stays on the option.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('option-escalate').getAttribute('aria-checked')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('opt-escalate');

    // A multi poll: Space ticks, Tab goes on to Submit, Enter sends.
    await s.open('topics');
    await expect.poll(() => question(page)).toBe('What should you discuss?');
    expect(await page.locator('fieldset.options legend').textContent()).toBe('What should you discuss?');
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('opt-goals');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByTestId('option-rules').getAttribute('aria-checked')).toBe('true');
    await page.keyboard.press('Tab'); // the third option is disabled at the limit of 2: skipped
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('submit-vote');
    await page.keyboard.press('Enter');
    await expect.poll(() => announced(page)).toBe('Answer recorded');

    // A rank poll: Enter gives the next place, the order is submitted from the keyboard.
    await s.open('steps');
    await page.getByTestId('rank-option-prepare').waitFor();
    await page.locator('#rank-prepare').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => announced(page)).toBe('Prepare for meetings: ranked 1');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('#rank-submit').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => announced(page)).toBe('Your order recorded');
  });

  it('gives every control a target of at least 44 × 44 px on a 320 px phone', async () => {
    const s = await session();
    const page = await phone({ viewport: { width: 320, height: 568 } });
    await page.goto(`${s.server.url}/`);
    const small: string[] = [];
    const measure = async (screen: string): Promise<void> => {
      for (const control of await page.locator('button:visible, select:visible, input:visible, textarea:visible').all()) {
        const box = await control.boundingBox();
        const name = (await control.getAttribute('data-testid')) ?? (await control.evaluate((el) => el.id || el.tagName));
        if (!box || box.width < 44 || box.height < 44) small.push(`${screen}: ${name} ${box?.width}×${box?.height}`);
      }
    };
    await measure('enter code');
    await page.goto(`${s.server.url}/j/${s.code}`);
    for (const id of Object.keys(SLIDE) as PollId[]) {
      await s.open(id);
      await expect.poll(() => page.locator(`[data-poll="${id}"]`).count()).toBe(1);
      await measure(id);
    }
    await page.getByTestId('text-input').fill('When do we meet?');
    await page.getByTestId('text-send').click();
    await expect.poll(() => page.getByTestId('qa-question').count()).toBe(1);
    await measure('Q&A board');
    expect(small).toEqual([]);
  });

  it('keeps everything in view at 200 % text on a 320 px phone, with nothing cut off', async () => {
    const s = await session();
    const page = await phone({ viewport: { width: 320, height: 568 } });
    await page.goto(`${s.server.url}/j/${s.code}`);
    await page.getByTestId('waiting').waitFor();
    // Text zoom as a browser setting does it: every rem doubles (a style property, allowed by the CSP).
    await page.evaluate(() => {
      document.documentElement.style.fontSize = '200%';
    });

    const check = async (screen: string): Promise<void> => {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${screen}: horizontal overflow`).toBeLessThanOrEqual(0);
      const cut = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('#app button, #app .result, #app .where, #app h1, #app .timer, .foot')]
          .filter((el) => {
            const r = el.getBoundingClientRect();
            return r.left < -0.5 || r.right > 320.5 || el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
          })
          .map((el) => {
            const r = el.getBoundingClientRect();
            const size = `${Math.round(r.left)}–${Math.round(r.right)}, ${el.scrollWidth}/${el.clientWidth} × ${el.scrollHeight}/${el.clientHeight}`;
            return `${el.getAttribute('data-testid') ?? el.className} (${size})`;
          }),
      );
      expect(cut, `${screen}: controls out of view or clipped`).toEqual([]);
    };

    await check('waiting');
    for (const id of Object.keys(SLIDE) as PollId[]) {
      await s.open(id);
      await expect.poll(() => page.locator(`[data-poll="${id}"]`).count()).toBe(1);
      await check(`${id} open`);
    }
    await s.open('respond');
    await page.getByTestId('option-escalate').click();
    await expect.poll(() => status(page)).toBe('✓ Answer recorded');
    await s.act('respond', 'reveal');
    await page.getByTestId('results').waitFor();
    await check('results');
    await page.screenshot({ path: join(SCREENSHOTS, 'phone-a11y-200pct-results-320.png'), fullPage: true });
  });

  it('moves nothing when the participant asks for reduced motion', async () => {
    const s = await session();
    await s.open('respond');
    const timer = (state: AudienceState): void => {
      if (state.poll?.status === 'open') state.poll.timer = { seconds: 60, remainingMs: 42_000 };
    };
    const durations = async (page: Page): Promise<string[]> =>
      page.evaluate(() =>
        [...document.querySelectorAll('*')].flatMap((el) => {
          const style = getComputedStyle(el);
          return [...style.transitionDuration.split(','), ...style.animationDuration.split(',')].map((d) => d.trim());
        }),
      );

    const moving = await phone({ reducedMotion: 'no-preference' });
    await patchStates(moving, timer);
    await moving.goto(`${s.server.url}/j/${s.code}`);
    await moving.getByTestId('poll-timer').waitFor();
    expect((await durations(moving)).some((d) => d !== '0s')).toBe(true); // there is motion to take away

    const still = await phone({ reducedMotion: 'reduce' });
    await patchStates(still, timer);
    await still.goto(`${s.server.url}/j/${s.code}`);
    await still.getByTestId('poll-timer').waitFor();
    await still.getByTestId('option-talk').click();
    await s.act('respond', 'reveal');
    await still.getByTestId('results').waitFor();
    expect(new Set(await durations(still))).toEqual(new Set(['0s']));
  });

  it('follows the deck’s accent colour and keeps it readable in both schemes', async () => {
    const s = await session();
    await s.open('topics');
    const colours = async (page: Page) =>
      page.evaluate(() => {
        const submit = getComputedStyle(document.querySelector('[data-testid="submit-vote"]')!);
        const option = getComputedStyle(document.querySelector('.option.selected')!);
        return {
          bg: getComputedStyle(document.body).backgroundColor,
          button: submit.backgroundColor,
          buttonText: submit.color,
          border: option.borderTopColor,
          mark: getComputedStyle(document.querySelector('.option.selected .box')!).backgroundColor,
        };
      });

    // A deck accent that reads well on white is used as it is.
    const teal = await phone();
    await patchStates(teal, (state) => {
      state.accent = '#0f766e';
    });
    await teal.goto(`${s.server.url}/j/${s.code}`);
    await teal.getByTestId('option-goals').click();
    await expect.poll(async () => (await colours(teal)).button).toBe('rgb(15, 118, 110)');
    expect((await colours(teal)).buttonText).toBe('rgb(255, 255, 255)');

    // A pale yellow is darkened on white and lightened on black until it holds AA; the text on it
    // is black or white, whichever contrasts more.
    for (const scheme of ['light', 'dark'] as const) {
      const page = await phone({ colorScheme: scheme });
      await patchStates(page, (state) => {
        state.accent = '#ffe14d';
      });
      await page.goto(`${s.server.url}/j/${s.code}`);
      await page.getByTestId('option-goals').click();
      // Still a yellow (red and green well above blue), not Parley's blue.
      await expect.poll(async () => yellowish((await colours(page)).button)).toBe(true);
      const c = await colours(page);
      expect(contrast(c.button, c.bg), `${scheme}: accent on the page`).toBeGreaterThanOrEqual(4.5);
      expect(contrast(c.button, c.buttonText), `${scheme}: text on the accent`).toBeGreaterThanOrEqual(4.5);
      expect(contrast(c.border, c.bg), `${scheme}: selected border`).toBeGreaterThanOrEqual(3);
      await expectAccessible(page, `yellow accent, ${scheme} scheme`);
      if (scheme === 'dark') await page.screenshot({ path: join(SCREENSHOTS, 'phone-accent-yellow-dark-375.png'), fullPage: true });
    }
  });

  it('takes the accent and the poll timer from a real deck: the countdown ends with the poll closing by itself', async () => {
    const night = await newParley({ decks: darkDecks() }); // front matter: accent "#f97316"
    const nightCode = await night.createSession('night');
    const nightPresenter = await night.client();
    ok(await request(nightPresenter, 'presenter:join', { code: nightCode, key: PRESENTER_KEY, view: 'console' }));
    ok(await request(nightPresenter, 'presenter:goto', { h: 1, v: 0 }));
    ok(await request(nightPresenter, 'presenter:poll', { pollId: 'energy', action: 'open' }));
    const page = await phone();
    await page.goto(`${night.url}/j/${nightCode}`);
    await page.getByTestId('option-high').click();
    await expect.poll(() => status(page)).toBe('✓ Answer recorded');
    const border = await page.getByTestId('option-high').evaluate((el) => getComputedStyle(el).borderTopColor);
    expect(yellowish(border), border).toBe(true); // orange, darkened as far as AA needs
    expect(contrast(border, 'rgb(255, 255, 255)')).toBeGreaterThanOrEqual(4.5);

    const timed = await newParley({ decks: timedDecks() }); // slide 1: a yes/no poll with `timer: 5`
    const code = await timed.createSession('timed');
    const presenter = await timed.client();
    ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    ok(await request(presenter, 'presenter:goto', { h: 1, v: 0 }));
    ok(await request(presenter, 'presenter:poll', { pollId: 'quick', action: 'open' }));
    await page.goto(`${timed.url}/j/${code}`);
    await expect.poll(() => page.getByTestId('poll-timer').textContent()).toMatch(/^0:0[1-5] left$/);
    await expect.poll(() => page.locator('#poll-hint').textContent(), { timeout: 10_000 }).toBe('Voting is closed');
    expect(await page.getByTestId('poll-timer').count()).toBe(0);
  });

  it('counts down a poll timer calmly: a clock and a bar, announced once ten seconds before the end', async () => {
    const s = await session();
    await s.open('respond');
    const page = await phone();
    await recordAnnouncements(page);
    let remainingMs = 42_000;
    await patchStates(page, (state) => {
      if (state.poll?.status === 'open') state.poll.timer = { seconds: 60, remainingMs };
    });
    await page.goto(`${s.server.url}/j/${s.code}`);
    const timer = page.getByTestId('poll-timer');
    await expect.poll(() => timer.textContent()).toMatch(/^0:4[12] left$/);
    expect(await timer.locator('[role="timer"]').count()).toBe(1); // not a live region: not read every second
    const fill = await timer
      .locator('.timer-fill')
      .evaluate((el) => el.getBoundingClientRect().width / el.parentElement!.getBoundingClientRect().width);
    expect(fill).toBeGreaterThan(0.6);
    expect(fill).toBeLessThan(0.75);
    await page.screenshot({ path: join(SCREENSHOTS, 'phone-timer-375.png') });

    // The next state (here: the answer's) brings 11.5 s left: one announcement at ten seconds.
    remainingMs = 11_500;
    await s.act('respond', 'reveal');
    await expect.poll(() => timer.textContent()).toMatch(/^0:1[012] left$/);
    await expect.poll(() => said(page), { timeout: 5000 }).toContain('10 seconds left to answer');
    // The countdown goes on (it ticks four times a second): by 0:08, every tick since the
    // announcement has run, and none said it again.
    await expect.poll(() => timer.textContent(), { timeout: 5000 }).toMatch(/^0:0[0-8] left$/);
    expect((await said(page)).filter((text) => /seconds left/.test(text))).toEqual(['10 seconds left to answer']);
    expect(await timer.getAttribute('class')).toContain('soon');

    // Closed (by the timer, on the server): the countdown goes.
    await s.act('respond', 'close');
    await expect.poll(() => timer.count()).toBe(0);
  });

  it('says where the participant is, confirms the answer, and shows marked results at 320, 375 and 414 px', async () => {
    for (const width of [320, 375, 414]) {
      // Two others chose "talk"; this phone chooses "escalate".
      const s = await session();
      await s.open('respond');
      for (const i of [1, 2]) {
        const other = await s.server.client();
        ok(await request(other, 'audience:join', { code: s.code, participantId: `someone-else-${i}` }));
        ok(await request(other, 'audience:vote', { pollId: 'respond', optionIds: ['talk'] }));
      }
      const dark = width === 375;
      const page = await phone({ viewport: { width, height: 740 }, colorScheme: dark ? 'dark' : 'light' });
      const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `phone-${name}-${width}${dark ? '-dark' : ''}.png`), fullPage: true });
      await page.goto(`${s.server.url}/j/${s.code}`);
      await expect.poll(() => page.getByTestId('slide-context').textContent()).toBe('Slide 2 · Dr. X responds');
      await shot('poll-open');

      await page.getByTestId('option-escalate').click();
      await expect.poll(() => status(page)).toBe('✓ Answer recorded');
      expect(await page.locator('.status-note').textContent()).toBe('You can change it until voting closes.');
      expect(await page.getByTestId('option-escalate').textContent()).toContain('✓ Your answer');
      await shot('answered');

      await s.act('respond', 'reveal');
      await page.getByTestId('results').waitFor();
      // Not by colour alone: the leading option and the own answer are marked in words, with numbers.
      expect(await page.getByTestId('result-talk').textContent()).toMatch(/★ Most chosen.*2 votes · 67%/);
      expect(await page.getByTestId('result-escalate').textContent()).toMatch(/✓ Your answer.*1 vote · 33%/);
      expect(await page.getByTestId('result-wait').textContent()).toMatch(/0 votes · 0%/);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await shot('results');
    }
  });
});
