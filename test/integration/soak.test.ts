// Memory that does not grow with every session (issue 16, part 6): 40 sessions of 100 phones one
// after the other on one server, each run to its end by bench/soak.ts (the same session as
// `npm run bench -- --soak`, smaller). With ENDED_SESSION_GRACE_SECONDS=0 the sweep forgets each
// ended session once its phones have left, so the heap after a forced GC stays where it was. From
// its floor around the 10th session (the least of five) to the least of the last eight: +0.7 MB
// with the sweep (2026-12-07, two runs); +3.7 MB with every ended session kept in memory
// (ENDED_SESSION_GRACE_SECONDS=86400, the behaviour before the sweep), which fails the bound.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDecks } from '../../server/deck/load.js';
import { soakSession } from '../../bench/soak.js';
import { newParley, PRESENTER_KEY } from '../helpers/server.js';

const SESSIONS = 40;
const PHONES = 100;
/** Choice polls run in each session: 400 votes (a session's time goes to the poll actions, hardly to the phones). */
const POLLS = 4;
/**
 * The heap is compared from the 10th session on: before it, V8's compiled code and the pools of
 * the server and of the clients still fill up (measured with the sweep: about +1 MB from the 5th
 * to the 15th session, then flat).
 */
const BASELINE = 10;
/**
 * The last sessions, whose least heap is compared: eight, as a CI run under load once caught five
 * samples running with buffers in flight (+1.8 MB each); a leak raises all eight.
 */
const LAST = 8;
/** Growth allowed from the baseline to the last sessions. */
const BOUND_MB = 2;

/**
 * The heap's floor around session n (1-based): the least of the five samples from n-2 to n+2. A
 * sample can catch buffers still in flight (+1.9 MB seen, sometimes in two samples running), which
 * only ever add; what a session leaves behind raises every later sample, so it raises the floor too.
 */
function floorAround(heapMb: number[], n: number): number {
  return Math.min(...heapMb.slice(n - 3, n + 2));
}

/**
 * A full GC in this process, which is the server's: V8's gc() is exposed on request at run time
 * and read from a new context, so no Node flag has to reach vitest's worker (the other tests run
 * as they always do).
 */
function gcFunction(): () => void {
  setFlagsFromString('--expose_gc');
  return runInNewContext('gc') as () => void;
}

describe('soak: sessions one after the other', () => {
  it('keeps the heap flat and no ended session in memory once swept', async () => {
    const gc = gcFunction();
    const decks = loadDecks(join(import.meta.dirname, '..', '..', 'slides'));
    const deck = decks.get('mentoring')!;
    const server = await newParley({ decks, env: { ENDED_SESSION_GRACE_SECONDS: '0' } });
    const heapMb: number[] = [];
    const ended = new Set<string>();
    for (let n = 1; n <= SESSIONS; n++) {
      const { code, votes } = await soakSession({
        url: server.url,
        presenterKey: PRESENTER_KEY,
        deck,
        phones: PHONES,
        polls: POLLS,
        idPrefix: `s${n}`,
      });
      expect(votes).toBe(PHONES * POLLS);
      ended.add(code);
      // The server hears the phones leave a moment after they close.
      await expect.poll(() => server.sessions.liveStats().participants).toBe(0);
      server.sessions.sweep();
      gc();
      heapMb.push(process.memoryUsage().heapUsed / 2 ** 20);
    }
    expect(server.sessions.codes().filter((code) => ended.has(code))).toEqual([]);
    const growth = Math.min(...heapMb.slice(-LAST)) - floorAround(heapMb, BASELINE);
    expect(growth, `heap after each session (MB): ${heapMb.map((h) => h.toFixed(1)).join(' ')}`).toBeLessThan(BOUND_MB);
    // About 20 s on a quiet 2-core machine; more when other suites share its cores.
  }, 180_000);
});
