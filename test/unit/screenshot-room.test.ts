// The room `npm run screenshots` plays (scripts/screenshot-room.ts): the same answers on every run,
// every answer an option of slides/mentoring.md, within the deck's and the server's text limits,
// and nothing in it that looks like a test token or a security-test string.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDeck } from '../../server/deck/load.js';
import { TEXT_RATE } from '../../server/sessions/participant-limits.js';
import {
  BROWSER_PHONE,
  everyText,
  FIRST_MEETING_ANSWERS,
  KEEP_AND_ADD,
  QUESTIONS,
  RESPONSE_B,
  ROLES,
  ROOM_SIZE,
  START_WITH,
  shuffled,
} from '../../scripts/screenshot-room.js';

const deck = loadDeck(join(import.meta.dirname, '..', '..', 'slides', 'mentoring.md'));
const optionsOf = (id: string): string[] => {
  const poll = deck.polls.find((p) => p.id === id);
  if (!poll || !('options' in poll)) throw new Error(`no choice poll ${id}`);
  return poll.options.map((o) => o.id);
};
const limitsOf = (id: string): { length: number; answers: number } => {
  const poll = deck.polls.find((p) => p.id === id);
  if (!poll || (poll.type !== 'text' && poll.type !== 'qa')) throw new Error(`no text poll ${id}`);
  return poll.text;
};

describe('the screenshots’ room', () => {
  it('shuffles the same way for the same seed', () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    expect(shuffled(items, 7)).toEqual(shuffled(items, 7));
    expect(shuffled(items, 7)).not.toEqual(items);
    expect([...shuffled(items, 7)].sort((a, b) => a - b)).toEqual(items);
  });

  it('gives every phone an answer among the deck’s options', () => {
    expect(ROLES).toHaveLength(ROOM_SIZE);
    const roles = new Set(deck.meta.roles?.map((r) => r.id));
    for (const role of ROLES) if (role !== null) expect(roles).toContain(role);
    expect(roles).toContain(BROWSER_PHONE.role);
    for (const [id, answers] of [
      ['drx-start-with', START_WITH.map((a) => [a])],
      ['drx-response-b', RESPONSE_B],
      ['fit-keep-and-add', KEEP_AND_ADD],
    ] as const) {
      expect(answers, id).toHaveLength(ROOM_SIZE);
      for (const option of answers.flat()) expect(optionsOf(id), id).toContain(option);
    }
    expect(optionsOf('drx-start-with')).toContain(BROWSER_PHONE.startWith);
    expect(optionsOf('fit-keep-and-add')).toContain(BROWSER_PHONE.keepAndAdd);
  });

  it('keeps to the deck’s text limits and the server’s rate of text answers', () => {
    const ideas = limitsOf('first-meeting-ideas');
    const questions = limitsOf('closing-questions');
    expect(FIRST_MEETING_ANSWERS).toHaveLength(ROOM_SIZE);
    for (const [i, mine] of FIRST_MEETING_ANSWERS.entries()) {
      expect(mine.length).toBeLessThanOrEqual(ideas.answers);
      expect(new Set(mine).size).toBe(mine.length);
      for (const text of mine) expect(text.length).toBeLessThanOrEqual(ideas.length);
      // A phone asks at most one question after its ideas, within the same 30 s.
      expect(mine.length + (i < QUESTIONS.length ? 1 : 0)).toBeLessThanOrEqual(TEXT_RATE.max);
    }
    expect(QUESTIONS.length).toBeLessThan(ROOM_SIZE);
    for (const q of [...QUESTIONS.map((q) => q.text), BROWSER_PHONE.question]) expect(q.length).toBeLessThanOrEqual(questions.length);
    for (const q of QUESTIONS) expect(q.upvotes).toBeLessThan(ROOM_SIZE);
  });

  it('says nothing a test would: no tokens, markup or injection strings', () => {
    for (const text of everyText()) {
      expect(text).toMatch(/^[A-Za-z][A-Za-z ,.?'-]*$/);
      expect(text).not.toMatch(/test|token|script|onerror|img|src|alert|drop table|lorem|phone-\d/i);
    }
  });
});
