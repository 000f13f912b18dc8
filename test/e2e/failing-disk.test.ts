// The full disk as the room sees it, in Chromium: a phone (375 px) that changes its answer while
// DATA_DIR's disk is full is told "could not be saved" — never "Answer recorded" — the projector
// (1280×720) warns the facilitator, and once space is freed the warning goes and the phone's next
// tap is recorded and stored. Needs root to mount a tmpfs (CI runs as root).
import Database from 'better-sqlite3';
import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../server/store/sqlite.js';
import { browserAvailable, offlineContext, PHONE, SCREENSHOTS, useBrowser } from '../helpers/browser.js';
import { canMount, fill, smallDisk } from '../helpers/mount.js';
import { newParley, ok, PRESENTER_KEY, request } from '../helpers/server.js';

describe.skipIf(!browserAvailable() || !canMount())(
  'a full disk on the phone and the projector (skipped: needs Chromium and root to mount a tmpfs)',
  () => {
    const browser = useBrowser();
    const ready = (page: Page) => page.waitForSelector('body[aria-busy="false"]', { state: 'attached' });

    it('the phone is told its answer was not saved, the projector warns, and both recover once there is room', async () => {
      const dataDir = smallDisk('4m');
      const server = await newParley({ dataDir });
      const code = await server.createSession();
      const presenter = await server.presenter(code);
      ok(await request(presenter, 'presenter:goto', { h: 1, v: 1 }));
      ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'open' }));

      const deck = await (await offlineContext(browser(), { viewport: { width: 1280, height: 720 } })).newPage();
      await deck.goto(`${server.url}/present?session=${code}#key=${PRESENTER_KEY}`);
      await ready(deck);
      const phone = await (await offlineContext(browser(), PHONE)).newPage();
      await phone.goto(`${server.url}/j/${code}`);
      await phone.getByTestId('option-talk').click();
      await expect.poll(() => phone.getByTestId('vote-status').textContent()).toContain('Answer recorded');

      const filler = fill(dataDir);

      await phone.getByTestId('option-wait').click();
      await expect.poll(() => phone.getByTestId('vote-status').textContent()).toBe('Your answer could not be saved — please try again.');
      expect(await phone.getByTestId('vote-status').getAttribute('class')).toContain('error');
      const warning = deck.getByTestId('storage-warning');
      await warning.waitFor();
      expect(await warning.textContent()).toContain('Answers are not being saved: the disk is full.');
      await phone.screenshot({ path: join(SCREENSHOTS, 'phone-disk-full.png') });
      await deck.screenshot({ path: join(SCREENSHOTS, 'deck-disk-full.png') });
      // The projector's count is what is stored: the one answer from before.
      expect(await deck.getByTestId('poll-state-branch-a').getAttribute('data-status')).toBe('open');

      unlinkSync(filler);
      await warning.waitFor({ state: 'hidden', timeout: 10_000 });
      await phone.getByTestId('option-wait').click();
      await expect.poll(() => phone.getByTestId('vote-status').textContent()).toContain('Answer recorded');

      await server.close();
      const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
      const rows = db.prepare('SELECT option_ids FROM votes WHERE session_code = ?').all(code) as { option_ids: string }[];
      db.close();
      expect(rows.map((r) => r.option_ids)).toEqual(['["wait"]']);
    });
  },
);
