// The mentoring deck's judgment polls do not give the answer away by their wording (issue 20,
// part 1): in every single or multi poll of the case (ids drx-, fit-, facebook-, dry-) the option
// labels are of similar length, the option the notes endorse is not the longest, and it is not
// always in the same place. The closing commitment (part 5) offers Table 3's steps and a text box.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDeck } from '../../server/deck/load.js';
import type { Poll } from '../../server/deck/types.js';

const deck = loadDeck(join(import.meta.dirname, '..', '..', 'slides', 'mentoring.md'));
const judgment = deck.polls.filter(
  (poll): poll is Extract<Poll, { type: 'single' | 'multi' }> =>
    (poll.type === 'single' || poll.type === 'multi') && /^(drx|fit|facebook|dry)-/.test(poll.id),
);

/** The option each poll's speaker notes call the best answer (polls without one are left out). */
const ENDORSED: Record<string, string> = {
  'drx-response-a': 'request-reassignment',
  'drx-response-b': 'low-time-format',
  'drx-response-c': 'negotiate-role',
  'drx-response-d': 'prepare-goals',
  'fit-keep-and-add': 'keep-and-add',
  'dry-should-understand': 'both',
};

const poll = (id: string) => {
  const found = judgment.find((p) => p.id === id);
  if (!found) throw new Error(`no judgment poll "${id}" in slides/mentoring.md`);
  return found;
};

describe('slides/mentoring.md: the case polls’ options', () => {
  it('finds the case’s judgment polls', () => {
    expect(judgment.map((p) => p.id)).toEqual(expect.arrayContaining(Object.keys(ENDORSED)));
    expect(judgment.length).toBeGreaterThanOrEqual(8);
  });

  it.each(judgment.map((p) => [p.id, p] as const))('%s: the longest label is at most twice the shortest', (_id, p) => {
    const lengths = p.options.map((option) => option.label.length);
    const shortest = Math.min(...lengths);
    const longest = Math.max(...lengths);
    expect(longest, p.options.map((o) => `${o.label.length} ${o.label}`).join('\n')).toBeLessThanOrEqual(2 * shortest);
  });

  it.each(Object.entries(ENDORSED))('%s: the endorsed option (%s) is not the longest label', (id, optionId) => {
    const { options } = poll(id);
    const endorsed = options.find((option) => option.id === optionId);
    expect(endorsed, `option "${optionId}"`).toBeDefined();
    const longestOther = Math.max(...options.filter((option) => option !== endorsed).map((option) => option.label.length));
    expect(endorsed!.label.length).toBeLessThanOrEqual(longestOther);
  });

  it('does not put the endorsed option in the same place every time', () => {
    const positions = Object.entries(ENDORSED).map(([id, optionId]) => poll(id).options.findIndex((option) => option.id === optionId));
    expect(positions.every((position) => position >= 0)).toBe(true);
    // No single place holds the endorsed option in more than half of the polls.
    const most = Math.max(...positions.map((position) => positions.filter((p) => p === position).length));
    expect(most, `positions: ${positions.join(', ')}`).toBeLessThanOrEqual(positions.length / 2);
  });

  it('asks for up to 3 of the seven ways to prevent a negative response, so that the result separates them', () => {
    const p = poll('dry-prevent-negative');
    expect(p.options).toHaveLength(7);
    expect(p).toMatchObject({ type: 'multi', limit: 3 });
  });
});

describe('slides/mentoring.md: the closing commitment', () => {
  it('offers Table 3’s six steps and "Something else", then an optional short text', () => {
    const step = deck.polls.find((p) => p.id === 'commitment-step');
    const text = deck.polls.find((p) => p.id === 'commitment-text');
    expect(step).toMatchObject({ type: 'single', question: 'One step from Table 3 I will take in the next month' });
    expect(step?.options.map((o) => o.id)).toEqual(['goals', 'ground-rules', 'plan', 'meet-regularly', 'respect', 'reflect', 'other']);
    expect(step?.options.at(-1)?.label).toMatch(/^Something else/);
    const lengths = step!.options.map((o) => o.label.length);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(2 * Math.min(...lengths));
    expect(text).toMatchObject({ type: 'text', text: { answers: 1, length: 80 } });
    // The text follows the choice, on the slide below it, before the closing Q&A.
    const order = deck.polls.map((p) => p.id);
    expect(order.indexOf('commitment-text')).toBe(order.indexOf('commitment-step') + 1);
    expect(order.indexOf('commitment-text')).toBeLessThan(order.indexOf('closing-questions'));
    const slideOf = (id: string) => deck.slides.find((s) => s.pollId === id)!.position;
    expect(slideOf('commitment-text')).toEqual({ h: slideOf('commitment-step').h, v: 1 });
  });
});
