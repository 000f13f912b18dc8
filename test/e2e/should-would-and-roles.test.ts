// "Should" and "would", and the split by role (issue 19, parts 3 and 4), in Chromium at projector
// size. A paired poll: blind on the projector until R, then per option a bar per question with its
// count, both questions' wording in a legend and the gap line; the console shows them from the
// start, marked "Only you see this". Roles: K splits a revealed chart by role — the residents'
// counts, the fellows and the faculty member (fewer than 5 each) named with no number of theirs —
// on the projector once revealed (before, K asks for R), on the console at any time. Each role
// left out says why, as the room fills: "fewer than 5", or "hidden to protect a group under 5" for
// one left out so that a smaller group cannot be worked out (and the line in place of a table says
// which); the split is the session's chart view, shown on every presenter window alike. A paired poll's split: both questions per option in every column, each row named, then
// each column's gap. Phones are socket clients, as in the integration tests. Screenshots go to
// test-results/screenshots/should-would*.png and split-by-role*.png.
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible } from '../helpers/axe.js';
import { browserAvailable, drawn, presenterWindow, readableOnProjector, restingOn, SCREENSHOTS, useBrowser } from '../helpers/browser.js';
import { caseDecks, pairedDecks, ROLES, responseSlide, roleRoom, SHOULD_WOULD } from '../helpers/dr-x.js';
import { nextEvent } from '../helpers/events.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer, type TestSocket } from '../helpers/server.js';

const decks = new Map([
  ...pairedDecks(),
  ...caseDecks(
    'roles.md',
    'Roles',
    [
      responseSlide('respond-b', ['talk', 'leave'], { heading: "Dr. X's response B" }),
      responseSlide('respond-c', ['talk', 'wait', 'peer', 'leave'], { heading: "Dr. X's response C", paired: true }),
    ],
    ROLES,
  ),
]);

/** What each option's bars say, per question: "count · share". */
const PAIR_BARS = {
  talk: { should: '4 · 80%', would: '1 · 20%' },
  wait: { should: '0 · 0%', would: '2 · 40%' },
  leave: { should: '1 · 20%', would: '2 · 40%' },
};
const GAP = '3 would do something other than what they think they should';

/** Five residents, four fellows (under the floor of 5), one faculty member, four who prefer not to say. */
const ROOM = roleRoom(4);

describe.skipIf(!browserAvailable())('should / would and the split by role on the presenter pages', () => {
  const browser = useBrowser();

  const open = (server: TestServer, code: string, view = ''): Promise<Page> => presenterWindow(browser(), server.url, code, PRESENTER_KEY, view);

  /** Each option's bar text per question in `scope`, as PAIR_BARS has them. */
  async function pairBars(scope: Locator, pollId: string): Promise<Record<string, Record<string, string>>> {
    const shown: Record<string, Record<string, string>> = {};
    for (const option of Object.keys(PAIR_BARS)) {
      shown[option] = {};
      for (const ask of ['should', 'would']) {
        shown[option][ask] = (await scope.getByTestId(`pair-bar-${pollId}-${option}-${ask}`).locator('.pair-value').textContent()) ?? '';
      }
    }
    return shown;
  }

  async function toastGone(page: Page): Promise<void> {
    await expect.poll(() => page.locator('#toast').isHidden(), { timeout: 7000 }).toBe(true);
  }

  it('shows a paired poll’s two bars per option and the gap after R, blind before', async () => {
    const POLL = 'respond-a';
    const server = await newParley({ decks });
    const code = await server.createSession('paired');
    const deck = await open(server, code);
    const console_ = await open(server, code, '&console');
    const control = await server.presenter(code);
    ok(await request(control, 'presenter:goto', { h: 1, v: 0 }));
    ok(await request(control, 'presenter:poll', { pollId: POLL, action: 'open' }));
    const counted = nextEvent(control, 'presenter:tally', (u) => u.tallies.some((t) => t.pollId === POLL && t.respondents === 5));
    for (const [name, answer] of Object.entries(SHOULD_WOULD)) {
      const phone = await server.participant(code, `phone-${name}-0001`);
      ok(await request(phone, 'audience:vote', { pollId: POLL, optionIds: answer }));
    }
    await counted;

    // Blind: how many answered, no bars, no counts, no gap.
    const chart = deck.getByTestId(`poll-chart-${POLL}`);
    await expect.poll(() => deck.getByTestId(`poll-blind-count-${POLL}`).textContent()).toBe('5 answers · 100% of the room');
    expect(await chart.getAttribute('data-blind')).toBe('true');
    expect(await chart.getAttribute('data-view')).toBe('round');
    expect(await deck.getByTestId(`pair-view-${POLL}`).count()).toBe(0);
    // biome-ignore lint/performance/useDomNodeTextContent: the text shown on the projector.
    const blindText = await chart.innerText();
    expect(blindText).not.toMatch(/\d+ · \d+%/);
    expect(blindText).not.toMatch(/would do something other/);
    // The two questions the phones ask, said on the projector too.
    const asks = deck.getByTestId(`poll-asks-${POLL}`);
    expect(await asks.textContent()).toBe('Should: What should you do? · Would: What would you actually do?');
    await readableOnProjector(chart, ['.poll-asks']);
    await restingOn(deck, { h: 1, v: 0 });
    await deck.screenshot({ path: join(SCREENSHOTS, 'should-would-blind.png') });
    // A deck without roles: K says so.
    await deck.keyboard.press('k');
    await expect.poll(() => deck.locator('#toast').textContent()).toMatch(/^There are no roles in this deck/);

    // The console: both questions' counts and the gap from the start, the facilitator's alone.
    const panel = console_.getByTestId('console-rounds');
    await expect.poll(() => pairBars(panel, POLL)).toEqual(PAIR_BARS);
    expect(await console_.getByTestId(`pair-gap-${POLL}`).textContent()).toBe(GAP);
    expect(await console_.getByTestId('console-privacy').textContent()).toContain('Only you see this');
    expect(await console_.getByTestId('console-counts').isVisible()).toBe(false);
    await expectAccessible(console_, 'the console with a paired poll');

    // R: two bars per option with their counts, the legend with both questions, the gap line.
    await deck.keyboard.press('r');
    await expect.poll(() => chart.getAttribute('data-view')).toBe('pair');
    const pair = deck.getByTestId(`pair-view-${POLL}`);
    expect(await pairBars(pair, POLL)).toEqual(PAIR_BARS);
    expect(await deck.getByTestId(`pair-bar-${POLL}-wait-would`).getAttribute('data-count')).toBe('2');
    expect(await deck.getByTestId(`pair-bar-${POLL}-talk-should`).getAttribute('data-count')).toBe('4');
    expect(await deck.getByTestId(`pair-gap-${POLL}`).textContent()).toBe(GAP);
    expect(await deck.getByTestId(`pair-legend-${POLL}`).locator('.pair-key').allTextContents()).toEqual([
      'ShouldWhat should you do?',
      'WouldWhat would you actually do?',
    ]);
    expect(await deck.getByTestId(`bar-${POLL}-talk`).isVisible()).toBe(false);
    // The legend says the questions now: the line over the options steps aside.
    expect(await asks.isVisible()).toBe(false);
    await readableOnProjector(pair, ['.pair-legend', '.pair-question', '.pair-label', '.pair-bar .pair-name', '.pair-value', '.pair-gap']);
    await expect.poll(() => console_.getByTestId('console-privacy').textContent()).toBe('Shown on the projector and the phones');
    await toastGone(deck);
    await drawn(deck);
    await deck.screenshot({ path: join(SCREENSHOTS, 'should-would.png') });
    await drawn(console_);
    await console_.screenshot({ path: join(SCREENSHOTS, 'should-would-console.png') });

    // R again: blind once more.
    await deck.keyboard.press('r');
    await expect.poll(() => chart.getAttribute('data-blind')).toBe('true');
    expect(await deck.getByTestId(`pair-view-${POLL}`).count()).toBe(0);
  });

  it('splits a revealed chart by role on K, small groups named with no number of theirs', async () => {
    const POLL = 'respond-b';
    const server = await newParley({ decks });
    const code = await server.createSession('roles');
    const deck = await open(server, code);
    const console_ = await open(server, code, '&console');
    const control = await server.presenter(code);
    ok(await request(control, 'presenter:goto', { h: 1, v: 0 }));
    ok(await request(control, 'presenter:poll', { pollId: POLL, action: 'open' }));
    const counted = nextEvent(control, 'presenter:tally', (u) => u.tallies.some((t) => t.pollId === POLL && t.respondents === ROOM.length));
    for (const [name, role, answer] of ROOM) {
      const phone = await server.participant(code, `phone-${name}-0001`);
      ok(await request(phone, 'audience:role', { role }));
      ok(await request(phone, 'audience:vote', { pollId: POLL, optionIds: [answer] }));
    }
    await counted;

    /** The split in `page`: the residents' column exact, the fellows and the faculty member named only. */
    const checkSplit = async (page: Page): Promise<void> => {
      const split = page.getByTestId(`role-split-${POLL}`);
      await split.waitFor();
      expect(await split.getAttribute('data-groups')).toBe('1');
      expect(await page.getByTestId(`split-group-${POLL}-resident`).locator('.split-role').textContent()).toBe('Resident');
      expect(await page.getByTestId(`split-group-${POLL}-resident`).locator('.split-n').textContent()).toBe('5 answers');
      expect(await page.getByTestId(`split-bar-${POLL}-resident-talk`).locator('.split-value').textContent()).toBe('4 · 80%');
      expect(await page.getByTestId(`split-bar-${POLL}-resident-leave`).locator('.split-value').textContent()).toBe('1 · 20%');
      expect(await page.getByTestId(`split-bar-${POLL}-resident-talk`).getAttribute('data-count')).toBe('4');
      for (const [role, label] of [
        ['fellow', 'Fellow'],
        ['faculty', 'Faculty'],
      ]) {
        // Their group says only that it is small: no count, no share, no bar, no column.
        expect(await page.getByTestId(`split-group-${POLL}-${role}`).textContent()).toBe(`${label}: fewer than 5`);
        expect(await page.getByTestId(`split-group-${POLL}-${role}`).getAttribute('data-suppressed')).toBe('true');
        expect(await split.locator(`[data-testid^="split-bar-${POLL}-${role}-"]`).count()).toBe(0);
      }
      // Everyone's column (all 14 answers, the small groups' and the unsaid ones too), then the residents'.
      expect(await split.locator('thead th').count()).toBe(2);
      expect(await page.getByTestId(`split-total-${POLL}`).locator('.split-n').textContent()).toBe('14 answers');
      expect(await page.getByTestId(`split-total-${POLL}-talk`).locator('.split-value').textContent()).toBe('8 · 57%');
      expect(await page.getByTestId(`split-total-${POLL}-leave`).locator('.split-value').textContent()).toBe('6 · 43%');
      // biome-ignore lint/performance/useDomNodeTextContent: what is shown.
      expect(await split.innerText()).not.toMatch(/\b4 answers\b|\b1 answer\b|· 100%/);
    };

    // The projector is blind: K asks for R first.
    const chart = deck.getByTestId(`poll-chart-${POLL}`);
    await expect.poll(() => deck.getByTestId(`poll-blind-count-${POLL}`).textContent()).toBe('14 answers · 100% of the room');
    await restingOn(deck, { h: 1, v: 0 });
    await deck.keyboard.press('k');
    await expect.poll(() => deck.locator('#toast').textContent()).toMatch(/hidden here until you reveal them: press R first/);
    expect(await chart.getAttribute('data-view')).toBe('round');
    const keysLine = await deck.locator('#hud .hud-keys').textContent();
    expect(keysLine).toContain('K by role');
    // This poll leads to no branch: the keys line does not offer the branch keys.
    expect(keysLine).not.toContain('G branch');

    // The console splits at any time (K or its button), still marked as the facilitator's alone.
    await console_.locator('body').press('k');
    await expect.poll(() => console_.getByTestId('console-poll').getAttribute('data-view')).toBe('split');
    await checkSplit(console_);
    expect(await console_.getByTestId('console-split').getAttribute('aria-pressed')).toBe('true');
    expect(await console_.getByTestId('console-privacy').textContent()).toContain('Only you see this');
    await expectAccessible(console_, 'the console split by role');
    await drawn(console_);
    await console_.screenshot({ path: join(SCREENSHOTS, 'split-by-role-console.png') });
    await console_.getByTestId('console-split').click();
    await expect.poll(() => console_.getByTestId('console-poll').getAttribute('data-view')).toBe('round');

    // R, then K: the split on the projector, readable from the back of the room.
    await deck.keyboard.press('r');
    await expect.poll(() => chart.getAttribute('data-blind')).toBe('false');
    await deck.keyboard.press('k');
    await expect.poll(() => chart.getAttribute('data-view')).toBe('split');
    await checkSplit(deck);
    // The view is the session's: the console splits too, its button pressed.
    await expect.poll(() => console_.getByTestId('console-poll').getAttribute('data-view')).toBe('split');
    expect(await console_.getByTestId('console-split').getAttribute('aria-pressed')).toBe('true');
    expect(await deck.getByTestId(`bar-${POLL}-talk`).isVisible()).toBe(false);
    await readableOnProjector(deck.getByTestId(`role-split-${POLL}`), [
      '.split-caption',
      '.split-role',
      '.split-n',
      '.split-label',
      '.split-value',
      '.split-suppressed',
      '.split-note',
    ]);
    await toastGone(deck);
    await drawn(deck);
    await deck.screenshot({ path: join(SCREENSHOTS, 'split-by-role.png') });

    // K again: the plain bars; K once more then R hides the results, and the split with them.
    await deck.keyboard.press('k');
    await expect.poll(() => chart.getAttribute('data-view')).toBe('round');
    await deck.keyboard.press('k');
    await expect.poll(() => chart.getAttribute('data-view')).toBe('split');
    await deck.keyboard.press('r');
    await expect.poll(() => chart.getAttribute('data-blind')).toBe('true');
    expect(await chart.getAttribute('data-view')).toBe('round');
    expect(await deck.getByTestId(`role-split-${POLL}`).count()).toBe(0);

    // K is in the help.
    await deck.keyboard.press('?');
    const help = deck.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    expect(await help.textContent()).toContain('Split the chart by role');
  });

  it('says why each role is left out, and why none is shown, as the room fills', async () => {
    const POLL = 'respond-b';
    const server = await newParley({ decks });
    const code = await server.createSession('roles');
    const deck = await open(server, code);
    const console_ = await open(server, code, '&console');
    const control = await server.presenter(code);
    ok(await request(control, 'presenter:goto', { h: 1, v: 0 }));
    ok(await request(control, 'presenter:poll', { pollId: POLL, action: 'open' }));
    ok(await request(control, 'presenter:poll', { pollId: POLL, action: 'reveal' }));
    const chart = deck.getByTestId(`poll-chart-${POLL}`);
    await expect.poll(() => chart.getAttribute('data-blind')).toBe('false');
    await restingOn(deck, { h: 1, v: 0 });
    await deck.keyboard.press('k');
    await expect.poll(() => chart.getAttribute('data-view')).toBe('split');
    // The view is the session's: the console shows the split too, with no key of its own.
    await expect.poll(() => console_.getByTestId('console-poll').getAttribute('data-view')).toBe('split');

    let joined = 0;
    async function answer(role: string, count: number): Promise<void> {
      for (let i = 0; i < count; i++) {
        const phone = await server.participant(code, `phone-${role}-${String(joined++).padStart(4, '0')}`);
        ok(await request(phone, 'audience:role', { role }));
        ok(await request(phone, 'audience:vote', { pollId: POLL, optionIds: [role === 'faculty' ? 'leave' : 'talk'] }));
      }
    }
    /** What `page` says of the split now: the line in place of the table (if any), and each role left out and why. */
    async function said(page: Page): Promise<{ none: string | null; left: string[]; why: (string | null)[] }> {
      const split = page.getByTestId(`role-split-${POLL}`);
      const none = split.getByTestId(`split-none-${POLL}`);
      const left = split.locator('.split-suppressed');
      return {
        none: (await none.count()) ? await none.textContent() : null,
        left: await left.allTextContents(),
        why: await left.evaluateAll((list) => list.map((el) => el.getAttribute('data-hidden'))),
      };
    }

    // Four residents: no role has 5 answers yet.
    await answer('resident', 4);
    const few = {
      none: 'No role has 5 answers or more yet: nothing to split.',
      left: ['Resident: fewer than 5', 'Fellow: fewer than 5', 'Faculty: fewer than 5'],
      why: ['small', 'small', 'small'],
    };
    await expect.poll(() => said(deck)).toEqual(few);
    await expect.poll(() => said(console_)).toEqual(few);

    // Six residents and two faculty: the residents have 6, but shown they would unmask the two.
    await answer('resident', 2);
    await answer('faculty', 2);
    const complement = {
      none: 'Showing a role would reveal a group under 5: nothing to split yet.',
      left: ['Resident: hidden to protect a group under 5', 'Fellow: fewer than 5', 'Faculty: fewer than 5'],
      why: ['complement', 'small', 'small'],
    };
    await expect.poll(() => said(deck)).toEqual(complement);
    await expect.poll(() => said(console_)).toEqual(complement);
    await readableOnProjector(deck.getByTestId(`role-split-${POLL}`), ['.split-none', '.split-suppressed', '.split-note']);
    await toastGone(deck);
    await drawn(deck);
    await deck.screenshot({ path: join(SCREENSHOTS, 'split-by-role-complement-none.png') });

    // Five fellows: the residents are shown; the fellows, the smallest group shown, step aside for the faculty pair.
    await answer('fellow', 5);
    const fellows = {
      none: null,
      left: ['Fellow: hidden to protect a group under 5', 'Faculty: fewer than 5'],
      why: ['complement', 'small'],
    };
    await expect.poll(() => said(deck)).toEqual(fellows);
    await expect.poll(() => said(console_)).toEqual(fellows);
    expect(await deck.getByTestId(`role-split-${POLL}`).getAttribute('data-groups')).toBe('1');
    expect(await deck.getByTestId(`split-bar-${POLL}-resident-talk`).locator('.split-value').textContent()).toBe('6 · 100%');
    await readableOnProjector(deck.getByTestId(`role-split-${POLL}`), ['.split-role', '.split-value', '.split-suppressed', '.split-note']);
    await drawn(deck);
    await deck.screenshot({ path: join(SCREENSHOTS, 'split-by-role-complement.png') });
  });

  it('fits three roles beside everyone on a 1280×720 slide, and a paired poll voted on again shows its current round', async () => {
    const POLL = 'respond-c';
    const server = await newParley({ decks });
    const code = await server.createSession('roles');
    const deck = await open(server, code);
    const control = await server.presenter(code);
    ok(await request(control, 'presenter:goto', { h: 2, v: 0 }));
    ok(await request(control, 'presenter:poll', { pollId: POLL, action: 'open' }));
    const options = ['talk', 'wait', 'peer', 'leave'];
    const phones: TestSocket[] = [];
    for (const [r, role] of ['resident', 'fellow', 'faculty'].entries()) {
      for (let i = 0; i < 5; i++) {
        const phone = await server.participant(code, `phone-${role}-${i}-0001`);
        phones.push(phone);
        ok(await request(phone, 'audience:role', { role }));
        ok(await request(phone, 'audience:vote', { pollId: POLL, optionIds: [options[(i + r) % 4]!, options[(i + r + (i % 2)) % 4]!] }));
      }
    }
    ok(await request(control, 'presenter:poll', { pollId: POLL, action: 'reveal' }));
    const chart = deck.getByTestId(`poll-chart-${POLL}`);
    await expect.poll(() => chart.getAttribute('data-view')).toBe('pair');
    // Every other phone answered the two questions differently: 2 of 5 in each role.
    expect(await deck.getByTestId(`pair-gap-${POLL}`).textContent()).toBe('6 would do something other than what they think they should');
    await restingOn(deck, { h: 2, v: 0 });
    await deck.keyboard.press('k');
    await expect.poll(() => chart.getAttribute('data-view')).toBe('split');
    const split = deck.getByTestId(`role-split-${POLL}`);
    expect(await split.getAttribute('data-groups')).toBe('3');
    expect(await split.locator('.split-caption').textContent()).toBe('By role · each role’s share of its own answers');
    expect(await deck.getByTestId(`split-group-${POLL}-faculty`).locator('.split-n').textContent()).toBe('5 answers');
    // Both questions per role, each row named, as the phones answered them; then each role's gap.
    const shown = async (role: string | null, option: string, ask: string): Promise<string | null> =>
      split
        .getByTestId(role === null ? `split-total-${POLL}-${option}-${ask}` : `split-bar-${POLL}-${role}-${option}-${ask}`)
        .locator('.split-value')
        .textContent();
    const total = { should: new Map<string, number>(), would: new Map<string, number>() };
    for (const [r, role] of ['resident', 'fellow', 'faculty'].entries()) {
      const asked = { should: new Map<string, number>(), would: new Map<string, number>() };
      for (let i = 0; i < 5; i++) {
        const pair = { should: options[(i + r) % 4]!, would: options[(i + r + (i % 2)) % 4]! };
        for (const ask of ['should', 'would'] as const) {
          for (const counted of [asked[ask], total[ask]]) counted.set(pair[ask], (counted.get(pair[ask]) ?? 0) + 1);
        }
      }
      for (const option of options) {
        for (const ask of ['should', 'would'] as const) {
          const count = asked[ask].get(option) ?? 0;
          expect(await shown(role, option, ask), `${role} ${option} ${ask}`).toBe(`${count} · ${count * 20}%`);
        }
      }
      expect(await split.getByTestId(`split-gap-${POLL}-${role}`).locator('.split-value').textContent()).toBe('2 · 40%');
    }
    for (const option of options) {
      for (const ask of ['should', 'would'] as const) {
        const count = total[ask].get(option) ?? 0;
        expect(await shown(null, option, ask), `everyone ${option} ${ask}`).toBe(`${count} · ${Math.round((count / 15) * 100)}%`);
      }
    }
    expect(await split.getByTestId(`split-gap-${POLL}`).locator('.split-value').textContent()).toBe('6 · 40%');
    expect(await split.getByTestId(`split-row-${POLL}-talk-should`).locator('.split-ask').textContent()).toBe('Should');
    expect(await split.getByTestId(`split-row-${POLL}-talk-would`).locator('.split-ask').textContent()).toBe('Would');
    expect(await split.getByTestId(`split-gaps-${POLL}`).locator('th').textContent()).toBe('Would do otherwise');
    await readableOnProjector(split, ['.split-caption', '.split-role', '.split-n', '.split-label', '.split-ask', '.split-value', '.split-gaps th']);
    // Each value on one line, beside its bar: no column squeezed out of the slide.
    const values = await split.locator('.split-value').evaluateAll((list) => list.map((el) => el.getBoundingClientRect().height));
    for (const height of values) expect(height).toBeLessThan(40);
    // The questions' names take a column of their own: the options' labels give up width for it,
    // so that every bar (4 options × 2 questions and the gap, in 4 columns) stays long enough to compare.
    const tracks = await split.locator('.split-track').evaluateAll((list) => list.map((el) => el.getBoundingClientRect().width));
    expect(tracks).toHaveLength(36);
    expect(Math.min(...tracks)).toBeGreaterThanOrEqual(48);
    await toastGone(deck);
    await drawn(deck);
    await deck.screenshot({ path: join(SCREENSHOTS, 'split-by-role-three.png') });

    // Voted on again: the current round's pair, its round named, and how many changed.
    await deck.keyboard.press('k');
    ok(await request(control, 'presenter:poll', { pollId: POLL, action: 'again' }));
    for (const phone of phones.slice(0, 3)) ok(await request(phone, 'audience:vote', { pollId: POLL, optionIds: ['talk', 'talk'] }));
    ok(await request(control, 'presenter:poll', { pollId: POLL, action: 'reveal' }));
    await expect.poll(() => chart.getAttribute('data-view')).toBe('pair');
    const pair = deck.getByTestId(`pair-view-${POLL}`);
    expect(await pair.locator('.pair-round').textContent()).toBe('Round 2');
    expect(await deck.getByTestId(`pair-bar-${POLL}-talk-would`).locator('.pair-value').textContent()).toBe('3 · 100%');
    expect(await deck.getByTestId(`pair-gap-${POLL}`).textContent()).toBe('Nobody would do something other than what they think they should');
    expect(await pair.locator('.rounds-changed').textContent()).toMatch(/^\d+ of 3 changed their answer$/);
    await readableOnProjector(pair, ['.pair-round', '.pair-label', '.pair-value', '.pair-gap', '.rounds-changed']);
  });
});
