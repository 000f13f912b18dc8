// Opening the QR code's link: the phone shows the open poll from the page itself, before its
// socket has connected, and an answer tapped that early is sent once the phone has joined — so a
// slow network costs the participant nothing (bench/phone-page.ts measures the time on slow 4G).
import { describe, expect, it } from 'vitest';
import type { TallyUpdate } from '../../server/protocol.js';
import { browserAvailable, offlineContext, PHONE, useBrowser } from '../helpers/browser.js';
import { nextEvent } from '../helpers/events.js';
import { newParley, ok, PRESENTER_KEY, request } from '../helpers/server.js';

/** A session whose presenter is on the slide of poll branch-a, open. */
async function sessionWithPollOpen() {
  const server = await newParley();
  const code = await server.createSession();
  const presenter = await server.client();
  ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
  ok(await request(presenter, 'presenter:goto', { h: 1, v: 1 }));
  ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'open' }));
  return { server, code, presenter };
}

describe.skipIf(!browserAvailable())('the join link', () => {
  const browser = useBrowser();

  it('shows the open poll before the socket connects, and sends a tap once joined', async () => {
    const { server, code, presenter } = await sessionWithPollOpen();

    const context = await offlineContext(browser(), PHONE);
    const page = await context.newPage();
    // Hold the page's WebSockets: each waits (still connecting) until released, then goes to the server.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    await page.routeWebSocket(/\/socket\.io\//, async (ws) => {
      held++;
      await released;
      ws.connectToServer();
    });
    await page.goto(`${server.url}/j/${code}`);

    await expect.poll(() => page.getByTestId('poll-question').textContent()).toBe('How should you respond?');
    expect(held).toBeGreaterThan(0);
    expect(await page.getByTestId('connection-banner').isHidden()).toBe(true);
    await page.getByTestId('option-talk').click();
    expect(await page.getByTestId('vote-status').textContent()).toBe('Sending…');
    expect(await page.getByTestId('option-talk').getAttribute('aria-checked')).toBe('true');

    const tallyOf = (u: TallyUpdate) => u.tallies.find((t) => t.pollId === 'branch-a');
    const counted = nextEvent(presenter, 'presenter:tally', (u) => tallyOf(u)?.respondents === 1, 10_000);
    release();
    await expect.poll(() => page.getByTestId('vote-status').textContent(), { timeout: 10_000 }).toBe('✓ Answer recorded');
    expect(tallyOf(await counted)?.counts).toMatchObject({ talk: 1, wait: 0, escalate: 0 });
    await context.close();
  });

  it('draws the first screen without moving anything on a slow connection (no layout shift)', async () => {
    const { server, code } = await sessionWithPollOpen();

    const context = await offlineContext(browser(), PHONE);
    const page = await context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { shifted: string[]; shifts: PerformanceObserver };
      w.shifted = [];
      const record = (entries: PerformanceEntryList): void => {
        for (const e of entries as unknown as { value: number; sources?: { node?: Node }[] }[]) {
          w.shifted.push(`${e.value.toFixed(3)} ${(e.sources ?? []).map((s) => s.node?.nodeName).join(',')}`);
        }
      };
      w.shifts = new PerformanceObserver((list) => record(list.getEntries()));
      w.shifts.observe({ type: 'layout-shift', buffered: true });
      (w as unknown as { recordPending: () => void }).recordPending = () => record(w.shifts.takeRecords());
    });
    // Slow 4G, as Lighthouse has it: the HTML is painted well before the scripts have run.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 180_000, uploadThroughput: 84_000 });
    await page.goto(`${server.url}/j/${code}`);
    await expect.poll(() => page.getByTestId('poll-question').textContent(), { timeout: 10_000 }).toBe('How should you respond?');
    await expect.poll(() => page.getByTestId('language-select').isVisible()).toBe(true);
    // Everything the page loads is in (its resources, its fonts), two frames are drawn after that,
    // and the shifts not yet handed to the observer are taken too: a late shift would be among them.
    await page.waitForLoadState('load');
    await page.evaluate(async () => {
      await document.fonts.ready;
      await new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
      (window as unknown as { recordPending: () => void }).recordPending();
    });
    expect(await page.evaluate(() => (window as unknown as { shifted: string[] }).shifted)).toEqual([]);
    await context.close();
  });
});
