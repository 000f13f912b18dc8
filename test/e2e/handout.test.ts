// The handout (issue 21, part 5): `npm run handout` — the real command — prints a deck's handout
// page with Chromium into a PDF of one page per slide (each slide of a vertical stack too), with each
// poll's question and options and no speaker notes; with --results, the counts of the polls the room
// was shown and of no other. The page's data needs the presenter key, and the page loads nothing
// its Content-Security-Policy refuses.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import type { Handout } from '../../server/protocol.js';
import { browserAvailable, CHROMIUM_PATH, drawn, offlineContext, SCREENSHOTS, useBrowser } from '../helpers/browser.js';
import { deckFrom } from '../helpers/decks.js';
import { ROOT } from '../helpers/parley-process.js';
import { newParley, ok, PRESENTER_KEY, request, tempDataDir } from '../helpers/server.js';

/** Written in no slide: only in the speaker notes. */
const NOTES_MARKER = 'Zanzibar-notes-only-7731';

// Five slides: the title, a vertical stack of two (a poll on its second), a poll with notes, an open question.
const DECK = `---
title: Handout Test
---

# Handout Test

Welcome.

---

## The case

The resident writes twice and hears nothing.

--

## What now?

\`\`\`poll
id: next-step
type: single
question: What is your next step?
options:
  write: Write a third time
  ask: Ask the program director
\`\`\`

---

## Hidden until revealed

\`\`\`poll
id: meet
type: yesno
question: Should you meet every month?
\`\`\`

Note:
Tell the room about ${NOTES_MARKER} here.

---

## In one word

\`\`\`poll
id: word
type: text
question: One word for a good mentor?
\`\`\`
`;
const SLIDES = 5;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run handout -- ...args` in `cwd`, with `env` added. */
function handout(cwd: string, env: Record<string, string>, ...args: string[]): Promise<Run> {
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'server', 'cli', 'handout.ts'), ...args], {
    cwd,
    env: { PATH: process.env.PATH, CHROMIUM_PATH, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

/** The PDF's number of pages and each page's text. */
async function readPdf(file: string): Promise<{ pages: number; text: string[] }> {
  const doc = await getDocument({ data: new Uint8Array(readFileSync(file)) }).promise;
  const text: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    text.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  return { pages: doc.numPages, text };
}

/** A folder with the deck in slides/handout.md. */
function deckFolder(): string {
  const cwd = tempDataDir();
  mkdirSync(join(cwd, 'slides'));
  writeFileSync(join(cwd, 'slides', 'handout.md'), DECK);
  return cwd;
}

describe.runIf(browserAvailable())('handout', () => {
  const browser = useBrowser();

  it('writes a PDF of one page per slide, with the polls and without the speaker notes', async () => {
    const cwd = deckFolder();
    const run = await handout(cwd, {}, 'slides/handout.md');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const file = join(cwd, 'handout.pdf');
    expect(run.stdout.trim()).toBe(`Wrote ${file} (${SLIDES} pages)`);
    const pdf = await readPdf(file);
    expect(pdf.pages).toBe(SLIDES);
    const all = pdf.text.join('\n');
    expect(pdf.text[2]).toContain('What is your next step?');
    expect(pdf.text[2]).toContain('Write a third time');
    expect(pdf.text[2]).toContain('Ask the program director');
    expect(all).toContain('Should you meet every month?');
    expect(all).toContain('One word for a good mentor?');
    expect(all).not.toContain(NOTES_MARKER);
    // Nothing of the live deck: no join code, no poll buttons.
    expect(all).not.toMatch(/Reveal|Open — voting|answers ·/);
  });

  it('with --results, shows the counts of the polls the room was shown, and of no other', async () => {
    const dataDir = tempDataDir();
    const deck = deckFrom(DECK, 'handout.md');
    const server = await newParley({ dataDir, decks: new Map([[deck.id, deck]]) });
    const code = await server.createSession(deck.id);
    const presenter = await server.presenter(code);
    for (const pollId of ['next-step', 'meet', 'word']) ok(await request(presenter, 'presenter:poll', { pollId, action: 'open' }));
    const phones = await Promise.all(['phone-001', 'phone-002', 'phone-003'].map((id) => server.participant(code, id)));
    for (const [i, phone] of phones.entries()) {
      ok(await request(phone, 'audience:vote', { pollId: 'next-step', optionIds: [i < 2 ? 'ask' : 'write'] }));
      ok(await request(phone, 'audience:vote', { pollId: 'meet', optionIds: ['yes'] }));
    }
    ok(await request(phones[0]!, 'audience:submit', { pollId: 'word', text: '<b>Patient</b>' }));
    ok(await request(presenter, 'presenter:poll', { pollId: 'next-step', action: 'reveal' }));
    ok(await request(presenter, 'presenter:poll', { pollId: 'word', action: 'reveal' }));

    // Only the presenter key reads results (and the deck): the handout's data too.
    const api = `${server.url}/api/decks/${deck.id}/handout?session=${code}`;
    expect((await fetch(api)).status).toBe(401);
    expect((await fetch(api, { headers: { authorization: 'Bearer not-the-key-0123456789' } })).status).toBe(401);
    const data = (await (await fetch(api, { headers: { authorization: `Bearer ${PRESENTER_KEY}` } })).json()) as Handout;
    expect(Object.keys(data.session?.results ?? {}).sort()).toEqual(['next-step', 'word']);
    expect(data.deck.slides.every((s) => s.notes === '')).toBe(true);
    await server.close();

    const cwd = deckFolder();
    const run = await handout(cwd, { DATA_DIR: dataDir, PRESENTER_KEY }, 'slides/handout.md', '--results', code.toLowerCase(), '--out', 'room.pdf');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const pdf = await readPdf(join(cwd, 'room.pdf'));
    expect(pdf.pages).toBe(SLIDES);
    expect(pdf.text[2]).toMatch(/2\s*·\s*67%/);
    expect(pdf.text[2]).toMatch(/1\s*·\s*33%/);
    // 3 of 3 said yes, but the room was never shown it.
    expect(pdf.text[3]).toContain('Should you meet every month?');
    expect(pdf.text[3]).not.toMatch(/100%|3 answers/);
    // A participant's answer, as written (not as markup).
    expect(pdf.text[4]).toContain('<b>Patient</b>');
    expect(pdf.text.join('\n')).not.toContain(NOTES_MARKER);
  });

  it('says what is wrong: a deck with errors, an unknown session', async () => {
    const cwd = deckFolder();
    writeFileSync(join(cwd, 'slides', 'broken.md'), DECK.replace('type: yesno', 'type: yesnoo'));
    const broken = await handout(cwd, {}, 'slides/broken.md');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^slides\/broken\.md:\d+: unknown poll type "yesnoo"/m);
    expect(existsSync(join(cwd, 'broken.pdf'))).toBe(false);

    // A store with no such session.
    await (await newParley({ dataDir: join(cwd, 'data') })).close();
    const unknown = await handout(cwd, { DATA_DIR: join(cwd, 'data') }, 'slides/handout.md', '--results', 'ZZZZZ');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe(`No session with code ZZZZZ in ${join(cwd, 'data')}.`);

    const noBrowser = await handout(cwd, { CHROMIUM_PATH: join(cwd, 'no-chromium') }, 'slides/handout.md');
    expect(noBrowser.code).toBe(1);
    expect(noBrowser.stderr).toMatch(/^Chromium is needed for the handout: apt-get install -y chromium/);
  }, 120_000); // three runs of the command, each starting tsx

  it('the page opened from the start page: loads nothing refused, and prints without its hint', async () => {
    const deck = deckFrom(DECK, 'handout.md');
    const server = await newParley({ decks: new Map([[deck.id, deck]]) });
    const context = await offlineContext(browser(), { viewport: { width: 1280, height: 720 } });
    const start = await context.newPage();
    await start.goto(`${server.url}/present#key=${PRESENTER_KEY}`);
    const [page] = await Promise.all([context.waitForEvent('page'), start.getByTestId(`handout-${deck.id}`).click()]);
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
    });
    await page.waitForSelector('body[aria-busy="false"]', { state: 'attached' });
    expect(page.url()).toBe(`${server.url}/handout/${deck.id}`);
    await expect.poll(() => page.locator('.pdf-page').count()).toBe(SLIDES);
    await expect(page.getByTestId('handout-hint').isVisible()).resolves.toBe(true);
    expect(await page.locator('.reveal .notes, .join-box, .reveal .slides button').count()).toBe(0);
    await drawn(page);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'handout.png') });
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByTestId('handout-hint').isVisible()).resolves.toBe(false);
    expect(refused).toEqual([]);
  });

  it('a session’s handout, from its Export menu on the start page: the results its room was shown', async () => {
    const deck = deckFrom(DECK, 'handout.md');
    const server = await newParley({ decks: new Map([[deck.id, deck]]) });
    const code = await server.createSession(deck.id);
    const presenter = await server.presenter(code);
    for (const pollId of ['next-step', 'meet']) ok(await request(presenter, 'presenter:poll', { pollId, action: 'open' }));
    const phone = await server.participant(code, 'phone-handout-menu');
    ok(await request(phone, 'audience:vote', { pollId: 'next-step', optionIds: ['ask'] }));
    ok(await request(phone, 'audience:vote', { pollId: 'meet', optionIds: ['yes'] }));
    ok(await request(presenter, 'presenter:poll', { pollId: 'next-step', action: 'reveal' }));

    const context = await offlineContext(browser(), { viewport: { width: 1280, height: 720 } });
    const start = await context.newPage();
    await start.goto(`${server.url}/present#key=${PRESENTER_KEY}`);
    const [page] = await Promise.all([context.waitForEvent('page'), start.getByTestId(`export-${code}`).selectOption('handout')]);
    await page.waitForSelector('body[aria-busy="false"]', { state: 'attached' });
    expect(page.url()).toBe(`${server.url}/handout/${deck.id}?session=${code}`);
    // The revealed poll with its count; the one the room was never shown without.
    await expect.poll(() => page.getByTestId('handout-poll-next-step').getAttribute('data-results')).toBe('true');
    expect(await page.getByTestId('handout-poll-meet').getAttribute('data-results')).toBe('false');
    // The menu is back on its label, ready for the next choice.
    expect(await start.getByTestId(`export-${code}`).inputValue()).toBe('');
  });
});
