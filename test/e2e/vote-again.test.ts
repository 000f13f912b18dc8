// Vote again after discussion (issue 19, part 2), in Chromium at projector size: V in the deck
// opens round 2; once a poll has two rounds and is revealed the projector shows them side by side
// — each option's bars per round with their counts, a legend, "3 of 8 changed their answer" —
// the console the same from the start (marked "Only you see this" until the reveal); M shows the
// flow from option to option with the number on each band, on every presenter window (the console's
// Movement button and M alike: the view is the session's). Phones are socket clients, as in the
// integration tests. Screenshots go to test-results/screenshots/vote-again-*.png.
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible } from '../helpers/axe.js';
import { browserAvailable, drawn, presenterWindow, readableOnProjector, restingOn, SCREENSHOTS, useBrowser } from '../helpers/browser.js';
import { caseDecks, responseSlide } from '../helpers/dr-x.js';
import { nextEvent } from '../helpers/events.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer, type TestSocket } from '../helpers/server.js';

const decks = caseDecks('again.md', 'Vote again', [
  responseSlide('respond', ['talk', 'wait', 'leave']),
  `## How ready are you?

\`\`\`poll
id: ready
type: scale
max: 5
question: How ready do you feel to raise it?
\`\`\`
`,
  `## What matters most?

\`\`\`poll
id: order
type: rank
question: Put these in order
options:
  trust: Trust
  time: Time
  skills: Skills
\`\`\`
`,
]);
const POLL = 'respond';
const OPTIONS = ['talk', 'wait', 'leave'];

/** Eight answer round 1; in round 2 three change (dan, eve: wait → talk; gil: leave → talk) and ivy joins. */
const ROUND_1 = { ana: 'talk', ben: 'talk', cal: 'talk', dan: 'wait', eve: 'wait', fay: 'wait', gil: 'leave', hal: 'wait' };
const ROUND_2 = { ana: 'talk', ben: 'talk', cal: 'talk', dan: 'talk', eve: 'talk', fay: 'wait', gil: 'talk', hal: 'wait', ivy: 'talk' };
/** What each option's bars say, per round: "count · share". */
const BARS = {
  talk: ['3 · 38%', '7 · 78%'],
  wait: ['4 · 50%', '2 · 22%'],
  leave: ['1 · 13%', '0 · 0%'],
};
const CHANGED = '3 of 8 changed their answer';
/** The bands of the flow (from → to) and the people on each; no band for the other pairs. */
const FLOWS = { 'talk-talk': 3, 'wait-talk': 2, 'wait-wait': 2, 'leave-talk': 1 };

describe.skipIf(!browserAvailable())('vote again on the presenter pages', () => {
  const browser = useBrowser();

  const open = (server: TestServer, code: string, view = ''): Promise<Page> => presenterWindow(browser(), server.url, code, PRESENTER_KEY, view);

  async function vote(phones: Map<string, TestSocket>, pollId: string, answers: Record<string, string>): Promise<void> {
    for (const [name, option] of Object.entries(answers)) {
      ok(await request(phones.get(name)!, 'audience:vote', { pollId, optionIds: [option] }));
    }
  }

  async function room(server: TestServer, code: string): Promise<Map<string, TestSocket>> {
    const names = [...new Set([...Object.keys(ROUND_1), ...Object.keys(ROUND_2)])];
    return new Map(await Promise.all(names.map(async (name) => [name, await server.participant(code, `phone-${name}-0001`)] as const)));
  }

  /** Every round's bar text of each option in `scope`, as BARS has them. */
  async function bars(scope: Locator): Promise<Record<string, string[]>> {
    const shown: Record<string, string[]> = {};
    for (const option of OPTIONS) {
      shown[option] = await scope.locator(`[data-testid^="round-bar-${POLL}-${option}-"] .round-value`).allTextContents();
    }
    return shown;
  }

  it('shows both rounds side by side after R, who changed, and the movement on M', async () => {
    const server = await newParley({ decks });
    const code = await server.createSession('again');
    const deck = await open(server, code);
    const console_ = await open(server, code, '&console');
    const control = await server.presenter(code);
    ok(await request(control, 'presenter:goto', { h: 1, v: 0 }));
    ok(await request(control, 'presenter:poll', { pollId: POLL, action: 'open' }));
    const phones = await room(server, code);
    await vote(phones, POLL, ROUND_1);
    const again = ok(await request(control, 'presenter:poll', { pollId: POLL, action: 'again' }));
    expect(again).toMatchObject({ status: 'open', revealed: false, round: 2, rounds: 2 });
    const counted = nextEvent(control, 'presenter:tally', (u) => u.tallies.some((t) => t.pollId === POLL && t.respondents === 9));
    await vote(phones, POLL, ROUND_2);
    await counted;

    // Blind in round 2: the projector shows how many answered, no rounds, no bars.
    const chart = deck.getByTestId(`poll-chart-${POLL}`);
    await expect.poll(() => deck.getByTestId(`poll-blind-count-${POLL}`).textContent()).toBe('9 answers · 100% of the room');
    expect(await chart.getAttribute('data-blind')).toBe('true');
    expect(await chart.getAttribute('data-rounds')).toBe('2');
    expect(await chart.locator('[data-testid^="round-bar-"]').count()).toBe(0);
    // M asks for R first, as G does.
    await restingOn(deck, { h: 1, v: 0 });
    await deck.keyboard.press('m');
    await expect.poll(() => deck.locator('#toast').textContent()).toMatch(/hidden here until you reveal them: press R first/);
    expect(await chart.getAttribute('data-view')).toBe('round');

    // The console: both rounds from the start, marked as the facilitator's alone.
    const panel = console_.getByTestId('console-rounds');
    await expect.poll(() => bars(panel)).toEqual(BARS);
    expect(await console_.getByTestId(`rounds-changed-${POLL}`).textContent()).toBe(CHANGED);
    expect(await console_.getByTestId(`rounds-legend-${POLL}`).textContent()).toBe('Round 1Round 2');
    expect(await console_.getByTestId('console-privacy').textContent()).toContain('Only you see this');
    expect(await console_.getByTestId('console-counts').isVisible()).toBe(false);
    await expectAccessible(console_, 'the console with two rounds');

    // R on the projector: the rounds side by side, every bar with its count, the changed line.
    await deck.keyboard.press('r');
    await expect.poll(() => chart.getAttribute('data-view')).toBe('rounds');
    expect(await bars(chart)).toEqual(BARS);
    for (const [option, [first, second]] of Object.entries(BARS)) {
      const count = (text: string) => text.split(' ')[0];
      expect(await deck.getByTestId(`round-bar-${POLL}-${option}-1`).getAttribute('data-count')).toBe(count(first!));
      expect(await deck.getByTestId(`round-bar-${POLL}-${option}-2`).getAttribute('data-count')).toBe(count(second!));
      expect(await deck.getByTestId(`round-bar-${POLL}-${option}-1`).getAttribute('class')).toContain('round-earlier');
      expect(await deck.getByTestId(`round-bar-${POLL}-${option}-2`).getAttribute('class')).toContain('round-current');
    }
    expect(await deck.getByTestId(`rounds-changed-${POLL}`).textContent()).toBe(CHANGED);
    const legend = deck.getByTestId(`rounds-legend-${POLL}`);
    expect(await legend.locator('.rounds-key').allTextContents()).toEqual(['Round 1', 'Round 2']);
    // The single-round bars step aside; everything the room reads is 24 px or more.
    expect(await deck.getByTestId(`bar-${POLL}-talk`).isVisible()).toBe(false);
    const rounds = deck.getByTestId(`rounds-view-${POLL}`);
    expect(await rounds.isVisible()).toBe(true);
    // Readable from the back of the room, and the whole comparison inside the 1280×720 window.
    await readableOnProjector(rounds, ['.rounds-legend', '.rounds-label', '.round-name', '.round-value', '.rounds-changed']);
    await expect.poll(() => console_.getByTestId('console-privacy').textContent()).toBe('Shown on the projector and the phones');
    // The screenshot without M's toast of before.
    await expect.poll(() => deck.locator('#toast').isHidden(), { timeout: 6000 }).toBe(true);
    await drawn(deck);
    await deck.screenshot({ path: join(SCREENSHOTS, 'vote-again-rounds.png') });
    await drawn(console_);
    await console_.screenshot({ path: join(SCREENSHOTS, 'vote-again-console.png') });

    // M: the flow from round 1's options to round 2's, a band per move with its number.
    await deck.keyboard.press('m');
    await expect.poll(() => chart.getAttribute('data-view')).toBe('movement');
    const movement = deck.getByTestId(`movement-${POLL}`);
    expect(await movement.isVisible()).toBe(true);
    const bands = await movement
      .locator('.flow-band')
      .evaluateAll((list) =>
        Object.fromEntries(list.map((g) => [`${g.getAttribute('data-from')}-${g.getAttribute('data-to')}`, Number(g.getAttribute('data-count'))])),
      );
    expect(bands).toEqual(FLOWS);
    for (const [pair, people] of Object.entries(FLOWS)) {
      expect(await deck.getByTestId(`flow-number-${POLL}-${pair}`).textContent()).toBe(String(people));
    }
    // Band widths in proportion to their people (3 : 2 : 1), measured where they leave the left column.
    const widths = await movement.locator('.flow-band path').evaluateAll((paths) =>
      Object.fromEntries(
        (paths as SVGPathElement[]).map((p) => {
          let inside = 0;
          for (let y = 0; y < 400; y += 0.25) if (p.isPointInFill(new DOMPoint(17, y))) inside += 0.25;
          return [`${p.parentElement!.getAttribute('data-from')}-${p.parentElement!.getAttribute('data-to')}`, inside];
        }),
      ),
    );
    expect(widths['talk-talk']! / widths['leave-talk']!).toBeCloseTo(3, 1);
    expect(widths['wait-talk']! / widths['leave-talk']!).toBeCloseTo(2, 1);
    // Each column's options with how many of those who answered both chose them.
    const column = (side: string) => Promise.all(OPTIONS.map((o) => deck.getByTestId(`flow-${side}-${POLL}-${o}`).getAttribute('data-count')));
    expect(await column('left')).toEqual(['3', '4', '1']);
    expect(await column('right')).toEqual(['6', '2', '0']);
    expect(await deck.getByTestId(`movement-changed-${POLL}`).textContent()).toBe(CHANGED);
    await readableOnProjector(movement, ['.flow-heads', '.flow-option', '.flow-count', '.flow-number', '.rounds-changed']);
    await drawn(deck);
    await deck.screenshot({ path: join(SCREENSHOTS, 'vote-again-movement.png') });

    // The view is the session's: the console shows the same bands, its button pressed.
    const consoleBands = console_.getByTestId('console-rounds').locator('.flow-band');
    await expect.poll(() => consoleBands.count()).toBe(Object.keys(FLOWS).length);
    expect(await console_.getByTestId(`flow-${POLL}-wait-talk`).getAttribute('data-count')).toBe('2');
    expect(await console_.getByTestId('console-movement').getAttribute('aria-pressed')).toBe('true');
    await expectAccessible(console_, 'the console’s movement view');
    await drawn(console_);
    await console_.screenshot({ path: join(SCREENSHOTS, 'vote-again-console-movement.png') });

    // M again: back to the rounds side by side, on the console too; R hides everything again (blind, no rounds).
    await deck.keyboard.press('m');
    await expect.poll(() => chart.getAttribute('data-view')).toBe('rounds');
    await expect.poll(() => console_.getByTestId('console-poll').getAttribute('data-view')).toBe('rounds');
    expect(await console_.getByTestId('console-movement').getAttribute('aria-pressed')).toBe('false');
    await deck.keyboard.press('r');
    await expect.poll(() => chart.getAttribute('data-blind')).toBe('true');
    expect(await chart.locator('[data-testid^="round-bar-"]').count()).toBe(0);
    expect(await chart.getAttribute('data-view')).toBe('round');
  });

  it('shows the movement view chosen on the console on the projector — at once when revealed, else with the reveal — and on one opened later', async () => {
    const server = await newParley({ decks });
    const code = await server.createSession('again');
    const deck = await open(server, code);
    const console_ = await open(server, code, '&console');
    const control = await server.presenter(code);
    ok(await request(control, 'presenter:goto', { h: 1, v: 0 }));
    ok(await request(control, 'presenter:poll', { pollId: POLL, action: 'open' }));
    const phones = await room(server, code);
    await vote(phones, POLL, ROUND_1);
    ok(await request(control, 'presenter:poll', { pollId: POLL, action: 'again' }));
    const counted = nextEvent(control, 'presenter:tally', (u) => u.tallies.some((t) => t.pollId === POLL && t.respondents === 9));
    await vote(phones, POLL, ROUND_2);
    await counted;
    ok(await request(control, 'presenter:poll', { pollId: POLL, action: 'reveal' }));
    const chart = deck.getByTestId(`poll-chart-${POLL}`);
    const panel = console_.getByTestId('console-poll');
    await expect.poll(() => chart.getAttribute('data-view')).toBe('rounds');
    await expect.poll(() => panel.getAttribute('data-view')).toBe('rounds');

    // The console's Movement button: the flow on the projector, as on the console.
    await console_.getByTestId('console-movement').click();
    await expect.poll(() => chart.getAttribute('data-view')).toBe('movement');
    await expect.poll(() => panel.getAttribute('data-view')).toBe('movement');
    const bands = deck.getByTestId(`movement-${POLL}`).locator('.flow-band');
    expect(await bands.count()).toBe(Object.keys(FLOWS).length);
    expect(await deck.getByTestId(`flow-number-${POLL}-wait-talk`).textContent()).toBe('2');

    // A projector window reloaded (or opened later) shows it too.
    await deck.reload();
    await deck.waitForSelector('body[aria-busy="false"]', { state: 'attached' });
    await expect.poll(() => deck.getByTestId(`poll-chart-${POLL}`).getAttribute('data-view')).toBe('movement');
    const later = await open(server, code);
    await expect.poll(() => later.getByTestId(`poll-chart-${POLL}`).getAttribute('data-view')).toBe('movement');

    // M on the console (its key) turns it off everywhere.
    await console_.locator('body').press('m');
    await expect.poll(() => chart.getAttribute('data-view')).toBe('rounds');
    await expect.poll(() => later.getByTestId(`poll-chart-${POLL}`).getAttribute('data-view')).toBe('rounds');
    await expect.poll(() => panel.getAttribute('data-view')).toBe('rounds');

    // Hidden again: the console may choose the movement view (it sees the counts), the projector
    // stays blind — nothing of the rounds — until the reveal, which shows it there at once.
    await console_.getByTestId('console-reveal').click();
    await expect.poll(() => chart.getAttribute('data-blind')).toBe('true');
    await console_.getByTestId('console-movement').click();
    await expect.poll(() => panel.getAttribute('data-view')).toBe('movement');
    await expect.poll(() => chart.getAttribute('data-shared-view')).toBe('movement');
    expect(await chart.getAttribute('data-view')).toBe('round');
    expect(await chart.locator('.flow-band, [data-testid^="round-bar-"]').count()).toBe(0);
    await console_.getByTestId('console-reveal').click();
    await expect.poll(() => chart.getAttribute('data-view')).toBe('movement');
    expect(await chart.locator('.flow-band').count()).toBe(Object.keys(FLOWS).length);

    // Vote again turns it back to the plain view, on both windows.
    await console_.getByTestId('console-again').click();
    await expect.poll(() => panel.getAttribute('data-view')).toBe('rounds');
    await expect.poll(() => chart.getAttribute('data-shared-view')).toBe('normal');
  });

  it('opens round 2 on V in the deck, with no confirmation, even with no answers yet', async () => {
    const server = await newParley({ decks });
    const code = await server.createSession('again');
    const deck = await open(server, code);
    const control = await server.presenter(code);
    ok(await request(control, 'presenter:goto', { h: 1, v: 0 }));
    const chart = deck.getByTestId(`poll-chart-${POLL}`);
    await expect.poll(() => deck.evaluate(() => document.querySelector('.reveal section.present')?.getAttribute('data-poll-id'))).toBe(POLL);

    const opened = nextEvent(control, 'presenter:poll-state', (p) => p.id === POLL && p.rounds === 2);
    await deck.keyboard.press('v');
    expect(await opened).toMatchObject({ status: 'open', revealed: false, round: 2, rounds: 2 });
    await expect.poll(() => chart.getAttribute('data-rounds')).toBe('2');
    await expect.poll(() => deck.locator('#toast').textContent()).toBe('Round 2 is open: the results stay hidden until you reveal them (R).');
    const state = ok(await request(control, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    expect(state.polls.find((p) => p.id === POLL)).toMatchObject({ status: 'open', round: 2, rounds: 2 });

    // On a blanked screen (B) V votes again on nothing.
    await deck.keyboard.press('b');
    await deck.keyboard.press('v');
    await deck.keyboard.press('b');
    expect(
      ok(await request(control, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' })).polls.find((p) => p.id === POLL),
    ).toMatchObject({
      round: 2,
      rounds: 2,
    });

    // The console's button and its V key do the same: rounds 3 and 4.
    const console_ = await open(server, code, '&console');
    await console_.getByTestId('console-again').click();
    await expect
      .poll(
        async () =>
          ok(await request(control, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' })).polls.find((p) => p.id === POLL)?.rounds,
      )
      .toBe(3);
    await console_.locator('body').press('v');
    await expect.poll(() => chart.getAttribute('data-rounds')).toBe('4');
  });

  it('shows a rating’s mean per round and its shift', async () => {
    const server = await newParley({ decks });
    const code = await server.createSession('again');
    const deck = await open(server, code);
    const control = await server.presenter(code);
    ok(await request(control, 'presenter:goto', { h: 2, v: 0 }));
    ok(await request(control, 'presenter:poll', { pollId: 'ready', action: 'open' }));
    const phones = await room(server, code);
    await vote(phones, 'ready', { ana: '2', ben: '3', cal: '2', dan: '1' });
    ok(await request(control, 'presenter:poll', { pollId: 'ready', action: 'again' }));
    await vote(phones, 'ready', { ana: '4', ben: '3', cal: '4', dan: '3' });
    ok(await request(control, 'presenter:poll', { pollId: 'ready', action: 'reveal' }));
    const mean = deck.getByTestId('rounds-mean-ready');
    await expect.poll(() => mean.textContent()).toBe('Mean: Round 1 2.0 → Round 2 3.5 · shift +1.5');
    expect(await deck.getByTestId('rounds-changed-ready').textContent()).toBe('3 of 4 changed their answer');
    expect(await deck.getByTestId('round-bar-ready-4-2').getAttribute('data-count')).toBe('2');
    // M on a rating: its rounds side by side (no flow from rating to rating).
    await restingOn(deck, { h: 2, v: 0 });
    await deck.keyboard.press('m');
    await expect.poll(() => deck.getByTestId('poll-chart-ready').getAttribute('data-view')).toBe('movement');
    expect(await deck.getByTestId('movement-ready').locator('[data-testid="rounds-mean-ready"]').textContent()).toContain('shift +1.5');
    await drawn(deck);
    await deck.screenshot({ path: join(SCREENSHOTS, 'vote-again-scale.png') });
  });

  it('shows a ranking’s average positions per round and how each option moved', async () => {
    const server = await newParley({ decks });
    const code = await server.createSession('again');
    const deck = await open(server, code);
    const control = await server.presenter(code);
    ok(await request(control, 'presenter:goto', { h: 3, v: 0 }));
    ok(await request(control, 'presenter:poll', { pollId: 'order', action: 'open' }));
    const phones = await room(server, code);
    const rank = async (answers: Record<string, string[]>) => {
      for (const [name, order] of Object.entries(answers))
        ok(await request(phones.get(name)!, 'audience:vote', { pollId: 'order', optionIds: order }));
    };
    await rank({ ana: ['skills', 'time', 'trust'], ben: ['skills', 'trust', 'time'] });
    ok(await request(control, 'presenter:poll', { pollId: 'order', action: 'again' }));
    await rank({ ana: ['trust', 'skills', 'time'], ben: ['trust', 'time', 'skills'] });
    ok(await request(control, 'presenter:poll', { pollId: 'order', action: 'reveal' }));

    // Trust: 2.5 → 1.0 (up 1.5, now first); skills: 1.0 → 2.5 (down 1.5); time: 2.5 → 2.5.
    const chart = deck.getByTestId('poll-chart-order');
    await expect.poll(() => chart.getAttribute('data-view')).toBe('rounds');
    const values = (option: string) => chart.locator(`[data-testid^="round-bar-order-${option}-"] .round-value`).allTextContents();
    expect(await values('trust')).toEqual(['avg 2.5', 'avg 1.0']);
    expect(await values('skills')).toEqual(['avg 1.0', 'avg 2.5']);
    expect(await deck.getByTestId('rounds-shift-order-trust').textContent()).toBe(' (up 1.5)');
    expect(await deck.getByTestId('rounds-shift-order-skills').textContent()).toBe(' (down 1.5)');
    expect(await deck.getByTestId('rounds-shift-order-time').textContent()).toBe(' (same place)');
    // Best first in the current round.
    expect(await chart.locator('.rounds-option .rounds-label').allTextContents()).toEqual([
      'Trust (up 1.5)',
      'Time (same place)',
      'Skills (down 1.5)',
    ]);
    expect(await deck.getByTestId('rounds-changed-order').textContent()).toBe('2 of 2 changed their answer');
  });
});
