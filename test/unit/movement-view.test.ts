// The presenter's vote-again views without a browser (issue 19, part 2): when M shows the movement
// view and when it refuses, the flow's geometry (bands as wide as their people, stacked without
// gaps on each node), and the words under the rounds ("3 of 8 changed their answer", shifts).
import { describe, expect, it } from 'vitest';
import type { Tally } from '../../server/protocol.js';
import { flowLayout, movementAfter, toggleMovement } from '../../presenter/movement.js';
import { changedLine, hasRounds, roundsOf, shift } from '../../presenter/round-bars.js';

const ROUND_1 = { counts: { talk: 3, wait: 4, leave: 1 }, respondents: 8 };
const FLOWS = {
  talk: { talk: 3, wait: 0, leave: 0 },
  wait: { talk: 2, wait: 2, leave: 0 },
  leave: { talk: 1, wait: 0, leave: 0 },
};
const TWO_ROUNDS: Tally = {
  pollId: 'respond',
  counts: { talk: 7, wait: 2, leave: 0 },
  respondents: 9,
  earlier: { rounds: [ROUND_1], answeredBoth: 8, changed: 3, flows: FLOWS },
};
const ONE_ROUND: Tally = { pollId: 'respond', counts: { talk: 1, wait: 0, leave: 0 }, respondents: 1 };
const BLIND: Tally = { pollId: 'respond', counts: {}, respondents: 9, blind: true };

describe('the movement view (M)', () => {
  it('opens on a revealed poll with two rounds, and says why not on a blind one or a single round', () => {
    expect(toggleMovement('off', TWO_ROUNDS)).toEqual({ view: 'on' });
    expect(toggleMovement('on', TWO_ROUNDS)).toEqual({ view: 'off' });
    expect(toggleMovement('off', BLIND)).toEqual({ refused: 'blind' });
    expect(toggleMovement('off', ONE_ROUND)).toEqual({ refused: 'one-round' });
  });

  it('closes when the results are hidden again, and stays closed once they are shown again', () => {
    expect(movementAfter('on', TWO_ROUNDS)).toBe('on');
    expect(movementAfter('on', BLIND)).toBe('off');
    expect(movementAfter('off', TWO_ROUNDS)).toBe('off');
    expect(movementAfter('on', ONE_ROUND)).toBe('off');
  });

  it('lays out bands as wide as their people, stacked on each node in the other column’s order', () => {
    const layout = flowLayout(['talk', 'wait', 'leave'], FLOWS, 300);
    expect(layout.left.map((n) => n.count)).toEqual([3, 4, 1]);
    expect(layout.right.map((n) => n.count)).toEqual([6, 2, 0]);
    expect(layout.bands.map((b) => [b.from, b.to, b.count])).toEqual([
      ['talk', 'talk', 3],
      ['wait', 'talk', 2],
      ['wait', 'wait', 2],
      ['leave', 'talk', 1],
    ]);
    const unit = layout.bands[3]!.width;
    expect(unit).toBeGreaterThan(0);
    for (const band of layout.bands) expect(band.width).toBeCloseTo(band.count * unit);
    // Into "talk" on the right: from talk, then wait, then leave, each where the one before ends.
    const [fromTalk, fromWait, , fromLeave] = layout.bands;
    expect(fromWait!.y1).toBeCloseTo(fromTalk!.y1 + fromTalk!.width);
    expect(fromLeave!.y1).toBeCloseTo(fromWait!.y1 + fromWait!.width);
    // Nothing overflows the height asked for; nodes do not overlap.
    expect(layout.height).toBe(300);
    for (const column of [layout.left, layout.right]) {
      for (let i = 1; i < column.length; i++) expect(column[i]!.y).toBeGreaterThan(column[i - 1]!.y + column[i - 1]!.height);
      expect(column.at(-1)!.y + column.at(-1)!.height).toBeLessThanOrEqual(300.001);
    }
  });

  it('draws no band with nobody answering both rounds', () => {
    const none = Object.fromEntries(Object.keys(FLOWS).map((from) => [from, { talk: 0, wait: 0, leave: 0 }]));
    expect(flowLayout(['talk', 'wait', 'leave'], none, 300).bands).toEqual([]);
  });
});

describe('rounds side by side', () => {
  it('lists the rounds oldest first and says who changed', () => {
    expect(hasRounds(TWO_ROUNDS)).toBe(true);
    expect(hasRounds(ONE_ROUND)).toBe(false);
    expect(hasRounds(BLIND)).toBe(false);
    expect(roundsOf(TWO_ROUNDS).map((r) => r.respondents)).toEqual([8, 9]);
    expect(changedLine(TWO_ROUNDS)).toBe('3 of 8 changed their answer');
    const third: Tally = { ...TWO_ROUNDS, earlier: { ...TWO_ROUNDS.earlier!, rounds: [ROUND_1, ROUND_1] } };
    expect(changedLine(third)).toBe('3 of 8 changed their answer since round 2');
    expect(changedLine({ ...TWO_ROUNDS, earlier: { rounds: [ROUND_1], answeredBoth: 0, changed: 0 } })).toBe('Nobody has answered both rounds yet');
  });

  it('writes a shift with its sign', () => {
    expect(shift(2, 3.5)).toBe('+1.5');
    expect(shift(3.5, 2.25)).toBe('−1.3');
    expect(shift(3, 3)).toBe('±0');
  });
});
