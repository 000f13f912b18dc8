// The presenter's should/would and split-by-role views without a browser (issue 19, parts 3 and
// 4): the gap line's words, and when K splits a chart by role and when it refuses.
import { describe, expect, it } from 'vitest';
import type { Poll } from '../../server/deck/types.js';
import type { Tally } from '../../server/protocol.js';
import { asksOf, gapLine } from '../../presenter/pair-bars.js';
import { splitAfter, splitRefusalText, toggleSplit } from '../../presenter/role-split.js';

const SHOULD = { id: 'should', question: 'What should you do?' };
const WOULD = { id: 'would', question: 'What would you actually do?' };
const AT = { slide: { h: 1, v: 0 }, line: 3 };
const OPTIONS = [
  { id: 'talk', label: 'Talk to Dr. X' },
  { id: 'leave', label: 'Change mentors' },
];
const PAIRED: Poll = { id: 'a', type: 'single', question: 'How should you respond?', options: OPTIONS, ask: [SHOULD, WOULD], ...AT };
const SINGLE: Poll = { id: 'b', type: 'single', question: 'How should you respond?', options: OPTIONS, ...AT };
const TEXT: Poll = { id: 'c', type: 'text', question: 'Why?', options: [], ...AT } as unknown as Poll;
const ROLES = [
  { id: 'resident', label: 'Resident' },
  { id: 'faculty', label: 'Faculty' },
];
const SHOWN: Tally = { pollId: 'b', counts: { talk: 4, leave: 1 }, respondents: 5 };
const BLIND: Tally = { pollId: 'b', counts: {}, respondents: 5, blind: true };

describe('a paired poll’s gap line', () => {
  it('says "would … should" for the default pair, and "answered … differently" for any other names', () => {
    expect(gapLine([SHOULD, WOULD], 11)).toBe('11 would do something other than what they think they should');
    expect(gapLine([SHOULD, WOULD], 0)).toBe('Nobody would do something other than what they think they should');
    expect(
      gapLine(
        [
          { id: 'ideal', question: 'Ideally?' },
          { id: 'actual', question: 'Actually?' },
        ],
        3,
      ),
    ).toBe('3 answered the two questions differently');
  });

  it('belongs to single-choice polls with two questions only', () => {
    expect(asksOf(PAIRED)).toEqual([SHOULD, WOULD]);
    expect(asksOf(SINGLE)).toBeNull();
  });
});

describe('the split by role (K)', () => {
  it('opens on a shown chart of a deck with roles, and says why not otherwise', () => {
    expect(toggleSplit('off', SINGLE, SHOWN, ROLES)).toEqual({ view: 'on' });
    expect(toggleSplit('on', SINGLE, SHOWN, ROLES)).toEqual({ view: 'off' });
    expect(toggleSplit('off', SINGLE, BLIND, ROLES)).toEqual({ refused: 'blind' });
    // No roles is said first, blind or not.
    expect(toggleSplit('off', SINGLE, BLIND, undefined)).toEqual({ refused: 'no-roles' });
    expect(toggleSplit('off', SINGLE, SHOWN, [])).toEqual({ refused: 'no-roles' });
    expect(toggleSplit('off', TEXT, SHOWN, ROLES)).toEqual({ refused: 'not-choice' });
    expect(splitRefusalText('no-roles')).toMatch(/^There are no roles in this deck/);
    expect(splitRefusalText('blind')).toMatch(/press R first/);
  });

  it('closes when the results are hidden again', () => {
    expect(splitAfter('on', SHOWN)).toBe('on');
    expect(splitAfter('on', BLIND)).toBe('off');
    expect(splitAfter('off', SHOWN)).toBe('off');
  });
});
