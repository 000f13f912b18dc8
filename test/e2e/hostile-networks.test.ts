// Phones on hospital Wi-Fi: the phone page (Chromium at 375 px) opens the join link through a
// real proxy that refuses WebSockets, lets one open and then passes nothing, or closes it right
// after it opens — and records a vote each time, counted once. A captive portal that answers with
// its sign-in page is named as such, and the phone carries on once the Wi-Fi lets it through.
import { describe, expect, it, onTestFinished } from 'vitest';
import { browserAvailable, offlineContext, PHONE, useBrowser } from '../helpers/browser.js';
import { en } from '../../audience/locales/en.js';
import { hostileNetwork, type Network } from '../helpers/hostile-network.js';
import { newParley, ok, PRESENTER_KEY, request } from '../helpers/server.js';

const PHONES = 5;
const RECORDED = '✓ Answer recorded';

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

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe.skipIf(!browserAvailable())('phones on networks that break WebSockets', () => {
  const browser = useBrowser();

  it.each<Network>(['refuses-websocket', 'stalls-websocket', 'closes-websocket'])(
    'records a vote from every phone behind a proxy that %s, once each',
    async (network) => {
      const { server, code, presenter } = await sessionWithPollOpen();
      const proxy = await hostileNetwork(server.url, network);
      onTestFinished(() => proxy.close());

      const times: number[] = [];
      for (let i = 0; i < PHONES; i++) {
        // A new phone each time: nothing remembered from the one before.
        const context = await offlineContext(browser(), PHONE);
        const page = await context.newPage();
        const started = Date.now();
        await page.goto(`${proxy.url}/j/${code}`);
        await page.getByTestId('option-talk').click();
        await expect.poll(() => page.getByTestId('vote-status').textContent(), { timeout: 15_000 }).toBe(RECORDED);
        times.push(Date.now() - started);
        // Reconnecting on this network starts on long-polling at once (WebSockets failed here).
        if (network !== 'refuses-websocket') {
          const upgradesBefore = proxy.upgrades();
          await page.reload();
          await expect.poll(() => page.getByTestId('vote-status').textContent(), { timeout: 15_000 }).toBe(RECORDED);
          expect(await page.getByTestId('option-talk').getAttribute('aria-checked')).toBe('true');
          expect(proxy.upgrades() - upgradesBefore, 'a WebSocket tried before long-polling').toBeLessThanOrEqual(1);
        }
        await context.close();
      }
      expect(proxy.upgrades(), 'the phones tried WebSockets first').toBeGreaterThanOrEqual(PHONES);
      console.log(`${network}: vote recorded after ${times.map((t) => `${t} ms`).join(', ')} (median ${median(times)} ms)`);

      // Each phone counted once, whatever transport carried it: what a presenter joining now is told is what is stored.
      const joined = ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
      const stored = joined.polls.find((p) => p.id === 'branch-a')?.tally;
      expect(stored?.respondents).toBe(PHONES);
      expect(stored?.counts.talk).toBe(PHONES);
    },
  );

  it('says the Wi-Fi wants a sign-in while a captive portal answers, and sends the vote once it lets the phone through', async () => {
    const { server, code, presenter } = await sessionWithPollOpen();
    const proxy = await hostileNetwork(server.url, 'captive-portal');
    onTestFinished(() => proxy.close());
    const context = await offlineContext(browser(), PHONE);
    const page = await context.newPage();
    await page.goto(`${proxy.url}/j/${code}`);
    await page.getByTestId('option-talk').click();
    await expect.poll(() => page.getByTestId('vote-status').textContent(), { timeout: 10_000 }).toBe(RECORDED);
    // Before the portal, WebSockets pass: the phone is on one.
    expect(await page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('transport=polling')))).toBe(false);
    const banner = page.getByTestId('connection-banner');
    expect(await banner.isHidden()).toBe(true);

    // The portal takes over (its sign-in expired): every request now gets its page.
    proxy.portal(true);
    const since = Date.now();
    await expect.poll(() => banner.textContent(), { timeout: 10_000 }).toBe(en.signInToWifi);
    const shownAfter = Date.now() - since;
    expect(await banner.isVisible()).toBe(true);
    await page.getByTestId('option-wait').click();
    expect(await page.getByTestId('vote-status').textContent()).not.toBe(RECORDED);

    // Signed in: the phone carries on by itself and the vote tapped meanwhile counts, once.
    proxy.portal(false);
    await expect.poll(() => page.getByTestId('vote-status').textContent(), { timeout: 15_000 }).toBe(RECORDED);
    expect(await banner.isHidden()).toBe(true);
    console.log(`captive portal: named after ${shownAfter} ms`);
    const tally = ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' })).polls.find(
      (p) => p.id === 'branch-a',
    )?.tally;
    expect(tally?.respondents).toBe(1);
    expect(tally?.counts).toMatchObject({ talk: 0, wait: 1 });
  });

  it('shows the current slide within moments of a phone waking from minutes asleep, not at the next back-off tick', async () => {
    const { server, code, presenter } = await sessionWithPollOpen();
    const context = await offlineContext(browser(), PHONE);
    const page = await context.newPage();
    await page.goto(`${server.url}/j/${code}`);
    await page.getByTestId('option-talk').click();
    await expect.poll(() => page.getByTestId('vote-status').textContent(), { timeout: 10_000 }).toBe(RECORDED);

    // Asleep: no network for long enough that socket.io waits its longest between attempts (5 s ± 50 %).
    await context.setOffline(true);
    await expect.poll(() => page.getByTestId('connection-banner').isVisible(), { timeout: 10_000 }).toBe(true);
    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'close' }));
    ok(await request(presenter, 'presenter:goto', { h: 0, v: 0 }));
    await new Promise((resolve) => setTimeout(resolve, 12_000)); // real time: socket.io's back-off grows in real time

    // Awake: the network is back and the page is visible again.
    const woke = Date.now();
    await context.setOffline(false);
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await expect.poll(() => page.getByTestId('slide-context').textContent(), { timeout: 10_000 }).toBe(en.slide('1'));
    const shownAfter = Date.now() - woke;
    console.log(`woken phone: current slide shown after ${shownAfter} ms`);
    // socket.io's own next attempt would come 2.5–7.5 s later.
    expect(shownAfter).toBeLessThan(2500);
    expect(await page.getByTestId('connection-banner').isHidden()).toBe(true);
  });

  it('connects the projector through a network that stalls WebSockets, and remembers it for the console', async () => {
    const { server, code } = await sessionWithPollOpen();
    const proxy = await hostileNetwork(server.url, 'stalls-websocket');
    onTestFinished(() => proxy.close());
    const context = await offlineContext(browser(), { viewport: { width: 1280, height: 720 } });
    const deck = await context.newPage();
    await deck.goto(`${proxy.url}/present?session=${code}#key=${PRESENTER_KEY}`);
    await deck.waitForSelector('body[aria-busy="false"]', { state: 'attached', timeout: 10_000 });
    // Poll controls work over long-polling: the presenter closes the open poll with its key.
    await deck.keyboard.press('o');
    await expect.poll(() => deck.getByTestId('poll-state-branch-a').getAttribute('data-status')).toBe('closed');

    const upgradesBefore = proxy.upgrades();
    const console = await context.newPage();
    await console.goto(`${proxy.url}/present?session=${code}&console#key=${PRESENTER_KEY}`);
    await console.waitForSelector('body[aria-busy="false"]', { state: 'attached', timeout: 10_000 });
    // The console started on long-polling at once (at most the upgrade probe tried a WebSocket).
    expect(proxy.upgrades() - upgradesBefore).toBeLessThanOrEqual(1);
  });
});
