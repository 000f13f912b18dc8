// Debian's Chromium driven by playwright-core (browser downloads are impossible here).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Frame, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether the browser suite can run. Under CI=true a missing browser is an error (the suite
 * fails); elsewhere the suite is reported as skipped.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI === 'true') {
    throw new Error(`CI=true but no Chromium at ${CHROMIUM_PATH}: .ci/run must install it (apt-get install chromium).`);
  }
  console.warn(`e2e skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH).`);
  return false;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    // The machine has no outside network: background services would only fail to connect.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Where browser tests leave their screenshots for people to look at (not committed). */
export const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'screenshots');

/**
 * Resolves once the page (or frame) has its fonts and has drawn two frames since: what a screenshot
 * takes then is what was just put on it, laid out. (A CSS transition still running is not waited for.)
 */
export async function drawn(target: Page | Frame): Promise<void> {
  await target.evaluate(async () => {
    await document.fonts.ready;
    await new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
  });
}

/**
 * Resolves once nothing on the page is moving into place any more — every CSS transition has ended
 * (reveal.js's slide transition, the bars' widths, a word cloud's sizes, a fade) — and it is drawn:
 * a screenshot then shows the page as a person sees it at rest. (Animations that only draw the
 * eye, as reveal.js's bouncing arrows, are not waited for.)
 */
export async function still(target: Page | Frame): Promise<void> {
  await target.waitForFunction(() => document.getAnimations().every((a) => !(a instanceof CSSTransition) || a.playState !== 'running'));
  await drawn(target);
}

/**
 * Resolves once the deck shows slide `h`/`v` (reveal.js's indices) and has come to rest there: a
 * key pressed now acts on that slide's poll, and a screenshot shows it.
 */
export async function restingOn(deck: Page, slide: { h: number; v: number }): Promise<void> {
  await deck.waitForFunction(({ h, v }) => {
    const at = (window as unknown as { Reveal?: { getIndices(): { h: number; v?: number } } }).Reveal?.getIndices();
    return at?.h === h && (at.v ?? 0) === v;
  }, slide);
  await still(deck);
}

/** One browser for the suite it is called in, closed after it. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('the browser is not launched yet');
    return browser;
  };
}

/** A phone as the audience page must serve it. */
export const PHONE = { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/** A browser context that fails the test on any request to another host: Parley works offline. */
export async function offlineContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => {
    throw new Error(`request to an outside host: ${route.request().url()}`);
  });
  return context;
}

/** A page of the presenter's (projector or console) once it has its session's state. */
export const presenterReady = (page: Page) => page.waitForSelector('body[aria-busy="false"]', { state: 'attached' });

/**
 * A presenter window of session `code` of the server at `url` (whose presenter key is `key`) in a
 * browser of its own at 1280×720, once it has its session's state: the projector, or the console
 * with `view` '&console'.
 */
export async function presenterWindow(browser: Browser, url: string, code: string, key: string, view = ''): Promise<Page> {
  const page = await (await offlineContext(browser, { viewport: { width: 1280, height: 720 } })).newPage();
  await page.goto(`${url}/present?session=${code}${view}#key=${key}`);
  await presenterReady(page);
  return page;
}

/**
 * The facilitator's laptop — the projector window and the console in one browser at 1280×720 —
 * and a phone waiting in session `code` of the server at `url`, whose presenter key is `key`.
 */
export async function laptopAndPhone(browser: Browser, url: string, code: string, key: string): Promise<{ deck: Page; console: Page; phone: Page }> {
  const laptop = await offlineContext(browser, { viewport: { width: 1280, height: 720 } });
  const deck = await laptop.newPage();
  await deck.goto(`${url}/present?session=${code}#key=${key}`);
  await presenterReady(deck);
  const console = await laptop.newPage();
  await console.goto(`${url}/present?session=${code}&console`);
  await presenterReady(console);
  const phone = await (await offlineContext(browser, PHONE)).newPage();
  await phone.goto(`${url}/j/${code}`);
  await phone.getByTestId('waiting').waitFor();
  return { deck, console, phone };
}

/**
 * Waits until the view in `scope` reads from the back of a room on a 1280×720 projector: the first
 * element matching each selector drawn at 24 px or more (its computed size times the scale reveal.js
 * gives the slides), and the whole view inside the window. Measured in one pass and again until
 * it holds, because a tally that arrives re-draws the view, and an element measured as it is
 * replaced has no size; the last pass's problems are what a failure shows.
 */
export async function readableOnProjector(scope: Locator, selectors: string[]): Promise<void> {
  await expect.poll(() => projectorProblems(scope, selectors)).toEqual([]);
}

/** What keeps the view in `scope` from reading on a 1280×720 projector (see readableOnProjector), measured once. */
export function projectorProblems(scope: Locator, selectors: string[]): Promise<string[]> {
  return scope.evaluate((el, list) => {
    const slides = el.closest<HTMLElement>('.slides');
    const scale = slides ? slides.getBoundingClientRect().width / slides.offsetWidth : 1;
    const found = list.flatMap((selector) => {
      const match = el.querySelector(selector);
      const size = match ? Number.parseFloat(getComputedStyle(match).fontSize) * scale : 0;
      return size >= 24 ? [] : [`${selector}: ${size}`];
    });
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) found.push('the view is not drawn');
    if (box.bottom > 720) found.push(`the view ends at y=${Math.round(box.bottom)}, below 720`);
    if (box.right > 1280) found.push(`the view ends at x=${Math.round(box.right)}, right of 1280`);
    return found;
  }, selectors);
}
