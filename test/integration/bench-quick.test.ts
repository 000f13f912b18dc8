// The quick benchmark as a correctness check (timings are reported by `npm run bench`, never
// asserted): a few hundred simulated participants in separate load processes vote in a window
// and in a burst; nothing is lost, the tally is exact, tallies are coalesced and phones get no
// per-vote traffic.
import { describe, expect, it } from 'vitest';
import { runBench } from '../../bench/bench.js';

describe('npm run bench -- --quick', () => {
  it('carries 300 participants over two load processes with no vote lost and exact tallies', async () => {
    const lines: string[] = [];
    const result = await runBench({
      participants: 300,
      window: 2,
      burst: 1,
      polls: 2,
      changeShare: 0.1,
      perProcess: 150,
      baseline: true,
      floorMessages: true,
      log: (line) => lines.push(line),
    });
    const { parley, baseline } = result;
    expect(parley.connected).toBe(300);
    for (const poll of parley.polls) {
      expect(poll.sent).toBeGreaterThanOrEqual(300);
      expect(poll.lost).toBe(0);
      expect(poll.errors).toEqual({});
      expect(poll.exactTally).toBe(true);
      // Coalesced: about one tally message per 100 ms tick, however many votes arrive.
      expect(poll.maxTalliesPer100ms).toBeLessThanOrEqual(2);
      expect(poll.presenterTallies).toBeLessThanOrEqual(Math.ceil(poll.windowMs / 100) + 15);
    }
    // Per phone: the slide change, the opening, the closing and the reveal of each poll — no
    // message per vote.
    expect(parley.phoneMessages).toBeLessThanOrEqual(4 * parley.polls.length);
    expect(baseline?.polls.every((p) => p.lost === 0)).toBe(true);
    expect(baseline?.phoneMessages).toBe(0);
    // The like-for-like floor sends every phone state messages too, coalesced as Parley's are (at
    // most one per presenter step). Not always as many: steps further apart than the coalescing
    // wait (40 ms) go as two, and how far apart they come depends on the machine's load.
    expect(result.baselineMessages?.phoneMessages).toBeGreaterThan(0);
    expect(result.baselineMessages?.phoneMessages).toBeLessThanOrEqual(4 * parley.polls.length);
    expect(result.ratios?.throughput).toBeGreaterThan(0);
    expect(result.messageRatios?.cpu).toBeGreaterThan(0);
  }, 120_000);
});
