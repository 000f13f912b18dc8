// The timing plan (server/deck/plan.ts): minutes per section, the planned start of each slide,
// which branch counts, and ahead/behind on a slide — pure functions of a parsed deck.
import { describe, expect, it } from 'vitest';
import { deckPlan, pace } from '../../server/deck/plan.js';
import { parseOk, source } from '../helpers/deck-source.js';

const time = (minutes: number, optional = false) => ['```slide', `time: ${minutes}`, ...(optional ? ['optional: true'] : []), '```'];
const deck = (duration: number | undefined, ...lines: string[]) =>
  parseOk(source('---', 'title: Plan', ...(duration === undefined ? [] : [`duration: ${duration}`]), '---', ...lines));

// 1 (2 min) | 2: a branching poll (1), its branches 3.1 (4) + 3.2 (2), 3.3 (5), 3.4 (1, optional) | 4 (3, optional) | 5 (no time)
const BRANCHING = deck(
  20,
  '# Start',
  ...time(2),
  '---',
  '# Pick',
  ...time(1),
  '```poll',
  'id: pick',
  'type: single',
  'question: Which?',
  'options:',
  '  a: A -> #a',
  '  b: B -> #b',
  '  stay: Stay',
  '```',
  '---',
  '# A {#a}',
  ...time(4),
  '--',
  '# A, more',
  ...time(2),
  '--',
  '# B {#b}',
  ...time(5),
  '--',
  '# Extra',
  ...time(1, true),
  '---',
  '# Bonus',
  ...time(3, true),
  '---',
  '# End',
);

describe('the plan of a deck', () => {
  it('sums each section, counting the longest branch and leaving optional slides out', () => {
    const plan = deckPlan(BRANCHING);
    expect(plan.sections.map((s) => [s.number, s.minutes, s.optional, s.alternatives])).toEqual([
      ['1', 2, 0, 0],
      ['2', 1, 0, 0],
      ['3', 6, 1, 5], // A + A, more (6) counts; B (5) and Extra (1, optional) do not
      ['4', 0, 3, 0],
      ['5', 0, 0, 0],
    ]);
    expect(plan.total).toBe(9);
    expect(plan.optional).toBe(4);
    expect(plan.duration).toBe(20);
    expect(plan.untimed).toEqual(['5']);
    expect(plan.branchings).toEqual([
      { from: '2', counted: { first: '3.1', title: 'A', minutes: 6 }, others: [{ first: '3.3', title: 'B', minutes: 5 }] },
    ]);
  });

  it('plans each slide from the minutes before it; a branch not counted starts when the counted one does', () => {
    const plan = deckPlan(BRANCHING);
    expect(plan.slides.map((s) => [s.number, s.start, s.end, s.branch ?? ''])).toEqual([
      ['1', 0, 2, ''],
      ['2', 2, 3, ''],
      ['3.1', 3, 7, 'counted'],
      ['3.2', 7, 9, 'counted'],
      ['3.3', 3, 8, 'other'],
      ['3.4', 8, 8, 'other'], // optional, and on branch B: after B's 5 minutes
      ['4', 9, 9, ''],
      ['5', 9, 9, ''],
    ]);
  });

  it('counts the first of equally long branches, and a poll with one link is no branching', () => {
    const even = deck(
      undefined,
      '# P',
      '```poll',
      'id: p',
      'type: single',
      'question: Q?',
      'options:',
      '  x: X -> #x',
      '  y: Y -> #y',
      '```',
      '---',
      '# X {#x}',
      ...time(3),
      '---',
      '# Y {#y}',
      ...time(3),
    );
    const plan = deckPlan(even);
    expect(plan.branchings[0]).toMatchObject({ counted: { first: '2' }, others: [{ first: '3' }] });
    expect(plan.total).toBe(3);
    expect(plan.sections.map((s) => s.minutes)).toEqual([0, 3, 0]);

    const single = deck(
      undefined,
      '# P',
      '```poll',
      'id: p',
      'type: single',
      'question: Q?',
      'options:',
      '  x: X -> #x',
      '  y: Y',
      '```',
      '---',
      '# X {#x}',
      ...time(3),
      '---',
      '# Y',
      ...time(2),
    );
    expect(deckPlan(single)).toMatchObject({ total: 5, branchings: [] });
  });

  it('has no plan without a time on any slide', () => {
    expect(deckPlan(deck(60, '# A', '---', '# B'))).toMatchObject({ timed: false, total: 0, untimed: ['1', '2'] });
  });

  it('adds fractions to the tenth of a minute', () => {
    expect(deckPlan(deck(undefined, '# A', ...time(0.1), '---', '# B', ...time(0.2))).total).toBe(0.3);
  });
});

describe('ahead or behind', () => {
  const plan = deckPlan(BRANCHING);

  it('is on time while the clock is within a minute of the slide’s planned minutes', () => {
    expect(pace(plan, 2, 3)).toEqual({ status: 'on-time', minutes: 0, left: 6 });
    expect(pace(plan, 2, 6)).toEqual({ status: 'on-time', minutes: 0, left: 3 });
    expect(pace(plan, 2, 7.4)).toEqual({ status: 'on-time', minutes: 0, left: 2 });
  });

  it('is ahead when the plan reaches the slide later than now', () => {
    expect(pace(plan, 3, 4)).toEqual({ status: 'ahead', minutes: 3, left: 2 });
    expect(pace(plan, 1, 0)).toEqual({ status: 'ahead', minutes: 2, left: 7 });
  });

  it('is behind when the plan has already left the slide', () => {
    expect(pace(plan, 0, 5)).toEqual({ status: 'behind', minutes: 3, left: 7 });
    expect(pace(plan, 6, 15)).toEqual({ status: 'behind', minutes: 6, left: 0 });
  });

  it('measures a branch not counted against its own planned minutes', () => {
    // B starts at 3 as A would, and lasts 5.
    expect(pace(plan, 4, 7)).toMatchObject({ status: 'on-time' });
    expect(pace(plan, 4, 10)).toMatchObject({ status: 'behind', minutes: 2 });
  });
});
