// A poll's own text is set like the slides' Markdown: the question under "Dr. X’s response A"
// says "Dr. X’s" too, and so do its options, its asked questions, the phones and the report.
import { describe, expect, it } from 'vitest';
import { typographic } from '../../server/deck/typography.js';
import { deckFrom } from '../helpers/decks.js';

describe('the typography of a poll’s text', () => {
  it('sets apostrophes and quotes as the slides’ Markdown does', () => {
    expect(typographic("Dr. X's response")).toBe('Dr. X’s response');
    expect(typographic("Don't wait: the residents' time")).toBe('Don’t wait: the residents’ time');
    expect(typographic('He said "not now" (twice)')).toBe('He said “not now” (twice)');
    expect(typographic("'Yes' — or 'no'?")).toBe('‘Yes’ — or ‘no’?');
    expect(typographic('No quotes at all')).toBe('No quotes at all');
  });

  it('gives the poll’s question, options and asked questions the style of the slide’s title', () => {
    const source = [
      '---',
      'title: Quotes',
      '---',
      '',
      "## Dr. X's response",
      '',
      '```poll',
      'id: respond',
      'type: single',
      "question: What is Dr. X's point?",
      'ask:',
      '  should: What should you do if he says "it\'s fine"?',
      '  would: What would you do?',
      'options:',
      "  talk: Ask what he's after",
      '  wait: Say "later"',
      '```',
      '',
    ].join('\n');
    const deck = deckFrom(source, 'quotes.md');
    const poll = deck.polls[0]!;
    expect(deck.slides[0]!.title).toBe('Dr. X’s response');
    expect(poll.question).toBe('What is Dr. X’s point?');
    expect(poll.type === 'single' && poll.ask?.map((a) => a.question)).toEqual(['What should you do if he says “it’s fine”?', 'What would you do?']);
    expect(poll.options.map((o) => o.label)).toEqual(['Ask what he’s after', 'Say “later”']);
  });
});
