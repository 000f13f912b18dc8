// A disk that fails under a running server, for real: DATA_DIR on a tiny tmpfs that fills up, and
// on an ext4 loop device that the kernel turns read-only after an error. Phones are refused with
// "could not be saved" and never told "recorded", the facilitator is warned, /healthz and
// /metrics say so, the server keeps running, and once the disk has room again saving resumes by
// itself with every acknowledged answer on disk. Mounting needs root (CI runs as root); where
// it is impossible these tests are skipped, saying why.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { AckResult, MyAnswer, StorageStatus } from '../../server/protocol.js';
import { PARTICIPANT_RATES } from '../../server/socket/limits.js';
import { fileSecret } from '../../server/privacy/secret.js';
import { DATABASE_FILE } from '../../server/store/sqlite.js';
import { caughtUp, nextEvent, recordEvents } from '../helpers/events.js';
import { canMount, fill, mountPoint, smallDisk } from '../helpers/mount.js';
import { byPhone } from '../helpers/pseudonyms.js';
import { newParley, ok, PRESENTER_KEY, request, type TestServer, type TestSocket } from '../helpers/server.js';

const MOUNTABLE = canMount();

function vote(socket: TestSocket, pollId: string, optionIds: string[]): Promise<AckResult<MyAnswer>> {
  return request(socket, 'audience:vote', { pollId, optionIds });
}

/** Each participant's answer to `pollId` as the database file holds it, by the id its phone joined with. */
function storedAnswers(dataDir: string, code: string, pollId: string): Record<string, string[]> {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    const rows = db.prepare('SELECT participant_id, option_ids FROM votes WHERE session_code = ? AND poll_id = ?').all(code, pollId) as {
      participant_id: string;
      option_ids: string;
    }[];
    const answers = rows.map((r) => [r.participant_id, JSON.parse(r.option_ids) as string[]] as const);
    return Object.fromEntries(byPhone(answers, fileSecret(dataDir), code, ['phone-01', 'phone-02', 'phone-03']));
  } finally {
    db.close();
  }
}

async function metric(server: TestServer, name: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${PRESENTER_KEY}` } })).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.split(' ')[1]);
}

/** A session of the workshop deck with its first poll open, a presenter and `n` phones. */
async function votingRoom(server: TestServer, n: number) {
  const code = await server.createSession();
  const presenter = await server.presenter(code);
  ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'open' }));
  const phones = await Promise.all(Array.from({ length: n }, (_, i) => server.participant(code, `phone-0${i + 1}`)));
  return { code, presenter, phones };
}

const NOT_SAVED = 'Your answer could not be saved — please try again.';

describe.skipIf(!MOUNTABLE)('a disk that fills up (DATA_DIR on a small tmpfs; skipped: needs root to mount one)', () => {
  it('refuses answers while full, warns the facilitator, and saves again by itself once there is room', async () => {
    const dataDir = smallDisk('4m');
    const server = await newParley({ dataDir });
    const { code, presenter, phones } = await votingRoom(server, 3);
    const [first, second, third] = phones as [TestSocket, TestSocket, TestSocket];
    ok(await vote(first, 'branch-a', ['talk']));

    const warned = nextEvent(presenter, 'presenter:storage', (s) => !s.saving, 10_000);
    const filler = fill(dataDir);

    // The phone changes its mind: refused, and refused again each time it tries again (as it is
    // told to) — more often than its vote limit allows, yet never "too fast": a refused vote uses none of it.
    for (let attempt = 0; attempt < PARTICIPANT_RATES.vote.burst + 5; attempt++) {
      const refused = await vote(first, 'branch-a', ['wait']);
      expect(refused).toEqual({ ok: false, error: { code: 'internal', message: NOT_SAVED } });
    }
    const newcomer = await vote(second, 'branch-a', ['escalate']);
    expect(newcomer.ok).toBe(false);

    const warning: StorageStatus = await warned;
    expect(warning).toMatchObject({ saving: false, problem: 'the disk is full' });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(503);
    expect(await metric(server, 'parley_store_saving')).toBe(0);
    expect(await metric(server, 'parley_store_write_errors_total')).toBeGreaterThanOrEqual(PARTICIPANT_RATES.vote.burst + 6);
    // Showing the results is a change too: refused, and the room is not shown anything.
    expect(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'reveal' })).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });

    // A presenter window opened now is warned at once.
    const late = await server.client();
    const joined = ok(await request(late, 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    expect(joined.storage).toMatchObject({ saving: false, problem: 'the disk is full' });
    expect(joined.polls.find((p) => p.id === 'branch-a')?.tally.counts).toEqual({ talk: 1, wait: 0, escalate: 0 });

    // Room again: the warning goes by itself (nobody needs to vote for it), then answers are saved.
    const recovered = nextEvent(presenter, 'presenter:storage', (s) => s.saving, 10_000);
    unlinkSync(filler);
    expect(await recovered).toEqual({ saving: true });
    expect(ok(await vote(first, 'branch-a', ['wait'])).optionIds).toEqual(['wait']);
    expect(ok(await vote(second, 'branch-a', ['escalate'])).optionIds).toEqual(['escalate']);
    expect(ok(await vote(third, 'branch-a', ['talk'])).optionIds).toEqual(['talk']);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(await metric(server, 'parley_store_saving')).toBe(1);

    const shown = ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'close' }));
    expect(shown.tally.counts).toEqual({ talk: 1, wait: 1, escalate: 1 });
    await server.close();
    expect(storedAnswers(dataDir, code, 'branch-a')).toEqual({ 'phone-01': ['wait'], 'phone-02': ['escalate'], 'phone-03': ['talk'] });
  });

  it('a presenter action refused on a full disk is not shown as done, and works once there is room', async () => {
    const dataDir = smallDisk('4m');
    const server = await newParley({ dataDir });
    const { code, presenter, phones } = await votingRoom(server, 1);
    ok(await vote(phones[0]!, 'branch-a', ['talk']));
    const filler = fill(dataDir);

    const closing = await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'close' });
    expect(closing).toMatchObject({ ok: false, error: { code: 'internal' } });
    const again = await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'close' });
    expect(again).toMatchObject({ ok: false, error: { code: 'internal' } });
    // Still open: the phone may still answer once the disk has room.
    const ended = await fetch(`${server.url}/api/sessions/${code}/end`, { method: 'POST', headers: { authorization: `Bearer ${PRESENTER_KEY}` } });
    expect(ended.status).toBe(503);
    expect(ended.headers.get('retry-after')).not.toBeNull();

    unlinkSync(filler);
    expect(ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'close' })).status).toBe('closed');
    await server.close();
    const restarted = await newParley({ dataDir });
    const state = ok(await request(await restarted.client(), 'presenter:join', { code, key: PRESENTER_KEY, view: 'console' }));
    expect(state.polls.find((p) => p.id === 'branch-a')).toMatchObject({ status: 'closed', tally: { counts: { talk: 1, wait: 0, escalate: 0 } } });
    expect(state.ended).toBe(false);
    await restarted.close();
  });
  it('a chart view refused on a full disk changes no presenter window, and is shown everywhere (and kept) once there is room', async () => {
    const dataDir = smallDisk('4m');
    const server = await newParley({ dataDir });
    const { code, presenter, phones } = await votingRoom(server, 1);
    ok(await vote(phones[0]!, 'branch-a', ['talk']));
    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'again' }));
    ok(await vote(phones[0]!, 'branch-a', ['wait']));
    ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'reveal' }));
    const projector = await server.client();
    ok(await request(projector, 'presenter:join', { code, key: PRESENTER_KEY, view: 'projector' }));
    const heard = recordEvents(projector);
    const filler = fill(dataDir);

    for (let attempt = 0; attempt < 2; attempt++) {
      const refused = await request(presenter, 'presenter:view', { pollId: 'branch-a', view: 'movement' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'internal' } });
    }
    // No window was told of it (a failed write has the session read back from the file, and its
    // windows sent the state read: the plain chart), and one opened now has the plain chart.
    await caughtUp(projector);
    const told = heard.filter((e) => e.event === 'presenter:poll-state').map((e) => (e.data as { view: string }).view);
    expect(told.filter((view) => view !== 'normal')).toEqual([]);
    const joined = ok(await request(await server.client(), 'presenter:join', { code, key: PRESENTER_KEY, view: 'projector' }));
    expect(joined.polls.find((p) => p.id === 'branch-a')?.view).toBe('normal');

    unlinkSync(filler);
    const shown = nextEvent(projector, 'presenter:poll-state', (p) => p.id === 'branch-a' && p.view === 'movement');
    expect(ok(await request(presenter, 'presenter:view', { pollId: 'branch-a', view: 'movement' })).view).toBe('movement');
    expect((await shown).tally.earlier).toBeDefined();
    await server.close();
    const restarted = await newParley({ dataDir });
    const state = ok(await request(await restarted.client(), 'presenter:join', { code, key: PRESENTER_KEY, view: 'projector' }));
    expect(state.polls.find((p) => p.id === 'branch-a')).toMatchObject({ view: 'movement', revealed: true, rounds: 2 });
    await restarted.close();
  });
});

describe.skipIf(!MOUNTABLE)('a disk the kernel turns read-only (ext4 loop device, errors=remount-ro; skipped: needs root to mount one)', () => {
  it('refuses answers and warns, keeps serving, and every acknowledged answer is on the disk afterwards', async () => {
    const image = join(mkdtempSync(join(tmpdir(), 'parley-ext4-')), 'disk.img');
    onTestFinished(() => rmSync(join(image, '..'), { recursive: true, force: true }));
    execFileSync('truncate', ['-s', '16M', image]);
    execFileSync('mkfs.ext4', ['-q', image]);
    const dataDir = mountPoint();
    execFileSync('mount', ['-o', 'loop,errors=remount-ro', image, dataDir]);
    const device = execFileSync('findmnt', ['-n', '-o', 'SOURCE', dataDir]).toString().trim();

    const server = await newParley({ dataDir });
    const { code, presenter, phones } = await votingRoom(server, 2);
    ok(await vote(phones[0]!, 'branch-a', ['talk']));
    const warned = nextEvent(presenter, 'presenter:storage', (s) => !s.saving, 10_000);

    // What the kernel does on a disk error with errors=remount-ro (ext4's own test hook).
    execFileSync('sh', ['-c', `echo parley-test > /sys/fs/ext4/${device.replace('/dev/', '')}/trigger_fs_error`]);
    const refused = await vote(phones[1]!, 'branch-a', ['wait']);
    expect(refused).toEqual({ ok: false, error: { code: 'internal', message: NOT_SAVED } });
    expect((await warned).saving).toBe(false);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(503);
    // Still serving: joins and reads work.
    const late = await server.participant(code, 'phone-late-1');
    expect(late.connected).toBe(true);
    await server.close();

    // Mounted again (as after a repair): the acknowledged answer is there, the refused one is not.
    execFileSync('umount', [dataDir]);
    execFileSync('mount', ['-o', 'loop', image, dataDir]);
    expect(storedAnswers(dataDir, code, 'branch-a')).toEqual({ 'phone-01': ['talk'] });
  });
});
