// A clean stop (SIGTERM / SIGINT) of the real server in a child process: clients are told
// `server:closing`, votes in progress are stored and acknowledged or refused (never acknowledged
// and lost), lingering HTTP connections do not hold it up, and it exits 0 within seconds; a second
// signal during the shutdown stops it at once without a crash.
import Database from 'better-sqlite3';
import { connect as tcpConnect, type Socket as TcpSocket } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { AckResult, MyAnswer } from '../../server/protocol.js';
import { fileSecret } from '../../server/privacy/secret.js';
import { DATABASE_FILE } from '../../server/store/sqlite.js';
import { byPhone } from '../helpers/pseudonyms.js';
import { ok, PRESENTER_KEY, request, tempDataDir, type TestSocket } from '../helpers/server.js';
import { clientOf, startParley, type Started } from '../helpers/parley-process.js';

const OPTIONS = ['talk', 'wait', 'escalate'];

/** Each phone's answer to branch-a as the database holds it, by the id the phone joined with (one of `phoneIds`). */
function storedVotes(dataDir: string, code: string, phoneIds: string[]): Map<string, string[]> {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  try {
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    const rows = db.prepare("SELECT participant_id, option_ids FROM votes WHERE session_code = ? AND poll_id = 'branch-a'").all(code) as {
      participant_id: string;
      option_ids: string;
    }[];
    return byPhone(
      rows.map((r) => [r.participant_id, JSON.parse(r.option_ids) as string[]] as const),
      fileSecret(dataDir),
      code,
      phoneIds,
    );
  } finally {
    db.close();
  }
}

/** A connection that sent half a request and waits: only closeAllConnections() ends it. */
function lingeringConnection(url: string): Promise<TcpSocket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(Number(port), hostname, () => {
      socket.write(`GET /healthz HTTP/1.1\r\nHost: ${hostname}:${port}\r\nX-Slow: `);
      resolve(socket);
    });
    socket.on('error', reject);
    onTestFinished(() => {
      socket.destroy();
    });
  });
}

async function openPoll(run: Started): Promise<TestSocket> {
  const presenter = await clientOf(run.url);
  ok(await request(presenter, 'presenter:join', { code: run.code, key: PRESENTER_KEY, view: 'console' }));
  ok(await request(presenter, 'presenter:poll', { pollId: 'branch-a', action: 'open' }));
  return presenter;
}

async function phonesOf(run: Started, n: number, prefix: string): Promise<{ id: string; socket: TestSocket }[]> {
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const id = `${prefix}-${String(i).padStart(2, '0')}`;
      const socket = await clientOf(run.url);
      ok(await request(socket, 'audience:join', { code: run.code, participantId: id }));
      return { id, socket };
    }),
  );
}

describe('shutdown', () => {
  it('on SIGTERM tells every client, finishes the votes in progress, cuts lingering connections and exits 0 within 5 s', async () => {
    const dataDir = tempDataDir();
    const run = await startParley(dataDir, { LOG_LEVEL: 'info' });
    const presenter = await openPoll(run);
    const phones = await phonesOf(run, 30, 'stop-phone');

    const closing = new Set<TestSocket>();
    for (const s of [presenter, ...phones.map((p) => p.socket)]) s.on('server:closing', () => closing.add(s));

    // One vote acknowledged just before the signal.
    const first = phones[0]!;
    const before = ok(await request(first.socket, 'audience:vote', { pollId: 'branch-a', optionIds: ['escalate'] }));
    expect(before.optionIds).toEqual(['escalate']);
    // An HTTP connection that never finishes its request, and an idle keep-alive one.
    await lingeringConnection(run.url);
    expect((await fetch(`${run.url}/healthz`)).status).toBe(200);

    // The others vote continuously, before, during and after the signal.
    const acked = new Map<string, string[]>();
    const refusedAfterSignal: string[] = [];
    const unanswered = new Map<string, string[]>();
    let stop = false;
    let signalled = false;
    const voting = Promise.all(
      phones.slice(1).map(async ({ id, socket }, n) => {
        for (let i = 0; !stop && socket.connected && i < 15; i++) {
          const optionIds = [OPTIONS[(i + n) % OPTIONS.length]!];
          unanswered.set(id, optionIds);
          const result = await new Promise<AckResult<MyAnswer> | null>((resolve) => {
            socket.once('disconnect', () => resolve(null));
            socket.emit('audience:vote', { pollId: 'branch-a', optionIds }, resolve);
          });
          if (result === null) return;
          if (result.ok) {
            acked.set(id, result.data.optionIds);
            unanswered.delete(id);
          } else {
            expect(signalled).toBe(true); // refusals only once shutting down
            refusedAfterSignal.push(result.error.message);
            unanswered.delete(id);
            return;
          }
          await new Promise((r) => setTimeout(r, 5)); // real time: paces the load, votes keep coming
        }
      }),
    );
    // The signal comes once every phone has had a vote acknowledged: votes before it, and in flight at it.
    await expect.poll(() => acked.size, { timeout: 10_000 }).toBe(phones.length - 1);

    const signalAt = Date.now();
    signalled = true;
    run.signal('SIGTERM');
    const exit = await run.exited;
    stop = true;
    await voting;
    const took = exit.at - signalAt;
    console.log(
      `shutdown: exit ${exit.code} after ${took} ms; ${closing.size}/${phones.length + 1} sockets told server:closing; ` +
        `${acked.size} phones with an acknowledged vote, ${refusedAfterSignal.length} votes refused while closing, ${unanswered.size} unanswered`,
    );
    expect(exit.code).toBe(0);
    expect(took).toBeLessThan(5000);
    expect(closing.size).toBe(phones.length + 1);
    expect(run.output()).toContain('"msg":"shutting down"');
    expect(run.output()).toContain('"msg":"stopped"');
    for (const message of refusedAfterSignal) expect(message).toMatch(/shutting down/);

    const stored = storedVotes(
      dataDir,
      run.code,
      phones.map((p) => p.id),
    );
    expect(stored.get(first.id)).toEqual(['escalate']);
    for (const [id, optionIds] of acked) {
      // Acknowledged: stored — unless a later vote, sent but never answered, replaced it.
      const inDb = stored.get(id);
      const later = unanswered.get(id);
      expect(later && inDb && inDb[0] === later[0] ? later : optionIds).toEqual(inDb);
    }
  }, 90_000);

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`a second ${signal} during the shutdown stops at once, without a crash, and the database is intact`, async () => {
      const dataDir = tempDataDir();
      const run = await startParley(dataDir, { LOG_LEVEL: 'info' });
      await openPoll(run);
      const [phone] = await phonesOf(run, 1, 'twice');
      ok(await request(phone!.socket, 'audience:vote', { pollId: 'branch-a', optionIds: ['wait'] }));
      // Holds the shutdown in its last step (it waits up to its grace period for this connection).
      await lingeringConnection(run.url);

      run.signal(signal);
      await run.waitFor('"msg":"shutting down"', 3000);
      const secondAt = Date.now();
      run.signal(signal);
      const exit = await run.exited;
      expect(exit.at - secondAt).toBeLessThan(2000);
      expect(exit.signal).toBeNull(); // it exited by itself, not killed by the signal
      expect(exit.code).toBe(1);
      expect(run.output()).toContain('second signal during shutdown: stopping now');
      expect(run.output()).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
      expect(storedVotes(dataDir, run.code, [phone!.id]).get(phone!.id)).toEqual(['wait']);
    }, 90_000);
  }
});
