// `npm run screenshots`: retakes the README's pictures (docs/images/*.png) from the real deck,
// slides/mentoring.md, with a realistic room. It starts a quiet Parley on an ephemeral port with a
// temporary data directory, opens a session of the deck, joins twenty simulated phones over
// socket.io-client (their answers: scripts/screenshot-room.ts), drives Debian's Chromium
// (CHROMIUM_PATH, default /usr/bin/chromium) through the projector at 1280×720, the console and a
// phone at 375 px, writes the PNGs, and closes everything and removes the data directory.
// The pages come from dist/: the npm script builds them first.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { io as connect, type Socket } from 'socket.io-client';
import { startServer } from '../server/app.js';
import { readConfig } from '../server/config.js';
import { loadDecks } from '../server/deck/load.js';
import type { AckResult, ClientToServerEvents, ServerToClientEvents } from '../server/protocol.js';
import { BROWSER_PHONE, FIRST_MEETING_ANSWERS, KEEP_AND_ADD, QUESTIONS, RESPONSE_B, ROLES, ROOM_SIZE, START_WITH } from './screenshot-room.js';

const ROOT = join(import.meta.dirname, '..');
const IMAGES = join(ROOT, 'docs', 'images');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PHONE = { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
/** The address the pictures show for joining: a laptop on the room's Wi-Fi, as in the README. */
const PUBLIC_URL = 'http://192.168.1.20:3000';
const PROJECTOR = { viewport: { width: 1280, height: 720 } };

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Emits and waits for the acknowledgement; throws the server's refusal. */
async function request<E extends keyof ClientToServerEvents>(
  socket: Client,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
): Promise<Parameters<Parameters<ClientToServerEvents[E]>[1]>[0] extends AckResult<infer T> ? T : never> {
  // socket.io-client's typed emitWithAck cannot follow a generic event name; the map above checks it.
  const result = (await (socket.timeout(5000).emitWithAck as (e: string, p: unknown) => Promise<AckResult<unknown>>)(
    event,
    payload,
  )) as AckResult<never>;
  if (!result.ok) throw new Error(`${event}: ${result.error.code}: ${result.error.message}`);
  return result.data;
}

function connected(url: string): Promise<Client> {
  const socket: Client = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Polls `check` until it returns true (at most `timeoutMs`). */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Fonts loaded and two frames drawn since: what a screenshot takes is laid out. */
async function drawn(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
  });
}

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  await drawn(page);
  await page.screenshot({ path: join(IMAGES, `${name}.png`), fullPage });
  console.log(`  docs/images/${name}.png`);
}

async function main(): Promise<void> {
  const started = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-screenshots-'));
  const key = randomBytes(24).toString('base64url');
  const decks = loadDecks(join(ROOT, 'slides'));
  const deck = decks.get('mentoring');
  if (!deck) throw new Error('slides/mentoring.md is missing');
  const config = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, PRESENTER_KEY: key, LOG_LEVEL: 'silent', PUBLIC_URL });
  const server = await startServer(config, decks);
  const url = `http://127.0.0.1:${server.port}`;
  const sockets: Client[] = [];
  let browser: Browser | undefined;
  try {
    mkdirSync(IMAGES, { recursive: true });
    const res = await fetch(`${url}/api/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ deck: 'mentoring' }),
    });
    if (res.status !== 201) throw new Error(`create session: ${res.status} ${await res.text()}`);
    const { code } = (await res.json()) as { code: string };

    const presenter = await connected(url);
    sockets.push(presenter);
    await request(presenter, 'presenter:join', { code, key, view: 'console' });
    const poll = async (pollId: string, action: 'open' | 'close' | 'reveal' | 'hide' | 'again'): Promise<void> => {
      await request(presenter, 'presenter:poll', { pollId, action });
    };

    // The room joins and says who it is.
    const phones: Client[] = [];
    for (let i = 0; i < ROOM_SIZE; i++) {
      const phone = await connected(url);
      sockets.push(phone);
      await request(phone, 'audience:join', { code, participantId: `room-${i}-${randomBytes(6).toString('hex')}` });
      await request(phone, 'audience:role', { role: ROLES[i] ?? null });
      phones.push(phone);
    }

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const desk = await browser.newContext(PROJECTOR);
    const projector = await desk.newPage();
    await projector.goto(`${url}/present?session=${code}&transition=none#key=${key}`);
    await projector.waitForSelector('body[aria-busy="false"]', { state: 'attached' });

    // The phone in the browser: joins by the link, is asked its role once.
    const phone = await (await browser.newContext(PHONE)).newPage();
    await phone.goto(`${url}/j/${code}`);
    await phone.getByTestId('role-question').waitFor();
    await shoot(phone, 'phone-role', true);
    await phone.getByTestId(`role-${BROWSER_PHONE.role}`).click();
    await phone.getByTestId('waiting').waitFor();

    const connectedCount = () => projector.getByTestId('participants').first().getAttribute('data-count');
    await until('everybody connected', async () => (await connectedCount()) === String(ROOM_SIZE + 1));
    await shoot(projector, 'deck-title');

    /** Shows the slide of `pollId` on the projector (the phones follow). */
    const slideOf = async (pollId: string): Promise<void> => {
      const target = deck.polls.find((p) => p.id === pollId);
      if (!target) throw new Error(`no poll ${pollId} in the deck`);
      await projector.evaluate(
        ([h, v]) => (window as unknown as { Reveal: { slide(h: number, v: number): void } }).Reveal.slide(h!, v!),
        [target.slide.h, target.slide.v],
      );
      await until(`the phone on ${pollId}`, async () => (await phone.getByTestId('poll-question').count()) > 0);
    };
    const tools = '.reveal section.present .poll-controls';
    const toolsOpacity = () => projector.evaluate((sel) => Number(getComputedStyle(document.querySelector(sel) as HTMLElement).opacity), tools);
    /** The pointer rests: the projector shows the room's things only. */
    const resting = async (): Promise<void> => {
      await until('the tools to fade out', async () => (await toolsOpacity()) === 0, 15_000);
    };
    /** The pointer moves over the deck: the facilitator's tools show. */
    const pointing = async (): Promise<void> => {
      await projector.mouse.move(640, 300);
      await projector.mouse.move(660, 320);
      await until('the tools to show', async () => (await toolsOpacity()) === 1);
    };
    const blind = (pollId: string) => projector.getByTestId(`poll-chart-${pollId}`).getAttribute('data-blind');

    // 1. The branching poll: blind while the room answers, then revealed with its branches.
    await slideOf('drx-start-with');
    await poll('drx-start-with', 'open');
    // A longer timer than the deck's 30 s, so that the poll is still open for every picture.
    await request(presenter, 'presenter:timer', { pollId: 'drx-start-with', seconds: 120 });
    for (const [i, p] of phones.entries()) {
      if (i >= 14) continue; // the last few are still thinking
      await request(p, 'audience:vote', { pollId: 'drx-start-with', optionIds: [START_WITH[i]!] });
    }
    await phone.getByTestId(`option-${BROWSER_PHONE.startWith}`).click();
    await until('the vote recorded', async () => /recorded/i.test((await phone.getByTestId('vote-status').textContent()) ?? ''));
    await shoot(phone, 'phone-poll', true);
    await until('the blind count', async () =>
      /^15 answers/.test((await projector.getByTestId('poll-blind-count-drx-start-with').textContent()) ?? ''),
    );
    await resting();
    await shoot(projector, 'deck-blind');

    const console_ = await desk.newPage();
    await console_.goto(`${url}/present?session=${code}&console`);
    await console_.getByTestId('console-poll').waitFor();
    await until('the console counts', async () => (await console_.getByText('15 of 21').count()) > 0);
    await shoot(console_, 'console');
    await console_.close();

    for (const [i, p] of phones.entries()) {
      if (i >= 14) await request(p, 'audience:vote', { pollId: 'drx-start-with', optionIds: [START_WITH[i]!] });
    }
    await poll('drx-start-with', 'reveal');
    await until('the bars', async () => (await blind('drx-start-with')) === 'false');
    await pointing();
    await projector.waitForTimeout(900); // the fade-in
    await shoot(projector, 'deck-poll');
    await poll('drx-start-with', 'close');

    // 2. Should and would: Dr. X has no time.
    await slideOf('drx-response-b');
    await poll('drx-response-b', 'open');
    for (const [i, p] of phones.entries()) await request(p, 'audience:vote', { pollId: 'drx-response-b', optionIds: [...RESPONSE_B[i]!] });
    const [should, would] = BROWSER_PHONE.responseB;
    await phone.getByTestId(`pair-should-${should}`).click();
    await phone.getByTestId(`pair-would-${would}`).click();
    await shoot(phone, 'phone-should-would', true);
    await phone.getByTestId('submit-vote').click();
    await until('the pair recorded', async () => /recorded/i.test((await phone.getByTestId('vote-status').textContent()) ?? ''));
    await poll('drx-response-b', 'reveal');
    await until('the pairs', async () => (await blind('drx-response-b')) === 'false');
    await resting();
    await shoot(projector, 'should-would');
    await projector.keyboard.press('k');
    await until('the split by role', async () => (await projector.getByTestId('poll-chart-drx-response-b').getAttribute('data-view')) === 'split');
    await resting();
    await shoot(projector, 'split-by-role');
    await projector.keyboard.press('k');
    await poll('drx-response-b', 'close');

    // 3. The first meeting, in the room's own words.
    await slideOf('first-meeting-ideas');
    await poll('first-meeting-ideas', 'open');
    for (const [i, p] of phones.entries()) {
      for (const text of FIRST_MEETING_ANSWERS[i]!) await request(p, 'audience:submit', { pollId: 'first-meeting-ideas', text });
    }
    await poll('first-meeting-ideas', 'reveal');
    await projector.getByTestId('cloud-first-meeting-ideas').waitFor();
    await projector.waitForTimeout(500);
    await resting();
    await shoot(projector, 'deck-word-cloud');
    await poll('first-meeting-ideas', 'close');

    // 4. Keep Dr. X and add a mentor: vote, discuss, vote again.
    await slideOf('fit-keep-and-add');
    await poll('fit-keep-and-add', 'open');
    for (const [i, p] of phones.entries()) await request(p, 'audience:vote', { pollId: 'fit-keep-and-add', optionIds: [KEEP_AND_ADD[i]![0]] });
    await phone.getByTestId(`option-${BROWSER_PHONE.keepAndAdd}`).click();
    await until('the vote recorded', async () => /recorded/i.test((await phone.getByTestId('vote-status').textContent()) ?? ''));
    await poll('fit-keep-and-add', 'again');
    await phone.getByTestId('earlier-answer').waitFor();
    await shoot(phone, 'phone-first-answer', true);
    await phone.getByTestId('option-keep-and-add').click();
    for (const [i, p] of phones.entries()) await request(p, 'audience:vote', { pollId: 'fit-keep-and-add', optionIds: [KEEP_AND_ADD[i]![1]] });
    await poll('fit-keep-and-add', 'reveal');
    await until('the rounds', async () => (await projector.getByTestId('poll-chart-fit-keep-and-add').getAttribute('data-view')) === 'rounds');
    await resting();
    await shoot(projector, 'vote-again');
    await projector.keyboard.press('m');
    await until('the movement', async () => (await projector.getByTestId('poll-chart-fit-keep-and-add').getAttribute('data-view')) === 'movement');
    await resting();
    await shoot(projector, 'movement');
    await poll('fit-keep-and-add', 'close');

    // 5. Closing questions, upvoted.
    await slideOf('closing-questions');
    await poll('closing-questions', 'open');
    const asked: string[] = [];
    for (const [i, q] of QUESTIONS.entries()) {
      const answer = await request(phones[i]!, 'audience:submit', { pollId: 'closing-questions', text: q.text });
      asked.push(answer.entries!.at(-1)!.id);
    }
    for (const [i, q] of QUESTIONS.entries()) {
      for (let n = 0; n < q.upvotes; n++) {
        const voter = phones[(i + 1 + n) % ROOM_SIZE]!;
        await request(voter, 'audience:upvote', { pollId: 'closing-questions', entryId: asked[i]!, up: true });
      }
    }
    await phone.getByTestId('text-input').fill(BROWSER_PHONE.question);
    await phone.getByTestId('text-send').click();
    await until('the board', async () => (await phone.getByTestId('qa-question').count()) === QUESTIONS.length + 1);
    await phone.getByTestId(`upvote-${asked[1]}`).click();
    await until('the upvote', async () => (await phone.getByTestId(`upvote-${asked[1]}`).getAttribute('aria-pressed')) === 'true');
    await phone.getByTestId('text-input').blur();
    await shoot(phone, 'phone-qa-board', true);

    console.log(`npm run screenshots: done in ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    await browser?.close();
    for (const s of sockets) s.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
