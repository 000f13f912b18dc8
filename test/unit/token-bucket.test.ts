import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KeyedBuckets, TokenBucket } from '../../server/token-bucket.js';

describe('a participant’s token bucket (KeyedBuckets)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(5_000_000);
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const advance = (ms: number): void => {
    vi.setSystemTime(Date.now() + ms);
  };
  const takeAll = (buckets: KeyedBuckets, group: string, key: string, n: number): number[] =>
    Array.from({ length: n }, () => buckets.take(group, key));

  it('lets a burst through at once, then the steady rate, and says how long to wait', () => {
    const buckets = new KeyedBuckets({ burst: 20, perSecond: 5 });
    expect(takeAll(buckets, 'S', 'ana', 20)).toEqual(Array(20).fill(0));
    // The next token comes 200 ms from now.
    expect(buckets.take('S', 'ana')).toBe(200);
    advance(150);
    expect(buckets.take('S', 'ana')).toBe(50);
    advance(850);
    // A second after the burst: 5 more (refused attempts took nothing).
    expect(takeAll(buckets, 'S', 'ana', 6).map((w) => w === 0)).toEqual([true, true, true, true, true, false]);
    // Other keys are counted apart, and the same key in another group (session) too.
    expect(buckets.take('S', 'ben')).toBe(0);
    expect(buckets.take('T', 'ana')).toBe(0);
  });

  it('comes back whole after burst / perSecond seconds, and never holds more than the burst', () => {
    const buckets = new KeyedBuckets({ burst: 20, perSecond: 5 });
    takeAll(buckets, 'S', 'ana', 20);
    advance(60_000);
    expect(takeAll(buckets, 'S', 'ana', 21).filter((w) => w === 0)).toHaveLength(20);
  });

  it('gives back a token taken for something that did not happen, up to the burst', () => {
    const buckets = new KeyedBuckets({ burst: 3, perSecond: 1 });
    takeAll(buckets, 'S', 'ana', 3);
    buckets.giveBack('S', 'ana');
    expect(buckets.take('S', 'ana')).toBe(0);
    expect(buckets.take('S', 'ana')).toBeGreaterThan(0);
    // Giving back more than was taken makes no room beyond the burst.
    advance(10_000);
    for (let i = 0; i < 5; i++) buckets.giveBack('S', 'ana');
    expect(takeAll(buckets, 'S', 'ana', 4).filter((w) => w === 0)).toHaveLength(3);
  });

  it('does not lock a participant out when the clock is set back', () => {
    const buckets = new KeyedBuckets({ burst: 20, perSecond: 5 });
    takeAll(buckets, 'S', 'ana', 20);
    expect(buckets.take('S', 'ana')).toBeGreaterThan(0);
    advance(-3_600_000);
    expect(takeAll(buckets, 'S', 'ana', 21).filter((w) => w === 0)).toHaveLength(20);
  });

  it('forgets keys whose bucket is full again, so memory follows the active participants', () => {
    const buckets = new KeyedBuckets({ burst: 20, perSecond: 5 });
    for (let i = 0; i < 100; i++) buckets.take('S', `p${i}`);
    expect(buckets.size).toBe(100);
    advance(61_000);
    buckets.take('S', 'new');
    expect(buckets.size).toBe(1);
  });
});

describe('a connection’s token bucket (TokenBucket)', () => {
  it('refills at its rate from the time it was made', () => {
    const bucket = new TokenBucket({ burst: 2, perSecond: 10 });
    expect([bucket.take(0), bucket.take(0)]).toEqual([0, 0]);
    expect(bucket.take(0)).toBe(100);
    expect(bucket.take(100)).toBe(0);
    bucket.giveBack(100);
    expect(bucket.take(100)).toBe(0);
    expect(bucket.take(100)).toBe(100);
  });
});
