// The word cloud's counting, shared by the phones, the projector and the report.
import { describe, expect, it } from 'vitest';
import { wordCounts, wordsOf } from '../../server/text/words.js';

describe('the word cloud', () => {
  it('folds case, drops stop words (also "us"), possessives, one-letter words and numbers', () => {
    expect(wordsOf("Goals for both of US and the mentee's 3 expectations — a follow-up")).toEqual(['goals', 'mentee', 'expectations', 'follow-up']);
  });

  it('counts a word once per answer, most used first, ties alphabetically', () => {
    expect(wordCounts(['Goals, goals, goals', 'Career goals', 'Boundaries', 'career'])).toEqual([
      ['career', 2],
      ['goals', 2],
      ['boundaries', 1],
    ]);
  });
});
