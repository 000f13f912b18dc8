// `npm run bench -- --lighthouse`: the phone page as a participant meets it, in Debian's Chromium.
// Lighthouse 12 (mobile preset: emulated phone, simulated slow 4G, 4× CPU slowdown) scores
// performance and accessibility of the join page of a live session; playwright-core measures
// the time from opening the QR code's link to a votable screen on an emulated slow 4G network.
import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';
import { percentile, round } from './stats.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];

/** Lighthouse's "slow 4G": 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up. */
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };

export interface PhonePageResult {
  lighthouse: { performance: number; accessibility: number; metrics: Record<string, number> };
  /** Opening /j/CODE with a cold cache to the first enabled answer button, on slow 4G (ms). */
  joinToVotable: { runs: number[]; median: number };
  /** The same phone tapping an answer the moment it can: from opening the link to "Answer recorded" (ms). */
  joinToRecorded: { runs: number[]; median: number };
}

export async function auditPhonePage(joinUrl: string, log: (line: string) => void): Promise<PhonePageResult> {
  const chrome = await launch({ chromePath: CHROMIUM, chromeFlags: CHROME_FLAGS });
  let lh: NonNullable<Awaited<ReturnType<typeof lighthouse>>>['lhr'];
  try {
    const result = await lighthouse(joinUrl, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility'],
    });
    if (!result) throw new Error('Lighthouse returned no result');
    lh = result.lhr;
  } finally {
    await chrome.kill();
  }
  const score = (id: string) => Math.round((lh.categories[id]?.score ?? 0) * 100);
  const metric = (id: string) => round(lh.audits[id]?.numericValue ?? NaN, 0);
  const lighthouseResult = {
    performance: score('performance'),
    accessibility: score('accessibility'),
    metrics: {
      'first-contentful-paint': metric('first-contentful-paint'),
      'largest-contentful-paint': metric('largest-contentful-paint'),
      'total-blocking-time': metric('total-blocking-time'),
      'cumulative-layout-shift': round(lh.audits['cumulative-layout-shift']?.numericValue ?? NaN, 3),
      'speed-index': metric('speed-index'),
    },
  };
  const failed = Object.values(lh.audits).filter(
    (a) => a.score !== null && a.score < 1 && lh.categories.accessibility?.auditRefs.some((r) => r.id === a.id),
  );
  log(
    `lighthouse: performance ${lighthouseResult.performance}, accessibility ${lighthouseResult.accessibility}${failed.length ? ` (a11y audits below 1: ${failed.map((a) => a.id).join(', ')})` : ''}`,
  );

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  const runs: number[] = [];
  const recorded: number[] = [];
  try {
    for (let i = 0; i < 5; i++) {
      const context = await browser.newContext({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
      const start = Date.now();
      await page.goto(joinUrl, { waitUntil: 'commit' });
      const option = page.locator('button.option:not([disabled])').first();
      await option.waitFor({ timeout: 30_000 });
      runs.push(Date.now() - start);
      // A tap this early is queued until the socket has joined, then sent: measured to the server's word.
      await option.click();
      await page.getByTestId('vote-status').filter({ hasText: 'Answer recorded' }).waitFor({ timeout: 30_000 });
      recorded.push(Date.now() - start);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const median = percentile(runs, 50);
  const recordedMedian = percentile(recorded, 50);
  log(`join to a votable screen on slow 4G: median ${median} ms (${runs.join(', ')} ms)`);
  log(`join and tap to "Answer recorded" on slow 4G: median ${recordedMedian} ms (${recorded.join(', ')} ms)`);
  return { lighthouse: lighthouseResult, joinToVotable: { runs, median }, joinToRecorded: { runs: recorded, median: recordedMedian } };
}
