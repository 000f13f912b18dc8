// The phone's status line follows a language switch: it is kept as what it means, not as the
// words of the language it was set in, so "Answer recorded", "Not sent yet" and "check your
// connection" are said again in the new language — and a status set before the switch still
// becomes "you're back online" once the phone is back. Real server, real Chromium at 375 px.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserAvailable, offlineContext, PHONE, useBrowser } from '../helpers/browser.js';
import { everyPollDecks, openDecks } from '../helpers/decks.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer } from '../helpers/server.js';

describe.skipIf(!browserAvailable())('the phone’s status line after a language switch', () => {
  const browser = useBrowser();

  async function phone(server: TestServer, code: string): Promise<{ page: Page; context: BrowserContext }> {
    const context = await offlineContext(browser(), { ...PHONE, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${server.url}/j/${code}`);
    return { page, context };
  }

  /** A session with the presenter on slide `h` of `deck` and poll `pollId` open. */
  async function session(deck: 'every' | 'open', h: number, pollId: string): Promise<{ server: TestServer; code: string }> {
    const server = await newParley({ decks: deck === 'every' ? everyPollDecks() : openDecks() });
    const code = await server.createSession(deck);
    const presenter = await server.client();
    ok(await request(presenter, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    ok(await request(presenter, 'presenter:goto', { h, v: 0 }));
    ok(await request(presenter, 'presenter:poll', { pollId, action: 'open' }));
    return { server, code };
  }

  const status = (page: Page) => page.getByTestId('vote-status').textContent();
  const hint = (page: Page) => page.locator('#poll-hint').textContent();
  const menu = (page: Page) => page.getByTestId('language-select');
  const lang = (page: Page) => page.evaluate(() => document.documentElement.lang);

  /** Offline, the page cannot fetch a language it has not loaded yet: load it now, then come back to English. */
  async function preload(page: Page, language: string): Promise<void> {
    await menu(page).selectOption(language);
    await expect.poll(() => lang(page)).toBe(language);
    await menu(page).selectOption('en');
    await expect.poll(() => lang(page)).toBe('en');
  }

  it('says "Answer recorded" in the language switched to after voting', async () => {
    const { server, code } = await session('every', 1, 'respond');
    const { page } = await phone(server, code);
    await expect.poll(() => hint(page)).toBe('Tap your answer');
    await page.getByTestId('option-talk').click();
    await expect.poll(() => status(page)).toBe('✓ Answer recorded');

    await menu(page).selectOption('de');
    await expect.poll(() => hint(page)).toBe('Tippen Sie Ihre Antwort an');
    expect(await status(page)).toBe('✓ Antwort gespeichert');
    expect(await page.getByTestId('vote-status').getAttribute('class')).toContain('ok');

    await menu(page).selectOption('fr');
    await expect.poll(() => hint(page)).toBe('Touchez votre réponse');
    expect(await status(page)).toBe('✓ Réponse enregistrée');
  });

  it('says a vote tapped offline is not sent yet in the language switched to, then that it is recorded once back', async () => {
    const { server, code } = await session('every', 1, 'respond');
    const { page, context } = await phone(server, code);
    await expect.poll(() => hint(page)).toBe('Tap your answer');
    await preload(page, 'es');

    await context.setOffline(true);
    await page.getByTestId('connection-banner').waitFor({ state: 'visible' });
    await page.getByTestId('option-wait').click();
    await expect.poll(() => status(page)).toBe('Not sent yet — will send when you’re back online');

    await menu(page).selectOption('es');
    await expect.poll(() => status(page)).toBe('Aún no enviada — se enviará cuando vuelvas a tener conexión');
    expect(await page.getByTestId('vote-status').getAttribute('class')).toContain('pending');
    expect(await page.getByTestId('connection-banner').textContent()).toBe('Reconectando…');

    await context.setOffline(false);
    await expect.poll(() => status(page), { timeout: 15_000 }).toBe('✓ Respuesta registrada');
  });

  it('says a typed answer is not sent in the language switched to, and once back online how to send it, in that language', async () => {
    const { server, code } = await session('open', 1, 'first-meeting');
    const { page, context } = await phone(server, code);
    const box = page.getByTestId('text-input');
    await box.waitFor();
    await preload(page, 'fr');

    await context.setOffline(true);
    await page.getByTestId('connection-banner').waitFor({ state: 'visible' });
    await box.fill('Agree on a meeting rhythm');
    await page.getByTestId('text-send').click();
    await expect.poll(() => status(page)).toBe('Not sent — check your connection and send again');

    await menu(page).selectOption('fr');
    await expect.poll(() => status(page)).toBe('Pas envoyée — vérifiez votre connexion et renvoyez');
    expect(await box.inputValue()).toBe('Agree on a meeting rhythm');

    // Back in the session: the status set in English before the switch is recognised for what it
    // is and becomes "back online: tap Send", in French.
    await context.setOffline(false);
    await page.getByTestId('connection-banner').waitFor({ state: 'hidden', timeout: 15_000 });
    await expect.poll(() => status(page)).toBe('Pas encore envoyée — vous êtes reconnecté : touchez Envoyer');
    expect(await page.getByTestId('vote-status').getAttribute('class')).toContain('pending');

    await page.getByTestId('text-send').click();
    await expect.poll(() => status(page)).toBe('✓ Réponse envoyée');
    expect(await box.inputValue()).toBe('');
  });
});
