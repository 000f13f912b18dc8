// The phone page speaks the participant's language: English, French, Spanish and German, chosen
// from the browser's languages or by hand (remembered), with plural forms; the deck's own words
// (questions, options, slide titles) stay as the author wrote them.
import { join } from 'node:path';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserAvailable, offlineContext, PHONE, SCREENSHOTS, useBrowser } from '../helpers/browser.js';
import { everyPollDecks } from '../helpers/decks.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer, type TestSocket } from '../helpers/server.js';

describe.skipIf(!browserAvailable())('the phone page in other languages', () => {
  const browser = useBrowser();

  async function phone(options: BrowserContextOptions = {}): Promise<Page> {
    return (await offlineContext(browser(), { ...PHONE, ...options })).newPage();
  }

  /** A session with the single-choice poll of EVERY_POLL_DECK open (slide 2, "Dr. X responds"). */
  async function session(): Promise<{ server: TestServer; code: string; presenter: TestSocket }> {
    const server = await newParley({ decks: everyPollDecks() });
    const code = await server.createSession('every');
    const presenter = await server.client();
    ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    ok(await request(presenter, 'presenter:goto', { h: 1, v: 0 }));
    ok(await request(presenter, 'presenter:poll', { pollId: 'respond', action: 'open' }));
    return { server, code, presenter };
  }

  const text = (page: Page, testId: string) => page.getByTestId(testId).textContent();
  const lang = (page: Page) => page.evaluate(() => document.documentElement.lang);

  it('speaks French to a browser set to French, keeping the deck’s words as written', async () => {
    const { server, code, presenter } = await session();
    const page = await phone({ locale: 'fr-FR' });
    const chunks: string[] = [];
    page.on('request', (r) => {
      if (/\/assets\/(fr|es|de)-/.test(r.url())) chunks.push(new URL(r.url()).pathname);
    });

    await page.goto(`${server.url}/`);
    await expect.poll(() => page.locator('#join-title').textContent()).toBe('Rejoindre la session');
    expect(await lang(page)).toBe('fr');
    expect(await page.title()).toBe('Parley — rejoindre');
    expect(await page.locator('#lang-label').textContent()).toBe('Langue');
    expect(await page.getByTestId('language-select').inputValue()).toBe('fr');
    expect(chunks).toEqual([expect.stringMatching(/^\/assets\/fr-/)]); // only the French words were fetched

    await page.getByTestId('code-input').fill(code);
    await page.getByTestId('join-button').click();
    await expect.poll(() => text(page, 'poll-question')).toBe('How should Dr. X respond?');
    expect(await text(page, 'slide-context')).toBe('Diapositive 2 · Dr. X responds');
    expect(await page.locator('#poll-hint').textContent()).toBe('Touchez votre réponse');
    expect(await text(page, 'option-talk')).toBe('Talk to them');

    await page.getByTestId('option-talk').click();
    await expect.poll(() => text(page, 'vote-status')).toBe('✓ Réponse enregistrée');
    await expect.poll(() => page.locator('#announcer').textContent()).toBe('Réponse enregistrée');

    // Plural forms by the language's rules: French says "1 personne a répondu", "2 personnes ont répondu".
    ok(await request(presenter, 'presenter:poll', { pollId: 'respond', action: 'reveal' }));
    await page.getByTestId('results').waitFor();
    expect(await page.locator('.respondents').textContent()).toBe('1 personne a répondu');
    expect(await text(page, 'result-talk')).toContain('✓ Votre réponse');
    expect(await text(page, 'result-talk')).toContain('1 vote · 100%');
    const other = await server.client();
    ok(await request(other, 'audience:join', { code, participantId: 'another-participant' }));
    ok(await request(other, 'audience:vote', { pollId: 'respond', optionIds: ['wait'] }));
    ok(await request(presenter, 'presenter:poll', { pollId: 'respond', action: 'hide' }));
    ok(await request(presenter, 'presenter:poll', { pollId: 'respond', action: 'reveal' }));
    await expect.poll(() => page.locator('.respondents').textContent()).toBe('2 personnes ont répondu');
    expect(await text(page, 'result-wait')).toContain('1 vote · 50%');
    await page.screenshot({ path: join(SCREENSHOTS, 'phone-results-375-fr.png'), fullPage: true });
  });

  it('speaks Spanish to a browser set to Spanish', async () => {
    const { server, code } = await session();
    const page = await phone({ locale: 'es', viewport: { width: 320, height: 568 } });
    await page.goto(`${server.url}/j/${code}`);
    await expect.poll(() => page.locator('#poll-hint').textContent()).toBe('Toca tu respuesta');
    expect(await lang(page)).toBe('es');
    expect(await text(page, 'slide-context')).toBe('Diapositiva 2 · Dr. X responds');
    expect(await text(page, 'poll-question')).toBe('How should Dr. X respond?');
    await page.getByTestId('option-wait').click();
    await expect.poll(() => text(page, 'vote-status')).toBe('✓ Respuesta registrada');
    await page.screenshot({ path: join(SCREENSHOTS, 'phone-answered-320-es.png'), fullPage: true });
  });

  it('stays in English for an English browser, and for a language Parley does not speak', async () => {
    const { server, code } = await session();
    for (const locale of ['en-US', 'ja-JP']) {
      const page = await phone({ locale });
      const chunks: string[] = [];
      page.on('request', (r) => {
        if (/\/assets\/(fr|es|de)-/.test(r.url())) chunks.push(r.url());
      });
      await page.goto(`${server.url}/j/${code}`);
      await expect.poll(() => page.locator('#poll-hint').textContent()).toBe('Tap your answer');
      expect(await lang(page)).toBe('en');
      expect(chunks, locale).toEqual([]); // English is built in: nothing more to fetch
    }
  });

  it('switches language from the menu by keyboard, and remembers it after a reload', async () => {
    const { server, code } = await session();
    const page = await phone({ locale: 'en-US' });
    await page.goto(`${server.url}/j/${code}`);
    await expect.poll(() => page.locator('#poll-hint').textContent()).toBe('Tap your answer');
    await page.getByTestId('option-escalate').click();
    await expect.poll(() => text(page, 'vote-status')).toBe('✓ Answer recorded');

    // The menu is labelled and reachable with the keyboard.
    const menu = page.getByTestId('language-select');
    expect(await menu.evaluate((el: HTMLSelectElement) => el.labels[0]?.textContent)).toBe('Language');
    await menu.focus();
    await menu.selectOption('de'); // what arrow keys on a focused <select> do
    await expect.poll(() => page.locator('#poll-hint').textContent()).toBe('Tippen Sie Ihre Antwort an');
    expect(await lang(page)).toBe('de');
    expect(await page.locator('#lang-label').textContent()).toBe('Sprache');
    expect(await text(page, 'poll-question')).toBe('How should Dr. X respond?');
    expect(await text(page, 'option-escalate')).toContain('Ask the program director');
    expect(await text(page, 'option-escalate')).toContain('✓ Ihre Antwort');

    await page.reload();
    await expect.poll(() => page.locator('#poll-hint').textContent()).toBe('Tippen Sie Ihre Antwort an');
    expect(await lang(page)).toBe('de');
    expect(await menu.inputValue()).toBe('de');
    await expect.poll(() => text(page, 'vote-status')).toBe('✓ Antwort gespeichert');

    // And back: the choice beats the browser's language.
    await menu.selectOption('fr');
    await expect.poll(() => page.locator('#poll-hint').textContent()).toBe('Touchez votre réponse');
    await page.reload();
    await expect.poll(() => lang(page)).toBe('fr');
  });

  it('keeps the code that is being typed when the language changes on the join form', async () => {
    const { server } = await session();
    const page = await phone({ locale: 'en-US' });
    await page.goto(`${server.url}/`);
    await page.getByTestId('code-input').fill('AB');
    await page.getByTestId('join-button').click();
    await expect.poll(() => text(page, 'join-error')).toBe('Enter the 5-character code shown on the screen');
    await page.getByTestId('language-select').selectOption('es');
    await expect.poll(() => text(page, 'join-error')).toBe('Escribe el código de 5 caracteres que aparece en la pantalla');
    expect(await page.getByTestId('code-input').inputValue()).toBe('AB');
    expect(await page.locator('#join-title').textContent()).toBe('Unirse a la sesión');
  });
});
