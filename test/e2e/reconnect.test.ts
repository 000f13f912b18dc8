// Phones come back: several phones (Chromium at 375 px) in a live session lose their connection —
// the phone's own network (Chromium's offline emulation), or the server going away for seconds —
// and resume without a reload, with their answers, the current poll, and the vote tapped while
// away sent once. The presenter is a socket.io client.
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SHUTDOWN_DRAIN_MS } from '../../server/app.js';
import type { PresenterPollState } from '../../server/protocol.js';
import { browserAvailable, offlineContext, PHONE, SCREENSHOTS, useBrowser } from '../helpers/browser.js';
import { openDecks } from '../helpers/decks.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer, type TestSocket } from '../helpers/server.js';

const NOT_SENT = 'Not sent yet — will send when you’re back online';
const TEXT_NOT_SENT = 'Not sent — check your connection and send again';
const TEXT_BACK_ONLINE = 'Not sent yet — you’re back online: tap Send to send it';
const RESTARTING = 'The server is restarting — your answers are saved. Reconnecting…';
/** "Several seconds" without a connection. */
const AWAY_MS = 5000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Phone {
  name: string;
  page: Page;
  context: BrowserContext;
  /** `audience:vote` / `audience:submit` messages the page sent (WebSocket frames and polling posts). */
  sent(event: 'audience:vote' | 'audience:submit'): number;
  /** WebSockets of the page that are still open. */
  openSockets(): number;
  /** Full page loads (a reload would add one). */
  loads(): number;
}

describe.skipIf(!browserAvailable())('phones come back after losing the connection', () => {
  const browser = useBrowser();

  async function openPhone(url: string, code: string, name: string): Promise<Phone> {
    const context = await offlineContext(browser(), PHONE);
    const page = await context.newPage();
    const messages: string[] = [];
    const sockets: { isClosed(): boolean }[] = [];
    let loads = 0;
    page.on('load', () => loads++);
    page.on('websocket', (ws) => {
      sockets.push(ws);
      ws.on('framesent', ({ payload }) => messages.push(String(payload)));
    });
    // Should a network refuse WebSockets, socket.io falls back to long-polling: count those too.
    page.on('request', (r) => {
      if (r.url().includes('/socket.io/') && r.method() === 'POST') messages.push(r.postData() ?? '');
    });
    await page.goto(`${url}/j/${code}`);
    // A marker on the window: gone if the page were reloaded.
    await page.evaluate((n) => ((window as { __phone?: string }).__phone = n), name);
    return {
      name,
      page,
      context,
      // One message per frame (socket.io sends each event in its own frame over a WebSocket;
      // polling may batch, separated by \x1e).
      sent: (event) => messages.flatMap((m) => m.split('\x1e')).filter((m) => m.includes(`["${event}"`)).length,
      openSockets: () => sockets.filter((ws) => !ws.isClosed()).length,
      loads: () => loads,
    };
  }

  const status = (p: Phone) => p.page.getByTestId('vote-status').textContent();
  const statusClass = (p: Phone) => p.page.getByTestId('vote-status').getAttribute('class');
  const question = (p: Phone) => p.page.getByTestId('poll-question').textContent();
  const checked = (p: Phone, option: string) => p.page.getByTestId(`option-${option}`).getAttribute('aria-checked');
  const banner = (p: Phone) => p.page.getByTestId('connection-banner');

  /** The same document as before (no reload, no navigation): the marker survived. */
  async function sameDocument(p: Phone): Promise<void> {
    expect(await p.page.evaluate(() => (window as { __phone?: string }).__phone)).toBe(p.name);
    expect(await p.page.evaluate(() => performance.getEntriesByType('navigation').map((e) => (e as PerformanceNavigationTiming).type))).toEqual([
      'navigate',
    ]);
    expect(p.loads()).toBe(1);
  }

  /** The presenter's live view of a poll (a fresh presenter:join returns every poll's tally). */
  async function presenterPoll(presenter: TestSocket, code: string, pollId: string): Promise<PresenterPollState> {
    const state = ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    const poll = state.polls.find((p) => p.id === pollId);
    if (!poll) throw new Error(`no poll ${pollId}`);
    return poll;
  }

  /** The stored tally, over HTTP with the key. */
  async function storedPoll(server: TestServer, code: string, pollId: string) {
    const res = await fetch(`${server.url}/api/sessions/${code}/results.json`, { headers: { authorization: `Bearer ${PRESENTER_KEY}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { polls: { id: string; respondents: number; options: { id: string; count: number }[] }[] };
    const poll = body.polls.find((p) => p.id === pollId)!;
    return { respondents: poll.respondents, counts: Object.fromEntries(poll.options.map((o) => [o.id, o.count])) };
  }

  async function liveSession(server: TestServer): Promise<{ code: string; presenter: TestSocket }> {
    const code = await server.createSession();
    const presenter = await server.client();
    ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    ok(await request(presenter, 'presenter:goto', { h: 1, v: 1 }));
    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'open' }));
    return { code, presenter };
  }

  async function vote(p: Phone, option: string): Promise<void> {
    await p.page.getByTestId(`option-${option}`).click();
    await expect.poll(() => status(p)).toBe('✓ Answer recorded');
  }

  it('the phone’s network drops for seconds while the presenter moves on: each phone resumes without a reload, and the vote tapped offline is sent once', async () => {
    const server = await newParley();
    const { code, presenter } = await liveSession(server);
    const names = ['ana', 'ben', 'cai', 'dev'] as const;
    const phones = await Promise.all(names.map((n) => openPhone(server.url, code, n)));
    const [ana, ben, cai, dev] = phones as [Phone, Phone, Phone, Phone];
    for (const p of phones) await expect.poll(() => question(p)).toBe('How should you respond?');

    // Earlier answers; Dev has not answered yet.
    await vote(ana, 'talk');
    await vote(ben, 'wait');
    await vote(cai, 'escalate');

    await Promise.all(phones.map((p) => p.context.setOffline(true)));
    const offlineAt = Date.now();
    // Chromium's offline emulation closes the open WebSockets: the page really loses its connection.
    for (const p of phones) {
      await expect.poll(() => p.openSockets()).toBe(0);
      await banner(p).waitFor({ state: 'visible' });
      expect(await banner(p).textContent()).toBe('Reconnecting…');
    }

    // Dev votes while offline: the page says plainly that it is not sent yet.
    await dev.page.getByTestId('option-wait').click();
    await expect.poll(() => status(dev)).toBe(NOT_SENT);
    expect(await statusClass(dev)).toContain('pending');
    expect(await checked(dev, 'wait')).toBe('true');
    await dev.page.screenshot({ path: join(SCREENSHOTS, 'phone-offline-not-sent.png') });

    // Meanwhile the presenter moves to the next slide and opens its poll (branch-a stays open).
    ok(await request(presenter, 'presenter:goto', { h: 1, v: 2 }));
    ok(await request(presenter, 'presenter:poll', { pollId: 'topics', action: 'open' }));

    // Real time: seconds without a network are the scenario (the pages try to reconnect on their own clock meanwhile).
    await sleep(offlineAt + AWAY_MS - Date.now());
    // Still away: nothing went out, the phones still show what they had.
    expect(await status(dev)).toBe(NOT_SENT);
    expect(dev.sent('audience:vote')).toBe(0);
    for (const p of phones) {
      expect(await question(p)).toBe('How should you respond?');
      expect(p.openSockets()).toBe(0);
    }
    expect(await presenterPoll(presenter, code, 'branch-a')).toMatchObject({ tally: { respondents: 3 } });

    await Promise.all(phones.map((p) => p.context.setOffline(false)));
    const backAt = Date.now();
    for (const p of phones) {
      await banner(p).waitFor({ state: 'hidden', timeout: 10_000 });
      // The current slide and its poll, open.
      await expect.poll(() => question(p)).toBe('What should you discuss?');
      expect(await p.page.locator('#poll-hint').textContent()).toBe('Pick up to 2');
      expect(await p.page.getByTestId('option-goals').isEnabled()).toBe(true);
      await sameDocument(p);
    }
    const resumedMs = Date.now() - backAt;

    // The offline vote was sent on reconnect, once; every phone sent exactly one vote in all.
    await expect.poll(() => dev.sent('audience:vote')).toBe(1);
    await expect
      .poll(async () => (await presenterPoll(presenter, code, 'branch-a')).tally)
      .toMatchObject({ respondents: 4, counts: { talk: 1, wait: 2, escalate: 1 } });
    expect(await storedPoll(server, code, 'branch-a')).toEqual({ respondents: 4, counts: { talk: 1, wait: 2, escalate: 1 } });
    expect((await presenterPoll(presenter, code, 'topics')).tally.respondents).toBe(0);

    // Back on the first poll, each phone shows its own answer as recorded — Dev's too.
    ok(await request(presenter, 'presenter:goto', { h: 1, v: 1 }));
    const mine = { ana: 'talk', ben: 'wait', cai: 'escalate', dev: 'wait' } as const;
    for (const p of phones) {
      await expect.poll(() => question(p)).toBe('How should you respond?');
      await expect.poll(() => checked(p, mine[p.name as keyof typeof mine])).toBe('true');
      expect(await status(p)).toBe('✓ Answer recorded');
      expect(await statusClass(p)).toContain('ok');
    }
    // Each phone has shown a slide the presenter moved to after its reconnection: a duplicate
    // sent on the way back would be in by now.
    for (const p of phones) expect(p.sent('audience:vote')).toBe(1);
    await dev.page.screenshot({ path: join(SCREENSHOTS, 'phone-reconnected-recorded.png') });
    console.info(
      `reconnect (offline): ${phones.length} phones resumed in ${resumedMs} ms after ${AWAY_MS} ms offline; ` +
        `votes sent ${phones.map((p) => p.sent('audience:vote')).join('+')}, counted 4`,
    );
  }, 90_000);

  it('the server goes away for seconds: phones wait, the vote tapped meanwhile is sent once it is back, nothing is counted twice', async () => {
    const first = await newParley();
    const { code } = await liveSession(first);
    const phones = await Promise.all(['ana', 'ben', 'cai'].map((n) => openPhone(first.url, code, n)));
    const [ana, ben, cai] = phones as [Phone, Phone, Phone];
    for (const p of phones) await expect.poll(() => question(p)).toBe('How should you respond?');
    await vote(ana, 'talk');
    await vote(ben, 'wait');

    await first.close();
    const downAt = Date.now();
    for (const p of phones) {
      await banner(p).waitFor({ state: 'visible' });
      await expect.poll(() => p.openSockets()).toBe(0);
    }

    // Cai votes while the server is down.
    await cai.page.getByTestId('option-escalate').click();
    await expect.poll(() => status(cai)).toBe(NOT_SENT);
    expect(await statusClass(cai)).toContain('pending');
    await cai.page.screenshot({ path: join(SCREENSHOTS, 'phone-server-down-not-sent.png') });
    // Real time: seconds without a server are the scenario (the pages try to reconnect on their own clock meanwhile).
    await sleep(downAt + AWAY_MS - Date.now());
    expect(await status(cai)).toBe(NOT_SENT);
    expect(cai.sent('audience:vote')).toBe(0);

    const second = await newParley({ dataDir: first.dataDir, port: first.port });
    const upAt = Date.now();
    for (const p of phones) await banner(p).waitFor({ state: 'hidden', timeout: 15_000 });
    const resumedMs = Date.now() - upAt;
    await expect.poll(() => status(cai)).toBe('✓ Answer recorded');
    expect(await checked(cai, 'escalate')).toBe('true');
    expect(await checked(ana, 'talk')).toBe('true');
    expect(await status(ana)).toBe('✓ Answer recorded');
    expect(await checked(ben, 'wait')).toBe('true');
    for (const p of phones) await sameDocument(p);
    await cai.page.screenshot({ path: join(SCREENSHOTS, 'phone-server-back-recorded.png') });

    // Counted once each, in the live tally and in what was stored.
    const presenter = await second.client();
    expect((await presenterPoll(presenter, code, 'branch-a')).tally).toMatchObject({
      respondents: 3,
      counts: { talk: 1, wait: 1, escalate: 1 },
    });
    expect(await storedPoll(second, code, 'branch-a')).toEqual({ respondents: 3, counts: { talk: 1, wait: 1, escalate: 1 } });

    // The presenter carries on; the phones follow — and, that later slide shown, have sent no duplicate on the way back.
    ok(await request(presenter, 'presenter:goto', { h: 1, v: 2 }));
    for (const p of phones) await expect.poll(() => question(p)).toBe('What should you discuss?');
    for (const p of phones) expect(p.sent('audience:vote')).toBe(1);
    console.info(
      `reconnect (server down ${AWAY_MS} ms): ${phones.length} phones back ${resumedMs} ms after the restart; votes sent 1+1+1, counted 3`,
    );
  }, 90_000);

  it('a typed answer sent while offline is shown as not sent, stays in the box, and is sent after reconnecting', async () => {
    const server = await newParley({ decks: openDecks() });
    const code = await server.createSession('open');
    const presenter = await server.client();
    ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    ok(await request(presenter, 'presenter:goto', { h: 1, v: 0 }));
    ok(await request(presenter, 'presenter:poll', { pollId: 'first-meeting', action: 'open' }));

    const phone = await openPhone(server.url, code, 'eve');
    const box = phone.page.getByTestId('text-input');
    await box.fill('Set goals');
    await phone.page.getByTestId('text-send').click();
    await expect.poll(() => status(phone)).toMatch(/Answer sent/);

    await phone.context.setOffline(true);
    await expect.poll(() => phone.openSockets()).toBe(0);
    await banner(phone).waitFor({ state: 'visible' });
    await box.fill('Agree on a meeting rhythm');
    await phone.page.getByTestId('text-send').click();
    await expect.poll(() => status(phone)).toBe(TEXT_NOT_SENT);
    expect(await statusClass(phone)).toContain('error');
    expect(await box.inputValue()).toBe('Agree on a meeting rhythm');
    expect(await phone.page.getByTestId('my-entry').count()).toBe(1);
    await phone.page.screenshot({ path: join(SCREENSHOTS, 'phone-text-offline-not-sent.png') });
    // Real time: seconds offline are the scenario (the page tries to reconnect on its own clock meanwhile).
    await sleep(3000);
    expect(phone.sent('audience:submit')).toBe(1);

    await phone.context.setOffline(false);
    await banner(phone).waitFor({ state: 'hidden', timeout: 10_000 });
    // Back in the session: no longer "check your connection", but still not sent — and not sent by
    // itself (the participant may change it); the box still holds it.
    await expect.poll(() => status(phone)).toBe(TEXT_BACK_ONLINE);
    expect(await statusClass(phone)).toContain('pending');
    expect(await box.inputValue()).toBe('Agree on a meeting rhythm');
    await phone.page.screenshot({ path: join(SCREENSHOTS, 'phone-text-back-online.png') });
    // Something the presenter does after the phone is back (a timer started, then stopped) reaches
    // it: an answer it sent by itself on the way back would be in by then.
    ok(await request(presenter, 'presenter:timer', { pollId: 'first-meeting', seconds: 600 }));
    await phone.page.getByTestId('poll-timer').waitFor();
    ok(await request(presenter, 'presenter:timer', { pollId: 'first-meeting', seconds: null }));
    await phone.page.getByTestId('poll-timer').waitFor({ state: 'detached' });
    expect(phone.sent('audience:submit')).toBe(1);
    expect(await status(phone)).toBe(TEXT_BACK_ONLINE);
    expect(await box.inputValue()).toBe('Agree on a meeting rhythm');

    await phone.page.getByTestId('text-send').click();
    await expect.poll(() => status(phone)).toMatch(/Answer sent/);
    expect(await box.inputValue()).toBe('');
    expect(await phone.page.getByTestId('my-entry').allTextContents()).toEqual(['Set goals', 'Agree on a meeting rhythm']);
    await sameDocument(phone);
    expect(phone.sent('audience:submit')).toBe(2);
    const poll = await presenterPoll(presenter, code, 'first-meeting');
    expect(poll.entries?.map((e) => e.text)).toEqual(['Set goals', 'Agree on a meeting rhythm']);
  }, 90_000);

  it('says calmly that the server is restarting when it announces a shutdown, holds a vote tapped meanwhile, and sends it once it is back', async () => {
    const first = await newParley();
    const { code } = await liveSession(first);
    const [fay, gus] = (await Promise.all(['fay', 'gus'].map((n) => openPhone(first.url, code, n)))) as [Phone, Phone];
    for (const p of [fay, gus]) await expect.poll(() => question(p)).toBe('How should you respond?');
    await vote(fay, 'talk');

    // A request still in progress holds the shutdown open for up to SHUTDOWN_DRAIN_MS: the phones
    // stay connected, told `server:closing`, while the server refuses every message.
    const held = httpRequest(`${first.url}/api/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${PRESENTER_KEY}`, 'content-type': 'application/json', 'content-length': '100', expect: '100-continue' },
    });
    held.on('error', () => {});
    // Expect: 100-continue: the server answers "100 Continue" as it hands the request to its routes,
    // so once that is back the request is in progress there.
    const inProgress = new Promise<void>((resolve, reject) => {
      held.once('continue', () => resolve());
      held.once('response', (res) => reject(new Error(`answered ${res.statusCode} instead of 100 Continue`)));
    });
    held.flushHeaders();
    await inProgress;
    held.write('{"deck":');
    expect(SHUTDOWN_DRAIN_MS).toBeGreaterThanOrEqual(1000);

    // RunningServer.close() sends server:closing to every client before it lets them go.
    const closing = first.close();
    for (const p of [fay, gus]) await expect.poll(() => banner(p).textContent(), { interval: 20 }).toBe(RESTARTING);
    // Gus taps while the server is closing: the page holds the vote instead of having it refused.
    await gus.page.getByTestId('option-wait').click();
    await expect.poll(() => status(gus), { interval: 20 }).toBe(NOT_SENT);
    expect(gus.openSockets(), 'still connected while the server drains').toBe(1);
    expect(await statusClass(gus)).toContain('pending');
    await fay.page.screenshot({ path: join(SCREENSHOTS, 'phone-server-restarting.png') });
    await gus.page.screenshot({ path: join(SCREENSHOTS, 'phone-server-restarting-not-sent.png') });

    await closing;
    held.destroy();
    for (const p of [fay, gus]) {
      expect(await banner(p).isVisible()).toBe(true);
      expect(await banner(p).textContent()).toBe(RESTARTING);
      // Still in the session, not sent back to the code form.
      expect(await question(p)).toBe('How should you respond?');
    }
    expect(await status(gus)).toBe(NOT_SENT);
    expect(gus.sent('audience:vote')).toBe(0);

    // Real time: seconds without a server are the scenario (the pages try to reconnect on their own clock meanwhile).
    await sleep(2000);
    const second = await newParley({ dataDir: first.dataDir, port: first.port });
    for (const p of [fay, gus]) await banner(p).waitFor({ state: 'hidden', timeout: 15_000 });
    expect(await checked(fay, 'talk')).toBe('true');
    await expect.poll(() => status(gus)).toBe('✓ Answer recorded');
    for (const p of [fay, gus]) await sameDocument(p);
    expect(await storedPoll(second, code, 'branch-a')).toEqual({ respondents: 2, counts: { talk: 1, wait: 1, escalate: 0 } });
    // The presenter moves on and the phones follow: the held vote was sent once, no duplicate came after it.
    const presenter = await second.client();
    ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    ok(await request(presenter, 'presenter:goto', { h: 1, v: 2 }));
    for (const p of [fay, gus]) await expect.poll(() => question(p)).toBe('What should you discuss?');
    expect(gus.sent('audience:vote')).toBe(1);
  }, 90_000);
});
