// The start page's "Follow-up…" of an ended session (issue 21, part 3): the follow-up deck named
// like the session's deck comes first, picking it starts a follow-up of that session and opens its
// deck, and the history then says which session it follows up. A live session offers none.
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadDecks } from '../../server/deck/load.js';
import { browserAvailable, offlineContext, useBrowser } from '../helpers/browser.js';
import { newParley, PRESENTER_KEY } from '../helpers/server.js';

const decks = loadDecks(join(import.meta.dirname, '..', '..', 'slides'));
const auth = { authorization: `Bearer ${PRESENTER_KEY}` };

describe.skipIf(!browserAvailable())('the start page’s follow-up', () => {
  const browser = useBrowser();

  it('starts a follow-up of an ended session with the follow-up deck first', async () => {
    const server = await newParley({ decks });
    const live = await server.createSession('mentoring');
    const ended = await server.createSession('mentoring');
    expect((await fetch(`${server.url}/api/sessions/${ended}/end`, { method: 'POST', headers: auth })).status).toBe(200);

    const page = await (await offlineContext(browser(), { viewport: { width: 1280, height: 720 } })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    onTestFinished(() => expect(errors).toEqual([]));
    await page.goto(`${server.url}/present#key=${PRESENTER_KEY}`);
    const picker = page.getByTestId(`follow-up-${ended}`);
    await picker.waitFor();
    expect(await page.getByTestId(`follow-up-${live}`).count()).toBe(0);
    expect(await picker.getAttribute('aria-label')).toBe(`Start a follow-up of ${ended}`);
    const options = await picker.locator('option').allTextContents();
    expect(options.slice(0, 2)).toEqual(['Follow-up…', 'with Mentor-Mentee Relationships: follow-up (mentoring-followup.md)']);

    await picker.selectOption('mentoring-followup');
    await page.waitForURL(/\/present\?session=[A-Z0-9]{5}$/);
    const code = new URL(page.url()).searchParams.get('session')!;
    const { sessions } = (await (await fetch(`${server.url}/api/sessions`, { headers: auth })).json()) as {
      sessions: { code: string; deck: string; followUpOf?: string }[];
    };
    expect(sessions.find((s) => s.code === code)).toMatchObject({ deck: 'mentoring-followup', followUpOf: ended });

    // Back on the start page, the history says what the new session follows up.
    await page.goto(`${server.url}/present`);
    const row = page.locator(`tr[data-code="${code}"]`);
    await row.waitFor();
    expect(await row.locator('.history-deck').textContent()).toBe(`Mentor-Mentee Relationships: follow-up · follow-up of ${ended}`);
  });
});
