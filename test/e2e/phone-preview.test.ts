// The presenter's "Phone view" (start page and console): the session's phone page in a frame,
// read-only (`/j/CODE?watch`). It follows the session live — slide, open poll, results once
// revealed — under a "Preview — not counted" notice, cannot answer, stores no participant id, and
// is never counted: the presenter's connected count and response rate leave it out.
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { AudienceState, TallyUpdate } from '../../server/protocol.js';
import { expectAccessible } from '../helpers/axe.js';
import { browserAvailable, offlineContext, SCREENSHOTS, useBrowser } from '../helpers/browser.js';
import { nextEvent } from '../helpers/events.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer } from '../helpers/server.js';

const BRANCH_A = { h: 1, v: 1 };

describe.skipIf(!browserAvailable())('the phone view', () => {
  const browser = useBrowser();

  /** A presenter page at 1280×720; the test fails on any script error in it or its frames. */
  async function presenterPage(server: TestServer, path: string): Promise<Page> {
    const context = await offlineContext(browser(), { viewport: { width: 1280, height: 720 } });
    onTestFinished(() => context.close());
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    onTestFinished(() => expect(errors).toEqual([]));
    await page.goto(`${server.url}${path}`);
    return page;
  }

  /** The phone view's frame, once it has loaded the watch page. */
  async function phoneFrame(page: Page, code: string): Promise<Frame> {
    await page.getByTestId('phone-frame').waitFor();
    expect(await page.getByTestId('phone-frame').getAttribute('src')).toBe(`/j/${code}?watch`);
    await expect.poll(() => page.frames().some((f) => f.url().includes(`/j/${code}`))).toBe(true);
    return page.frames().find((f) => f.url().includes(`/j/${code}`))!;
  }

  it('on the start page: follows the session live, cannot answer, and leaves the connected count at 0', async () => {
    const server = await newParley();
    const code = await server.createSession();
    const presenter = await server.presenter(code);
    const counts: number[] = [];
    presenter.on('presenter:tally', (u: TallyUpdate) => counts.push(u.participants));

    const page = await presenterPage(server, `/present#key=${PRESENTER_KEY}`);
    // Every audience:state the phone view receives, in order (its WebSocket's frames).
    const states: AudienceState[] = [];
    page.on('websocket', (ws) =>
      ws.on('framereceived', ({ payload }) => {
        const text = String(payload);
        if (text.startsWith('42["audience:state"')) states.push((JSON.parse(text.slice(2)) as [string, AudienceState])[1]);
      }),
    );
    await page.getByTestId(`preview-${code}`).click();
    const frame = await phoneFrame(page, code);
    await frame.getByTestId('waiting').waitFor();
    expect(await frame.getByTestId('watch-notice').textContent()).toBe('Preview — not counted');
    expect(await page.getByTestId('phone-preview').textContent()).not.toContain('participant');

    // Live: the presenter moves to a poll and opens it; the preview shows it, every answer control off.
    ok(await request(presenter, 'presenter:goto', BRANCH_A));
    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'open' }));
    await expect.poll(() => frame.getByTestId('poll-question').textContent()).toBe('How should you respond?');
    for (const option of ['talk', 'wait', 'escalate']) expect(await frame.getByTestId(`option-${option}`).isDisabled()).toBe(true);
    expect(await frame.getByTestId('watch-notice').isVisible()).toBe(true);
    await expectAccessible(page, 'the start page with the phone view of an open poll');

    // Not counted: the presenter sees no participant while the preview is open.
    expect(ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' })).participants).toBe(0);

    // A real phone joins and votes: it counts, and the preview gets no results before the reveal.
    const phone = await server.participant(code, 'participant-real-phone');
    const tick = nextEvent(presenter, 'presenter:tally', (u) => u.tallies.some((t) => t.pollId === 'branch-a' && t.respondents === 1));
    ok(await request(phone, 'audience:vote', { pollId: 'branch-a', optionIds: ['talk'] }));
    expect((await tick).participants).toBe(1);
    expect(await frame.getByTestId('results').count()).toBe(0);
    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'reveal' }));
    await expect.poll(() => frame.getByTestId('count-talk').textContent()).toBe('1');
    expect(await frame.getByTestId('result-talk').getAttribute('data-percent')).toBe('100');
    // The reveal came after the coalesced tick of the vote: every state the view got before the
    // reveal's, that tick's included, had no results.
    const revealedAt = states.findIndex((s) => s.poll?.revealed === true);
    expect(revealedAt).toBeGreaterThan(0);
    expect(states.slice(0, revealedAt).filter((s) => s.poll?.results !== undefined)).toEqual([]);
    expect(states[revealedAt]!.poll?.results).toBeDefined();
    await page.screenshot({ path: join(SCREENSHOTS, 'phone-preview.png') });

    expect(Math.max(...counts)).toBe(1);
    expect(ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' })).participants).toBe(1);
    // It never made a participant id (the frame shares the presenter page's storage).
    expect(await frame.evaluate(() => localStorage.getItem('parley.participantId'))).toBeNull();

    await page.getByTestId('phone-preview-close').click();
    expect(await page.getByTestId('phone-preview').isHidden()).toBe(true);
  });

  it('says it is a preview in the phone page’s language', async () => {
    const server = await newParley();
    const code = await server.createSession();
    const context = await offlineContext(browser(), { locale: 'fr-FR' });
    onTestFinished(() => context.close());
    const page = await context.newPage();
    await page.goto(`${server.url}/j/${code}?watch`);
    await page.getByTestId('waiting').waitFor();
    expect(await page.getByTestId('watch-notice').textContent()).toBe('Aperçu — non compté');
    expect(page.url()).toBe(`${server.url}/j/${code}?watch`);
  });

  it('in the console: the connected count and the response rate leave it out', async () => {
    const server = await newParley();
    const code = await server.createSession();
    const presenter = await server.presenter(code);
    ok(await request(presenter, 'presenter:goto', BRANCH_A));
    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'open' }));

    const page = await presenterPage(server, `/present?session=${code}&console#key=${PRESENTER_KEY}`);
    const people = page.getByTestId('console-participants');
    await expect.poll(() => people.textContent()).toBe('0 connected');
    await page.getByTestId('console-phone-preview').click();
    const frame = await phoneFrame(page, code);
    await expect.poll(() => frame.getByTestId('poll-question').textContent()).toBe('How should you respond?');
    expect(await people.textContent()).toBe('0 connected');

    // A phone joins and votes after the preview: the coalesced tick that carries the vote counts
    // whoever is connected then — the phone, and a counted preview would show too.
    const phone = await server.participant(code, 'participant-console-phone');
    const tick = nextEvent(presenter, 'presenter:tally', (u) => u.tallies.some((t) => t.pollId === 'branch-a' && t.respondents === 1));
    ok(await request(phone, 'audience:vote', { pollId: 'branch-a', optionIds: ['wait'] }));
    expect((await tick).participants).toBe(1);
    await expect.poll(() => people.textContent()).toBe('1 connected');
    await expect.poll(() => page.getByTestId('console-rate').textContent()).toBe('Answered: 1 of 1 · 100%');
  });
});
