// The timing plan's keys, as a specification: a slide's ```slide block (`time`, `optional`) and
// the front matter's `duration`, each bad value an error at its line in the file.
import { describe, expect, it } from 'vitest';
import { deckWith, errorsOf, FILE, parseOk, poll, source } from '../helpers/deck-source.js';

const slideBlock = (...yaml: string[]) => ['```slide', ...yaml, '```'];
const minutesError = (key: string, found: string) =>
  `"${key}" must be a number of minutes greater than 0 and at most 600, e.g. "${key}: 4" (found "${found}")`;

describe('a slide block', () => {
  it('gives the slide its planned minutes and is shown neither on the slide nor in the notes', () => {
    const deck = parseOk(deckWith('# One', ...slideBlock('time: 4'), 'Text', '---', '## Two', 'Note:', ...slideBlock('time: 0.5', 'optional: true')));
    expect(deck.slides.map((s) => [s.title, s.time, s.optional])).toEqual([
      ['One', 4, undefined],
      ['Two', 0.5, true],
    ]);
    expect(deck.slides[0]!.html).not.toContain('time');
    expect(deck.slides[1]!.notes).not.toContain('time');
  });

  it('leaves a slide without one unplanned, and `optional: false` is the same as none', () => {
    const deck = parseOk(deckWith('# One', '---', '# Two', ...slideBlock('optional: false', 'time: 2')));
    expect(deck.slides[0]).not.toHaveProperty('time');
    expect(deck.slides[1]).toMatchObject({ time: 2 });
    expect(deck.slides[1]).not.toHaveProperty('optional');
  });

  it('sits beside a poll block, which keeps its own meaning', () => {
    const deck = parseOk(deckWith('# Vote', ...slideBlock('time: 3'), ...poll('id: q', 'type: yesno', 'question: Q?')));
    expect(deck.slides[0]).toMatchObject({ time: 3, pollId: 'q' });
  });

  it('reports a time that is not a positive number of minutes at its line', () => {
    // Lines: 1–3 front matter, 4 heading, 5 fence, 6 the key.
    for (const [value, found] of [
      ['0', '0'],
      ['-2', '-2'],
      ['4 min', '4 min'],
      ['"4"', '4'],
      ['601', '601'],
      ['', ''],
      ['[4]', ''],
    ]) {
      expect(errorsOf(deckWith('# Slide', ...slideBlock(`time: ${value}`)))).toEqual([
        { file: FILE, line: 6, message: minutesError('time', found!) },
      ]);
    }
  });

  it('reports every problem of every slide at once, each at its line', () => {
    const text = deckWith(
      '# One', // 4
      ...slideBlock('time: soon', 'optional: yes'), // 5-8
      '---', // 9
      '# Two', // 10
      ...slideBlock('tiem: 3'), // 11-13
      ...slideBlock('time: 2'), // 14-16
      '---', // 17
      '# Three', // 18
      ...slideBlock(), // 19-20
    );
    expect(errorsOf(text).map((e) => [e.line, e.message])).toEqual([
      [6, minutesError('time', 'soon')],
      [7, '"optional" must be true or false'],
      [12, 'unknown key "tiem" in slide block (allowed: time, optional, discuss)'],
      [14, 'only one slide block per slide: this slide already has one on line 11'],
      [19, 'empty slide block: write "time: 4" (the minutes planned for the slide), "optional: true" or "discuss: 120" (seconds of discussion)'],
    ]);
  });

  it('offers a discussion timer (`discuss`, seconds), on a slide with or without a poll', () => {
    const deck = parseOk(
      deckWith(
        '# Talk',
        ...slideBlock('discuss: 120'),
        '---',
        '# Vote',
        ...slideBlock('discuss: 5', 'time: 2'),
        ...poll('id: q', 'type: yesno', 'question: Q?'),
      ),
    );
    expect(deck.slides.map((s) => s.discuss)).toEqual([120, 5]);
    expect(parseOk(deckWith('# A', ...slideBlock('time: 1'))).slides[0]).not.toHaveProperty('discuss');
  });

  it("reports a discussion timer outside the poll timer's limits at its line", () => {
    for (const value of ['4', '3601', '1.5', '2 min', '"60"']) {
      expect(errorsOf(deckWith('# Slide', ...slideBlock(`discuss: ${value}`)))).toEqual([
        { file: FILE, line: 6, message: '"discuss" must be a whole number of seconds from 5 to 3600' },
      ]);
    }
  });

  it('reports YAML that is not "key: value" lines', () => {
    expect(errorsOf(deckWith('# One', ...slideBlock('- 4')))).toEqual([
      { file: FILE, line: 6, message: 'slide block must be YAML "key: value" lines' },
    ]);
  });
});

describe('the deck duration', () => {
  it('is the session length in minutes', () => {
    expect(parseOk(source('---', 'title: T', 'duration: 60', '---', '# A')).meta).toEqual({ title: 'T', duration: 60 });
    expect(parseOk(source('---', 'title: T', 'duration: 90.5', '---', '# A')).meta.duration).toBe(90.5);
    expect(parseOk(deckWith('# A')).meta).not.toHaveProperty('duration');
  });

  it('reports a duration that is not a positive number of minutes at its line', () => {
    for (const [value, found] of [
      ['0', '0'],
      ['an hour', 'an hour'],
      ['1h', '1h'],
      ['-60', '-60'],
      ['', ''],
    ]) {
      expect(errorsOf(source('---', 'title: T', 'author: A', `duration: ${value}`, '---', '# A'))).toEqual([
        { file: FILE, line: 4, message: minutesError('duration', found!) },
      ]);
    }
  });
});
